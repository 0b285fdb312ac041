"""What `manage.py benchmark_pages` measures: each partner page and admin list as served
in-process, beside the bare time of the query its rows come from; the case export; and a
case import beside django-import-export's default import of the same file."""

import csv
import datetime
import math
import random
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import openpyxl
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from tablib import Dataset

from enforcement import alerts
from enforcement.models import Case, PenaltyKind
from enforcement.overview import overview
from enforcement.review import CaseRow, fields_of
from enforcement.selectors import filtered_cases
from enforcement.views import CaseDetailView, CaseListView
from instruments.models import Authority
from instruments.selectors import filtered_instruments
from lawtracker.dates import Precision
from lawtracker.imports.run import import_file
from lawtracker.roles import ensure_groups
from lawtracker.views import PAGE_SIZE

SEARCHES = {"search_1_char": "罚", "search_2_chars": "人脸", "search_4_chars": "个人信息"}
ADMIN_SEARCH = "个人信息"
EXPORT_ROWS = 10_000
IMPORT_COLUMNS = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果", "监管部门"]
REVIEW = Path(settings.BASE_DIR) / "fixtures" / "review_2020"


class Rollback(Exception):
    """Raised to roll back what a measurement wrote."""


@dataclass
class Measure:
    """One line of the report; `as_dict` is its JSON object."""

    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    baseline_ms: float
    rows_per_s: float | None = None
    peak_mb: float | None = None
    baseline_rows_per_s: float | None = None
    # Shown in the table only: what was requested, what the baseline measures.
    detail: str = field(default="", repr=False)

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        del values["detail"]
        return {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in values.items()
            if value is not None
        }


@dataclass
class Page:
    """A page to time: its URL, whether an administrator reads it, and the queryset its
    rows come from (`main`, sliced to what the page shows), executed bare as its
    baseline unless `bare` says what is instead."""

    name: str
    url: str
    main: Callable[[], QuerySet]
    admin: bool = False
    detail: str = ""
    bare: Callable[[], Any] | None = None

    def baseline(self) -> None:
        """The page's main query, or its `bare` reads, without a request or a template."""
        if self.bare is not None:
            self.bare()
        else:
            list(self.main())


@dataclass
class FilterValues:
    """Filter values chosen from the data present, so that each filter selects rows."""

    family: str
    province: str
    year: int
    fine_min: int
    fine_max: int
    case_pk: int
    authority_pk: int | None
    rare_word: str


class QueryCounter:
    """Counts the statements run through the connection, keeping none of them (an import
    runs more than CaptureQueriesContext keeps, and kept SQL would count as memory)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


@contextmanager
def tracing() -> Iterator[list[float]]:
    """The peak of Python's allocations inside the block, in MB (into the list)."""
    peak: list[float] = []
    tracemalloc.start()
    try:
        yield peak
        peak.append(tracemalloc.get_traced_memory()[1] / (1 << 20))
    finally:
        tracemalloc.stop()


