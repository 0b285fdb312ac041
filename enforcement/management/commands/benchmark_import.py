import csv
import random
import resource
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction
from tablib import Dataset

from enforcement.benchmarks import PeerCaseResource
from lawtracker.imports.jobs import import_storage, run_job
from lawtracker.models import ImportJob, ImportState

HEADER = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"]


class Rollback(Exception):
    pass


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Measure the admin's import path on a made-up case file of N rows (from the "
        "review's own texts): the worker's check, the import, and importing it again. "
        "Run it in a fresh process: it reports the process's peak memory. Everything it "
        "writes to the database is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--keep", type=Path, help="also keep the generated file here")
        parser.add_argument(
            "--no-peer",
            action="store_true",
            help="skip django-import-export's default import of the same file",
        )

    def handle(self, *args, **options):
        rows = options["rows"]
        path = Path(settings.VAR_DIR) / f"benchmark-cases-{rows}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.write_file(path, rows, random.Random(options["seed"]))
        if options["keep"]:
            options["keep"].write_bytes(path.read_bytes())
        self.stdout.write(f"{rows} case rows, {path.stat().st_size / 1e6:.1f} MB CSV")
        base = peak_rss_mb()
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user("benchmark-import")
                with path.open("rb") as file:
                    stored = import_storage().save(f"jobs/{path.name}", File(file))
                job = ImportJob.objects.create(
                    kind="cases",
                    file_name=path.name,
                    stored_name=stored,
                    user=user,
                    options={"family": "public_security"},
                )
                timings = {}
                for phase, state, writing in [
                    ("check", ImportState.CHECKING, False),
                    ("import", ImportState.IMPORTING, True),
                    ("check again", ImportState.CHECKING, False),
                ]:
                    ImportJob.objects.filter(pk=job.pk).update(state=state)
                    started = time.perf_counter()
                    run_job(job.pk, writing=writing)
                    timings[phase] = time.perf_counter() - started
                    job.refresh_from_db()
                    report = job.result if writing else job.preview
                    self.stdout.write(
                        f"{phase:12} {timings[phase]:7.1f} s  "
                        f"{1000 * timings[phase] / rows:5.1f} ms/row  "
                        f"rows new {report['would']['created']}, "
                        f"changed {report['would']['updated']}, "
                        f"unchanged {report['would']['unchanged']}, "
                        f"written {report['created'] + report['updated']}, "
                        f"problems {len(report['errors'])}"
                    )
                import_storage().delete(stored)
                self.stdout.write(
                    f"peak memory {peak_rss_mb():.0f} MB (before importing: {base:.0f} MB); "
                    f"import / check: {timings['import'] / timings['check']:.2f}×"
                )
                if not options["no_peer"]:
                    self.measure_peer(path, rows, timings["import"])
                raise Rollback
        except Rollback:
            pass
        self.stdout.write("(all benchmark rows rolled back)")
        path.unlink()

    def measure_peer(self, path: Path, rows: int, ours: float) -> None:
        """django-import-export's default import of the same file (its default options
        and our settings: a savepoint a row), beside ours."""
        started = time.perf_counter()
        dataset = Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
        result = PeerCaseResource().import_data(dataset, dry_run=False)
        took = time.perf_counter() - started
        if result.has_errors() or result.has_validation_errors():
            self.stderr.write(f"peer import failed: {result.totals}")
            return
        self.stdout.write(
            f"{'peer import':12} {took:7.1f} s  {1000 * took / rows:5.1f} ms/row  "
            f"rows new {result.totals['new']}; ours {rows / ours:.0f} rows/s, "
            f"the peer's {rows / took:.0f} rows/s ({took / ours:.1f}×)"
        )

    def write_file(self, path: Path, count: int, rng: random.Random) -> None:
        texts = []
        for source in sorted(
            (Path(settings.BASE_DIR) / "fixtures" / "review_2020").glob("cases_*.csv")
        ):
            with source.open(encoding="utf-8") as file:
                texts.extend(csv.DictReader(file))
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(HEADER)
            for n in range(count):
                row = rng.choice(texts)
                writer.writerow(
                    [
                        f"2021.{1 + n % 12}.{1 + n % 28}",
                        row["地区"],
                        f"{row['被处罚主体']}（第{n}号）",
                        row["执法机构"],
                        row["违法事实"] + rng.choice(texts)["违法事实"][: rng.randint(0, 120)],
                        row["处罚结果"],
                    ]
                )
