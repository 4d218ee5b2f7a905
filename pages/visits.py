"""The visit pages: the list of all visits (home) and one visit stop by stop with its sources."""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from common.api.params import filterset_parameters, parameter_errors
from common.visibility import visible_or_none
from pages.helpers import paginate, read_required, timeline_context
from pages.indexes import api_links
from pages.maps import country_map_context
from pages.timeline import engagement_item, visits_over_time
from people.selectors import people_for_choice
from places.selectors import countries, places_for_choice
from sources.quotes import record_fields
from visits.filtersets import VisitFilterSet
from visits.models import Visit, VisitKind
from visits.selectors import citations_for, visible_visits, with_engagements, with_principal_and_country

# The filter form's labels (visits/_filter_form.html): an error names the field the reader sees,
# with the parameter the address holds.
FILTER_LABELS = {
    "q": "Text",
    "principal": "Visit by",
    "participant": "Attended by",
    "country": "Host country",
    "place": "Place",
    "kind": "Kind",
    "date_after": "From",
    "date_before": "To",
}


def labelled(errors):
    """{parameter: messages} as [(the form's label, parameter, messages)]."""
    return [(FILTER_LABELS.get(name, name), name, messages) for name, messages in errors.items()]


@read_required(Visit)
def visit_list(request):
    """All visits newest first, filtered by the API's VisitFilterSet from the query string.

    Bad filter values give 400 with the form's message naming the field and value.
    """
    # The form sends every field; an empty one means "any", not an invalid value.
    params = request.GET.copy()
    for name in list(params):
        params.setlist(name, [value for value in params.getlist(name) if value.strip()])
        if not params.getlist(name):
            del params[name]
    filterset = VisitFilterSet(params, queryset=visible_visits(request.user), request=request)
    list_url = list_url_maker(request)
    # As in the API: a parameter the page does not read is an error, not silently ignored.
    names, several = filterset_parameters(VisitFilterSet)
    unknown = parameter_errors(request.GET, names | {"page"}, several)
    valid = filterset.is_valid() and not unknown
    visits = filterset.qs if valid else Visit.objects.none()
    page = paginate(request, with_principal_and_country(visits))
    filtered = any(request.GET.get(name) for name in filterset.filters)
    context = {
        "page": page,
        "errors": labelled({**filterset.errors, **unknown}),
        "filtered": filtered,
        # The same filter's full exports (every row, not this page) and API list.
        "export": api_links("api:visit-list", params) if valid else None,
        "people": people_for_choice(request.user),
        "countries": countries(),
        "places": places_for_choice(),
        "kinds": VisitKind.choices(),
        **timeline_context(items=[]),
    }
    if valid:  # a bad filter's page shows its message and no figures
        over_time = visits_over_time(
            visits, count=page.paginator.count, period_url=lambda period: list_url(date=period)
        )
        context.update(timeline_context(**over_time))
        context.update(
            country_map_context(
                visits,
                country_url=lambda slug: list_url(country=slug),
                caption="Visits per host country" + (", filtered" if filtered else ""),
            )
        )
    return render(request, "visits/visit_list.html", context, status=200 if valid else 400)


def list_url_maker(request):
    """`list_url(country=..., date=...)`: this list's URL with the country, or the period
    ("1962", "1962-03") as both date bounds, set and the other filters kept (first page).

    Called for every country and period on the page (hundreds): the kept part is built once."""
    base = reverse("visits:visit-list")

    def kept(*left_out):
        return [
            (name, value) for name, values in request.GET.lists() if name not in left_out for value in values
        ]

    without_country = kept("page", "country")
    without_dates = kept("page", "date_after", "date_before")

    def list_url(*, country=None, date=None):
        if country is not None:
            return f"{base}?{urlencode([*without_country, ('country', country)])}"
        return f"{base}?{urlencode([*without_dates, ('date_after', date), ('date_before', date)])}"

    return list_url


