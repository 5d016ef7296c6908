"""API request limits: per user, per client address when anonymous, and failed tokens per address.

Counters live in the shared cache (config.throttle.shared_counters), which fails open with a logged
warning when the cache cannot be used, so a missing cache table never turns a request into a 500.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from config.throttle import AttemptLimit, client_address, shared_counters

# Set on a request whose anonymity was already counted while authenticating it.
ANONYMOUS_COUNTED = "_anonymous_request_counted"


class PerUserThrottle(SimpleRateThrottle):
    """API_USER_RATE per authenticated user, API_ANON_RATE per client address otherwise."""

    scope = "api"
    cache = shared_counters

    def get_rate(self) -> str:
        return settings.API_USER_RATE

    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return self._allow(settings.API_USER_RATE, f"user-{user.pk}")
        if getattr(request, ANONYMOUS_COUNTED, False):
            return True
        return self.allow_anonymous(request)

    def allow_anonymous(self, request) -> bool:
        """Count one request without credentials against its address; False once over API_ANON_RATE."""
        return self._allow(settings.API_ANON_RATE, f"ip-{client_address(request)}")

    def _allow(self, rate: str, ident: str) -> bool:
        # The rate is read on every request so a changed setting (or a test override) applies at once.
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        self.ident = ident
        return super().allow_request(None, None)

    def get_cache_key(self, request, view) -> str:
        return f"throttle_api_{self.ident}"


def failed_token_limit() -> AttemptLimit:
    """Wrong tokens per client address: API_FAILED_TOKEN_RATE ("N/second|minute|hour|day")."""
    count, seconds = SimpleRateThrottle.parse_rate(None, settings.API_FAILED_TOKEN_RATE)
    return AttemptLimit("api-failed-token", count, seconds)
