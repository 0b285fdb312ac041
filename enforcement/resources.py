"""Import and export of campaigns and cases in the review's table layout."""

import copy
import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import ManyToManyWidget

from enforcement import tallies
from enforcement.agencies import agency_reading
from enforcement.campaigns import named_campaign, suggested_campaign
from enforcement.exports import READ_HEADERS
from enforcement.models import (
    FOCUS_MAX,
    Campaign,
    Case,
    Penalty,
    PenaltyKind,
    SubjectKind,
    ViolationCategory,
    overlapping_any,
)
from enforcement.parties import guess_subject_kind
from enforcement.penalties import ParsedPenalty, parse_penalties, unreadable_amounts
from enforcement.regions import Place, read_region
from enforcement.services import (
    AUTHORITY_TEXTS,
    CITATION_TEXTS,
    PENALTY_TEXTS,
    NewCase,
    all_categories,
    create_cases,
    derive_new_case,
    rederive_case,
)
from instruments.models import AUTHORITY_NAME_MAX, Authority, RegulatorFamily
from instruments.names import recognise_family, split_agency_text
from instruments.services import AuthorityCache, resolve_authorities
from lawtracker.dates import PartialDate
from lawtracker.imports.cells import (
    RowError,
    add_error,
    check_length,
    check_names,
    choice_from_text,
    collect,
    read_date,
    read_public_id,
    read_url,
    require,
)
from lawtracker.imports.files import clean_text, normalise_header
from lawtracker.imports.resources import (
    FileOption,
    NewRecord,
    ReviewResource,
    assign_public_ids,
)
from lawtracker.public_ids import ID_COLUMN, ID_COLUMN_VARIANTS
from lawtracker.readings import number_reading, reading
from lawtracker.text import compact

REGION_MAX = Case._meta.get_field("region_text").max_length
SUBJECT_MAX = Case._meta.get_field("subject").max_length
AGENCY_MAX = Case._meta.get_field("agency_text").max_length

FAMILY_ALIASES = {
    "网信部门": RegulatorFamily.CYBERSPACE,
    "网信办": RegulatorFamily.CYBERSPACE,
    "公安部门": RegulatorFamily.PUBLIC_SECURITY,
    "公安机关": RegulatorFamily.PUBLIC_SECURITY,
    "工信部门": RegulatorFamily.MIIT,
    "通信管理局": RegulatorFamily.MIIT,
    "其他": RegulatorFamily.OTHER,
    "其他行业主管部门等": RegulatorFamily.OTHER,
}
SUBJECT_KIND_ALIASES = {
    "自然人": SubjectKind.INDIVIDUAL,
    "公民": SubjectKind.INDIVIDUAL,
    "法人": SubjectKind.COMPANY,
    "企业法人": SubjectKind.COMPANY,
    "法人及其他组织": SubjectKind.COMPANY,
    "个体工商户": SubjectKind.COMPANY,
    "事业单位": SubjectKind.OTHER,
    "社会组织": SubjectKind.OTHER,
    "机关": SubjectKind.GOVERNMENT,
    "行政机关": SubjectKind.GOVERNMENT,
}
FAMILY_FOR_FILE = FileOption(
    label=gettext_lazy("regulator family for the whole file"),
    help_text=gettext_lazy(
        "Used for rows without a 监管部门 column, and for new agencies whose name "
        "does not tell their family."
    ),
    command_help="regulator family for rows without a 监管部门 column",
    choices=RegulatorFamily,
)


def read_family(errors: dict, row: dict, column: str, default: str | None) -> str | None:
    """The row's own family if it gives one, else the one chosen for the whole file."""
    text = clean_text(row.get(column))
    if not text:
        return default
    try:
        return choice_from_text(text, RegulatorFamily.choices, FAMILY_ALIASES)
    except ValueError as error:
        # A regulator named instead of its family (工信部, 市场监管, 人民银行): its family.
        if family := recognise_family(text):
            return family
        add_error(errors, column, str(error))
        return None


