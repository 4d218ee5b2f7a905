"""`manage.py create_token USERNAME [--name NAME] [--days N]`: print a new API token's key.

Only the key goes to standard output, so `TOKEN=$(python manage.py create_token admin)` works; what
it is and when it expires go to standard error. The key is not stored and cannot be shown again.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Make an API token for a user and print its key (shown once; only a digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--days", type=int, default=None, help="Lifetime in days (default API_TOKEN_DAYS)."
        )

    def handle(self, *args, username, name, days, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        token, key = ApiToken.issue(user, name=name, days=days)
        self.stderr.write(f"Token {token} expires {token.expires:%Y-%m-%d %H:%M} UTC.")
        self.stdout.write(key)
