"""The permission matrix: every URL the resolver knows (the admin's included), every admin
action and every import job's button, for an anonymous visitor, a partner, an associate,
staff without permissions and an administrator, by GET and by POST with a real CSRF token.

Routes, actions and buttons are collected from the URL resolver, the admin's registry and
the job page's template, so a new one is walked without being listed here; a route whose
parameters cannot be filled with a real object fails, naming itself. A partner, staff
without permissions and an anonymous visitor must write nothing by any request: every row
of every table is compared before and after (see UNWATCHED for the few left out).
"""

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import get_template
from django.test import Client, RequestFactory, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from enforcement import exports
from enforcement.models import Campaign, Case, SavedSearch, ViolationCategory
from enforcement.views import VERIFIED_KINDS
from instruments.models import Authority, Instrument, Topic
from lawtracker.imports.jobs import confirm_import, job_path, start_import
from lawtracker.models import ImportJob, ImportRecord, ImportState
from lawtracker.roles import DOMAIN_APPS
from tests.factories import (
    make_authority,
    make_campaign,
    make_case,
    make_instrument,
    make_user,
    region,
)
from tests.lawtracker.imports.test_jobs import run_worker

ANONYMOUS, PARTNER, ASSOCIATE, STAFF, ADMIN = "anonymous", "partner", "associate", "staff", "admin"
ROLES = (ANONYMOUS, PARTNER, ASSOCIATE, STAFF, ADMIN)
# Who may change nothing at all, by any request.
READ_ONLY = (ANONYMOUS, PARTNER, STAFF)

# Tables a request by anyone may write, as no record of the practice's: logging in or out,
# and messages, write the session.
UNWATCHED = {"sessions.session"}
# django-axes logs each login, logout and failed attempt, by anyone, by design: on the
# account pages alone (anywhere else, a change there would be an unlock).
LOGIN_RECORDS = {
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
}

# Pages an anonymous visitor may open (login) or post to (logging out clears a session),
# and the site's icon (a redirect to a static file, which needs no login either).
PUBLIC = {"login", "admin:login", "logout", "admin:logout", "favicon"}
# Pages about one's own session, not about the practice's records: open to every role.
ACCOUNT_PAGES = PUBLIC | {"set_language"}
# Front-end addresses for those who may change records: a partner is refused them (his
# GET as his POST).
FRONT_END_WRITES = {
    "enforcement:review-freeze",
    "enforcement:verification-queue",
    "enforcement:verify-record",
}
# Addresses reached by a key in them, not a session (feeds, a digest's unsubscribe): the
# matrix fills the key with a wrong one, which every role, logged in or not, is refused.
KEYED_PAGES = {
    "enforcement:feed-changes",
    "enforcement:feed-upcoming",
    "enforcement:feed-drafts",
    "enforcement:feed-cases",
    "enforcement:feed-instruments",
    "enforcement:unsubscribe",
}
WRONG_KEYS = {"key": "0-matrix", "token": "matrix-forged"}
# A reader's own saved searches, which every role keeps (and no one else's).
# (and their feeds' key, made when first shown).
OWN_PAGES = {
    "enforcement:saved-searches",
    "enforcement:saved-search",
    "enforcement:unsubscribe",
    "enforcement:changes",
}
OWN_RECORDS = {"enforcement.savedsearch", "enforcement.digestentry", "enforcement.feedkey"}
# URLs the matrix leaves out because they take no request of a user; each says why.
# (Static files are served by WhiteNoise's middleware, outside the URLconf.)
NOT_WALKED: dict[str, str] = {}

# A front-end page showing one record: the kind of record its <pk> is.
FRONT_END_MODELS = {
    "enforcement:case-detail": Case,
    "enforcement:campaign-detail": Campaign,
    "instruments:instrument-detail": Instrument,
    "instruments:authority-detail": Authority,
    "enforcement:saved-search": SavedSearch,
    "api:case-detail": Case,
    "api:instrument-detail": Instrument,
    "api:campaign-detail": Campaign,
}
# Parameters with a few known values: one route per value.
VALUES = {"format": sorted(exports.FORMATS), "kind": sorted(VERIFIED_KINDS)}
# Query strings a page needs to do anything at all.
QUERIES = {
    "admin:autocomplete": {
        "app_label": "enforcement",
        "model_name": "case",
        "field_name": "authorities",
        "term": "通信",
    },
}
# Admin pages a partner reads: these kinds of a model's pages, when the partner may view
# the model, and these pages of the site itself.
READ_KINDS = {"changelist", "change", "history", "simple_history", "export", "file", ""}
SITE_PAGES = {
    "admin:index",
    "admin:app_list",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:password_change",
    "admin:password_change_done",
}
# An unnamed group in a route's regex is filled by what the route's name ends with.
POSITIONAL = {"_simple_history": ("object_id", "history_id")}


