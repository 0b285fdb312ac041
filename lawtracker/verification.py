"""Whether a record has been checked against its source: unverified (as imported or
typed), verified (by whom, when, against which link), or needing a re-check (its facts
edited since it was verified); and when its source was last looked at. Knows no app: a
model takes the mixin and names the fields that are its facts (`VERIFIED_FACTS`)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lawtracker import history


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", gettext_lazy("Unverified")
    VERIFIED = "verified", gettext_lazy("Verified")
    RECHECK = "recheck", gettext_lazy("Needs re-check")


# The states a record waits in for an associate, the one to act on first first.
PENDING = (Verification.RECHECK, Verification.UNVERIFIED)


class Verifiable(models.Model):
    """A record that is verified against its source. Edits made through the admin or an
    import put a verified record whose facts they change back to RECHECK
    (`after_edit`); only `verify` makes one verified."""

    # The fields (attnames) whose change means the record must be checked again.
    VERIFIED_FACTS: tuple[str, ...] = ()

    verification = models.CharField(
        gettext_lazy("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        editable=False,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    verified_at = models.DateTimeField(gettext_lazy("verified at"), null=True, editable=False)
    verified_source = models.URLField(
        gettext_lazy("verified against"), max_length=500, blank=True, editable=False
    )
    source_checked_at = models.DateTimeField(
        gettext_lazy("source last checked"), null=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


def constraints(label: str) -> list[models.BaseConstraint]:
    """A model's verification rules in the database (`label`: app_model): a known state,
    and a verified record names when and against what."""
    return [
        models.CheckConstraint(
            condition=Q(verification__in=Verification.values),
            name=f"{label}_verification_valid",
        ),
        models.CheckConstraint(
            condition=~Q(verification=Verification.VERIFIED)
            | (Q(verified_at__isnull=False) & ~Q(verified_source="")),
            name=f"{label}_verified_says_when_and_against_what",
        ),
    ]


def indexes(prefix: str) -> list[models.Index]:
    """The verification queue's reads (`prefix`: a short model name): each waiting state's
    records oldest first, and the overview's counts of the states other than
    unverified; each index holds only its state's rows."""
    return [
        models.Index(
            fields=["created_at", "id"],
            condition=Q(verification=state),
            name=f"{prefix}_{state}_idx",
        )
        for state in (*PENDING, Verification.VERIFIED)
    ]


def after_edit(instance: Verifiable, before: Mapping[str, Any]) -> None:
    """A verified record whose facts differ from `before` (attname → value) needs a
    re-check; call before saving it. No query."""
    if instance.verification != Verification.VERIFIED:
        return
    if any(before.get(name) != getattr(instance, name) for name in instance.VERIFIED_FACTS):
        instance.verification = Verification.RECHECK


# What says how a record was verified: kept by `verify` alone.
STATE_FIELDS = (
    "verification",
    "verified_by_id",
    "verified_at",
    "verified_source",
    "source_checked_at",
)


def before_saving_edit(instance: Verifiable) -> None:
    """Before an edit of an existing record is saved (a form's, a revert's): its
    verification stays as the database holds it — a revert brings back old texts, not an
    old verification — and a verified record whose facts the edit changes needs a re-check
    (one query)."""
    stored = (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values(*STATE_FIELDS, *instance.VERIFIED_FACTS)
        .first()
    )
    if stored is None:
        return
    for name in STATE_FIELDS:
        setattr(instance, name, stored[name])
    after_edit(instance, stored)


def checked_source(url: str) -> str:
    """A source link as given to verify against: required, a web address."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("Give the source link the record was checked against."))
    if "://" not in url:
        url = f"https://{url}"
    URLValidator(schemes=["http", "https"])(url)
    return url


@transaction.atomic
def verify(
    *, records: Iterable[Verifiable], user: Any, source: str | None = None
) -> list[Verifiable]:
    """Mark records verified by `user` now, against `source` (else each one's own source
    link), their source checked now too; each write in the history. A record without a
    link to verify against is refused (ValidationError), and then none is marked."""
    now = timezone.now()
    records = list(records)
    marked = []
    for record in records:
        link = checked_source(source if source is not None else record.source_url)
        record.verification = Verification.VERIFIED
        record.verified_by, record.verified_at = user, now
        record.verified_source, record.source_checked_at = link, now
        marked.append(record)
    fields = ["verification", "verified_by", "verified_at", "verified_source", "source_checked_at"]
    with history.acting(user=user, reason=_("Verified against its source")), history.batch():
        for record in marked:
            dated = ["updated_at"] if hasattr(record, "updated_at") else []
            record.save(update_fields=[*fields, *dated])
    return marked


def tally(records: models.QuerySet, total: int | None = None) -> dict[str, int]:
    """How many of these records are verified, need a re-check, are unverified: given the
    total (a large table's, from elsewhere), two counts on the states' own indexes;
    without it, one count of each state (for the small tables)."""
    if total is None:
        counts = dict(
            records.order_by().values_list("verification").annotate(n=models.Count("pk"))
        )
        total = sum(counts.values())
    else:
        counts = {
            state: records.filter(verification=state).count()
            for state in (Verification.VERIFIED, Verification.RECHECK)
        }
    verified, recheck = counts.get(Verification.VERIFIED, 0), counts.get(Verification.RECHECK, 0)
    return {
        "total": total,
        "verified": verified,
        "recheck": recheck,
        "unverified": max(total - verified - recheck, 0),
        "percent": 100 * verified // total if total else 0,  # 199 of 200 is 99%, not 100
    }
