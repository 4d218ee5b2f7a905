import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, secret):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="visits.example.org",
        DJANGO_SECRET_KEY=secret,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", secret=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60, "change-me" * 8])
def test_production_refuses_to_start_without_a_real_secret(secret):
    result = manage("check", secret=secret)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "secret",
    [
        "a" * 50,  # fifty identical characters: long enough, but no secret at all
        "ab" * 40,  # two distinct characters
        "abcde" * 12,  # five distinct characters pass Django's own check (security.W009), not ours
    ],
)
def test_production_refuses_a_long_but_predictable_secret(secret):
    result = manage("check", secret=secret)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    assert "bits of entropy per character" in result.stderr


@pytest.mark.parametrize(
    "secret",
    [
        secrets.token_hex(32),  # `openssl rand -hex 32`: sixteen symbols, ~3.9 bits per character
        get_random_secret_key(),  # what Django's startproject writes
    ],
    # Fixed ids: random values in test names differ between xdist workers, which then refuse to run.
    ids=["token_hex", "django_startproject"],
)
def test_production_accepts_generated_secrets(secret):
    result = manage("check", secret=secret)
    assert result.returncode == 0, result.stderr


def test_production_reads_a_secret_that_starts_with_a_dollar_sign_as_written():
    # get_random_secret_key() begins with "$" about once in fifty keys; django-environ would
    # read it as a reference to another variable, so the key came out empty.
    secret = "$" + get_random_secret_key()[1:]
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", secret=secret
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == secret


def test_production_keeps_database_connections_with_health_checks():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        secret=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stderr
    # The last line: Django 5.2's shell first reports the objects it imported.
    assert result.stdout.splitlines()[-1].split() == ["600", "True"]