# The probable-match check reads the cases of this many agencies a query, for each the
# spans of dates the chunk's rows cover, spans less than SPAN_GAP apart read as one (a
# few more of the agency's cases read, and compared exactly, for a much shorter query).
AGENCIES_PER_QUERY = 50
SPAN_GAP = datetime.timedelta(days=31)

# What a penalty's amount and a case's fine totals hold: 16 digits, 2 after the point.
MAX_AMOUNT = Decimal(10) ** 14
PERSON_MAX = Penalty._meta.get_field("person").max_length


def read_subject_kind(errors: dict, row: dict, subject: str) -> str | None:
    """The 主体类型 cell's kind of party, else the one the party's name and the case's texts
    suggest."""
    kind_text = clean_text(row.get("主体类型"))
    if kind_text:
        return collect(
            errors,
            "主体类型",
            choice_from_text,
            kind_text,
            SubjectKind.choices,
            SUBJECT_KIND_ALIASES,
        )
    return guess_subject_kind(
        subject,
        facts=clean_text(row.get("违法事实")),
        penalty_text=clean_text(row.get("处罚结果")),
    )


def case_values(
    *, public_id: str | None, decided: PartialDate, place: Place, derived: list[str], **texts: Any
) -> dict[str, Any]:
    """A readable row as a case's fields, with what the import needs beside them (keys
    starting with "_"): the fields it only inferred, and the place as read."""
    return {
        **texts,
        "decided_on": decided.value,
        "decided_precision": decided.precision,
        "decided_end": decided.last_day,
        "national": place.national,
        "province": place.province,
        "city": place.city,
        "fingerprint": Case.make_fingerprint(
            decided_on=decided.value,
            decided_precision=decided.precision,
            place=place,
            subject=texts["subject"],
            agency_text=texts["agency_text"],
            facts=texts["facts"],
        ),
        "_public_id": public_id,
        "_derived": derived,
        "_place": place,
    }


def read_penalties(errors: dict, text: str, subject_is_person: bool) -> list[ParsedPenalty]:
    """The penalties a penalty text names, recording what in it the tracker cannot hold: a
    person's name longer than the field, or an amount (or a total of fines) beyond what it
    holds. The penalty rows themselves are written when the case is."""
    try:
        penalties = parse_penalties(text, subject_is_person=subject_is_person)
    except ValueError as error:
        add_error(errors, "处罚结果", str(error))
        return []
    for written in unreadable_amounts(text):
        add_error(
            errors,
            "处罚结果",
            _("cannot read the amount “%s”: write it as 10,000元, 1万元 or 一万元") % written,
        )
    totals: dict[str, Decimal] = {}
    for penalty in penalties:
        if len(penalty.person) > PERSON_MAX:
            add_error(
                errors,
                "处罚结果",
                _("names a person %(length)d characters long; at most %(max)d are allowed")
                % {"length": len(penalty.person), "max": PERSON_MAX},
            )
        if penalty.amount is None:
            continue
        if penalty.kind == PenaltyKind.FINE:
            totals[penalty.target] = totals.get(penalty.target, Decimal(0)) + penalty.amount
        if penalty.amount >= MAX_AMOUNT or any(total >= MAX_AMOUNT for total in totals.values()):
            add_error(
                errors,
                "处罚结果",
                _("¥%s is more than the tracker can hold (under ¥100 trillion)") % penalty.amount,
            )
    return penalties


