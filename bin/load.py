"""Lawtracker under load: a scratch instance served by gunicorn with its production
configuration, partners browsing while two associates import and edit; then what was
served, how fast, and whether every write landed exactly once. Run it through bin/load.

Not a unit test: it takes minutes and its timings depend on the machine.
"""

import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CASE_HEADER = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果", "监管部门"]
FAMILY_OF_FILE = {
    "cases_cyberspace.csv": "网信部门",
    "cases_public_security.csv": "公安部门",
    "cases_miit.csv": "工信部门",
    "cases_other.csv": "其他",
}
FAMILIES = ["cyberspace", "public_security", "miit", "other"]
PENALTY_KINDS = ["warning", "fine", "confiscation", "rectify", "interview", "detention"]
SEARCH_WORDS = [
    "罚款",
    "人脸",
    "约谈",
    "个人信息",
    "公司",
    "警告",
    "APP",
    "网络安全",
    "数据",
    "短信",
]
DATE_BOUNDS = ["2020", "2020-06", "2020-08", "2020-12", "2021", "2021-06-30", "2022"]
SORTS = ["", "-date", "date", "-fine", "region"]
# The import worker as bin/serve starts it (`worker` wraps django-tasks' db_worker).
WORKER = "worker" if (ROOT / "lawtracker/management/commands/worker.py").exists() else "db_worker"
CLIENT_TIMEOUT = 180  # longer than gunicorn's worker timeout, so the server's answer is seen


# -- the scratch instance ----------------------------------------------------------------


def run(env: dict, *args: str) -> str:
    """A manage.py command in the scratch instance; its output, or the script stops."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def review_rows() -> list[dict]:
    rows = []
    for source in sorted((ROOT / "fixtures" / "review_2020").glob("cases_*.csv")):
        with source.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                rows.append(row | {"监管部门": FAMILY_OF_FILE[source.name]})
    return rows


def write_cases(path: Path, count: int, marker: str, rng: random.Random, years: range) -> None:
    """A case file in the review's layout: the review's own rows, each told of a party
    named with `marker` and its number, on dates spread over `years`."""
    texts = review_rows()
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CASE_HEADER)
        for n in range(count):
            row = rng.choice(texts)
            year = years[n % len(years)]
            writer.writerow(
                [
                    f"{year}.{1 + n % 12}.{1 + (n * 7) % 28}",
                    row["地区"],
                    f"{row['被处罚主体']}（{marker}{n}号）",
                    row["执法机构"],
                    row["违法事实"] + rng.choice(texts)["违法事实"][: rng.randint(0, 120)],
                    row["处罚结果"],
                    row["监管部门"],
                ]
            )


def scratch_database(args) -> tuple[str | None, str | None]:
    """The DATABASE_URL to use and the scratch database to drop afterwards (if made here)."""
    if args.database == "sqlite":
        return None, None
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], None
    import psycopg

    name = f"lt_load_{secrets.token_hex(4)}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}", name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Each case as it stands, but for its notes (which the editor adds to): a digest of its
# fields, links and penalties, to show afterwards that a save through the admin's form
# changed nothing it was not asked to change.
DIGESTS = """
import hashlib
from django.forms.models import model_to_dict
from enforcement.models import Case
SKIP = {"notes", "updated_at", "search_text"}
def digests():
    found = {}
    cases = Case.objects.prefetch_related(
        "penalties", "authorities", "violation_categories", "legal_basis")
    for case in cases.order_by("pk"):
        values = {k: v for k, v in model_to_dict(case).items() if k not in SKIP}
        values["fingerprint"] = case.fingerprint
        values["penalties"] = [(p.kind, p.target, p.person, str(p.amount), p.days)
                               for p in case.penalties.all()]
        found[str(case.pk)] = hashlib.sha256(repr(sorted(values.items(), key=str))
                                             .encode()).hexdigest()[:16]
    return found
"""

POOLS = (
    DIGESTS
    + """
