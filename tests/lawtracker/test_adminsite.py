"""The admin site (lawtracker/adminsite.py): a search no one types, a number no column
holds and a drill-down year no calendar holds are "invalid lookup", never a 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

from lawtracker.models import ImportJob, ImportRecord, ImportState
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def admin_changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def records():
    """An import job and an import record, so that the import lists have rows to drill into."""
    ImportJob.objects.create(
        kind="cases",
        file_name="a.csv",
        stored_name="jobs/a.csv",
        user=make_user("associate"),
        state=ImportState.REJECTED,
        options={},
    )
    ImportRecord.objects.create(source="file", kind="cases", file_name="a.csv", sha256="0" * 64)


def test_an_admin_search_too_long_or_an_id_too_large_is_refused(client):
    client.force_login(make_user("admin"))
    url = admin_changelist(ImportRecord)
    for query in ({"q": "长" * 20000}, {"id__in": "1" * 30}, {"pk__in": "1,-" + "9" * 25}):
        response = client.get(url, query)
        assert response.status_code == 302 and response.url.endswith("?e=1")
    term = {"app_label": "enforcement", "model_name": "case", "field_name": "authorities"}
    autocomplete = client.get(reverse("admin:autocomplete"), {**term, "term": "长" * 20000})
    assert autocomplete.status_code == 200 and autocomplete.json()["results"] == []


@pytest.mark.parametrize("model", [ImportJob, ImportRecord])
@pytest.mark.parametrize("year", ["1", "0", "9999", "10000", "99999999999"])
def test_a_drill_down_year_no_calendar_holds_is_refused_on_the_import_lists(
    client, records, model, year
):
    client.force_login(make_user("admin"))
    field = admin.site._registry[model].date_hierarchy
    response = client.get(admin_changelist(model), {f"{field}__year": year})
    # The admin's answer to a lookup it cannot take: the list again with ?e=1.
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
