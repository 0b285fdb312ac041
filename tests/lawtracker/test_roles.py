"""The two roles (lawtracker.roles): partners may only view, associates add, change and
delete every domain model."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def setup_instance() -> str:
    out = StringIO()
    call_command("setup_instance", stdout=out)
    return out.getvalue()


def test_partners_may_only_view_and_associates_may_edit_every_domain_model():
    setup_instance()
    partners = set(
        Group.objects.get(name="Partners").permissions.values_list("codename", flat=True)
    )
    associates = set(
        Group.objects.get(name="Associates").permissions.values_list("codename", flat=True)
    )
    assert partners and all(code.startswith("view_") for code in partners)
    for model in ("case", "penalty", "campaign", "instrument", "authority", "region"):
        assert f"view_{model}" in partners
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= associates
