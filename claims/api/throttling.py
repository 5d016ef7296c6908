"""API request limits: per user, per client address when anonymous, and wrong tokens per address.

Each limit is "N requests per duration" (API_USER_RATE, API_ANON_RATE, API_FAILED_TOKEN_RATE, read
from settings on every request). Its counts live in one table, claims.ApiRequestCount, one row per
user or address, shared by every web process, and a request costs ONE statement: an
`INSERT ... ON CONFLICT (key) DO UPDATE ... RETURNING` that decides and counts at once.

How a limit counts: a sliding window estimated from two fixed ones. Time is cut into windows of the
rate's duration (aligned to the epoch, the same for every process); a row keeps the requests allowed
in the current window and in the one before. A request is allowed while

    ceil(previous * (share of the previous window still inside the last `duration`)) + current < N

that is, the previous window's requests are taken as spread evenly over it. Why not a fixed window
alone: right after a window ends its count is forgotten at once, so a client could send N requests
just before the boundary and N more just after (twice the rate in a moment), and a limit of 3 in a
test could let a fourth request through. Why not a list of every request's time (what we had, in the
cache): it grows to N entries per row and must be read, pickled and written back on every request.
The estimate is rounded up, so right after a boundary nothing extra slips through. Refused requests
are not counted, so retrying while refused does not lengthen the wait; Retry-After is the time until
the estimate lets one more request in.

Fail open: when the table cannot be used (it is missing, the database refuses, or anything else
goes wrong while counting), the request is allowed, with a warning in the log, never a 500. The
statement runs in a savepoint only when the request is already inside a transaction, so a failure
cannot break it; otherwise it runs alone and commits at once (inside a transaction the row stays
locked until that transaction ends, which would queue a user's concurrent requests: the API's views
do not run in one).

Old rows: a row counts for nothing two windows after its own (`expires_at`); each process deletes such
rows at most once every CLEANUP_SECONDS, with one extra statement on the request that happens then.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router, transaction
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from claims.models import ApiRequestCount
from config.throttle import client_address

logger = logging.getLogger(__name__)

# Set on a request whose anonymity was already counted while authenticating it.
ANONYMOUS_COUNTED = "_anonymous_request_counted"
# How often, at most, each process deletes the rows that count for nothing any more.
CLEANUP_SECONDS = 60
_next_cleanup = 0.0

_TABLE = ApiRequestCount._meta.db_table
# The old row's counts seen from the request's window: current (same window) and previous.
_CURRENT = "(CASE WHEN c.window_start = %(window)s THEN c.count ELSE 0 END)"
_PREVIOUS = (
    "(CASE WHEN c.window_start = %(window)s THEN c.previous_count"
    " WHEN c.window_start = %(window)s - %(duration)s THEN c.count ELSE 0 END)"
)
# Less a hair, so that 3 * (2/3 in floating point) rounds up to 2, not 3.
_ALLOWED = f"(ceil({_PREVIOUS} * %(weight)s - 1e-9) + {_CURRENT} < %(limit)s)"
HIT = f"""
INSERT INTO {_TABLE} AS c (key, window_start, count, previous_count, allowed, expires_at)
VALUES (%(key)s, %(window)s, LEAST(1, %(limit)s), 0, %(limit)s > 0, %(expires)s)
ON CONFLICT (key) DO UPDATE SET
    count = {_CURRENT} + CASE WHEN {_ALLOWED} THEN 1 ELSE 0 END,
    previous_count = {_PREVIOUS},
    allowed = {_ALLOWED},
    window_start = EXCLUDED.window_start,
    expires_at = EXCLUDED.expires_at
RETURNING count, previous_count, allowed
"""
PEEK = f"SELECT window_start, count, previous_count FROM {_TABLE} WHERE key = %s"
CLEANUP = f"DELETE FROM {_TABLE} WHERE expires_at < %s"


def _run(sql: str, params: object) -> tuple | None:
    """One statement on the counters' database: its first row, or None when it cannot run (logged)."""
    connection = connections[router.db_for_write(ApiRequestCount)]
    try:
        if connection.in_atomic_block:
            # A savepoint, so that a failed statement does not break the request's transaction.
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone() if cursor.description else ()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else ()
    except Exception as error:  # noqa: BLE001 - whatever it is (DatabaseError mostly), the request goes on
        logger.warning("limits are not enforced: the request counters cannot be used (%s)", error)
        return None


