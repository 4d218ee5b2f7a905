import django.db.models.lookups
from django.db import migrations, models

import common.partial_dates
from common.partial_dates import normalised_condition, truncate


def first_days_of_periods(apps, schema_editor):
    """Rows written before the rule: a date known to the month or year becomes its period's first
    day (a month-precision 2022-05-15 was missed by date filters)."""
    model = apps.get_model("people", "Membership")
    for prefix in ("start", "end"):
        date_name, precision_name = f"{prefix}_date", f"{prefix}_precision"
        wrong = model.objects.exclude(normalised_condition(prefix)).only(date_name, precision_name)
        rows = list(wrong.iterator(chunk_size=2000))
        for row in rows:
            setattr(row, date_name, truncate(getattr(row, date_name), getattr(row, precision_name)))
        model.objects.bulk_update(rows, [date_name], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_membership_attested_title_as_stated"),
    ]

    operations = [
        migrations.RunPython(first_days_of_periods, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_date__isnull", True),
                    ("start_precision", "day"),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("start_date"), 1),
                        ("start_precision", "month"),
                    ),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("start_date"), 1),
                        django.db.models.lookups.Exact(common.partial_dates.MonthOfYear("start_date"), 1),
                        ("start_precision", "year"),
                    ),
                    _connector="OR",
                ),
                name="membership_start_first_day_of_period",
                violation_error_message="Start date: a date known only to the month or year is stored as the first day of that month or year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("end_precision", "day"),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("end_date"), 1),
                        ("end_precision", "month"),
                    ),
                    models.Q(
                        django.db.models.lookups.Exact(common.partial_dates.DayOfMonth("end_date"), 1),
                        django.db.models.lookups.Exact(common.partial_dates.MonthOfYear("end_date"), 1),
                        ("end_precision", "year"),
                    ),
                    _connector="OR",
                ),
                name="membership_end_first_day_of_period",
                violation_error_message="End date: a date known only to the month or year is stored as the first day of that month or year.",
            ),
        ),
    ]
