"""Settings shared by every environment; secrets and hosts come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from config.database import database_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def plain_logging(level: str) -> dict:
    """Log lines with time, level and logger to the console, at level (and procrastinate's too)."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"procrastinate": {"level": level}},
    }


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
# `setup_demo` (fictional corpus and a known admin login) runs only where this is on: local and `make run`.
ALLOW_DEMO_DATA = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "procrastinate.contrib.django",
    "sources",
    "provenance",
    "claims",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
# Separate test databases for runs that must not share one (e.g. two suites at once on one server).
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Largest file the ingestion pipeline accepts, in bytes (50 MB by default).
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(50 * 1024 * 1024)))
# Claims are proposed on storing only for texts up to this many words (longer ones are flagged for a
# person, who can run propose_claims on them): segmenting and matching grow with the text.
CLAIMS_PROPOSE_MAX_WORDS = int(os.environ.get("CLAIMS_PROPOSE_MAX_WORDS", "20000"))
# Text reuse (fingerprints, candidates, alignment) runs on texts up to this many words; longer ones are
# stored and flagged ("text reuse not checked"): fingerprinting holds every shingle of the text in memory.
TEXT_REUSE_MAX_WORDS = int(os.environ.get("TEXT_REUSE_MAX_WORDS", "200000"))
# Candidates one article is checked against (those sharing the rarest band keys first): bounds the cost
# of text reuse per article, whatever the size of the corpus.
TEXT_REUSE_MAX_CANDIDATES = int(os.environ.get("TEXT_REUSE_MAX_CANDIDATES", "30"))

# Translations across languages (provenance.crosslang; docs/provenance.md): articles in other languages
# near in time are compared by their anchors (figures, dates, places, actors). Extra anchor files (JSON,
# the shape of provenance/data/anchors.json) add a newsroom's own places and actors; an embedding backend
# (the dotted path of a function from texts to vectors, a local model) may add recall. Off by default.
CROSSLANG_ENABLED = os.environ.get("CROSSLANG_ENABLED", "true").lower() not in {"0", "false", "no", "off"}
CROSSLANG_MAX_CANDIDATES = int(os.environ.get("CROSSLANG_MAX_CANDIDATES", "200"))
CROSSLANG_EXTRA_ANCHORS = [p.strip() for p in os.environ.get("CROSSLANG_EXTRA_ANCHORS", "").split(",") if p.strip()]
CROSSLANG_EMBEDDINGS = os.environ.get("CROSSLANG_EMBEDDINGS", "")
CROSSLANG_EMBEDDING_THRESHOLD = float(os.environ.get("CROSSLANG_EMBEDDING_THRESHOLD", "0.8"))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# History of changes (django-pghistory): who changed what, and when.
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"

# --- API (issue 9) ---
REST_FRAMEWORK = {
    # Token first, so a request without credentials gets 401 with a WWW-Authenticate header; the
    # last one counts requests nobody authenticated against API_ANON_RATE (claims/api/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.LimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "claims.api.authentication.AnonymousRequestLimit",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.RolePermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.IdCursorPagination",
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.SafeJSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.PerUserThrottle"],
    "EXCEPTION_HANDLER": "claims.api.errors.json_exception_handler",
    "PAGE_SIZE": 50,
    "URL_FORMAT_OVERRIDE": "format",
}
# Requests per user (or per client address when anonymous); "N/second|minute|hour|day".
API_USER_RATE = os.environ.get("API_USER_RATE", "3000/hour")
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/hour")
# Largest JSON request body the API reads, in bytes; larger ones get 413.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(256 * 1024)))
# Who publishes our ClaimReviews (schema.org author), and the public base URL of reports.
CLAIMREVIEW_AUTHOR_NAME = os.environ.get("CLAIMREVIEW_AUTHOR_NAME", "Provenance DB fact-check desk")
CLAIMREVIEW_AUTHOR_URL = os.environ.get("CLAIMREVIEW_AUTHOR_URL", "")
# This instance's public address, scheme and host only (https://claims.example.org): the base of every
# IRI in the exports (PROV-JSON names, annotation and ClaimReview links). Empty: each request's own.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
INSTALLED_APPS += ["drf_spectacular_sidecar"]  # Swagger UI and Redoc as static files
SPECTACULAR_SETTINGS = {
    "TITLE": "Provenance DB API",
    "DESCRIPTION": (
        "Claims, sources, articles and their provenance; claim reports and standard exports "
        "(CSV, NDJSON, schema.org ClaimReview, W3C Web Annotation, W3C PROV-JSON). "
        "Authenticate with `Authorization: Token <key>` or a web-app session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages load Swagger UI and Redoc from our own static files (the CSP allows no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.models.Verdict",
        "MentionStatusEnum": "claims.models.Mention.Status",
        "DerivationStatusEnum": "provenance.models.Derivation.Status",
        "SourceKindEnum": "sources.models.Source.Kind",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "DerivationKindEnum": "provenance.models.Derivation.Kind",
        "RelationKindEnum": "claims.models.ClaimRelation.Kind",
        "WebhookDeliveryStatusEnum": "newsroom.models.WebhookDelivery.Status",
        "DecisionEnum": ["confirmed", "rejected"],  # a reviewer's decision on a derivation or a fact-check link
    },
}
# --- end API ---

