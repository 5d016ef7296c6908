"""Production settings: everything from the environment, secure defaults, no embedded database.

Required: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS. Optional: CSRF_TRUSTED_ORIGINS (comma-separated
origins such as https://provenance.example.org), SECURE_SSL_REDIRECT (1/0, default 1),
SECURE_HSTS_SECONDS (default one year), DB_CONN_MAX_AGE (seconds, default 60), LOG_LEVEL (default INFO).
See docs/deploy.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before the base settings are read: without DATABASE_URL they would start the embedded
# PostgreSQL, which is for a developer's machine, never for a server.
for _name in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production (see docs/deploy.md)")

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import env_list, plain_logging  # noqa: E402


def env_flag(name: str, default: bool) -> bool:
    """A yes/no environment variable: 1/true/yes/on or 0/false/no/off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), got {value!r}")


if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters; make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# TLS ends at the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
# A load balancer probes the health endpoint over plain HTTP: answer it instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- sign-in limits and health (Hardening) ---
# The TLS proxy in front (SECURE_PROXY_SSL_HEADER above) appends the client to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
HEALTH_REQUIRE_WORKER = env_flag("HEALTH_REQUIRE_WORKER", True)
# --- end sign-in limits and health ---

LOGGING = plain_logging(os.environ.get("LOG_LEVEL", "INFO"))

# Sign-in and password reset counters must be shared by every web process: keep them in PostgreSQL
# (`python manage.py createcachetable` once per release creates the table). The API's counters have
# a table of their own (claims.ApiRequestCount).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Room for every sign-in and password reset counter: past MAX_ENTRIES, the cache drops a third
        # of its entries, counters included, which a flood of new addresses could otherwise force.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "100000"))},
    }
}
