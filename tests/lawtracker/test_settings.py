"""Production settings refuse to start without a secret key and allowed hosts, and with
both they are secure by default: HTTPS unless DJANGO_HTTPS=false, and `check --deploy`
passes."""

import json
import os
import secrets
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


SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name, None) for name in %r}))"
)
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


def clean_env(var_dir, **extra) -> dict[str, str]:
    """Nothing from this machine's environment but PATH: the two required variables, a
    var directory of the test's own, and what the test adds."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.cn",
        "LAWTRACKER_VAR_DIR": str(var_dir),
        **extra,
    }


def manage(env: dict[str, str], *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def settings_with(env: dict[str, str], names: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS % names],
        env={**env, "DJANGO_SETTINGS_MODULE": "lawtracker.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_check_deploy_passes_with_the_two_variables_and_a_new_machine_migrates(tmp_path):
    var = tmp_path / "new-machine" / "var"
    env = clean_env(var)
    check = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    assert var.is_dir()  # created on first start
    migrate = manage(env, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr
    assert (var / "lawtracker.sqlite3").stat().st_size > 0
    plan = manage(env, "showmigrations", "--plan").stdout
    assert "[X]  axes.0001_initial" in plan
    assert "[ ]" not in plan  # every migration applied


def test_check_deploy_fails_once_https_is_turned_off(tmp_path):
    check = manage(clean_env(tmp_path, DJANGO_HTTPS="false"), "check", "--deploy")
    assert "security.W008" in check.stderr + check.stdout  # no redirect to HTTPS
    assert "security.W004" in check.stderr + check.stdout  # no HSTS


def test_production_is_https_by_default(tmp_path):
    values = settings_with(clean_env(tmp_path), [*HTTPS_SETTINGS, "HTTPS"])
    assert values == {
        "HTTPS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_django_https_false_serves_plain_http(tmp_path):
    values = settings_with(clean_env(tmp_path, DJANGO_HTTPS="false"), HTTPS_SETTINGS)
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_the_former_name_django_secure_cookies_still_turns_https_off(tmp_path):
    env = clean_env(tmp_path, DJANGO_SECURE_COOKIES="false")
    assert settings_with(env, ["HTTPS", "SECURE_SSL_REDIRECT"]) == {
        "HTTPS": False,
        "SECURE_SSL_REDIRECT": False,
    }
    env["DJANGO_HTTPS"] = "true"  # the new name wins
    assert settings_with(env, ["HTTPS"]) == {"HTTPS": True}


def test_a_local_debug_instance_speaks_plain_http(tmp_path):
    env = {"PATH": os.environ["PATH"], "DJANGO_DEBUG": "true", "LAWTRACKER_VAR_DIR": str(tmp_path)}
    assert settings_with(env, ["HTTPS", "SECURE_SSL_REDIRECT"]) == {
        "HTTPS": False,
        "SECURE_SSL_REDIRECT": False,
    }
