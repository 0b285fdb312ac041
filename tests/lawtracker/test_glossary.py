"""The glossary (lawtracker.glossary): the domain's terms in Chinese and English on one page,
the choices' labels among them, so the interface's bilingual labels are its terms."""

import pytest
from django.urls import reverse

from enforcement.models import PenaltyKind
from lawtracker import glossary
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_choices_label_is_a_term_in_both_languages():
    terms = glossary.terms_of(PenaltyKind)
    assert glossary.Term("约谈", "Regulatory interview") in terms
    assert len(terms) == len(PenaltyKind.choices)


def test_every_apps_choices_are_in_the_glossary(english):
    headings = [heading for heading, _terms in glossary.sections()]
    assert {"Terms", "Regulator families", "Levels of instruments", "Penalties"} <= set(headings)
    everything = {term for _heading, terms in glossary.sections() for term in terms}
    assert glossary.Term("征求意见稿", "draft for comment") in everything
    assert glossary.Term("责令改正", "Order to rectify") in everything


def test_the_page_lists_the_terms_for_readers_only(client):
    url = reverse("glossary")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(make_user("partner"))
    page = client.get(url).content.decode()
    for shown in ("监管部门", "regulator family", "约谈", "Regulatory interview", "效力级别"):
        assert shown in page
