import django.db.models.lookups
from django.db import migrations, models

import common.partial_dates
from common.partial_dates import first_days_of_periods


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_membership_attested_title_as_stated"),
    ]

    operations = [
        migrations.RunPython(
            first_days_of_periods("people", "Membership", ("start", "end")),
            migrations.RunPython.noop,
            elidable=True,
        ),
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
