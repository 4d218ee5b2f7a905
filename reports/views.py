"""The editors' report pages: a new report (paste or upload), its review beside the text, and
"create", which writes what was accepted as a draft visit (reports.writing)."""

import datetime
import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from people.models import OrganisationKind
from places.models import PlaceKind
from reports.drafting import MAX_TEXT_CHARS, Report, propose, report_text
from reports.merging import merge_second_account, same_visit
from reports.models import Statement
from reports.writing import ACCEPT, REJECT, Decisions, NotWritable, create_draft_visit
from visits.models import ParticipantRole, VisitKind

# An upload is a press release, not a book.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def editors_only(view):
    """Only those who may add visits draft them: anonymous readers sign in, others get 403."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not request.user.has_perm("visits.add_visit"):
            raise PermissionDenied("Only editors draft visits from reports.")
        return view(request, *args, **kwargs)

    return wrapped


class ReportForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
        help_text="Paste the report's text here, or upload it below.",
    )
    upload = forms.FileField(
        required=False,
        label="Or upload a file",
        help_text=".txt or .html (its text is read; markup is dropped).",
    )
    title = forms.CharField(max_length=500, required=False)
    url = forms.URLField(max_length=1000, required=False, label="URL", assume_scheme="https")
    publisher = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(
        required=False, label="Date", help_text="The report's date: 'today' in it is this day. YYYY-MM-DD."
    )
    language = forms.CharField(max_length=10, required=False, initial="en")

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        text, html, filename = data.get("text") or "", "", ""
        if upload:
            filename = upload.name
            if not filename.lower().endswith((".txt", ".html", ".htm")):
                raise ValidationError({"upload": f"“{filename}” is not a .txt or .html file."})
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    {"upload": f"“{filename}” is {upload.size} bytes; at most {MAX_UPLOAD_BYTES} are read."}
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError({"upload": f"“{filename}” is not UTF-8 text."}) from None
        elif "<" in text and ">" in text and text.lstrip().startswith("<"):
            html = text
        try:
            data["text"] = report_text(text=text, html=html, filename=filename)
        except ValidationError as exc:
            raise ValidationError({"text" if not upload else "upload": exc.message_dict["text"]}) from None
        if len(data["text"]) > MAX_TEXT_CHARS:
            raise ValidationError({"text": "The report is too long."})
        return data


def _report(data):
    return Report(
        text=data["text"],
        title=data.get("title") or "",
        url=data.get("url") or "",
        publisher=data.get("publisher") or "",
        published_on=data.get("published_on"),
        language=data.get("language") or "en",
    )


@editors_only
@require_http_methods(["GET", "POST"])
def new_report(request):
    """GET: the form. POST: the report read, its proposal shown for review beside the text."""
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = _report(form.cleaned_data)
        return render(request, "reports/review.html", review_context(report, propose(report)))
    return render(request, "reports/new.html", {"form": form}, status=400 if form.errors else 200)


@editors_only
@require_http_methods(["POST"])
def create(request):
    """Write what the editor accepted as a draft visit. The proposal is read again from the report's
    text (sent back in the form), so only the decisions and edits come from the browser; the
    dossier checks refuse anything else."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/new.html", {"form": form}, status=400)
    report = _report(form.cleaned_data)
    proposal = propose(report)
    decisions = decisions_from(request.POST)
    existing = None if request.POST.get("separate") else same_visit(proposal)
    try:
        if existing is not None:
            counts = merge_second_account(
                visit=existing, proposal=proposal, decisions=decisions, report=report, user=request.user
            )
        else:
            visit = create_draft_visit(
                proposal=proposal, decisions=decisions, report=report, user=request.user
            )
    except NotWritable as exc:
        context = review_context(report, proposal, decisions=decisions, problems=exc.messages)
        return render(request, "reports/review.html", context, status=400)
    if existing is not None:
        messages.success(
            request,
            f"Merged into “{existing.title}”: {counts['citations']} citations from the new source, "
            f"{counts['created']} new records, {counts['differs']} disagreements kept as the source's "
            "statements "
            "for review.",
        )
        return redirect("admin:visits_visit_change", existing.pk)
    messages.success(
        request,
        f"Draft visit “{visit.title}” created. Review it here; it stays a draft until its status changes.",
    )
    return redirect("admin:visits_visit_change", visit.pk)


