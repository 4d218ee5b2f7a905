"""Building blocks shared by the admin of every domain app.

`RecordAdmin` is the base of every domain ModelAdmin: change history with revert
(django-simple-history), timestamps shown read-only, and bulk actions that save object
by object so that each change gets its own history row. Its changelists list the years,
months or days of a date hierarchy by index probes (IndexedDatesChangeList), not by a scan.
"""

import datetime
import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes import views as contenttypes_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    BadRequest,
    EmptyResultSet,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.db.models.functions import Coalesce, Trunc
from django.forms import Textarea
from django.http import Http404
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from common.admin_history import DisplayValuesHistoryHelper, parts_history
from common.db.counts import BoundedCountPaginator
from common.forms import PartialDatesModelForm, model_date_pairs
from common.partial_dates import DatePrecision, format_partial_date, last_day
from common.services import delete_record, save_record
from common.visibility import hides_anything, is_visible, visible, visible_history

TIMESTAMPS = ("created_at", "updated_at")

# Long texts in tabular inlines: a few lines, not the default ten.
COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


def partial_date_column(prefix, description):
    """A ModelAdmin method showing `<prefix>_date` at its precision: "2021", "April 2021", ...

    Assign it in the class body (`start = partial_date_column("start", "Start")`) and name
    it in list_display.
    """

    @admin.display(description=description, ordering=f"{prefix}_date")
    def column(modeladmin, obj):
        return format_partial_date(
            getattr(obj, f"{prefix}_date"),
            getattr(obj, f"{prefix}_precision"),
            about=getattr(obj, f"{prefix}_about", False),
        )

    return column


class PartialDatesAdminMixin:
    """For a ModelAdmin or inline of a model with partial dates: each date's text field (common.forms)
    shown read-only, in words, to those who may only view the record."""

    form = PartialDatesModelForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for pair in model_date_pairs(self.model):
            if pair.name != pair.date and not hasattr(self, pair.name):
                setattr(self, pair.name, _date_words(pair))


def _date_words(pair):
    @admin.display(description=pair.name.replace("_", " ").capitalize())
    def words(obj):
        return pair.words(obj)

    return words


class VersionedModelForm(PartialDatesModelForm):
    """Refuses a save made from a page opened before the record last changed.

    The page carries the `updated_at` it was rendered with; if the record has changed
    since, the save is refused with what changed and by whom, and the other edit stands.
    The refused page then carries the current version, so saving again is a deliberate
    overwrite by someone who has seen the message.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from the table, not the instance: the revert page's instance is an old version.
        current = self.current_version()
        if current is not None:
            self.fields["loaded_version"].initial = current.isoformat()

    def current_version(self):
        if not self.instance.pk:
            return None
        manager = type(self.instance)._default_manager
        return manager.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        current = self.current_version()
        submitted = cleaned_data.get("loaded_version") or ""
        if current is not None and submitted != current.isoformat():
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current.isoformat()
            raise ValidationError(stale_edit_message(self.instance, submitted), code="stale")
        return cleaned_data


def stale_edit_message(instance, submitted):
    """What changed since version `submitted`: who, when, and each field's old and new value."""
    try:
        since = datetime.datetime.fromisoformat(submitted)
    except ValueError:
        return "This form does not say which version of the record it edits. Reload the page and edit again."
    lines = []
    newer = (
        instance.history.filter(updated_at__gt=since).select_related("history_user").order_by("history_date")
    )
    for record in newer[:10]:
        who = record.history_user or "the system"
        what = "deleted" if record.history_type == "-" else ""
        if record.prev_record is not None and not what:
            delta = record.diff_against(record.prev_record)
            what = "; ".join(
                f"{c.field} “{c.old}” → “{c.new}”" for c in delta.changes if c.field != "updated_at"
            )
        lines.append(
            f"by {who} at {record.history_date:%Y-%m-%d %H:%M:%S} UTC: {what or 'related records changed'}"
        )
    changes = ". ".join(lines) if lines else "its related records changed"
    return (
        f"This {instance._meta.verbose_name} was changed after you opened it ({changes}). "
        "Your changes were not saved. Check the values below and save again to overwrite."
    )


