"""Limits on repeated attempts (sign-ins, password resets) counted in the shared cache.

These attempts are rare, so each limit keeps the time of every recent attempt and is exact. The API's
limits, checked on every request, count in a table of their own instead (claims.api.throttling). The
counters here live in Django's default cache: the `django_cache` table in production, so every web
process sees the same counts. A cache that cannot be read or written (its table is missing, the
database is away) must not turn every request into a 500: the counters then read as empty and the
limits fail open, with a warning in the log; `/health/` reports the missing table.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, router, transaction
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's network address: REMOTE_ADDR, or the address the last trusted proxy saw.

    With TRUSTED_PROXY_COUNT proxies in front of the web processes, each appending to
    X-Forwarded-For, the client is the entry that many places from the right; entries further left
    were written by the client and are not believed. With no trusted proxy the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if proxies <= 0 or not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


class FailOpenCache:
    """The default cache, for counters: when it cannot be reached, reads are empty and writes are dropped."""

    def _call(self, method: str, *args: Any, fallback: Any = None) -> Any:
        backend = caches["default"]
        try:
            if isinstance(backend, DatabaseCache):
                # A savepoint, so that a failed query does not break the request's transaction.
                with transaction.atomic(using=router.db_for_write(backend.cache_model_class)):
                    return getattr(backend, method)(*args)
            return getattr(backend, method)(*args)
        except (DatabaseError, OSError) as error:
            logger.warning("limits are not enforced: the shared cache cannot be used (%s)", error)
            return fallback

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default, fallback=default)

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        self._call("set", key, value, timeout)

    def delete(self, key: str) -> None:
        self._call("delete", key)


shared_counters = FailOpenCache()


@dataclass(frozen=True)
class AttemptLimit:
    """At most `limit` attempts per identity in any `window` seconds (a sliding window of times)."""

    scope: str
    limit: int
    window: int

    def _key(self, ident: str) -> str:
        # Hashed: cache keys stay short and safe, and hold no user name or address in clear.
        return f"limit:{self.scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"

    def _recent(self, ident: str, now: float) -> list[float]:
        times = shared_counters.get(self._key(ident), [])
        return [moment for moment in times if moment > now - self.window] if isinstance(times, list) else []

    def retry_after(self, ident: str) -> int | None:
        """Seconds until one more attempt is allowed, or None when one is allowed now."""
        now = time.time()
        recent = sorted(self._recent(ident, now), reverse=True)
        if len(recent) < self.limit:
            return None
        # Allowed again when the oldest of the last `limit` attempts leaves the window.
        return max(1, math.ceil(recent[self.limit - 1] + self.window - now))

    def record(self, ident: str) -> None:
        now = time.time()
        recent = self._recent(ident, now)
        recent.append(now)
        shared_counters.set(self._key(ident), recent[-max(self.limit, 1) :], self.window)

    def clear(self, ident: str) -> None:
        shared_counters.delete(self._key(ident))


def minutes(seconds: int) -> str:
    """A wait in whole minutes, rounded up, for a sentence: "1 minute", "15 minutes"."""
    count = max(1, math.ceil(seconds / 60))
    return f"{count} minute" if count == 1 else f"{count} minutes"