def decisions_from(post):
    choices, edits = {}, {}
    for name, value in post.items():
        if name.startswith("d:") and value in (ACCEPT, REJECT):
            choices[name[2:]] = value
        elif name.startswith("e:") and name.count(":") == 2:
            _e, key, field_name = name.split(":")
            edits.setdefault(key, {})[field_name] = value.strip()
    return Decisions(choices=choices, edits=edits)


def highlighted(text, spans):
    """The report's text as HTML with each proposal's span marked; everything escaped. Overlapping
    spans split the text into segments, each marked with every item covering it."""
    bounds = sorted({0, len(text), *[s for s, _e, _k, _c in spans], *[e for _s, e, _k, _c in spans]})
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = [(k, c) for s, e, k, c in spans if s <= start and end <= e]
        chunk = escape(text[start:end])
        if covering:
            keys = " ".join(sorted({k for k, _c in covering}))
            kind = min(c for _k, c in covering)
            parts.append(f'<mark class="proposal {kind}" data-items="{keys}">{chunk}</mark>')
        else:
            parts.append(chunk)
    return mark_safe("".join(parts))  # noqa: S308 -- every piece of text above is escaped


def review_context(report, proposal, decisions=None, problems=()):
    decisions = decisions or Decisions()
    entity = proposal.entity
    spans = []

    def span(quote, key, kind):
        if quote is not None:
            spans.append((quote.start, quote.end, key, kind))

    groups = {"people": [], "organisations": [], "places": []}
    for group, items, kind in (
        ("people", proposal.people, "a-person"),
        ("organisations", proposal.organisations, "c-org"),
        ("places", proposal.places, "b-place"),
    ):
        for item in items:
            for start, end in item.mentions:
                spans.append((start, end, item.key, kind))
            groups[group].append(
                {
                    "item": item,
                    "decision": decisions.choices.get(item.key, ""),
                    "parent": entity(item.parent),
                    "organisation": entity(item.organisation) if group == "people" else None,
                    "country": entity(item.country),
                    "seat": entity(item.seat),
                }
            )
    stops = []
    for stop in proposal.stops:
        for quote in stop.quotes:
            span(quote, stop.key, "e-stop")
        span(stop.order_cue, stop.key, "d-cue")
        participants = [
            {
                "key": f"{stop.key}-p{index}",
                "participant": p,
                "person": entity(p.person),
                "organisation": entity(p.organisation),
                "decision": decisions.choices.get(f"{stop.key}-p{index}", ""),
            }
            for index, p in enumerate(stop.participants)
        ]
        stops.append(
            {
                "stop": stop,
                "venue": entity(stop.venue),
                "host": entity(stop.host_organisation),
                "participants": participants,
                "decision": decisions.choices.get(stop.key, ""),
            }
        )
    facts = []
    for fact in proposal.facts:
        for quote in fact.quotes:
            span(quote, fact.key, "f-fact")
        facts.append(
            {"fact": fact, "place": entity(fact.place), "decision": decisions.choices.get(fact.key, "")}
        )
    visit = proposal.visit
    existing = same_visit(proposal)
    span(visit.kind_quote, "visit", "g-visit")
    for quote in visit.date_quotes:
        span(quote, "visit", "g-visit")
    return {
        "report": report,
        "published_on": report.published_on.isoformat()
        if isinstance(report.published_on, datetime.date)
        else "",
        "text_html": highlighted(report.text, spans),
        "groups": groups,
        "stops": stops,
        "facts": facts,
        "visit": visit,
        "visit_decision": decisions.choices.get("visit", ""),
        "principal": entity(visit.principal),
        "host_country": entity(visit.host_country),
        "kinds": VisitKind.choices(),
        "roles": ParticipantRole.choices,
        "place_kinds": PlaceKind.choices,
        "organisation_kinds": OrganisationKind.choices,
        "problems": problems,
        "same_visit": existing,
        "edits": decisions.edits,
    }


@editors_only
@require_http_methods(["GET"])
def statements(request):
    """What sources state that differs from the records: each with the record's value, the source's
    value and its sentence, for an editor to decide."""
    rows = list(Statement.objects.filter(needs_review=True).select_related("source", "content_type")[:500])
    # Each kind of record read once, with the records its name is made of (a post's person).
    labels, by_type = {}, {}
    for row in rows:
        by_type.setdefault(row.content_type, set()).add(row.object_id)
    for content_type, ids in by_type.items():
        for record in content_type.model_class().objects.select_related().filter(pk__in=ids):
            labels[content_type.pk, record.pk] = str(record)
    for row in rows:
        row.label = labels.get((row.content_type_id, row.object_id), "(deleted)")
    return render(request, "reports/statements.html", {"statements": rows})
