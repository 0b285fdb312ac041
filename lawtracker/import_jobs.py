"""Admin imports as jobs: the web request only stores the file and queues it; the worker
(`manage.py db_worker`) checks it (the preview) and, once confirmed, imports it with the
same engine as the command line. Progress goes through the cache, because the import's
own transaction keeps its rows invisible until it commits.
"""

import logging
import time
import uuid
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lawtracker.importing import stream_rows
from lawtracker.imports import import_file, sha256
from lawtracker.models import ImportJob, ImportState

logger = logging.getLogger(__name__)

# A running job whose progress has not moved for this long has lost its worker.
STALLED_AFTER = 5 * 60
PROGRESS_EVERY = 100  # rows between progress notes


def import_storage():
    return storages["imports"]


def job_path(job: ImportJob) -> Path:
    return Path(import_storage().path(job.stored_name))


def start_import(
    *, upload: UploadedFile, kind: str, options: dict[str, Any], user, language: str
) -> ImportJob:
    """Keep the uploaded file in import storage and queue its check (a few queries; no
    row is read here, however long the file)."""
    # Stored under a name of our own (the original may be too long for the disk, or
    # clash); the job keeps the original name.
    suffix = Path(upload.name).suffix.lower()
    stored_name = import_storage().save(f"jobs/{uuid.uuid4().hex}{suffix}", upload)
    job = ImportJob(
        kind=kind,
        file_name=Path(upload.name).name[:255],
        stored_name=stored_name,
        options=options,
        user=user,
        language=language,
        state=ImportState.CHECKING,
    )
    job.sha256 = sha256(job_path(job))
    return queue_check(job)


def restart_import(*, job: ImportJob, options: dict[str, Any], user) -> ImportJob:
    """Check a job's file again with other whole-file choices, as a new job."""
    fields = ("kind", "file_name", "stored_name", "sha256", "language")
    new = ImportJob(**{name: getattr(job, name) for name in fields})
    new.options, new.user, new.state = options, user, ImportState.CHECKING
    return queue_check(new)


def queue_check(job: ImportJob) -> ImportJob:
    """Save a new job and queue its check, both or neither."""
    with transaction.atomic():
        job.save()
        enqueue(job, check_import)
    return job


def confirm_import(*, job: ImportJob) -> bool:
    """Queue the import of a checked file; False when it is not ready to import."""
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, state=ImportState.READY).update(
            state=ImportState.IMPORTING
        )
        if not updated:
            return False
        job.state = ImportState.IMPORTING
        enqueue(job, write_import)
    return True


def cancel_import(*, job: ImportJob) -> bool:
    """Drop a job that is waiting (for confirmation, or for a worker that stopped);
    False when it is being worked on."""
    waiting = [ImportState.READY, ImportState.REJECTED]
    if job.state in ImportJob.RUNNING and job_stalled(job):
        waiting.append(job.state)
    updated = ImportJob.objects.filter(pk=job.pk, state__in=waiting).update(
        state=ImportState.CANCELLED
    )
    if updated:
        job.state = ImportState.CANCELLED
    return bool(updated)


def enqueue(job: ImportJob, work) -> None:
    note_progress(job, done=0, total=None, working=False)
    result = work.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


# -- progress ------------------------------------------------------------------------------


def progress_key(job: ImportJob) -> str:
    return f"import-job-{job.pk}-{job.state}"


WORKER_KEY = "import-worker-busy"


def note_progress(job: ImportJob, *, done: int, total: int | None, working: bool = True) -> None:
    """How far a job has got; `working=False` when it is only queued (the worker is not
    known to be alive until it notes something itself)."""
    now = time.time()
    cache.set(progress_key(job), {"done": done, "total": total, "at": now}, 86400)
    if working:
        cache.set(WORKER_KEY, now, 86400)


