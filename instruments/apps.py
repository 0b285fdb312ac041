from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments · 法律文件")

    def ready(self):
        # The engine's registry is filled once the models are loaded (resources name them).
        from instruments.resources import InstrumentResource
        from lawtracker.imports import kinds

        kinds.register("instruments", InstrumentResource)
