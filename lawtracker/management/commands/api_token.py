from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from lawtracker.roles import is_reader


class Command(BaseCommand):
    help = (
        "Print a user's API token (made the first time), for the firm's other tools: "
        "`Authorization: Token <key>` on /api/v1/. --replace makes a new one, and the old "
        "one stops working; --revoke removes it. The API reads what the user's pages "
        "show, nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--replace", action="store_true", help="a new token for the old")
        group.add_argument("--revoke", action="store_true", help="no token any more")

    def handle(self, *args, username, replace, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        if revoke:
            deleted, _kinds = Token.objects.filter(user=user).delete()
            self.stdout.write(f"{username}: token revoked" if deleted else f"{username}: had none")
            return
        if not is_reader(user):
            raise CommandError(
                f"{username} has no role (partner or associate): the API would refuse it"
            )
        if replace:
            Token.objects.filter(user=user).delete()
        token, made = Token.objects.get_or_create(user=user)
        self.stdout.write(f"{username}: {'new ' if made else ''}token {token.key}")