def job_progress(job: ImportJob) -> dict[str, Any]:
    """Rows done and in all (None until counted), and seconds since the last note."""
    noted = cache.get(progress_key(job)) or {"done": 0, "total": None, "at": None}
    since = None if noted["at"] is None else max(0, time.time() - noted["at"])
    return noted | {"since": since}


def job_stalled(job: ImportJob) -> bool:
    """Whether a running job has lost its worker: neither it nor any other job has moved
    for a while (a job queued behind a long import waits, but the worker is busy)."""
    since = job_progress(job)["since"]
    if since is not None and since <= STALLED_AFTER:
        return False
    busy = cache.get(WORKER_KEY)
    return busy is None or time.time() - busy > STALLED_AFTER


def count_rows(path: Path) -> int | None:
    """Rows under the header (a quick read; None when the file cannot be read, which the
    import itself then reports)."""
    try:
        _header, rows, _skipped = stream_rows(path)
        return sum(1 for _row in rows)
    except (OSError, ValueError):
        return None


# -- the worker's side -----------------------------------------------------------------


@task()
def check_import(job_id: int) -> None:
    """Preview: import the file in a transaction that is rolled back, listing every
    problem and what each row would add or change."""
    run_job(job_id, writing=False)


@task()
def write_import(job_id: int) -> None:
    """Import a checked file, whole or not at all."""
    run_job(job_id, writing=True)


def run_job(job_id: int, *, writing: bool) -> None:
    """Check or import a job's file. Every change of the job's state is conditional on the
    state it expects, so a job dropped meanwhile stays dropped; an import also locks its
    job for the whole transaction, so it is not dropped while it writes."""
    expected = ImportState.IMPORTING if writing else ImportState.CHECKING
    job = ImportJob.objects.select_related("user").filter(pk=job_id, state=expected).first()
    if job is None:
        return  # dropped while it waited
    path = job_path(job)
    total = None
    last_note = time.monotonic()

    def progress(done: int) -> None:
        nonlocal last_note
        if done % PROGRESS_EVERY == 0 or time.monotonic() - last_note > 2:
            note_progress(job, done=done, total=total)
            last_note = time.monotonic()

    with translation.override(job.language):
        try:
            note_progress(job, done=0, total=None)
            total = count_rows(path)
            note_progress(job, done=0, total=total)
            with transaction.atomic() if writing else nullcontext():
                if writing:
                    mine = ImportJob.objects.select_for_update().filter(pk=job.pk, state=expected)
                    if not mine.exists():
                        return
                report = import_file(
                    path=path,
                    kind=job.kind,
                    options=job.options,
                    dry_run=not writing,
                    user=job.user,
                    file_name=job.file_name,
                    details=not writing,
                    progress=progress,
                )
                if writing:
                    finish(
                        job,
                        expected,
                        result=report.as_dict(),
                        record_id=report.record_id,
                        state=ImportState.IMPORTED if report.ok else ImportState.FAILED,
                    )
                else:
                    finish(
                        job,
                        expected,
                        preview=report.as_preview(),
                        state=ImportState.READY if report.ok else ImportState.REJECTED,
                    )
        except Exception:
            logger.exception("import job %s stopped", job.pk)
            reason = _(
                "The import stopped on an unexpected error and wrote nothing. "
                "The error is in the server's log; tell IT."
            )
            finish(
                job,
                expected,
                result={"errors": [{"line": 0, "column": "", "reason": reason}]},
                state=ImportState.FAILED,
            )
            raise
    note_progress(job, done=total or 0, total=total)


def finish(job: ImportJob, expected: str, **values: Any) -> None:
    """Record a job's outcome and its report's counts, unless it left the state it was in
    (dropped meanwhile)."""
    report = values.get("result") or values["preview"]
    would = report.get("would", {})
    values |= {
        "created": report.get("created", 0),
        "updated": report.get("updated", 0),
        "rows_new": would.get("created", 0),
        "rows_changed": would.get("updated", 0),
        "problems": len(report["errors"]),
    }
    ImportJob.objects.filter(pk=job.pk, state=expected).update(**values, updated_at=timezone.now())
