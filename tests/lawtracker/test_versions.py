"""A save from a form opened before someone else's save is refused, never an overwrite
(lawtracker.versions, lawtracker.history.VersionedFormMixin)."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from enforcement.admin import CaseAdmin
from enforcement.models import Case
from instruments.models import Authority
from lawtracker.versions import StaleWrite
from tests.factories import make_authority, make_campaign, make_case, make_instrument, make_user


def form_data(response) -> dict:
    """What the change page's form would post as it was opened (with its inlines)."""

    def value(bound):
        shown = bound.value()
        if isinstance(shown, list | tuple):
            return [getattr(item, "pk", item) for item in shown]
        if shown is True:
            return "on"
        return None if shown is None or shown is False else shown

    form = response.context["adminform"].form
    data = {name: value(form[name]) for name in form.fields}
    for inline in response.context.get("inline_admin_formsets", ()):
        formset = inline.formset
        initial = formset.initial_forms
        data[f"{formset.prefix}-TOTAL_FORMS"] = data[f"{formset.prefix}-INITIAL_FORMS"] = len(
            initial
        )
        for child in initial:
            data |= {child.add_prefix(name): value(child[name]) for name in child.fields}
    return {name: shown for name, shown in data.items() if shown is not None}


class StaleFormTests(TestCase):
    def setUp(self):
        self.first = make_user("associate", username="li.lei")
        self.second = make_user("associate", username="han.meimei")

    def open(self, user, url_name, pk):
        self.client.force_login(user)
        return form_data(self.client.get(reverse(url_name, args=[pk])))

    def post(self, user, url_name, pk, data):
        self.client.force_login(user)
        return self.client.post(reverse(url_name, args=[pk]), data)

    def assert_second_save_refused(self, url_name, record, changed, untouched):
        """Both open the record; the first saves `changed`; the second, from the form it
        opened before, saves `untouched` and is refused, naming the first and the field."""
        opened_first = self.open(self.first, url_name, record.pk)
        opened_second = self.open(self.second, url_name, record.pk)
        response = self.post(self.first, url_name, record.pk, opened_first | changed)
        self.assertEqual(response.status_code, 302)
        response = self.post(self.second, url_name, record.pk, opened_second | untouched)
        self.assertEqual(response.status_code, 200)
        errors = " ".join(response.context["adminform"].form.non_field_errors())
        self.assertIn("li.lei", errors)
        [(field, new)] = changed.items()
        self.assertIn(str(new), errors)
        self.assertIn(
            str(type(record)._meta.get_field(field).verbose_name).split(" · ")[-1], errors
        )
        record.refresh_from_db()
        self.assertEqual(getattr(record, field), new)  # the first associate's change holds
        [(other, value)] = untouched.items()
        self.assertNotEqual(getattr(record, other), value)
        # Reopened, the same edit saves.
        fresh = self.open(self.second, url_name, record.pk)
        response = self.post(self.second, url_name, record.pk, fresh | untouched)
        self.assertEqual(
            response.status_code,
            302,
            response.context
            and [
                response.context["adminform"].form.errors,
                [f.errors for i in response.context["inline_admin_formsets"] for f in [i.formset]],
            ],
        )
        record.refresh_from_db()
        self.assertEqual((getattr(record, field), getattr(record, other)), (new, value))

    def test_a_stale_case_save_is_refused_with_what_changed_and_by_whom(self):
        case = make_case(
            subject="原公司", penalty_text="警告", penalties=[("warning", "organization", None)]
        )
        self.assert_second_save_refused(
            "admin:enforcement_case_change", case, {"subject": "改名公司"}, {"notes": "核对过"}
        )

    def test_a_stale_instrument_save_is_refused(self):
        instrument = make_instrument(title="《某办法》")
        self.assert_second_save_refused(
            "admin:instruments_instrument_change",
            instrument,
            {"doc_number": "国发〔2020〕13号"},
            {"notes": "核对过"},
        )

    def test_a_stale_campaign_save_is_refused(self):
        campaign = make_campaign()
        self.assert_second_save_refused(
            "admin:enforcement_campaign_change",
            campaign,
            {"source_url": "https://www.cac.gov.cn/a.htm"},
            {"number": 7},
        )

    def test_a_stale_authority_save_is_refused(self):
        authority = make_authority(name="某省通信管理局")
        self.assert_second_save_refused(
            "admin:instruments_authority_change",
            authority,
            {"name_en": "Some Communications Administration"},
            {"family": "other"},
        )

    def test_a_change_between_the_check_and_the_save_is_refused_not_a_500(self):
        case = make_case(subject="原公司")
        data = self.open(self.first, "admin:enforcement_case_change", case.pk)
        save_model = CaseAdmin.save_model

        def someone_else_first(admin, request, obj, form, change):
            # Another write lands after the form's check, every time it is tried.
            Case.objects.filter(pk=obj.pk).update(notes="他人的修改")
            save_model(admin, request, obj, form, change)

        url = reverse("admin:enforcement_case_change", args=[case.pk])
        with mock.patch.object(CaseAdmin, "save_model", someone_else_first):
            response = self.post(
                self.first, "admin:enforcement_case_change", case.pk, data | {"city": "广州"}
            )
        self.assertRedirects(response, url, fetch_redirect_response=False)
        page = self.client.get(url)
        self.assertContains(page, "li.lei")  # the refusal names who changed it (here: the
        # patched write in this same request, recorded under its user)
        case.refresh_from_db()
        self.assertEqual(case.city, "")

    def test_a_form_without_its_version_saves_nothing(self):
        case = make_case(subject="原公司")
        data = self.open(self.first, "admin:enforcement_case_change", case.pk)
        del data["seen_version"]
        response = self.post(
            self.first, "admin:enforcement_case_change", case.pk, data | {"subject": "改名"}
        )
        self.assertEqual(response.status_code, 200)
        case.refresh_from_db()
        self.assertEqual(case.subject, "原公司")


@pytest.mark.django_db
def test_the_second_of_two_copies_read_at_once_cannot_save():
    case = make_case(subject="原公司")
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    theirs.subject = "他们的"
    theirs.save()
    mine.notes = "我的"
    with pytest.raises(StaleWrite), transaction.atomic():
        mine.save()
    case.refresh_from_db()
    assert (case.subject, case.notes, case.version) == ("他们的", "", mine.version + 1)


@pytest.mark.django_db
def test_a_queryset_update_moves_the_version_on():
    authority = make_authority(name="某局")
    Authority.objects.filter(pk=authority.pk).update(name_en="Some Bureau")
    stale = authority
    stale.name = "改名"
    with pytest.raises(StaleWrite), transaction.atomic():
        stale.save()
    assert Authority.objects.get(pk=authority.pk).version == 2