@read_required(Visit)
def visit_detail(request, slug):
    visit = get_object_or_404(with_engagements(visible_visits(request.user)), slug=slug)
    # A published part of a hidden (draft) trip does not name the trip.
    visit.visible_parent = visible_or_none(visit.parent, request.user)
    engagements = list(visit.engagements.all())
    participants = []
    for engagement in engagements:
        for participant in engagement.participants.all():
            # The posts held that day (or over the visit's period when the day is not known: those
            # held for only part of it are candidates), from the memberships with_engagements()
            # prefetched.
            held = participant.posts_held()
            participant.posts = [membership for membership, _whole in held]
            participant.candidate_posts = [membership.pk for membership, whole in held if not whole]
            participants.append(participant)
    posts = [post for participant in participants for post in participant.posts]
    citations = number_citations(citations_for([visit, *engagements, *participants, *posts]))

    by_record = {}
    for citation in citations:
        key = (citation.content_type.app_label, citation.content_type.model, citation.object_id)
        by_record.setdefault(key, []).append(citation)

    def cited(record):
        return by_record.get((record._meta.app_label, record._meta.model_name, record.pk), [])

    for record in [visit, *engagements, *participants, *posts]:
        record.page_citations = cited(record)
    items = [engagement_item(e, day=e.day) for e in engagements if e.day]
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "engagements": engagements,
            "sources": sources_with_highlights(citations),
            "print_view": request.GET.get("print") == "1",
            **timeline_context(items=items),
        },
    )


def number_citations(citations):
    """Number the citations 1, 2, ... in reading order of their sources (the model's ordering)."""
    citations = list(citations)
    for number, citation in enumerate(citations, start=1):
        citation.number = number
    return citations


# A source longer than this is shown as excerpts around its cited passages: a file of the Office
# of the Historian is up to 390 KB, and a visit cites one record of it. The full text is the
# source's own document (its link on the page).
EXCERPTS_ABOVE = 8000
EXCERPT_CONTEXT = 300


def sources_with_highlights(citations):
    """Each cited source once, with its text (or, when long, excerpts around the cited passages)
    and the cited passages marked."""
    by_source = {}
    for citation in citations:
        by_source.setdefault(citation.source_id, (citation.source, []))[1].append(citation)
    entries = []
    for source, cites in by_source.values():
        records = quoted_records(cites)
        if records is not None:  # a structured source: see sources.quotes
            entries.append({"source": source, "citations": cites, "text": records, "records": True})
            continue
        excerpted = len(source.text) > EXCERPTS_ABOVE
        text = excerpts(source.text, cites) if excerpted else highlight_quotes(source.text, cites)
        entries.append({"source": source, "citations": cites, "text": text, "excerpted": excerpted})
    return entries


def _inside(inner, outer):
    return outer.start <= inner.start and inner.end <= outer.end


def quoted_records(citations):
    """Safe HTML of a structured source's quoted records, each as its fields (label and value;
    sources.quotes), or None when a citation is neither a whole record nor inside one (the text
    is then shown as prose). A quote inside a record (a stop's 'London' in its trip) marks the
    fields that hold it. Each quote gets the anchor and back-link highlight_quotes() gives it."""
    placed = [c for c in citations if c.start is not None]
    if len(placed) < len(citations):
        return None
    wholes = [(c, record_fields(c.quote)) for c in placed]
    wholes = [(c, fields) for c, fields in wholes if fields]
    outer = [(c, f) for c, f in wholes if not any(o is not c and _inside(c, o) for o, _f in wholes)]
    inner = [c for c in placed if not any(c is o for o, _f in outer)]
    if not outer or not all(any(_inside(c, o) for o, _f in outer) for c in inner):
        return None
    html = []
    for record, fields in outer:
        nested = [c for c in inner if _inside(c, record)]
        texts = {c.number: [v for _l, v in record_fields(c.quote)] or [c.quote] for c in nested}
        anchored = set()
        rows = []
        for label, value in fields:
            numbers = [record.number] + [c.number for c in nested if any(t in value for t in texts[c.number])]
            anchors = [n for n in numbers[1:] if n not in anchored]
            anchored.update(anchors)
            rows.append(
                format_html(
                    '<dt>{}</dt><dd>{}<mark data-cites="{}">{}</mark>{}</dd>',
                    label,
                    _anchors(anchors),
                    " ".join(map(str, numbers)),
                    value,
                    mark_safe("".join(map(_back_link, anchors))),
                )
            )
        # A quote inside the record that no single field holds: anchored at the record.
        loose = [c.number for c in nested if c.number not in anchored]
        html.append(
            format_html(
                '<div class="record-quote">{}<dl>{}</dl>{}</div>',
                _anchors([record.number, *loose]),
                mark_safe("".join(rows)),
                mark_safe("".join(map(_back_link, [record.number, *loose]))),
            )
        )
    # Safe: every piece above went through format_html().
    return mark_safe("".join(html))


