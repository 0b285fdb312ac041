"""The kinds of records the tracker imports. The engine knows none of them: each app
registers its own from its `AppConfig.ready()` (a kind's name and its resource), in the
order the apps are installed."""

from django.db import models
from django.utils.translation import gettext as _

from lawtracker.imports.files import EXTRA, clean_text, normalise_header
from lawtracker.imports.resources import ReviewResource

_KINDS: dict[str, type[ReviewResource]] = {}


def register(kind: str, resource: type[ReviewResource]) -> None:
    """Make `kind` importable with `resource` (once per kind; again with the same is a
    no-op, so a reloaded app config does no harm)."""
    if _KINDS.get(kind, resource) is not resource:
        raise ValueError(f"the import kind {kind!r} is registered already")
    _KINDS[kind] = resource


def kinds() -> dict[str, type[ReviewResource]]:
    """Every kind and its resource, in the order registered."""
    return dict(_KINDS)


def resource_for(kind: str) -> type[ReviewResource]:
    return _KINDS[kind]


def model_of(kind: str) -> type[models.Model]:
    return _KINDS[kind]._meta.model


def kind_of(model: type[models.Model]) -> str:
    """The kind whose records are `model`'s."""
    return next(kind for kind, resource in _KINDS.items() if resource._meta.model is model)


def may_import(user, kind: str) -> bool:
    """An import adds and changes records: the user needs both permissions on the kind."""
    opts = model_of(kind)._meta
    return user.has_perms(
        [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
    )


def detect_kind(headers: list) -> str:
    """The kind of records a file holds, told by its header row."""
    matches = []
    for kind, resource_class in _KINDS.items():
        mapping = resource_class.header_map()
        known = {mapping.get(normalise_header(h)) for h in headers or []}
        if all(column in known for column in resource_class.REQUIRED):
            matches.append((len(resource_class.REQUIRED), kind))
    if not matches:
        needs = "; ".join(
            _("%(kind)s need %(columns)s") % {"kind": kind, "columns": "、".join(r.REQUIRED)}
            for kind, r in _KINDS.items()
        )
        shown = "、".join(clean_text(h) for h in headers or [] if clean_text(h) and h != EXTRA)
        raise ValueError(
            _(
                "The header row matches no kind of record this tracker imports (%(needs)s); "
                "the file's header row reads: %(shown)s"
            )
            % {"needs": needs, "shown": shown}
        )
    return max(matches)[1]