import json
from enforcement.models import Campaign, Case
from instruments.models import Authority, Instrument, Region
print(json.dumps({
    "digests": digests(),
    "cases": list(Case.objects.values_list("pk", flat=True)),
    "instruments": list(Instrument.objects.values_list("pk", flat=True)),
    "authorities": list(Authority.objects.filter(cases__isnull=False).distinct()
                        .values_list("pk", flat=True)),
    "campaigns": list(Campaign.objects.values_list("pk", flat=True)),
    "provinces": list(Region.objects.values_list("code", flat=True)),
}))
"""
)

# Read from the database once everyone has stopped: what landed, and how often.
CHECK = (
    DIGESTS
    + """
import json, re, sys
from collections import Counter
from django.db.models import Count
from enforcement.models import Case
from lawtracker.models import ImportJob, ImportRecord
plan = json.loads(sys.stdin.read())
tokens = Counter()
edited = Case.objects.filter(notes__contains=plan["edit_prefix"])
for notes in edited.values_list("notes", flat=True):
    tokens.update(re.findall(re.escape(plan["edit_prefix"]) + r"\\d+", notes))
files = []
for upload in plan["uploads"]:
    subjects = list(Case.objects.filter(subject__contains=upload["marker"])
                    .values_list("subject", flat=True))
    job = (ImportJob.objects.filter(pk=upload["job"])
           .values("state", "created", "record_id").first())
    files.append({"marker": upload["marker"], "job": upload["job"], "rows": upload["rows"],
                  "state": job and job["state"], "created": job and job["created"],
                  "record": bool(job and job["record_id"]),
                  "cases": len(subjects), "distinct": len(set(subjects))})
print(json.dumps({
    "digests": digests(),
    "tokens": tokens,
    "files": files,
    "cases": Case.objects.count(),
    "duplicate_fingerprints": Case.objects.values("fingerprint").annotate(n=Count("pk"))
        .filter(n__gt=1).count(),
    "import_records": ImportRecord.objects.count(),
}))
"""
)


def check_database(env: dict, plan: dict) -> dict:
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CHECK],
        cwd=ROOT,
        env=env,
        input=json.dumps(plan),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"reading the results failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- HTTP, as a browser does it ------------------------------------------------------------


@dataclass
class Hit:
    role: str  # read, edit, import, login
    page: str
    started: float  # seconds since the clock started
    seconds: float
    status: int
    error: str = ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # each request is timed on its own; the caller follows


class Browser:
    """One user's cookies; every request timed and recorded."""

    def __init__(self, base: str, role: str, clock, hits: list):
        self.base, self.role, self.clock, self.hits = base, role, clock, hits
        self.last: Hit | None = None
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, page: str, path: str, *, data=None, headers=None, expect=(200,), role=None):
        """(status, body, Location); an unexpected status or a failure is recorded as an error."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = self.clock()
        status, body, location, error = 0, b"", "", ""
        try:
            with self.opener.open(request, timeout=CLIENT_TIMEOUT) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as answer:
            status, body = answer.code, answer.read()
            location = answer.headers.get("Location", "")
        except (OSError, urllib.error.URLError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        seconds = self.clock() - started
        if not error and status not in expect:
            error = f"status {status}"
        self.last = Hit(role or self.role, page, started, seconds, status, error)
        self.hits.append(self.last)
        return status, body.decode("utf-8", "replace"), location

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, page: str, path: str, fields, *, expect=(302,), files=None, role=None):
        if files:
            boundary = secrets.token_hex(16)
            data, content_type = multipart(fields, files, boundary)
        else:
            data = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type, "Referer": self.base + path}
        return self.request(page, path, data=data, headers=headers, expect=expect, role=role)

    def log_in(self, login_path: str, username: str, password: str) -> bool:
        status, body, _ = self.request("login form", login_path, role="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            return False
        fields = {"csrfmiddlewaretoken": token.group(1), "username": username}
        fields |= {"password": password, "next": "/admin/" if "admin" in login_path else "/"}
        status, _, location = self.post("login", login_path, fields, role="login")
        return status == 302 and "login" not in location


def multipart(fields: dict, files: dict, boundary: str) -> tuple[bytes, str]:
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (file_name, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class FormFields(HTMLParser):
    """What a browser submits from one form: its inputs, checked boxes, selected options
    and text areas, as they were rendered."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in ("submit", "button", "image", "file", "reset"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                default = "on" if kind in ("checkbox", "radio") else ""
                self.fields.append((attrs["name"], attrs.get("value") or default))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one line break that follows <textarea>.
            text = self.text[1:] if self.text.startswith("\n") else self.text
            self.fields.append((self.textarea, text))
            self.textarea = None


