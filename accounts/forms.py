"""The site's own sign-in and token forms."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from common.auth.roles import DOMAIN_APPS


def may_read_the_register(user):
    """Whether `user` holds any view permission on the register's records (a role group or their own)."""
    return any(
        permission.split(".", 1)[0] in DOMAIN_APPS and ".view_" in permission
        for permission in user.get_all_permissions()
    )


class SiteAuthenticationForm(AuthenticationForm):
    """Django's sign-in form (django-axes counts its failures through authenticate()) for any
    active user who may read the register, staff or not; one who may not is told so."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "no_access": "This account may not read the register. Ask an administrator to add it to the "
        "Analysts or Editors group.",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)  # refuses inactive users
        if not settings.PUBLIC_READ and not may_read_the_register(user):
            raise forms.ValidationError(self.error_messages["no_access"], code="no_access")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, e.g. “R scripts on my laptop”.",
        widget=forms.TextInput(attrs={"placeholder": "R scripts on my laptop"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here so a deployment's API_TOKEN_DAYS (the longest lifetime) applies.
        self.fields["days"] = forms.IntegerField(
            min_value=1,
            max_value=settings.API_TOKEN_DAYS,
            initial=settings.API_TOKEN_DAYS,
            label="Valid for (days)",
            help_text=f"After this many days the token is refused (at most {settings.API_TOKEN_DAYS}).",
        )
