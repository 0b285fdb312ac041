import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lawtracker import history
from lawtracker.imports.kinds import resource_for
from lawtracker.imports.run import import_file
from lawtracker.models import ImportRecord

SNAPSHOT = Path(settings.BASE_DIR) / "fixtures" / "review_2020"


class SnapshotFailed(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Load the 2020 review (fixtures/review_2020) through the importer, once: all files "
        "load or none do, records already in the tracker are left as they are, and a "
        "database that has the snapshot is not touched again. An operator's command for the "
        "server's shell: it checks no role, and the history records it under the first "
        "administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=SNAPSHOT, help="a snapshot folder")
        parser.add_argument(
            "--details",
            action="store_true",
            help=(
                "on a database that has the snapshot, load its files of details again "
                "(checked facts a newer version adds): they fill only what records leave "
                "empty and create nothing"
            ),
        )

    def handle(self, *args, **options):
        folder = options["path"]
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        source = manifest["source"]
        loaded = ImportRecord.objects.filter(source=source).first()
        files = manifest["files"]
        if loaded and options["details"]:
            files = [entry for entry in files if entry.get("fill_empty_only")]
        elif loaded:
            self.stdout.write(
                f"{manifest['title']}: loaded on {loaded.imported_at:%Y-%m-%d %H:%M}; "
                "nothing to do (corrections made since are kept)."
            )
            return
        # The history shows the first administrator loaded it, when there is one.
        loader = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        lines = []
        try:
            with (
                transaction.atomic(),
                history.acting(user=loader, reason="manage.py load_snapshot"),
            ):
                for entry in files:
                    known = resource_for(entry["kind"]).FILE_OPTIONS
                    resource_options = {k: v for k, v in entry.items() if k in known}
                    # Tables add what is missing; a file of details completes what they add.
                    mode = "fill_empty_only" if entry.get("fill_empty_only") else "create_only"
                    report = import_file(
                        path=folder / entry["file"],
                        kind=entry["kind"],
                        options={**resource_options, mode: True},
                        source=source,
                        user=loader,
                    )
                    if not report.ok:
                        for error in report.errors:
                            self.stderr.write(f"{entry['file']}: {error}")
                        raise SnapshotFailed(entry["file"])
                    line = f"{entry['file']}: {report.records_created} created"
                    if report.records_updated:
                        line += f", {report.records_updated} completed"
                    if report.records_unchanged:
                        kept = report.records_unchanged
                        line += f", {kept} already in the tracker (kept as they are)"
                    if report.duplicates:
                        line += f", {report.duplicates} row(s) repeated word for word"
                    lines.append(line)
        except SnapshotFailed as failed:
            raise CommandError(f"snapshot not loaded: {failed} has errors") from None
        for line in lines:
            self.stdout.write(line)