class CaseResource(ReviewResource):
    """Rows of the review's case tables: 时间 地区 被处罚主体 执法机构 违法事实 处罚结果.

    Options: `family` — the regulator family for rows that do not give one;
    `allow_similar` — add a row that looks like a case already in the tracker.
    """

    FILE_OPTIONS = {
        "family": FAMILY_FOR_FILE,
        "allow_similar": FileOption(
            label=gettext_lazy("add rows that look like a case already in the tracker"),
            help_text=gettext_lazy(
                "Without this, a row with the same party and agency as an existing case on "
                "overlapping dates waits for your decision."
            ),
            command_help="add rows that look like a case already in the tracker as new cases",
        ),
    }
    HELD_ROWS_OPTION = "allow_similar"
    AS_OF_FIELD = "decided_on"
    BULK_CREATE = True

    COLUMNS = {
        ID_COLUMN: ID_COLUMN_VARIANTS,
        "时间": ("date", "decided", "处罚时间", "日期", "处罚决定日期", "处罚日期", "决定日期"),
        "地区": ("region", "省份", "地域", "所在地区"),
        "被处罚主体": ("subject", "penalized party", "当事人", "行政相对人名称", "被处罚人"),
        "执法机构": ("agency", "enforcing agency", "处罚机关", "执法部门", "处罚部门"),
        "违法事实": ("facts", "主要违法事实"),
        "处罚结果": ("penalty", "penalties", "处罚", "处罚内容", "处罚决定"),
        "监管部门": ("family", "regulator family", "部门"),
        "主体类型": ("subject kind", "kind of party", "当事人类型", "相对人类型"),
        "法律依据": ("legal basis", "依据", "处罚依据", "违反条款", "法律条款"),
        "专项行动": ("campaign", "所属专项行动", "专项行动名称"),
        "处罚决定书文号": ("decision number", "决定书文号", "行政处罚决定书文号", "处罚文号"),
        "来源链接": ("source", "source url", "来源"),
        "备注": ("notes", "note", "remarks", "说明"),
    }
    REQUIRED = ("时间", "被处罚主体", "执法机构")
    IGNORED = ("序号", "no", "no.", "编号")
    DATE_GROUPS = {"decided_on": ("decided_text", "decided_precision", "decided_end")}
    DATE_COLUMNS = ("时间",)
    READINGS = {
        "subject": reading,
        "agency_text": reading,
        "facts": reading,
        "penalty_text": reading,
        "legal_basis_text": reading,
        "decision_number": number_reading,
    }

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        # New cases of this file so far, by agency and party, with their dates and lines:
        # the probable-match check compares against them too (a check writes none).
        self.new_in_file: dict[tuple[str, str], list[tuple]] = {}
        # Read once a chunk (read_references): the categories that tag, the campaigns named.
        self.categories: list[ViolationCategory] = []
        self.campaigns: list[Campaign] = []
        # The chunk's cases already in the tracker, by fingerprint (look_up), and those a
        # new row of it may probably be, by agency and subject compacted: (decided_on,
        # decided_end, pk, decided_text, subject), newest first as the check reads them;
        # and where each of those is listed, by pk.
        self.known: dict[str, Case] = {}
        self.similar: dict[tuple[str, str], list[tuple]] = {}
        self.similar_at: dict[int, tuple[str, str]] = {}
        # The authorities bodies' names resolved to in this import (its only writer).
        self.authorities = AuthorityCache()
        self.places: dict[tuple, Place | str] = {}  # read_place's, or why not

    public_id = Field(attribute="public_id", column_name=ID_COLUMN)
    decided_text = Field(attribute="decided_text", column_name="时间")
    region_text = Field(attribute="region_text", column_name="地区")
    subject = Field(attribute="subject", column_name="被处罚主体")
    agency_text = Field(attribute="agency_text", column_name="执法机构")
    facts = Field(attribute="facts", column_name="违法事实")
    penalty_text = Field(attribute="penalty_text", column_name="处罚结果")
    family = Field(attribute="get_family_display", column_name="监管部门")
    subject_kind = Field(attribute="get_subject_kind_display", column_name="主体类型")
    legal_basis_text = Field(attribute="legal_basis_text", column_name="法律依据")
    campaign = Field(attribute="campaign", column_name="专项行动")
    decision_number = Field(attribute="decision_number", column_name="处罚决定书文号")
    source_url = Field(attribute="source_url", column_name="来源链接")
    notes = Field(attribute="notes", column_name="备注")

    class Meta:
        model = Case
        fields = (
            "public_id",
            "decided_text",
            "region_text",
            "subject",
            "agency_text",
            "facts",
            "penalty_text",
            "family",
            "subject_kind",
            "legal_basis_text",
            "campaign",
            "decision_number",
            "source_url",
            "notes",
        )

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        public_id = read_public_id(errors, row, ID_COLUMN)
        decided_text, decided = read_date(errors, row, "时间", required=True)
        subject = require(errors, row, "被处罚主体", SUBJECT_MAX)
        agency_text = require(errors, row, "执法机构", AGENCY_MAX)
        bodies = split_agency_text(agency_text)
        region_text = clean_text(row.get("地区"))
        place = None
        if check_length(errors, "地区", region_text, REGION_MAX):  # too long: that alone
            place = collect(errors, "地区", self.read_place, region_text, tuple(bodies))
        family = read_family(errors, row, "监管部门", self.options.get("family"))
        subject_kind = read_subject_kind(errors, row, subject)
        source_url = read_url(errors, row, "来源链接")
        campaign = self.read_campaign(errors, row)
        if "执法机构" not in errors:
            check_names(errors, "执法机构", bodies, AUTHORITY_NAME_MAX)
        if errors:
            raise RowError(errors)
        penalty_text = clean_text(row.get("处罚结果"))
        penalties = read_penalties(errors, penalty_text, subject_kind == SubjectKind.INDIVIDUAL)
        if errors:
            raise RowError(errors)
        derived = [] if clean_text(row.get("主体类型")) else ["subject_kind"]
        if family is None:
            named = [recognise_family(name) for name in bodies]
            family = next((f for f in named if f), RegulatorFamily.OTHER)
            derived.append("family")
        values = case_values(
            public_id=public_id,
            campaign=campaign,
            family=family,
            decided_text=decided_text,
            decided=decided,
            region_text=region_text,
            place=place,
            subject=subject,
            subject_kind=subject_kind,
            agency_text=agency_text,
            facts=clean_text(row.get("违法事实")),
            penalty_text=penalty_text,
            legal_basis_text=clean_text(row.get("法律依据")),
            decision_number=clean_text(row.get("处罚决定书文号")),
            source_url=source_url,
            notes=clean_text(row.get("备注")),
            derived=derived,
        )
        values["_penalties"] = penalties  # a new case's penalty rows, as read
        if campaign is None:
            self.suggest_campaign(values)
        return values

    def read_place(self, text: str, bodies: tuple[str, ...]) -> Place:
        """`read_region`, each region cell and agencies read once a file (a file names a
        few hundred places in thousands of rows)."""
        key = (text, bodies)
        if key not in self.places:
            try:
                self.places[key] = read_region(text, list(bodies))
            except ValueError as error:
                self.places[key] = str(error)
        if isinstance(place := self.places[key], str):
            raise ValueError(place)
        return place

    def read_campaign(self, errors: dict, row: dict[str, Any]) -> Campaign | None:
        """The campaign the 专项行动 cell names; a name of no campaign is a problem."""
        text = clean_text(row.get("专项行动"))
        if not text:
            return None
        if (campaign := named_campaign(text, self.campaigns)) is None:
            add_error(
                errors,
                "专项行动",
                _("“%s” names no campaign in the tracker: import the campaign first") % text,
            )
        return campaign

    def suggest_campaign(self, values: dict[str, Any]) -> None:
        """Say in the preview which campaign the case's text names (never set by itself)."""
        # The four fields suggested_campaign reads: making a Case costs more than reading.
        probe = SimpleNamespace(
            **{k: values[k] for k in ("facts", "penalty_text", "decided_on", "decided_end")}
        )
        if suggested := suggested_campaign(probe, self.campaigns):
            self.row.notes.append(
                _(
                    "its text names the campaign “%s”: choose it in the 专项行动 column "
                    "or the admin"
                )
                % suggested
            )

    def cell_reading(self, column: str, value: Any) -> str:
        if column == "地区":
            return self.row.parsed["_place"].key  # where the row's case was decided, as read
        return super().cell_reading(column, value)

    def keep_what_reads_the_same(self, instance: Case, values: dict[str, Any]) -> None:
        """Also keep the record's region text, and what was read from it, when the row
        names the same place another way (江苏盐城 for 江苏 盐城市) or leaves it empty."""
        super().keep_what_reads_the_same(instance, values)
        # The same bodies written other ways (北京网信办 for 北京市互联网信息办公室).
        parsed = self.row.parsed
        if "agency_text" in values and agency_reading(
            parsed["agency_text"], parsed["province"]
        ) == agency_reading(instance.agency_text, instance.province):
            values.pop("agency_text")
        held = Place(province=instance.province, city=instance.city, national=instance.national)
        if "region_text" not in values or held.key == parsed["_place"].key:
            for name in ("region_text", "province", "city", "national"):
                values.pop(name, None)

    def identity(self, parsed: dict[str, Any]) -> str:
        return parsed["_public_id"] or parsed["fingerprint"]

    def ignored(self, headers) -> tuple[str, ...]:
        """Row numbers, and in a file the tracker exported (every column it adds after the
        import's, in one language) those columns: read from the others, they import as
        nothing. A file holding only some of them is refused for them, never read past."""
        found = {normalise_header(header) for header in headers or []}
        for language in (0, 1):
            added = [pair[language] for pair in READ_HEADERS]
            if all(normalise_header(name) in found for name in added):
                return (*self.IGNORED, *added)
        return self.IGNORED

    def lookup_queryset(self):
        return Case.objects.select_related("province")

    def look_up(self, rows: list[dict[str, Any]]) -> None:
        """The chunk's cases in the tracker, by tracker ID and by fingerprint (a query
        each), and the cases its new rows may probably be (a query for AGENCIES_PER_QUERY
        agencies, each with the spans of dates its rows cover)."""
        super().look_up(rows)
        fingerprints = {row["fingerprint"] for row in rows}
        self.known = {
            case.fingerprint: case
            for case in self.lookup_queryset().filter(fingerprint__in=fingerprints)
        }
        self.similar, self.similar_at = {}, {}
        if self.options.get("allow_similar"):
            return
        spans: dict[str, list[tuple]] = {}
        for row in rows:
            if not row["_public_id"] and row["fingerprint"] not in self.known:
                spans.setdefault(row["agency_text"], []).append(
                    (row["decided_on"], row["decided_end"])
                )
        terms = [
            overlapping_any(agency, merged(dates, gap=SPAN_GAP)) for agency, dates in spans.items()
        ]
        for first in range(0, len(terms), AGENCIES_PER_QUERY):
            either = Q()
            for term in terms[first : first + AGENCIES_PER_QUERY]:
                either |= term
            for case in (
                Case.objects.filter(either)
                .order_by()
                .values_list(
                    "decided_on", "decided_end", "pk", "subject", "decided_text", "agency_text"
                )
            ):
                self.add_similar(*case)
        for cases in self.similar.values():
            cases.sort(key=lambda case: (case[0], case[2]), reverse=True)

    def remember(self, instance: Case) -> None:
        """A case a row of this import changed, as the chunk's later rows find it."""
        super().remember(instance)
        before = self.row.previous.get("fingerprint")
        if before in self.known and self.known[before].pk == instance.pk:
            del self.known[before]
        self.known[instance.fingerprint] = copy.copy(instance)
        if (listed := self.similar_at.pop(instance.pk, None)) is not None:
            cases = self.similar[listed]
            cases[:] = [case for case in cases if case[2] != instance.pk]
        cases = self.add_similar(
            instance.decided_on,
            instance.decided_end,
            instance.pk,
            instance.subject,
            instance.decided_text,
            instance.agency_text,
        )
        cases.sort(key=lambda case: (case[0], case[2]), reverse=True)

    def add_similar(self, on, end, pk, subject, text, agency) -> list[tuple]:
        """List a tracker's case among those new rows may probably be; its list."""
        key = (agency, compact(subject))
        self.similar_at[pk] = key
        cases = self.similar.setdefault(key, [])
        cases.append((on, end, pk, text, subject))
        return cases

    def find_existing(self, parsed: dict[str, Any]) -> Case | None:
        """The case the row's ID names, or the one with its fingerprint (from the chunk's
        look-up: no query)."""
        found = self.known.get(parsed["fingerprint"])
        if parsed["_public_id"]:
            return self.find_by_public_id(parsed, ID_COLUMN, [found] if found else [])
        case = copy.copy(found) if found is not None else None  # each row changes its own
        if case is None and not self.row.repeat:
            if not self.options.get("allow_similar"):
                self.check_similar(parsed)
            key = (parsed["agency_text"], compact(parsed["subject"]))
            self.new_in_file.setdefault(key, []).append(
                (parsed["decided_on"], parsed["decided_end"], self.row.line)
            )
        return case

    def check_similar(self, parsed: dict[str, Any]) -> None:
        """A new row that is probably a case already in the tracker, told differently (the
        same party and agency, dates that overlap, say only the month), waits for the
        user's decision instead of being added beside it."""
        subject = compact(parsed["subject"])
        # Earlier rows of this file, which a check has not written.
        for start, end, line in self.new_in_file.get((parsed["agency_text"], subject), ()):
            if start <= parsed["decided_end"] and end >= parsed["decided_on"]:
                self.hold_for_review(
                    _(
                        "probably the same case as line %(line)d, told differently: "
                        "correct one of them, or import allowing similar cases to add both"
                    )
                    % {"line": line}
                )
        # The tracker's, read with the chunk's (look_up) as Case.objects.overlapping would.
        start, end = parsed["decided_on"], parsed["decided_end"]
        for on, last, pk, text, held in self.similar.get((parsed["agency_text"], subject), ()):
            if on <= end and last >= start:
                self.hold_for_review(
                    _(
                        "probably case #%(pk)d (%(date)s %(subject)s) told differently: "
                        "correct that case, or import again allowing similar cases "
                        "to add this one beside it"
                    )
                    % {"pk": pk, "date": text, "subject": held}
                )

    def hold_for_review(self, reason: str) -> None:
        """Count this row as waiting for the user's decision, and stop it (under 时间)."""
        self.file.needs_review += 1
        self.file.review_lines.add(self.row.line)
        raise ValidationError({"时间": [reason]})

    def import_data(self, *args, **kwargs):
        # The months a chunk's cases are in are recounted once, after its last row (after
        # the file's last, inside `whole_file`).
        with tallies.deferred():
            return super().import_data(*args, **kwargs)

    def whole_file(self):
        """The months a file's cases are in are recounted once, after its last row (a
        month's recount reads all its cases: once a chunk, a long file would read them
        again and again)."""
        return tallies.deferred()

    def read_references(self) -> None:
        self.categories = all_categories()
        self.campaigns = list(Campaign.objects.order_by("started_on", "id"))

    def create_records(self, new: list[NewRecord]) -> None:
        """The chunk's new cases, with everything they tell, written together."""
        cases = [record.instance for record in new]
        assign_public_ids(cases)
        create_cases(
            new=[
                NewCase(
                    case=record.instance,
                    family_hint=self.options.get("family") or record.row.parsed["family"],
                    penalties=record.row.parsed["_penalties"],
                )
                for record in new
            ],
            categories=self.categories,
            authorities=self.authorities,
        )

    def save_related(self, instance: Case, parsed: dict[str, Any]) -> None:
        # What a changed text tells is derived anew; the rest stays as associates left it.
        family_hint = self.options.get("family") or parsed["family"]
        if self.row.created:
            derive_new_case(case=instance, family_hint=family_hint, categories=self.categories)
            return
        changed = {
            name
            for name in AUTHORITY_TEXTS | PENALTY_TEXTS | CITATION_TEXTS
            if self.changed(instance, Case._meta.get_field(name).attname)
        }
        rederive_case(case=instance, changed=changed, family_hint=family_hint)


