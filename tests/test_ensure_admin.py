import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_creates_a_superuser_and_prints_a_working_password_once():
    first = run()
    password = re.search(r"password: (\S+)", first).group(1)
    # The login lockout (django-axes) needs the request a login form passes to authenticate().
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username="admin", password=password).is_superuser

    second = run()
    assert "already exists" in second and password not in second
    assert get_user_model().objects.count() == 1
