import contextlib
import random
import signal
import threading
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from enforcement.synthetic import MakeReport, make_cases

PROGRESS_EVERY = 50_000


class Command(BaseCommand):
    help = (
        "Fill the tracker with made-up cases for measuring it at scale: the 2020 review's "
        "cases (fixtures/review_2020) with other parties, amounts, dates, places and "
        "authorities, each read and derived as an import reads it, written in bulk, a "
        "batch per transaction (an interrupted run keeps the batches written). Beside real "
        "data, it takes new tracker IDs from the same counter and makes no case the "
        "tracker holds already. The same --seed makes the same cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="how many (100,000)")
        parser.add_argument("--seed", type=int, help="the same seed makes the same cases")
        parser.add_argument("--batch", type=int, default=2000, help="cases per transaction")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="write no history rows for the cases and their penalties (faster)",
        )

    def handle(self, *args, **options):
        count, batch = options["cases"], options["batch"]
        if count < 1 or batch < 1:
            raise CommandError("--cases and --batch must be at least 1")
        seed = options["seed"]
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        self.stdout.write(f"making {count:,} cases (seed {seed}) …")
        started = time.perf_counter()
        done = [0]  # cases written so far

        def progress(report: MakeReport) -> None:
            if report.cases // PROGRESS_EVERY > done[0] // PROGRESS_EVERY:
                elapsed = time.perf_counter() - started
                self.stdout.write(
                    f"{report.cases:,} cases, {elapsed:.0f} s, "
                    f"{report.cases / elapsed:.0f} cases/s"
                )
            done[0] = report.cases

        try:
            with stopped_by_kill():
                report = make_cases(
                    count=count,
                    seed=seed,
                    batch_size=batch,
                    with_history=not options["no_history"],
                    progress=progress,
                )
        except KeyboardInterrupt:
            raise CommandError(
                f"interrupted after {done[0]:,} cases: the batches written stay, the one "
                "being written does not"
            ) from None
        # The planner's statistics, for tables that grew by a bulk load (autovacuum
        # would catch up, later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        steps = ", ".join(
            f"{step} {seconds:.1f} s" for step, seconds in report.seconds.most_common()
        )
        self.stdout.write(
            f"made {report.cases:,} cases in {elapsed:.1f} s ({report.cases / elapsed:.0f} "
            f"cases/s; {steps}); processor time: {report.writer_cpu:.0f} s writing, "
            f"{report.reader_cpu:.0f} s reading; {report.regenerated} made again to differ "
            f"from cases in the tracker (seed {seed})"
        )


@contextlib.contextmanager
def stopped_by_kill() -> Iterator[None]:
    """`kill` stops a run as Ctrl-C does: the batch being written is rolled back and the
    reading process ended (in the main thread only, where signals are handled)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
