"""Saved searches and their e-mail digests: a daily or weekly mail of the records entered
since a search was saved that match it, each record sent once (DigestEntry), with its ID,
a line of context and a link; one-click unsubscribe. `manage.py send_digests` sends those
due (cron runs it); Django's mail framework delivers (settings.EMAIL_BACKEND)."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enforcement.models import DigestEntry, SavedSearch
from enforcement.searches import LISTS, record_name
from lawtracker.roles import is_reader

# The records one digest lists at most; more wait for the next.
MOST = 200
# How long after the last digest the next is due (a little short of a day or a week, so
# that a cron job run at the same hour each day finds it due).
DUE_AFTER = {
    SavedSearch.Frequency.DAILY: datetime.timedelta(hours=23),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}
UNSUBSCRIBE_SALT = "lawtracker.digests.unsubscribe"


# What a saved list's address keeps: its filters, not the page or how many a page holds.
NOT_KEPT = {"page", "per_page"}


def kept_query(query: str) -> str:
    """A list's query string as a search keeps it."""
    params = QueryDict(query, mutable=True)
    for name in NOT_KEPT:
        params.pop(name, None)
    return params.urlencode()


def list_url(search: SavedSearch) -> str:
    page = reverse(LISTS[search.list].list_page)
    return f"{page}?{search.query}" if search.query else page


def new_matches(search: SavedSearch):
    """The records entered since the search was saved that match it and that no digest
    of it has sent, the earliest first."""
    filterset = LISTS[search.list].filtered(QueryDict(search.query))
    if not filterset.is_valid():
        return filterset.qs.none()
    return (
        filterset.qs.filter(created_at__gt=search.created_at)
        .exclude(pk__in=search.sent.values("record_id"))
        .order_by("id")
    )


def is_due(search: SavedSearch, now: datetime.datetime) -> bool:
    wait = DUE_AFTER.get(search.frequency)
    if wait is None:
        return False
    return now - (search.last_sent_at or search.created_at) >= wait


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps(search.pk, salt=UNSUBSCRIBE_SALT)


def search_of_token(token: str) -> SavedSearch | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


def absolute(path: str) -> str:
    return settings.LAWTRACKER_BASE_URL.rstrip("/") + path


def digest_message(search: SavedSearch, records: list, more: bool) -> EmailMessage:
    """The digest's mail, in the language the search was saved in."""
    saved = LISTS[search.list]
    unsubscribe = absolute(reverse("enforcement:unsubscribe", args=[unsubscribe_token(search)]))
    subject = ngettext(
        "Lawtracker: %(count)d new match for “%(name)s”",
        "Lawtracker: %(count)d new matches for “%(name)s”",
        len(records),
    ) % {"count": len(records), "name": search.name}
    lines = [subject, ""]
    for record in records:
        lines += [
            record_name(record),
            f"  {saved.line(record)}",
            f"  {absolute(reverse(saved.record_page, args=[record.pk]))}",
            "",
        ]
    if more:
        lines += [_("More are waiting: the next digest lists them, or see the list:"), ""]
    lines += [
        _("The whole list: %(url)s") % {"url": absolute(list_url(search))},
        _("Stop this digest: %(url)s") % {"url": unsubscribe},
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[search.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def may_read(search: SavedSearch) -> bool:
    """Whether the search's owner still reads the list (an active reader with its view
    permission): a digest goes to no one the pages would refuse."""
    user = search.user
    model = LISTS[search.list].model
    opts = model._meta
    return (
        user.is_active
        and is_reader(user)
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def send_digest(search: SavedSearch, *, now: datetime.datetime | None = None) -> int:
    """Mail the search's new matches (up to MOST), then remember them as sent; the number
    sent (0: nothing new, no mail). The mail goes before anything is written, outside
    any transaction (a slow mail server holds no lock): one that fails leaves them
    unsent, for the next run."""
    now = now or timezone.now()
    with translation.override(search.language):
        found = list(new_matches(search)[: MOST + 1])
        records, more = found[:MOST], len(found) > MOST
        if records:
            digest_message(search, records, more).send()
    with transaction.atomic():
        search.last_sent_at = now
        search.save(update_fields=["last_sent_at"])
        DigestEntry.objects.bulk_create(
            [DigestEntry(search=search, record_id=record.pk) for record in records],
            ignore_conflicts=True,  # sent by a run alongside: still once in the table
        )
    return len(records)