def matrix_name(*parts: str) -> str:
    return "test_" + "_".join(re.sub(r"\W+", "_", part).strip("_") for part in parts)


# Holes the matrix finds and that are not yet closed: {test name: why}. Each is a strict
# xfail, so the test fails once the hole is fixed until it leaves this list.
HOLES: dict[str, str] = {}

JOB_STATES = (
    ImportState.CHECKING,
    ImportState.READY,
    ImportState.REJECTED,
    ImportState.IMPORTED,
    ImportState.FAILED,
)

CASE_HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
GOOD_ROWS = CASE_HEADER + "2020.01,北京,矩阵测试甲公司,网安部门,事实,警告\n"


class Unfillable(Exception):
    """A route the matrix cannot build a real URL for."""


# -- collecting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "admin:enforcement_case_change", or the route itself when it has no name
    patterns: tuple  # from the root URLconf down to the view
    callback: object
    model: type | None  # the model whose admin serves it
    fixed: tuple = ()  # (parameter, value) pairs chosen when collecting

    @property
    def kind(self) -> str:
        """ "change" for admin:enforcement_case_change; "" for an unnamed admin route."""
        if self.model is None or not self.name.startswith("admin:"):
            return ""
        prefix = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_"
        return self.name.removeprefix(prefix) if self.name.startswith(prefix) else ""

    @property
    def label(self) -> str:
        return self.name + "".join(f"[{key}={value}]" for key, value in self.fixed)


def admin_prefixes() -> dict[str, type]:
    """admin.site includes each registered model's URLs under "<app_label>/<model_name>/"."""
    return {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}


def walk(resolver, chain=(), namespace="", model=None, prefixes=None, local=()):
    """Every URL pattern under the resolver; `local` holds the patterns since the last
    namespace, which name a URL that has no name of its own."""
    prefixes = admin_prefixes() if prefixes is None else prefixes
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            owner = prefixes.get(str(entry.pattern)) if inner == "admin:" else None
            yield from walk(
                entry,
                (*chain, entry.pattern),
                inner,
                owner or model,
                prefixes,
                () if entry.namespace else (*local, entry.pattern),
            )
        elif isinstance(entry, URLPattern):
            unnamed = "".join(str(p) for p in (*local, entry.pattern))
            yield Route(
                name=namespace + (entry.name or unnamed),
                patterns=(*chain, entry.pattern),
                callback=entry.callback,
                model=model,
            )


def parameters(route: Route) -> list[str]:
    """The route's parameters: named ones by name, unnamed regex groups as "1", "2" …"""
    found = []
    for pattern in route.patterns:
        if isinstance(pattern, RoutePattern):
            found += [m["parameter"] for m in ROUTE_PARAMETER.finditer(str(pattern))]
        elif isinstance(pattern, RegexPattern):
            found += [key for key, _ in regex_groups(str(pattern))]
    return found


def collect_routes() -> list[Route]:
    routes = []
    for route in walk(get_resolver()):
        if route.name in NOT_WALKED:
            continue
        known = [key for key in parameters(route) if key in VALUES]
        if not known:
            routes.append(route)
            continue
        # One route per known value (each export format); two such parameters would be one
        # too many to need.
        (key,) = known
        routes += [
            Route(route.name, route.patterns, route.callback, route.model, ((key, value),))
            for value in VALUES[key]
        ]
    return routes