# -- who does what -------------------------------------------------------------------------


@dataclass
class Plan:
    """What the associates wrote, to be found in the database afterwards."""

    run_id: str
    edit_prefix: str
    edits_acknowledged: list[int] = field(default_factory=list)
    edits_unanswered: list[int] = field(default_factory=list)
    uploads: list[dict] = field(default_factory=list)
    windows: list[dict] = field(default_factory=list)  # each job's check and write


def random_case_query(rng: random.Random, pools: dict) -> dict:
    query: dict[str, list[str] | str] = {}
    if rng.random() < 0.4:
        query["family"] = rng.sample(FAMILIES, rng.randint(1, 2))
    if rng.random() < 0.3:
        query["province"] = rng.sample(pools["provinces"] + ["national"], rng.randint(1, 2))
    if rng.random() < 0.3:
        query["penalty"] = rng.sample(PENALTY_KINDS, rng.randint(1, 2))
    if rng.random() < 0.3:
        low, high = sorted(rng.sample(DATE_BOUNDS, 2))
        query["date_from"], query["date_to"] = low, high
    if rng.random() < 0.4:
        query["q"] = rng.choice(SEARCH_WORDS)
    if rng.random() < 0.2:
        query["sort"] = rng.choice(SORTS)
    if rng.random() < 0.3:
        query["page"] = str(rng.randint(2, 5))
    return query


def reader(browser: Browser, rng: random.Random, pools: dict, until: float, think) -> None:
    """A partner browsing: lists with filters, details, now and then an export."""
    pages = [
        (10, "dashboard", lambda: "/"),
        (35, "case list", lambda: "/cases/?" + encode(random_case_query(rng, pools))),
        (20, "case detail", lambda: f"/cases/{rng.choice(pools['cases'])}/"),
        (8, "instrument list", lambda: "/instruments/?" + encode(instrument_query(rng))),
        (7, "instrument detail", lambda: f"/instruments/{rng.choice(pools['instruments'])}/"),
        (6, "authority", lambda: f"/authorities/{rng.choice(pools['authorities'])}/"),
        (3, "campaign list", lambda: "/campaigns/"),
        (2, "campaign detail", lambda: f"/campaigns/{rng.choice(pools['campaigns'])}/"),
        (
            2,
            "export",
            lambda: (
                f"/cases/export.{rng.choice(['csv', 'xlsx'])}?"
                + encode(random_case_query(rng, pools) | {"page": []})
            ),
        ),
    ]
    weights = [weight for weight, _, _ in pages]
    # Readers arrive over the first think time, not all in the same instant.
    time.sleep(think(rng) * rng.random())
    while browser.clock() < until:
        _, page, path = rng.choices(pages, weights)[0]
        browser.request(page, path())
        time.sleep(think(rng))


def instrument_query(rng: random.Random) -> dict:
    query: dict[str, str] = {}
    if rng.random() < 0.3:
        query["level"] = rng.choice(["law", "national_standard", "departmental_rule"])
    if rng.random() < 0.3:
        query["q"] = rng.choice(["个人信息", "数据", "网络", "安全"])
    if rng.random() < 0.2:
        query["view"] = rng.choice(["upcoming", "pending_drafts"])
    return query


def encode(query: dict) -> str:
    return urllib.parse.urlencode({k: v for k, v in query.items() if v}, doseq=True)


def editor(browser: Browser, rng: random.Random, pools: dict, until: float, plan: Plan) -> None:
    """An associate correcting cases in the admin: each save adds its own token to the
    case's notes."""
    number = 0
    while browser.clock() < until:
        number += 1
        path = f"/admin/enforcement/case/{rng.choice(pools['cases'])}/change/"
        status, body, _ = browser.request("change form", path)
        if status != 200:
            time.sleep(1)
            continue
        form = FormFields("case_form")
        form.feed(body)
        fields = [(name, value) for name, value in form.fields if name != "notes"]
        notes = next((value for name, value in form.fields if name == "notes"), "")
        token = f"{plan.edit_prefix}{number}"
        fields += [("notes", (notes + "\n" + token).strip()), ("_save", "Save")]
        status, body, _ = browser.post("save", path, fields)
        if status == 302:
            plan.edits_acknowledged.append(number)
        else:
            plan.edits_unanswered.append(number)
            if status == 200:  # the form refused the save: say why
                problem = re.search(r'class="errorlist[^"]*">(.*?)</ul>', body, re.S)
                said = re.sub(r"<[^>]+>|\s+", " ", problem.group(1)).strip() if problem else "?"
                browser.last.error += f" (form: {said[:200]})"
        time.sleep(rng.uniform(0.5, 2.0))


