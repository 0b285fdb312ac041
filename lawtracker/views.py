"""Views shared by both apps: the read permission, list pages and the dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.generic import TemplateView

PAGE_SIZE = 50


class ReadView(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages partners and associates read; a user with neither role gets 403."""

    raise_exception = True


class FilteredListView(ReadView, TemplateView):
    """A list driven by a FilterSet from the URL; answers the results fragment alone when
    the page's script asks for it (X-Partial: results)."""

    results_template = ""
    page_size = PAGE_SIZE

    def filterset(self):
        raise NotImplementedError

    def extra_context_for(self, filterset, rows) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        filterset = self.filterset()
        rows = filterset.qs
        paginator = Paginator(rows, self.page_size)
        page = paginator.get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "rows": page.object_list,
            "results_template": self.results_template,
            **self.extra_context_for(filterset, rows),
        }
        if request.headers.get("X-Partial") == "results":
            return render(request, self.results_template, context)
        return render(request, self.template_name, context)


class DashboardView(ReadView, TemplateView):
    permission_required = "enforcement.view_case"
    template_name = "lawtracker/dashboard.html"

    def get_context_data(self, **kwargs):
        from lawtracker.selectors import dashboard

        return {**super().get_context_data(**kwargs), **dashboard()}
