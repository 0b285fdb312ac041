from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self):
        # The kernel's registries are filled once the models are loaded.
        from enforcement.models import PenaltyKind, PenaltyTarget, SubjectKind
        from enforcement.resources import CampaignResource, CaseResource
        from lawtracker import glossary
        from lawtracker.imports import kinds

        kinds.register("campaigns", CampaignResource)
        kinds.register("cases", CaseResource)
        glossary.register(_("Penalties"), PenaltyKind)
        glossary.register(_("On whom a penalty falls"), PenaltyTarget)
        glossary.register(_("Kinds of penalized party"), SubjectKind)
