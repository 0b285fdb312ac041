"""A real server with the 2020 snapshot, and Debian's Chromium driven by Playwright."""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("LAWTRACKER_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveApp(NamedTuple):
    base: str
    username: str  # a partner
    password: str
    associate: str
    associate_password: str


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app as `bin/serve` runs it (gunicorn with two workers and the import worker,
    DEBUG off, snapshot loaded) on its own SQLite file, with a partner's and an
    associate's account."""
    var = tmp_path_factory.mktemp("browser-var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "lawtracker.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "false",
        "LAWTRACKER_VAR_DIR": str(var),
    }
    manage = [sys.executable, "manage.py"]

    def run(*args) -> str:
        done = subprocess.run(
            [*manage, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("migrate", "--noinput")
    run("load_snapshot")
    run("collectstatic", "--noinput")
    password = re.search(r"password: (\S+)", run("add_user", "partner.li", "--role", "partner"))[1]
    associate_password = re.search(
        r"password: (\S+)", run("add_user", "associate.wang", "--role", "associate")
    )[1]
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "lawtracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-startup-delay", "--interval", "0.2"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield LiveApp(base, "partner.li", password, "associate.wang", associate_password)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)


class PolicyWatch:
    """The browser, whose every context reports what the Content-Security-Policy blocked
    (Chromium says so on the console)."""

    def __init__(self, browser):
        self.browser = browser
        self.blocked: list[str] = []

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.on("console", self.console)
        return context

    def console(self, message):
        if "Content Security Policy" in message.text:
            self.blocked.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def __getattr__(self, name):
        return getattr(self.browser, name)


@pytest.fixture(autouse=True)
def nothing_blocked_by_the_policy(request):
    """A browser test fails when a page it opened broke the Content-Security-Policy."""
    if "browser" not in request.fixturenames:
        yield
        return
    watch = request.getfixturevalue("browser")
    start = len(watch.blocked)
    yield
    if blocked := watch.blocked[start:]:
        pytest.fail("The Content-Security-Policy blocked:\n" + "\n".join(blocked))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: bin/test installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield PolicyWatch(browser)
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
