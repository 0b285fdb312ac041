"""Audit history (django-simple-history) as the apps use it: who acted and why outside a
request (`acting`), one history row per record per write — however many saves and
link changes the write took — written in bulk at its end (`batch`), and the admin's
history, revert and stale-form refusal. Knows no app."""

import contextlib
import contextvars
import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_change_reason_from_object

from lawtracker import bulk
from lawtracker.versions import StaleWrite, Versioned


@dataclasses.dataclass(frozen=True)
class Actor:
    user: Any = None
    reason: str | None = None


@dataclasses.dataclass
class Entry:
    records: "History"
    history_type: str
    attrs: dict[str, Any]
    user: Any
    reason: str | None
    date: datetime.datetime


_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "history_actor",
    default=Actor(),  # noqa: B039 (frozen, so never changed in place)
)
_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "history_pending", default=None
)

REASON_MAX = 100  # simple-history's history_change_reason column


@contextlib.contextmanager
def acting(*, user: Any = None, reason: str | None = None) -> Iterator[None]:
    """Who writes, and why, where no request says it (an import job, a command); a user
    not given is kept from an enclosing `acting`, a reason adds to its reason."""
    outer = _actor.get()
    if outer.reason and reason:
        reason = f"{outer.reason}: {reason}"
    token = _actor.set(
        Actor(
            user=user if user is not None else outer.user,
            reason=(reason or outer.reason or "")[:REASON_MAX] or None,
        )
    )
    try:
        yield
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def batch() -> Iterator[dict]:
    """Collect the history rows written inside, one per record (its last state), and
    write them together at the end (a query per model and per tracked link); nothing is
    written if the block raises or clears what it yields. Inside another batch, joins it."""
    if (outer := _pending.get()) is not None:
        yield outer
        return
    token = _pending.set({})
    try:
        yield _pending.get()
        entries = list(_pending.get().values())
    finally:
        _pending.reset(token)
    write(entries)


def record(instances: Iterable[models.Model], history_type: str = "~") -> None:
    """History rows for records written without their save() (bulk_create, update),
    in bulk."""
    with batch():
        for instance in instances:
            History.registry[type(instance)].create_historical_record(instance, history_type)


