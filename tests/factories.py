"""Small builders for test rows; each returns a saved object with sensible defaults."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from enforcement.models import Campaign, Case, Penalty
from enforcement.regions import Place
from enforcement.services import refresh_case_index
from instruments.models import Authority, Instrument, Region, RegulatorFamily
from lawtracker.dates import period_end
from lawtracker.roles import ASSOCIATES, PARTNERS, ensure_groups

_counter = itertools.count(1)


def make_user(role: str | None = None, **fields):
    """role: "associate", "partner", "admin" or None (a logged-in user with no role)."""
    ensure_groups()
    User = get_user_model()
    n = next(_counter)
    user = User.objects.create_user(
        username=fields.pop("username", f"user{n}"),
        password=fields.pop("password", "a-test-only-password"),
        is_staff=role is not None,
        is_superuser=role == "admin",
        **fields,
    )
    if role in ("associate", "partner"):
        user.groups.add(Group.objects.get(name=ASSOCIATES if role == "associate" else PARTNERS))
    return user


def region(short_name: str) -> Region:
    return Region.objects.get(short_name=short_name)


def make_authority(name: str = "广东省通信管理局", **fields) -> Authority:
    fields.setdefault("family", RegulatorFamily.MIIT)
    return Authority.objects.create(name=name, **fields)


def make_instrument(title: str | None = None, **fields) -> Instrument:
    fields.setdefault("level", Instrument.Level.DEPARTMENTAL_RULE)
    fields.setdefault("published_on", datetime.date(2020, 6, 1))
    fields.setdefault("published_precision", "day")
    if fields.get("effective_on"):
        fields.setdefault("effective_precision", "day")
    return Instrument.objects.create(title=title or f"《测试办法{next(_counter)}》", **fields)


def make_campaign(**fields) -> Campaign:
    n = next(_counter)
    fields.setdefault("family", RegulatorFamily.CYBERSPACE)
    fields.setdefault("started_text", "2020 年 7 月")
    fields.setdefault("started_on", datetime.date(2020, 7, 1))
    fields.setdefault("started_precision", "month")
    fields.setdefault("focus", f"专项整治{n}")
    fields.setdefault("fingerprint", f"campaign-{n}")
    return Campaign.objects.create(**fields)


def fingerprint_of(case: Case) -> str:
    """The fingerprint an import of the case's own row finds it by."""
    return Case.make_fingerprint(
        decided_on=case.decided_on,
        decided_precision=case.decided_precision,
        place=Place(province=case.province, city=case.city, national=case.national),
        subject=case.subject,
        agency_text=case.agency_text,
        facts=case.facts,
    )


def make_case(penalties=(), **fields) -> Case:
    """penalties: (kind, target, amount) tuples; amount may be None or a str/Decimal."""
    n = next(_counter)
    fields.setdefault("family", RegulatorFamily.MIIT)
    fields.setdefault("decided_text", "2020.08.12")
    fields.setdefault("decided_on", datetime.date(2020, 8, 12))
    fields.setdefault("decided_precision", "day")
    fields.setdefault("subject", f"测试科技有限公司{n}")
    fields.setdefault("subject_kind", Case.SubjectKind.COMPANY)
    fields.setdefault("agency_text", "广东省通信管理局")
    fields.setdefault("fingerprint", f"case-{n}")
    if fields.get("decided_precision"):
        fields.setdefault(
            "decided_end", period_end(fields["decided_on"], fields["decided_precision"])
        )
    case = Case.objects.create(**fields)
    Penalty.objects.bulk_create(
        Penalty(
            case=case,
            position=i,
            kind=kind,
            target=target,
            amount=None if amount is None else Decimal(str(amount)),
        )
        for i, (kind, target, amount) in enumerate(penalties)
    )
    refresh_case_index(case=case)
    return case


def write_file(folder, name: str, text: str, encoding: str = "utf-8"):
    """A file of `text` in `folder`, as a spreadsheet program saves it."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
