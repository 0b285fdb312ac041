import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from lawtracker.roles import ASSOCIATES, PARTNERS, ensure_groups

ROLES = {"associate": ASSOCIATES, "partner": PARTNERS}


class Command(BaseCommand):
    help = (
        "Give someone an account with a role; prints a random first password once. An "
        "operator's command for the server's shell: it checks no role (anyone who can run "
        "it can already change the database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        ensure_groups()
        User = get_user_model()
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} already exists")
        password = secrets.token_urlsafe(12)
        # Staff status lets them into the admin; the group decides what they may do there.
        user = User.objects.create_user(
            username=options["username"], email=options["email"], password=password, is_staff=True
        )
        user.groups.add(Group.objects.get(name=ROLES[options["role"]]))
        self.stdout.write(
            f"Created {options['role']} '{user.username}' with password: {password} (shown once)"
        )
