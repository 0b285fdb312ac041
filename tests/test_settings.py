"""Production settings refuse to start without a secret key and allowed hosts."""

import os
import subprocess
import sys

from django.conf import settings

CHECK = "import django; django.setup(); print('started')"


def run_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base["DJANGO_SETTINGS_MODULE"] = "lawtracker.settings"
    return subprocess.run(
        [sys.executable, "-c", CHECK],
        env={**base, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"DJANGO_ALLOWED_HOSTS": "tracker.example.cn"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_with({"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_both(tmp_path):
    result = run_with(
        {
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "tracker.example.cn",
            "LAWTRACKER_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_local_instance_keeps_a_random_key_outside_the_repository(tmp_path):
    env = {"DJANGO_DEBUG": "true", "LAWTRACKER_VAR_DIR": str(tmp_path)}
    assert run_with(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run_with(env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
