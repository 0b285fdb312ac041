"""How current the tracker is (lawtracker.freshness): the latest date any record carries and
the last import, in one query, on every page a signed-in user sees; answers that depend on
the data being current say how current it is."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lawtracker.freshness import freshness
from lawtracker.models import ImportRecord
from lawtracker.templatetags.tracker import age
from tests.factories import make_campaign, make_case, make_instrument, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(client):
    client.force_login(make_user("partner"))
    return client


def test_the_latest_date_of_any_kind_and_the_last_import_in_one_query(
    django_assert_num_queries,
):
    make_case(decided_on=datetime.date(2020, 12, 1))
    make_instrument(published_on=datetime.date(2020, 12, 11))
    make_campaign(started_on=datetime.date(2020, 6, 1))
    record = ImportRecord.objects.create(source="file", kind="cases", file_name="a.csv")
    with django_assert_num_queries(1):
        found = freshness()
    assert found.as_of == datetime.date(2020, 12, 11)
    assert found.last_import_at == record.imported_at


def test_an_empty_tracker_has_no_date_and_is_stale():
    found = freshness()
    assert (found.as_of, found.last_import_at, found.stale) == (None, None, True)


def test_every_page_says_how_current_the_data_is(partner):
    make_instrument(published_on=datetime.date(2020, 12, 11))
    make_case(decided_on=datetime.date(2020, 12, 1))
    for name in ("dashboard", "enforcement:case-list", "instruments:instrument-list"):
        assert "数据截至2020年12月11日" in partner.get(reverse(name)).content.decode(), name


def test_the_login_page_says_nothing_of_the_data(client):
    make_instrument(published_on=datetime.date(2020, 12, 11))
    assert "2020年12月11日" not in client.get(reverse("login")).content.decode()


def test_pending_drafts_show_their_age_and_that_old_data_answers_only_for_its_date(partner):
    published = timezone.localdate() - datetime.timedelta(days=800)
    make_instrument(title="《旧草案（征求意见稿）》", is_draft=True, published_on=published)
    for url in (
        reverse("dashboard"),
        reverse("instruments:instrument-list") + "?view=pending_drafts",
    ):
        page = partner.get(url).content.decode()
        assert "2年前发布" in page, url
        assert "此结果仅反映截至该日的情况" in page, url


def test_current_data_has_no_warning(partner):
    make_instrument(
        title="《新草案（征求意见稿）》", is_draft=True, published_on=timezone.localdate()
    )
    page = partner.get(reverse("dashboard")).content.decode()
    assert "0天前发布" in page
    assert "此结果仅反映截至该日的情况" not in page


def test_takes_effect_soon_names_its_window_and_says_so_when_empty(partner, english):
    today = timezone.localdate()
    end = today + datetime.timedelta(days=90)
    shown = [f"{day.day} {day:%b} {day.year}" for day in (today, end)]
    partner.cookies.load({"django_language": "en"})
    page = partner.get(reverse("dashboard")).content.decode()
    assert f"{shown[0]} to {shown[1]}" in page
    assert f"Nothing in the tracker takes effect from {shown[0]} to {shown[1]}." in page
    listed = partner.get(reverse("instruments:instrument-list") + "?view=upcoming")
    assert (
        f"Nothing in the tracker takes effect from {shown[0]} to {shown[1]}."
        in listed.content.decode()
    )


@pytest.mark.parametrize(
    ("then", "shown"),
    [
        (datetime.date(2026, 11, 20), "11 days"),
        (datetime.date(2026, 10, 2), "1 month"),
        (datetime.date(2026, 6, 1), "6 months"),
        (datetime.date(2025, 12, 2), "11 months"),
        (datetime.date(2025, 12, 1), "1 year"),
        (datetime.date(2020, 12, 11), "5 years"),
    ],
)
def test_an_age_is_in_its_largest_whole_unit(english, then, shown):
    assert age(then, datetime.date(2026, 12, 1)) == shown
