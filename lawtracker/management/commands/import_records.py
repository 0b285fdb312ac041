import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from instruments.models import Instrument, RegulatorFamily
from lawtracker import history
from lawtracker.importing import detect_kind, stream_rows
from lawtracker.imports import RESOURCES_BY_KIND, import_file
from lawtracker.roles import ASSOCIATES


def kind_of_file(path: Path, kind: str | None) -> str | None:
    """The kind a file holds, as the import will read it; None when the file cannot be
    read (the import then says why)."""
    if kind:
        return kind
    try:
        header, _rows, _skipped = stream_rows(path)
        return detect_kind(header, RESOURCES_BY_KIND)
    except (OSError, ValueError):
        return None


def may_import(user, kind: str) -> bool:
    """An import adds and changes records: the user needs both permissions on the kind."""
    opts = RESOURCES_BY_KIND[kind]._meta.model._meta
    return user.has_perms(
        [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
    )


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of instruments, campaigns or cases in the review's layout. "
        "The file is imported whole or not at all; importing it again creates nothing new. "
        "An import is recorded as the --user's, who must be allowed to add and change that "
        "kind of record (an associate or an administrator); a --dry-run check needs no user."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind", choices=sorted(RESOURCES_BY_KIND), help="default: told by the header row"
        )
        parser.add_argument(
            "--family",
            choices=RegulatorFamily.values,
            help="regulator family for rows without a 监管部门 column",
        )
        parser.add_argument(
            "--level",
            choices=Instrument.Level.values,
            help="instrument level for rows without a 效力级别 column",
        )
        parser.add_argument(
            "--allow-similar",
            action="store_true",
            help="add rows that look like a case already in the tracker as new cases",
        )
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
        kind = options["kind"]
        resource_options = {"allow_similar": options["allow_similar"]}
        if self.stderr.isatty() and not options["json"]:
            resource_options["progress"] = self.progress
        if options["family"]:
            resource_options["family"] = options["family"]
        if options["level"]:
            resource_options["level"] = options["level"]
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        elif not options["dry_run"]:
            raise CommandError("say who imports: --user NAME (or set LAWTRACKER_IMPORT_USER)")
        if user is not None and not options["dry_run"]:
            # Roles hold on the command line as in the admin: a partner's name imports nothing.
            file_kind = kind_of_file(options["file"], kind)
            if file_kind and not may_import(user, file_kind):
                raise CommandError(
                    f"{user.username!r} may not import {file_kind}: that takes the permissions "
                    f"to add and change {file_kind} (the {ASSOCIATES} group has them); "
                    "nothing imported"
                )
        with history.acting(reason="manage.py import_records"):
            report = import_file(
                path=options["file"],
                kind=kind,
                options=resource_options,
                dry_run=options["dry_run"],
                user=user,
                # A check lists what each changed record gets before anything is written.
                details=options["dry_run"],
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                where = f"line {error['line']}" + (
                    f", {error['column']}" if error["column"] else ""
                )
                self.stderr.write(f"{options['file']}: {where}: {error['reason']}")
            if report.needs_review:
                self.stderr.write(
                    f"{report.needs_review} row(s) look like cases already in the tracker: "
                    "check them, then run again with --allow-similar to add them as new cases"
                )
            if report.ok and report.written:
                self.stdout.write(
                    f"{options['file']}: imported {report.kind}: {report.created} created, "
                    f"{report.updated} updated, {report.unchanged} unchanged, "
                    f"{report.duplicates} repeated rows"
                )
            else:
                # Nothing was written: say what the rows would do, apart from what was done.
                would = report.as_dict()["would"]
                condition = (
                    "would import" if report.ok else "had it been clean it would have imported"
                )
                self.stdout.write(
                    f"{options['file']}: nothing written; {condition} {report.kind}: "
                    f"{would['created']} created, {would['updated']} updated, "
                    f"{would['unchanged']} unchanged, {report.duplicates} repeated rows"
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
        if not report.ok:
            raise CommandError(
                f"{options['file']}: nothing imported: {len(report.errors)} problem(s) found"
            )