def admin_actions() -> list[tuple[type, str]]:
    """Every action each model's admin offers an administrator (no query: a superuser's
    permissions are not looked up)."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return [
        (model, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    ]


def job_buttons() -> list[str]:
    """Every action button the job page has, read from its template."""
    source = get_template("admin/lawtracker/importjob/job.html").template.source
    tags = re.findall(r"<button[^>]*>", source)
    return sorted(
        {
            m[1]
            for tag in tags
            if 'name="action"' in tag
            for m in [re.search(r'value="(\w+)"', tag)]
            if m
        }
    )


# -- building a URL -----------------------------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def regex_groups(text: str) -> list[tuple[str, tuple[int, int]]]:
    """A regex's top-level groups: (name, or "1", "2" … when unnamed; their span)."""
    groups, depth, start, unnamed = [], 0, 0, 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                body = text[start + 1 : i]
                named = re.match(r"\?P<(\w+)>", body)
                if named:
                    groups.append((named[1], (start, i + 1)))
                elif body.startswith("?"):
                    raise Unfillable(f"a group the matrix cannot fill: ({body})")
                else:
                    unnamed += 1
                    groups.append((str(unnamed), (start, i + 1)))
        i += 1
    return groups


def regex_text(text: str, values: dict) -> str:
    pieces, end = [], 0
    for key, (start, stop) in regex_groups(text):
        pieces += [text[end:start], str(values[key])]
        end = stop
    pieces.append(text[end:])
    filled = "".join(pieces).removeprefix("^").removesuffix("$")
    filled = re.sub(r"\\(.)", r"\1", filled)
    if re.search(r"[()\[\]*+?|{}^$]", filled):
        raise Unfillable(f"regex {text!r} left as {filled!r}")
    return filled


class World:
    """One real row of each kind, the users of each role, and how to fill a route."""

    def __init__(self, objects: dict, users: dict):
        self.objects = objects
        self.users = users

    def object_of(self, model, route: Route):
        if model is None:
            raise Unfillable(f"{route.label}: which kind of record is its id? (FRONT_END_MODELS)")
        obj = self.objects.get(model) or model._default_manager.order_by("pk").first()
        if obj is None:
            raise Unfillable(f"{route.label}: no {model._meta.label} row to fill it with")
        return obj

    def value(self, key: str, route: Route):
        fixed = dict(route.fixed)
        if key in fixed:
            return fixed[key]
        if key.isdigit():
            names = next(
                (names for suffix, names in POSITIONAL.items() if route.name.endswith(suffix)),
                None,
            )
            if names is None or int(key) > len(names):
                raise Unfillable(f"{route.label}: unnamed group {key} (POSITIONAL)")
            key = names[int(key) - 1]
        if route.name == "admin:view_on_site":
            case = self.objects[Case]
            return {
                "content_type_id": ContentType.objects.get_for_model(Case).pk,
                "object_id": case.pk,
            }[key]
        model = route.model or FRONT_END_MODELS.get(route.name)
        if "kind" in fixed:  # a page of one kind of record, the kind in its address
            model = VERIFIED_KINDS[fixed["kind"]][0]
        if key in ("object_id", "pk", "id"):
            return self.object_of(model, route).pk
        if key in ("history_id", "version_id"):
            obj = self.object_of(model, route)
            manager = getattr(model._meta, "simple_history_manager_attribute", None)
            record = getattr(obj, manager).first() if manager else None
            if record is None:
                raise Unfillable(f"{route.label}: {obj!r} has no history row")
            return record.history_id
        if key == "app_label":
            return route.model._meta.app_label if route.model else "enforcement"
        if key == "url":
            return "no-such-page/"
        if key in WRONG_KEYS:
            return WRONG_KEYS[key]
        raise Unfillable(f"{route.label}: no rule fills <{key}>")

    def path(self, route: Route) -> str:
        values = {key: self.value(key, route) for key in parameters(route)}
        text = ""
        for pattern in route.patterns:
            if isinstance(pattern, RoutePattern):
                text += ROUTE_PARAMETER.sub(lambda m: str(values[m["parameter"]]), str(pattern))
            elif isinstance(pattern, RegexPattern):
                text += regex_text(str(pattern), values)
            else:
                raise Unfillable(f"{route.label}: a {type(pattern).__name__}")
        path = "/" + text
        if resolve(path).func is not route.callback:
            raise Unfillable(f"{route.label}: built {path}, which resolves to another view")
        return path


