from django.core.management.base import BaseCommand

from enforcement import tallies


class Command(BaseCommand):
    help = (
        "Recount the case tallies (what the overview and the case list's totals read) from "
        "every case. Every write keeps them current; this is for a database written "
        "around the app."
    )

    def handle(self, *args, **options):
        rows = tallies.rebuild()
        self.stdout.write(f"{rows} tally rows")
