from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement · 执法")

    def ready(self):
        # The engine's registry is filled once the models are loaded (resources name them).
        from enforcement.resources import CampaignResource, CaseResource
        from lawtracker.imports import kinds

        kinds.register("campaigns", CampaignResource)
        kinds.register("cases", CaseResource)
