"""The partners' enforcement pages: the overview, cases and campaigns, lists and details,
and the case export."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, TemplateView, View

from enforcement import alerts, credit_layout, digests, exports, tallies
from enforcement.alerts import ChangesForm
from enforcement.campaigns import suggested_campaign
from enforcement.feeds import feed_key, replace_feed_key
from enforcement.models import Campaign, Case, PenaltyKind, ReviewEdition, SavedSearch
from enforcement.overview import overview
from enforcement.resources import CampaignResource
from enforcement.review import FreezeForm, ReviewForm, review, review_years
from enforcement.review_docx import DOCX_CONTENT_TYPE, review_docx
from enforcement.selectors import capped_totals, filtered_campaigns, filtered_cases, list_totals
from enforcement.services import CannotFreeze, freeze_review
from instruments.models import Instrument, RegulatorFamily
from lawtracker import verification
from lawtracker.freshness import freshness
from lawtracker.history import stale_message
from lawtracker.versions import StaleWrite
from lawtracker.views import (
    COUNT_CAP,
    FilteredListView,
    ListExportView,
    ReadView,
    capped_count,
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


class CaseCreditExportView(CaseExportView):
    """The case list on screen in the official layout of published penalties (双公示):
    what the tracker holds in its columns, the rest empty (enforcement.credit_layout)."""

    file_stem = "cases-credit-layout"
    title = gettext_lazy("Cases (credit layout)")
    widths = [30, 14, 20, 12, 24, 20, 60, 40, 16, 40, 12, 12, 16, 14, 12, 12, 30, 20, 16, 20, 24]

    def rows(self, filterset):
        return credit_layout.credit_rows(filterset.qs)


class CaseDetailView(ReadView, DetailView):
    permission_required = "enforcement.view_case"
    template_name = "enforcement/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return Case.objects.select_related("province", "campaign", "verified_by").prefetch_related(
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
        return Campaign.objects.select_related("verified_by").prefetch_related("authorities")

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


# The rows a table of the review shows on its page (the Word document holds them all).
REVIEW_PAGE_ROWS = 300


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
                "blocks": laid_out.blocks(most=REVIEW_PAGE_ROWS),
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
    readable = year.isascii() and year.isdigit() and len(year) <= 4
    editions = list(ReviewEdition.objects.filter(year=int(year))) if readable else []
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


# The kinds of record verified against their sources: each one's model and page (the
# kinds whose changes What's new shows).
VERIFIED_KINDS = alerts.CHANGED_KINDS


def change_permission(model) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


class VerificationQueueView(LoginRequiredMixin, TemplateView):
    """Records waiting to be checked against their sources, the oldest first: those
    edited since they were verified, then those never verified; each with its source
    link and the one-click "verified against this source". For those who may change
    records."""

    template_name = "enforcement/verification_queue.html"

    def get(self, request, *args, **kwargs):
        kinds = [
            kind
            for kind, (model, _page) in VERIFIED_KINDS.items()
            if request.user.has_perm(change_permission(model))
        ]
        if not kinds:
            raise PermissionDenied
        kind = request.GET.get("kind", kinds[0])
        if kind not in kinds:
            kind = kinds[0]
        model, page_name = VERIFIED_KINDS[kind]
        waiting = {
            state: capped_count(model.objects.filter(verification=state))
            for state in verification.PENDING
        }
        state = request.GET.get("state") or next(
            (state for state in verification.PENDING if waiting[state]), verification.PENDING[-1]
        )
        if state not in verification.PENDING:
            state = verification.PENDING[-1]
        rows = model.objects.filter(verification=state).order_by("created_at", "id")
        page = page_of(request, rows, count=waiting[state])
        context = {
            "kind": kind,
            "kinds": [(name, VERIFIED_KINDS[name][0]._meta.verbose_name_plural) for name in kinds],
            "state": state,
            "states": [
                (name, verification.Verification(name).label, waiting[name])
                for name in verification.PENDING
            ],
            "rows": page.object_list,
            "page_obj": page,
            "page_name": page_name,
            "cap": COUNT_CAP,
        }
        return self.render_to_response(self.get_context_data(**context))


class VerifyRecordView(LoginRequiredMixin, View):
    """One record verified against a source link, as the associate saw it (`version`):
    changed since, it is refused, to be looked at again."""

    def dispatch(self, request, *args, kind: str, **kwargs):
        """Refused to those who may not change the kind of record, whatever the method."""
        if kind not in VERIFIED_KINDS:
            raise Http404
        if request.user.is_authenticated and not request.user.has_perm(
            change_permission(VERIFIED_KINDS[kind][0])
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, kind=kind, **kwargs)

    def post(self, request, kind: str, pk: int):
        model, page_name = VERIFIED_KINDS[kind]
        record = get_object_or_404(model, pk=pk)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse(page_name, args=[pk])
        seen = request.POST.get("version", "")
        if seen.isdigit():
            record.version = int(seen)
        try:
            verification.verify(
                records=[record], user=request.user, source=request.POST.get("source", "")
            )
        except ValidationError as refused:
            return error_page(request, 400, " ".join(refused.messages), back=back)
        except StaleWrite as stale:
            return error_page(
                request, 409, stale_message(stale.instance, stale.version), back=back
            )
        messages.success(
            request,
            _("“%(record)s” is verified against %(source)s.")
            % {"record": record, "source": record.verified_source},
        )
        return redirect(back)


class ChangesView(ReadView, TemplateView):
    """What is new: the records added, changed or removed since a day (a week ago unless
    asked), with what changed; instruments taking effect in the next 30 and 90 days; the
    drafts still pending, oldest first, with their age."""

    permission_required = "enforcement.view_case"
    template_name = "enforcement/changes.html"

    def get(self, request, *args, **kwargs):
        form = ChangesForm(request.GET)
        valid = form.is_valid()
        since = form.since_moment() if valid else None
        kind = (form.cleaned_data.get("kind") if valid else "") or "case"
        context = {"form": form, "kind": kind, "since": since, "feed_key": feed_key(request.user)}
        if valid:
            changed = alerts.changed_ids(kind, since)
            page = page_of(request, changed, count=capped_count(changed))
            ids = [row["id"] for row in page.object_list]
            context |= {
                "changes": alerts.record_changes(kind, since, ids),
                "page_obj": page,
                "cap": COUNT_CAP,
            }
        upcoming = Instrument.objects.with_status()
        context |= {
            "soon": [
                (days, upcoming.taking_effect_within(days)[: alerts.SHOWN_SOON])
                for days in alerts.SOON
            ],
            "drafts": Instrument.objects.pending_drafts().order_by("published_on", "id")[
                : alerts.SHOWN_SOON
            ],
            "draft_count": Instrument.objects.pending_drafts().count(),
        }
        status = 200 if valid else 400
        return self.render_to_response(self.get_context_data(**context), status=status)


class SaveSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "list", "query", "frequency"]
        widgets = {"list": forms.HiddenInput, "query": forms.HiddenInput}


class SavedSearchesView(ReadView, TemplateView):
    """A reader's own saved searches: each list's address, its feed and its digest; a
    search is saved here from its list (POST)."""

    permission_required = "enforcement.view_case"
    template_name = "enforcement/saved_searches.html"

    def get_context_data(self, **kwargs):
        searches = list(self.request.user.saved_searches.all())
        key = feed_key(self.request.user)
        feeds = {"cases": "enforcement:feed-cases", "instruments": "enforcement:feed-instruments"}
        return {
            **super().get_context_data(**kwargs),
            "searches": [
                {
                    "search": search,
                    "url": digests.list_url(search),
                    "feed": reverse(feeds[search.list], args=[key])
                    + (f"?{search.query}" if search.query else ""),
                }
                for search in searches
            ],
            "frequencies": SavedSearch.Frequency.choices,
            "feed_key": key,
            "has_email": bool(self.request.user.email),
        }

    def post(self, request, *args, **kwargs):
        if "new_feed_key" in request.POST:
            replace_feed_key(request.user)
            messages.success(
                request, _("Your feeds have new addresses; the old ones open nothing.")
            )
            return redirect("enforcement:saved-searches")
        form = SaveSearchForm(request.POST)
        if not form.is_valid():
            return error_page(
                request, 400, form_problems(form), back=reverse("enforcement:saved-searches")
            )
        search = form.save(commit=False)
        search.user, search.language = request.user, get_language()
        search.query = digests.kept_query(search.query)
        if not digests.LISTS[search.list].filtered(QueryDict(search.query)).is_valid():
            return error_page(
                request, 400, _("These filters cannot be read."), back=digests.list_url(search)
            )
        search.save()
        messages.success(request, _("“%(name)s” is saved.") % {"name": search.name})
        return redirect("enforcement:saved-searches")


class SavedSearchView(ReadView, View):
    """One of a reader's own searches: its digest changed, or the search deleted."""

    permission_required = "enforcement.view_case"

    def get(self, request, pk: int):
        return redirect("enforcement:saved-searches")

    def post(self, request, pk: int):
        search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
        if "delete" in request.POST:
            search.delete()
            messages.success(request, _("“%(name)s” is deleted.") % {"name": search.name})
            return redirect("enforcement:saved-searches")
        frequency = request.POST.get("frequency", "")
        if frequency not in SavedSearch.Frequency.values:
            return error_page(
                request, 400, _("No such digest."), back=reverse("enforcement:saved-searches")
            )
        search.frequency = frequency
        search.save(update_fields=["frequency"])
        messages.success(
            request,
            _("“%(name)s”: %(digest)s.")
            % {"name": search.name, "digest": search.get_frequency_display()},
        )
        return redirect("enforcement:saved-searches")


@method_decorator([login_not_required, csrf_exempt], name="dispatch")
class UnsubscribeView(TemplateView):
    """A digest's unsubscribe, from its mail, no login needed (its signed address names
    the search): the page asks for the one click (a link opened by a mail scanner stops
    nothing); a mail program's own POST (RFC 8058 one-click) stops it at once."""

    def dispatch(self, request, *args, token: str, **kwargs):
        search = digests.search_of_token(token)
        if search is None:
            raise Http404
        if request.method == "POST":
            if search.frequency != SavedSearch.Frequency.NEVER:
                search.frequency = SavedSearch.Frequency.NEVER
                search.save(update_fields=["frequency"])
            return render(request, "enforcement/unsubscribed.html", {"search": search})
        if request.method != "GET":
            return self.http_method_not_allowed(request)
        return render(request, "enforcement/unsubscribe.html", {"search": search})
