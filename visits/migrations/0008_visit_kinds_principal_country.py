"""Protocol kinds become data (the VisitKind table) that editors extend; visits gain the
principal's country, derived here for the visits already recorded.

The kinds that were fixed choices keep their codes, so `visits.kind` keeps its values and the API
shows the same code for every existing visit; the field's choices are now read from the table.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import visits.models
from common.auth.roles import sync_role_groups
from common.partial_dates import last_day

# (code, name, description), in list order. The first seven were the fixed choices.
KINDS = [
    (
        "state",
        "State visit",
        "The highest protocol rank: a head of state's visit at the host head of state's invitation.",
    ),
    ("official", "Official visit", "A visit at the host's invitation with official ceremonies."),
    (
        "official_working",
        "Official working visit",
        "An official visit with a working programme and fewer ceremonies.",
    ),
    ("working", "Working visit", "A visit for talks, with little ceremony."),
    ("private", "Private visit", "A private, informal or unofficial visit, sometimes with meetings."),
    ("domestic", "Domestic visit", "A visit within the principal's own country."),
    ("multilateral", "Multilateral meeting", "A summit, conference or other meeting of several states."),
    ("other", "Other", "A kind the sources state that is none of the above."),
    ("not_stated", "Not stated", "The sources do not say what kind of visit it was."),
]


def add_kinds(apps, schema_editor):
    VisitKind = apps.get_model("visits", "VisitKind")
    Visit = apps.get_model("visits", "Visit")
    for position, (code, name, description) in enumerate(KINDS, start=1):
        VisitKind.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "position": position * 10}
        )
    # Any other value already stored (written around the old choices) becomes a kind of its own.
    for code in (
        Visit.objects.exclude(kind__in=[k[0] for k in KINDS]).values_list("kind", flat=True).distinct()
    ):
        VisitKind.objects.get_or_create(code=code, defaults={"name": code.replace("_", " ").capitalize()})


def derive_principal_country(apps, schema_editor):
    """The principal's country: that of the organisation of a post they held when the visit
    began (or, failing that, of any of their posts, if all are in one country)."""
    Visit = apps.get_model("visits", "Visit")
    Membership = apps.get_model("people", "Membership")
    posts = {}
    for post in Membership.objects.filter(organisation__country__isnull=False).values(
        "person_id", "organisation__country_id", "start_date", "end_date", "end_precision"
    ):
        posts.setdefault(post["person_id"], []).append(post)
    for visit in Visit.objects.filter(principal_country__isnull=True).only(
        "pk", "principal_id", "start_date"
    ):
        held = posts.get(visit.principal_id, [])
        then = {
            p["organisation__country_id"]
            for p in held
            if (p["start_date"] is None or p["start_date"] <= visit.start_date)
            and (p["end_date"] is None or last_day(p["end_date"], p["end_precision"]) >= visit.start_date)
        }
        countries = then or {p["organisation__country_id"] for p in held}
        if len(countries) == 1:
            Visit.objects.filter(pk=visit.pk).update(principal_country_id=countries.pop())


def refresh_role_groups(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_membership_attested_title_as_stated"),
        ("places", "0004_historical_countries_unknown_kind"),
        ("visits", "0007_record_date_range_and_sequence_max"),
        ("sources", "0003_identifier"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalVisitKind",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        blank=True, editable=False, help_text="When the record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        blank=True, editable=False, help_text="When the record last changed."
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="Short stable code used by the API, filters and importers, e.g. 'official_working'; fixed once visits use it.",
                        max_length=20,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        db_index=True, help_text="E.g. 'Official working visit'.", max_length=100
                    ),
                ),
                ("description", models.TextField(blank=True, help_text="What the kind means, for editors.")),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=100, help_text="Order in lists: lowest first."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical visit kind",
                "verbose_name_plural": "historical visit kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="VisitKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, help_text="When the record was created."),
                ),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, help_text="When the record last changed."),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="Short stable code used by the API, filters and importers, e.g. 'official_working'; fixed once visits use it.",
                        max_length=20,
                        unique=True,
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="E.g. 'Official working visit'.", max_length=100, unique=True),
                ),
                ("description", models.TextField(blank=True, help_text="What the kind means, for editors.")),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=100, help_text="Order in lists: lowest first."),
                ),
            ],
            options={
                "ordering": ["position", "name"],
            },
        ),
        migrations.RunPython(add_kinds, migrations.RunPython.noop),
        migrations.AddField(
            model_name="historicalvisit",
            name="principal_country",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The country the principal came from (whose official they were); empty if unknown.",
                limit_choices_to={"kind": "country"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="places.place",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="principal_country",
            field=models.ForeignKey(
                blank=True,
                help_text="The country the principal came from (whose official they were); empty if unknown.",
                limit_choices_to={"kind": "country"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visits_made",
                to="places.place",
            ),
        ),
        migrations.AlterField(
            model_name="historicalvisit",
            name="kind",
            field=models.CharField(
                choices=visits.models.visit_kind_choices,
                help_text="Protocol kind of visit, by code: one of the kinds editors keep (State, Official, Official working, Working, Private, ...).",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="kind",
            field=models.CharField(
                choices=visits.models.visit_kind_choices,
                help_text="Protocol kind of visit, by code: one of the kinds editors keep (State, Official, Official working, Working, Private, ...).",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                fields=["principal_country", "-start_date", "slug"], name="visit_principal_country_order"
            ),
        ),
        migrations.AddField(
            model_name="historicalvisitkind",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(derive_principal_country, migrations.RunPython.noop),
        migrations.RunPython(refresh_role_groups, migrations.RunPython.noop),
    ]