# From the first day of a period, a step that lands in the next period.
STEPS = {
    "year": datetime.timedelta(days=366),
    "month": datetime.timedelta(days=32),
    "day": datetime.timedelta(days=1),
}


def dates_by_index_probes(queryset, field_name, kind, order="ASC"):
    """`queryset.dates(field_name, kind, order)` in one query that probes an index per period.

    Django's own is a DISTINCT over every row of the queryset: a full scan of a million visits
    for the list of years. This is a skip scan, a recursive query of LIMIT 1 probes: the
    first date, then the first date on or after the start of the next period, and so on; each
    probe is a short index scan when the field is indexed. One query with one probe, so the
    subqueries of the queryset's filters (drafts hidden from analysts) run once, not per probe.
    """
    if kind not in STEPS:
        return type(queryset).dates(queryset, field_name, kind, order)
    date = models.DateField()
    found = RawSQL("probes.found", (), output_field=date)
    # The first day of the period after the one of the date found last.
    following = Trunc(ExpressionWrapper(Trunc(found, kind) + STEPS[kind], output_field=date), kind)
    # No NULL date is >= anything: they are left out, as Django's .dates() leaves them out.
    probe = (
        queryset.filter(**{f"{field_name}__gte": Coalesce(following, datetime.date.min, output_field=date)})
        .order_by(field_name)
        .values_list(field_name, flat=True)[:1]
    )
    try:
        probe_sql, probe_params = probe.query.sql_with_params()
    except EmptyResultSet:  # e.g. a queryset.none()
        return []
    # Step 0 has no date yet: its probe starts at the first date there is. The probes stop at
    # the first that finds nothing, or at the last period a date can have (the next would
    # overflow).
    sql = (
        "WITH RECURSIVE probes (step, found) AS (SELECT 0, CAST(NULL AS DATE)"
        f" UNION ALL SELECT step + 1, ({probe_sql}) FROM probes WHERE step = 0 OR found < %s)"
        " SELECT found FROM probes WHERE found IS NOT NULL"
    )
    # PostgreSQL prices each probe as if it rebuilt the filters' subqueries, though it builds
    # them once; JIT is off for the app's connections (settings), or it would compile this
    # query, which takes longer than running it.
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, (*probe_params, _period_start(datetime.date.max, kind)))
        rows = cursor.fetchall()
    field = queryset.model._meta.get_field(field_name)
    periods = [_period_start(field.to_python(value), kind) for (value,) in rows]
    return periods[::-1] if order == "DESC" else periods


def _period_start(day, kind):
    if kind == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1) if kind == "month" else day


