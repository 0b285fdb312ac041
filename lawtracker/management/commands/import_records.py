import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lawtracker import history
from lawtracker.imports.files import stream_rows
from lawtracker.imports.kinds import detect_kind, kinds, may_import, resource_for
from lawtracker.imports.resources import FileOption
from lawtracker.imports.run import ImportReport, import_file
from lawtracker.roles import ASSOCIATES


def kind_of_file(path: Path, kind: str | None) -> str | None:
    """The kind a file holds, as the import will read it; None when the file cannot be
    read (the import then says why)."""
    if kind:
        return kind
    try:
        header, _rows, _skipped = stream_rows(path)
        return detect_kind(header)
    except (OSError, ValueError):
        return None


def file_options() -> dict[str, FileOption]:
    """Every kind's whole-file options, by name."""
    return {
        name: option
        for resource in kinds().values()
        for name, option in resource.FILE_OPTIONS.items()
    }


class Command(BaseCommand):
    @property
    def help(self) -> str:
        *others, last = kinds()
        return (
            f"Import a CSV or XLSX file of {', '.join(others)} or {last} in the review's "
            "layout. The file is imported whole or not at all; importing it again creates "
            "nothing new. "
            "An import is recorded as the --user's, who must be allowed to add and change that "
            "kind of record (an associate or an administrator); a --dry-run check needs no "
            "user."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind", choices=sorted(kinds()), help="default: told by the header row"
        )
        for name, option in file_options().items():
            flag = f"--{name.replace('_', '-')}"
            if option.choices is None:
                parser.add_argument(flag, action="store_true", help=option.command_help)
            else:
                parser.add_argument(flag, choices=option.choices.values, help=option.command_help)
        parser.add_argument(
            "--user",
            default=os.environ.get("LAWTRACKER_IMPORT_USER", ""),
            help="who imports (recorded in each record's history; needs the permissions to "
            "add and change the kind); default: $LAWTRACKER_IMPORT_USER; not needed with "
            "--dry-run",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--json", action="store_true", help="print a JSON report")

    def progress(self, row_number: int) -> None:
        if row_number % 100 == 0:
            self.stderr.write(f"\r{row_number} rows read", ending="")
            self.stderr.flush()

    def handle(self, *args, **options):
        check_only = options["dry_run"]
        resource_options = {name: options[name] for name in file_options() if options[name]}
        if self.stderr.isatty() and not options["json"]:
            resource_options["progress"] = self.progress
        user = self.importing_user(options["user"], options["file"], options["kind"], check_only)
        with history.acting(reason="manage.py import_records"):
            report = import_file(
                path=options["file"],
                kind=options["kind"],
                options=resource_options,
                check_only=check_only,
                user=user,
                # A check lists what each changed record gets before anything is written.
                details=check_only,
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_report(options["file"], report)
        if not report.ok:
            raise CommandError(
                f"{options['file']}: nothing imported: {len(report.errors)} problem(s) found"
            )

    def importing_user(self, username: str, path: Path, kind: str | None, check_only: bool):
        """The user named to import, who must be allowed to (none is needed to check)."""
        if not username:
            if check_only:
                return None
            raise CommandError("say who imports: --user NAME (or set LAWTRACKER_IMPORT_USER)")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        # Roles hold on the command line as in the admin: a partner's name imports nothing.
        file_kind = None if check_only else kind_of_file(path, kind)
        if file_kind and not may_import(user, file_kind):
            raise CommandError(
                f"{user.username!r} may not import {file_kind}: that takes the permissions "
                f"to add and change {file_kind} (the {ASSOCIATES} group has them); "
                "nothing imported"
            )
        return user

    def write_report(self, path: Path, report: ImportReport) -> None:
        for error in report.errors:
            where = f"line {error['line']}" + (f", {error['column']}" if error["column"] else "")
            self.stderr.write(f"{path}: {where}: {error['reason']}")
        if report.needs_review:
            held = (resource_for(report.kind).HELD_ROWS_OPTION or "").replace("_", "-")
            self.stderr.write(
                f"{report.needs_review} row(s) look like {report.kind} already in the tracker: "
                f"check them, then run again with --{held} to add them as new {report.kind}"
            )
        if report.ok and report.written:
            self.stdout.write(
                f"{path}: imported {report.kind}: {report.records_created} created, "
                f"{report.records_updated} updated, {report.records_unchanged} unchanged, "
                f"{report.duplicates} repeated rows"
            )
        else:
            # Nothing was written: say what the rows would do, apart from what was done.
            condition = "would import" if report.ok else "had it been clean it would have imported"
            self.stdout.write(
                f"{path}: nothing written; {condition} {report.kind}: "
                f"{report.rows_new} created, {report.rows_changed} updated, "
                f"{report.rows_unchanged} unchanged, {report.duplicates} repeated rows"
            )
        for row in report.new_rows or ():
            for note in row["notes"]:
                self.stdout.write(f"  line {row['line']} {row['record']}: {note}")
        for row in report.changed_rows or ():
            for change in row["changes"]:
                self.stdout.write(
                    f"  line {row['line']} {row['record']}: {change['column']}: "
                    f"{change['before'] or '(empty)'} → {change['after'] or '(empty)'}"
                )
