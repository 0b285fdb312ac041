"""A case's citations (enforcement.citations): the instruments and articles its legal
basis gives and its texts name, linked when the tracker holds the instrument, shown on the
case's page and, by article, on the instrument's."""

import datetime

import pytest
from django.urls import reverse

from enforcement.citations import ParsedCitation, read_citations
from enforcement.models import Case, Citation
from enforcement.services import rederive_case
from lawtracker.imports.run import import_file
from tests.factories import make_instrument, make_user, write_file

pytestmark = pytest.mark.django_db


def test_a_legal_basis_lists_each_article_in_order():
    assert read_citations("《网络安全法》第二十一条、第六十四条") == [
        ParsedCitation("《网络安全法》", "第二十一条", 21),
        ParsedCitation("《网络安全法》", "第六十四条", 64),
    ]


def test_full_titles_clauses_arabic_numerals_and_spaces_are_read():
    text = "违反《中华人民共和国网络安全法》第 六十四条第一款和《数据安全法》第27条规定"
    assert read_citations(text) == [
        ParsedCitation("《中华人民共和国网络安全法》", "第六十四条第一款", 64),
        ParsedCitation("《数据安全法》", "第27条", 27),
    ]


def test_a_title_that_is_no_instrument_is_not_a_citation():
    assert read_citations("其运营的《王者荣耀》App违规收集，依据《网络安全法》") == [
        ParsedCitation("《网络安全法》")
    ]


def test_an_import_links_citations_to_the_instruments_the_tracker_holds(tmp_path, client):
    law = make_instrument(
        title="《中华人民共和国网络安全法》",
        level="law",
        published_on=datetime.date(2016, 11, 7),
        version_key="网络安全法",
    )
    text = (
        "时间,地区,被处罚主体,执法机构,违法事实,处罚结果,法律依据\n"
        "2020.08.12,广东,甲公司,广东省通信管理局,违反《中华人民共和国网络安全法》第二十一条,警告,"
        "《网络安全法》第二十一条、第六十四条；《某某条例》第三条\n"
    )
    report = import_file(path=write_file(tmp_path, "c.csv", text), options={"family": "miit"})
    assert report.errors == []
    case = Case.objects.get()
    rows = list(case.citations.values_list("title", "article", "source", "instrument"))
    assert rows == [
        ("《网络安全法》", "第二十一条", "basis", law.pk),
        ("《网络安全法》", "第六十四条", "basis", law.pk),
        ("《某某条例》", "第三条", "basis", None),
    ]  # the facts name the basis's first article by the law's full title: once
    assert list(case.legal_basis.all()) == [law]
    client.force_login(make_user("partner"))
    page = client.get(reverse("enforcement:case-detail", args=[case.pk])).content.decode()
    assert "第六十四条" in page and "《某某条例》" in page
    page = client.get(reverse("instruments:instrument-detail", args=[law.pk])).content.decode()
    assert "第二十一条" in page and "被 1 个案例引用" in page


def test_a_changed_text_reads_its_citations_again(tmp_path):
    header = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
    first = "2020.08.12,广东,乙公司,广东省通信管理局,违反《网络安全法》第二十一条,警告\n"
    import_file(path=write_file(tmp_path, "a.csv", header + first), options={"family": "miit"})
    case = Case.objects.get()
    case.facts = "违反《数据安全法》第二十七条"
    case.save()
    rederive_case(case=case, changed={"facts"})
    assert list(Citation.objects.values_list("title", "article")) == [
        ("《数据安全法》", "第二十七条")
    ]
