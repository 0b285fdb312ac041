"""What is new in the tracker: the records added, changed or removed since a moment, each
with what changed (read from their history: the last state before the moment against the
latest), for the "what's new" page, its Atom feed and the saved searches' digests."""

import dataclasses
import datetime

from django import forms
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import Campaign, Case
from instruments.models import Instrument

# The kinds of record whose changes are shown: each one's model and page.
CHANGED_KINDS = {
    "case": (Case, "enforcement:case-detail"),
    "instrument": (Instrument, "instruments:instrument-detail"),
    "campaign": (Campaign, "enforcement:campaign-detail"),
}
# What a change never shows: bookkeeping, and what is derived from the texts shown.
NOT_SHOWN = {
    "id",
    "version",
    "fingerprint",
    "created_at",
    "updated_at",
    "search_text",
    "version_key",
    "decided_end",
    "org_fines",
    "individual_fines",
    "fines_unknown",
    "verified_by",
    "verified_at",
    "source_checked_at",
    "published_on",
    "published_precision",
    "effective_on",
    "effective_precision",
    "decided_on",
    "decided_precision",
    "started_on",
    "started_precision",
}
ADDED, CHANGED, DELETED = "+", "~", "-"


@dataclasses.dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclasses.dataclass(frozen=True)
class RecordChange:
    """One record's change since the moment: added, changed (with its fields) or
    removed; its latest state's name, ID, when, by whom, and its page while it exists."""

    kind: str
    record_id: int
    public_id: str
    name: str
    how: str
    when: datetime.datetime
    who: str
    fields: tuple[FieldChange, ...]
    url: str

    @property
    def css(self) -> str:
        return {ADDED: "added", CHANGED: "changed", DELETED: "removed"}[self.how]

    @property
    def how_label(self) -> str:
        return {ADDED: _("Added"), CHANGED: _("Changed"), DELETED: _("Removed")}[self.how]


def shown(value) -> str:
    if value in (None, ""):
        return "—"
    return str(value)


def shown_fields(model) -> list:
    """The fields whose change a reader is told of, in the form's order."""
    return [
        field
        for field in model.history.model._meta.concrete_fields
        if field.name in {f.name for f in model._meta.concrete_fields}
        and field.name not in NOT_SHOWN
    ]


def field_changes(fields, before, after) -> tuple[FieldChange, ...]:
    changes = []
    for field in fields:
        old, new = getattr(before, field.attname), getattr(after, field.attname)
        if old == new:
            continue
        if field.choices:
            labels = dict(field.flatchoices)
            old, new = labels.get(old, old), labels.get(new, new)
        changes.append(FieldChange(str(field.verbose_name), shown(old), shown(new)))
    return tuple(changes)


def changed_ids(kind: str, since: datetime.datetime) -> QuerySet:
    """The keys of the records of a kind written since the moment, the latest write first
    (a read of the history's rows since then, on its date index)."""
    model, _page = CHANGED_KINDS[kind]
    return (
        model.history.filter(history_date__gte=since)
        .order_by()
        .values("id")
        .annotate(last=Max("history_date"))
        .order_by("-last", "-id")
    )


def record_changes(kind: str, since: datetime.datetime, ids: list[int]) -> list[RecordChange]:
    """What changed of these records since the moment (two queries: their latest history
    rows, and their last ones before it)."""
    model, page = CHANGED_KINDS[kind]
    rows = model.history.filter(id__in=ids)
    latest = {row.id: row for row in rows.latest_of_each().select_related("history_user")}
    before = {row.id: row for row in rows.filter(history_date__lt=since).latest_of_each()}
    fields = shown_fields(model)
    changes = []
    for record_id in ids:
        after = latest.get(record_id)
        if after is None:
            continue
        baseline = before.get(record_id)
        if after.history_type == DELETED:
            how, diff = DELETED, ()
        elif baseline is None or baseline.history_type == DELETED:
            how, diff = ADDED, ()
        else:
            how, diff = CHANGED, field_changes(fields, baseline, after)
        changes.append(
            RecordChange(
                kind=kind,
                record_id=record_id,
                public_id=getattr(after, "public_id", None) or "",
                # The model's own name of it, read off the history row (its `instance`
                # would query the record for the fields the history leaves out).
                name=model.__str__(after),
                how=how,
                when=after.history_date,
                who=after.history_user.get_username() if after.history_user else "",
                fields=diff,
                url="" if how == DELETED else reverse(page, args=[record_id]),
            )
        )
    return changes


# How far back the page looks unless told, and at most (it reads the history since).
DEFAULT_DAYS = 7
MOST_DAYS = 366
# Instruments taking effect soon: the two windows the page shows, and how many of each.
SOON = (30, 90)
SHOWN_SOON = 50


class ChangesForm(forms.Form):
    """The page's choice, in the URL: since which day, which kind of record."""

    since = forms.DateField(label=gettext_lazy("Since"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Records"),
        required=False,
        choices=[
            ("case", gettext_lazy("Cases")),
            ("instrument", gettext_lazy("Instruments")),
            ("campaign", gettext_lazy("Campaigns")),
        ],
    )

    def clean_since(self):
        day = self.cleaned_data["since"]
        earliest = timezone.localdate() - datetime.timedelta(days=MOST_DAYS)
        if day is not None and day < earliest:
            raise forms.ValidationError(
                _("At most a year back: from %(day)s on.") % {"day": earliest.isoformat()}
            )
        return day

    def since_moment(self) -> datetime.datetime:
        """The start of the day asked for (a week ago unless told)."""
        day = self.cleaned_data.get("since") or (
            timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
        )
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