JOB_STATE = re.compile(r"<p><strong>([^<]*)</strong></p>")
STATES = {
    "checking": "checking",
    "ready to import": "ready",
    "has problems": "rejected",
    "importing": "importing",
    "imported": "imported",
    "not imported": "failed",
    "cancelled": "cancelled",
}


def job_state(body: str) -> str:
    found = JOB_STATE.search(body)
    label = found.group(1).split("·")[0].strip().lower() if found else ""
    return STATES.get(label, f"unknown ({label or 'no state on the page'})")


def importer(browser: Browser, rng, until: float, drain: float, plan: Plan, args, var: Path):  # noqa: PLR0913
    """An associate importing case files through the admin: upload, wait for the check,
    confirm, wait until imported; again while there is time."""
    number = 0
    while browser.clock() < until:
        number += 1
        marker = f"负载{plan.run_id}-{number}-"
        path = var / f"load-{number}.csv"
        write_cases(path, args.import_rows, marker, rng, range(2023, 2025))
        upload = "/admin/enforcement/case/import/"
        status, _, _ = browser.request("import form", upload)
        fields = {"csrfmiddlewaretoken": browser.csrf()}
        files = {"import_file": (path.name, path.read_bytes())}
        sent = browser.clock()
        status, _, location = browser.post("upload", upload, fields, files=files)
        job = re.search(r"/importjob/(\d+)/", location)
        if status != 302 or not job:
            time.sleep(1)
            continue
        job_path = f"/admin/lawtracker/importjob/{job.group(1)}/change/"
        entry = {"marker": marker, "job": int(job.group(1)), "rows": args.import_rows}
        plan.uploads.append(entry)
        window = {"job": entry["job"], "uploaded": sent}
        plan.windows.append(window)
        state = wait_for(browser, job_path, ("checking",), until + drain)
        window["checked"] = browser.clock()
        if state != "ready":
            browser.last.error = browser.last.error or f"job {state} after its check"
            continue
        browser.post(
            "confirm", job_path, {"csrfmiddlewaretoken": browser.csrf(), "action": "confirm"}
        )
        window["confirmed"] = browser.clock()
        state = wait_for(browser, job_path, ("ready", "importing"), until + drain)
        window["imported"] = browser.clock()
        window["state"] = state
        if state != "imported":
            browser.last.error = browser.last.error or f"job {state}"


def wait_for(browser: Browser, path: str, passing: tuple, give_up: float) -> str:
    """Poll a job's page, as its own refresh does, until it leaves the given states."""
    while True:
        status, body, _ = browser.request("job page", path)
        state = job_state(body) if status == 200 else "unreachable"
        if state not in passing or browser.clock() > give_up:
            return state
        time.sleep(1)


# -- the figures ---------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(-(-share * len(ordered) // 1)) - 1)] if ordered else 0.0


def summary(hits: list[Hit]) -> dict:
    times = [hit.seconds for hit in hits]
    errors = [hit for hit in hits if hit.error]
    return {
        "requests": len(hits),
        "errors": len(errors),
        "p50": round(percentile(times, 0.50), 3),
        "p95": round(percentile(times, 0.95), 3),
        "max": round(max(times, default=0.0), 3),
        "error_kinds": sorted({f"{hit.page}: {hit.error}" for hit in errors})[:10],
    }


def inside(hit: Hit, windows: list[tuple[float, float]]) -> bool:
    return any(start <= hit.started < end for start, end in windows)


