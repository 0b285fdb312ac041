"""Writes on reference data: the authorities the sources name, their aliases, merging."""

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from instruments.models import Authority, AuthorityAlias, Region, RegulatorFamily
from instruments.names import full_name, is_central, name_key, recognise_family, split_agency_text


@transaction.atomic(savepoint=False)
def resolve_authorities(
    *, agency_text: str, province: Region | None, family_hint: str | None
) -> list[Authority]:
    """Find or create the authorities an agency (or issuer) text names, each by any of
    its spellings (two queries a body it knows; a few more for a new one).

    A new authority's family comes from its name; where the name does not tell,
    from `family_hint` (the file's or the row's family), else "other".
    """
    authorities = []
    for name in split_agency_text(agency_text):
        authority = resolve_authority(name=name, province=province, family_hint=family_hint)
        if authority not in authorities:
            authorities.append(authority)
    return authorities


def resolve_authority(*, name: str, province: Region | None, family_hint: str | None) -> Authority:
    """The authority a body's name means in a case of `province`, created when new."""
    region = None if is_central(name) else province
    key = name_key(name, region)
    alias = AuthorityAlias.objects.filter(key=key).select_related("authority").first()
    if alias is not None:
        authority = alias.authority
    else:
        official = full_name(name, region)
        authority = Authority.objects.filter(name__in={official, name}, province=region).first()
        if authority is None:
            family = recognise_family(official) or family_hint or RegulatorFamily.OTHER
            authority = Authority.objects.create(name=official, province=region, family=family)
        add_alias(authority=authority, name=authority.name)
    if alias is None or alias.name != name.strip():
        add_alias(authority=authority, name=name)
    return authority


def add_alias(*, authority: Authority, name: str) -> AuthorityAlias:
    """Record a way of writing the authority (one or two queries)."""
    alias, _created = AuthorityAlias.objects.get_or_create(
        authority=authority,
        name=name.strip(),
        defaults={"key": name_key(name, authority.province)},
    )
    return alias


def alias_owner(*, name: str, province: Region | None) -> Authority | None:
    """The authority a spelling already leads to, if any (one query)."""
    key = name_key(name, None if is_central(name) else province)
    alias = AuthorityAlias.objects.filter(key=key).select_related("authority").first()
    return alias.authority if alias else None


@transaction.atomic
def merge_authorities(*, keep: Authority, others: list[Authority], user) -> dict[str, int]:
    """Make `others` one authority with `keep`: their cases, campaigns and instruments
    and their spellings move over, each change is written in the admin's history, and
    the others are deleted. Returns how many links moved, by kind."""
    others = [other for other in others if other.pk != keep.pk]
    moved: dict[str, int] = {}
    entries = []
    for relation in ("cases", "campaigns", "instruments"):
        through = getattr(Authority, relation).through
        owner_field = next(
            f.name for f in through._meta.fields if f.related_model not in (Authority, None)
        )
        links = through.objects.filter(authority__in=others)
        owners = set(links.values_list(f"{owner_field}_id", flat=True))
        already = set(
            through.objects.filter(
                authority=keep, **{f"{owner_field}_id__in": owners}
            ).values_list(f"{owner_field}_id", flat=True)
        )
        through.objects.filter(authority__in=others, **{f"{owner_field}_id__in": already}).delete()
        links.update(authority=keep)
        moved[relation] = len(owners)
        model = through._meta.get_field(owner_field).related_model
        content_type = ContentType.objects.get_for_model(model)
        message = _("Authority %(others)s merged into %(keep)s (#%(pk)d)") % {
            "others": "、".join(f"{other.name} (#{other.pk})" for other in others),
            "keep": keep.name,
            "pk": keep.pk,
        }
        entries += [
            LogEntry(
                user=user,
                content_type=content_type,
                object_id=str(pk),
                object_repr=str(pk),
                action_flag=CHANGE,
                change_message=message,
            )
            for pk in owners
        ]
    for other in others:
        for alias in list(other.aliases.all()) + [AuthorityAlias(name=other.name)]:
            add_alias(authority=keep, name=alias.name)
    authority_type = ContentType.objects.get_for_model(Authority)
    summary = _(
        "Merged %(others)s into this authority: %(cases)d cases, %(campaigns)d campaigns, "
        "%(instruments)d instruments moved"
    ) % {"others": "、".join(f"{other.name} (#{other.pk})" for other in others), **moved}
    entries.append(
        LogEntry(
            user=user,
            content_type=authority_type,
            object_id=str(keep.pk),
            object_repr=str(keep)[:200],
            action_flag=CHANGE,
            change_message=summary,
        )
    )
    entries += [
        LogEntry(
            user=user,
            content_type=authority_type,
            object_id=str(other.pk),
            object_repr=str(other)[:200],
            action_flag=DELETION,
            change_message=_("Merged into %(keep)s (#%(pk)d)")
            % {"keep": keep.name, "pk": keep.pk},
        )
        for other in others
    ]
    LogEntry.objects.bulk_create(entries)
    Authority.objects.filter(pk__in=[other.pk for other in others]).delete()
    return moved
