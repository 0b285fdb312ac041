"""Writes on reference data: the authorities the sources name, their aliases, merging."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from instruments.models import Authority, AuthorityAlias, Instrument, Region, RegulatorFamily
from instruments.names import (
    body_province,
    full_name,
    name_key,
    recognise_family,
)
from instruments.titles import is_amendment_title
from lawtracker import history


@dataclass
class AuthorityCache:
    """What bodies' names resolved to within one import, which is then the only writer of
    authorities and their spellings (never kept beyond it): the authority each name meant
    in a case of a province, and the spellings read ahead for a chunk's names
    (`read_spellings`)."""

    resolved: dict[tuple[str, int | None], Authority] = field(default_factory=dict)
    spellings: dict[str, list[AuthorityAlias]] = field(default_factory=dict)

    def read_spellings(self, bodies: list[tuple[str, Region | None]]) -> None:
        """Read at once the spellings of these (name, province) not yet resolved (one
        query)."""
        keys = {
            name_key(name.strip(), body_province(name.strip(), province))
            for name, province in bodies
            if (name.strip(), province.pk if province else None) not in self.resolved
        }
        keys -= self.spellings.keys()
        found = AuthorityAlias.objects.filter(key__in=keys).select_related("authority")
        for alias in found.order_by("pk") if keys else ():
            self.spellings.setdefault(alias.key, []).append(alias)


@transaction.atomic(savepoint=False)
def resolve_authorities(
    *,
    names: list[str],
    province: Region | None,
    family_hint: str | None,
    cache: AuthorityCache | None = None,
) -> list[Authority]:
    """Find or create the authorities these bodies' names mean in a case of `province`,
    each by any of its spellings, each once (one query a body it knows; none for one
    `cache` holds).

    A new authority's family comes from its name; where the name does not tell,
    from `family_hint` (the file's or the row's family), else "other".
    """
    authorities = []
    for name in names:
        authority = resolve_authority(
            name=name, province=province, family_hint=family_hint, cache=cache
        )
        if authority not in authorities:
            authorities.append(authority)
    return authorities


def resolve_authority(
    *,
    name: str,
    province: Region | None,
    family_hint: str | None,
    cache: AuthorityCache | None = None,
) -> Authority:
    """The authority a body's name means in a case of `province`, created when new (no
    query when `cache` holds the name or its spellings and it is spelt so already)."""
    name = name.strip()
    if cache is None:
        return find_or_create_authority(name=name, province=province, family_hint=family_hint)
    seen = (name, province.pk if province else None)
    if (authority := cache.resolved.get(seen)) is None:
        authority = find_or_create_authority(
            name=name, province=province, family_hint=family_hint, cache=cache
        )
        cache.resolved[seen] = authority
    return authority


def find_or_create_authority(
    *,
    name: str,
    province: Region | None,
    family_hint: str | None,
    cache: AuthorityCache | None = None,
) -> Authority:
    """`resolve_authority` without its cache of names (a query or more)."""
    region = body_province(name, province)
    key = name_key(name, region)
    if cache is not None and key in cache.spellings:
        spellings = cache.spellings[key]
    else:
        spellings = list(
            AuthorityAlias.objects.filter(key=key).select_related("authority").order_by("pk")
        )
    if spellings:
        authority = spellings[0].authority
        if name not in {alias.name for alias in spellings}:
            alias, _created = AuthorityAlias.objects.get_or_create(
                authority=authority, name=name, key=key
            )
            spellings.append(alias)  # a cache's spellings stay as the table's
        return authority
    official = full_name(name, region)
    authority = Authority.objects.filter(name__in={official, name}, province=region).first()
    if authority is None:
        family = recognise_family(official) or family_hint or RegulatorFamily.OTHER
        authority = Authority.objects.create(name=official, province=region, family=family)
    for spelling in dict.fromkeys([authority.name, name]):
        alias = add_alias(authority=authority, name=spelling)
        if cache is not None and alias not in cache.spellings.get(alias.key, [alias]):
            cache.spellings[alias.key].append(alias)
    return authority


def add_alias(*, authority: Authority, name: str) -> AuthorityAlias:
    """Record a way of writing the authority (one or two queries)."""
    alias, _created = AuthorityAlias.objects.get_or_create(
        authority=authority,
        name=name.strip(),
        defaults={"key": name_key(name, authority.province)},
    )
    return alias


def alias_owners(keys: list[str]) -> dict[str, int]:
    """The authority each key leads to, as the importer resolves it: the first spelling
    recorded (one query)."""
    owners: dict[str, int] = {}
    for key, authority_id in (
        AuthorityAlias.objects.filter(key__in=keys).order_by("pk").values_list("key", "authority")
    ):
        owners.setdefault(key, authority_id)
    return owners


def alias_owner(*, name: str, province: Region | None) -> Authority | None:
    """The authority a spelling already leads to in a case of `province`, if any."""
    key = name_key(name, body_province(name, province))
    owner = alias_owners([key]).get(key)
    return Authority.objects.filter(pk=owner).first() if owner else None


def renew_alias_keys(*, authority: Authority) -> None:
    """Read the authority's spellings again, after its province changed (a few queries)."""
    for alias in authority.aliases.all():
        alias.key = name_key(alias.name, authority.province)
        alias.save(update_fields=["key"])


