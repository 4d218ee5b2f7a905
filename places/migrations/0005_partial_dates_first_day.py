import django.db.models.lookups
from django.db import migrations, models

import common.partial_dates
from common.partial_dates import first_days_of_periods


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0004_historical_countries_unknown_kind"),
    ]

    operations = [
        migrations.RunPython(
            first_days_of_periods("places", "PlaceFact", ("as_of",)), migrations.RunPython.noop, elidable=True
        ),
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