def build_world() -> World:
    User = get_user_model()
    # No passwords (the matrix logs in without one): hashing five would take seconds.
    users = {
        PARTNER: make_user("partner", username="matrix-partner", password=None),
        ASSOCIATE: make_user("associate", username="matrix-associate", password=None),
        ADMIN: make_user("admin", username="matrix-admin", password=None),
        # Staff status lets them into the admin; no group, no permission.
        STAFF: User.objects.create_user(username="matrix-staff", is_staff=True),
    }
    authority = make_authority()
    topic = Topic.objects.create(name="矩阵测试主题")
    instrument = make_instrument()
    instrument.authorities.add(authority)
    instrument.topics.add(topic)
    campaign = make_campaign()
    campaign.authorities.add(authority)
    category = ViolationCategory.objects.order_by(
        "pk"
    ).first() or ViolationCategory.objects.create(name="矩阵测试类别")
    # A fine an associate corrected by hand: re-reading the text would change it.
    case = make_case(
        penalties=[("fine", "organization", "35000")],
        penalty_text="罚款 3 万元",
        campaign=campaign,
        province=region("广东"),
    )
    case.authorities.add(authority)
    case.legal_basis.add(instrument)
    case.violation_categories.add(category)
    record = ImportRecord.objects.create(
        source="file", kind="cases", file_name="matrix.csv", sha256="0" * 64, user=users[ASSOCIATE]
    )
    jobs = build_jobs(users[ASSOCIATE])
    objects = {
        Authority: authority,
        Topic: topic,
        Instrument: instrument,
        Campaign: campaign,
        ViolationCategory: category,
        Case: case,
        ImportRecord: record,
        ImportJob: jobs[ImportState.READY],
        # Someone else's account and a group of no role: pages and actions on users and
        # groups must not lock the matrix's own users out halfway.
        User: make_user(None, username="matrix-target", password=None),
        Group: Group.objects.create(name="Matrix reviewers"),
    }
    # Someone else's saved search: no role may change it but its owner.
    objects[SavedSearch] = SavedSearch.objects.create(
        user=objects[User], name="矩阵检索", list="cases", query="family=miit"
    )
    objects.update(axes_rows())
    return World(objects | {("job", state): job for state, job in jobs.items()}, users)


def build_jobs(user) -> dict[str, ImportJob]:
    """An import job in each state a job waits in, run by the real worker."""

    def upload(text: str, name: str) -> ImportJob:
        file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
        return start_import(upload=file, kind="cases", options={}, user=user, language="en")

    ready = upload(GOOD_ROWS, "ready.csv")
    rejected = upload(CASE_HEADER + "2020.13,北京,矩阵测试乙公司,网安部门,事实,警告\n", "bad.csv")
    imported = upload(CASE_HEADER + "2020.02,北京,矩阵测试丙公司,网安部门,事实,警告\n", "i.csv")
    failed = upload(CASE_HEADER + "2020.03,北京,矩阵测试丁公司,网安部门,事实,警告\n", "f.csv")
    run_worker()
    imported.refresh_from_db()
    confirm_import(job=imported)
    run_worker()
    ImportJob.objects.filter(pk=failed.pk).update(state=ImportState.FAILED)
    checking = upload(GOOD_ROWS, "checking.csv")  # queued; no worker has taken it
    jobs = {
        ImportState.READY: ready,
        ImportState.REJECTED: rejected,
        ImportState.IMPORTED: imported,
        ImportState.FAILED: failed,
        ImportState.CHECKING: checking,
    }
    for state, job in jobs.items():
        job.refresh_from_db()
        assert job.state == state, (state, job.state, job.result)
    return jobs


def axes_rows() -> dict:
    """django-axes' login records, when its admin is registered."""
    rows = {}
    common = {
        "user_agent": "matrix",
        "ip_address": "10.0.0.1",
        "username": "matrix-target",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    extra = {
        "accessattempt": {"get_data": "", "post_data": "", "failures_since_start": 1},
        "accesslog": {},
        "accessfailurelog": {},
    }
    for model in admin.site._registry:
        if model._meta.app_label == "axes" and model._meta.model_name in extra:
            rows[model] = model.objects.create(**common, **extra[model._meta.model_name])
    return rows


# -- requests -----------------------------------------------------------------------------


def watched_tables() -> list[tuple[str, str]]:
    """(label, query of all its rows in order) for every watched table."""
    quote = connection.ops.quote_name
    return [
        (
            opts.label_lower,
            f"SELECT * FROM {quote(opts.db_table)} ORDER BY {quote(opts.pk.column)}",
        )
        for model in apps.get_models(include_auto_created=True)
        for opts in [model._meta]
        if opts.label_lower not in UNWATCHED and not opts.proxy and opts.managed
    ]


def digest() -> dict[str, str]:
    """A fingerprint of every row of every watched table (a query a table)."""
    tables = {}
    with connection.cursor() as cursor:
        for label, query in watched_tables():
            cursor.execute(query)
            tables[label] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return tables


def changed(before: dict, after: dict) -> list[str]:
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )


