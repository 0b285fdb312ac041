"""Views both apps build on: the read permission, list pages filtered from the URL, and the
error pages."""

import re
import sys
from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Page, Paginator
from django.db import OperationalError
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from lawtracker import glossary
from lawtracker.export_formats import (
    FORMATS,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_bytes,
    dataset_rows,
    xlsx_bytes,
)
from lawtracker.roles import is_reader
from lawtracker.templatetags.tracker import described_filters

PAGE_SIZE = 50
# The page sizes a list takes (`per_page`); any other is the default.
PAGE_SIZES = (25, 50, 100)
# A list counted on its rows counts at most this many; past it the page says "more than"
# and pages on.
COUNT_CAP = 10_000


def page_size(request) -> int:
    """The rows a page of a list shows: `per_page` when it is one of PAGE_SIZES."""
    asked = request.GET.get("per_page", "")
    return int(asked) if asked.isdigit() and int(asked) in PAGE_SIZES else PAGE_SIZE


def capped_count(rows: QuerySet) -> int:
    """How many rows, up to COUNT_CAP + 1 (one query, however many there are)."""
    return rows.order_by()[: COUNT_CAP + 1].count()


def page_of(request, rows: QuerySet, *, count: int | None = None) -> Page:
    """The page of `rows` the request asks for (`page`, `per_page` of them); counted up to
    the cap unless `count` is given."""
    count = capped_count(rows) if count is None else count
    paginator = CountedPaginator(rows, page_size(request), count=count)
    return paginator.get_page(request.GET.get("page"))


def filter_problems(filterset) -> str:
    """The filters that could not be read, in a line."""
    return form_problems(filterset.form)


def form_problems(form) -> str:
    """A form's fields that could not be read, in a line, each named by its label."""
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, which runs no COUNT of its own; `seek`,
    given a page's first row's offset and the page size, reads that page its own way
    (by a key, not by skipping the rows before it)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int,
        seek: Callable[[int, int], QuerySet] | None = None,
    ):
        super().__init__(object_list, per_page)
        self.known_count = count
        self.seek = seek

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number):
        if self.seek is None:
            return super().page(number)
        number = self.validate_number(number)
        rows = self.seek((number - 1) * self.per_page, self.per_page)
        return self._get_page(rows, number, self)


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP + 1 rows (one query, however many there
    are); `capped` when there are more (a page then says "more than")."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


class ReadView(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages partners and associates read; a user with neither role gets 403."""

    raise_exception = True


class FilteredListView(ReadView, TemplateView):
    """A list driven by a FilterSet from the URL; answers the results fragment alone when
    the page's script asks for it (X-Partial: results)."""

    results_template = ""

    def filterset(self):
        raise NotImplementedError

    def extra_context_for(self, filterset, rows) -> dict:
        return {}

    def seek_for(self, filterset, rows) -> Callable[[int, int], QuerySet] | None:
        """A way to read a deep page of the list by a key (see CountedPaginator), when
        the view has one."""
        return None

    def totals_for(self, filterset, rows) -> dict | None:
        """The list's count (under "count") and whatever else it totals, when the view
        counts it better than a COUNT of its rows (a summary, a cap); None: the paginator
        counts."""
        return None

    def get(self, request, *args, **kwargs):
        filterset = self.filterset()
        # A filter that cannot be read shows its error and no rows, never every row.
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        totals = self.totals_for(filterset, rows)
        if totals is None:
            paginator = Paginator(rows, page_size(request))
        else:
            seek = self.seek_for(filterset, rows) if filterset.is_valid() else None
            paginator = CountedPaginator(
                rows, page_size(request), count=totals["count"], seek=seek
            )
        page = paginator.get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "rows": page.object_list,
            "totals": totals,
            "results_template": self.results_template,
            # Shown above the results too: the results alone are redrawn as one types.
            "problems": "" if filterset.is_valid() else filter_problems(filterset),
            **self.extra_context_for(filterset, rows),
        }
        partial = request.headers.get("X-Partial") == "results"
        response = render(
            request, self.results_template if partial else self.template_name, context
        )
        # The fragment and the page share a URL: Back must never show the fragment.
        patch_vary_headers(response, ["X-Partial"])
        if partial:
            add_never_cache_headers(response)
        return response


