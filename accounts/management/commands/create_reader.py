"""`manage.py create_reader USERNAME [--email E] [--role analyst|editor] [--base-url URL]`.

Makes an account that signs in on the site (not staff, unless an editor) in the role's group, with
no usable password, and prints the invitation link where its owner chooses one (accounts.invitations).
For an existing account it only prints a new link, e.g. when the first one expired.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.invitations import invitation_path
from common.auth.roles import ANALYSTS, EDITORS

# Readers and analysts share a group: both read every published record, on the pages and through
# the API; editors also write, in the admin (which needs is_staff) and through the API.
ROLES = {"analyst": (ANALYSTS, False), "reader": (ANALYSTS, False), "editor": (EDITORS, True)}


class Command(BaseCommand):
    help = "Make a reader's, analyst's or editor's account and print the link where they set their password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=sorted(ROLES), default="reader")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The site's address, to begin the link with (default http://127.0.0.1:8000).",
        )

    @transaction.atomic
    def handle(self, *args, username, email, role, base_url, **options):
        User = get_user_model()
        group_name, is_staff = ROLES[role]
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(f"The {group_name} group does not exist: run `manage.py migrate`.") from None
        user = User._default_manager.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, is_staff=is_staff)
            user.set_unusable_password()
            try:
                user.full_clean(exclude=["password"])
            except ValidationError as error:
                raise CommandError(
                    "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
                ) from None
            user.save()
            user.groups.add(group)
            self.stderr.write(f"Made {username} ({role}, group {group_name}). Send them this link:")
        else:
            self.stderr.write(f"{username} exists; a new link where they set a password:")
        self.stdout.write(base_url.rstrip("/") + invitation_path(user))
