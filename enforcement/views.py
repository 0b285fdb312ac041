"""The partners' enforcement pages: the overview, cases and campaigns, lists and details,
and the case export."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, View

from enforcement import exports, tallies
from enforcement.campaigns import suggested_campaign
from enforcement.models import Campaign, Case, PenaltyKind, ReviewEdition
from enforcement.overview import overview
from enforcement.resources import CampaignResource
from enforcement.review import FreezeForm, ReviewForm, review, review_years
from enforcement.review_docx import DOCX_CONTENT_TYPE, review_docx
from enforcement.selectors import capped_totals, filtered_campaigns, filtered_cases, list_totals
from enforcement.services import CannotFreeze, freeze_review
from instruments.models import RegulatorFamily
from lawtracker.freshness import freshness
from lawtracker.views import (
    FilteredListView,
    ListExportView,
    ReadView,
    error_page,
    form_problems,
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


class ReviewView(ReadView, TemplateView):
    """A year's annual review laid out from the data (or a frozen edition of it), to read,
    print, download as Word and, for those who may, freeze."""

    permission_required = "enforcement.view_case"
    template_name = "enforcement/review.html"

    def get(self, request, *args, **kwargs):
        form = chosen_review(request)
        context = {"form": form, "years": form.years}
        if form.is_valid():
            laid_out = review(
                form.cleaned_data["year"],
                edition=form.chosen_edition(),
                ids=form.cleaned_data["ids"],
            )
            context |= {
                "review": laid_out,
                "blocks": laid_out.blocks(),
                "docx_query": review_query(form),
                "freeze_form": FreezeForm(initial={"year": laid_out.year}),
                "can_freeze": request.user.has_perm("enforcement.add_reviewedition"),
            }
        status = 200 if form.is_valid() or not form.years else 400
        return self.render_to_response(self.get_context_data(**context), status=status)


def chosen_review(request) -> ReviewForm:
    """The review the request asks for (the latest year with cases unless it names one),
    as a form to validate."""
    years = review_years()
    params = request.GET.copy()
    if years and "year" not in params:
        params["year"] = str(default_review_year(years))
    year = params.get("year", "")
    editions = list(ReviewEdition.objects.filter(year=int(year))) if year.isdigit() else []
    return ReviewForm(params, years=years, editions=editions)


def default_review_year(years: list[int]) -> int:
    """The review first shown: the latest year with a case (one query), else the latest
    year of any record."""
    latest = Case.objects.order_by("-decided_on").values_list("decided_on", flat=True).first()
    return latest.year if latest else years[0]


def review_query(form: ReviewForm) -> str:
    """The chosen review's parameters, for its download links."""
    params = {"year": form.cleaned_data["year"]}
    if form.cleaned_data["edition"]:
        params["edition"] = form.cleaned_data["edition"]
    if form.cleaned_data["ids"]:
        params["ids"] = "on"
    return urlencode(params)


class ReviewDocxView(ReadView, View):
    """The review as a Word document, in the language asked (`language`: zh-hans or en;
    else the interface's)."""

    permission_required = "enforcement.view_case"

    def get(self, request):
        form = chosen_review(request)
        if not form.is_valid():
            return error_page(
                request, 400, form_problems(form), back=reverse("enforcement:review")
            )
        language = request.GET.get("language") or get_language()
        if language not in dict(settings.LANGUAGES):
            return error_page(
                request,
                400,
                _("No review is written in “%(language)s”.") % {"language": language},
                back=reverse("enforcement:review"),
            )
        with translation.override(language):
            laid_out = review(
                form.cleaned_data["year"],
                edition=form.chosen_edition(),
                ids=form.cleaned_data["ids"],
            )
            content = review_docx(laid_out)
        edition = form.cleaned_data["edition"]
        name = f"lawtracker-review-{laid_out.year}" + (f"-edition-{edition}" if edition else "")
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}-{language}.docx"'
        return response


class ReviewFreezeView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Freeze a year's review as its next edition (those who may add editions)."""

    permission_required = "enforcement.add_reviewedition"
    raise_exception = True

    def post(self, request):
        form = FreezeForm(request.POST)
        if not form.is_valid():
            return error_page(
                request, 400, form_problems(form), back=reverse("enforcement:review")
            )
        year = form.cleaned_data["year"]
        try:
            edition = freeze_review(
                year=year,
                cut_off=form.cut_off_moment(),
                user=request.user,
                title=form.cleaned_data["title"],
            )
        except CannotFreeze as refused:
            return error_page(
                request, 400, str(refused), back=reverse("enforcement:review") + f"?year={year}"
            )
        messages.success(
            request,
            _("Edition %(number)s of the %(year)s review is frozen.")
            % {"number": edition.number, "year": year},
        )
        return redirect(reverse("enforcement:review") + f"?year={year}&edition={edition.number}")
