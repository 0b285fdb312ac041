from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lawtracker.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database and of the uploaded import files into "
        "one .tar.gz archive, while the app runs (restore it with `manage.py restore`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write (a new file).")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = create_backup(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up the {manifest['engine']} database ({rows} rows) and "
            f"{len(manifest['members']) - 1} import files to {file}"
        )
