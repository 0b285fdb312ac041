"""No query string is a 500: malformed values thrown at every list, export, admin changelist
and autocomplete URL, found from the URL resolver and the admin's registry so that a new
one cannot be forgotten. Each request must answer with a page or a 4xx."""

import datetime
import sys
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from enforcement.models import PenaltyKind
from instruments.models import Topic
from lawtracker.models import ImportJob, ImportRecord, ImportState
from tests.factories import make_authority, make_campaign, make_case, make_instrument, make_user

pytestmark = pytest.mark.django_db

MALFORMED = [
    "0",
    "-1",
    "1",
    "99999",
    "1" * 30,
    "1e309",
    "NaN",
    "-inf",
    "0.5",
    "2020-13-45",
    "2020.02.30",
    "0000-00-00",
    "9999-12-31",
    "abc",
    "１２３",
    "\x00",
    "\x1b[31m",
    "'; DROP TABLE enforcement_case; --",
    "<script>alert(1)</script>",
    "x" * 3000,
    "长" * 20000,
    "",
]
# Sent as they stand, never encoded again: bytes no form would send.
RAW_QUERIES = ["%ff%fe", "%", "%zz", "%E4%B8", "a=%00", "=", "&&&", "a=1&a=2&a=%ff"]
# Every list's paging, sorting, searching and the admin's own switches.
COMMON = ["o", "p", "q", "page", "sort", "e", "all", "_to_field", "_popup", "unknown"]