class FormReader(HTMLParser):
    """The fields of a page's POST forms, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.select: tuple[str, bool, list] | None = None
        self.textarea: str | None = None

    def add(self, name: str, value):
        self.form["data"].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "").lower() == "post":
                self.form = {"action": attrs.get("action") or "", "data": {}, "files": []}
                self.forms.append(self.form)
            return
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value") or "on")
            elif kind == "file":
                self.form["files"].append(name)
            elif kind not in ("submit", "button", "image", "reset"):
                self.add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs, [])
        elif tag == "option" and self.select:
            name, multiple, options = self.select
            options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea and self.form is not None:
            values = self.form["data"][self.textarea]
            values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            if self.textarea and self.form is not None:
                values = self.form["data"][self.textarea]
                values[-1] = values[-1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select and self.form is not None:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser submits the first option
            for value in chosen:
                self.add(name, value)
            self.select = None


def page_form(html: str, path: str) -> dict:
    """The page's own POST form with the most fields (not the header's logout form)."""
    reader = FormReader()
    reader.feed(html)
    own = [form for form in reader.forms if form["action"] in ("", path)]
    return max(own, key=lambda form: len(form["data"]) + len(form["files"]), default=None) or {
        "data": {},
        "files": [],
    }


def form_errors(response) -> str:
    """The errors a re-shown admin form lists, for a failure's message."""
    form = (response.context or {}).get("adminform") if response.context else None
    return form.form.errors.as_text() if form is not None else ""


def csrf_refused(response) -> bool:
    return response.status_code == 403 and b'data-error="csrf"' in response.content


class MatrixTestCase(TestCase):
    """The world is built and every role logged in once; every test runs in its own
    rolled-back transaction, so each starts from the same rows (the baseline)."""

    # Built once for the class and shared, not copied for each test as what
    # setUpTestData assigns would be: the tests only read them.
    shared: dict = {}
    forms: dict[str, dict] = {}  # page path → its form as the administrator gets it

    @classmethod
    def setUpTestData(cls):
        cls.forms.clear()
        world = build_world()
        # A real CSRF token, from the cookie a browser gets with the login page.
        browser = Client(enforce_csrf_checks=True)
        browser.get(reverse("login"))
        sessions = {}
        for role, user in world.users.items():
            login = Client()
            login.force_login(user)
            sessions[role] = login.cookies[settings.SESSION_COOKIE_NAME].value
        cls.shared.clear()
        cls.shared.update(
            world=world,
            token=browser.cookies[settings.CSRF_COOKIE_NAME].value,
            sessions=sessions,
            baseline=digest(),
        )

    @property
    def world(self) -> World:
        return self.shared["world"]

    @property
    def token(self) -> str:
        return self.shared["token"]

    def setUp(self):
        # The uploaded files live on disk, outside the transaction each test rolls back.
        for key, job in self.world.objects.items():
            if isinstance(key, tuple) and key[0] == "job":
                path = job_path(job)
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(GOOD_ROWS, encoding="utf-8")

    def client_for(self, role: str) -> Client:
        """A client of the role (its session), holding the CSRF cookie."""
        client = Client(enforce_csrf_checks=True)
        client.cookies[settings.CSRF_COOKIE_NAME] = self.token
        if role != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.shared["sessions"][role]
        return client

    def form_of(self, path: str) -> dict:
        """What the administrator's copy of the page would submit: a valid form where the
        page has one, so a refusal is the permission's doing, not the form's."""
        if path not in self.forms:
            try:
                response = self.client_for(ADMIN).get(path)
                html = response.content.decode() if response.status_code == 200 else ""
            except Exception:  # the administrator's own test of this page reports it
                html = ""
            self.forms[path] = page_form(html, path)
            self.scraped = True  # whatever that GET wrote is not the role's doing
        return self.forms[path]

    def send(self, role: str, method: str, path: str, data=None, query=None):
        """The request and the tables it changed; a POST carries the token both ways."""
        client = self.client_for(role)
        before = digest() if getattr(self, "scraped", False) else self.shared["baseline"]
        if method == "GET":
            response = client.get(path, query or {})
        else:
            data = {**(data or {}), "csrfmiddlewaretoken": self.token}
            response = client.post(path, data, HTTP_X_CSRFTOKEN=self.token)
        return response, changed(before, digest())

    def check_common(self, role, where, response, written, route_name=""):
        self.assertLess(response.status_code, 500, where)
        self.assertFalse(csrf_refused(response), f"{where}: refused as forged; the token is real")
        if route_name in ACCOUNT_PAGES:
            written = [label for label in written if label not in LOGIN_RECORDS]
        if route_name in OWN_PAGES:
            written = [label for label in written if label not in OWN_RECORDS]
        if role in READ_ONLY and written:
            self.fail(f"{where} wrote to {', '.join(written)}")
        if role == ANONYMOUS and route_name not in PUBLIC:
            self.assert_kept_out(response, where)

    def assert_kept_out(self, response, where):
        if response.status_code in (301, 302):
            logins = (reverse("login"), reverse("admin:login"))
            self.assertTrue(response["Location"].startswith(logins), where)
        else:
            self.assertGreaterEqual(response.status_code, 400, where)


