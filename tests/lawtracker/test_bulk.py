"""lawtracker.bulk writes exactly what QuerySet.bulk_create writes, on either database."""

import datetime
import math
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from enforcement.models import Case, Penalty, PenaltyKind, PenaltyTarget, RegulatorFamily
from lawtracker import bulk
from lawtracker.models import ImportJob
from tests.factories import make_case, make_user

# Filled as the ORM fills them on a write, so they differ between two writes.
WRITTEN = {"id", "created_at", "updated_at"}


def stored(model, pk) -> dict:
    return {
        name: value
        for name, value in model.objects.filter(pk=pk).values().get().items()
        if name not in WRITTEN
    }


def new_case(**fields) -> Case:
    return Case(
        family=RegulatorFamily.MIIT,  # a choice: a str subclass, prepared by its field
        decided_text="2021年3月",
        decided_on=datetime.date(2021, 3, 1),
        decided_precision="month",
        decided_end=datetime.date(2021, 3, 31),
        national=False,
        subject="某某科技有限公司",
        subject_kind=Case.SubjectKind.COMPANY,
        agency_text="广东省通信管理局",
        facts="未经同意收集个人信息",
        penalty_text="罚款5万元",
        fingerprint=fields.pop("fingerprint", "bulk-1"),
        org_fines=Decimal("50000.00"),
        individual_fines=Decimal("0.5"),
        fines_unknown=0,
        fines_total=Decimal("50000.50"),
        **fields,
    )


class BulkCreateTests(TestCase):
    def test_a_case_is_stored_as_bulk_create_stores_it(self):
        ours = new_case(fingerprint="ours")
        theirs = new_case(fingerprint="theirs")
        bulk.create([ours])
        Case.objects.bulk_create([theirs])
        self.assertIsNotNone(ours.pk)
        self.assertFalse(ours._state.adding)
        self.assertIsNotNone(ours.created_at)  # auto_now_add set on the instance
        mine, other = stored(Case, ours.pk), stored(Case, theirs.pk)
        self.assertEqual(mine.pop("fingerprint"), "ours")
        other.pop("fingerprint")
        self.assertEqual(mine, other)
        self.assertEqual(mine["org_fines"], Decimal("50000.00"))
        self.assertEqual(mine["decided_end"], datetime.date(2021, 3, 31))
        self.assertEqual(Case.objects.get(pk=ours.pk).created_at, ours.created_at)

    def test_json_and_keys_are_prepared_by_their_fields(self):
        user = make_user("associate")
        options = {"family": "miit", "allow_similar": True, "列": ["甲", 2]}
        ours = ImportJob(kind="cases", file_name="a.xlsx", user=user, options=options)
        theirs = ImportJob(kind="cases", file_name="a.xlsx", user=user, options=options)
        bulk.create([ours])
        ImportJob.objects.bulk_create([theirs])
        self.assertEqual(stored(ImportJob, ours.pk), stored(ImportJob, theirs.pk))
        self.assertEqual(ImportJob.objects.get(pk=ours.pk).options, options)

    def test_keys_come_back_in_order_across_statements(self):
        cases = [new_case(fingerprint=f"n{n}") for n in range(7)]
        with (
            mock.patch.object(bulk, "ROWS_PER_STATEMENT", 3),
            CaptureQueriesContext(connection) as queries,
        ):
            bulk.create(cases)
        self.assertEqual(len(queries), 3)  # 3 + 3 + 1 rows
        for case in cases:
            self.assertEqual(Case.objects.get(pk=case.pk).fingerprint, case.fingerprint)

    def test_a_record_with_a_key_is_refused(self):
        case = make_case()
        with self.assertRaises(ValueError):
            bulk.create([case])

    def test_nothing_to_write_runs_no_query(self):
        with self.assertNumQueries(0):
            self.assertEqual(bulk.create([]), [])
            self.assertEqual(bulk.insert(Penalty, ["case_id", "position"], []), [])


class BulkInsertTests(TestCase):
    def test_rows_of_values_by_attname(self):
        case = make_case()
        rows = [
            (case.pk, 0, PenaltyKind.FINE, PenaltyTarget.ORGANIZATION, "", Decimal("1.10"), "a"),
            (case.pk, 1, PenaltyKind.WARNING, PenaltyTarget.ORGANIZATION, "", None, "b"),
        ]
        names = ["case_id", "position", "kind", "target", "person", "amount", "text"]
        self.assertEqual(bulk.insert(Penalty, names, rows), [])
        written = list(
            Penalty.objects.filter(case=case)
            .order_by("position")
            .values_list("position", "kind", "amount", "text", "days")
        )
        self.assertEqual(
            written,
            [(0, "fine", Decimal("1.10"), "a", None), (1, "warning", None, "b", None)],
        )

    def test_wide_rows_stay_under_the_databases_parameter_limit(self):
        # 2,100 cases of 32 values: 67,200 values, past PostgreSQL's 65,535 parameters
        # (there an array a column: one statement); SQLite says its own limit (Django
        # assumes the 999 of old builds).
        cases = [new_case(fingerprint=f"w{n}") for n in range(2100)]
        with (
            mock.patch.object(bulk, "ROWS_PER_STATEMENT", 2100),
            CaptureQueriesContext(connection) as queries,
        ):
            bulk.create(cases)
        if connection.vendor == "postgresql":
            self.assertEqual(len(queries), 1)
            self.assertIn("UNNEST", queries[0]["sql"])
        else:
            per_statement = bulk.max_rows(connection, 32)
            self.assertEqual(len(queries), math.ceil(len(cases) / per_statement))
        self.assertEqual(
            list(
                Case.objects.filter(fingerprint__startswith="w")
                .order_by("pk")
                .values_list("fingerprint", flat=True)
            ),
            [case.fingerprint for case in cases],
        )
        self.assertEqual(Case.objects.get(pk=cases[-1].pk).fingerprint, "w2099")


class BulkRelatedTests(TestCase):
    def test_a_record_pointing_at_an_unsaved_one_is_refused_as_bulk_create_refuses_it(self):
        penalty = Penalty(case=new_case(fingerprint="unsaved"), position=0, kind="warning")
        with self.assertRaises(ValueError):
            bulk.create([penalty])
        self.assertFalse(Penalty.objects.exists())
