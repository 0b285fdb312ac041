"""The annual review laid out from the data (enforcement/review.py): the 2020 review from
the snapshot, checked in the Word document itself; frozen editions that read the same
after edits; the page, its download and freezing, each refused to those who may not."""

import csv
import datetime
import io
import tempfile
from pathlib import Path

import docx
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from enforcement.models import Case, ReviewEdition
from enforcement.review import review, review_years
from enforcement.review_docx import DOCX_CONTENT_TYPE, review_docx
from enforcement.services import CutOffInFuture, NothingToFreeze, freeze_review
from instruments.models import Instrument
from lawtracker import public_ids
from lawtracker.management.commands.load_snapshot import SNAPSHOT
from tests.factories import make_campaign, make_case, make_instrument, make_user, region

INSTRUMENT_HEADERS = ["名称", "发布时间", "生效时间"]
CAMPAIGN_HEADERS = ["序号", "时间", "监管重点"]
CASE_HEADERS = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"]
FAMILIES = ("cyberspace", "public_security", "miit", "other")


def fixture_rows(name: str) -> list[dict]:
    with open(SNAPSHOT / name, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def without_repeats(rows: list[dict]) -> list[dict]:
    """The review's rows less those repeated word for word (the snapshot loads one)."""
    seen, kept = set(), []
    for row in rows:
        key = tuple(row.values())
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def read_docx(content: bytes) -> list:
    """The document's body in order: ("heading", style, text) and ("table", rows)."""
    document = docx.Document(io.BytesIO(content))
    body = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            if paragraph.text.strip():
                body.append(("text", paragraph.style.name, paragraph.text))
        elif tag == "tbl":
            grid = docx.table.Table(child, document)
            body.append(("table", [[cell.text for cell in row.cells] for row in grid.rows]))
    return body


def tables_after(body: list, heading: str) -> list[list[str]]:
    """The table that follows the first heading reading `heading`."""
    at = next(i for i, item in enumerate(body) if item[0] == "text" and item[2] == heading)
    return next(item[1] for item in body[at:] if item[0] == "table")


def squeezed(text: str) -> str:
    return "".join(text.split())


def write_review(*args: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.docx"
        call_command("annual_review", *args, "--output", str(path), stdout=io.StringIO())
        return path.read_bytes()


class SnapshotReviewTests(TestCase):
    """The 2020 review, generated from the snapshot, holds what the review holds."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_snapshot", stdout=io.StringIO())
        cls.body = read_docx(write_review("2020"))

    def test_the_three_instrument_tables_list_the_reviews_82_instruments_in_its_order(self):
        sections = {
            "（一）法律": "instruments_laws.csv",
            "（二）法规、规章、规范性文件及司法解释": "instruments_regulations.csv",
            "（三）国标、行标及行业指引、指南等": "instruments_standards.csv",
        }
        total = 0
        for heading, name in sections.items():
            rows = tables_after(self.body, heading)
            self.assertEqual(rows[0], INSTRUMENT_HEADERS)
            titles = [squeezed(row[0]) for row in rows[1:]]
            self.assertEqual(titles, [squeezed(row["名称"]) for row in fixture_rows(name)])
            total += len(titles)
        self.assertEqual(total, 82)

    def test_each_familys_campaigns_and_cases_are_the_reviews_in_its_order(self):
        headings = ["1. 网信部门", "2. 公安部门", "3. 工信部门", "4. 其他行业主管部门等"]
        campaigns = cases = 0
        for number, (family, heading) in enumerate(zip(FAMILIES, headings, strict=True), 1):
            at = next(i for i, item in enumerate(self.body) if item[1:] == ("Heading 2", heading))
            part = self.body[at:]
            campaign_rows = tables_after(part, f"{number}.1. 专项行动")
            self.assertEqual(campaign_rows[0], CAMPAIGN_HEADERS)
            expected = fixture_rows(f"campaigns_{family}.csv")
            self.assertEqual(
                [(row[0], squeezed(row[2])) for row in campaign_rows[1:]],
                [(row["序号"], squeezed(row["监管重点"])) for row in expected],
            )
            case_rows = tables_after(part, f"{number}.2. 执法案例")
            self.assertEqual(case_rows[0], CASE_HEADERS)
            expected = without_repeats(fixture_rows(f"cases_{family}.csv"))
            self.assertEqual(
                [[squeezed(cell) for cell in row[1:]] for row in case_rows[1:]],
                [[squeezed(row[name]) for name in CASE_HEADERS[1:]] for row in expected],
            )
            campaigns += len(campaign_rows) - 1
            cases += len(case_rows) - 1
        self.assertEqual((campaigns, cases), (14, 146))

    def test_dates_are_as_precise_as_the_review_gives_them(self):
        laws = tables_after(self.body, "（一）法律")
        self.assertEqual(laws[1], ["《民法典》", "2020.05.28", "2021.01.01"])
        self.assertIn(["《个人信息保护法（草案）》", "2020.10.21", "--"], laws)
        cases = tables_after(self.body, "1.2. 执法案例")
        self.assertEqual([row[0] for row in cases[3:5]], ["2020.08", "2020.07"])
        campaigns = tables_after(self.body, "1.1. 专项行动")
        self.assertEqual(campaigns[1][1], "2020.11")

    def test_the_parts_stand_in_the_reviews_order_with_the_years_figures_last(self):
        headings = [item[2] for item in self.body if item[0] == "text" and "Heading 1" in item[1]]
        self.assertEqual(
            headings,
            [
                "第二部分：2020年网数立法与标准制定概览",
                "第三部分：2020年网数监管与执法行动、案例概览",
                "附：2020年执法数据",
            ],
        )
        families = tables_after(self.body, "各监管部门的执法案例与罚款")
        self.assertEqual(families[-1][:2], ["合计", "146"])
        self.assertEqual(len(tables_after(self.body, "最高罚款")), 11)

    def test_the_english_review_has_the_same_records_under_english_headers(self):
        body = read_docx(write_review("2020", "--language", "en"))
        laws = tables_after(body, "(1) Laws")
        self.assertEqual(laws[0], ["Title", "Published", "Effective"])
        self.assertEqual(len(laws), 8)
        cases = tables_after(body, "1.2. Enforcement cases")
        self.assertEqual(cases[0][:3], ["Date", "Region", "Penalized party"])
        self.assertEqual(cases[1][0], "16 Nov 2020")
        self.assertEqual(cases[1][1], "Zhejiang 瑞安")
        tables = [item[1] for item in body if item[0] == "table"]
        self.assertEqual(sum(len(rows) - 1 for rows in tables[:3]), 82)

    def test_ids_add_a_last_column_of_tracker_ids(self):
        body = read_docx(write_review("2020", "--ids"))
        laws = tables_after(body, "（一）法律")
        self.assertEqual(laws[0], [*INSTRUMENT_HEADERS, "追踪编号"])
        self.assertEqual(laws[1][-1], Instrument.objects.get(title="《民法典》").public_id)


def make_2020_records():
    law = make_instrument(title="《测试法》", level="law")
    earlier = make_instrument(
        title="《去年发布今年施行的办法》",
        published_on=datetime.date(2019, 12, 1),
        effective_on=datetime.date(2020, 3, 1),
    )
    make_instrument(title="《2021年的办法》", published_on=datetime.date(2021, 2, 1))
    campaign = make_campaign(focus="二〇二〇年的专项行动")
    case = make_case(subject="原来的公司", province=region("广东"), region_text="广东 深圳")
    public_ids.assign(case)
    case.save()
    make_case(subject="二〇二一年的公司", decided_on=datetime.date(2021, 1, 5))
    return law, earlier, campaign, case


class FrozenEditionTests(TestCase):
    def setUp(self):
        self.law, self.earlier, self.campaign, self.case = make_2020_records()

    def test_a_year_holds_what_was_published_or_took_effect_begun_or_decided_in_it(self):
        counts = review(2020).counts
        self.assertEqual(counts, {"instruments": 2, "campaigns": 1, "cases": 1})
        self.assertEqual(review_years(), [2021, 2020, 2019])

    def test_an_edition_reads_the_same_after_its_records_change_or_go(self):
        edition = freeze_review(year=2020, cut_off=timezone.now())
        before = read_docx(write_review("2020", "--edition", str(edition.number), "--ids"))
        self.case.subject = "改过的公司"
        self.case.save()
        self.earlier.delete()
        make_case(subject="后来才录入的公司")
        after = read_docx(write_review("2020", "--edition", str(edition.number), "--ids"))
        self.assertEqual(before, after)
        text = str(after)
        self.assertIn("原来的公司", text)
        self.assertIn("《去年发布今年施行的办法》", text)
        self.assertIn(self.case.public_id, text)
        self.assertNotIn("后来才录入的公司", text)
        live = str(read_docx(write_review("2020")))
        self.assertIn("改过的公司", live)
        self.assertNotIn("《去年发布今年施行的办法》", live)

    def test_an_edition_holds_the_records_as_they_stood_at_its_cut_off(self):
        cut_off = timezone.now()
        self.case.subject = "截止后改过的公司"
        self.case.save()
        make_case(subject="截止后录入的公司")
        edition = freeze_review(year=2020, cut_off=cut_off, title="2020 年度回顾")
        subjects = [row.subject for row in review(2020, edition=edition).rows.cases]
        self.assertEqual(subjects, ["原来的公司"])
        self.assertEqual((edition.year, edition.number, edition.title), (2020, 1, "2020 年度回顾"))
        self.assertEqual(freeze_review(year=2020, cut_off=timezone.now()).number, 2)

    def test_a_cut_off_still_to_come_or_before_any_record_is_refused(self):
        with self.assertRaises(CutOffInFuture):
            freeze_review(year=2020, cut_off=timezone.now() + datetime.timedelta(hours=1))
        with self.assertRaises(NothingToFreeze):
            freeze_review(year=2020, cut_off=timezone.now() - datetime.timedelta(days=1))
        self.assertFalse(ReviewEdition.objects.exists())

    def test_the_command_freezes_and_says_what_it_cannot_do(self):
        out = io.StringIO()
        call_command("annual_review", "2020", "--freeze", stdout=out)
        self.assertIn("2020: edition 1 frozen", out.getvalue())
        for args, message in [
            (["--edition", "4", "--output", "x.docx"], "2020 has no edition 4 (it has 1)"),
            (["--output", "x.pdf"], "written as a .docx file"),
            (["--freeze", "--cut-off", "2020-13-01"], "give a day (2021-01-31)"),
            (["--freeze", "--cut-off", "2999-01-01"], "only at a moment that has passed"),
            ([], "give --output FILE.docx"),
        ]:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                call_command("annual_review", "2020", *args, stdout=io.StringIO())


class ReviewPageTests(TestCase):
    def setUp(self):
        make_2020_records()
        self.url = reverse("enforcement:review")

    def test_the_page_requires_a_login_and_a_role(self):
        self.assertRedirects(self.client.get(self.url), f"{reverse('login')}?next={self.url}", 302)
        self.client.force_login(make_user())
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.get(reverse("enforcement:review-docx")).status_code, 403)

    def test_a_partner_reads_the_latest_year_with_cases_and_downloads_it_but_cannot_freeze(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get(self.url)
        self.assertContains(response, "第三部分：2021年网数监管与执法行动、案例概览")
        response = self.client.get(self.url, {"year": "2020"})
        self.assertContains(response, "《测试法》")
        self.assertContains(response, "原来的公司")
        self.assertNotContains(response, "《2021年的办法》")
        self.assertNotContains(response, reverse("enforcement:review-freeze"))
        download = self.client.get(reverse("enforcement:review-docx"), {"year": "2020"})
        self.assertEqual(download["Content-Type"], DOCX_CONTENT_TYPE)
        self.assertIn("lawtracker-review-2020-zh-hans.docx", download["Content-Disposition"])
        self.assertIn("原来的公司", str(read_docx(download.content)))
        refused = self.client.post(reverse("enforcement:review-freeze"), {"year": "2020"})
        self.assertEqual(refused.status_code, 403)
        self.assertFalse(ReviewEdition.objects.exists())

    def test_an_associate_freezes_the_review_and_sees_the_edition(self):
        self.client.force_login(make_user("associate"))
        page = self.client.get(self.url, {"year": "2020"})
        self.assertContains(page, reverse("enforcement:review-freeze"))
        response = self.client.post(
            reverse("enforcement:review-freeze"), {"year": "2020", "title": "定稿"}, follow=True
        )
        self.assertRedirects(response, f"{self.url}?year=2020&edition=1")
        self.assertContains(response, "2020 年度回顾的第 1 版已冻结。")
        edition = ReviewEdition.objects.get()
        self.assertEqual((edition.title, edition.entries.count()), ("定稿", 4))

    def test_an_unreadable_choice_is_said_on_the_page_and_refused_for_download(self):
        self.client.force_login(make_user("partner"))
        for params in ({"year": "1800"}, {"year": "2020", "edition": "9"}):
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'role="alert"', status_code=400)
                download = self.client.get(reverse("enforcement:review-docx"), params)
                self.assertEqual(download.status_code, 400)
        response = self.client.get(
            reverse("enforcement:review-docx"), {"year": "2020", "language": "fr"}
        )
        self.assertContains(response, "fr", status_code=400)

    def test_english_pages_and_documents_speak_english(self):
        self.client.force_login(make_user("partner"))
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url, {"year": "2020"})
        self.assertContains(response, "Part two: legislation and standards in 2020")
        self.assertNotContains(response, "第二部分")
        download = self.client.get(reverse("enforcement:review-docx"), {"year": "2020"})
        self.assertIn("-en.docx", download["Content-Disposition"])

    def test_the_page_runs_a_fixed_number_of_queries(self):
        self.client.force_login(make_user("partner"))
        freeze_review(year=2020, cut_off=timezone.now())
        with self.assertNumQueries(17):
            self.client.get(self.url, {"year": "2020"})
        with self.assertNumQueries(15):
            self.client.get(self.url, {"year": "2020", "edition": "1"})
        for n in range(20):
            make_case(subject=f"又一家公司{n}")
            make_instrument()
        with self.assertNumQueries(17):
            self.client.get(self.url, {"year": "2020"})


class ReviewDocumentTests(TestCase):
    def test_a_year_without_records_still_lays_out_every_table(self):
        with translation.override("zh-hans"):
            body = read_docx(review_docx(review(2020)))
        tables = [item for item in body if item[0] == "table"]
        self.assertEqual(len(tables), 3 + 4 * 2 + 1)  # no largest fines: a sentence
        self.assertIn(("text", "Normal", "本年没有金额已知的罚款。"), body)

    def test_case_rows_are_newest_first_a_day_before_its_months_undated_cases(self):
        make_case(subject="八月某日", decided_on=datetime.date(2020, 8, 3))
        make_case(
            subject="八月不详",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
        )
        make_case(subject="九月", decided_on=datetime.date(2020, 9, 1))
        subjects = [row.subject for row in review(2020).rows.cases]
        self.assertEqual(subjects, ["九月", "八月某日", "八月不详"])
        self.assertEqual(Case.objects.count(), 3)
