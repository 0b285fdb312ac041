"""`manage.py backup` and `restore`, run as IT runs them: other processes, on scratch
instances (a temporary SQLite file; on PostgreSQL runs, scratch databases too)."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db.backends.sqlite3._functions import register as register_functions
from django.test import SimpleTestCase
from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
SOME_ROWS = """
from tests.factories import make_case, make_user
from lawtracker.models import ImportRecord
user = make_user("associate", username="backup-user")
for n in range(3):
    make_case(subject=f"备份测试公司{n}")
ImportRecord.objects.create(source="file", kind="cases", file_name="a.csv", sha256="0" * 64, user=user)
"""


def manage(*args: str, var: Path, database_url: str = "", check: bool = True):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LAWTRACKER_", "DATABASE_URL"))
    }
    env |= {
        "LAWTRACKER_VAR_DIR": str(var),
        "DJANGO_SECRET_KEY": "test-only-" + get_random_string(20),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_SETTINGS_MODULE": "lawtracker.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check and done.returncode:
        raise AssertionError(f"manage.py {' '.join(args)}: {done.stderr[-3000:]}")
    return done


def open_sqlite(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    register_functions(db)
    return db


def sqlite_counts(path: Path, tables: dict[str, str]) -> dict[str, int]:
    with closing(open_sqlite(path)) as db:
        return {
            label: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for label, table in tables.items()
        }


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite(archive: Path, out: Path, *, change: str, to: bytes | None = None, manifest=None):
    """A copy of an archive with one member's bytes (or the manifest) changed."""
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == change:
                data = to
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


class SQLiteBackupTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = Path(tempfile.mkdtemp(prefix="lt-backup-"))
        cls.source = cls.tmp / "source"
        manage("migrate", "--noinput", var=cls.source)
        # A migrated, empty database to start other instances from (migrate is slow).
        cls.empty = cls.tmp / "empty.sqlite3"
        with closing(sqlite3.connect(cls.source / "lawtracker.sqlite3")) as db:
            with closing(sqlite3.connect(cls.empty)) as copy:
                db.backup(copy)
        manage("shell", "-c", SOME_ROWS, var=cls.source)
        (cls.source / "imports" / "jobs").mkdir(parents=True)
        cls.upload = cls.source / "imports" / "jobs" / "a.csv"
        cls.upload.write_bytes("时间,地区\n2020.01,北京\n".encode("gb18030"))
        cls.archive = cls.tmp / "lawtracker-2021-01-01.tar.gz"
        manage("backup", str(cls.archive), var=cls.source)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def fresh(self, *, migrated: bool = False) -> Path:
        var = Path(tempfile.mkdtemp(dir=self.tmp))
        if migrated:
            shutil.copyfile(self.empty, var / "lawtracker.sqlite3")
        return var

    def test_a_backup_restores_into_an_empty_database_whole_and_checked(self):
        manifest = manifest_of(self.archive)
        self.assertEqual(manifest["engine"], "sqlite")
        self.assertIn("0001_initial", manifest["migrations"]["lawtracker"])
        self.assertEqual(manifest["rows"]["enforcement.case"], 3)
        self.assertEqual(manifest["rows"]["auth.user"], 1)
        self.assertEqual(set(manifest["members"]), {"database.sqlite3", "imports/jobs/a.csv"})
        self.assertEqual(os.stat(self.archive).st_mode & 0o077, 0)  # password hashes inside

        target = self.fresh()
        done = manage("restore", str(self.archive), var=target)
        self.assertIn("integrity and counts checked", done.stdout)
        database = target / "lawtracker.sqlite3"
        with closing(open_sqlite(database)) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            self.assertEqual(db.execute("PRAGMA foreign_key_check").fetchall(), [])
        self.assertEqual(sqlite_counts(database, manifest["tables"]), manifest["rows"])
        restored = target / "imports" / "jobs" / "a.csv"
        self.assertEqual(restored.read_bytes(), self.upload.read_bytes())
        # The restored instance runs: its data reads back through Django.
        check = manage(
            "shell",
            "-c",
            "from enforcement.models import Case; print(Case.objects.count())",
            var=target,
        )
        self.assertEqual(check.stdout.split()[-1], "3")

    def test_a_database_holding_data_is_replaced_only_when_told(self):
        target = self.fresh(migrated=True)
        database = target / "lawtracker.sqlite3"
        with closing(sqlite3.connect(database)) as db:
            db.execute(
                "INSERT INTO auth_user (password, username, first_name, last_name, email, "
                "is_superuser, is_staff, is_active, date_joined) "
                "VALUES ('!', 'someone', '', '', '', 0, 0, 1, '2021-01-01')"
            )
            db.commit()
        refused = manage("restore", str(self.archive), var=target, check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("already holds data", refused.stderr)
        self.assertEqual(sqlite_counts(database, {"case": "enforcement_case"}), {"case": 0})
        manage("restore", "--replace", str(self.archive), var=target)
        self.assertEqual(sqlite_counts(database, {"case": "enforcement_case"}), {"case": 3})

    def test_a_damaged_archive_is_refused_before_anything_is_restored(self):
        damaged = self.tmp / "damaged.tar.gz"
        rewrite(self.archive, damaged, change="imports/jobs/a.csv", to=b"changed")
        target = self.fresh()
        refused = manage("restore", str(damaged), var=target, check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("sha256", refused.stderr)
        self.assertFalse((target / "imports" / "jobs" / "a.csv").exists())
        self.assertFalse((target / "lawtracker.sqlite3").exists())

    def test_an_archive_of_another_engine_is_refused_plainly(self):
        other = self.tmp / "other-engine.tar.gz"
        rewrite(self.archive, other, change="", manifest=lambda m: m | {"engine": "postgresql"})
        refused = manage("restore", str(other), var=self.fresh(), check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("across engines is not supported", refused.stderr)

    def test_a_backup_never_overwrites_a_file(self):
        refused = manage("backup", str(self.archive), var=self.source, check=False)
        self.assertIn("already exists", refused.stderr)

    def test_a_backup_taken_while_another_connection_writes_is_consistent(self):
        live = self.fresh(migrated=True)
        database = live / "lawtracker.sqlite3"
        began, backed_up = threading.Event(), threading.Event()

        def writer():
            with closing(sqlite3.connect(database, timeout=60)) as db:
                db.execute("INSERT INTO django_content_type (app_label, model) VALUES ('a', '1')")
                db.commit()
                db.execute("BEGIN IMMEDIATE")
                for n in range(200):  # written, not committed, while the backup runs
                    db.execute(
                        "INSERT INTO django_content_type (app_label, model) VALUES ('b', ?)",
                        (str(n),),
                    )
                began.set()
                backed_up.wait(120)
                db.commit()

        thread = threading.Thread(target=writer)
        thread.start()
        began.wait(60)
        archive = live / "during-a-write.tar.gz"
        try:
            manage("backup", str(archive), var=live)
        finally:
            backed_up.set()
            thread.join()
        manifest = manifest_of(archive)
        target = self.fresh()
        manage("restore", str(archive), var=target)
        restored = target / "lawtracker.sqlite3"
        self.assertEqual(sqlite_counts(restored, manifest["tables"]), manifest["rows"])
        with closing(open_sqlite(restored)) as db:
            apps = dict(
                db.execute(
                    "SELECT app_label, COUNT(*) FROM django_content_type "
                    "WHERE app_label IN ('a', 'b') GROUP BY app_label"
                ).fetchall()
            )
        self.assertEqual(apps, {"a": 1})  # the committed row, none of the open transaction's
        self.assertEqual(
            sqlite_counts(database, {"t": "django_content_type"})["t"] - 200,
            manifest["rows"]["contenttypes.contenttype"],
        )


class PostgresBackupTests(SimpleTestCase):
    """On PostgreSQL runs only: scratch databases, created and dropped here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not ON_POSTGRES:
            raise __import__("unittest").SkipTest("runs on PostgreSQL (DATABASE_URL=postgres…)")
        import psycopg

        db = settings.DATABASES["default"]
        cls.server = {
            key: value
            for key, value in {
                "host": db.get("HOST"),
                "port": db.get("PORT"),
                "user": db.get("USER"),
                "password": db.get("PASSWORD"),
                "dbname": "postgres",
            }.items()
            if value
        }
        suffix = get_random_string(8, "abcdefghijklmnopqrstuvwxyz")
        cls.names = {"source": f"lt_scratch_src_{suffix}", "target": f"lt_scratch_dst_{suffix}"}
        with psycopg.connect(**cls.server, autocommit=True) as server:
            for name in cls.names.values():
                server.execute(f'CREATE DATABASE "{name}"')
        cls.tmp = Path(tempfile.mkdtemp(prefix="lt-pg-backup-"))
        cls.source = cls.tmp / "source"
        manage("migrate", "--noinput", var=cls.source, database_url=cls.url("source"))
        manage("shell", "-c", SOME_ROWS, var=cls.source, database_url=cls.url("source"))

    @classmethod
    def url(cls, which: str) -> str:
        s = cls.server
        login = s.get("user", "postgres") + (f":{s['password']}" if s.get("password") else "")
        host = s.get("host", "127.0.0.1") + (f":{s['port']}" if s.get("port") else "")
        return f"postgres://{login}@{host}/{cls.names[which]}"

    @classmethod
    def tearDownClass(cls):
        import psycopg

        with psycopg.connect(**cls.server, autocommit=True) as server:
            for name in cls.names.values():
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def connect(self, which: str):
        import psycopg

        return psycopg.connect(**(self.server | {"dbname": self.names[which]}))

    def counts(self, which: str, tables: dict[str, str]) -> dict[str, int]:
        with self.connect(which) as db:
            return {
                label: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for label, table in tables.items()
            }

    def test_a_backup_taken_while_another_connection_writes_restores_consistently(self):
        with self.connect("source") as writer:
            writer.execute("INSERT INTO django_content_type (app_label, model) VALUES ('b', '0')")
            archive = self.tmp / "pg.tar.gz"  # taken while that transaction is open
            manage("backup", str(archive), var=self.source, database_url=self.url("source"))
            writer.commit()
        manifest = manifest_of(archive)
        self.assertEqual(manifest["engine"], "postgresql")
        self.assertEqual(manifest["rows"]["enforcement.case"], 3)
        target = self.tmp / "target"
        manage("restore", str(archive), var=target, database_url=self.url("target"))
        self.assertEqual(self.counts("target", manifest["tables"]), manifest["rows"])
        with self.connect("target") as db:
            open_rows = db.execute(
                "SELECT COUNT(*) FROM django_content_type WHERE app_label = 'b'"
            ).fetchone()[0]
        self.assertEqual(open_rows, 0)
        # Holding data now: replaced only when told.
        refused = manage(
            "restore", str(archive), var=target, database_url=self.url("target"), check=False
        )
        self.assertIn("already holds data", refused.stderr)
        manage("restore", "--replace", str(archive), var=target, database_url=self.url("target"))
        self.assertEqual(self.counts("target", manifest["tables"]), manifest["rows"])
        # A database migrated further than the archive is no place to restore it.
        with self.connect("target") as db:
            db.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())"
            )
        refused = manage(
            "restore",
            "--replace",
            str(archive),
            var=target,
            database_url=self.url("target"),
            check=False,
        )
        self.assertIn("other migrations than the archive", refused.stderr)
