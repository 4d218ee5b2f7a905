"""Who met whom, stored (visits.models.PairVisit and Pair, docs/performance.md), backfilled in one
INSERT ... SELECT per table (visits.pairs.rebuild). The tables are created bare and filled first;
their foreign keys, unique constraint and indexes come after, so each is built or checked once
over the whole table rather than row by row. Reversed, both tables are dropped."""

import django.db.models.deletion
from django.db import migrations, models

from visits.pairs import rebuild

STATUSES = [
    ("draft", "Draft (not published)"),
    ("planned", "Planned"),
    ("held", "Held"),
    ("cancelled", "Cancelled"),
]


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        rebuild(cursor)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ANALYZE visits_pairvisit")
            cursor.execute("ANALYZE visits_pair")


def person(constraint=True, **kwargs):
    return models.ForeignKey(
        db_constraint=constraint,
        db_index=False,
        editable=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="people.person",
        **kwargs,
    )


def visit(constraint=True):
    return models.ForeignKey(
        db_constraint=constraint,
        db_index=constraint,
        editable=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="visits.visit",
    )


def key():
    return (
        "id",
        models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_partial_dates_first_day"),
        ("visits", "0011_visit_drafts_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairVisit",
            fields=[
                key(),
                ("engagements", models.PositiveIntegerField(editable=False)),
                ("first_date", models.DateField(editable=False)),
                ("last_date", models.DateField(editable=False)),
                ("visit_status", models.CharField(choices=STATUSES, editable=False, max_length=20)),
                ("person_a", person(constraint=False)),
                ("person_b", person(constraint=False)),
                ("visit", visit(constraint=False)),
            ],
        ),
        migrations.CreateModel(
            name="Pair",
            fields=[
                key(),
                ("drafts", models.BooleanField(editable=False)),
                ("engagements", models.PositiveIntegerField(editable=False)),
                ("visits", models.PositiveIntegerField(editable=False)),
                ("first_date", models.DateField(editable=False)),
                ("last_date", models.DateField(editable=False)),
                ("person_a", person(constraint=False)),
                ("person_b", person(constraint=False)),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(model_name="pairvisit", name="person_a", field=person()),
        migrations.AlterField(model_name="pairvisit", name="person_b", field=person()),
        migrations.AlterField(model_name="pairvisit", name="visit", field=visit()),
        migrations.AlterField(model_name="pair", name="person_a", field=person()),
        migrations.AlterField(model_name="pair", name="person_b", field=person()),
        migrations.AddIndex(
            model_name="pairvisit",
            index=models.Index(fields=["person_a", "person_b"], name="pairvisit_pair"),
        ),
        migrations.AddConstraint(
            model_name="pair",
            constraint=models.UniqueConstraint(fields=("drafts", "person_a", "person_b"), name="pair_unique"),
        ),
        migrations.AddIndex(
            model_name="pair",
            index=models.Index(fields=["drafts", "-engagements"], name="pair_strongest"),
        ),
        migrations.AddIndex(
            model_name="pair",
            index=models.Index(fields=["drafts", "person_b"], name="pair_person_b"),
        ),
    ]