# -- the matrix ---------------------------------------------------------------------------


def add_test(cls, name: str, function, reason: str | None = None):
    if name in cls.__dict__:
        raise AssertionError(f"two matrix tests named {name}")
    function.__name__ = function.__qualname__ = name  # pytest marks no "<lambda>"
    if reason:
        function = pytest.mark.xfail(strict=True, reason=reason)(function)
    setattr(cls, name, function)


class URLMatrixTests(MatrixTestCase):
    """Every route × every role × GET and POST."""

    def visit(self, route: Route, role: str, method: str):
        try:
            path = self.world.path(route)
        except Unfillable as problem:
            self.fail(f"the matrix cannot fill {problem}")
        where = f"{role} {method} {path} ({route.label})"
        if method == "GET":
            response, written = self.send(role, "GET", path, query=QUERIES.get(route.name))
        else:
            form = self.form_of(path)
            data = {name: values for name, values in form["data"].items()}
            for name in form["files"]:
                data[name] = SimpleUploadedFile("matrix.csv", GOOD_ROWS.encode(), "text/csv")
            response, written = self.send(role, "POST", path, data)
        self.check_common(role, where, response, written, route.name)
        if route.name in ACCOUNT_PAGES:
            return
        if role in (ASSOCIATE, ADMIN) and method == "POST" and self.domain_change(route):
            # The form sent is the page's own, valid: so a partner's refusal of it is the
            # permission's doing, and an associate's copy saves.
            self.assertEqual(response.status_code, 302, f"{where}: {form_errors(response)}")
        if role == PARTNER and method == "GET" and self.partner_reads(route):
            self.assertIn(response.status_code, (200, 302), where)
        if route.name in KEYED_PAGES:
            self.assertEqual(response.status_code, 404, where)  # a wrong key opens nothing
            return
        if role == STAFF and method == "GET" and not route.name.startswith("admin:"):
            self.assertEqual(response.status_code, 403, where)  # no role, no page
        if role == STAFF and method == "GET" and route.model is not None:
            self.assertNotEqual(response.status_code, 200, where)

    def domain_change(self, route: Route) -> bool:
        """Whether the route is the change form of a record the administrator may edit."""
        if route.kind != "change" or route.model._meta.app_label not in DOMAIN_APPS:
            return False
        request = RequestFactory().get("/")
        request.user = self.world.users[ADMIN]
        return admin.site._registry[route.model].has_change_permission(request)

    def partner_reads(self, route: Route) -> bool:
        """Whether the route is a page a partner reads."""
        if not route.name.startswith("admin:"):
            return route.name not in FRONT_END_WRITES | KEYED_PAGES
        if route.model is None:
            return route.name in SITE_PAGES
        opts = route.model._meta
        partner = self.world.users[PARTNER]
        return route.kind in READ_KINDS and partner.has_perm(
            f"{opts.app_label}.view_{opts.model_name}"
        )


class ActionMatrixTests(MatrixTestCase):
    """Every admin action, on every row at once (select across), by every role."""

    def act(self, model, action: str, role: str):
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        ids = [
            str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)
        ]
        self.assertTrue(ids, f"no {model._meta.label} row to act on")
        data = {
            "action": action,
            "select_across": "1",
            "index": "0",
            "_selected_action": ids,
            "post": "yes",  # delete_selected's confirmation
            "confirm": "yes",  # the authority merge's confirmation, keeping the first
            "keep": ids[0],
        }
        response, written = self.send(role, "POST", changelist, data)
        where = f"{role} POST {changelist} action={action}"
        self.check_common(role, where, response, written)


