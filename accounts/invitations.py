"""Invitations: a link where a new reader chooses their password (accounts.views.SetPasswordView).

It is Django's password-reset token: it works once (it is bound to the password hash, which it
changes) and for PASSWORD_RESET_TIMEOUT (3 days by default). Until it is used the account has no
usable password, so nobody can sign in as it.
"""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def invitation_path(user):
    return reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
