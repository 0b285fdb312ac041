"""The partners' instrument pages: the list, an instrument, and an authority with what it
issued and decided. Cases are read through the reverse relations (`cited_by_cases`,
`cases`), so this app imports nothing of enforcement, which builds on it."""

from django.db.models import Exists, OuterRef, Q
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View

from instruments.models import Authority, Instrument, issuers_prefetch
from instruments.resources import InstrumentResource
from instruments.selectors import cited_articles, filtered_instruments, timeline, upcoming_window
from lawtracker.filters import TEXT_MAX
from lawtracker.views import FilteredListView, ListExportView, ReadView, page_of

SUGGESTIONS = 20


class InstrumentListView(FilteredListView):
    permission_required = "instruments.view_instrument"
    template_name = "instruments/instrument_list.html"
    results_template = "instruments/instrument_results.html"

    def filterset(self):
        return filtered_instruments(self.request.GET)

    def extra_context_for(self, filterset, rows):
        view = filterset.form.cleaned_data.get("view") if filterset.is_bound else None
        return {"view": view, "upcoming_window": upcoming_window()}


class InstrumentExportView(ListExportView):
    """The instrument list on screen, every page of it, in the import's columns."""

    permission_required = "instruments.view_instrument"
    resource_class = InstrumentResource
    file_stem = "instruments"
    title = _("Instruments")
    widths = [16, 48, 14, 14, 16, 40, 22, 12, 30, 30, 30, 30, 24]

    def filterset(self):
        return filtered_instruments(self.request.GET)

    def records(self, filterset):
        return filterset.qs.select_related("final_version", "amends")


class InstrumentDetailView(ReadView, DetailView):
    permission_required = "instruments.view_instrument"
    template_name = "instruments/instrument_detail.html"
    context_object_name = "instrument"

    def get_queryset(self):
        return (
            Instrument.objects.with_status()
            .select_related("final_version", "amends", "verified_by")
            .prefetch_related(issuers_prefetch(), "topics", "drafts", "amendments")
        )

    def get_context_data(self, **kwargs):
        # Its cases through the reverse relation: this app knows no model of enforcement.
        page = page_of(self.request, self.object.cited_by_cases.for_list())
        return {
            **super().get_context_data(**kwargs),
            "cases": page.object_list,
            "page_obj": page,
            "timeline": timeline(self.object),
            "cited_articles": cited_articles(self.object),
        }


class AuthorityDetailView(ReadView, DetailView):
    permission_required = "instruments.view_authority"
    template_name = "instruments/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return Authority.objects.select_related("province")

    def get_context_data(self, **kwargs):
        page = page_of(self.request, self.object.cases.for_list())
        return {
            **super().get_context_data(**kwargs),
            "instruments": self.object.instruments.for_list(),
            "cases": page.object_list,
            "page_obj": page,
        }


class AuthoritySuggestView(ReadView, View):
    """Authorities that decided cases, whose name holds what was typed (`q`), for the case
    list's authority filter: at most SUGGESTIONS of them, by name (one query)."""

    permission_required = "instruments.view_authority"

    def get(self, request, *args, **kwargs):
        typed = request.GET.get("q", "").strip()[:TEXT_MAX]
        if not typed:
            return JsonResponse({"results": []})
        deciding = Authority.cases.through.objects.filter(authority=OuterRef("pk"))
        found = (
            Authority.objects.filter(Q(name__icontains=typed) | Q(aliases__name__icontains=typed))
            .filter(Exists(deciding))
            .select_related("province")
            .distinct()
            .order_by("name")[:SUGGESTIONS]
        )
        return JsonResponse(
            {"results": [{"id": authority.pk, "label": str(authority)} for authority in found]}
        )