class JobButtonMatrixTests(MatrixTestCase):
    """An import job's page in each state, and every button of it, by every role."""

    def open(self, state: str, role: str):
        job = self.world.objects[("job", state)]
        path = reverse("admin:lawtracker_importjob_change", args=[job.pk])
        response, written = self.send(role, "GET", path)
        self.check_common(role, f"{role} GET {path} ({state} job)", response, written)
        if role in (PARTNER, ASSOCIATE, ADMIN):
            self.assertContains(response, job.file_name)

    def press(self, state: str, button: str, role: str):
        job = self.world.objects[("job", state)]
        path = reverse("admin:lawtracker_importjob_change", args=[job.pk])
        response, written = self.send(role, "POST", path, {"action": button})
        self.check_common(
            role, f"{role} POST {path} ({state} job) action={button}", response, written
        )


def generate():
    for route in collect_routes():
        for role in ROLES:
            for method in ("GET", "POST"):
                name = matrix_name(role, method, route.label)
                add_test(
                    URLMatrixTests,
                    name,
                    lambda self, r=route, o=role, m=method: self.visit(r, o, m),
                    HOLES.get(name),
                )
    for model, action in admin_actions():
        for role in ROLES:
            name = matrix_name(role, "action", model._meta.label_lower, action)
            add_test(
                ActionMatrixTests,
                name,
                lambda self, m=model, a=action, o=role: self.act(m, a, o),
                HOLES.get(name),
            )
    for state in JOB_STATES:
        for role in ROLES:
            name = matrix_name(role, "job", state, "page")
            add_test(
                JobButtonMatrixTests,
                name,
                lambda self, s=state, o=role: self.open(s, o),
                HOLES.get(name),
            )
    for button in job_buttons():
        for state in JOB_STATES:
            for role in ROLES:
                name = matrix_name(role, "job", state, button)
                add_test(
                    JobButtonMatrixTests,
                    name,
                    lambda self, s=state, b=button, o=role: self.press(s, b, o),
                    HOLES.get(name),
                )


generate()


class CollectorTests(MatrixTestCase):
    def test_every_model_in_the_admin_has_a_row_to_walk_with(self):
        empty = [m._meta.label for m in admin.site._registry if not m._default_manager.exists()]
        self.assertEqual(empty, [])

    def test_the_matrix_walks_the_admin_the_front_end_and_the_actions(self):
        names = {route.name for route in collect_routes()}
        for expected in (
            "dashboard",
            "enforcement:case-detail",
            "admin:enforcement_case_change",
            "admin:lawtracker_importjob_file",
        ):
            self.assertIn(expected, names)
        self.assertIn((Case, "reparse_penalties"), admin_actions())
        self.assertIn("confirm", job_buttons())

    def test_every_known_hole_names_a_test_of_the_matrix(self):
        generated = set(dir(URLMatrixTests)) | set(dir(ActionMatrixTests))
        self.assertEqual(set(HOLES) - generated - set(dir(JobButtonMatrixTests)), set())

    def test_a_route_of_an_unknown_parameter_fails_naming_itself(self):
        route = Route("enforcement:made-up", (RoutePattern("made-up/<int:thing>/"),), None, None)
        with self.assertRaisesMessage(Unfillable, "enforcement:made-up: no rule fills <thing>"):
            self.world.path(route)

    def test_a_digest_sees_a_changed_row(self):
        before = digest()
        Case.objects.update(notes="changed")
        self.assertEqual(changed(before, digest()), ["enforcement.case"])


ADMIN_CHANGELISTS = [
    "admin:enforcement_case_changelist",
    "admin:enforcement_campaign_changelist",
    "admin:instruments_instrument_changelist",
    "admin:instruments_authority_changelist",
]


class AdminAccessTests(TestCase):
    """The admin as a whole: every list sends an anonymous visitor to log in, and a user
    without a role is kept out."""

    def test_anonymous_visitors_are_sent_to_login_from_every_page(self):
        for url in [reverse("admin:index"), *(reverse(name) for name in ADMIN_CHANGELISTS)]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/login/", response["Location"])

    def test_a_user_without_a_role_cannot_open_the_admin(self):
        self.client.force_login(make_user(role=None))
        response = self.client.get(reverse("admin:enforcement_case_changelist"))
        self.assertEqual(response.status_code, 302)