def front_end_lists() -> list[str]:
    """The front end's pages that take no path argument (lists, the dashboard) and its
    exports, from the URL resolver (the admin, login and language switch aside)."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin" or str(pattern.pattern).startswith("i18n"):
                    continue
                walk(
                    pattern.url_patterns,
                    f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = prefix + pattern.name
                converters = pattern.pattern.converters
                arguments = converters or pattern.pattern.regex.groups  # a router's (?P<pk>)
                if not arguments and name not in ("login", "logout"):
                    found.append(reverse(name))
                elif set(converters) == {"format"}:
                    found.extend(reverse(name, args=[fmt]) for fmt in ("csv", "xlsx"))

    walk(get_resolver().url_patterns)
    return found


FRONT_END = front_end_lists()
ADMINS = [(model, model_admin) for model, model_admin in admin.site._registry.items()]


def admin_changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def records():
    """One of each record a list shows, so every filter has rows to work on."""
    authority = make_authority()
    instrument = make_instrument(effective_on=datetime.date(2021, 1, 1))
    instrument.authorities.add(authority)
    instrument.topics.add(Topic.objects.create(name="个人信息"))
    campaign = make_campaign()
    case = make_case(penalties=[(PenaltyKind.FINE, "organization", "5000")], campaign=campaign)
    case.authorities.add(authority)
    case.legal_basis.add(instrument)
    user = make_user("associate")
    ImportJob.objects.create(
        kind="cases",
        file_name="a.csv",
        stored_name="jobs/a.csv",
        user=user,
        state=ImportState.REJECTED,
        options={},
    )
    ImportRecord.objects.create(source="file", kind="cases", file_name="a.csv", sha256="0" * 64)


# Every parameter alone gets these, and two more of MALFORMED in turn (so that each value
# meets several parameters while a URL takes a few hundred requests, not thousands).
CORE = ["x" * 3000, "1" * 30, "abc"]


def requests_for(names: list[str], *, alone: bool = True):
    """(what, query string) pairs: each parameter alone with malformed values, and
    repeated; all parameters at once with each malformed value; raw bytes no form sends."""
    if alone:
        rest = [value for value in MALFORMED if value not in CORE]
        for n, name in enumerate(names):
            for value in [*CORE, rest[(2 * n) % len(rest)], rest[(2 * n + 1) % len(rest)]]:
                yield f"{name}={value[:20]!r}", urlencode({name: value})
            yield f"{name} repeated", urlencode({name: ["1", "abc"]}, doseq=True)
    for value in MALFORMED:
        yield f"all parameters = {value[:20]!r}", urlencode(dict.fromkeys(names, value))
    for raw in RAW_QUERIES:
        yield f"raw {raw!r}", raw + "&" + "&".join(f"{name}=%ff" for name in names[:5])


def failures(client: Client, url: str, names: list[str], *, alone: bool = True) -> list[str]:
    """The requests that did not answer with a page or a 4xx, with the error raised."""
    client.raise_request_exception = False
    raised = []

    def note(sender, request, **kwargs):
        raised.append(repr(sys.exc_info()[1])[:200])

    failed = []
    got_request_exception.connect(note)
    try:
        for what, query in requests_for(names, alone=alone):
            raised.clear()
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failed.append(f"{what}: {response.status_code} {' '.join(raised)}")
    finally:
        got_request_exception.disconnect(note)
    return failed


def front_end_parameters(client: Client, url: str) -> list[str]:
    """The filter parameters of a front-end page (its FilterSet's), or of the list an
    export exports (the page its address is under)."""
    page = url if not url.rsplit("/", 1)[-1] else url
    if "export." in url:
        page = url.rsplit("/", 1)[0] + "/"
    context = client.get(page).context or {}
    names = sorted(context["filter"].filters) if "filter" in context else []
    return names + COMMON


@pytest.mark.parametrize("url", FRONT_END)
def test_no_query_string_breaks_a_front_end_page(client, records, url):
    client.force_login(make_user("admin"))
    names = front_end_parameters(client, url)
    failed = failures(client, url, names)
    assert not failed, "\n".join(failed)
    client.force_login(make_user("partner"))
    failed = failures(client, url, names, alone=False)
    assert not failed, "\n".join(failed)


def changelist_parameters(client: Client, model, model_admin) -> list[str]:
    """Every parameter the changelist's filters and date drill-down know."""
    response = client.get(admin_changelist(model))
    assert response.status_code == 200
    names = [
        parameter
        for spec in response.context["cl"].filter_specs
        for parameter in spec.expected_parameters()
    ]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names + COMMON + [f"{field}__in" for field in ("id", "pk")]


@pytest.mark.parametrize(
    "model, model_admin", ADMINS, ids=[model._meta.label for model, _admin in ADMINS]
)
def test_no_query_string_breaks_an_admin_changelist(client, records, model, model_admin):
    client.force_login(make_user("admin"))
    names = changelist_parameters(client, model, model_admin)
    failed = failures(client, admin_changelist(model), names)
    assert not failed, "\n".join(failed)


AUTOCOMPLETES = [
    (model, field) for model, model_admin in ADMINS for field in model_admin.autocomplete_fields
]


@pytest.mark.parametrize(
    "model, field", AUTOCOMPLETES, ids=[f"{m._meta.label}.{f}" for m, f in AUTOCOMPLETES]
)
def test_no_query_string_breaks_an_autocomplete(client, records, model, field):
    client.force_login(make_user("admin"))
    url = reverse("admin:autocomplete")
    base = {"app_label": model._meta.app_label, "model_name": model._meta.model_name}
    good = client.get(url, {**base, "field_name": field, "term": "广东"})
    assert good.status_code == 200 and "results" in good.json()
    failed = []
    client.raise_request_exception = False
    for name in ("term", "page", "app_label", "model_name", "field_name"):
        for value in CORE + MALFORMED[:: 3 if name == "term" else 6]:
            query = {**base, "field_name": field, "term": "", name: value}
            response = client.get(url, query)
            if response.status_code >= 500:
                failed.append(f"{name}={value[:40]!r}: {response.status_code}")
    assert not failed, "\n".join(failed)


def test_every_list_and_admin_is_found():
    assert {"/", "/cases/", "/campaigns/", "/instruments/", "/cases/export.csv"} <= set(FRONT_END)
    assert len(ADMINS) >= 10 and AUTOCOMPLETES
