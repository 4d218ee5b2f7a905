"""Stored visit counts (visits.models.PersonTally, PlaceTally, docs/performance.md), backfilled by
one INSERT ... SELECT per table (visits.tallies.rebuild): a row per person and place counted.
Reversed, both tables are dropped."""

import django.db.models.deletion
from django.db import migrations, models

from visits.tallies import rebuild


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        rebuild(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_partial_dates_first_day"),
        ("places", "0005_partial_dates_first_day"),
        ("visits", "0012_pairs"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonTally",
            fields=[
                (
                    "person",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="people.person",
                    ),
                ),
                ("visits", models.PositiveIntegerField(editable=False)),
                ("published_visits", models.PositiveIntegerField(editable=False)),
            ],
        ),
        migrations.CreateModel(
            name="PlaceTally",
            fields=[
                (
                    "place",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="places.place",
                    ),
                ),
                ("visits", models.PositiveIntegerField(editable=False)),
                ("published_visits", models.PositiveIntegerField(editable=False)),
                ("stops", models.PositiveIntegerField(editable=False)),
                ("published_stops", models.PositiveIntegerField(editable=False)),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
