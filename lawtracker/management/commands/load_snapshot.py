import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lawtracker.imports import import_file

SNAPSHOT = Path(settings.BASE_DIR) / "fixtures" / "review_2020"


class SnapshotFailed(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Load the 2020 review (fixtures/review_2020) through the importer. "
        "All files load or none do; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=SNAPSHOT, help="a snapshot folder")

    def handle(self, *args, **options):
        folder = options["path"]
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        lines = []
        try:
            with transaction.atomic():
                for entry in manifest["files"]:
                    resource_options = {k: entry[k] for k in ("family", "level") if k in entry}
                    report = import_file(
                        path=folder / entry["file"], kind=entry["kind"], options=resource_options
                    )
                    if not report.ok:
                        for error in report.errors:
                            self.stderr.write(f"{entry['file']}: {error}")
                        raise SnapshotFailed(entry["file"])
                    lines.append(
                        f"{entry['file']}: {report.created} created, {report.updated} updated, "
                        f"{report.unchanged} unchanged"
                    )
        except SnapshotFailed as failed:
            raise CommandError(f"snapshot not loaded: {failed} has errors") from None
        for line in lines:
            self.stdout.write(line)
