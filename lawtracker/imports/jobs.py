"""Admin imports as jobs: the web request only stores the file and queues it; the worker
(`manage.py worker`, or django-tasks' own `db_worker`) checks it (the preview) and, once
confirmed, imports it with the same engine as the command line. Progress goes through the
cache, because the import's own transaction keeps its rows invisible until it commits.

No job hangs: each has a time limit (LAWTRACKER_IMPORT_TIME_LIMIT), and the sweep fails
the jobs whose worker died (when a worker starts, before every job, and on the job's page).
"""

import logging
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from lawtracker.imports.files import sha256, stream_rows
from lawtracker.imports.run import ImportReport, import_file
from lawtracker.models import ImportJob, ImportState

logger = logging.getLogger(__name__)

# A running job whose worker has given no sign of life for this long has lost it.
STALLED_AFTER = 5 * 60
PROGRESS_EVERY = 100  # rows between progress notes
BEAT_EVERY = 10  # seconds between a working job's signs of life, whatever it is doing
# On PostgreSQL an import locks its job row a moment after its worker claims it.
LOCK_GRACE = 30


class TimeLimitReached(BaseException):
    """A job ran past its time limit. A BaseException, so that no `except Exception` on
    the way (a row's own error handling) takes it for a problem of one row."""


def time_limit() -> float:
    """Seconds a check or an import may take (settings.LAWTRACKER_IMPORT_TIME_LIMIT)."""
    return float(getattr(settings, "LAWTRACKER_IMPORT_TIME_LIMIT", 15 * 60))


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


# -- liveness: the sweep -------------------------------------------------------------------

HOST = socket.gethostname()


def worker_id() -> str:
    """A django-tasks worker id that names this process (host and pid), so the sweep can
    tell a task claimed by a worker that has since died."""
    return f"{HOST[:40]}:{os.getpid()}:{get_random_string(8)}"


def beat_key(job: ImportJob) -> str:
    return f"{progress_key(job)}-worker"


@contextmanager
def heartbeat(job: ImportJob):
    """While a job is worked on, note every few seconds which process works on it, even
    inside a long step that reports no rows (opening a large workbook)."""
    stop = threading.Event()

    def beat() -> None:
        note = {"host": HOST, "pid": os.getpid()}
        while True:
            now = time.time()
            cache.set(beat_key(job), note | {"at": now}, 86400)
            cache.set(WORKER_KEY, now, 86400)
            if stop.wait(BEAT_EVERY):
                return

    beating = threading.Thread(target=beat, name=f"import-job-{job.pk}-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


def process_gone(host: str | None, pid: int | None) -> bool:
    """Whether a process of this machine no longer runs (one of another machine is never
    taken for gone: only its silence tells)."""
    if host != HOST or not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def worker_process(task: DBTaskResult) -> tuple[str | None, int | None]:
    """The host and pid in the id of the worker that claimed a task (see worker_id)."""
    host, _sep, rest = (task.worker_ids or [""])[-1].partition(":")
    pid = rest.partition(":")[0]
    return (host, int(pid)) if pid.isdigit() else (None, None)


def worker_lost(job: ImportJob, task: DBTaskResult | None, now: float) -> bool:
    """Whether a running job has lost its worker (the job's row is locked on PostgreSQL
    when it is being imported; see sweep_jobs)."""
    if task is None or task.status in ("SUCCESSFUL", "FAILED"):
        return True  # no task will ever finish it
    if task.status != "RUNNING":
        return False  # queued: waiting for a worker, which job_stalled tells
    beat = cache.get(beat_key(job)) or {}
    if process_gone(*worker_process(task)) or process_gone(beat.get("host"), beat.get("pid")):
        return True
    last = max(beat.get("at") or 0, task.started_at.timestamp() if task.started_at else 0)
    return now - last > STALLED_AFTER


def sweep_jobs(*, only: int | None = None, exclude: int | None = None) -> list[int]:
    """Fail the checks and imports (all, or `only` one) whose worker died (killed, or the
    server restarted): their transaction was rolled back, so nothing was written, and
    they can be run again. A few queries; returns the jobs failed."""
    running = ImportJob.objects.filter(state__in=ImportJob.RUNNING).exclude(pk=exclude)
    if only is not None:
        running = running.filter(pk=only)
    jobs = list(running.only("pk", "state", "task_id"))
    if not jobs:
        return []
    tasks = DBTaskResult.objects.in_bulk(
        [job.task_id for job in jobs if is_uuid(job.task_id)], field_name="id"
    )
    tasks = {str(key): value for key, value in tasks.items()}
    failed = []
    now = time.time()
    for job in jobs:
        task = tasks.get(str(uuid.UUID(job.task_id))) if is_uuid(job.task_id) else None
        if job.state == ImportState.IMPORTING and connection.vendor == "postgresql":
            if fail_unless_locked(job, task):
                failed.append(job.pk)
        elif worker_lost(job, task, now) and fail_stopped(job, task):
            failed.append(job.pk)
    return failed


def fail_unless_locked(job: ImportJob, task: DBTaskResult | None) -> bool:
    """PostgreSQL: an import holds its job's row locked for its whole transaction, so a
    row this can lock belongs to no live import (past the moment a worker takes a job)."""
    if task is not None and task.status == "READY":
        return False
    with transaction.atomic():
        free = ImportJob.objects.select_for_update(skip_locked=True).filter(
            pk=job.pk, state=job.state
        )
        if not free.exists():
            return False  # a live import holds it (or it has just finished)
        started = task.started_at.timestamp() if task and task.started_at else 0
        if task is not None and task.status == "RUNNING" and time.time() - started < LOCK_GRACE:
            return False  # just claimed: about to lock it
        return fail_stopped(job, task)


def fail_stopped(job: ImportJob, task: DBTaskResult | None) -> bool:
    if job.state == ImportState.CHECKING:
        reason = _(
            "The worker stopped while checking this file (it was ended, or the server "
            "restarted): nothing was written. Run it again."
        )
    else:
        reason = _(
            "The worker stopped while importing this file (it was ended, or the server "
            "restarted): nothing was written. Run it again."
        )
    updated = ImportJob.objects.filter(pk=job.pk, state=job.state).update(
        state=ImportState.FAILED,
        result={"errors": [{"line": 0, "column": "", "reason": reason}]},
        records_created=0,
        records_updated=0,
        rows_new=0,
        rows_changed=0,
        problems=1,
        updated_at=timezone.now(),
    )
    if updated and task is not None:
        # The task, too, says it ended, rather than running for ever in the task list.
        DBTaskResult.objects.filter(pk=task.pk, status__in=["READY", "RUNNING"]).update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.WorkerStopped",
            traceback=reason,
        )
    if updated:
        logger.warning("import job %s failed: its worker stopped", job.pk)
    return bool(updated)


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (TypeError, ValueError):
        return False
    return True


