import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from lawtracker.roles import ensure_groups


class Command(BaseCommand):
    help = (
        "Create the Associates and Partners groups and, when there is no administrator yet, "
        "a first administrator whose random password is printed once. An operator's command "
        "for the server's shell: it acts as no user and checks no role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        ensure_groups()
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Groups ready; an administrator already exists.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created administrator '{options['username']}' with password: {password}\n"
                "It is shown only this once: note it, then change it after logging in."
            )
        )
