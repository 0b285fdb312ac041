"""The two roles: associates edit and import; partners read everything, change nothing."""

from django.contrib.auth.models import Group, Permission

ASSOCIATES = "Associates"
PARTNERS = "Partners"
DOMAIN_APPS = ("instruments", "enforcement", "lawtracker")


def is_reader(user) -> bool:
    """Whether a user reads the tracker: a partner, an associate or an administrator."""
    return user.is_superuser or user.groups.filter(name__in=[ASSOCIATES, PARTNERS]).exists()


def ensure_groups() -> tuple[Group, Group]:
    """Create or refresh both groups' permissions (a handful of queries)."""
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    associates, _ = Group.objects.get_or_create(name=ASSOCIATES)
    associates.permissions.set(domain)
    partners, _ = Group.objects.get_or_create(name=PARTNERS)
    partners.permissions.set(domain.filter(codename__startswith="view_"))
    return associates, partners