def report(hits: list[Hit], plan: Plan, found: dict, before: dict, args, measured: dict) -> dict:
    reads = [hit for hit in hits if hit.role == "read"]
    end = measured["seconds"]
    writes = [(w["confirmed"], w.get("imported", end)) for w in plan.windows if "confirmed" in w]
    checks = [(w["uploaded"], w["checked"]) for w in plan.windows if "checked" in w]
    classes = {
        "reads": summary(reads),
        "reads while importing": summary([hit for hit in reads if inside(hit, writes)]),
        "reads while checking": summary([hit for hit in reads if inside(hit, checks)]),
        "reads with no job running": summary(
            [hit for hit in reads if not inside(hit, writes + checks)]
        ),
        "edits": summary([hit for hit in hits if hit.role == "edit"]),
        "edit saves": summary([hit for hit in hits if hit.role == "edit" and hit.page == "save"]),
        "imports": summary([hit for hit in hits if hit.role == "import"]),
        "logins": summary([hit for hit in hits if hit.role == "login"]),
    }
    by_page: dict[str, list[Hit]] = {}
    for hit in reads:
        by_page.setdefault(hit.page, []).append(hit)
    tokens = found["tokens"]
    acknowledged = {f"{plan.edit_prefix}{n}" for n in plan.edits_acknowledged}
    unanswered = {f"{plan.edit_prefix}{n}" for n in plan.edits_unanswered}
    files = found["files"]
    exactly_once = {
        "edits acknowledged": len(acknowledged),
        "acknowledged edits missing": sorted(acknowledged - set(tokens)),
        "edits doubled": sorted(token for token, n in tokens.items() if n > 1),
        "edits refused or unanswered": len(unanswered),
        "refused edits that landed anyway": sorted(unanswered & set(tokens)),
        "edits never sent that landed": sorted(set(tokens) - acknowledged - unanswered),
        "files uploaded": len(files),
        "files imported": sum(1 for f in files if f["state"] == "imported"),
        "imported files not whole or doubled": [
            f
            for f in files
            if f["state"] == "imported"
            and not f["cases"] == f["distinct"] == f["rows"] == f["created"]
        ],
        "unimported files with rows written": [
            f for f in files if f["state"] != "imported" and f["cases"]
        ],
        "duplicate cases (same fingerprint)": found["duplicate_fingerprints"],
        "cases changed beyond their notes": sorted(
            int(pk) for pk, digest in before.items() if found["digests"].get(pk) != digest
        ),
    }
    exactly_once["ok"] = not any(exactly_once[key] for key in WRONG)
    return {
        "database": args.database,
        "readers": args.readers,
        "seconds": args.seconds,
        "think_seconds": [args.think_min, args.think_max],
        "gunicorn": measured["gunicorn"],
        "data": measured["data"],
        "classes": classes,
        "read pages": {page: summary(group) for page, group in sorted(by_page.items())},
        "import jobs": [
            {
                "job": w["job"],
                "check_s": round(w["checked"] - w["uploaded"], 1) if "checked" in w else None,
                "import_s": round(w["imported"] - w["confirmed"], 1) if "imported" in w else None,
                "state": w.get("state"),
            }
            for w in plan.windows
        ],
        "exactly_once": exactly_once,
        "server_log": measured["server_log"],
    }


# What must be empty (or zero) for every write to have landed exactly once.
WRONG = (
    "acknowledged edits missing",
    "edits doubled",
    "refused edits that landed anyway",
    "edits never sent that landed",
    "imported files not whole or doubled",
    "unimported files with rows written",
    "duplicate cases (same fingerprint)",
    "cases changed beyond their notes",
)


