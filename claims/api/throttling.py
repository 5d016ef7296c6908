"""Per-user request throttling (per client address for anonymous requests), rates read from settings."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerUserThrottle(SimpleRateThrottle):
    """API_USER_RATE per authenticated user, API_ANON_RATE per address otherwise."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_USER_RATE

    def allow_request(self, request, view) -> bool:
        # Read the rate on every request so a changed setting (or a test override) applies at once.
        user = getattr(request, "user", None)
        self.rate = settings.API_USER_RATE if user is not None and user.is_authenticated else settings.API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else f"ip-{self.get_ident(request)}"
        return f"throttle_api_{ident}"