def p50_p95(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 2:
        return samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def timed(run: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def request_host() -> str:
    """A host name the settings allow: the in-process client must pass ALLOWED_HOSTS as
    a browser does (it says "testserver" otherwise)."""
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return "localhost"
        return host.lstrip(".")  # ".example.cn" allows example.cn itself
    return "localhost"


def url_with(name: str, params: dict | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def case_page_rows(params: dict) -> Callable[[], QuerySet]:
    """The case list's rows for these parameters, the page shown (a page past the last is
    the last, as Paginator.get_page has it; one query here), read as the list reads them:
    by the view's seek when it has one for these filters (a deep page found by a key),
    else by offset."""
    pages = max(1, math.ceil(filtered_cases(params).qs.count() / PAGE_SIZE))
    first = (min(int(params.get("page", 1)), pages) - 1) * PAGE_SIZE

    def rows() -> QuerySet:
        filterset = filtered_cases(params)
        filterset.is_valid()
        seek_for = getattr(CaseListView, "seek_for", None)
        seek = seek_for(CaseListView(), filterset, filterset.qs) if seek_for else None
        return seek(first, PAGE_SIZE) if seek else filterset.qs[first : first + PAGE_SIZE]

    return rows


# -- what the data holds (a query or two each) ----------------------------------------


def most_common(queryset: QuerySet, column: str) -> Any:
    """The value of `column` in the most rows of `queryset`, or None."""
    row = (
        queryset.exclude(**{f"{column}__isnull": True})
        .values(column)
        .annotate(n=Count("id"))
        .order_by("-n", column)
        .first()
    )
    return None if row is None else row[column]


def fine_quartiles() -> tuple[int, int]:
    """The lower and upper quartiles of the known fines on organizations (two queries)."""
    fined = Case.objects.filter(org_fines__gt=0).order_by("org_fines")
    count = fined.count()
    if not count:
        return 1, 1_000_000
    values = fined.values_list("org_fines", flat=True)
    return int(values[count // 4]), max(int(values[(3 * count) // 4]), 1)


def rare_word() -> str:
    """A two- to four-character word in very few cases: of the cities the cases name
    least, and the agencies that decided fewest, the one the search finds fewest cases
    for (a query per candidate, a few dozen at most)."""
    candidates = []
    cities = (
        Case.objects.exclude(city="").values("city").annotate(n=Count("id")).order_by("n")[:20]
    )
    for row in cities:
        candidates.append(row["city"].rstrip("市县区") or row["city"])
    agencies = (
        Case.objects.values("agency_text").annotate(n=Count("id")).order_by("n", "agency_text")
    )[:20]
    for row in agencies:
        candidates.append(row["agency_text"][:3])
    best, best_count = "", math.inf
    for word in dict.fromkeys(word for word in candidates if 2 <= len(word.strip()) <= 4):
        found = filtered_cases({"q": word}).qs.count()
        if 0 < found < best_count:
            best, best_count = word, found
    if not best:
        raise CommandError("No case to find a rare word in.")
    return best


def filter_values() -> FilterValues:
    """Filter values from the data: the most common family and province, the year with
    most cases, the middle half of the fines, the case with most penalties and the
    authority with most cases, a rare word."""
    cases = Case.objects.all()
    if not cases.exists():
        raise CommandError("The database has no cases to measure on.")
    province = most_common(cases, "province__code") or "national"
    year = (
        cases.annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-n", "-year")
        .first()["year"]
    )
    fine_min, fine_max = fine_quartiles()
    case = cases.annotate(n=Count("penalties")).order_by("-n", "-decided_on", "-id").first()
    authority = (
        Authority.objects.annotate(n=Count("cases")).filter(n__gt=0).order_by("-n", "id").first()
    )
    return FilterValues(
        family=most_common(cases, "family"),
        province=province,
        year=year,
        fine_min=fine_min,
        fine_max=fine_max,
        case_pk=case.pk,
        authority_pk=authority.pk if authority else None,
        rare_word=rare_word(),
    )


def overview_reads() -> None:
    """Everything the overview reads, its lists too (it has no one main query)."""
    for value in overview().values():
        if isinstance(value, QuerySet):
            list(value)


def admin_rows(term: str, user) -> Callable[[], QuerySet]:
    """A page of the admin's case list as CaseAdmin builds it: its queryset, its search
    across its search fields, the model's order."""
    model_admin = admin.site._registry[Case]
    request = RequestFactory().get("/", {"q": term} if term else {})
    request.user = user

    def rows() -> QuerySet:
        queryset = model_admin.get_queryset(request).select_related(
            *model_admin.list_select_related
        )
        if term:
            queryset, _duplicates = model_admin.get_search_results(request, queryset, term)
        return queryset.order_by(*Case._meta.ordering)[: model_admin.list_per_page]

    return rows


def pages(values: FilterValues, superuser) -> list[Page]:
    """Every page measured, with the filter values chosen from the data."""
    lists = {
        "case_list": ({}, "default"),
        "case_list_page_1000": ({"page": 1000}, "page 1,000 (or the last)"),
        "case_list_family": ({"family": values.family}, f"family={values.family}"),
        "case_list_province": ({"province": values.province}, f"province={values.province}"),
        "case_list_date_range": (
            {"date_from": str(values.year), "date_to": str(values.year)},
            f"{values.year}",
        ),
        "case_list_fine_range": (
            {"org_fine_min": values.fine_min, "org_fine_max": values.fine_max},
            f"¥{values.fine_min:,}–{values.fine_max:,}",
        ),
        "case_list_penalty": ({"penalty": PenaltyKind.WARNING}, "penalty=warning"),
        **{name: ({"q": word}, f"q={word}") for name, word in SEARCHES.items()},
        "search_rare": ({"q": values.rare_word}, f"q={values.rare_word}"),
        "sort_fine": ({"sort": "-fine"}, "sort=-fine"),
    }
    measured = [
        Page(name, url_with("enforcement:case-list", params), case_page_rows(params), detail=note)
        for name, (params, note) in lists.items()
    ]
    measured += [
        Page(
            "overview",
            url_with("dashboard"),
            # Its plan: its one query on the cases themselves (the rest read tallies).
            lambda: Case.objects.largest_fines()[:10],
            bare=overview_reads,
            detail="baseline: all its queries",
        ),
        Page(
            "instrument_list",
            url_with("instruments:instrument-list"),
            lambda: filtered_instruments({}).qs[:PAGE_SIZE],
        ),
        Page(
            "case_page",
            url_with("enforcement:case-detail", pk=values.case_pk),
            lambda: CaseDetailView().get_queryset().filter(pk=values.case_pk),
            detail=f"case {values.case_pk}",
        ),
    ]
    if values.authority_pk is not None:
        authority = Authority.objects.get(pk=values.authority_pk)
        measured.append(
            Page(
                "authority_page",
                url_with("instruments:authority-detail", pk=authority.pk),
                lambda: authority.cases.for_list()[:PAGE_SIZE],
                detail=f"{authority.name}",
            )
        )
    first, last = datetime.date(values.year, 1, 1), datetime.date(values.year, 12, 31)
    week_ago = timezone.now() - datetime.timedelta(days=alerts.DEFAULT_DAYS)
    measured += [
        Page(
            "annual_review",
            url_with("enforcement:review", {"year": values.year}),
            # The year's cases, every one (the figures count them all; the page shows
            # the first REVIEW_PAGE_ROWS of each family).
            lambda: Case.objects.filter(decided_on__gte=first, decided_on__lte=last).values(
                *fields_of(CaseRow)
            ),
            detail=f"year={values.year}",
        ),
        Page(
            "whats_new",
            url_with("enforcement:changes"),
            lambda: alerts.changed_ids("case", week_ago)[:PAGE_SIZE],
            detail="the last week's changes",
        ),
        Page(
            "verification_queue",
            url_with("enforcement:verification-queue", {"state": "unverified"}),
            lambda: Case.objects.filter(verification="unverified").order_by("created_at", "id")[
                :PAGE_SIZE
            ],
            admin=True,  # an associate's page: read as one who may change cases
        ),
        Page(
            "api_cases",
            url_with("api:case-list"),
            lambda: Case.objects.for_list().order_by("-id")[:PAGE_SIZE],
        ),
    ]
    changelist = "admin:enforcement_case_changelist"
    measured += [
        Page("admin_case_list", url_with(changelist), admin_rows("", superuser), admin=True),
        Page(
            "admin_case_search",
            url_with(changelist, {"q": ADMIN_SEARCH}),
            admin_rows(ADMIN_SEARCH, superuser),
            admin=True,
            detail=f"q={ADMIN_SEARCH}",
        ),
    ]
    return measured


# -- the runs ----------------------------------------------------------------------------


class Reader:
    """An in-process browser: a logged-in test client that fails loudly on any answer
    but 200, sending what the proxy in front of the app sends."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.headers = {"host": request_host(), "x-forwarded-proto": "https"}

    def get(self, name: str, url: str):
        response = self.client.get(url, secure=True, headers=self.headers)
        if response.status_code != 200:
            raise CommandError(f"{name}: {url} answered {response.status_code}, not 200")
        if response.streaming:  # a download written as it is read: the time is in reading it
            b"".join(response.streaming_content)
        return response


def benchmark_users():
    """A partner and an administrator, for the caller to roll back."""
    User = get_user_model()
    tag = uuid.uuid4().hex[:8]
    _associates, partners = ensure_groups()
    partner = User.objects.create_user(f"benchmark-partner-{tag}", is_staff=True)
    partner.groups.add(partners)
    superuser = User.objects.create_user(
        f"benchmark-admin-{tag}", is_staff=True, is_superuser=True
    )
    return partner, superuser


def measure_page(page: Page, reader: Reader, repeat: int) -> Measure:
    """A warm-up request, one counted, `repeat` timed; the main query as often, bare."""
    reader.get(page.name, page.url)
    with counting_queries() as counter:
        reader.get(page.name, page.url)
    samples = timed(lambda: reader.get(page.name, page.url), repeat)
    page.baseline()
    baseline = timed(page.baseline, repeat)
    p50, p95 = p50_p95(samples)
    return Measure(
        name=page.name,
        p50_ms=p50,
        p95_ms=p95,
        queries=counter.count,
        baseline_ms=statistics.median(baseline),
        detail=page.detail,
    )


def export_params() -> tuple[dict, int]:
    """A filter that selects about EXPORT_ROWS cases (every case when there are fewer):
    the newest, from a date on; and how many it selects."""
    if Case.objects.count() > EXPORT_ROWS:
        day = Case.objects.order_by("-decided_on", "-id").values_list("decided_on", flat=True)[
            EXPORT_ROWS - 1
        ]
        params = {"date_from": day.isoformat()}
    else:
        params = {}
    return params, filtered_cases(params).qs.count()


def measure_export(file_format: str, name: str, reader: Reader, runs: int) -> Measure:
    """The case export of about EXPORT_ROWS cases: `runs` timed, one more traced for its
    peak memory; the baseline is the export's three queries (cases with their province
    and campaign, penalties, citations), bare."""
    params, count = export_params()
    url = url_with("enforcement:case-export", params, format=file_format)
    with counting_queries() as counter:
        reader.get(name, url)
    samples = timed(lambda: reader.get(name, url), runs)
    with tracing() as peak:
        reader.get(name, url)

    def rows():
        cases = filtered_cases(params).qs
        return list(
            cases.select_related("province", "campaign").prefetch_related("penalties", "citations")
        )

    baseline = timed(rows, runs)
    p50, p95 = p50_p95(samples)
    return Measure(
        name=name,
        p50_ms=p50,
        p95_ms=p95,
        queries=counter.count,
        baseline_ms=statistics.median(baseline),
        rows_per_s=count / (p50 / 1000),
        peak_mb=peak[0],
        detail=f"{count} cases" + (f", {urlencode(params)}" if params else ""),
    )


# -- import ------------------------------------------------------------------------------


def review_rows() -> list[dict[str, str]]:
    """The review's case rows, each with the family its file is of."""
    rows = []
    for path in sorted(REVIEW.glob("cases_*.csv")):
        family = path.stem.removeprefix("cases_")
        with path.open(encoding="utf-8") as file:
            rows.extend(row | {"监管部门": family} for row in csv.DictReader(file))
    return rows


def write_case_file(path: Path, count: int, rng: random.Random) -> None:
    """An XLSX of `count` made-up cases in the import layout, from the review's texts;
    each party's name carries a run's tag and a number, so no row matches a case
    already in the tracker, nor another row."""
    texts = review_rows()
    tag = uuid.uuid4().hex[:6]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(IMPORT_COLUMNS)
    for n in range(count):
        row = rng.choice(texts)
        day = datetime.date(2021, 1, 1) + datetime.timedelta(days=n % 365)
        sheet.append(
            [
                f"{day.year}.{day.month:02d}.{day.day:02d}",
                row["地区"],
                f"{row['被处罚主体']}（{tag}-{n}）",
                row["执法机构"],
                row["违法事实"] + rng.choice(texts)["违法事实"][: rng.randint(0, 120)],
                row["处罚结果"],
                row["监管部门"],
            ]
        )
    workbook.save(path)


class PeerCaseResource(resources.ModelResource):
    """django-import-export's plain ModelResource for the same columns: each cell into its
    field as given, and only what the table's NOT NULL columns need besides (the date
    read as written, a random fingerprint); no places, penalties, authorities or search
    index read from the texts."""

    decided_text = Field(attribute="decided_text", column_name="时间")
    region_text = Field(attribute="region_text", column_name="地区")
    subject = Field(attribute="subject", column_name="被处罚主体")
    agency_text = Field(attribute="agency_text", column_name="执法机构")
    facts = Field(attribute="facts", column_name="违法事实")
    penalty_text = Field(attribute="penalty_text", column_name="处罚结果")
    family = Field(attribute="family", column_name="监管部门")

    class Meta:
        model = Case
        fields = (
            "id",  # the default import id: no such column, so every row is a new case
            "decided_text",
            "region_text",
            "subject",
            "agency_text",
            "facts",
            "penalty_text",
            "family",
        )

    def before_save_instance(self, instance, row, **kwargs):
        day = datetime.datetime.strptime(instance.decided_text, "%Y.%m.%d").date()
        instance.decided_on = instance.decided_end = day
        instance.decided_precision = Precision.DAY
        instance.family = instance.family or "public_security"  # a file without 监管部门
        instance.subject_kind = Case.SubjectKind.COMPANY
        instance.fingerprint = uuid.uuid4().hex


def import_ours(path: Path, user, rows: int) -> None:
    """The app's import of the file, rolled back; fails loudly unless every row is new."""
    try:
        with transaction.atomic():
            report = import_file(path=path, kind="cases", user=user)
            if not report.written or report.rows_new != rows:
                raise CommandError(
                    f"import: {report.rows_new} of {rows} rows new, problems: {report.errors[:3]}"
                )
            raise Rollback
    except Rollback:
        pass


def import_peer(path: Path, rows: int) -> None:
    """django-import-export's default import of the same file, rolled back."""
    try:
        with transaction.atomic():
            dataset = Dataset().load(path.read_bytes(), format="xlsx")
            result = PeerCaseResource().import_data(dataset, dry_run=False, use_transactions=False)
            if result.has_errors() or result.has_validation_errors():
                raise CommandError(f"peer import: {result.totals}")
            if result.totals["new"] != rows:
                raise CommandError(f"peer import: {result.totals['new']} of {rows} rows new")
            raise Rollback
    except Rollback:
        pass


def measure_import(
    rows: int, user, runs: int, note: Callable[[str], None]
) -> tuple[Measure, float]:
    """The app's import of a `rows`-row XLSX beside django-import-export's default
    import of it, each `runs` times timed and once more traced for its peak memory; the
    baseline is the peer's median. Returns the line and the peer's peak (MB)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"benchmark-cases-{rows}.xlsx"
        write_case_file(path, rows, random.Random(2020))
        note("import: the app's")
        with counting_queries() as counter:
            ours = timed(lambda: import_ours(path, user, rows), runs)
        note("import: the app's, traced")
        with tracing() as peak:
            import_ours(path, user, rows)
        note("import: django-import-export's")
        peer = timed(lambda: import_peer(path, rows), runs)
        note("import: django-import-export's, traced")
        with tracing() as peer_peak:
            import_peer(path, rows)
        size = path.stat().st_size
    p50, p95 = p50_p95(ours)
    peer_ms = statistics.median(peer)
    return (
        Measure(
            name="import",
            p50_ms=p50,
            p95_ms=p95,
            queries=round(counter.count / runs),
            baseline_ms=peer_ms,
            rows_per_s=rows / (p50 / 1000),
            peak_mb=peak[0],
            baseline_rows_per_s=rows / (peer_ms / 1000),
            detail=f"{rows} rows, {size / 1e6:.1f} MB XLSX; baseline: django-import-export",
        ),
        peer_peak[0],
    )


@dataclass
class Run:
    """What one benchmark run measured, and the main queries' plans when asked for."""

    values: FilterValues
    measures: list[Measure]
    plans: list[tuple[str, str]]
    peer_peak_mb: float


def run(
    *,
    requests: int,
    import_rows: int,
    bulk_runs: int,
    plans: bool,
    note: Callable[[str], None] = lambda text: None,
) -> Run:
    """Measure every page, the export and the import in one transaction, rolled back:
    the benchmark's users, sessions and imported rows leave nothing behind. `note` hears
    of each step as it starts."""
    result: Run | None = None
    try:
        with transaction.atomic():
            partner, superuser = benchmark_users()
            readers = {False: Reader(partner), True: Reader(superuser)}
            values = filter_values()
            measures, explained = [], []
            for page in pages(values, superuser):
                note(page.name)
                measures.append(measure_page(page, readers[page.admin], requests))
                if plans:
                    explained.append((page.name, page.main().explain()))
            for file_format, name in [("xlsx", "export"), ("csv", "export_csv")]:
                note(name)
                measures.append(measure_export(file_format, name, readers[False], bulk_runs))
            imported, peer_peak = measure_import(import_rows, superuser, bulk_runs, note)
            measures.append(imported)
            result = Run(values, measures, explained, peer_peak)
            raise Rollback
    except Rollback:
        pass
    assert result is not None
    return result
