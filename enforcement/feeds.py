"""Atom feeds of what is new: changes, instruments taking effect soon, pending drafts, and
any search of cases or instruments (the list's own filters). A feed reader has no
session: each address carries its user's key (`feed_key`, random, replaced on request),
and the feed shows what that user's pages show."""

import dataclasses
import datetime
import secrets

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from enforcement import alerts
from enforcement.models import FeedKey, SavedSearch
from enforcement.searches import LISTS, SavedList, instrument_line, record_name
from instruments.models import Instrument
from lawtracker.roles import is_reader

# How many entries a feed holds, and how far back the changes feed looks.
ENTRIES = 50
CHANGES_DAYS = 30


def feed_key(user) -> str:
    """The key in a user's feed addresses, made the first time it is asked for."""
    found = FeedKey.objects.filter(user=user).values_list("key", flat=True).first()
    if found:
        return found
    return FeedKey.objects.get_or_create(user=user, defaults={"key": new_key()})[0].key


def new_key() -> str:
    return secrets.token_urlsafe(24)


def replace_feed_key(user) -> str:
    """A new key for the user's feeds: the old addresses open nothing any more."""
    key = new_key()
    FeedKey.objects.update_or_create(user=user, defaults={"key": key})
    return key


def feed_user(key: str):
    """The reader a feed key names (two queries), or 404."""
    found = FeedKey.objects.select_related("user").filter(key=key).first()
    if found is None or not found.user.is_active or not is_reader(found.user):
        raise Http404
    return found.user


@dataclasses.dataclass(frozen=True)
class Reading:
    """One request of a feed: whose, and what it asked (a feed object serves every
    request of its address at once, so nothing of one is kept on it)."""

    user: object
    request: object


class KeyedFeed(Feed):
    """An Atom feed whose address carries its reader's key."""

    feed_type = Atom1Feed
    permission = "enforcement.view_case"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)  # client matters
        return response

    def get_object(self, request, key: str):
        user = feed_user(key)
        if not user.has_perm(self.permission):
            raise Http404
        return Reading(user, request)

    def link(self, reading):
        return reverse("enforcement:changes")


class ChangesFeed(KeyedFeed):
    def title(self, reading):
        return _("Lawtracker: what's new")

    def items(self, reading):
        since = timezone.now() - datetime.timedelta(days=CHANGES_DAYS)
        changes = []
        for kind in alerts.CHANGED_KINDS:
            ids = [row["id"] for row in alerts.changed_ids(kind, since)[:ENTRIES]]
            changes += alerts.record_changes(kind, since, ids)
        changes.sort(key=lambda change: change.when, reverse=True)
        return changes[:ENTRIES]

    def item_title(self, change):
        name = f"{change.public_id} {change.name}" if change.public_id else change.name
        return f"{change.how_label}: {name}"

    def item_description(self, change):
        return "; ".join(f"{f.label}: {f.before} → {f.after}" for f in change.fields)

    def item_link(self, change):
        return change.url or reverse("enforcement:changes")

    def item_guid(self, change):
        return f"{change.kind}-{change.record_id}-{change.when.isoformat()}"

    def item_guid_is_permalink(self, change):
        return False

    def item_updateddate(self, change):
        return change.when


class UpcomingFeed(KeyedFeed):
    permission = "instruments.view_instrument"

    def title(self, reading):
        return _("Lawtracker: taking effect in the next %(days)s days") % {"days": alerts.SOON[-1]}

    def items(self, reading):
        return Instrument.objects.taking_effect_within(alerts.SOON[-1])[:ENTRIES]

    def item_title(self, instrument):
        return instrument.title

    def item_description(self, instrument):
        return instrument_line(instrument)

    def item_link(self, instrument):
        return reverse("instruments:instrument-detail", args=[instrument.pk])

    def item_updateddate(self, instrument):
        return instrument.updated_at


class DraftsFeed(UpcomingFeed):
    def title(self, reading):
        return _("Lawtracker: drafts still pending")

    def items(self, reading):
        return Instrument.objects.pending_drafts().order_by("-published_on", "-id")[:ENTRIES]


class SearchFeed(KeyedFeed):
    """The records a list's filters find (the feed's query string), the latest entered
    first."""

    saved: SavedList

    def link(self, reading):
        return reverse(self.saved.list_page) + "?" + reading.request.GET.urlencode()

    def items(self, reading):
        filterset = self.saved.filtered(reading.request.GET)
        if not filterset.is_valid():
            raise Http404
        return filterset.qs.order_by("-id")[:ENTRIES]

    def item_title(self, record):
        return record_name(record)

    def item_description(self, record):
        return self.saved.line(record)

    def item_link(self, record):
        return reverse(self.saved.record_page, args=[record.pk])

    def item_updateddate(self, record):
        return record.updated_at


class CaseSearchFeed(SearchFeed):
    saved = LISTS[SavedSearch.List.CASES]

    def title(self, reading):
        return _("Lawtracker: cases of a search")


class InstrumentSearchFeed(SearchFeed):
    permission = "instruments.view_instrument"
    saved = LISTS[SavedSearch.List.INSTRUMENTS]

    def title(self, reading):
        return _("Lawtracker: instruments of a search")