@transaction.atomic
def merge_authorities(*, keep: Authority, others: list[Authority], user) -> dict[str, int]:
    """Make `others` one authority with `keep`: every record linked to them (cases,
    campaigns, instruments …) is linked to `keep` (and its version moves on, so a form
    opened before is refused), their spellings lead to it, each change is in the records'
    history under `user`, and the others are deleted. Returns how many records were
    moved, by relation."""
    others = [other for other in others if other.pk != keep.pk]
    names = "、".join(f"{other.name} (#{other.pk})" for other in others)
    reason = _("Authority %(others)s merged into %(keep)s (#%(pk)d)") % {
        "others": names,
        "keep": keep.name,
        "pk": keep.pk,
    }
    with history.acting(user=user, reason=reason), history.batch():
        moved = {
            relation.name: move_links(relation, keep=keep, others=others)
            for relation in Authority._meta.related_objects
            if relation.many_to_many
        }
        move_spellings(keep=keep, others=others)
        keep._change_reason = _("Merged %(others)s into this authority: %(moved)s") % {
            "others": names,
            "moved": "、".join(f"{relation} {count}" for relation, count in moved.items()),
        }
        keep.save(update_fields=[])  # a new version of it: its spellings changed
        for other in Authority.objects.filter(pk__in=[other.pk for other in others]):
            other._change_reason = _("Merged into %(keep)s (#%(pk)d)") % {
                "keep": keep.name,
                "pk": keep.pk,
            }
            other.delete()
    return moved


def move_links(relation, *, keep: Authority, others: list[Authority]) -> int:
    """Link to `keep` the records of one many-to-many relation linked to `others`, each
    moved record given a new version and a history row; how many records were moved."""
    through = relation.through
    owner = next(f.name for f in through._meta.fields if f.related_model is relation.related_model)
    links = through.objects.filter(authority__in=others)
    owners = set(links.values_list(f"{owner}_id", flat=True))
    held = set(
        through.objects.filter(authority=keep, **{f"{owner}_id__in": owners}).values_list(
            f"{owner}_id", flat=True
        )
    )
    links.delete()
    through.objects.bulk_create(
        through(authority=keep, **{f"{owner}_id": pk}) for pk in sorted(owners - held)
    )
    if owners:
        records = relation.related_model.objects.filter(pk__in=owners)
        records.update()  # a new version of each: its links changed
        history.record(records)
    return len(owners)


def move_spellings(*, keep: Authority, others: list[Authority]) -> None:
    """The others' spellings, and their names, lead to `keep`. Each spelling keeps the
    key it was read with, so it still leads here."""
    known = set(keep.aliases.values_list("name", flat=True))
    for other in others:
        for alias in other.aliases.all():
            if alias.name in known:
                alias.delete()
            else:
                alias.authority = keep
                alias.save(update_fields=["authority"])
                known.add(alias.name)
        if other.name not in known:
            key = name_key(other.name, other.province)
            AuthorityAlias.objects.create(authority=keep, name=other.name, key=key)
            known.add(other.name)


@dataclass
class VersionLinks:
    """What an instrument's title says of its versions: the pending drafts it is the final
    version of, and the earlier instrument it amends (proposed, until `link_versions`)."""

    drafts: list[Instrument] = field(default_factory=list)
    amends: Instrument | None = None

    def __bool__(self) -> bool:
        return bool(self.drafts or self.amends)


def version_links(instrument: Instrument) -> VersionLinks:
    """The links an instrument's title proposes (two queries at most; none for a draft):
    drafts of the same title, not yet linked, published no later than it; for an
    amendment (修订, 修正, 2020年版), the latest earlier version that is no draft."""
    if instrument.is_draft or not instrument.version_key:
        return VersionLinks()
    same = Instrument.objects.filter(version_key=instrument.version_key).exclude(pk=instrument.pk)
    if instrument.published_on:
        same = same.exclude(published_on__gt=instrument.published_on)
    links = VersionLinks(drafts=list(same.filter(is_draft=True, final_version__isnull=True)))
    if is_amendment_title(instrument.title) and instrument.amends_id is None:
        earlier = same.filter(is_draft=False)
        if instrument.published_on:
            earlier = earlier.filter(published_on__lt=instrument.published_on)
        links.amends = earlier.order_by("-published_on", "-id").first()
    return links


@transaction.atomic(savepoint=False)
def link_versions(*, instrument: Instrument, links: VersionLinks | None = None) -> VersionLinks:
    """Make the links an instrument's title proposes (`version_links`): never a merge,
    each record kept; each linked record's history says so."""
    links = version_links(instrument) if links is None else links
    if links.drafts:
        drafts = Instrument.objects.filter(pk__in=[draft.pk for draft in links.drafts])
        drafts.update(final_version=instrument)
        history.record(drafts)
    if links.amends is not None:
        instrument.amends = links.amends
        instrument.save(update_fields=["amends", "updated_at"])
    return links
