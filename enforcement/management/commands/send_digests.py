import smtplib

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enforcement import digests
from enforcement.models import SavedSearch


class Command(BaseCommand):
    help = (
        "Mail the saved searches' digests that are due: each search's records entered "
        "since it was saved that match it and that no digest of it has sent, each record "
        "once. For cron, once a day: daily digests go after 23 hours, weekly after six and "
        "a bit days. --frequency sends only one kind; a search whose owner has no e-mail "
        "address or no longer reads the list is passed over (and said); a digest that "
        "cannot be sent is said, the others still go, and the command ends in an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], help="only these")

    def handle(self, *args, frequency=None, **options):
        now = timezone.now()
        searches = SavedSearch.objects.select_related("user").exclude(
            frequency=SavedSearch.Frequency.NEVER
        )
        if frequency:
            searches = searches.filter(frequency=frequency)
        sent = records = quiet = failed = 0
        for search in searches.order_by("id"):
            if not digests.is_due(search, now):
                continue
            where = f"“{search.name}” ({search.user})"
            if not digests.may_read(search):
                self.stderr.write(f"{where}: its owner no longer reads the list, not sent")
                continue
            if not search.user.email:
                self.stderr.write(f"{where}: no e-mail address, not sent")
                continue
            try:
                count = digests.send_digest(search, now=now)
            except (OSError, smtplib.SMTPException) as error:
                # One refused address or a mail server down stops no other digest.
                self.stderr.write(f"{where}: not sent ({error}); again on the next run")
                failed += 1
                continue
            if count:
                sent, records = sent + 1, records + count
            else:
                quiet += 1
        self.stdout.write(
            f"{sent} digest(s) sent ({records} record(s)); {quiet} due with nothing new"
            + (f"; {failed} failed" if failed else "")
        )
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent")
