"""Content-Security-Policy exceptions that belong to a whole part of the site rather than to one view."""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from django.http import HttpRequest, HttpResponseBase

# Django's own admin templates and widgets set style attributes inline (the calendar, the filters,
# related-object popups): allowed there, for styles only. Scripts stay 'self' everywhere, and the
# web app and the API keep the strict policy.
ADMIN_STYLES = {"style-src": [SELF, UNSAFE_INLINE]}


class AdminInlineStyles:
    """Let the admin's inline styles through its Content-Security-Policy (listed after CSPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from django.urls import reverse

        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")) and not hasattr(response, "_csp_update"):
            response._csp_update = ADMIN_STYLES
        return response
