"""API authentication: hashed tokens (`Authorization: Token <key>`) limited per address, then limits on anonymity.

Tokens are django-rest-knox tokens: the database keeps a SHA-512 digest and the first 15 characters,
never the key, which is shown once when it is made (`issue_token`). Wrong tokens count against the
client's address; past API_FAILED_TOKEN_RATE every token from that address gets 429 until the window
passes, so probing for keys is slow. Requests with no credentials count against API_ANON_RATE while
authenticating, before the permission check that would answer 401, so they too get 429 once over.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from claims.api.throttling import ANONYMOUS_COUNTED, PerUserThrottle, failed_token_limit
from config.throttle import client_address

# Keys we issue are 64 hexadecimal characters (40 for tokens made before they were hashed).
KEY_SHAPE = re.compile(rb"[0-9a-f]{40,64}")


def issue_token(*, user, expires_in: timedelta | None = None) -> str:
    """Make an API token for `user` and return its key: the only time the key exists in clear.

    Without `expires_in`, API_TOKEN_TTL_DAYS applies (0: the token never expires).
    """
    days = settings.API_TOKEN_TTL_DAYS
    expiry = expires_in if expires_in is not None else (timedelta(days=days) if days else None)
    _, key = AuthToken.objects.create(user=user, expiry=expiry)
    return key


class LimitedTokenAuthentication(TokenAuthentication):
    """Knox's hashed tokens behind a per-address limit on wrong tokens."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.authenticate_header(request).lower().encode():
            return None  # no token: the session, or anonymous
        limit, address = failed_token_limit(), client_address(request)
        wait = limit.retry_after(address)
        if wait is not None:
            raise exceptions.Throttled(wait, detail="Too many wrong tokens from this address.")
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            limit.record(address)
            raise

    def authenticate_credentials(self, token: bytes):
        # Anything but a key of ours is refused before the database sees it (bytes that are not
        # UTF-8, or a NUL, would otherwise be a 500).
        if not KEY_SHAPE.fullmatch(token):
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(token)


class LimitedTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for token authentication, as it was with DRF's plain tokens."""

    target_class = LimitedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


class AnonymousRequestLimit(BaseAuthentication):
    """Last of the authentication classes: a request nobody authenticated counts against API_ANON_RATE."""

    def authenticate(self, request):
        throttle = PerUserThrottle()
        if not throttle.allow_anonymous(request):
            raise exceptions.Throttled(throttle.wait())
        setattr(request, ANONYMOUS_COUNTED, True)
        return None