# --- web app (issue 8) ---
# Content-Security-Policy (django-csp 4 format): scripts and styles only from our own static files,
# no inline script or style anywhere (htmx's inline indicator styles and eval are off: base.html).
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "config.csp.AdminInlineStyles"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
LOGOUT_REDIRECT_URL = "/accounts/login/"
# --- end web app ---

# --- background jobs (issue 10) ---
# Imports from the app and the admin (provenance/batches.py). INGEST_MAX_BYTES above is the per-file limit.
INGEST_MAX_BATCH_BYTES = int(os.environ.get("INGEST_MAX_BATCH_BYTES", str(200 * 1024 * 1024)))  # one import, unpacked
INGEST_MAX_FILES = int(os.environ.get("INGEST_MAX_FILES", "5000"))  # files in one import, zip members included
INGEST_ZIP_MAX_RATIO = int(os.environ.get("INGEST_ZIP_MAX_RATIO", "200"))  # unpacked/packed above this: a zip bomb
# Inputs up to this size are ingested during the request; anything bigger becomes a background job.
INGEST_INLINE_MAX_FILES = int(os.environ.get("INGEST_INLINE_MAX_FILES", "3"))
INGEST_INLINE_MAX_BYTES = int(os.environ.get("INGEST_INLINE_MAX_BYTES", str(256 * 1024)))
# A big import is shared by this many jobs, so that several workers can take its files at once.
INGEST_JOBS_PER_BATCH = int(os.environ.get("INGEST_JOBS_PER_BATCH", "4"))
# Uploads of many files in one request (Django refuses more than 100 by default).
DATA_UPLOAD_MAX_NUMBER_FILES = INGEST_MAX_FILES
# Background jobs run by `manage.py worker`. A worker killed without a clean shutdown
# stops sending heartbeats and its jobs are retried (provenance.tasks.retry_stalled_jobs). A worker
# asked to stop (SIGTERM) tells its jobs at once: an import stops after its current file and queues
# the rest; other jobs run to their end.
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": 5.0,
    "stalled_worker_timeout": 20.0,
    "shutdown_graceful_timeout": 0.0,
}
# `manage.py worker` waits for a lost database with doubling pauses up to this many seconds between tries.
WORKER_RECONNECT_MAX_SECONDS = float(os.environ.get("WORKER_RECONNECT_MAX_SECONDS", "30"))
# --- end background jobs ---

