"""The partners' enforcement pages: the overview, cases and campaigns, lists and details,
and the case export."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from enforcement import exports, tallies
from enforcement.campaigns import suggested_campaign
from enforcement.models import Campaign, Case, PenaltyKind
from enforcement.overview import overview
from enforcement.resources import CampaignResource
from enforcement.selectors import capped_totals, filtered_campaigns, filtered_cases, list_totals
from instruments.models import RegulatorFamily
from lawtracker.freshness import freshness
from lawtracker.views import (
    FilteredListView,
    ListExportView,
    ReadView,
    page_of,
)


class OverviewView(ReadView, TemplateView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **overview(self.request.GET)}


class CaseListView(FilteredListView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/case_list.html"
    results_template = "enforcement/case_results.html"

    def filterset(self):
        return filtered_cases(self.request.GET)

    def totals_for(self, filterset, rows):
        return list_totals(filterset, rows)

    def seek_for(self, filterset, rows):
        return tallies.seeker(filterset.form.cleaned_data, rows)

    def extra_context_for(self, filterset, rows):
        counts = tallies.facets(filterset.form.cleaned_data) if filterset.is_valid() else None
        return {
            "query": filterset.form.cleaned_data.get("q") or "",
            "facets": facet_links(self.request, filterset, counts) if counts else [],
        }


def facet_links(request, filterset, counts: dict[str, dict[str, int]]) -> list[dict]:
    """Each facet's options with the cases they would leave, each a link narrowing the
    list to that option (the list's other filters kept), the options chosen marked."""
    groups = []
    for name, labels in (("family", RegulatorFamily.choices), ("penalty", PenaltyKind.choices)):
        chosen = set(filterset.form.cleaned_data.get(name) or [])
        options = []
        for code, label in labels:
            if not counts[name].get(code):
                continue
            params = request.GET.copy()
            params.pop("page", None)
            params.setlist(name, [code])
            options.append(
                {
                    "label": label,
                    "n": counts[name][code],
                    "url": f"?{params.urlencode()}",
                    "chosen": code in chosen,
                }
            )
        groups.append({"label": filterset.form.fields[name].label, "options": options})
    return groups


class CaseExportView(ListExportView):
    """Exactly the case list on screen, every page of it: the import's columns, then what
    the tracker read from them (enforcement.exports)."""

    permission_required = "enforcement.view_case"
    file_stem = "cases"
    title = gettext_lazy("Cases")
    widths = exports.WIDTHS
    records_label = gettext_lazy("Cases of")
    no_filter = gettext_lazy("all cases (no filter)")

    def filterset(self):
        return filtered_cases(self.request.GET)

    def rows(self, filterset):
        page = self.request.build_absolute_uri(reverse("enforcement:case-detail", args=[0]))
        return exports.case_rows(filterset.qs, link=lambda pk: page.replace("/0/", f"/{pk}/"))

    def refusal(self, filterset, file_format: str) -> str:
        if file_format == "xlsx" and exports.too_many_for_a_sheet(filterset.qs):
            return _(
                "More cases than an Excel sheet holds (%(rows)s rows): export them as "
                "CSV, or narrow the filters."
            ) % {"rows": f"{exports.EXCEL_ROWS - 1:,}"}
        return ""

    def notes(self, request, filterset) -> list[tuple[str, object]]:
        """The list's notes, and how current the data was."""
        data = freshness()
        last_import = "—"
        if data.last_import_at:
            last_import = timezone.localtime(data.last_import_at).replace(
                tzinfo=None, microsecond=0
            )
        return [
            *super().notes(request, filterset),
            (_("Data as of"), data.as_of or _("no records yet")),
            (_("Last import"), last_import),
        ]


class CaseDetailView(ReadView, DetailView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return Case.objects.select_related("province", "campaign").prefetch_related(
            "penalties", "authorities__province", "violation_categories", "legal_basis"
        )

    def get_context_data(self, **kwargs):
        suggested = None
        if self.object.campaign_id is None:
            suggested = suggested_campaign(self.object, list(Campaign.objects.all()))
        return {**super().get_context_data(**kwargs), "suggested_campaign": suggested}


class CampaignListView(FilteredListView):
    permission_required = "enforcement.view_campaign"
    template_name = "enforcement/campaign_list.html"
    results_template = "enforcement/campaign_results.html"

    def filterset(self):
        return filtered_campaigns(self.request.GET)


class CampaignExportView(ListExportView):
    """The campaign list on screen, every page of it, in the import's columns."""

    permission_required = "enforcement.view_campaign"
    resource_class = CampaignResource
    file_stem = "campaigns"
    title = gettext_lazy("Campaigns")
    widths = [8, 30, 16, 60, 14, 40, 30]

    def filterset(self):
        return filtered_campaigns(self.request.GET)

    def records(self, filterset):
        return filterset.qs.prefetch_related("authorities")


class CampaignDetailView(ReadView, DetailView):
    permission_required = "enforcement.view_campaign"
    template_name = "enforcement/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return Campaign.objects.prefetch_related("authorities")

    def get_context_data(self, **kwargs):
        cases = self.object.cases.for_list()
        totals = capped_totals(cases)
        page = page_of(self.request, cases, count=totals["count"])
        return {
            **super().get_context_data(**kwargs),
            "cases": page.object_list,
            "page_obj": page,
            "totals": totals,
        }
