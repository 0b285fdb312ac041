import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from enforcement.models import ReviewEdition
from enforcement.review import end_of_day, review
from enforcement.review_docx import review_docx
from enforcement.services import CannotFreeze, freeze_review

LANGUAGES = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


def cut_off_moment(text: str) -> datetime.datetime:
    """A cut-off as typed: a day (its end, in the tracker's time zone) or a moment."""
    try:
        if len(text) == 10:
            return end_of_day(datetime.date.fromisoformat(text))
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--cut-off {text!r}: give a day (2021-01-31) or a moment (2021-01-31T18:00)."
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Write a year's annual review as a Word document: part two's three instrument "
        "tables, part three's campaigns and cases of each regulator family, and the year's "
        "figures, from the tracker's records now, or from a frozen edition (--edition). "
        "--freeze keeps the review as its records stood at --cut-off (default: now) as the "
        "year's next edition first, so that it can be written again later unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--output", type=Path, help="the .docx file to write")
        parser.add_argument(
            "--language", default="zh", choices=sorted(LANGUAGES), help="zh (default) or en"
        )
        parser.add_argument("--edition", type=int, help="a frozen edition's number")
        parser.add_argument(
            "--ids", action="store_true", help="add a column of tracker IDs to the tables"
        )
        parser.add_argument(
            "--freeze", action="store_true", help="freeze the review as a new edition first"
        )
        parser.add_argument("--cut-off", help="with --freeze: a day or a moment past")
        parser.add_argument("--title", default="", help="with --freeze: the edition's title")

    def handle(self, *args, year, output, language, edition, ids, freeze, **options):
        if not output and not freeze:
            raise CommandError("give --output FILE.docx, --freeze, or both")
        if output and output.suffix.lower() != ".docx":
            raise CommandError(f"--output {output}: the review is written as a .docx file")
        if freeze and edition:
            raise CommandError("--freeze makes a new edition: leave out --edition")
        if options["cut_off"] and not freeze:
            raise CommandError("--cut-off goes with --freeze")
        chosen = None
        if freeze:
            cut_off = cut_off_moment(options["cut_off"]) if options["cut_off"] else timezone.now()
            try:
                with translation.override("en"):  # the command speaks English throughout
                    chosen = freeze_review(year=year, cut_off=cut_off, title=options["title"])
            except CannotFreeze as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(
                f"{year}: edition {chosen.number} frozen with the records as they stood at "
                f"{timezone.localtime(cut_off):%Y-%m-%d %H:%M:%S %Z}"
            )
        elif edition:
            chosen = ReviewEdition.objects.filter(year=year, number=edition).first()
            if chosen is None:
                known = list(
                    ReviewEdition.objects.filter(year=year).values_list("number", flat=True)
                )
                raise CommandError(
                    f"{year} has no edition {edition}"
                    + (f" (it has {', '.join(map(str, sorted(known)))})" if known else "")
                )
        with translation.override(LANGUAGES[language]):
            laid_out = review(year, edition=chosen, ids=ids)
            counts = laid_out.counts
            if output:
                output.write_bytes(review_docx(laid_out))
        if output:
            self.stdout.write(
                f"{output}: {counts['instruments']} instruments, {counts['campaigns']} "
                f"campaigns, {counts['cases']} cases"
            )
