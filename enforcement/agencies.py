"""Reading a case's enforcing agencies (执法机构): what the cell says, whatever the
spellings of the bodies it names."""

from instruments.models import Region
from instruments.names import body_province, name_key, split_agency_text


def agency_reading(agency_text: str, province: Region | None) -> str:
    """What an 执法机构 cell says, whatever its spellings: the keys of the bodies it names
    in a case of `province`, in order of key (a re-typed agency is the same agency)."""
    keys = {
        name_key(name, body_province(name, province)) for name in split_agency_text(agency_text)
    }
    return "+".join(sorted(keys))
