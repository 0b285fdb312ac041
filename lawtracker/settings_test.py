"""The test run's environment: production settings with a throwaway key and test hosts."""

import os
import secrets
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from lawtracker.settings import *  # noqa: E402, F403

STATIC_ROOT = None  # tests never collect static files
STORAGES["imports"]["OPTIONS"]["location"] = Path(tempfile.mkdtemp(prefix="imports-"))  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The test client and the browser tests' server speak plain HTTP; the rest of the HTTPS
# behaviour stays on, and tests/lawtracker/test_settings.py proves production redirects.
SECURE_SSL_REDIRECT = False
# Tests make many users: a fast hasher for them (production keeps Django's default).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
