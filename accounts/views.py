"""The site's own account pages: sign in and out, password change, the invitation's set-password
page, and the profile where a user manages their API tokens and secret calendar feed URLs.

Sign-in is Django's LoginView with the site's form (any active user who may read the register,
staff or not); django-axes counts and locks its failures as it does the admin's.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ApiTokenForm, SiteAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SiteAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or an image cannot sign anyone out."""

    next_page = settings.LOGOUT_REDIRECT_URL


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(
            self.request,
            "Password changed. API tokens and calendar feed URLs made before it no longer work.",
        )
        return super().form_valid(form)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page an invitation links to (`manage.py create_reader`, the users admin): the new
    reader chooses a password. Django's reset token: single use, valid PASSWORD_RESET_TIMEOUT."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, "Password set. Sign in with it.")
        return super().form_valid(form)


def profile_page(request, *, token_form=None, new_token=None, new_key=None, status=200):
    user = request.user
    context = {
        # Reverse lookups from the user: token.user is this user, no query per row.
        "tokens": list(user.api_tokens.all()),
        "feeds": list(user.feed_tokens.select_related("content_type").prefetch_related("target")),
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
        "new_key": new_key,
        "api_token_days": settings.API_TOKEN_DAYS,
    }
    for token in context["tokens"]:
        token.state = token.problem() or "Active"
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
def profile(request):
    return profile_page(request)


@never_cache  # the answer shows the new key
@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return profile_page(request, token_form=form, status=400)
    try:
        token, key = services.issue_api_token(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return profile_page(request, token_form=form, status=400)
    return profile_page(request, new_token=token, new_key=key, status=201)


@login_required
@require_POST
def token_revoke(request, token_id):
    if not services.revoke_api_token(user=request.user, token_id=token_id):
        raise Http404("You have no API token with this id.")
    messages.success(request, "API token revoked: requests with its key are now refused.")
    return redirect("accounts:profile")


@login_required
@require_POST
def feed_revoke(request, feed_id):
    if not services.revoke_feed(user=request.user, feed_id=feed_id):
        raise Http404("You have no calendar feed URL with this id.")
    messages.success(request, "Calendar feed URL revoked: calendar apps fetching it now get 404.")
    return redirect("accounts:profile")
