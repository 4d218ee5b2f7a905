"""Row counts that stay cheap on big tables: exact when small, PostgreSQL's estimate beyond.

COUNT(*) reads every matching row; at a million visits that is most of a list page's time.
Counting stops after EXACT_UP_TO rows, so small and well-filtered results keep an exact
count; bigger ones get the query planner's estimate of the same query (on other databases,
which hold small registers, the exact count).
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


def bounded_count(queryset):
    """(count, is_estimate) for `queryset`: exact up to EXACT_UP_TO rows, else estimated on PostgreSQL."""
    queryset = queryset.order_by()
    exact = queryset[: EXACT_UP_TO + 1].count()
    if exact <= EXACT_UP_TO:
        return exact, False
    return estimated_count(queryset)


def estimated_count(queryset):
    """(count, is_estimate) for a queryset known to hold more than EXACT_UP_TO rows: PostgreSQL's
    estimate, the exact count on other databases."""
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count(), False
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # drivers that do not parse json columns
        plan = json.loads(plan)
    # The estimate can be low; the exact count already proved there are more than EXACT_UP_TO.
    return max(int(plan[0]["Plan"]["Plan Rows"]), EXACT_UP_TO + 1), True


class BoundedCountPaginator(Paginator):
    """A Paginator whose count is bounded_count(): page links past the estimate may be empty."""

    @cached_property
    def count(self):
        count, self.count_is_estimate = bounded_count(self.object_list)
        return count


def count_per_row(queryset, field):
    """An annotation: how many rows of `queryset` have `field` equal to the outer row's id.

    A correlated subquery rather than Count() over a join, so a page of 50 rows counts only
    its own 50 (each by an index on `field`) and the page's other annotations are not multiplied.
    """
    counted = (
        queryset.order_by()
        .filter(**{field: OuterRef("pk")})
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