def _period_ending_on_the_last_day(params, field):
    """The first day of the date hierarchy's chosen period when that period ends on 9999-12-31.

    Django bounds the period by the day after it, which Python cannot hold (a 500 for
    ?<field>__year=9999). Returns None for any other period, and for values Django refuses itself.
    """
    year, month, day = (params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    try:
        start = datetime.date(int(year[-1]), int(month[-1]) if month else 1, int(day[-1]) if day else 1)
    except (TypeError, ValueError, OverflowError):
        return None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return start if last_day(start, precision) == datetime.date.max else None


class IndexedDatesChangeList(ChangeList):
    """A changelist whose date hierarchy lists its years, months or days by index probes.

    The date_hierarchy template tag calls `cl.queryset.dates(...)`, a DISTINCT over every
    matching row (a full scan on a large table); this changelist's queryset answers it with
    `dates_by_index_probes` instead, under every filter of the list. Only for a DateField of
    the model itself (a DateTimeField's periods depend on the time zone).
    """

    def __init__(self, request, model, *args, **kwargs):
        super().__init__(request, model, *args, **kwargs)
        if self.date_hierarchy and _is_own_date_field(model, self.date_hierarchy):
            # An empty list has no periods (none(): no query); probes would walk the whole
            # index to find none.
            queryset = self.queryset.none() if self.result_count == 0 else self.queryset
            # Only this queryset's own method: its clones (the page's rows) are left as they are.
            self.queryset.dates = functools.partial(dates_by_index_probes, queryset)

    def get_filters(self, request):
        # A period that ends on Python's last day is filtered by its start alone.
        field = self.date_hierarchy
        start = _period_ending_on_the_last_day(self.filter_params, field) if field else None
        if start is None:
            return super().get_filters(request)
        chosen = self.filter_params
        parts = {f"{field}__year", f"{field}__month", f"{field}__day"}
        self.filter_params = {key: value for key, value in chosen.items() if key not in parts}
        self.filter_params[f"{field}__gte"] = [start.isoformat()]
        try:
            return super().get_filters(request)
        finally:
            self.filter_params = chosen


def _is_own_date_field(model, name):
    try:
        field = model._meta.get_field(name)  # a path through a relation ("visit__date") is not
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


class RecordAdmin(PartialDatesAdminMixin, SimpleHistoryAdmin):
    """Base admin of every domain model: history, revert, read-only timestamps, partial dates typed
    as words (common.forms)."""

    form = VersionedModelForm
    # Links typed without a scheme are https (Django 6's default; silences its deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = TIMESTAMPS
    list_per_page = 50
    # No COUNT(*) over the whole table on every list page (a million visits): the filtered
    # count is exact up to common.db.counts.EXACT_UP_TO rows and estimated beyond.
    show_full_result_count = False
    paginator = BoundedCountPaginator

    # The app's filterset whose `q` is the public search (site and API): when set, the admin's
    # search box and its autocomplete find exactly what readers find.
    search_filterset = None

    def get_changelist(self, request, **kwargs):
        return IndexedDatesChangeList

    def get_search_results(self, request, queryset, search_term):
        text = search_term.strip()
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1].strip()  # a quoted phrase, as the admin's own search takes it
        if self.search_filterset is None or not text:
            return super().get_search_results(request, queryset, search_term)
        found = self.search_filterset({"q": text}, queryset=queryset, request=request).qs
        if any(field.name == "slug" for field in self.model._meta.fields):
            # Editors also paste a record's slug from its URL.
            found = queryset.filter(Q(pk__in=found.values("pk")) | Q(slug=text))
        return found, False

    # What this user may see (common.visibility): lists, change pages, autocomplete and
    # history all start from these querysets.
    def get_queryset(self, request):
        return visible(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is not None and not self.has_change_permission(request, record):
            # A read-only page links its related records: one hidden from this user shows as
            # empty (e.g. a published visit's draft trip). Never on an editable form, which
            # would save the emptied field.
            for field in record._meta.concrete_fields:
                hidden = field.many_to_one and hides_anything(field.related_model, request.user)
                if hidden and not is_visible(getattr(record, field.name), request.user):
                    field.set_cached_value(record, None)
        return record

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        history = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return visible_history(history, self.model, request.user)

    # Every admin write goes through common.services, with a reason for the history. The forms
    # and formsets have already run each record's full_clean() on the same values, so the
    # services do not run it again.
    def save_model(self, request, obj, form, change):
        reverted_to = getattr(request, "reverting_to", None)
        if reverted_to is not None:
            reason = f"Reverted to the version of {reverted_to:%d %B %Y %H:%M}"
        elif change and not form.has_changed():
            return  # nothing of the record itself changed: no empty "Changed" entry
        else:
            reason = "Changed in the admin" if change else "Added in the admin"
        save_record(record=obj, user=request.user, validate=False, reason=reason)

    def delete_model(self, request, obj):
        delete_record(record=obj, user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        # One by one, so each record gets its own history row with the user.
        for obj in queryset:
            delete_record(record=obj, user=request.user, reason="Deleted in the admin")

    def save_formset(self, request, form, formset, change):
        reason = inline_reason(form.instance)
        changed = formset.save(commit=False)
        # Deletions first, so a kept row may take over a deleted row's unique value.
        for obj in formset.deleted_objects:
            delete_record(record=obj, user=request.user, reason=reason)
        for obj in changed:
            save_record(record=obj, user=request.user, validate=False, reason=reason)
        formset.save_m2m()

    # History pages in editors' words, with the changes made to the record's parts on its page.
    object_history_template = "admin/record_history.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return DisplayValuesHistoryHelper(self.model, historical_record)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An edit of inline rows only is still a new version of the page's record, so a
        # stale page that edits the same rows is refused too (no history row: nothing of
        # the record itself changed).
        if change and any(formset.has_changed() for formset in formsets):
            type(form.instance)._default_manager.filter(pk=form.instance.pk).update(updated_at=timezone.now())

    def response_action(self, request, queryset):
        # Django would fail with a server error on a selected id that is not a number.
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                self.model._meta.pk.to_python(value)
            except ValidationError:
                raise BadRequest(f"{value!r} is not an id of a {self.model._meta.verbose_name}.") from None
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        self._check_id(self.model, object_id)
        parts = parts_history(request, self.model, {unquote(object_id)}, self.inlines)
        return super().history_view(request, object_id, {**(extra_context or {}), "parts_history": parts})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_id(self.model, object_id)
        self._check_id(self.model.history.model, version_id)
        # simple-history only hides the Revert button from users who may not change the
        # record; a hand-made POST would still revert it.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        if hides_anything(self.model, request.user):
            history = self.get_history_queryset(request, self.model.history, "id", unquote(object_id))
            if not history.filter(history_id=version_id).exists():
                raise Http404(f"No {self.model._meta.verbose_name} has the id {object_id!r}.")
        if request.method == "POST":
            # save_model() labels the save as a revert, with the date of the version restored.
            version = self.model.history.filter(history_id=version_id).values_list("history_date", flat=True)
            request.reverting_to = version.first()
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _check_id(model, value):
        """404 for an id in a URL that cannot be an id of `model` (simple-history would fail)."""
        try:
            model._meta.pk.to_python(unquote(value))
        except ValidationError:
            raise Http404(f"No {model._meta.verbose_name} has the id {value!r}.") from None

    def save_each(self, request, queryset, *, change, reason):
        """Apply `change(obj)` to each object, validate and save it one by one.

        Saving one by one (never `queryset.update()`) gives every object its own history
        row, with the user and `reason`. `change` returns False when the object is already
        as wanted; such objects are left untouched. Invalid objects are reported, not saved.
        """
        saved, failures = 0, []
        for obj in queryset:
            if change(obj) is False:
                continue
            try:
                save_record(record=obj, user=request.user, reason=reason)
            except ValidationError as exc:
                failures.append(f"“{obj}”: {' '.join(exc.messages)}")
                continue
            self.log_change(request, obj, reason)
            saved += 1
        name = self.model._meta.verbose_name if saved == 1 else self.model._meta.verbose_name_plural
        self.message_user(request, f"{reason}: {saved} {name}.", messages.SUCCESS)
        for failure in failures:
            self.message_user(request, f"Not changed, {failure}", messages.ERROR)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (/admin/r/<content type>/<id>/), refusing records hidden
    from this user (common.visibility) so the redirect cannot reveal a draft's URL."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404(f"No content type has the id {content_type_id}.") from None
    if model is not None and hides_anything(model, request.user):
        try:
            pk = model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404(f"No {model._meta.verbose_name} has the id {object_id!r}.") from None
        if not visible(model._default_manager.filter(pk=pk), request.user).exists():
            raise Http404(f"No {model._meta.verbose_name} has the id {object_id!r}.")
    return contenttypes_views.shortcut(request, content_type_id, object_id)


def inline_reason(parent):
    """The history reason of a record saved in an inline: where the editor made the change."""
    return f"Changed on the page of {parent._meta.verbose_name} “{parent}”"
