import pytest
from django.contrib.auth.models import Group

from common.auth.roles import ANALYSTS, EDITORS

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    "sources.source",
    "sources.citation",
    "places.place",
    "places.placename",
    "places.placefact",
    "people.organisation",
    "people.person",
    "people.personname",
    "people.membership",
    "visits.visit",
    "visits.engagement",
    "visits.participant",
]


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_migrations_create_editors_with_every_write_permission():
    perms = codenames(EDITORS)
    for label in DOMAIN_MODELS:
        app, model = label.split(".")
        for action in ("add", "change", "delete", "view"):
            assert f"{app}.{action}_{model}" in perms


def test_migrations_create_analysts_who_may_only_view():
    perms = codenames(ANALYSTS)
    for label in DOMAIN_MODELS:
        app, model = label.split(".")
        assert f"{app}.view_{model}" in perms
    assert all(".view_" in p for p in perms)


def test_nobody_may_rewrite_history_rows():
    assert not any("historical" in p and ".view_" not in p for p in codenames(EDITORS))
