"""Why the short-word index exists: a one- or two-character query, which no trigram index
serves, is answered from the gram table alone; a longer one scans the normalised text.
These tests fail when the index is bypassed (a plain scan would find the same cases)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.models import Case, CaseSearchGram
from lawtracker import search
from tests.factories import make_case, make_user


@pytest.fixture
def face_case(db):
    return make_case(subject="人脸识别公司", facts="违规收集使 用个人信息")


def found(query: str) -> list[str]:
    return [case.subject for case in search.matching(Case.objects.all(), CaseSearchGram, query)]


def test_a_short_query_is_answered_from_the_index_alone(face_case):
    with CaptureQueriesContext(connection) as captured:
        assert found("人脸") == ["人脸识别公司"]
    [sql] = [query["sql"] for query in captured.captured_queries]
    assert CaseSearchGram._meta.db_table in sql
    assert "LIKE" not in sql.upper()


@pytest.mark.parametrize("query", ["脸", "人脸", "个人"])
def test_a_case_without_its_grams_is_not_found_by_a_short_query(face_case, query):
    assert found(query) == ["人脸识别公司"]
    face_case.search_grams.all().delete()
    assert found(query) == []


def test_a_longer_query_scans_the_text_and_needs_no_grams(face_case):
    face_case.search_grams.all().delete()
    # Across the line break the review's text puts inside a word (收集使 用).
    assert found("收集使用个人信息") == ["人脸识别公司"]


def test_the_index_holds_every_character_and_pair_of_the_texts_and_no_other(face_case):
    held = set(face_case.search_grams.values_list("gram", flat=True))
    assert held == search.grams(face_case.search_text)
    assert {"人", "人脸", "使用"} <= held
    assert "司违" not in held  # the end of one field and the start of the next


def test_the_case_list_reads_the_index(client, face_case):
    client.force_login(make_user("partner"))
    url = reverse("enforcement:case-list")
    assert client.get(url, {"q": "人脸"}).context["totals"]["count"] == 1
    face_case.search_grams.all().delete()
    assert client.get(url, {"q": "人脸"}).context["totals"]["count"] == 0