def merged(spans: list[tuple], gap: datetime.timedelta = datetime.timedelta(0)) -> list[tuple]:
    """Spans of dates (start, end) as the fewest spans covering the same days, and the
    days between two less than `gap` apart."""
    joined: list[list] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + gap:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [tuple(span) for span in joined]


class CampaignResource(ReviewResource):
    """Rows of the review's campaign tables: 序号 时间 监管重点.

    Options: `family` — the regulator family for rows that do not give one (the review's
    campaign tables have no family column, so a file of them needs it).
    """

    FILE_OPTIONS = {"family": FAMILY_FOR_FILE}
    AS_OF_FIELD = "started_on"

    COLUMNS = {
        "序号": ("no", "no.", "number", "编号"),
        "名称": ("name", "简称", "专项行动名称", "专项行动"),
        "时间": ("date", "period", "开始时间"),
        "监管重点": ("focus", "内容"),
        "监管部门": ("family", "regulator family", "部门"),
        "机构": ("agency", "authorities", "执法机构", "牵头机构", "发布机关"),
        "来源链接": ("source", "source url", "来源"),
    }
    REQUIRED = ("时间", "监管重点")
    DATE_GROUPS = {"started_on": ("started_text", "started_precision")}
    DATE_COLUMNS = ("时间",)
    READINGS = {"focus": reading}

    number = Field(attribute="number", column_name="序号")
    name = Field(attribute="name", column_name="名称")
    started_text = Field(attribute="started_text", column_name="时间")
    focus = Field(attribute="focus", column_name="监管重点")
    family = Field(attribute="get_family_display", column_name="监管部门")
    authorities = Field(
        attribute="authorities",
        column_name="机构",
        widget=ManyToManyWidget(Authority, field="name", separator="、"),
    )
    source_url = Field(attribute="source_url", column_name="来源链接")

    class Meta:
        model = Campaign
        fields = ("number", "name", "started_text", "focus", "family", "authorities", "source_url")

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        started_text, started = read_date(errors, row, "时间", required=True)
        focus = require(errors, row, "监管重点", FOCUS_MAX)
        family = read_family(errors, row, "监管部门", self.options.get("family"))
        if family is None and "监管部门" not in errors:
            errors["监管部门"] = [
                _("no regulator family: add a 监管部门 column or choose one for the whole file")
            ]
        number_text = clean_text(row.get("序号"))
        number = None
        if number_text:
            if number_text.isdigit() and int(number_text) < 32768:
                number = int(number_text)
            else:
                add_error(errors, "序号", _("“%s” is not a number") % number_text)
        source_url = read_url(errors, row, "来源链接")
        bodies = split_agency_text(clean_text(row.get("机构")))
        check_names(errors, "机构", bodies, AUTHORITY_NAME_MAX)
        if errors:
            raise RowError(errors)
        return {
            "family": family,
            "number": number,
            "name": clean_text(row.get("名称")),
            "started_text": started_text,
            "started_on": started.value,
            "started_precision": started.precision,
            "focus": focus,
            "source_url": source_url,
            "fingerprint": Campaign.make_fingerprint(
                started_on=started.value, started_precision=started.precision, focus=focus
            ),
            "_authorities": bodies,
        }

    def related_changes(self, instance: Campaign) -> list[dict[str, str]]:
        """The bodies a row names, for a campaign that has none yet (those it has stay)."""
        if self.row.parsed["_authorities"] and not instance.authorities.exists():
            return [
                {
                    "column": "机构",
                    "before": "",
                    "after": "、".join(self.row.parsed["_authorities"]),
                }
            ]
        return []

    def save_related(self, instance: Campaign, parsed: dict[str, Any]) -> None:
        if parsed["_authorities"] and (self.row.created or self.row.related):
            instance.authorities.set(
                resolve_authorities(
                    names=parsed["_authorities"], province=None, family_hint=parsed["family"]
                )
            )

    def identity(self, parsed: dict[str, Any]) -> str:
        return parsed["fingerprint"]

    def find_existing(self, parsed: dict[str, Any]) -> Campaign | None:
        return Campaign.objects.filter(fingerprint=parsed["fingerprint"]).first()
