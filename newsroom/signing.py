"""Webhook signatures: HMAC-SHA256 over "timestamp.body" with the endpoint's secret. No Django here.

A receiver recomputes the signature from the timestamp header and the raw body, compares it in
constant time, and refuses timestamps too far from its clock (a replayed request carries an old one).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Provenance-Signature"
TIMESTAMP_HEADER = "X-Provenance-Timestamp"
EVENT_HEADER = "X-Provenance-Event"
DELIVERY_HEADER = "X-Provenance-Delivery"
SCHEME = "sha256="
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for body sent at timestamp (seconds since the epoch)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return SCHEME + digest


def verify(
    secret: str, *, timestamp: str, signature: str, body: bytes, tolerance: int = TOLERANCE_SECONDS, now=None
) -> bool:
    """True when signature is ours for body at timestamp, and timestamp is within tolerance of now."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature or "")
