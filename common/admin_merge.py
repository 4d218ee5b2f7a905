"""The admin's "Merge selected records into one" action (people, places): an intermediate page
where the editor picks the record to keep among those selected, then the owning app's merge
service (people.services.merge_many_people, places.services.merge_many_places) does the rest in
one transaction. Needs the change and delete permissions of the model."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.template.response import TemplateResponse


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The record kept: the others' visits, posts, stops, citations and identifiers move to "
        "it, and their names become its other names.",
    )
    reason = forms.CharField(required=False, max_length=500, label="Why (for the history)")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = queryset


def merge_action(service, *, description):
    """An admin action merging the selected records into the one the editor keeps, by
    `service(<records>, into=, user=, reason=)`, e.g. merge_many_people."""

    @admin.action(description=description, permissions=["change", "delete"])
    def merge(modeladmin, request, queryset):
        records = list(queryset)
        opts = modeladmin.model._meta
        if len(records) < 2:
            modeladmin.message_user(request, "Select at least two records to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "into" in request.POST else None, queryset=queryset.order_by("pk"))
        if form.is_bound and form.is_valid():
            into = form.cleaned_data["into"]
            others = [record for record in records if record.pk != into.pk]
            try:
                service(others, into=into, user=request.user, reason=form.cleaned_data["reason"] or None)
            except (ValidationError, ProtectedError) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.args[0])
                modeladmin.message_user(request, f"Not merged: {text}", messages.ERROR)
                return None
            modeladmin.message_user(
                request,
                f"Merged {len(others)} {opts.verbose_name_plural if len(others) > 1 else opts.verbose_name} "
                f"into “{into}”.",
                messages.SUCCESS,
            )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {opts.verbose_name_plural}",
            "opts": opts,
            "form": form,
            "records": records,
            "action": request.POST.get("action", "merge"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_records.html", context)

    return merge
