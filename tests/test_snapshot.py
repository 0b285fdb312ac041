"""The 2020 review loads through the importer exactly, and rows read as checked by hand."""

import csv
import datetime
import json
from decimal import Decimal
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase

from enforcement import tallies
from enforcement.models import Campaign, Case
from enforcement.overview import overview
from enforcement.selectors import money_by_family
from instruments.models import Instrument
from instruments.names import in_document_order, split_agency_text
from instruments.resources import issuer_key
from instruments.services import alias_owners
from lawtracker.management.commands.load_snapshot import SNAPSHOT
from tests.enforcement.test_tallies import held, recounted

D = Decimal


def load() -> str:
    out = StringIO()
    call_command("load_snapshot", stdout=out)
    return out.getvalue()


def case(subject: str, decided_text: str | None = None) -> Case:
    cases = Case.objects.filter(subject=subject)
    if decided_text:
        cases = cases.filter(decided_text=decided_text)
    return cases.get()


def sanctions(case: Case) -> list[tuple]:
    """(kind, target, amount, days, person) per penalty, in order."""
    return [
        (p.kind, p.target, p.amount, p.days, p.person) for p in case.penalties.order_by("position")
    ]


def kinds(case: Case) -> set[str]:
    return {p.kind for p in case.penalties.all()}


def fines(case: Case, *targets: str) -> list:
    return [
        p.amount
        for p in case.penalties.order_by("position")
        if p.kind == "fine" and p.target in targets
    ]


class SnapshotCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = load()

    def test_snapshot_holds_82_instruments_in_the_reviews_three_tables(self):
        self.assertEqual(Instrument.objects.count(), 82)
        by_section = {"laws": 0, "regulations": 0, "standards": 0}
        for instrument in Instrument.objects.all():
            by_section[instrument.section] += 1
        self.assertEqual(by_section, {"laws": 7, "regulations": 48, "standards": 27})

    def test_every_instrument_and_case_has_its_tracker_id_in_the_reviews_order(self):
        for model, count in ((Instrument, 82), (Case, 146)):
            ids = list(model.objects.values_list("public_id", flat=True))
            self.assertEqual((len(ids), len(set(ids)), None in ids), (count, count, False))
        first_law = Instrument.objects.get(title="《民法典》")
        self.assertEqual(first_law.public_id, "LT-I-2020-0001")
        self.assertEqual(Instrument.objects.get(title="《密码法》").public_id, "LT-I-2019-0001")

    def test_32_instruments_have_no_effective_date(self):
        self.assertEqual(Instrument.objects.filter(effective_on__isnull=True).count(), 32)

    def test_snapshot_holds_14_campaigns_by_family(self):
        counts = {f: Campaign.objects.filter(family=f).count() for f in FAMILIES}
        self.assertEqual(counts, {"cyberspace": 8, "public_security": 3, "miit": 2, "other": 1})

    def test_snapshot_holds_146_cases_by_family_the_repeated_miit_row_once(self):
        counts = {f: Case.objects.filter(family=f).count() for f in FAMILIES}
        self.assertEqual(counts, {"cyberspace": 11, "public_security": 83, "miit": 45, "other": 7})
        self.assertEqual(Case.objects.filter(subject="深圳市创梦天地科技有限公司").count(), 1)

    def test_loading_the_snapshot_again_changes_nothing_and_keeps_corrections(self):
        corrected = Case.objects.get(subject="董某")
        corrected.subject = "董某某"
        corrected.penalty_text = "注销网站备案（已更正）"
        corrected.save()
        before = {
            "instruments": list(Instrument.objects.values_list("pk", "updated_at")),
            "cases": list(Case.objects.values_list("pk", "updated_at")),
            "campaigns": list(Campaign.objects.values_list("pk", "updated_at")),
        }
        output = load()
        self.assertIn("nothing to do", output)
        after = {
            "instruments": list(Instrument.objects.values_list("pk", "updated_at")),
            "cases": list(Case.objects.values_list("pk", "updated_at")),
            "campaigns": list(Campaign.objects.values_list("pk", "updated_at")),
        }
        self.assertEqual(before, after)

    def test_one_body_written_several_ways_is_one_authority(self):
        from instruments.models import Authority

        beijing = Authority.objects.filter(province__short_name="北京", family="cyberspace")
        self.assertEqual(
            [(a.name, sorted(a.aliases.values_list("name", flat=True))) for a in beijing],
            [("北京市互联网信息办公室", ["北京市互联网信息办公室", "北京市网信办", "北京网信办"])],
        )
        miit = Authority.objects.get(province__short_name="广东", family="miit")
        self.assertEqual((miit.name, miit.cases.count()), ("广东省通信管理局", 42))
        # 75 names as the review's cases print them, 72 bodies.
        self.assertEqual(Authority.objects.filter(cases__isnull=False).distinct().count(), 72)

    def test_the_instruments_have_the_issuers_numbers_sources_and_english_titles_beside_them(self):
        """fixtures/review_2020/instrument_details.csv completes the review's tables: every
        value there is on its instrument, and the review's verbatim texts are untouched."""
        with (SNAPSHOT / "instrument_details.csv").open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        self.assertEqual(len(rows), 82)
        for row in rows:
            instrument = Instrument.objects.get(title=row["名称"], published_text=row["发布时间"])
            # Each issuer the file names leads to one of the instrument's authorities (国家网信办
            # and 中央网信办 are one body).
            keys = [issuer_key(name) for name in split_agency_text(row["发布机关"])]
            named = set(alias_owners(keys).values())
            held = set(instrument.authorities.values_list("pk", flat=True))
            self.assertEqual((named, len(keys) >= len(held)), (held, True), row["名称"])
            if row["发文字号"]:
                self.assertEqual(instrument.doc_number, row["发文字号"], row["名称"])
            shown = (instrument.source_url, instrument.title_en)
            self.assertEqual(shown, (row["来源链接"], row["英文名称"]), row["名称"])
        self.assertEqual(
            Instrument.objects.filter(authorities__isnull=False).distinct().count(), 73
        )
        law = Instrument.objects.get(title="《民法典》")
        self.assertEqual(
            ([a.name for a in law.authorities.all()], law.doc_number, law.title_en),
            (
                ["全国人民代表大会"],
                "中华人民共和国主席令第四十五号",
                "Civil Code of the People's Republic of China",
            ),
        )
        review = Instrument.objects.get(title="《网络安全审查办法》")
        self.assertEqual(review.authorities.count(), 12)

    def test_the_tallies_count_the_snapshot_as_its_cases_do(self):
        """The overview and the list's totals read the tallies the import kept."""
        self.assertEqual(held(), recounted())
        page = overview()
        self.assertEqual(page["case_count"], 146)
        self.assertEqual(page["family"]["money"], money_by_family())
        self.assertEqual(tallies.rebuild(), len(held()))

    def test_joint_issuers_are_listed_lead_issuer_first_as_the_document_names_them(self):
        """The issuers as given are kept verbatim; its page and the list name them in that
        order (by name, 公安部 would come before 国家互联网信息办公室)."""
        with (SNAPSHOT / "instrument_details.csv").open(encoding="utf-8") as file:
            given = {row["名称"]: row["发布机关"] for row in csv.DictReader(file)}
        for instrument in Instrument.objects.all():
            self.assertEqual(instrument.issuers_text, given[instrument.title], instrument.title)
        review = Instrument.objects.get(title="《网络安全审查办法》")
        names = [a.name for a in in_document_order(review.authorities.all(), review.issuers_text)]
        self.assertEqual(names, split_agency_text(given["《网络安全审查办法》"]))
        self.assertEqual(
            names[:3], ["国家互联网信息办公室", "国家发展和改革委员会", "工业和信息化部"]
        )
        self.assertNotEqual(names, sorted(names))
        user = User.objects.create_superuser("reader", password="x-Pass-123456")
        self.client.force_login(user)
        # On the list, after the filters' options.
        for url, start in (
            (f"/instruments/{review.pk}/", "<main"),
            ("/instruments/?q=审查办法", "<tbody"),
        ):
            page = self.client.get(url).content.decode()
            shown = page[page.index(start) :]
            places = [shown.index(name) for name in names]
            self.assertEqual(places, sorted(places), url)

    def test_no_snapshot_case_is_national_and_no_level_is_left_inferred(self):
        self.assertFalse(Case.objects.filter(national=True).exists())
        self.assertFalse(Instrument.objects.filter(level_inferred=True).exists())

    def test_first_load_reports_what_it_created(self):
        self.assertIn(
            "cases_miit.csv: 45 created, 1 row(s) repeated word for word\n", self.first_output
        )
        self.assertIn("instruments_regulations.csv: 48 created\n", self.first_output)

    def test_summary_json_has_the_promised_shape_and_counts(self):
        out = StringIO()
        call_command("tracker_summary", "--json", stdout=out)
        summary = json.loads(out.getvalue())
        self.assertEqual(summary["instruments"]["total"], 82)
        self.assertEqual(
            summary["instruments"]["by_section"],
            {"laws": 7, "regulations": 48, "standards": 27},
        )
        self.assertEqual(summary["instruments"]["by_level"]["law"], 7)
        self.assertEqual(sum(summary["instruments"]["by_level"].values()), 82)
        self.assertEqual(sum(summary["instruments"]["by_status"].values()), 82)
        self.assertEqual(summary["campaigns"]["total"], 14)
        self.assertEqual(
            summary["cases"],
            {
                "total": 146,
                "by_family": {
                    "cyberspace": 11,
                    "public_security": 83,
                    "miit": 45,
                    "other": 7,
                },
                # Three cases name an instrument in their texts (《网络安全法》, 《信息安全等级
                # 保护管理办法》, neither in the 2020 tables); the review gives no legal basis,
                # no campaign of a case and no source: these are for associates to add.
                "with_citation": 3,
                "citations": 3,
                "with_campaign": 0,
                "with_source": 0,
            },
        )
        self.assertEqual(summary["data_as_of"], "2020-12-11")
        links = {key: summary["instruments"][key] for key in ("with_issuer", "with_source")}
        self.assertEqual(links, {"with_issuer": 73, "with_source": 11})
        self.assertEqual(summary["instruments"]["pending_drafts"], 30)
        self.assertEqual(set(summary["money"]), set(FAMILIES))
        # Checked by hand against the review's "other regulators" table.
        self.assertEqual(
            summary["money"]["other"],
            {
                "org_fines": "2375000.00",
                "individual_fines": "0.00",
                "confiscations": "5287.68",
                "fines_amount_unknown": 0,
            },
        )
        # Added up by hand from the review's public security and MIIT tables.
        self.assertEqual(
            summary["money"]["public_security"],
            {
                "org_fines": "1033000.00",
                "individual_fines": "255614.00",
                "confiscations": "0.00",
                "fines_amount_unknown": 1,
            },
        )
        self.assertEqual(
            summary["money"]["miit"],
            {
                "org_fines": "1375000.00",
                "individual_fines": "0.00",
                "confiscations": "0.00",
                "fines_amount_unknown": 0,
            },
        )
        # Cyberspace: 5,000 on the breakfast shop; 网易 and 虎牙 fined, amounts not given.
        self.assertEqual(
            summary["money"]["cyberspace"],
            {
                "org_fines": "5000.00",
                "individual_fines": "0.00",
                "confiscations": "0.00",
                "fines_amount_unknown": 2,
            },
        )