def delete_expired_counters(now: float | None = None) -> None:
    """Delete the rows whose windows are both over: they count for nothing."""
    _run(CLEANUP, [int(time.time() if now is None else now)])


def _cleanup_now_and_then(now: float) -> None:
    global _next_cleanup
    if now >= _next_cleanup:
        _next_cleanup = now + CLEANUP_SECONDS
        delete_expired_counters(now)


@dataclass(frozen=True)
class WindowLimit:
    """At most `limit` requests per identity in any `duration` seconds (estimated from two windows)."""

    scope: str
    limit: int
    duration: int

    @classmethod
    def from_rate(cls, scope: str, rate: str) -> WindowLimit:
        """A limit from a rate setting: "N/second|minute|hour|day" (DRF's format)."""
        count, seconds = SimpleRateThrottle.parse_rate(None, rate)
        return cls(scope, count, seconds)

    def _key(self, ident: str) -> str:
        return f"{self.scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"

    def _window(self, now: float) -> tuple[int, float]:
        """The current window's start, and the share of the previous window still within `duration`."""
        start = int(now // self.duration) * self.duration
        return start, 1.0 - (now - start) / self.duration

    def _wait(self, now: float, start: int, current: int, previous: int) -> int:
        """Whole seconds, at least 1, until the estimate lets one more request in."""
        if self.limit <= 0:
            return max(1, math.ceil(start + self.duration - now))
        if current >= self.limit:
            # Not in this window: in the next one, this window's count becomes the previous one.
            allowed_share = (self.limit - 1) / current
            moment = start + self.duration + self.duration * (1 - allowed_share)
        else:
            allowed_share = (self.limit - 1 - current) / previous if previous else 1.0
            moment = start + self.duration * (1 - allowed_share)
        return max(1, math.ceil(moment - now))

    def hit(self, ident: str) -> int | None:
        """Count one request unless it is over the limit: None when allowed, else seconds to wait.

        One statement; allowed (None) when the counters cannot be used.
        """
        now = time.time()
        start, weight = self._window(now)
        params = {
            "key": self._key(ident),
            "window": start,
            "duration": self.duration,
            "weight": weight,
            "limit": self.limit,
            "expires": start + 2 * self.duration,
        }
        row = _run(HIT, params)
        _cleanup_now_and_then(now)
        if row is None or row[2]:
            return None
        current, previous, _ = row
        return self._wait(now, start, current, previous)

    def retry_after(self, ident: str) -> int | None:
        """Seconds until one more request is allowed, or None when one is allowed now; counts nothing."""
        row = _run(PEEK, [self._key(ident)])
        if not row:
            return None
        now = time.time()
        start, weight = self._window(now)
        row_start, count, before = row
        current = count if row_start == start else 0
        previous = before if row_start == start else count if row_start == start - self.duration else 0
        if math.ceil(previous * weight - 1e-9) + current < self.limit:
            return None
        return self._wait(now, start, current, previous)

    def record(self, ident: str) -> None:
        """Count one attempt (the failed-token limit's word for a hit whose answer is already known)."""
        self.hit(ident)


class PerUserThrottle(BaseThrottle):
    """API_USER_RATE per authenticated user, API_ANON_RATE per client address otherwise."""

    _wait_seconds: int | None = None

    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return self._allow(WindowLimit.from_rate("api-user", settings.API_USER_RATE), str(user.pk))
        if getattr(request, ANONYMOUS_COUNTED, False):
            return True
        return self.allow_anonymous(request)

    def allow_anonymous(self, request) -> bool:
        """Count one request without credentials against its address; False once over API_ANON_RATE."""
        return self._allow(WindowLimit.from_rate("api-anon", settings.API_ANON_RATE), client_address(request))

    def _allow(self, limit: WindowLimit, ident: str) -> bool:
        # The rate is read on every request so a changed setting (or a test override) applies at once.
        self._wait_seconds = limit.hit(ident)
        return self._wait_seconds is None

    def wait(self) -> int | None:
        return self._wait_seconds


def failed_token_limit() -> WindowLimit:
    """Wrong tokens per client address: API_FAILED_TOKEN_RATE ("N/second|minute|hour|day")."""
    return WindowLimit.from_rate("api-failed-token", settings.API_FAILED_TOKEN_RATE)