class ListExportView(ReadView, View):
    """A list's records, every page of those its filters select, as XLSX or CSV in its
    import's columns (by default its resource's export: the file imports back unchanged),
    a frozen, filterable header, and a second sheet naming the filters and when it was
    made. A filter that cannot be read is refused with the list's own words."""

    resource_class = None
    file_stem = ""
    title = ""
    widths: list[float] = []
    # The notes sheet's first line: what the export is of.
    records_label = _("Records of")
    no_filter = _("all records (no filter)")

    def filterset(self):
        raise NotImplementedError

    def records(self, filterset):
        """The records to export, with what their columns read joined (no query a row)."""
        return filterset.qs

    def rows(self, filterset):
        """The header row, then a row a record."""
        return dataset_rows(self.resource_class().export(queryset=self.records(filterset)))

    def refusal(self, filterset, file_format: str) -> str:
        """Why a valid list cannot be exported in this format ("" when it can)."""
        return ""

    def notes(self, request, filterset) -> list[tuple[str, object]]:
        """The notes sheet's rows: the filters, the list's address, when and by whom."""
        filters = "; ".join(
            f"{label}: {text}" for _name, label, text, _raw in described_filters(filterset.form)
        )
        return [
            (self.records_label, filters or self.no_filter),
            (_("List"), request.build_absolute_uri(list_address(request))),
            (_("Exported"), timezone.localtime().replace(tzinfo=None, microsecond=0)),
            (_("Exported by"), request.user.get_username()),
        ]

    def get(self, request, *args, **kwargs):
        file_format = kwargs["format"]
        if file_format not in FORMATS:
            raise Http404
        filterset = self.filterset()
        if not filterset.is_valid():
            return error_page(request, 400, filter_problems(filterset), back=list_address(request))
        if refused := self.refusal(filterset, file_format):
            return error_page(request, 400, refused)
        rows = self.rows(filterset)
        if file_format == "csv":
            response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        else:
            content = xlsx_bytes(
                str(self.title),
                rows,
                layout=Sheet(widths=self.widths),
                about=(_("About this export"), self.notes(request, filterset)),
            )
            response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="lawtracker-{self.file_stem}-{stamp}.{file_format}"'
        )
        return response


def list_address(request) -> str:
    """The list an export was made from (its path before export.* or export-*.*), with
    its filters."""
    path = re.sub(r"export[^/]*$", "", request.path)
    return f"{path}?{request.GET.urlencode()}" if request.GET else path


class GlossaryView(ReadView, TemplateView):
    """The domain's terms in Chinese and English (lawtracker.glossary)."""

    template_name = "lawtracker/glossary.html"

    def has_permission(self):
        return is_reader(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sections": glossary.sections()}


def favicon(request):
    """The icon browsers ask for at the root, whatever the page names."""
    return HttpResponsePermanentRedirect(static("lawtracker/favicon.svg"))


# The error pages a user may meet, in the site's style and the user's language.
ERRORS = {
    400: (
        _("The request could not be read"),
        _("Something in the address or the form could not be read: check it and try again."),
    ),
    403: (
        _("Not open to your role"),
        _("Your account cannot see or do this. Ask the tracker's administrator if you need to."),
    ),
    404: (
        _("Not found"),
        _(
            "Nothing is at this address: the record may have been merged or removed, or the "
            "link mistyped."
        ),
    ),
    409: (
        _("Changed since you opened it"),
        _("Someone changed this record after you opened it: nothing was saved. Look again."),
    ),
}


def error_page(request, status: int, problems: str = "", *, kind: str = "", back: str = ""):
    """The page of an error (ERRORS), with what exactly went wrong when it is known;
    `kind` names it for scripts and tests (data-error)."""
    heading, message = ERRORS[status]
    context = {
        "heading": heading,
        "message": message,
        "problems": problems,
        "kind": kind,
        "back": back,
    }
    return render(request, "lawtracker/error.html", context, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def csrf_failure(request, reason=""):
    """A form sent without its page's token (an old tab, cookies refused): nothing was
    saved; the site's 403 page says so."""
    return error_page(
        request,
        403,
        _(
            "The form was sent without the page's security token, so nothing was saved: "
            "reload the page and send it again (the tracker needs its cookies)."
        ),
        kind="csrf",
    )


def server_error(request):
    """The 500 page; on SQLite, a write that waited out another's lock (the import worker
    writing a long file) gets a plain "busy, try again" page instead: nothing was saved.
    Django calls this inside its exception handler, so the error is at hand. Neither page
    reads the database (it may be what failed)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError) and "locked" in str(error):
        response = render(request, "lawtracker/busy.html", status=503)
        response["Retry-After"] = "60"
        return response
    page = loader.render_to_string("lawtracker/500.html", {"language": get_language()})
    return HttpResponseServerError(page)