FAMILIES = ("cyberspace", "public_security", "miit", "other")


def reading(c: Case) -> tuple:
    """(date, precision, org fines, individual fines, confiscations, detention days, kinds)."""
    penalties = list(c.penalties.order_by("position"))

    def amounts(kind, *targets):
        return [
            p.amount for p in penalties if p.kind == kind and (not targets or p.target in targets)
        ]

    return (
        c.decided_on,
        c.decided_precision,
        amounts("fine", "organization"),
        amounts("fine", "individual", "responsible_person"),
        amounts("confiscation"),
        [p.days for p in penalties if p.kind == "detention"],
        {p.kind for p in penalties},
    )


d = datetime.date
# Read off the review text by hand: subject (and date where a subject recurs) → reading.
HAND_CHECKED = [
    # cyberspace
    ("某小区早餐店", None, (d(2020, 11, 16), "day", [D(5000)], [], [], [], {"warning", "fine"})),
    (
        "网易网",
        None,
        (d(2020, 10, 10), "day", [None], [], [], [], {"interview", "fine", "suspension"}),
    ),
    ("李某", None, (d(2020, 5, 18), "day", [], [], [], [], {"icp_cancel"})),
    (
        "虎牙直播",
        None,
        (d(2020, 6, 22), "day", [None], [], [], [], {"fine", "rectify", "suspension", "other"}),
    ),
    # public security
    (
        "两家信息科技公司",
        None,
        (d(2020, 9, 1), "month", [], [], [], [3], {"warning", "detention"}),
    ),
    ("某企业", "2020.08", (d(2020, 8, 1), "month", [D(10000)], [D(5000)], [], [], {"fine"})),
    ("某市民", None, (d(2020, 8, 11), "day", [], [D(614)], [], [], {"warning", "fine"})),
    (
        "曹某",
        None,
        (
            d(2020, 1, 1),
            "month",
            [],
            [D(10000), D(10000)],
            [None],
            [5],
            {"fine", "confiscation", "detention"},
        ),
    ),
    (
        "京某科技有限公司三河市燕郊分公司",
        None,
        (d(2020, 4, 13), "day", [None], [], [], [], {"warning", "fine"}),
    ),
    ("石景山区某公司", None, (d(2020, 4, 1), "month", [D(15000)], [D(5000)], [], [], {"fine"})),
    ("姚某某", None, (d(2020, 1, 1), "month", [], [D(100000)], [], [], {"fine"})),
    ("杨某", None, (d(2020, 5, 1), "month", [], [], [], [2], {"detention"})),
    ("翟某某等人", None, (d(2020, 1, 1), "month", [], [D(10000), D(5000)], [], [], {"fine"})),
    (
        "洛阳市某网络科技有限公司",
        None,
        (d(2020, 3, 1), "month", [D(15000)], [], [], [], {"takedown", "warning", "fine"}),
    ),
    ("长沙岳麓某传媒公司", None, (d(2020, 1, 22), "day", [D(10000)], [D(5000)], [], [], {"fine"})),
    ("济南某酒店", None, (d(2020, 4, 1), "month", [D(10000)], [], [], [], {"fine"})),
    # MIIT
    (
        "深圳市创梦天地科技有限公司",
        None,
        (d(2020, 10, 11), "day", [D(40000)], [], [], [], {"rectify", "warning", "fine"}),
    ),
    (
        "深圳市安全守护科技有限公司",
        None,
        (d(2020, 3, 11), "day", [D(75000)], [], [], [], {"rectify", "warning", "fine"}),
    ),
    ("新浪微博", "2020.03.21", (d(2020, 3, 21), "day", [], [], [], [], {"interview"})),
    (
        "深圳平安通信科技有限公司",
        None,
        (d(2020, 2, 25), "day", [D(200000)], [], [], [], {"rectify", "fine"}),
    ),
    # other regulators
    (
        "交通银行股份有限公司太平洋信用卡中心",
        None,
        (d(2020, 7, 28), "day", [D(1000000)], [], [], [], {"fine", "rectify"}),
    ),
    (
        "上海轻轻信息科技有限公司绍兴柯桥分公司",
        None,
        (d(2020, 6, 19), "day", [D(35000)], [], [], [], {"rectify", "fine"}),
    ),
    (
        "济南移趣网络科技有限公司",
        None,
        (d(2020, 3, 24), "day", [D(10000)], [], [D("5287.68")], [], {"fine", "confiscation"}),
    ),
]


