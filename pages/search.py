"""The search page behind the header's search box: people, places, organisations, visits and
sources in one page, each kind ranked by the search backend (search.backend), the words found
highlighted in the name or title and in a snippet of the text.

Each kind costs at most three queries whatever the number of matches: the ranked ids (bounded
by search.backend.CANDIDATES), which of them the user may see (only when the visibility rule
hides something from them), and the rows shown.
"""

import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.auth.access import can_read
from common.visibility import hides_anything, visible
from pages.helpers import paginate_ids
from people.models import Organisation, Person
from places.models import Place
from search.backend import KINDS, search_ids, terms_of
from sources.models import Source
from sources.quotes import markup_as_text
from sources.selectors import sources_for_list
from visits.models import Visit
from visits.selectors import visit_rows

MODELS = {"person": Person, "place": Place, "organisation": Organisation, "visit": Visit, "source": Source}
LABELS = {
    "person": "People",
    "place": "Places",
    "organisation": "Organisations",
    "visit": "Visits",
    "source": "Sources",
}
PER_KIND = 5  # rows of each kind on the page of all kinds
SNIPPET = 240  # characters of text around the first word found
SOURCE_WINDOW = 400  # characters of a source's text read around the first word found


def word_pattern(terms):
    """Words starting with any of the terms, case and accents as written (a prefix, as searched)."""
    return re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE)


def highlight(text, terms):
    """`text` escaped, the words found in <mark>."""
    if not text:
        return ""
    if not terms:
        return escape(text)
    parts, last = [], 0
    for match in word_pattern(terms).finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    # Safe: every piece of the text went through escape().
    return mark_safe("".join(parts))


