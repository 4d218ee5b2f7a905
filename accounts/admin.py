"""Accounts in the admin, for superusers only: API tokens, invitation links for users, and the
login lockout's records (django-axes).

django-axes registers its models editable; here attempts are read-only and deleting one lifts
that lock (as `manage.py axes_reset_username` does), and the sign-in logs are read-only audit
records (trim them with `manage.py axes_reset_logs --age DAYS`)."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.template.response import TemplateResponse

from accounts.invitations import invitation_path
from accounts.models import ApiToken


class ReadOnly:
    def has_change_permission(self, request, obj=None):
        return False


class AuditLog(ReadOnly):
    def has_delete_permission(self, request, obj=None):
        return False


class AttemptAdmin(ReadOnly, AccessAttemptAdmin):
    pass


class SignInLogAdmin(AuditLog, AccessLogAdmin):
    pass


class FailedSignInLogAdmin(AuditLog, AccessFailureLogAdmin):
    pass


for model, model_admin in [
    (AccessAttempt, AttemptAdmin),
    (AccessLog, SignInLogAdmin),
    (AccessFailureLog, FailedSignInLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


class ApiTokenCreationForm(forms.ModelForm):
    days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        help_text="How many days the token works; after that it is refused.",
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Superusers see every user's tokens and revoke them (delete). Adding one shows its key once,
    on the page that answers the form; only its digest is stored."""

    list_display = ["__str__", "user", "name", "prefix", "created", "expires", "last_used", "state"]
    list_filter = ["expires", "created"]
    search_fields = ["user__username", "name", "prefix"]
    list_select_related = ["user"]
    # The expiry is fixed when the token is made (no extending a leaked key): make a new token instead.
    readonly_fields = ["user", "prefix", "created", "expires", "last_used", "state"]
    fields = ["user", "name", "prefix", "created", "expires", "last_used", "state"]
    autocomplete_fields = ["user"]

    @admin.display(description="state")
    def state(self, token):
        return token.problem() or "Active"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["user", "name", "days"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj._key = obj.assign_key(days=form.cleaned_data["days"])
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "API token created",
            "token": obj,
            "key": obj._key,
        }
        return TemplateResponse(request, "accounts/token_created.html", context)


class InvitingUserAdmin(UserAdmin):
    """Django's users admin with an action that makes each chosen user an invitation link, where
    they choose their password (accounts.invitations). Make a reader with “Password-based
    authentication: disabled”, in the Analysts group, then send them the link."""

    actions = ["invite"]

    @admin.action(description="Make invitation links (the user sets a password)")
    def invite(self, request, queryset):
        for user in queryset:
            link = request.build_absolute_uri(invitation_path(user))
            self.message_user(request, f"{user.get_username()}: {link}", messages.INFO)


admin.site.unregister(User)
admin.site.register(User, InvitingUserAdmin)
