"""Reading a case's enforcing agencies (执法机构): what the cell says, whatever the
spellings of the bodies it names."""

from functools import lru_cache

from instruments.models import Region
from instruments.names import body_province, name_key, split_agency_text


@lru_cache(maxsize=2**14)
def agency_reading(agency_text: str, province: Region | None) -> str:
    """What an 执法机构 cell says, whatever its spellings: the keys of the bodies it names
    in a case of `province`, in order of key (a re-typed agency is the same agency).
    Remembered: a file names the same agencies row after row, and how a body is read
    depends on nothing but its name and the regions (reference data)."""
    keys = {
        name_key(name, body_province(name, province)) for name in split_agency_text(agency_text)
    }
    return "+".join(sorted(keys))