# --- capture from the web (issue: Capture from the web and from web archives) ---
# Links are never fetched from private, loopback, link-local or metadata addresses, except from the
# hosts listed here (comma-separated names or addresses, as written in the link): an intranet, tests.
CAPTURE_ALLOWED_HOSTS = [host.strip() for host in os.environ.get("CAPTURE_ALLOWED_HOSTS", "").split(",")]
CAPTURE_ALLOWED_HOSTS = [host for host in CAPTURE_ALLOWED_HOSTS if host]
CAPTURE_TIMEOUT_SECONDS = float(os.environ.get("CAPTURE_TIMEOUT_SECONDS", "20"))  # one fetch, redirects included
CAPTURE_MAX_BYTES = int(os.environ.get("CAPTURE_MAX_BYTES", str(10 * 1024 * 1024)))  # one page, unpacked
CAPTURE_MAX_REDIRECTS = int(os.environ.get("CAPTURE_MAX_REDIRECTS", "5"))
CAPTURE_USER_AGENT = os.environ.get("CAPTURE_USER_AGENT", "ProvenanceCapture/1.0 (fact-checking archive)")
# RFC 3161 time-stamping authorities asked, in a background job, for a token over each new capture's
# SHA-256 (comma-separated URLs; empty: no timestamps). Tokens are checked by `manage.py verify`
# against the trusted TSA certificates listed here (comma-separated PEM files: the TSAs' roots).
CAPTURE_TSA_URLS = [url.strip() for url in os.environ.get("CAPTURE_TSA_URLS", "").split(",") if url.strip()]
CAPTURE_TSA_CA_CERTS = [path.strip() for path in os.environ.get("CAPTURE_TSA_CA_CERTS", "").split(",") if path.strip()]
CAPTURE_TSA_TIMEOUT_SECONDS = float(os.environ.get("CAPTURE_TSA_TIMEOUT_SECONDS", "20"))
# --- end capture from the web ---

# --- sign-in limits, hashed API tokens, email (Hardening) ---
# Counted in the default cache (the django_cache table in production), shared by every web process;
# the API's limits (API_*_RATE) count in the claims_apirequestcount table (claims/api/throttling.py).
# Failed sign-ins (web app and admin) per account and per client address in any SIGN_IN_LOCKOUT_MINUTES;
# past either, sign-in is refused, right password included, until the oldest failure is that old.
SIGN_IN_FAILURES_PER_ACCOUNT = int(os.environ.get("SIGN_IN_FAILURES_PER_ACCOUNT", "5"))
SIGN_IN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGN_IN_FAILURES_PER_ADDRESS", "20"))
SIGN_IN_LOCKOUT_MINUTES = int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "15"))
# Password reset requests per client address and per email address in any PASSWORD_RESET_WINDOW_MINUTES.
PASSWORD_RESETS_PER_ADDRESS = int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS", "5"))
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESET_WINDOW_MINUTES = int(os.environ.get("PASSWORD_RESET_WINDOW_MINUTES", "60"))
# Wrong API tokens per client address ("N/second|minute|hour|day"); past it, tokens from there get 429.
API_FAILED_TOKEN_RATE = os.environ.get("API_FAILED_TOKEN_RATE", "20/hour")
# Proxies in front of the web processes that append the client's address to X-Forwarded-For; 0: the
# header is ignored (anyone can write it) and the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# API tokens (django-rest-knox): stored as SHA-512 digests, the key shown once. Days a new token
# lasts; 0 (default): until it is deleted in the admin.
INSTALLED_APPS += ["knox"]
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "0"))
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": None, "AUTO_REFRESH": False}
# The schema lists the ways to sign in; the anonymous-request limit is not one.
SPECTACULAR_SETTINGS["AUTHENTICATION_WHITELIST"] = [
    "claims.api.authentication.LimitedTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
# Outgoing email (password reset) from EMAIL_URL or EMAIL_HOST...; without either, reset is off.
from config.email import email_settings  # noqa: E402

globals().update(email_settings(os.environ))
# /health/: a worker must have sent a heartbeat within HEALTH_WORKER_MAX_AGE seconds; whether its
# absence fails the check (503) is HEALTH_REQUIRE_WORKER, on in production.
HEALTH_REQUIRE_WORKER = False
HEALTH_WORKER_MAX_AGE = int(os.environ.get("HEALTH_WORKER_MAX_AGE", "60"))
# --- end sign-in limits, hashed API tokens, email ---

# --- newsroom: webhooks and others' fact-checks (issue 22) ---
# A delivery's request, connection included, must answer within this many seconds.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Attempts per delivery before it is marked failed; the wait doubles after each failure from the base.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
# --- end newsroom ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Opt in to Django 6.0's https default for URL form fields.
FORMS_URLFIELD_ASSUME_HTTPS = True  # silences the 6.0 warning on URL form fields
