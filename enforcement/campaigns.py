"""Reading which campaign (专项行动) a case belongs to: the campaign a file's cell names,
and the one a case's own text suggests (净网, 清朗, 剑网 …) — a suggestion an associate
confirms, never a link made by itself."""

from enforcement.models import Campaign, Case
from lawtracker.readings import reading
from lawtracker.text import compact

# The words regulators' campaign names are known by (净网2020, “清朗”…专项整治, 剑网2020).
CAMPAIGN_WORDS = (
    "净网",
    "清朗",
    "剑网",
    "网剑",
    "护苗",
    "秋风",
    "固边",
    "App专项治理",
    "APP专项治理",
)


def named_campaign(text: str, campaigns: list[Campaign]) -> Campaign | None:
    """The campaign a cell names: by its short name, as the tracker shows it (date and the
    start of its focus, as an export writes it), or by the start of its focus (at least
    four characters, and only one campaign's)."""
    wanted = reading(text)
    if not wanted:
        return None
    for campaign in campaigns:
        if wanted in {reading(campaign.name), reading(str(campaign))} - {""}:
            return campaign
    starting = [c for c in campaigns if len(wanted) >= 4 and reading(c.focus).startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


def campaign_words(text: str) -> list[str]:
    flat = compact(text).lower()
    return [word for word in CAMPAIGN_WORDS if word.lower() in flat]


def suggested_campaign(case: Case, campaigns: list[Campaign]) -> Campaign | None:
    """The campaign a case's facts or penalty text name, of the case's year or before it
    (the latest such); None when the text names none, or no campaign of the tracker."""
    words = campaign_words(f"{case.facts}\n{case.penalty_text}")
    if not words:
        return None
    fitting = [
        campaign
        for campaign in campaigns
        if campaign.started_on <= case.decided_end
        and campaign.started_on.year >= case.decided_on.year - 1
        and any(
            word.lower() in compact(f"{campaign.name}{campaign.focus}").lower() for word in words
        )
    ]
    return max(fitting, key=lambda campaign: campaign.started_on, default=None)
