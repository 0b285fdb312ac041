from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        # The kernel's registries are filled once the models are loaded.
        from instruments.models import Instrument, RegulatorFamily
        from instruments.resources import InstrumentResource
        from lawtracker import glossary
        from lawtracker.imports import kinds

        kinds.register("instruments", InstrumentResource)
        glossary.register(_("Regulator families"), RegulatorFamily)
        glossary.register(_("Levels of instruments"), Instrument.Level)
        glossary.register(_("Status of instruments"), Instrument.Status)
