import django.db.models.lookups
from django.db import migrations, models

import common.partial_dates
from common.partial_dates import first_days_of_periods


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_visit_kinds_principal_country"),
    ]

    operations = [
        migrations.RunPython(
            first_days_of_periods("visits", "Visit", ("start", "end")),
            migrations.RunPython.noop,
            elidable=True,
        ),
        migrations.AddField(
            model_name="engagement",
            name="date_about",
            field=models.BooleanField(
                default=False,
                help_text="The day is uncertain: shown as 'about 29 April 2021'; it may fall up to 3 days outside the visit's dates.",
            ),
        ),
        migrations.AddField(
            model_name="historicalengagement",
            name="date_about",
            field=models.BooleanField(
                default=False,
                help_text="The day is uncertain: shown as 'about 29 April 2021'; it may fall up to 3 days outside the visit's dates.",
            ),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="end_about",
            field=models.BooleanField(default=False, help_text="The end is uncertain (needs an end)."),
        ),
        migrations.AddField(
            model_name="historicalvisit",
            name="start_about",
            field=models.BooleanField(
                default=False, help_text="The start is uncertain: shown as 'about 29 April 2021'."
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="end_about",
            field=models.BooleanField(default=False, help_text="The end is uncertain (needs an end)."),
        ),
        migrations.AddField(
            model_name="visit",
            name="start_about",
            field=models.BooleanField(
                default=False, help_text="The start is uncertain: shown as 'about 29 April 2021'."
            ),
        ),
        migrations.AddConstraint(
            model_name="engagement",
            constraint=models.CheckConstraint(
                condition=models.Q(("date_about", False), ("date__isnull", False), _connector="OR"),
                name="engagement_date_about_needs_date",
                violation_error_message="Only a date that is given can be marked 'about'.",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
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
                name="visit_start_first_day_of_period",
                violation_error_message="Start date: a date known only to the month or year is stored as the first day of that month or year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
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
                name="visit_end_first_day_of_period",
                violation_error_message="End date: a date known only to the month or year is stored as the first day of that month or year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_about", False), ("end_date__isnull", False), _connector="OR"),
                name="visit_end_about_needs_end",
                violation_error_message="Only an end that is given can be marked 'about'.",
            ),
        ),
    ]
