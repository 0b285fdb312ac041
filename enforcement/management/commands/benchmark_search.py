import csv
import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from enforcement.models import Case, CaseSearchGram
from lawtracker import search

QUERIES = ["罚", "脸", "罚款", "约谈", "人脸", "个人信息", "收集使用个人信息", "网络安全等级保护"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure case search at scale: the character/pair index against a plain substring "
        "scan, on cases made up from the review's own texts, in this database. Everything "
        "it writes is rolled back. Reports medians and their ratio, measured in one run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=5000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self.make_cases(options["cases"], random.Random(options["seed"]))
                self.measure(options["repeat"])
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark rows rolled back)")

    def make_cases(self, count: int, rng: random.Random) -> None:
        texts = []
        for path in sorted(
            (Path(settings.BASE_DIR) / "fixtures" / "review_2020").glob("cases_*.csv")
        ):
            with path.open(encoding="utf-8") as file:
                for row in csv.DictReader(file):
                    texts.append(
                        (row["被处罚主体"], row["执法机构"], row["违法事实"], row["处罚结果"])
                    )
        started = time.perf_counter()
        batch = 1000
        for first in range(0, count, batch):
            cases = []
            for n in range(first, min(first + batch, count)):
                subject, agency, facts, penalty = rng.choice(texts)
                facts = facts + rng.choice(texts)[2][: rng.randint(0, 120)]
                day = 1 + n % 28
                cases.append(
                    Case(
                        family="other",
                        decided_text=f"2030.01.{day:02d}",
                        decided_on=f"2030-01-{day:02d}",
                        decided_end=f"2030-01-{day:02d}",
                        decided_precision="day",
                        subject=f"{subject}{n}",
                        subject_kind="company",
                        agency_text=agency,
                        facts=facts,
                        penalty_text=penalty,
                        fingerprint=f"benchmark-{n}",
                        search_text=search.document(subject, agency, facts, penalty),
                    )
                )
            created = Case.objects.bulk_create(cases)
            CaseSearchGram.objects.bulk_create(
                (
                    CaseSearchGram(record=case, gram=gram)
                    for case in created
                    for gram in search.grams(case.search_text)
                ),
                batch_size=5000,
            )
        with connection.cursor() as cursor:
            # Fresh statistics, as a database that has been running would have.
            cursor.execute("ANALYZE")
        total = Case.objects.count()
        grams = CaseSearchGram.objects.count()
        self.stdout.write(
            f"{total} cases ({count} made up), {grams} index rows, "
            f"made in {time.perf_counter() - started:.1f} s"
        )

    def measure(self, repeat: int) -> None:
        cases = Case.objects.all()

        def indexed(query):
            matched = search.matching(cases, CaseSearchGram, query)
            return matched.count(), list(matched.order_by("-decided_on", "-id")[:50])

        def scan(query):
            matched = cases.filter(search_text__contains=search.normalise(query))
            return matched.count(), list(matched.order_by("-decided_on", "-id")[:50])

        self.stdout.write(
            f"{'query':<18}{'matches':>9}{'index ms':>10}{'scan ms':>10}{'scan/index':>12}"
        )
        for query in QUERIES:
            timings = {}
            results = {}
            for name, run in (("index", indexed), ("scan", scan)):
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    results[name] = run(query)
                    samples.append(time.perf_counter() - started)
                timings[name] = statistics.median(samples) * 1000
            same = results["index"][0] == results["scan"][0] and [
                c.pk for c in results["index"][1]
            ] == [c.pk for c in results["scan"][1]]
            ratio = timings["scan"] / timings["index"] if timings["index"] else float("inf")
            self.stdout.write(
                f"{query:<14}{results['index'][0]:>9}{timings['index']:>10.1f}"
                f"{timings['scan']:>10.1f}{ratio:>11.1f}x" + ("" if same else "  RESULTS DIFFER")
            )
