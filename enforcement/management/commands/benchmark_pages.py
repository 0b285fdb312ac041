import json
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from enforcement import benchmarks
from enforcement.models import Case


class Command(BaseCommand):
    help = (
        "Measure each partner page and admin case list on this database: p50 and p95 of "
        "the server's time over N in-process requests, the queries of one, and beside it "
        "the bare time of the query the page's rows come from, measured in the same run; "
        "then the case export (XLSX and CSV) of about 10,000 cases and the import of a "
        "made-up XLSX, rows per second and peak memory, the import beside "
        "django-import-export's default import of the same file. It runs in one "
        "transaction, rolled back: it leaves the data as it found it, but on SQLite other "
        "writers wait for it (run it when no import is running)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
        parser.add_argument(
            "--requests", type=int, default=20, help="timed requests per page (default 20)"
        )
        parser.add_argument(
            "--import-rows", type=int, default=10_000, help="rows of the import's file"
        )
        parser.add_argument(
            "--bulk-runs",
            type=int,
            default=1,
            help="timed runs of each export and import (each also runs once more, "
            "traced for its peak memory)",
        )
        parser.add_argument(
            "--plan", action="store_true", help="print each page's main query plan"
        )

    def handle(self, *args, **options):
        if options["requests"] < 1 or options["bulk_runs"] < 1 or options["import_rows"] < 1:
            raise CommandError("--requests, --bulk-runs and --import-rows must be at least 1")
        self.stdout.write(
            f"database {connection.vendor} {connection.settings_dict['NAME']}, "
            f"{Case.objects.count()} cases, {os.cpu_count()} CPUs; "
            f"{options['requests']} requests a page, {options['bulk_runs']} run(s) of "
            f"export and import, {options['import_rows']} import rows"
        )
        started = time.perf_counter()

        def note(step: str) -> None:
            # What is being measured, and since when: a run at the defaults takes minutes.
            self.stderr.write(f"{time.perf_counter() - started:7.1f} s  {step}")

        run = benchmarks.run(
            requests=options["requests"],
            import_rows=options["import_rows"],
            bulk_runs=options["bulk_runs"],
            plans=options["plan"],
            note=note,
        )
        self.write_table(run)
        for name, plan in run.plans:
            self.stdout.write(f"\n{name}:\n{plan}")
        if options["json"]:
            options["json"].write_text(
                json.dumps([measure.as_dict() for measure in run.measures], indent=2) + "\n",
                encoding="utf-8",
            )
            self.stdout.write(f"figures written to {options['json']}")
        self.stdout.write("(everything the benchmark wrote was rolled back)")

    def write_table(self, run: benchmarks.Run) -> None:
        self.stdout.write(
            f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'base ms':>9}"
            f"{'p50/base':>10}  {'rows/s':>8}{'peak MB':>9}  what"
        )
        for m in run.measures:
            ratio = m.p50_ms / m.baseline_ms if m.baseline_ms else float("inf")
            rows = f"{m.rows_per_s:>8.0f}" if m.rows_per_s is not None else " " * 8
            peak = f"{m.peak_mb:>9.1f}" if m.peak_mb is not None else " " * 9
            self.stdout.write(
                f"{m.name:<22}{m.p50_ms:>9.1f}{m.p95_ms:>9.1f}{m.queries:>9}"
                f"{m.baseline_ms:>9.1f}{ratio:>9.1f}×  {rows}{peak}  {m.detail}"
            )
        imported = next(m for m in run.measures if m.name == "import")
        self.stdout.write(
            f"import: {imported.rows_per_s:.0f} rows/s, {imported.peak_mb:.1f} MB; "
            f"django-import-export's default import: {imported.baseline_rows_per_s:.0f} "
            f"rows/s, {run.peer_peak_mb:.1f} MB"
        )
