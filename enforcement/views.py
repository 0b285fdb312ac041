"""The partners' enforcement pages: cases and campaigns, lists and details, export, and
the instrument and authority pages, which show the cases citing or decided by them."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, View

from enforcement import exports
from enforcement.filters import CampaignFilter
from enforcement.models import Campaign, Case
from enforcement.selectors import case_totals, filtered_cases
from instruments.models import Authority, Instrument
from lawtracker.views import FilteredListView, ReadView, filter_problems


class CaseListView(FilteredListView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/case_list.html"
    results_template = "enforcement/case_results.html"

    def filterset(self):
        return filtered_cases(self.request.GET)

    def extra_context_for(self, filterset, rows):
        return {"totals": case_totals(rows), "query": filterset.form.cleaned_data.get("q") or ""}


class CaseExportView(ReadView, View):
    """Exactly the list on screen, every page of it, as XLSX or CSV."""

    permission_required = "enforcement.view_case"

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in exports.FORMATS:
            raise Http404
        filterset = filtered_cases(request.GET)
        if not filterset.is_valid():
            return HttpResponseBadRequest(filter_problems(filterset))
        return exports.case_export_response(filterset.qs, kwargs["format"])


class CaseDetailView(ReadView, DetailView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/case_detail.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Case.objects.select_related("province", "campaign").prefetch_related(
                "penalties", "authorities__province", "violation_categories", "legal_basis"
            ),
            pk=self.kwargs["pk"],
        )


class CampaignListView(FilteredListView):
    permission_required = "enforcement.view_campaign"
    template_name = "enforcement/campaign_list.html"
    results_template = "enforcement/campaign_results.html"

    def filterset(self):
        return CampaignFilter(self.request.GET, queryset=Campaign.objects.for_list())


class CampaignDetailView(ReadView, DetailView):
    permission_required = "enforcement.view_campaign"
    template_name = "enforcement/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Campaign.objects.prefetch_related("authorities"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        cases = Case.objects.for_list().filter(campaign=self.object).order_by("-decided_on", "-id")
        return {**super().get_context_data(**kwargs), "cases": cases}


class InstrumentDetailView(ReadView, DetailView):
    permission_required = "instruments.view_instrument"
    template_name = "enforcement/instrument_detail.html"
    context_object_name = "instrument"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Instrument.objects.with_status()
            .select_related("final_version", "amends")
            .prefetch_related("authorities", "topics", "drafts", "amendments"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        cases = Case.objects.for_list().filter(legal_basis=self.object)
        return {
            **super().get_context_data(**kwargs),
            "cases": cases.order_by("-decided_on", "-id"),
        }


class AuthorityDetailView(ReadView, DetailView):
    permission_required = "instruments.view_authority"
    template_name = "enforcement/authority_detail.html"
    context_object_name = "authority"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Authority.objects.select_related("province"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        authority = self.object
        cases = Case.objects.for_list().filter(authorities=authority)
        return {
            **super().get_context_data(**kwargs),
            "instruments": Instrument.objects.for_list().filter(authorities=authority),
            "cases": cases.order_by("-decided_on", "-id"),
        }
