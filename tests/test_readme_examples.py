"""The README's API examples run as written (issue 13): every `curl` line of its shell blocks,
with the token `create_token` prints, against the seeded register, answers 200 with the data the
example is there to show (a new example is covered without a new test)."""

import io
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import ApiToken

README = Path(__file__).resolve().parent.parent / "README.md"


def curl_examples():
    """(URL path with query, extra headers) of each `curl -H "$H" ...` line in the README."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    examples = []
    for line in "\n".join(blocks).splitlines():
        if not line.startswith("curl "):
            continue
        words = shlex.split(line)
        headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
        url = urlsplit(words[-1])
        path = url.path + (f"?{url.query}" if url.query else "")
        extra = {}
        for header in headers:
            if header == "$H":
                continue
            name, value = header.split(":", 1)
            extra["HTTP_" + name.strip().upper().replace("-", "_")] = value.strip()
        examples.append(pytest.param(path, extra, id=path))
    return examples


EXAMPLES = curl_examples()


def test_the_readme_has_curl_examples():
    assert len(EXAMPLES) >= 5


@pytest.mark.django_db
def test_create_token_prints_only_a_working_key(django_user_model):
    django_user_model.objects.create_superuser("admin", password="x" * 20)
    out = io.StringIO()
    call_command("create_token", "admin", "--name", "curl", stdout=out)
    key = out.getvalue().strip()
    assert re.fullmatch(r"\S{20,}", key)
    token = ApiToken.objects.get(name="curl")
    assert token.user.username == "admin" and not token.problem()


@pytest.mark.django_db
@pytest.mark.parametrize("path, headers", EXAMPLES)
def test_readme_example_answers_with_data(client, django_user_model, path, headers):
    call_command("seed", stdout=io.StringIO())
    admin = django_user_model.objects.create_superuser("admin", password="x" * 20)
    key = ApiToken.issue(admin, name="curl")[1]
    response = client.get(path, HTTP_AUTHORIZATION=f"Token {key}", **headers)
    assert response.status_code == 200, response.content[:500]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(body)
        rows = data["results"] if isinstance(data, dict) else data
        assert rows, f"{path} found nothing in the seeded register"
    else:
        lines = [line for line in body.decode().splitlines() if line and not line.startswith("#")]
        assert len(lines) >= 2, f"{path} gave a header and no rows: {body[:300]!r}"