class SnapshotRowsTests(TestCase):
    """Rows checked by hand against the review text, across all four families."""

    @classmethod
    def setUpTestData(cls):
        load()

    def test_hand_checked_rows_read_as_the_review_prints_them(self):
        self.assertGreaterEqual(len(HAND_CHECKED), 15)
        families = set()
        for subject, decided_text, expected in HAND_CHECKED:
            with self.subTest(subject=subject):
                c = case(subject, decided_text)
                families.add(c.family)
                self.assertEqual(reading(c), expected)
        self.assertEqual(families, set(FAMILIES))

    # -- cyberspace --------------------------------------------------------------------

    def test_breakfast_shop_warned_and_fined_5000_in_ruian(self):
        c = case("某小区早餐店")
        self.assertEqual((c.decided_on, c.decided_precision), (datetime.date(2020, 11, 16), "day"))
        self.assertEqual((c.province.short_name, c.city), ("浙江", "瑞安"))
        self.assertEqual(c.family, "cyberspace")
        self.assertEqual(
            sanctions(c),
            [
                ("warning", "organization", None, None, ""),
                ("fine", "organization", D("5000.00"), None, ""),
            ],
        )

    def test_netease_fine_without_amount_is_unknown_not_zero(self):
        c = case("网易网")
        self.assertEqual(kinds(c), {"interview", "fine", "suspension"})
        self.assertEqual(fines(c, "organization"), [None])
        suspension = c.penalties.get(kind="suspension")
        self.assertEqual(suspension.days, 7)

    def test_month_only_case_keeps_month_precision(self):
        c = case("比心陪练")
        self.assertEqual((c.decided_on, c.decided_precision), (datetime.date(2020, 8, 1), "month"))
        self.assertEqual(c.decided_text, "2020.08")
        self.assertIn("interview", kinds(c))

    def test_natural_person_li_loses_her_icp_filing(self):
        c = case("李某")
        self.assertEqual(c.subject_kind, "individual")
        self.assertEqual(sanctions(c), [("icp_cancel", "individual", None, None, "")])

    def test_huya_row_split_across_a_page_break_is_stitched(self):
        c = case("虎牙直播")
        self.assertTrue(c.agency_text.endswith("省广电局 广州市网信办"))
        names = set(c.authorities.values_list("name", flat=True))
        self.assertIn("广州市网信办", names)
        self.assertIn("广东省广电局", names)  # 省 in a 广东 case is 广东's
        self.assertEqual(len(names), 7)
        self.assertEqual(fines(c, "organization"), [None])

    # -- public security ---------------------------------------------------------------

    def test_detention_of_responsible_person_wang_across_a_page_break(self):
        c = case("两家信息科技公司")
        self.assertEqual(c.penalty_text, "警告 其中一家公司负责人王 某做出行政 拘留三日")
        self.assertEqual(c.decided_precision, "month")
        detention = c.penalties.get(kind="detention")
        self.assertEqual((detention.target, detention.days), ("responsible_person", 3))
        self.assertEqual(detention.person, "王某")

    def test_two_fines_in_one_row_company_and_responsible_person(self):
        c = case("某企业", "2020.08")
        self.assertEqual(fines(c, "organization"), [D("10000.00")])
        self.assertEqual(fines(c, "responsible_person"), [D("5000.00")])

    def test_fine_written_as_1_wan_5_qian(self):
        c = case("石景山区某公司")
        self.assertEqual(fines(c, "organization"), [D("15000.00")])
        self.assertEqual(fines(c, "responsible_person"), [D("5000.00")])

    def test_citizen_fined_614_as_an_individual(self):
        c = case("某市民")
        self.assertEqual(c.subject_kind, "individual")
        self.assertEqual(fines(c, "individual"), [D("614.00")])

    def test_a_hotel_in_jinan_is_fined_as_an_organization(self):
        c = case("济南某酒店")
        self.assertEqual(c.subject_kind, "company")
        self.assertEqual(sanctions(c), [("fine", "organization", D("10000.00"), None, "")])

    def test_yao_a_natural_person_is_fined_as_an_individual(self):
        c = case("姚某某")
        self.assertEqual(sanctions(c), [("fine", "individual", D("100000.00"), None, "")])

    def test_cao_row_fines_confiscation_and_detention_across_a_page_break(self):
        c = case("曹某")
        self.assertEqual(
            [(p.kind, p.target, p.amount, p.days, p.person) for p in c.penalties.all()],
            [
                ("fine", "individual", D("10000.00"), None, "曹某"),
                ("confiscation", "individual", None, None, "曹某"),
                ("detention", "individual", None, 5, "陈某某"),
                ("fine", "individual", D("10000.00"), None, "陈某某"),
            ],
        )

    def test_two_named_persons_fined_in_two_cities(self):
        c = case("翟某某等人")
        self.assertEqual((c.province.short_name, c.city), ("江苏", "盐城、宿迁"))
        self.assertEqual(fines(c, "individual"), [D("10000.00"), D("5000.00")])

    def test_detention_days_for_yang(self):
        c = case("杨某")
        self.assertEqual(sanctions(c), [("detention", "individual", None, 2, "")])

    def test_fajin_without_amount_is_a_fine_of_unknown_amount(self):
        c = case("京某科技有限公司三河市燕郊分公司")
        self.assertEqual(kinds(c), {"warning", "fine"})
        self.assertEqual(fines(c, "organization"), [None])

    def test_app_takedown_warning_and_fine_of_1_5_wan(self):
        c = case("洛阳市某网络科技有限公司")
        self.assertEqual(kinds(c), {"takedown", "warning", "fine"})
        self.assertEqual(fines(c, "organization"), [D("15000.00")])

    def test_changsha_row_split_across_a_page_break_keeps_both_fines(self):
        c = case("长沙岳麓某传媒公司")
        self.assertEqual(c.family, "public_security")
        self.assertEqual(fines(c, "organization"), [D("10000.00")])
        self.assertEqual(fines(c, "responsible_person"), [D("5000.00")])
        self.assertIn("2020年2月1日", c.facts)

    # -- MIIT --------------------------------------------------------------------------

    def test_app_case_is_tagged_with_its_violation_categories(self):
        c = case("深圳市创梦天地科技有限公司")
        self.assertEqual(
            set(c.violation_categories.values_list("name", flat=True)),
            {
                "未公开收集使用规则",
                "未明示收集使用目的、方式和范围",
                "未经同意收集使用个人信息",
                "未提供注销、删除或更正功能",
            },
        )

    def test_seventy_five_thousand_in_chinese_numerals(self):
        c = case("深圳市安全守护科技有限公司")
        self.assertEqual(c.family, "miit")
        self.assertEqual(kinds(c), {"rectify", "warning", "fine"})
        self.assertEqual(fines(c, "organization"), [D("75000.00")])

    def test_weibo_interviewed_by_a_national_body(self):
        c = case("新浪微博", "2020.03.21")
        self.assertEqual(c.family, "miit")
        self.assertEqual(kinds(c), {"interview"})
        authority = c.authorities.get()
        self.assertEqual(
            (authority.name, authority.province), ("工业和信息化部网络安全管理局", None)
        )

    def test_largest_miit_fine_200000(self):
        c = case("深圳平安通信科技有限公司")
        self.assertEqual(
            (c.decided_on, c.province.short_name), (datetime.date(2020, 2, 25), "广东")
        )
        self.assertEqual(fines(c, "organization"), [D("200000.00")])

    # -- other regulators --------------------------------------------------------------

    def test_bank_card_centre_fined_one_million(self):
        c = case("交通银行股份有限公司太平洋信用卡中心")
        self.assertEqual(c.family, "other")
        self.assertEqual(fines(c, "organization"), [D("1000000.00")])
        self.assertIn("rectify", kinds(c))
        self.assertEqual(c.authorities.get().family, "other")

    def test_confiscation_with_an_amount_in_fen(self):
        c = case("济南移趣网络科技有限公司")
        self.assertEqual(
            sanctions(c),
            [
                ("fine", "organization", D("10000.00"), None, ""),
                ("confiscation", "organization", D("5287.68"), None, ""),
            ],
        )

    def test_shaoxing_row_with_facts_across_a_page_break(self):
        c = case("上海轻轻信息科技有限公司绍兴柯桥分公司")
        self.assertTrue(c.facts.endswith("当事人违法所得无法认定。"))
        self.assertIn("被收 集人并不知情", c.facts)
        self.assertEqual(fines(c, "organization"), [D("35000.00")])

    # -- campaigns and instruments -----------------------------------------------------

    def test_campaign_month_is_read_with_its_precision(self):
        campaign = Campaign.objects.get(family="cyberspace", number=1)
        self.assertEqual(campaign.started_text, "2020 年 11 月")
        self.assertEqual(
            (campaign.started_on, campaign.started_precision),
            (datetime.date(2020, 11, 1), "month"),
        )

    def test_revised_instrument_keeps_its_note(self):
        instrument = Instrument.objects.get(title="《网络购买商品七日无理由退货暂行办法》")
        self.assertEqual(instrument.published_on, datetime.date(2020, 11, 3))
        self.assertEqual(instrument.published_note, "修订")
        self.assertEqual(instrument.published_text, "2020.11.03 修订")

    def test_pipl_draft_is_a_pending_draft_without_effective_date(self):
        draft = Instrument.objects.with_status().get(title="《个人信息保护法（草案）》")
        self.assertEqual((draft.level, draft.is_draft, draft.status), ("law", True, "draft"))
        self.assertIsNone(draft.effective_on)

    def test_document_number_is_read_from_the_title(self):
        instrument = Instrument.objects.get(doc_number="国发〔2020〕13号")
        self.assertTrue(
            instrument.title.startswith("《国务院关于取消和下放一批行政许可事项的决定》")
        )

    def test_civil_code_is_a_law_in_force(self):
        code = Instrument.objects.with_status().get(title="《民法典》")
        self.assertEqual(code.effective_on, datetime.date(2021, 1, 1))
        self.assertEqual(code.status, "in_force")


class SnapshotDetailsAgainTests(TestCase):
    """A newer version's checked facts reach a database that has the snapshot already,
    on request, filling only what records leave empty."""

    def test_load_snapshot_details_fills_what_is_empty_and_keeps_the_rest(self):
        load()
        review = Instrument.objects.get(title="《网络安全审查办法》")
        given = review.issuers_text
        Instrument.objects.update(issuers_text="")  # as an instance from before the field
        Instrument.objects.filter(title="《民法典》").update(doc_number="associate's 文号")
        self.assertIn("nothing to do", load())
        self.assertEqual(Instrument.objects.exclude(issuers_text="").count(), 0)
        out = StringIO()
        call_command("load_snapshot", details=True, stdout=out)
        self.assertIn("instrument_details.csv: 0 created, 73 completed", out.getvalue())
        review.refresh_from_db()
        self.assertEqual(review.issuers_text, given)
        self.assertEqual(Instrument.objects.get(title="《民法典》").doc_number, "associate's 文号")
        again = StringIO()
        call_command("load_snapshot", details=True, stdout=again)
        self.assertIn("0 created, 82 already in the tracker", again.getvalue())
        self.assertEqual((Case.objects.count(), Campaign.objects.count()), (146, 14))
