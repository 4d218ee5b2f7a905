"""The stored pairs keyed by the pair first (rewriting a pair probes it by its two people), the
visits' principal and country indexes with the status included, and the stops indexed by venue
and visit, so that visits.tallies counts them from indexes: measured at 1,000,000 visits
(docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_partial_dates_first_day"),
        ("places", "0005_partial_dates_first_day"),
        ("visits", "0013_tallies"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="pair",
            name="pair_unique",
        ),
        migrations.RemoveIndex(
            model_name="visit",
            name="visit_principal_order",
        ),
        migrations.RemoveIndex(
            model_name="visit",
            name="visit_country_order",
        ),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["venue", "visit"], name="engagement_venue_visit"),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                fields=["principal", "-start_date", "slug"], include=("status",), name="visit_principal_order"
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                fields=["host_country", "-start_date", "slug"],
                include=("status",),
                name="visit_country_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="pair",
            constraint=models.UniqueConstraint(fields=("person_a", "person_b", "drafts"), name="pair_key"),
        ),
    ]
