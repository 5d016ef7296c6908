"""Health endpoint for load balancers and orchestrators: can this process do its work right now?

Four checks, each "ok" or a short reason: the database answers, every migration on disk is applied,
the cache table exists (when the cache is the database cache), and a background worker sent a
heartbeat lately. 200 when every required check is ok, 503 naming the failing ones otherwise:

    {"status": "error", "database": "ok", "migrations": "ok",
     "cache": "missing table django_cache", "workers": "none seen in 60 s"}

A worker is required where HEALTH_REQUIRE_WORKER is on (production); elsewhere its absence is
reported but does not fail. Details of errors are logged, not returned: the endpoint is public and
a connection error names hosts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
NOT_CHECKED = "not checked: no database"
NOT_REQUIRED = " (not required here)"


def database_check() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def migrations_check() -> str:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    unapplied = sorted(
        f"{app}.{name}" for app, name in loader.graph.nodes if (app, name) not in loader.applied_migrations
    )
    if not unapplied:
        return OK
    shown = ", ".join(unapplied[:3]) + (", ..." if len(unapplied) > 3 else "")
    return f"{len(unapplied)} unapplied: {shown}"


def cache_check() -> str:
    tables = {
        options["LOCATION"]
        for options in settings.CACHES.values()
        if issubclass(import_string(options["BACKEND"]), DatabaseCache)
    }
    missing = sorted(tables - set(connection.introspection.table_names())) if tables else []
    return f"missing table {', '.join(missing)}" if missing else OK


def workers_check() -> str:
    max_age = settings.HEALTH_WORKER_MAX_AGE
    since = timezone.now() - timedelta(seconds=max_age)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >= %s", [since])
        (seen,) = cursor.fetchone()
    if seen:
        return OK
    return f"none seen in {max_age} s" + ("" if settings.HEALTH_REQUIRE_WORKER else NOT_REQUIRED)


CHECKS = {"migrations": migrations_check, "cache": cache_check, "workers": workers_check}


def _is_failing(answer: str) -> bool:
    return answer != OK and not answer.endswith(NOT_REQUIRED)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "database": "ok", ...} when every required check passes, 503 otherwise."""
    try:
        report = {"database": database_check()}
    except DatabaseError as error:
        logger.warning("health check: the database cannot be reached: %s", error)
        report = {"database": "unreachable", **dict.fromkeys(CHECKS, NOT_CHECKED)}
    else:
        for name, check in CHECKS.items():
            try:
                with transaction.atomic():  # a failing check leaves no broken transaction to the next
                    report[name] = check()
            except DatabaseError as error:
                logger.warning("health check %s failed: %s", name, error)
                report[name] = "error (see the log)"
    failing = [name for name, answer in report.items() if _is_failing(answer)]
    return JsonResponse({"status": "error" if failing else OK, **report}, status=503 if failing else 200)