def links_to(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """The tracked models pointing at `model` by a link its deletion removes (a nullable
    foreign key set to null, a many-to-many link), with the field that points."""
    found = []
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.related_model not in History.registry:
            continue
        if relation.many_to_many or field.remote_field.on_delete is models.SET_NULL:
            found.append((relation.related_model, field.name))
    return found


@contextlib.contextmanager
def keeping_links(model: type[models.Model], pks: Iterable[Any]) -> Iterator[None]:
    """A deletion of these records leaves, in the history of every record that pointed at
    them, a row without the link (and moves a versioned record's version on): Django
    clears such links in bulk, with no save and no signal."""
    pks = list(pks)
    pointing = {
        (other, name): set(
            other._base_manager.filter(**{f"{name}__in": pks}).values_list("pk", flat=True)
        )
        for other, name in links_to(model)
    }
    with batch():
        yield
        for (other, _name), other_pks in pointing.items():
            if not other_pks:
                continue
            if issubclass(other, Versioned):
                other._base_manager.filter(pk__in=other_pks).update(version=F("version") + 1)
            with acting(reason=_("a linked %s was deleted") % model._meta.verbose_name):
                record(other._base_manager.filter(pk__in=other_pks))


class History(HistoricalRecords):
    """HistoricalRecords that take who and why from `acting` and join a `batch`."""

    registry: dict[type[models.Model], "History"] = {}

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            History.registry[sender] = self

    def get_history_user(self, instance):
        if not hasattr(instance, "_history_user") and _actor.get().user is not None:
            return _actor.get().user
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        return get_change_reason_from_object(instance) or _actor.get().reason

    def create_historical_record(self, instance, history_type, using=None):
        pending = _pending.get()
        if pending is None:
            return super().create_historical_record(instance, history_type, using)
        key = (type(instance), instance.pk)
        earlier = pending.get(key)
        if earlier is not None and earlier.history_type == "+" and history_type == "~":
            history_type = "+"  # made in this write: its first row says so
        pending[key] = Entry(
            records=self,
            history_type=history_type,
            attrs={
                f.attname: getattr(instance, f.attname) for f in self.fields_included(instance)
            },
            user=self.get_history_user(instance),
            reason=self.get_change_reason_for_object(instance, history_type, using),
            date=getattr(instance, "_history_date", None) or timezone.now(),
        )
        return None


def write(entries: list[Entry]) -> None:
    """Write collected history rows: one INSERT per history model (bulk.insert's
    statements), and for
    each tracked link the rows it holds now, read and written once for all the records."""
    by_records: dict[History, list[Entry]] = {}
    for entry in entries:
        by_records.setdefault(entry.records, []).append(entry)
    for records, group in by_records.items():
        model = records.cls
        history_model = getattr(model, records.manager_name).model
        names = list(group[0].attrs)
        keys = bulk.insert(
            history_model,
            ["history_date", "history_type", "history_user_id", "history_change_reason", *names],
            (
                [
                    entry.date,
                    entry.history_type,
                    getattr(entry.user, "pk", entry.user),
                    entry.reason,
                    *(entry.attrs[name] for name in names),
                ]
                for entry in group
            ),
            returning=True,
        )
        pk_name = model._meta.pk.attname
        live = {
            entry.attrs[pk_name]: key
            for entry, key in zip(group, keys, strict=True)
            if entry.history_type != "-"
        }
        for field in history_model._history_m2m_fields if live else ():
            link_model = records.m2m_models[field]
            through = field.remote_field.through
            source = f"{field.m2m_field_name()}_id"
            names = [f.attname for f in through._meta.fields]
            position = names.index(source)
            links = (
                through.objects.filter(**{f"{source}__in": list(live)})
                .order_by("pk")
                .values_list(*names)
            )
            bulk.insert(
                link_model,
                ["history_id", *names],
                ([live[link[position]], *link] for link in links),
            )


# -- what changed since a version ----------------------------------------------------------


def changes_since(instance: models.Model, version: int) -> list[str]:
    """What was changed in the record after `version`, by whom and when, newest last, one
    line a change: "field: old → new (who, when)" (two queries and one a change)."""
    manager = getattr(type(instance), type(instance)._meta.simple_history_manager_attribute)
    newer = list(
        manager.filter(**{type(instance)._meta.pk.attname: instance.pk, "version__gt": version})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    lines = []
    for newer_record in newer:
        previous = newer_record.prev_record
        who = str(newer_record.history_user or newer_record.history_change_reason or _("unknown"))
        when = date_format(timezone.localtime(newer_record.history_date), "DATETIME_FORMAT")
        if previous is None:
            lines.append(_("(all fields) (%(who)s, %(when)s)") % {"who": who, "when": when})
            continue
        delta = newer_record.diff_against(previous)
        helper = HistoricalRecordContextHelper(type(instance), newer_record)
        for change in helper.context_for_delta_changes(delta):
            lines.append(
                _("%(field)s: %(old)s → %(new)s (%(who)s, %(when)s)")
                % {
                    "field": change["field"],
                    "old": change["old"] if change["old"] not in ("", None) else "—",
                    "new": change["new"] if change["new"] not in ("", None) else "—",
                    "who": who,
                    "when": when,
                }
            )
    return lines


def stale_message(instance: models.Model, version: int) -> str:
    """The refusal of a save from `version` of the record, naming what changed since."""
    changes = changes_since(instance, version)
    text = _(
        "Not saved: someone changed this %(record)s after you opened it. Copy your changes, "
        "reload the page and make them again."
    ) % {"record": instance._meta.verbose_name}
    if changes:
        text += " " + _("Changed since: %s") % "; ".join(changes)
    return text


class VersionedFormMixin(forms.ModelForm):
    """A change form carries the version it was opened at (hidden); a save from an older
    one is refused with what changed since, and the record then saves as of that version,
    so a change made between this check and the save is caught by the save itself."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # Set on a revert's form: the version to save over is the current one, not the old.
    current_version: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].required = True
            self.initial["seen_version"] = (
                self.current_version if self.current_version is not None else self.instance.version
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        seen = cleaned.get("seen_version")
        if seen is None:
            return cleaned  # the field's own error says it is missing
        current = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and seen != current:
            raise forms.ValidationError(stale_message(self.instance, seen), code="stale")
        self.instance.version = seen
        return cleaned


class HistoryAdminMixin(SimpleHistoryAdmin):
    """The admin's History page lists every version with who, when, why and each field's
    old → new value; Revert needs the change permission and saves over the current version.
    Every write of the admin leaves one history row per record it touched."""

    history_list_display = ["version"]

    def get_fieldsets(self, request, obj=None):
        """Explicit fieldsets show only the fields they name: the version a form was
        opened at goes with the first, hidden."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets and obj is not None and issubclass(self.form, VersionedFormMixin):
            (name, options), *rest = fieldsets
            if "seen_version" not in options["fields"]:
                options = options | {"fields": (*options["fields"], "seen_version")}
            fieldsets = [(name, options), *rest]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        match = request.resolver_match
        if isinstance(obj, Versioned) and match and match.url_name.endswith("_simple_history"):
            current = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True)
            form = type(form.__name__, (form,), {"current_version": current.first()})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in ("GET", "HEAD"):
            # Opening a form writes nothing: no transaction, which on SQLite (IMMEDIATE)
            # would wait for the write lock behind a running import.
            return self._changeform_view(request, object_id, form_url, extra_context)
        # Changed between the form's check and its save: once more, so that the form's
        # check shows what changed, with the associate's input kept; should it be changed
        # yet again in between, the change page says so.
        for last in (False, True):
            try:
                with transaction.atomic(), batch():
                    return super().changeform_view(request, object_id, form_url, extra_context)
            except StaleWrite as error:
                if last:
                    self.message_user(
                        request, stale_message(error.instance, error.version), messages.ERROR
                    )
        return HttpResponseRedirect(request.path)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic(), batch():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleWrite as error:
            self.message_user(
                request, stale_message(error.instance, error.version), messages.ERROR
            )
            with transaction.atomic(), batch():
                return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic(), batch():
            return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        with keeping_links(type(obj), [obj.pk]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with keeping_links(queryset.model, queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    def response_action(self, request, queryset):
        try:
            with transaction.atomic(), batch():
                return super().response_action(request, queryset)
        except StaleWrite as error:
            self.message_user(
                request, stale_message(error.instance, error.version), messages.ERROR
            )
            return None
