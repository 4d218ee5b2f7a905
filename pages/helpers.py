"""Helpers shared by the server-rendered pages of every app."""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from common.auth.access import can_read

PAGE_SIZE = 50


def read_required(model):
    """Page decorator: the API's read rule (common.auth.access.can_read) for `model`.

    Anonymous readers go to the login page and come back; a logged-in user without
    the view permission gets 403.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can_read(request.user, model):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                raise PermissionDenied(f"You may not read {model._meta.verbose_name_plural}.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of `queryset`; a page number out of range or not a number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def paginate_ids(request, ids, *, read_rows, per_page=PAGE_SIZE):
    """The requested page of a set given as its ids in order (a list, or a queryset of ids such as
    visits.selectors.visit_ids_of_person), for sets in the thousands such as one person's or one
    place's visits.

    The count is the number of ids and the page a slice of them; `read_rows(ids)` reads only the
    page's records in full. Paginating the records' queryset would count every row, then read and
    sort all of them to show 50 (docs/performance.md).
    """
    page = Paginator(ids, per_page).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    by_id = {row.pk: row for row in read_rows(page_ids)}
    # A record deleted between the two reads is left out rather than failing the page.
    page.object_list = [by_id[pk] for pk in page_ids if pk in by_id]
    return page


def timeline_context(*, items, groups=(), counts=(), unit=""):
    """Context for the timeline partial: the data for json_script and the vis-timeline script if served.

    `counts` (visits per `unit`, "month" or "year": pages.timeline.visits_over_time) are drawn as
    bars in place of items when a set is too large to draw one by one; the partial lists them too.
    """
    timeline = {"items": list(items), "groups": list(groups)}
    if counts:
        timeline.update(counts=list(counts), unit=unit)
    return {"timeline": timeline, "vis_timeline_js": settings.VIS_TIMELINE_JS}
