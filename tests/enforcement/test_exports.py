"""The partners' export, ready for a memo: the import's columns (an exported file imports
back unchanged), real date and ¥ cells, a frozen, filterable header, a link to each case,
and a second sheet saying what the export is of."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.test import TestCase
from django.urls import reverse

from enforcement.models import Case
from lawtracker.imports.run import import_file
from tests.factories import make_user

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPORT = "enforcement:case-export"


class ExportTests(TestCase):
    def setUp(self):
        self.user = make_user("partner")
        self.client.force_login(self.user)
        report = import_file(path=SAMPLES / "cases_2021_national.csv")
        assert report.written and report.records_created > 5, report.errors
        self.count = Case.objects.count()

    def export(self, kind: str, language: str = "zh-hans", **params) -> bytes:
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse(EXPORT, args=[kind]), params)
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_an_exported_file_imports_back_unchanged_in_either_language(self):
        for kind in ("csv", "xlsx"):
            for language in ("zh-hans", "en"):
                with self.subTest(kind=kind, language=language):
                    path = Path(self.enterContext(self.folder())) / f"export.{kind}"
                    path.write_bytes(self.export(kind, language))
                    report = import_file(path=path, check_only=True)
                    self.assertEqual(report.errors, [])
                    self.assertEqual(
                        (report.rows_new, report.rows_changed, report.rows_unchanged),
                        (0, 0, self.count),
                    )

    def folder(self):
        import tempfile

        return tempfile.TemporaryDirectory()

    def test_the_workbook_is_ready_for_a_memo(self):
        month = Case.objects.filter(decided_precision="month").first()
        if month is None:
            month = Case.objects.first()
            Case.objects.filter(pk=month.pk).update(
                decided_precision="month", decided_on=month.decided_on.replace(day=1)
            )
        fined = Case.objects.filter(org_fines__gt=0).order_by("-org_fines").first()
        book = openpyxl.load_workbook(io.BytesIO(self.export("xlsx", family="public_security")))
        sheet, about = book.worksheets
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))
        self.assertGreater(sheet.column_dimensions["F"].width, 30)  # the facts
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(
            header[:7],
            ["追踪编号", "时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"],
        )
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
        column = {name: n for n, name in enumerate(header)}
        some = next(iter(rows.values()))
        date_cell = some[column["日期值"]]
        self.assertIsInstance(date_cell.value, datetime.datetime)
        self.assertIn(date_cell.number_format, {"yyyy-mm-dd", "yyyy-mm", "yyyy"})
        if fined is not None and fined.public_id in rows:
            money = rows[fined.public_id][column["单位罚款（元）"]]
            self.assertEqual(Decimal(str(money.value)), fined.org_fines)
            self.assertIn("¥", money.number_format)
        link = some[column["链接"]]
        self.assertTrue(link.hyperlink.target.startswith("http://testserver/cases/"))
        notes = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
        self.assertIn("监管部门: 公安", notes["导出范围"])
        self.assertIn("family=public_security", notes["列表"])
        self.assertIsInstance(notes["导出时间"], datetime.datetime)

    def test_a_month_is_a_month_in_the_date_cell(self):
        case = Case.objects.first()
        Case.objects.filter(pk=case.pk).update(
            decided_precision="month", decided_on=case.decided_on.replace(day=1)
        )
        book = openpyxl.load_workbook(io.BytesIO(self.export("xlsx")))
        sheet = book.worksheets[0]
        header = [cell.value for cell in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == case.public_id)
        self.assertEqual(row[header.index("日期值")].number_format, "yyyy-mm")

    def test_the_english_export_is_headed_in_english(self):
        header = next(openpyxl.load_workbook(io.BytesIO(self.export("xlsx", "en"))).active.values)
        self.assertEqual(header[:3], ("Tracker ID", "Date", "Region"))
        self.assertIn("Fines on the organization (CNY)", header)


class ListExportTests(TestCase):
    """Instruments and campaigns export from their lists too, in their import's columns."""

    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_instruments_and_campaigns_export_what_their_lists_show_and_import_back(self):
        import tempfile

        from django.core.management import call_command

        call_command("load_snapshot", verbosity=0)
        for route, list_route, params in (
            ("instruments:instrument-export", "instruments:instrument-list", {"q": "个人信息"}),
            ("enforcement:campaign-export", "enforcement:campaign-list", {"family": "miit"}),
        ):
            with self.subTest(route=route):
                listed = self.client.get(reverse(list_route), params)
                self.assertContains(listed, reverse(route, args=["xlsx"]))
                count = listed.context["page_obj"].paginator.count
                self.assertGreater(count, 0)
                # No query a record: the whole list costs what a few of it do.
                self.assertEqual(self.queries_of(route, params), self.queries_of(route, {}))
                response = self.client.get(reverse(route, args=["xlsx"]), params)
                book = openpyxl.load_workbook(io.BytesIO(response.content))
                sheet, about = book.worksheets
                self.assertEqual(sheet.max_row, count + 1)
                self.assertEqual(sheet.freeze_panes, "A2")
                self.assertEqual(about.title, "导出说明")
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / "export.csv"
                    path.write_bytes(self.client.get(reverse(route, args=["csv"]), params).content)
                    report = import_file(path=path, check_only=True)
                self.assertEqual(report.errors, [])
                self.assertEqual((report.rows_new, report.rows_changed), (0, 0))
                self.assertEqual(report.rows_unchanged, count)

    def queries_of(self, route, params) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse(route, args=["xlsx"]), params)
        return len(queries)

    def test_an_unreadable_filter_is_refused_with_its_reason(self):
        response = self.client.get(
            reverse("instruments:instrument-export", args=["csv"]), {"published_from": "2020-13"}
        )
        self.assertContains(response, "2020-13", status_code=400)