def count_rows(path: Path, *, clock: "Deadline | None" = None) -> int | None:
    """Rows under the header (a quick read, within the job's time limit; None when the
    file cannot be read, which the import itself then reports)."""
    try:
        _header, rows, _skipped = stream_rows(path)
        total = 0
        for _row in rows:
            total += 1
            if clock is not None and total % PROGRESS_EVERY == 0:
                clock.check()
        return total
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
    job for the whole transaction, so it is not dropped while it writes (and, on
    PostgreSQL, so the sweep can tell it is alive)."""
    sweep_jobs(exclude=job_id)
    expected = ImportState.IMPORTING if writing else ImportState.CHECKING
    job = ImportJob.objects.select_related("user").filter(pk=job_id, state=expected).first()
    if job is None:
        return  # dropped while it waited
    clock = Deadline(time_limit())
    with translation.override(job.language), heartbeat(job):
        try:
            note_progress(job, done=0, total=None)
            with transaction.atomic() if writing else nullcontext():
                if writing and not lock_job(job, expected):
                    return
                report = work_on(job, writing=writing, clock=clock)
                record_outcome(job, expected, report, writing=writing)
        except TimeLimitReached:
            logger.warning("import job %s stopped at its time limit", job.pk)
            reason = _(
                "The file took longer than the time limit of %(minutes)s minutes and was "
                "stopped: nothing was written. Split it into smaller files, or ask IT to "
                "raise the limit (LAWTRACKER_IMPORT_TIME_LIMIT)."
            ) % {"minutes": f"{clock.seconds / 60:g}"}
            fail(job, expected, reason)
            return
        except Exception:
            logger.exception("import job %s stopped", job.pk)
            reason = _(
                "The import stopped on an unexpected error and wrote nothing. "
                "The error is in the server's log; tell IT."
            )
            fail(job, expected, reason)
            raise


def lock_job(job: ImportJob, expected: str) -> bool:
    """Hold the job's row for the import's transaction; False when it left `expected`."""
    return ImportJob.objects.select_for_update().filter(pk=job.pk, state=expected).exists()


def work_on(job: ImportJob, *, writing: bool, clock: "Deadline") -> ImportReport:
    """Count the file's rows, then import (or only check) it, noting progress as it goes."""
    path = job_path(job)
    total = count_rows(path, clock=clock)
    note_progress(job, done=0, total=total)
    last_note = time.monotonic()

    def progress(done: int) -> None:
        nonlocal last_note
        clock.check()
        if done % PROGRESS_EVERY == 0 or time.monotonic() - last_note > 2:
            note_progress(job, done=done, total=total)
            last_note = time.monotonic()

    report = import_file(
        path=path,
        kind=job.kind,
        options=job.options,
        check_only=not writing,
        user=job.user,
        file_name=job.file_name,
        details=not writing,
        progress=progress,
    )
    note_progress(job, done=total or 0, total=total)
    return report


def record_outcome(job: ImportJob, expected: str, report: ImportReport, *, writing: bool):
    """An import's result, or a check's preview, and the state it leaves the job in."""
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


def fail(job: ImportJob, expected: str, reason: str) -> None:
    finish(
        job,
        expected,
        result={"errors": [{"line": 0, "column": "", "reason": reason}]},
        state=ImportState.FAILED,
    )


class Deadline:
    """A job's time limit, checked between rows. Never a signal: one arriving inside a
    database call leaves the connection unusable; the size and row limits bound every
    step between two checks."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TimeLimitReached


def finish(job: ImportJob, expected: str, **values: Any) -> None:
    """Record a job's outcome and its report's counts, unless it left the state it was in
    (dropped meanwhile)."""
    report = values.get("result") or values["preview"]
    would = report.get("would", {})
    values |= {
        "records_created": report.get("created", 0),
        "records_updated": report.get("updated", 0),
        "rows_new": would.get("created", 0),
        "rows_changed": would.get("updated", 0),
        "problems": len(report["errors"]),
    }
    ImportJob.objects.filter(pk=job.pk, state=expected).update(**values, updated_at=timezone.now())
