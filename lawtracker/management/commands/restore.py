from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lawtracker.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database (of the "
        "same engine) and import storage, after checking its sha256s; then check the "
        "database's integrity and row counts against the archive's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds data (otherwise refused).",
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        try:
            manifest = restore_backup(path=file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({rows} rows, "
            f"{len(manifest['members']) - 1} import files); integrity and counts checked."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("This code has newer migrations: run `manage.py migrate` next.")
