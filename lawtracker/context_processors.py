"""What every page's template may show besides its own context."""

from django.utils.functional import SimpleLazyObject

from lawtracker.freshness import freshness


def data_freshness(request) -> dict:
    """How current the tracker is, for signed-in users; queried only if a page shows it."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"freshness": SimpleLazyObject(freshness)}
