"""Importing a file of records: the one entry point the command line and the snapshot
loader use (the admin drives the same resources through django-import-export)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from import_export.results import Result

from enforcement.resources import CampaignResource, CaseResource
from instruments.resources import InstrumentResource
from lawtracker.importing import detect_kind, read_dataset

RESOURCES_BY_KIND = {
    "instruments": InstrumentResource,
    "campaigns": CampaignResource,
    "cases": CaseResource,
}


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


def report_from_result(kind: str, result: Result) -> ImportReport:
    """Counts and every problem of an import; lines count the header row as line 1."""
    report = ImportReport(
        kind=kind,
        created=result.totals["new"],
        updated=result.totals["update"],
        unchanged=result.totals["skip"],
    )
    for error in result.base_errors:
        report.errors.append({"line": 1, "column": "", "reason": str(error.error)})
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append({"line": number + 1, "column": "", "reason": str(error.error)})
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                column_name = "" if column == "__all__" else column
                report.errors.append(
                    {"line": invalid.number + 1, "column": column_name, "reason": message}
                )
    report.errors.sort(key=lambda item: item["line"])
    return report


def import_file(
    *,
    path: Path,
    kind: str | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> ImportReport:
    """Import one file whole or not at all (writes nothing on any error, or on dry run)."""
    try:
        dataset = read_dataset(path.read_bytes(), path.name)
        kind = kind or detect_kind(dataset, RESOURCES_BY_KIND)
    except (OSError, ValueError) as error:
        return ImportReport(
            kind=kind or "", errors=[{"line": 0, "column": "", "reason": str(error)}]
        )
    resource = RESOURCES_BY_KIND[kind](**(options or {}))
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            rollback_on_validation_errors=True,
            file_name=path.name,
            user=user,
        )
    return report_from_result(kind, result)
