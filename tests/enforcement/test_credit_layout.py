"""Cases in the official 双公示 layout (enforcement/credit_layout.py): its columns in its
order, amounts in 万元 converted exactly, dates as precisely as known, what the tracker
does not hold left empty."""

import csv
import datetime
import io
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from enforcement.credit_layout import HEADERS, decision_date, in_wan
from tests.factories import make_case, make_user


class ConversionTests(TestCase):
    def test_yuan_become_wan_exactly(self):
        for yuan, wan in [
            ("50000.00", "5"),
            ("1000000", "100"),
            ("35000", "3.5"),
            ("614", "0.0614"),
            ("1234567.89", "123.456789"),
            ("0.01", "0.000001"),
        ]:
            with self.subTest(yuan=yuan):
                self.assertEqual(in_wan(Decimal(yuan)), wan)

    def test_a_date_is_as_precise_as_it_is_known(self):
        day = datetime.date(2020, 8, 1)
        self.assertEqual(decision_date(datetime.date(2020, 8, 12), "day"), "2020/08/12")
        self.assertEqual(decision_date(day, "month"), "2020/08")
        self.assertEqual(decision_date(datetime.date(2020, 1, 1), "year"), "2020")


class ExportTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def rows(self, **params) -> list[dict]:
        response = self.client.get(reverse("enforcement:case-export-credit", args=["csv"]), params)
        self.assertEqual(response.status_code, 200)
        reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        header, *rows = list(reader)
        self.assertEqual(tuple(header), HEADERS)
        return [dict(zip(header, row, strict=True)) for row in rows]

    def test_a_case_in_the_official_columns(self):
        make_case(
            subject="某科技有限公司",
            decision_number="粤通管罚〔2020〕1号",
            facts="违规收集个人信息",
            legal_basis_text="《网络安全法》第六十四条",
            penalty_text="警告 罚款 5 万元 没收违法所得 614 元",
            penalties=[
                ("warning", "organization", None),
                ("fine", "organization", "50000"),
                ("confiscation", "organization", "614"),
            ],
        )
        (row,) = self.rows()
        self.assertEqual(row["行政相对人名称"], "某科技有限公司")
        self.assertEqual(row["行政相对人类别"], "法人及非法人组织")
        self.assertEqual(row["处罚决定书文号"], "粤通管罚〔2020〕1号")
        self.assertEqual(row["处罚依据"], "《网络安全法》第六十四条")
        self.assertEqual(row["处罚类别"], "警告；罚款；没收违法所得")
        self.assertEqual(row["罚款金额（万元）"], "5")
        self.assertEqual(row["没收违法所得金额（万元）"], "0.0614")
        self.assertEqual(row["处罚决定日期"], "2020/08/12")
        self.assertEqual(row["处罚机关"], "广东省通信管理局")
        for empty in ("统一社会信用代码", "法定代表人", "处罚有效期", "处罚机关统一社会信用代码"):
            self.assertEqual(row[empty], "")

    def test_a_person_an_unknown_fine_and_no_fine(self):
        make_case(
            subject="李某",
            subject_kind="individual",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
            penalties=[("fine", "individual", None), ("detention", "individual", None)],
        )
        make_case(subject="只警告公司", penalties=[("warning", "organization", None)])
        rows = {row["行政相对人名称"]: row for row in self.rows()}
        person = rows["李某"]
        self.assertEqual(person["行政相对人类别"], "自然人")
        self.assertEqual(person["罚款金额（万元）"], "")  # its amount is not known
        self.assertEqual(person["处罚类别"], "罚款；行政拘留")
        self.assertEqual(person["处罚决定日期"], "2020/08")
        self.assertEqual(rows["只警告公司"]["罚款金额（万元）"], "")

    def test_the_export_follows_the_lists_filters(self):
        make_case(subject="工信公司", family="miit")
        make_case(subject="网信公司", family="cyberspace")
        self.assertEqual([row["行政相对人名称"] for row in self.rows(family="miit")], ["工信公司"])

    def test_the_export_runs_a_fixed_number_of_queries(self):
        make_case(penalties=[("warning", "organization", None)])
        url = reverse("enforcement:case-export-credit", args=["xlsx"])
        with self.assertNumQueries(9):
            self.client.get(url)
        for _ in range(15):
            make_case(penalties=[("fine", "organization", "1000")])
        with self.assertNumQueries(9):
            self.client.get(url)
