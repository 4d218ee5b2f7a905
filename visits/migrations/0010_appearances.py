"""The appearances table (visits.models.Appearance, docs/performance.md), backfilled in one
INSERT ... SELECT per kind (visits.appearances.rebuild). The table is created bare and filled
first; its foreign keys and indexes come after, so each is built or checked once over the
whole table rather than row by row (at a million visits, ~10 million rows)."""

import django.db.models.deletion
from django.db import migrations, models

from visits.appearances import rebuild


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        rebuild(cursor)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ANALYZE visits_appearance")


def key(to, **kwargs):
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to=to,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_partial_dates_first_day"),
        ("places", "0005_partial_dates_first_day"),
        ("visits", "0009_partial_dates_first_day"),
    ]

    operations = [
        migrations.CreateModel(
            name="Appearance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start_date", models.DateField(editable=False)),
                ("slug", models.SlugField(db_index=False, editable=False, max_length=200)),
                (
                    "visit_status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (not published)"),
                            ("planned", "Planned"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        editable=False,
                        max_length=20,
                    ),
                ),
                ("person", key("people.person", db_index=False, db_constraint=False)),
                ("place", key("places.place", db_index=False, db_constraint=False)),
                ("visit", key("visits.visit", db_index=False, db_constraint=False)),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="appearance", name="person", field=key("people.person", db_index=False)
        ),
        migrations.AlterField(
            model_name="appearance", name="place", field=key("places.place", db_index=False)
        ),
        migrations.AlterField(
            model_name="appearance",
            name="visit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="visits.visit",
            ),
        ),
        migrations.AddConstraint(
            model_name="appearance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("person__isnull", False), ("place__isnull", True)),
                    models.Q(("person__isnull", True), ("place__isnull", False)),
                    _connector="OR",
                ),
                name="appearance_person_or_place",
            ),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(
                condition=models.Q(("person__isnull", False)),
                fields=["person", "-start_date", "slug"],
                include=("visit", "visit_status"),
                name="appearance_person_order",
            ),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(
                condition=models.Q(("place__isnull", False)),
                fields=["place", "-start_date", "slug"],
                include=("visit", "visit_status"),
                name="appearance_place_order",
            ),
        ),
    ]
