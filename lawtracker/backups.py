"""Backups of a running instance, and their restore: the database (SQLite's online backup
API, or pg_dump in one exported snapshot) and the uploaded import files, in one .tar.gz
whose manifest.json holds the engine, the migrations applied, each table's row count and
each member's sha256. An archive goes back into the engine it came from, never another.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, models, transaction
from django.db.backends.sqlite3._functions import register as register_functions
from django.db.migrations.loader import MigrationLoader

from lawtracker.imports.files import sha256
from lawtracker.imports.kinds import kinds, model_of

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES = "imports/"
# Rows that only say someone has used the instance (a migrated, empty database has none),
# besides the records of every kind the apps import (`in_use`).
IN_USE = (
    "auth.user",
    "admin.logentry",
    "lawtracker.importrecord",
    "lawtracker.importjob",
)


def in_use() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in IN_USE] + [model_of(kind) for kind in kinds()]


class BackupError(Exception):
    """A backup or restore refused or failed, with a plain reason."""


def tables() -> dict[str, str]:
    """Each concrete model's table, by model label (many-to-many tables included)."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in found.values():
            found[meta.label_lower] = meta.db_table
    return found


def count_rows(cursor, names: dict[str, str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for label, table in sorted(names.items()):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (our own names)
        counts[label] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def imports_dir() -> Path:
    return Path(storages["imports"].location)


def postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database (the password never on a command
    line, where `ps` shows it)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def run(command: list[str]) -> None:
    done = subprocess.run(command, env=postgres_env(), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


# -- backup ---------------------------------------------------------------------------------


def snapshot_sqlite(copy: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Copy the database in one step of SQLite's backup API: one consistent read, while
    others go on writing (WAL); counts and migrations are read from the copy itself."""
    source = settings.DATABASES["default"]["NAME"]
    with closing(open_sqlite(source)) as live, closing(open_sqlite(copy)) as target:
        live.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    with closing(open_sqlite(copy)) as target:
        check_sqlite(target)
        cursor = target.cursor()
        return count_rows(cursor, tables()), applied_migrations(cursor)


def open_sqlite(path) -> sqlite3.Connection:
    """A plain connection with the functions Django's SQLite schema uses (in indexes and
    constraints), without which an integrity check cannot read them."""
    db = sqlite3.connect(path, timeout=60)
    register_functions(db)
    return db


def check_sqlite(db: sqlite3.Connection) -> None:
    problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"integrity check failed: {'; '.join(problems[:5])}")
    if broken := db.execute("PRAGMA foreign_key_check").fetchall():
        raise BackupError(f"{len(broken)} rows point at rows that do not exist: {broken[:5]}")


def snapshot_postgres(dump: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump (custom format) of the snapshot this transaction exports, so the counts
    read here are exactly those of the dump, while others go on writing."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = count_rows(cursor, tables()), applied_migrations(cursor)
        name = settings.DATABASES["default"]["NAME"]
        run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", name])
    return counts, migrations


class Hashing:
    """A file read into the archive, hashed as it is read."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        block = self.file.read(size)
        self.digest.update(block)
        return block


def create_backup(*, path: Path) -> dict[str, Any]:
    """Write the archive at `path` (first beside it, then renamed into place, so a copy
    cut short is never taken for a backup). Returns the manifest."""
    if path.exists():
        raise BackupError(f"{path} already exists: give a new file name (with the date).")
    engine = connection.vendor
    if engine not in DATABASE_MEMBER:
        raise BackupError(f"backups of {engine} databases are not supported")
    path.parent.mkdir(parents=True, exist_ok=True)
    created_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        database = Path(work) / DATABASE_MEMBER[engine]
        snapshot = snapshot_sqlite if engine == "sqlite" else snapshot_postgres
        counts, migrations = snapshot(database)
        members = {database.name: {"sha256": sha256(database)}}
        partial = Path(work) / "archive.tar.gz"
        partial.touch(mode=0o600)  # it holds every account's password hash
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            # After the database: every file its jobs name was stored before the job.
            root = imports_dir()
            for file in sorted(root.rglob("*")) if root.exists() else []:
                if not file.is_file() or file.is_symlink():
                    continue
                name = FILES + file.relative_to(root).as_posix()
                with file.open("rb") as source:
                    info = archive.gettarinfo(fileobj=source, arcname=name)
                    hashing = Hashing(source)
                    archive.addfile(info, hashing)
                members[name] = {"sha256": hashing.digest.hexdigest()}
            manifest = {
                "format": FORMAT,
                "created_at": created_at,
                "engine": engine,
                "django": django.get_version(),
                "migrations": migrations,
                "rows": counts,
                "tables": tables(),
                "members": members,
            }
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        os.replace(partial, path)
    return manifest


def add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o600
    archive.addfile(info, fileobj=io.BytesIO(data))


# -- restore --------------------------------------------------------------------------------


def safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_archive(archive: Path, work: Path) -> dict[str, Any]:
    """Unpack an archive into `work`, refusing it unless every member is listed in its
    manifest with the sha256 it has (nothing is restored from a damaged copy)."""
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    with tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError) as error:
            raise BackupError(f"{archive} has no readable {MANIFEST}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        listed = manifest["members"]
        seen = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in listed or not member.isfile() or not safe_name(member.name):
                raise BackupError(f"the archive holds a member it does not list: {member.name}")
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            if sha256(target) != listed[member.name]["sha256"]:
                raise BackupError(f"{member.name} does not match its sha256: the copy is damaged")
            seen.add(member.name)
        if missing := set(listed) - seen:
            raise BackupError(f"the archive lacks {', '.join(sorted(missing))}")
    return manifest


def check_compatible(manifest: dict[str, Any]) -> None:
    engine = connection.vendor
    if manifest["engine"] != engine:
        raise BackupError(
            f"this archive holds a {manifest['engine']} database and the configured one is "
            f"{engine}: restoring across engines is not supported. Restore it into a "
            f"{manifest['engine']} database."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "the archive was made by a newer version of Lawtracker (migrations this code "
            f"does not have: {', '.join(unknown[:5])}); update the code first"
        )


def holds_data() -> bool:
    """Whether the configured database has been used (users, imports, admin changes):
    a database only migrated has none of those rows."""
    present = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in in_use():
            table = model._meta.db_table
            if table in present:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def compare_counts(manifest: dict[str, Any], counts: dict[str, int]) -> None:
    if counts != manifest["rows"]:
        wrong = {
            label: (manifest["rows"].get(label), counts.get(label))
            for label in set(counts) | set(manifest["rows"])
            if counts.get(label) != manifest["rows"].get(label)
        }
        raise BackupError(f"row counts differ from the archive's (archive, restored): {wrong}")


def restore_backup(*, path: Path, replace: bool = False) -> dict[str, Any]:
    """Bring an archive back into the configured database and import storage, checking
    it before and after. Returns the manifest."""
    engine = connection.vendor
    target_dir = Path(settings.DATABASES["default"]["NAME"]).parent if engine == "sqlite" else None
    work_parent = target_dir if target_dir and target_dir.exists() else None
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".restore-") as work_dir:
        work = Path(work_dir)
        manifest = read_archive(path, work)
        check_compatible(manifest)
        if not replace and holds_data():
            raise BackupError(
                "the configured database already holds data: restore into an empty one, or "
                "give --replace to replace everything in it with the archive's"
            )
        database = work / DATABASE_MEMBER[engine]
        names = manifest["tables"]
        if engine == "sqlite":
            restore_sqlite(database, manifest)
        else:
            check_same_schema(manifest)
            restore_postgres(database)
        with connection.cursor() as cursor:
            compare_counts(manifest, count_rows(cursor, names))
        restore_files(work / FILES.rstrip("/"))
    return manifest


def restore_sqlite(copy: Path, manifest: dict[str, Any]) -> None:
    """Check the archive's copy, then write it into the configured file with the backup
    API: one step, under SQLite's own locks, so no reader ever sees half of it."""
    with closing(open_sqlite(copy)) as source:
        check_sqlite(source)
        compare_counts(manifest, count_rows(source.cursor(), manifest["tables"]))
        connection.close()
        target = Path(settings.DATABASES["default"]["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(open_sqlite(target)) as live:
            try:
                source.backup(live)
            except sqlite3.Error as error:
                raise BackupError(
                    f"the database could not be written ({error}): stop bin/serve and the "
                    "import worker, then restore again"
                ) from error
            check_sqlite(live)


def check_same_schema(manifest: dict[str, Any]) -> None:
    """pg_restore replaces the archive's tables only: into a database migrated further
    than the archive, it would leave the newer tables (and their rows) beside the restored
    ones, and `migrate` could not go on. Such a restore goes into a new, empty database."""
    if "django_migrations" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        live = applied_migrations(cursor)
    if live != manifest["migrations"]:
        raise BackupError(
            "the configured database is at other migrations than the archive: create a new, "
            "empty database, point DATABASE_URL at it, restore there, then run migrate"
        )


def restore_postgres(dump: Path) -> None:
    """pg_restore in one transaction: whole or not at all."""
    connection.close()
    name = settings.DATABASES["default"]["NAME"]
    run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ]
    )


def restore_files(unpacked: Path) -> None:
    """Put the archive's import files back; files already there are kept (never deleted),
    a file of the same name is replaced by the archive's whole (rename, not rewrite)."""
    if not unpacked.exists():
        return
    root = imports_dir()
    for file in unpacked.rglob("*"):
        if file.is_file():
            target = root / file.relative_to(unpacked)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(file, target)
            except OSError:  # another file system: copy beside it, then rename
                partial = target.with_name(f".{target.name}.partial")
                shutil.copyfile(file, partial)
                os.replace(partial, target)
