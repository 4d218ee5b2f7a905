import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/login/", "/"])
def test_every_response_carries_the_security_headers(anonymous_client, url):
    response = anonymous_client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp  # no inline or remote scripts
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/?q=%00", "/api/v1/visits/?q=a%00b", "/admin/visits/visit/?q=%00", "/?%00=1"]
)
def test_a_nul_character_in_the_query_is_a_400_not_a_500(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/visits/pashinyan-innopolis-2021-04-30/",
        "/people/nikol-pashinyan/",
        "/places/innopolis/",
        "/organisations/government-of-russia/",
        "/api/docs/",
        "/admin/visits/visit/1/change/",
    ],
)
def test_no_page_relies_on_inline_script_that_the_policy_blocks(seeded, superuser, client, url):
    """The CSP forbids inline scripts, so every executable script must come from a file."""
    import re

    client.force_login(superuser)
    if "/admin/" in url:
        url = url.replace("/1/", f"/{seeded.pk}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_the_favicon_browsers_ask_for_is_served_by_the_app(anonymous_client, settings):
    response = anonymous_client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert (settings.BASE_DIR / "static" / "favicon.svg").read_text().startswith("<svg")