def snippet(text, terms, width=SNIPPET):
    """About `width` characters of `text` around the first word found (its start if none), whole
    words, highlighted; an ellipsis where text is left out."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    found = word_pattern(terms).search(text) if terms else None
    start = max(0, found.start() - width // 3) if found else 0
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (found.start() if found else end) else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = highlight(text[start:end], terms)
    return mark_safe(("… " if start > 0 else "") + piece + (" …" if end < len(text) else ""))


def visible_ids(model, ids, user):
    """`ids` less those hidden from `user`, in their order (no query when nothing is hidden)."""
    if not ids or not hides_anything(model, user):
        return ids
    shown = set(visible(model.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
    return [pk for pk in ids if pk in shown]


def source_rows(ids, terms):
    """Sources without their full text, each with `around`: the text near the first term (found in
    the database, so a 400 KB text is not read to show 240 characters of it)."""
    rows = sources_for_list().filter(pk__in=ids)
    locate = min((term for term in terms if len(term) >= 3), key=len, default=None)
    if locate is None:
        return rows.annotate(around=Substr("text", 1, SOURCE_WINDOW))
    # The word's stem, roughly: "visits" is found as "visi", so "visit" and "visiting" match too.
    stem = locate.lower()[: max(3, len(locate) - 2)]
    position = StrIndex(Lower("text"), Value(stem))
    return rows.annotate(around=Substr("text", Greatest(position - SOURCE_WINDOW // 3, 1), SOURCE_WINDOW))


def read_rows(kind, ids, terms):
    if kind == "visit":
        return visit_rows(ids)
    if kind == "source":
        return source_rows(ids, terms)
    if kind == "place":
        return Place.objects.filter(pk__in=ids).select_related("country", "parent")
    if kind == "organisation":
        return Organisation.objects.filter(pk__in=ids).select_related("country")
    return Person.objects.filter(pk__in=ids)


def present(kind, record, terms):
    """What a result row shows: link, highlighted name, a line of context, a snippet."""
    if kind == "visit":
        title, text = record.title, record.summary or record.purpose
        context = f"{record.dates_display} · {record.principal.name} · {record.host_country.name}"
    elif kind == "source":
        title, text = record.title, markup_as_text(record.around)
        context = " · ".join(
            filter(None, [record.publisher, record.published_on and f"{record.published_on:%d %B %Y}"])
        )
    elif kind == "place":
        title, text = record.name, record.description
        context = " · ".join(filter(None, [record.get_kind_display(), record.parent and record.parent.name]))
    elif kind == "organisation":
        title, text = record.name, record.description
        context = " · ".join(
            filter(None, [record.get_kind_display(), record.country and record.country.name])
        )
    else:
        title, text, context = record.name, record.summary, ""
    return {
        "url": record.get_absolute_url(),
        "title": highlight(title, terms),
        "context": context,
        "snippet": snippet(text, terms),
    }


def search_page(request):
    """`?q=` over every kind the user may read; `?kind=` one kind, paginated."""
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    terms = terms_of(query)
    readable = [k for k in KINDS if can_read(request.user, MODELS[k])]
    if not readable:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise PermissionDenied("You may not read any of the records searched.")
    errors = {}
    if kind and kind not in readable:
        errors["kind"] = [
            f"{kind!r} is not a kind of record you can search; use one of: {', '.join(readable)}."
        ]
    sections = []
    page = None
    if terms and not errors:
        for each in [kind] if kind else readable:
            found = search_ids(query, each)
            ids = visible_ids(MODELS[each], found.ids, request.user)
            if kind:
                page = paginate_ids(
                    request, ids, read_rows=lambda page_ids, k=each: read_rows(k, page_ids, terms)
                )
                rows = list(page)
            else:
                shown = ids[:PER_KIND]
                by_id = {row.pk: row for row in read_rows(each, shown, terms)} if shown else {}
                rows = [by_id[pk] for pk in shown if pk in by_id]
            sections.append(
                {
                    "kind": each,
                    "label": LABELS[each],
                    "count": len(ids),
                    "more": found.more,
                    "results": [present(each, row, terms) for row in rows],
                }
            )
    return render(
        request,
        "search/results.html",
        {
            "q": query,
            "kind": kind,
            "terms": terms,
            "sections": sections,
            "page": page,
            "errors": errors,
            "kinds": [(k, LABELS[k]) for k in readable],
        },
        status=400 if errors else 200,
    )


# What a filter input may ask to be completed: the kind searched and the rows offered.
SUGGEST = {
    "person": ("person", lambda ids: Person.objects.filter(pk__in=ids).only("name", "slug")),
    "place": ("place", lambda ids: Place.objects.filter(pk__in=ids).select_related("country")),
}
SUGGESTIONS = 20


def suggestion(kind, record):
    detail = ""
    if kind == "place":
        detail = record.get_kind_display() + (
            f", {record.country.name}" if record.country_id != record.pk and record.country else ""
        )
    return {"value": record.slug, "text": record.name, "detail": detail}


def suggest(request):
    """Completions for a filter input (tom-select on the visit list): `?kind=person|place&q=` gives
    the best SUGGESTIONS by the search backend, `?kind=...&value=<slug>` the label of a chosen one.
    JSON: {"results": [{"value": slug, "text": name, "detail": ...}]}. Bad input is a 400 naming it."""
    kind = request.GET.get("kind", "")
    if kind not in SUGGEST:
        return JsonResponse({"kind": [f"{kind!r} is not one of: {', '.join(SUGGEST)}."]}, status=400)
    model = MODELS[kind]
    if not can_read(request.user, model):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "Sign in to read these records."}, status=401)
        raise PermissionDenied(f"You may not read {model._meta.verbose_name_plural}.")
    search_kind, rows = SUGGEST[kind]
    if value := request.GET.get("value", "").strip():
        records = list(visible(model.objects.filter(slug=value), request.user))
        return JsonResponse({"results": [suggestion(kind, record) for record in records]})
    ids = visible_ids(model, search_ids(request.GET.get("q", ""), search_kind).ids, request.user)[
        :SUGGESTIONS
    ]
    by_id = {record.pk: record for record in rows(ids)} if ids else {}
    return JsonResponse({"results": [suggestion(kind, by_id[pk]) for pk in ids if pk in by_id]})
