"""Accounts in the admin: the login lockout's records (django-axes), for superusers only.

django-axes registers its models editable; here attempts are read-only and deleting one lifts
that lock (as `manage.py axes_reset_username` does), and the sign-in logs are read-only audit
records (trim them with `manage.py axes_reset_logs --age DAYS`)."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


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
