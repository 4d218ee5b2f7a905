"""API tokens: a user's named, expiring keys for the REST API, stored only as a hash.

Why a small model of our own rather than DRF's `authtoken` or django-rest-knox (docs/security.md):
DRF's Token is one plaintext key per user that never expires. Knox hashes and expires keys and
allows several per user, but it has no name and no last-used time, which the profile page of
issue 13 shows (each user creates, names, sees and revokes their own tokens), it does not end a
token when the password changes, and it does not throttle failed attempts: we would wrap it in a
one-to-one model, its own authentication class and a throttle anyway. This model is those few
fields; `accounts.authentication.ApiTokenAuthentication` checks them.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare

PREFIX_LENGTH = 8


def digest(key):
    """SHA-256 of a key. A key is 256 random bits, so no slow, salted hash is needed: there is no
    dictionary to try, and a fast hash lets a request find its token by an indexed lookup."""
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user):
    """A digest of the user's password hash: it changes whenever the password does, however it is
    changed (admin, `changepassword`, `set_password`, made unusable), so tokens made before it die."""
    return hashlib.sha256(user.password.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a deleted user's tokens go with them
        related_name="api_tokens",
        help_text="Whose token: requests made with it act as this user, with their permissions.",
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="What the token is for, e.g. “R scripts on my laptop”."
    )
    prefix = models.CharField(
        max_length=PREFIX_LENGTH,
        editable=False,
        help_text="The key's first characters, to tell tokens apart; not enough to use it.",
    )
    digest = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the key; the key is not stored."
    )
    password_fingerprint = models.CharField(
        max_length=64,
        editable=False,
        help_text="Digest of the user's password hash when the token was made; a new password ends it.",
    )
    created = models.DateTimeField(auto_now_add=True, help_text="When the token was made.")
    expires = models.DateTimeField(help_text="After this the token is refused.")
    last_used = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last accepted request, to the minute."
    )

    class Meta:
        verbose_name = "API token"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.name or 'API token'} of {self.user} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, *, name="", days=None):
        """Make and save a token for `user`; returns (token, key). The key is shown once: only
        its digest is kept."""
        token = cls(user=user, name=name)
        key = token.assign_key(days=days)
        token.save()
        return token, key

    def assign_key(self, *, days=None):
        """Give this (unsaved) token a new random key valid for `days` (API_TOKEN_DAYS by default);
        returns the key."""
        key = secrets.token_urlsafe(32)
        self.prefix = key[:PREFIX_LENGTH]
        self.digest = digest(key)
        self.password_fingerprint = password_fingerprint(self.user)
        days = settings.API_TOKEN_DAYS if days is None else days
        self.expires = timezone.now() + timedelta(days=days)
        return key

    def problem(self, now=None):
        """Why the token is refused now, or None while it is good."""
        if self.expires <= (now or timezone.now()):
            return "Token expired."
        if not self.user.is_active:
            return "User inactive or deleted."
        if not constant_time_compare(self.password_fingerprint, password_fingerprint(self.user)):
            return "Token ended: the password has changed since it was made."
        return None


class FeedToken(models.Model):
    """A secret calendar feed URL of one user for one record's visits (a person's or a place's).

    A calendar app fetches the URL with no session, so the key is in the URL; it is scoped to
    that one feed (it authenticates nothing else) and the feed shows what its user may see, by the
    same visibility rule as their pages. Like ApiToken, only a digest is stored, and a new password
    or an inactive user ends it; revoking is deleting it. It has no expiry: a calendar
    subscription is meant to keep working, and its owner sees when it was last fetched.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a deleted user's feeds go with them
        related_name="feed_tokens",
        help_text="Whose feed: it shows what this user may see.",
    )
    # Generic, so that accounts (a lower layer) names no app above it; pages decides which kinds
    # of record have feeds.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        help_text="The kind of record whose visits the feed lists (person or place).",
    )
    object_id = models.PositiveBigIntegerField(help_text="The record whose visits the feed lists.")
    target = GenericForeignKey("content_type", "object_id")
    prefix = models.CharField(
        max_length=PREFIX_LENGTH,
        editable=False,
        help_text="The key's first characters, to tell feeds apart; not enough to use it.",
    )
    digest = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the key; the key is not stored."
    )
    password_fingerprint = models.CharField(
        max_length=64,
        editable=False,
        help_text="Digest of the user's password hash when the feed was made; a new password ends it.",
    )
    created = models.DateTimeField(auto_now_add=True, help_text="When the feed URL was made.")
    last_used = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last fetch, to the minute."
    )

    class Meta:
        verbose_name = "calendar feed URL"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Calendar feed of {self.user} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, target):
        """Make and save a feed URL key of `user` for `target`; returns (feed, key), the key once."""
        key = secrets.token_urlsafe(32)
        feed = cls.objects.create(
            user=user,
            target=target,
            prefix=key[:PREFIX_LENGTH],
            digest=digest(key),
            password_fingerprint=password_fingerprint(user),
        )
        return feed, key

    def problem(self):
        """Why the feed is refused now, or None while it is good."""
        if not self.user.is_active:
            return "User inactive or deleted."
        if not constant_time_compare(self.password_fingerprint, password_fingerprint(self.user)):
            return "Feed ended: the password has changed since it was made."
        return None
