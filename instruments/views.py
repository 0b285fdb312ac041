"""The partners' instrument list. Pages that show an instrument or authority with its
cases live in enforcement, which builds on this app."""

from instruments.filters import InstrumentFilter
from instruments.models import Instrument
from lawtracker.views import FilteredListView


class InstrumentListView(FilteredListView):
    permission_required = "instruments.view_instrument"
    template_name = "instruments/instrument_list.html"
    results_template = "instruments/instrument_results.html"

    def filterset(self):
        return InstrumentFilter(self.request.GET, queryset=Instrument.objects.for_list())
