"""`make run`: what we deploy, on one machine: DEBUG off, gunicorn with whitenoise, a worker beside it.

The database is the embedded PostgreSQL unless DATABASE_URL names a server; the secret key is made
once into the git-ignored data folder unless SECRET_KEY is set. Plain HTTP on this machine, so no
HTTPS redirect and no secure-only cookies: for a real server use config.settings.production.
"""

import os
from pathlib import Path

from config.secret_key import secret_key_from_file
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env_list, plain_logging

DEBUG = False
ALLOW_DEMO_DATA = True  # serves 127.0.0.1 by default: the demo login is for this machine's user
SECRET_KEY = SECRET_KEY or secret_key_from_file(  # noqa: F405
    Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".data" / "secret_key")
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Sign-in counters shared by every gunicorn worker, as in production (`createcachetable` makes the table).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}

LOGGING = plain_logging(os.environ.get("LOG_LEVEL", "WARNING"))
