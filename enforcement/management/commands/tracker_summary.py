import json

from django.core.management.base import BaseCommand

from enforcement.selectors import enforcement_summary
from instruments.selectors import instrument_summary
from lawtracker.freshness import freshness


class Command(BaseCommand):
    help = "Print the tracker's counts and money totals by regulator family."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        as_of = freshness().as_of
        summary = {
            "data_as_of": as_of.isoformat() if as_of else None,
            "instruments": instrument_summary(),
            **enforcement_summary(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        instruments = summary["instruments"]
        self.stdout.write(f"instruments: {instruments['total']}")
        for name in ("by_section", "by_level", "by_status"):
            parts = ", ".join(f"{k} {v}" for k, v in instruments[name].items() if v)
            self.stdout.write(f"  {name.removeprefix('by_')}: {parts}")
        for kind in ("campaigns", "cases"):
            parts = ", ".join(f"{k} {v}" for k, v in summary[kind]["by_family"].items())
            self.stdout.write(f"{kind}: {summary[kind]['total']} ({parts})")
        self.stdout.write("money (CNY):")
        for family, money in summary["money"].items():
            self.stdout.write(
                f"  {family}: organizations {money['org_fines']}, individuals "
                f"{money['individual_fines']}, confiscations {money['confiscations']}, "
                f"fines of unknown amount {money['fines_amount_unknown']}"
            )
