"""The partners' instrument pages, and the authority page that spans both apps' data."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from enforcement.models import Case
from instruments.filters import InstrumentFilter
from instruments.models import Authority, Instrument
from lawtracker.views import FilteredListView, ReadView


class InstrumentListView(FilteredListView):
    permission_required = "instruments.view_instrument"
    template_name = "instruments/instrument_list.html"
    results_template = "instruments/instrument_results.html"

    def filterset(self):
        return InstrumentFilter(self.request.GET, queryset=Instrument.objects.for_list())


class InstrumentDetailView(ReadView, DetailView):
    permission_required = "instruments.view_instrument"
    template_name = "instruments/instrument_detail.html"
    context_object_name = "instrument"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Instrument.objects.with_status()
            .select_related("final_version", "amends")
            .prefetch_related("authorities", "topics", "drafts", "amendments"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        cases = (
            Case.objects.for_list().filter(legal_basis=self.object).order_by("-decided_on", "-id")
        )
        return {**super().get_context_data(**kwargs), "cases": cases}


class AuthorityDetailView(ReadView, DetailView):
    permission_required = "instruments.view_authority"
    template_name = "instruments/authority_detail.html"
    context_object_name = "authority"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Authority.objects.select_related("province"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        authority = self.object
        return {
            **super().get_context_data(**kwargs),
            "instruments": Instrument.objects.for_list().filter(authorities=authority),
            "cases": Case.objects.for_list()
            .filter(authorities=authority)
            .order_by("-decided_on", "-id"),
        }
