"""An instrument (instruments.models): its status (时效性) follows from its dates and
links; the database refuses dates that cannot be."""

import datetime

import pytest

from instruments.models import Instrument
from tests.checks import rejects
from tests.factories import make_instrument

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 6, 1)


def status_of(instrument: Instrument, today: datetime.date = TODAY) -> str:
    return Instrument.objects.with_status(today).get(pk=instrument.pk).status


def test_a_draft_for_comment_is_a_draft_whatever_its_dates():
    draft = make_instrument(is_draft=True, published_on=datetime.date(2020, 10, 21))
    assert status_of(draft) == "draft"


def test_adopted_but_not_yet_effective_is_pending_then_in_force():
    law = make_instrument(
        published_on=datetime.date(2021, 5, 1), effective_on=datetime.date(2021, 9, 1)
    )
    assert status_of(law) == "pending"
    assert status_of(law, datetime.date(2021, 9, 1)) == "in_force"


def test_without_an_effective_date_a_final_instrument_is_in_force_from_publication():
    guide = make_instrument(published_on=datetime.date(2020, 7, 22))
    assert status_of(guide) == "in_force"


def test_an_instrument_is_amended_once_its_amendment_takes_effect():
    original = make_instrument(published_on=datetime.date(2017, 1, 6))
    make_instrument(
        amends=original,
        published_on=datetime.date(2021, 3, 1),
        effective_on=datetime.date(2021, 5, 1),
    )
    assert status_of(original, datetime.date(2021, 4, 1)) == "in_force"
    assert status_of(original, datetime.date(2021, 5, 1)) == "amended"


def test_a_draft_amendment_does_not_amend():
    original = make_instrument(published_on=datetime.date(2017, 1, 6))
    make_instrument(amends=original, is_draft=True, published_on=datetime.date(2021, 3, 1))
    assert status_of(original) == "in_force"


def test_repeal_wins_over_everything_else():
    repealed = make_instrument(
        published_on=datetime.date(2015, 1, 1), repealed_on=datetime.date(2021, 1, 1)
    )
    assert status_of(repealed) == "repealed"
    assert status_of(repealed, datetime.date(2020, 12, 31)) == "in_force"


def test_pending_drafts_are_drafts_without_a_final_version():
    final = make_instrument(title="《数据安全法》", level="law")
    adopted = make_instrument(title="《数据安全法（草案）》", is_draft=True, final_version=final)
    pending = make_instrument(title="《个人信息保护法（草案）》", is_draft=True)
    assert list(Instrument.objects.pending_drafts()) == [pending]
    assert list(final.drafts.all()) == [adopted]


def test_status_is_annotated_in_one_query(django_assert_num_queries):
    for i in range(5):
        make_instrument(title=f"《办法{i}》")
    with django_assert_num_queries(1):
        assert len({i.status for i in Instrument.objects.with_status()}) == 1


def test_an_instrument_cannot_take_effect_before_it_is_published():
    assert rejects(
        lambda: make_instrument(
            published_on=datetime.date(2020, 7, 3), effective_on=datetime.date(2020, 7, 1)
        )
    )


def test_a_date_always_has_its_precision():
    assert rejects(
        lambda: make_instrument(effective_on=datetime.date(2021, 1, 1), effective_precision="")
    )
