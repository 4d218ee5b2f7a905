"""The two staff roles, as auth groups: Editors change records, Analysts only read them."""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
ANALYSTS = "Analysts"
DOMAIN_APPS = ("sources", "places", "people", "visits")


def sync_role_groups(apps):
    """Create or refresh both groups from the permissions of the domain apps.

    Called from migrations (with the historical `apps`) so that a fresh database has
    the groups; permissions are created first because post_migrate has not run yet.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    set_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def set_role_groups(Group, Permission):  # noqa: N803 - model classes, real or historical
    """Both groups with the permissions of the domain apps (which must exist)."""
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    view = domain.filter(codename__startswith="view_")
    # History rows are written by the system, never edited by hand.
    write = domain.exclude(content_type__model__startswith="historical").filter(
        codename__regex=r"^(add|change|delete)_"
    )

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(list(view) + list(write))
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    analysts.permissions.set(list(view))
