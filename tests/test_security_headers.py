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
