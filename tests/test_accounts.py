"""Roles and first start: two groups, and a first administrator with a random password."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def log_in(username: str, password: str):
    """The user the login page would let in (django-axes checks a request's logins)."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


def setup_instance() -> str:
    out = StringIO()
    call_command("setup_instance", stdout=out)
    return out.getvalue()


def test_first_start_creates_both_groups_and_an_admin_whose_password_is_printed_once():
    output = setup_instance()
    password = re.search(r"password: (\S+)", output).group(1)
    assert len(password) >= 16
    assert log_in("admin", password).is_superuser
    assert set(Group.objects.values_list("name", flat=True)) == {"Associates", "Partners"}
    second = setup_instance()
    assert "password" not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_each_instance_gets_its_own_admin_password():
    first = re.search(r"password: (\S+)", setup_instance()).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password: (\S+)", setup_instance()).group(1)
    assert first != second


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


def test_add_user_gives_a_role_and_a_random_password():
    out = StringIO()
    call_command("add_user", "zhang.wei", "--role", "partner", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = log_in("zhang.wei", password)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Partners"]
