"""Writes of a user's own credentials: API tokens and secret calendar feed URLs.

Each function acts on the given user's rows only, so a view cannot revoke someone else's token
by sending its id. Tokens have no change history (they are credentials, not records of the
register); their `created` and `last_used` say what there is to say.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.models import ApiToken, FeedToken

# Enough for every script and calendar a person uses; stops a loop from filling the table.
MAX_TOKENS_PER_USER = 25
MAX_FEEDS_PER_USER = 50


def issue_api_token(*, user, name, days=None):
    """A new API token of `user`; returns (token, key), the key shown once."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValidationError(
            {"days": f"Lifetime must be between 1 and {settings.API_TOKEN_DAYS} days, not {days}."}
        )
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            f"You have {MAX_TOKENS_PER_USER} API tokens, the most one may hold: revoke one first."
        )
    return ApiToken.issue(user, name=name, days=days)


def revoke_api_token(*, user, token_id):
    """Delete `user`'s token `token_id`; returns whether there was one."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def issue_feed(*, user, target):
    """A new secret calendar feed URL key of `user` for `target`; returns (feed, key)."""
    if FeedToken.objects.filter(user=user).count() >= MAX_FEEDS_PER_USER:
        raise ValidationError(
            f"You have {MAX_FEEDS_PER_USER} calendar feed URLs, the most one may hold: revoke one first."
        )
    return FeedToken.issue(user, target)


def revoke_feed(*, user, feed_id):
    """Delete `user`'s feed URL `feed_id`; returns whether there was one."""
    deleted, _ = FeedToken.objects.filter(user=user, pk=feed_id).delete()
    return bool(deleted)