def print_report(result: dict) -> None:
    print(
        f"\n{result['database']}: {result['readers']} readers (think "
        f"{result['think_seconds'][0]}–{result['think_seconds'][1]} s), 1 editor, 1 importer, "
        f"{result['seconds']} s; gunicorn {result['gunicorn']}"
    )
    print(f"data: {result['data']}")
    print(f"{'':28}{'requests':>9}{'errors':>8}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    for name, row in result["classes"].items():
        print(
            f"{name:28}{row['requests']:9}{row['errors']:8}{row['p50']:8.2f}{row['p95']:8.2f}"
            f"{row['max']:8.2f}"
        )
        for kind in row["error_kinds"]:
            print(f"{'':4}{kind}")
    print("read pages:")
    for name, row in result["read pages"].items():
        print(
            f"  {name:26}{row['requests']:9}{row['errors']:8}{row['p50']:8.2f}"
            f"{row['p95']:8.2f}{row['max']:8.2f}"
        )
    for job in result["import jobs"]:
        print(
            f"import job {job['job']}: checked in {job['check_s']} s, "
            f"imported in {job['import_s']} s, {job['state']}"
        )
    once = result["exactly_once"]
    print(
        f"exactly once: {'yes' if once['ok'] else 'NO'} — {once['edits acknowledged']} edits "
        f"saved, {once['edits refused or unanswered']} refused or unanswered; "
        f"{once['files imported']} of {once['files uploaded']} files imported"
    )
    for key in WRONG:
        if once[key]:
            print(f"  {key}: {once[key]}")
    print(f"server log: {result['server_log']}")


# -- the run -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--extra-cases", type=int, default=3000, help="cases imported first")
    parser.add_argument("--import-rows", type=int, default=2000, help="rows in each file uploaded")
    # A partner reads a list or a case before the next click: 3-10 s between pages is a
    # brisk reader; 0.2-1 s asks for every page the server can make (a stress run).
    parser.add_argument("--think-min", type=float, default=3.0, help="seconds, at least")
    parser.add_argument("--think-max", type=float, default=10.0, help="seconds, at most")
    parser.add_argument(
        "--gunicorn-args",
        default="",
        help='e.g. "--worker-class sync --workers 2" (GUNICORN_CMD_ARGS)',
    )
    parser.add_argument("--drain", type=float, default=300, help="seconds an import may run on")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    var = Path(tempfile.mkdtemp(prefix="lawtracker-load-"))
    database_url, scratch = scratch_database(args)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUNICORN_CMD_ARGS")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "lawtracker.settings",
        "LAWTRACKER_VAR_DIR": str(var),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on this machine: the cookies must travel without TLS.
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HTTPS": "false",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    processes: list[subprocess.Popen] = []
    try:
        result = measure(args, rng, var, env, processes)
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if scratch:
            drop_database(scratch)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    subprocess.run(["rm", "-rf", str(var)])
    sys.exit(0 if result["exactly_once"]["ok"] and not result["classes"]["reads"]["errors"] else 1)


def measure(args, rng: random.Random, var: Path, env: dict, processes: list) -> dict:
    started = time.monotonic()

    def step(text: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {text}", flush=True)

    step(f"scratch instance in {var} ({args.database})")
    run(env, "migrate", "--noinput")
    run(env, "setup_instance")
    run(env, "load_snapshot")
    run(env, "collectstatic", "--noinput", "--verbosity", "0")
    passwords = {}
    for username, role in [
        ("partner", "partner"),
        ("editor", "associate"),
        ("importer", "associate"),
    ]:
        said = run(env, "add_user", username, "--role", role)
        passwords[username] = re.search(r"password: (\S+) \(shown once\)", said).group(1)
    if args.extra_cases:
        step(f"importing {args.extra_cases} extra cases (import_records)")
        extra = var / "extra-cases.csv"
        write_cases(extra, args.extra_cases, "背景", rng, range(2019, 2023))
        run(env, "import_records", str(extra), "--kind", "cases", "--user", "importer")
    pools = json.loads(run(env, "shell", "-c", POOLS).strip().splitlines()[-1])
    data = (
        f"2020 snapshot + {args.extra_cases} made-up cases from its texts = "
        f"{len(pools['cases'])} cases, {len(pools['instruments'])} instruments; "
        f"uploads of {args.import_rows} new cases each"
    )
    step(data)

    port = free_port()
    logs = {name: (var / f"{name}.log").open("w") for name in ("gunicorn", "worker")}
    server_env = env | ({"GUNICORN_CMD_ARGS": args.gunicorn_args} if args.gunicorn_args else {})
    command = [GUNICORN, "-c", "lawtracker/gunicorn.conf.py", "lawtracker.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}"]
    for name, argv, process_env in [
        ("worker", [PYTHON, "manage.py", WORKER, "--no-startup-delay"], env),
        ("gunicorn", command, server_env),
    ]:
        processes.append(
            subprocess.Popen(
                argv,
                cwd=ROOT,
                env=process_env,
                stdout=logs[name],
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
            break
        except OSError:
            time.sleep(0.5)
    else:
        sys.exit(f"gunicorn did not start: {(var / 'gunicorn.log').read_text()[-2000:]}")
    config = subprocess.run(
        [GUNICORN, "-c", "lawtracker/gunicorn.conf.py", "--print-config", "lawtracker.wsgi"],
        cwd=ROOT,
        env=server_env,
        capture_output=True,
        text=True,
    ).stdout
    setting = dict(re.findall(r"^(\w+)\s*=\s*(.*)$", config, re.M))
    threads = (
        f" threads={setting.get('threads')}"
        if "gthread" in setting.get("worker_class", "")
        else ""
    )
    gunicorn = (
        f"{setting.get('worker_class')} workers={setting.get('workers')}{threads} "
        f"timeout={setting.get('timeout')}"
    )
    step(f"gunicorn at {base}: {gunicorn}")

    hits: list[Hit] = []
    zero = [0.0]
    clock = lambda: time.monotonic() - zero[0]  # noqa: E731
    run_id = secrets.token_hex(3)
    plan = Plan(run_id=run_id, edit_prefix=f"load-edit-{run_id}-")

    def think(rng: random.Random) -> float:
        return rng.uniform(args.think_min, args.think_max)

    readers = [Browser(base, "read", clock, hits) for _ in range(args.readers)]
    editing = Browser(base, "edit", clock, hits)
    importing = Browser(base, "import", clock, hits)
    step(f"logging in {args.readers} partners and 2 associates")
    logins = [
        threading.Thread(
            target=b.log_in, args=("/accounts/login/", "partner", passwords["partner"])
        )
        for b in readers
    ]
    logins += [
        threading.Thread(
            target=editing.log_in, args=("/admin/login/", "editor", passwords["editor"])
        ),
        threading.Thread(
            target=importing.log_in, args=("/admin/login/", "importer", passwords["importer"])
        ),
    ]
    for thread in logins:
        thread.start()
    for thread in logins:
        thread.join()
    for browser in (editing, importing):  # job pages in English, states read from them
        browser.post(
            "language",
            "/i18n/setlang/",
            {"csrfmiddlewaretoken": browser.csrf(), "language": "en", "next": "/admin/"},
            role="login",
        )

    zero[0] = time.monotonic()
    until = args.seconds
    step(f"load for {args.seconds:g} s")
    threads = [
        threading.Thread(target=reader, args=(b, random.Random(rng.random()), pools, until, think))
        for b in readers
    ]
    threads.append(
        threading.Thread(
            target=editor, args=(editing, random.Random(rng.random()), pools, until, plan)
        )
    )
    work = threading.Thread(
        target=importer,
        args=(importing, random.Random(rng.random()), until, args.drain, plan, args, var),
    )
    for thread in [*threads, work]:
        thread.start()
    for thread in threads:
        thread.join()
    measured_seconds = clock()
    if work.is_alive():
        step("readers stopped; waiting for the import under way to finish")
    work.join()
    step("reading the results from the database")
    found = check_database(env, asdict(plan))
    for log in logs.values():
        log.flush()
    server_log = (var / "gunicorn.log").read_text(errors="replace")
    worker_log = (var / "worker.log").read_text(errors="replace")
    measured = {
        "seconds": measured_seconds,
        "gunicorn": gunicorn,
        "data": data,
        "server_log": {
            "requests logged": len(re.findall(r'" \d{3} ', server_log)),
            "5xx logged": len(re.findall(r'" 5\d\d ', server_log)),
            "worker timeouts": server_log.count("WORKER TIMEOUT"),
            "tracebacks (gunicorn)": server_log.count("Traceback"),
            "tracebacks (import worker)": worker_log.count("Traceback"),
        },
    }
    if measured["server_log"]["tracebacks (gunicorn)"]:
        first = server_log[server_log.index("Traceback") :][:3000]
        print(f"first traceback in gunicorn's log:\n{first}")
    if measured["server_log"]["tracebacks (import worker)"]:
        print(f"import worker's log:\n{worker_log[-3000:]}")
    return report(hits, plan, found, pools["digests"], args, measured)


if __name__ == "__main__":
    main()
