"""Why the full-text index exists: a one- or two-character query, which no word or trigram
index serves as such, is one token the index answers alone; a longer one is narrowed by
the index and checked on the text. These tests fail when the index is bypassed (a plain
scan would find the same cases), and compare the index with a plain substring match."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.models import SEARCH_INDEX, Case, CaseSearch
from lawtracker import search
from tests.factories import make_case, make_user


@pytest.fixture
def face_case(db):
    return make_case(subject="人脸识别公司", facts="违规收集使 用个人信息")


def found(query: str) -> list[str]:
    return [case.subject for case in Case.objects.matching(query)]


def unindex(case: Case) -> None:
    CaseSearch.objects.filter(case=case).delete()


def test_a_short_query_is_answered_from_the_index_alone(face_case):
    with CaptureQueriesContext(connection) as captured:
        assert found("人脸") == ["人脸识别公司"]
    index_table = "enforcement_casesearch_fts" if connection.vendor == "sqlite" else "casesearch"
    probe, sql = [query["sql"] for query in captured.captured_queries]
    assert index_table in probe and "LIMIT 10001" in probe  # who holds it, up to a cap
    assert f"IN ({face_case.pk})" in sql  # the cases the index found, by id
    assert "LIKE" not in sql.upper()


def test_a_word_held_by_very_many_cases_is_read_off_the_cases_newest_first(face_case, monkeypatch):
    """Past DENSE cases the index would gather them all; a page of them is found within
    the first cases read, so the text is checked instead, with the same result."""
    make_case(subject="人脸二号", facts="人脸")
    make_case(subject="另一家", facts="无关")
    monkeypatch.setattr(search, "DENSE", 1)
    with CaptureQueriesContext(connection) as captured:
        assert set(found("人脸")) == {"人脸识别公司", "人脸二号"}
    assert "LIKE" in captured.captured_queries[-1]["sql"].upper()
    monkeypatch.setattr(search, "DENSE", 2)
    assert set(found("人脸")) == {"人脸识别公司", "人脸二号"}


@pytest.mark.parametrize("query", ["脸", "人脸", "个人", "收集使用个人信息"])
def test_a_case_missing_from_the_index_is_not_found(face_case, query):
    assert found(query) == ["人脸识别公司"]
    unindex(face_case)
    assert found(query) == []


def test_the_index_uses_the_databases_own_full_text_search(face_case):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM {SEARCH_INDEX.fts_table} WHERE "
                f"{SEARCH_INDEX.fts_table} MATCH %s",
                ['"人脸"'],
            )
        else:
            cursor.execute(
                f"EXPLAIN SELECT case_id FROM {SEARCH_INDEX.table} "
                f"WHERE {SEARCH_INDEX.vector} @@ %s::tsquery",
                ["'人脸'"],
            )
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        assert rows == [(face_case.pk,)]
    else:
        plan = " ".join(row[0] for row in rows)
        assert "enforcement_casesearch_gin" in plan or "Seq Scan" in plan  # tiny table


def test_the_tokens_are_every_character_and_pair_of_the_texts_and_no_other(face_case):
    held = set(CaseSearch.objects.get(case=face_case).tokens.split())
    assert held == {gram for gram in search.grams(face_case.search_text) if search.is_word(gram)}
    assert {"人", "人脸", "使用"} <= held
    assert "司违" not in held  # the end of one field and the start of the next


def test_punctuation_is_found_by_the_text_itself(db):
    make_case(subject="某公司", facts="违反《网络安全法》规定")
    assert found("《网") == ["某公司"]
    assert found("》") == ["某公司"]
    assert found("法》规") == ["某公司"]


def test_a_deleted_or_edited_case_leaves_the_index_with_it(face_case):
    other = make_case(subject="另一家公司", facts="人脸识别")
    assert set(found("人脸")) == {"人脸识别公司", "另一家公司"}
    other.delete()
    assert found("人脸") == ["人脸识别公司"]
    face_case.refresh_from_db()
    face_case.facts = "未备案"
    face_case.subject = "某公司"
    face_case.save()
    from enforcement.services import rederive_case

    rederive_case(case=face_case, changed=set())
    assert found("人脸") == []
    assert found("备案") == ["某公司"]


def test_the_case_list_and_the_admin_read_the_index(client, face_case):
    client.force_login(make_user("admin"))
    url = reverse("enforcement:case-list")
    admin_url = reverse("admin:enforcement_case_changelist")
    assert client.get(url, {"q": "人脸"}).context["totals"]["count"] == 1
    assert client.get(admin_url, {"q": "人脸"}).context["cl"].result_count == 1
    unindex(face_case)
    assert client.get(url, {"q": "人脸"}).context["totals"]["count"] == 0
    assert client.get(admin_url, {"q": "人脸"}).context["cl"].result_count == 0
    Case.objects.filter(pk=face_case.pk).update(public_id="LT-C-2020-0112")
    assert client.get(admin_url, {"q": "lt-c-2020-112"}).context["cl"].result_count == 1


WORDS = [
    "人脸",
    "识别",
    "个人信息",
    "罚款",
    "警告",
    "约谈",
    "App",
    "网络安全",
    "《",
    "5万",
    "数据",
]


@pytest.mark.parametrize("dense", [10_000, 3])
def test_the_index_finds_exactly_what_a_substring_match_finds(db, monkeypatch, dense):
    """Made-up cases of random words; every query of one to five characters drawn from
    their texts finds the same cases by the index (or, for the words most cases hold, by
    the text) as by a plain substring match."""
    monkeypatch.setattr(search, "DENSE", dense)
    rng = random.Random(7)
    for n in range(60):
        words = rng.choices(WORDS, k=rng.randint(1, 6))
        make_case(
            subject=f"公司{n}",
            facts=" ".join(words),
            penalty_text=rng.choice(["警告", "罚款1万元"]),
        )
    texts = list(Case.objects.values_list("search_text", flat=True))
    queries = {"罚", "人", "App", "app", "5万", "《", "络安", "个人信", "款1万"}
    for _ in range(60):
        text = rng.choice(texts).replace(search.FIELD_BREAK, "")
        start = rng.randrange(len(text))
        queries.add(text[start : start + rng.randint(1, 5)])
    for query in sorted(queries):
        wanted = set(
            Case.objects.filter(search_text__contains=search.normalise(query)).values_list(
                "pk", flat=True
            )
        )
        assert set(Case.objects.matching(query).values_list("pk", flat=True)) == wanted, query
