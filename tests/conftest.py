"""Shared fixtures: the three personas (editor, analyst, anonymous reader) and the seeded data."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

from common.auth.roles import set_role_groups
from tests import factories
from visits.models import Visit


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def analyst(db):
    return factories.analyst()


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(analyst):
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def migrated_rows(transactional_db):
    """A transactional test (a live server's) empties every table afterwards, the rows the data
    migrations wrote included: the visit kinds are put back from the migration that defines them,
    and the role groups with the permissions the migrations give them. (Serialized rollback did
    not: on PostgreSQL the connection the browser tests saw held no serialized copy.)"""
    kinds = importlib.import_module("visits.migrations.0008_visit_kinds_principal_country")
    kinds.add_kinds(apps, None)
    set_role_groups(Group, Permission)


@pytest.fixture
def seeded(db):
    """The bundled data set (data/reports/*.yaml) imported by `manage.py seed`; returns the visit."""
    call_command("seed", stdout=io.StringIO())
    return Visit.objects.get(slug="pashinyan-innopolis-2021-04-30")


@pytest.fixture
def row_counts(db):
    """A function returning the row count of every table (history tables included), by model."""

    def count():
        return {model._meta.label: model._default_manager.count() for model in apps.get_models()}

    return count
