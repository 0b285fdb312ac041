"""The admin site: every model admin registered with it, ours and the libraries', reads
its query string through `CheckedChangeList`, so a malformed address is "invalid lookup",
never a 500."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList

# A drill-down year the calendar and every time zone can hold, with the year after it.
DRILL_DOWN_YEARS = range(1000, 9999)
# Longer searches are no one's; SQLite refuses a LIKE pattern over 50,000 bytes.
MAX_SEARCH = 200
# The databases' integers are 64 bits.
LARGEST_ID = 2**63 - 1


def too_large(value: str) -> bool:
    """A list of whole numbers, one of which no database integer holds."""
    return any(
        part.strip().lstrip("+-").isdigit() and abs(int(part)) > LARGEST_ID
        for part in value.split(",")
        if part.strip().lstrip("+-").isascii()
    )


class CheckedChangeList(ChangeList):
    """The admin's list, refusing a drill-down date no calendar holds, a search no one
    types and a number no column holds as it refuses an unknown filter: the list again,
    with "invalid lookup"."""

    def get_filters(self, request):
        if len(request.GET.get(SEARCH_VAR, "")) > MAX_SEARCH:
            raise IncorrectLookupParameters("search too long")
        for name, values in request.GET.lists():
            if name != SEARCH_VAR and any(too_large(value) for value in values):
                raise IncorrectLookupParameters(f"{name}: number too large")
        if self.date_hierarchy:
            for part in ("year", "month", "day"):
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and not (value.isascii() and value.isdigit()):
                    raise IncorrectLookupParameters(f"{part} {value!r}")
            year = request.GET.get(f"{self.date_hierarchy}__year")
            if year is not None and (len(year) > 4 or int(year) not in DRILL_DOWN_YEARS):
                raise IncorrectLookupParameters(f"year {year!r}")
        return super().get_filters(request)


class CheckedQueries:
    """Taken by every admin the site registers."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > MAX_SEARCH:  # an autocomplete's term
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class TrackerAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedQueries):
            admin_class = type(admin_class.__name__, (CheckedQueries, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)


class TrackerAdminConfig(AdminConfig):
    default_site = "lawtracker.adminsite.TrackerAdminSite"
