"""Importing a file of records: the one entry point the command line and the snapshot
loader use (the admin drives the same resources through django-import-export)."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult

from enforcement.resources import CampaignResource, CaseResource
from instruments.resources import InstrumentResource
from lawtracker.importing import detect_kind, read_dataset, require_rows
from lawtracker.models import ImportRecord

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
    duplicates: int = 0
    needs_review: int = 0
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
            "duplicates": self.duplicates,
            "needs_review": self.needs_review,
            "errors": self.errors,
        }


def report_from_result(
    kind: str, result: Result, duplicates: int = 0, blank: int = 0
) -> ImportReport:
    """Counts and every problem of an import; lines count the header row as line 1.
    A row repeated word for word in the file counts as a duplicate, not as unchanged;
    empty rows count as nothing."""
    report = ImportReport(
        kind=kind,
        created=result.totals["new"],
        updated=result.totals["update"],
        unchanged=result.totals["skip"] - duplicates - blank,
        duplicates=duplicates,
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
    source: str = "file",
) -> ImportReport:
    """Import one file whole or not at all (writes nothing on any error, or on dry run);
    a file that imported is recorded with its checksum, who imported it and the counts."""
    try:
        content = path.read_bytes()
        dataset = require_rows(read_dataset(content, path.name))
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
        report = report_from_result(kind, result, resource.duplicates, resource.blank)
        report.needs_review = resource.needs_review
        if report.ok and not dry_run:
            record = ImportRecord.objects.create(
                source=source,
                kind=kind,
                file_name=path.name,
                sha256=hashlib.sha256(content).hexdigest(),
                user=user,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
            )
            if user is not None:
                log_changes(result=result, model=resource._meta.model, user=user, record=record)
    return report


def log_changes(*, result: Result, model, user, record: ImportRecord) -> None:
    """An entry in the admin's history of every record the import created or changed:
    who imported which file when (one query)."""
    content_type = ContentType.objects.get_for_model(model)
    message = _("Imported from %(file)s (import no. %(id)d)") % {
        "file": record.file_name,
        "id": record.pk,
    }
    LogEntry.objects.bulk_create(
        LogEntry(
            user=user,
            content_type=content_type,
            object_id=str(row.object_id),
            object_repr=(row.object_repr or "")[:200],
            action_flag=ADDITION if row.import_type == RowResult.IMPORT_TYPE_NEW else CHANGE,
            change_message=message,
        )
        for row in result.rows
        if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
    )
