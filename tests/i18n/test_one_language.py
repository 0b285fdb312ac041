"""Each page speaks one language at a time: the Chinese interface shows no English label
of a choice, a heading or a filter, and the English one no Chinese label — the records'
own texts (a party, an agency, the facts as printed) aside, and the glossary, which pairs
the two on purpose."""

import datetime
import re
from html.parser import HTMLParser

from django.db import models
from django.test import TestCase
from django.urls import reverse

from enforcement import models as enforcement_models
from enforcement.models import ViolationCategory
from instruments import models as instrument_models
from lawtracker.dates import Precision
from lawtracker.languages import CHINESE, ENGLISH, in_language
from tests.factories import (
    make_authority,
    make_campaign,
    make_case,
    make_instrument,
    make_user,
    region,
)

CJK = re.compile(r"[\u3400-\u9fff]")
# Elements that hold the interface's own words: labels, headings, choices, tags.
LABELLING = {"option", "label", "th", "dt", "legend", "button", "caption", "h2", "h3", "summary"}
# Lists whose options are records (named as their sources name them) or the languages
# (each in its own).
RECORD_LISTS = {"campaign", "authority", "language"}


class Texts(HTMLParser):
    """The text of each labelling element, and of each tag (`class="tag"`), of a page."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.found: list[str] = []
        self.current: list[list[str]] = []
        self.select = ""

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        attributes = dict(attrs)
        if tag == "select":
            self.select = attributes.get("name", "")
        classes = (attributes.get("class") or "").split()
        wanted = tag in LABELLING or "tag" in classes
        if tag == "option" and self.select in RECORD_LISTS:
            wanted = False
        self.open.append((tag, wanted))
        if wanted:
            self.current.append([])

    def handle_endtag(self, tag):
        while self.open:
            opened, wanted = self.open.pop()
            if wanted:
                self.found.append(" ".join("".join(self.current.pop()).split()))
            if opened == tag:
                break

    def handle_data(self, data):
        for parts in self.current:
            parts.append(data)


def labelling_texts(html: str) -> list[str]:
    parser = Texts()
    parser.feed(html)
    return [text for text in parser.found if text]


def choice_labels() -> list:
    """Every choice label of the apps' models."""
    classes = [Precision]
    for module in (enforcement_models, instrument_models):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, models.Choices)
                and value.__module__ == module.__name__
            ):
                classes.append(value)
            if isinstance(value, type) and issubclass(value, models.Model):
                classes.extend(
                    item
                    for item in vars(value).values()
                    if isinstance(item, type) and issubclass(item, models.Choices)
                )
    return [label for choices in classes for _value, label in choices.choices]


class OneLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        guangdong = region("广东")
        category = ViolationCategory.objects.create(
            name="违规收集个人信息", name_en="Unlawful collection of personal information"
        )
        authority = make_authority(
            "广东省通信管理局",
            name_en="Guangdong Communications Administration",
            province=guangdong,
        )
        cls.campaign = make_campaign()
        cls.case = make_case(
            subject="某某科技有限公司",
            province=guangdong,
            campaign=cls.campaign,
            penalties=[("warning", "organization", None), ("fine", "organization", "50000")],
        )
        cls.case.violation_categories.add(category)
        cls.case.authorities.add(authority)
        cls.authority = authority
        cls.instrument = make_instrument(effective_on=datetime.date(2021, 1, 1))

    def setUp(self):
        self.client.force_login(make_user("partner"))

    def pages(self) -> list[str]:
        return [
            reverse("dashboard"),
            reverse("enforcement:case-list"),
            reverse("enforcement:case-list") + "?province=440000&family=miit",
            reverse("enforcement:case-detail", args=[self.case.pk]),
            reverse("enforcement:campaign-list"),
            reverse("enforcement:campaign-detail", args=[self.campaign.pk]),
            reverse("instruments:instrument-list"),
            reverse("instruments:instrument-detail", args=[self.instrument.pk]),
            reverse("instruments:authority-detail", args=[self.authority.pk]),
        ]

    def texts(self, url: str, language: str) -> list[str]:
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200, url)
        return labelling_texts(response.content.decode())

    def test_no_chinese_page_shows_an_english_label(self):
        english_labels = {in_language(label, ENGLISH) for label in choice_labels()}
        english_labels -= {in_language(label, CHINESE) for label in choice_labels()}
        for url in self.pages():
            with self.subTest(url=url):
                shown = self.texts(url, CHINESE)
                self.assertTrue(any(CJK.search(text) for text in shown), url)
                self.assertEqual([text for text in shown if text in english_labels], [])
                self.assertEqual(
                    [text for text in shown if " · " in text and CJK.search(text)], []
                )

    def test_no_english_page_shows_a_chinese_label(self):
        self.client.cookies["django_language"] = ENGLISH
        for url in self.pages():
            with self.subTest(url=url):
                shown = self.texts(url, ENGLISH)
                self.assertIn(
                    in_language(enforcement_models.PenaltyKind.WARNING.label, ENGLISH),
                    " ".join(self.texts(reverse("enforcement:case-list"), ENGLISH)),
                )
                self.assertEqual([text for text in shown if CJK.search(text)], [], url)

    def test_records_named_in_english_on_english_pages(self):
        self.client.cookies["django_language"] = ENGLISH
        page = self.client.get(
            reverse("enforcement:case-detail", args=[self.case.pk])
        ).content.decode()
        self.assertIn("Guangdong", page)
        self.assertIn("Unlawful collection of personal information", page)
        self.assertNotIn("违规收集个人信息", page)

    def test_a_tooltip_pairs_the_two_languages(self):
        self.client.cookies["django_language"] = ENGLISH
        page = self.client.get(reverse("enforcement:case-list")).content.decode()
        self.assertIn('title="Warning · 警告"', page)
