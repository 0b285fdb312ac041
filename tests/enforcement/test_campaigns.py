"""Cases and their campaigns (enforcement.campaigns): a file's 专项行动 column names a
campaign however it is written, a case whose text names one is offered it, and the
campaign's page lists its cases with their totals."""

import datetime

import pytest
from django.urls import reverse

from enforcement.campaigns import named_campaign, suggested_campaign
from enforcement.models import Campaign, Case
from lawtracker.imports.run import import_file
from tests.factories import make_campaign, make_case, make_user, write_file

pytestmark = pytest.mark.django_db

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果,专项行动\n"


@pytest.fixture
def clean_net():
    return make_campaign(
        name="“净网2020”专项行动",
        started_text="2020.03",
        started_on=datetime.date(2020, 3, 1),
        focus="集中整治网络违法犯罪",
        family="public_security",
    )


def test_a_campaign_is_named_by_its_name_its_shown_name_or_the_start_of_its_focus(clean_net):
    other = make_campaign(focus="另一个专项")
    campaigns = [clean_net, other]
    assert named_campaign("“净网 2020”专项行动", campaigns) == clean_net
    assert named_campaign(str(other), campaigns) == other
    assert named_campaign("集中整治网络", campaigns) == clean_net
    assert named_campaign("不存在的行动", campaigns) is None


def test_an_import_links_the_campaign_its_column_names_and_refuses_an_unknown_one(
    tmp_path, clean_net, english
):
    row = "2020.05.01,江苏,甲公司,网安大队,事实,警告,净网2020专项行动\n"
    report = import_file(
        path=write_file(tmp_path, "a.csv", HEADER + row), options={"family": "public_security"}
    )
    assert report.errors == []
    assert Case.objects.get().campaign == clean_net
    unknown = "2020.05.02,江苏,乙公司,网安大队,事实,警告,秋风2030\n"
    report = import_file(
        path=write_file(tmp_path, "b.csv", HEADER + unknown), options={"family": "public_security"}
    )
    assert [(e["column"], "names no campaign" in e["reason"]) for e in report.errors] == [
        ("专项行动", True)
    ]


def test_a_case_whose_text_names_a_campaign_is_offered_it_never_given_it(
    tmp_path, client, clean_net, english
):
    header = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
    row = "2020.06.01,江苏,丙公司,网安大队,在“净网2020”专项行动中查处,警告\n"
    check = import_file(
        path=write_file(tmp_path, "c.csv", header + row),
        options={"family": "public_security"},
        check_only=True,
        details=True,
    )
    assert "names the campaign" in check.new_rows[0]["notes"][0]
    import_file(
        path=write_file(tmp_path, "c.csv", header + row), options={"family": "public_security"}
    )
    case = Case.objects.get()
    assert case.campaign is None
    assert suggested_campaign(case, [clean_net]) == clean_net
    client.force_login(make_user("partner"))
    page = client.get(reverse("enforcement:case-detail", args=[case.pk])).content.decode()
    assert "“净网2020”专项行动" in page and "建议，尚未确认" in page


def test_a_campaign_of_a_later_year_is_not_offered(clean_net):
    case = make_case(facts="净网行动", decided_on=datetime.date(2018, 5, 1))
    assert suggested_campaign(case, [clean_net]) is None


def test_the_campaign_page_lists_its_cases_with_their_totals(client, clean_net):
    make_case(campaign=clean_net, penalties=[("fine", "organization", 10000)])
    make_case(campaign=clean_net, penalties=[("fine", "organization", None)])
    client.force_login(make_user("partner"))
    page = client.get(reverse("enforcement:campaign-detail", args=[clean_net.pk])).content.decode()
    assert "2 个案例" in page and "10,000元" in page


def test_a_campaign_file_gives_the_short_name_and_the_bodies(tmp_path):
    text = "名称,时间,监管重点,机构\n“清朗”专项整治,2020.07,整治网络环境,国家互联网信息办公室、工业和信息化部\n"
    report = import_file(
        path=write_file(tmp_path, "p.csv", text), options={"family": "cyberspace"}
    )
    assert report.errors == []
    campaign = Campaign.objects.get()
    assert campaign.name == "“清朗”专项整治"
    assert sorted(a.name for a in campaign.authorities.all()) == [
        "国家互联网信息办公室",
        "工业和信息化部",
    ]
