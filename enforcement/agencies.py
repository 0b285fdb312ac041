"""Reading a case's enforcing agencies (执法机构): the bodies a cell names, what it says
whatever its spellings, and the authorities it stands for."""

from django.db import transaction

from instruments.models import Authority, Region
from instruments.names import body_province, name_key, split_agency_text
from instruments.services import resolve_authority


def agency_reading(agency_text: str, province: Region | None) -> str:
    """What an 执法机构 cell says, whatever its spellings: the keys of the bodies it names
    in a case of `province`, in order of key (a re-typed agency is the same agency)."""
    keys = {
        name_key(name, body_province(name, province)) for name in split_agency_text(agency_text)
    }
    return "+".join(sorted(keys))


@transaction.atomic(savepoint=False)
def resolve_authorities(
    *, agency_text: str, province: Region | None, family_hint: str | None
) -> list[Authority]:
    """Find or create the authorities an agency (or issuer) text names in a case of
    `province`, each by any of its spellings (one query a body it knows).

    A new authority's family comes from its name; where the name does not tell,
    from `family_hint` (the file's or the row's family), else "other".
    """
    authorities = []
    for name in split_agency_text(agency_text):
        authority = resolve_authority(name=name, province=province, family_hint=family_hint)
        if authority not in authorities:
            authorities.append(authority)
    return authorities