def _anchors(numbers):
    return mark_safe(
        "".join(format_html('<span class="cite-anchor" id="cite-{}"></span>', n) for n in numbers)
    )


def _back_link(number):
    return format_html(
        '<a class="cite-back" href="#ref-{0}" title="The fact quote {0} supports">{0}</a>', number
    )


def excerpts(text, citations):
    """The passages of `text` around each quote (EXCERPT_CONTEXT characters either side, widened to
    whole words), quotes marked as highlight_quotes() marks them, the gaps shown as an ellipsis."""
    placed = sorted(
        (c for c in citations if c.start is not None and text[c.start : c.end] == c.quote),
        key=lambda c: c.start,
    )
    windows = []
    for citation in placed:
        begin = max(0, citation.start - EXCERPT_CONTEXT)
        end = min(len(text), citation.end + EXCERPT_CONTEXT)
        if begin > 0:  # from the start of a word
            space = text.find(" ", begin, citation.start)
            begin = space + 1 if space >= 0 else begin
        if end < len(text):  # to the end of one
            space = text.rfind(" ", citation.end, end)
            end = space if space >= 0 else end
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([begin, end])
    gap = mark_safe('<span class="excerpt-gap" aria-label="text left out">…</span>')
    if not windows:  # no quote is where it was (the source was edited since): its beginning
        return mark_safe(highlight_quotes(text[: 2 * EXCERPT_CONTEXT], []) + gap)
    parts = [gap] if windows[0][0] > 0 else []
    for begin, end in windows:
        inside = [
            SimpleNamespace(start=c.start - begin, end=c.end - begin, quote=c.quote, number=c.number)
            for c in placed
            if begin <= c.start and c.end <= end
        ]
        parts.append(highlight_quotes(text[begin:end], inside))
        if end < len(text):
            parts.append(gap)
    return mark_safe("".join(parts))


def highlight_quotes(text, citations):
    """`text` as safe HTML with every quote in <mark>; each piece of text is escaped on its own.

    Quotes may overlap, so the text is cut at every quote's start and end: each piece is
    marked with the numbers of all quotes covering it. An anchor `cite-N` sits where quote N
    starts and a back-link to the fact follows where it ends. A citation whose offsets no
    longer match the text (the source was edited after it) is left unmarked.
    """
    placed = [c for c in citations if c.start is not None and text[c.start : c.end] == c.quote]
    cuts = sorted({0, len(text)} | {c.start for c in placed} | {c.end for c in placed})
    html = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        html.extend(
            format_html('<span class="cite-anchor" id="cite-{}"></span>', c.number)
            for c in placed
            if c.start == begin
        )
        covering = " ".join(str(c.number) for c in placed if c.start <= begin and end <= c.end)
        piece = text[begin:end]
        html.append(
            format_html('<mark data-cites="{}">{}</mark>', covering, piece) if covering else escape(piece)
        )
        html.extend(_back_link(c.number) for c in placed if c.end == end)
    # Safe: every piece above went through escape() or format_html().
    return mark_safe("".join(html))
