import django.db.models.lookups
from django.db import migrations, models

import common.partial_dates
from common.partial_dates import normalised_condition, truncate


def first_days_of_periods(apps, schema_editor):
    """Rows written before the rule: a date known to the month or year becomes its period's first
    day (a month-precision 2022-05-15 was missed by date filters)."""
    model = apps.get_model("places", "PlaceFact")
    for prefix in ("as_of",):
        date_name, precision_name = f"{prefix}_date", f"{prefix}_precision"
        wrong = model.objects.exclude(normalised_condition(prefix)).only(date_name, precision_name)
        rows = list(wrong.iterator(chunk_size=2000))
        for row in rows:
            setattr(row, date_name, truncate(getattr(row, date_name), getattr(row, precision_name)))
        model.objects.bulk_update(rows, [date_name], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0004_historical_countries_unknown_kind"),
    ]

    operations = [
        migrations.RunPython(first_days_of_periods, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="placefact",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("as_of_date__isnull", True),
                    ("as_of_precision", "day"),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("as_of_date"), 1),
                        ("as_of_precision", "month"),
                    ),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("as_of_date"), 1),
                        django.db.models.lookups.Exact(common.partial_dates.MonthOfYear("as_of_date"), 1),
                        ("as_of_precision", "year"),
                    ),
                    _connector="OR",
                ),
                name="placefact_as_of_first_day_of_period",
                violation_error_message="As of date: a date known only to the month or year is stored as the first day of that month or year.",
            ),
        ),
    ]
