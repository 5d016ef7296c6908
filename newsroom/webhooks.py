"""Webhooks: endpoints registered by admins, events queued on commit, signed deliveries retried with back-off.

An event is stored once and delivered to every active endpoint subscribed to it, each delivery as
a background job (newsroom.tasks.deliver_webhook) so that a slow or failing receiver never holds
the write that caused the event. A delivery that keeps failing is retried with exponential
back-off, then marked failed, and its endpoint marked failing until a later delivery succeeds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from newsroom import signing
from newsroom.models import Event, WebhookDelivery, WebhookEndpoint, WebhookEvent
from provenance.ingestion.fetch import checked_client, link_refusal

USER_AGENT = "ProvenanceWebhooks/1.0"
MAX_ERROR = 2000


class WebhookError(ValueError):
    """An endpoint that cannot be registered or changed, or a delivery that cannot be redelivered."""


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 6))


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failed ones: base, 2x base, 4x base..."""
    return float(getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30)) * 2 ** max(0, attempts - 1)


def _allowed_hosts() -> frozenset[str]:
    return frozenset(host.lower() for host in settings.CAPTURE_ALLOWED_HOSTS)


def checked_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise WebhookError("an endpoint needs a URL")
    reason = link_refusal(url, allowed_hosts=_allowed_hosts())
    if reason:
        raise WebhookError(f"{url[:200]}: {reason}")  # as a capture link is refused: the URL, then why
    return url


def _checked_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events or []))
    if not chosen:
        raise WebhookError(f"choose at least one event: {', '.join(Event.values)}")
    unknown = [name for name in chosen if name not in Event.values]
    if unknown:
        raise WebhookError(f"unknown event(s) {', '.join(map(repr, unknown))}; use {', '.join(Event.values)}")
    return chosen


def register_endpoint(
    *, name: str, url: str, events: Iterable[str], secret: str = "", is_active: bool = True, created_by=None
) -> WebhookEndpoint:
    """A new endpoint; the URL must pass the capture rules (no private or loopback address unless allowed)."""
    if not (name or "").strip():
        raise WebhookError("an endpoint needs a name")
    fields = {"name": name.strip(), "url": checked_url(url), "events": _checked_events(events)}
    if secret:
        fields["secret"] = secret
    return WebhookEndpoint.objects.create(**fields, is_active=is_active, created_by=created_by)


def change_endpoint(*, endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """Change name, url, events, secret or is_active; the same checks as registering."""
    if "name" in changes and not (changes["name"] or "").strip():
        raise WebhookError("an endpoint needs a name")
    if "url" in changes:
        changes["url"] = checked_url(changes["url"])
    if "events" in changes:
        changes["events"] = _checked_events(changes["events"])
    if "secret" in changes and not changes["secret"]:
        raise WebhookError("the secret cannot be empty")
    for name, value in changes.items():
        setattr(endpoint, name, value)
    endpoint.save(update_fields=list(changes))
    return endpoint


def wants(event: str) -> bool:
    """Whether any active endpoint subscribes to event (one query)."""
    return WebhookEndpoint.objects.filter(is_active=True, events__contains=[event]).exists()


def emit(event: str, payloads: list[dict]) -> list[WebhookEvent]:
    """Store one event per payload and queue its deliveries on commit; nothing when nobody subscribes.

    Called after the write that caused it has committed (receivers of on-commit signals), so
    the write never waits for a receiver. Set-wise: a few queries whatever the number of payloads.
    """
    endpoint_ids = list(
        WebhookEndpoint.objects.filter(is_active=True, events__contains=[event]).values_list("pk", flat=True)
    )
    if not endpoint_ids or not payloads:
        return []
    as_json = [json.loads(json.dumps(payload, cls=DjangoJSONEncoder)) for payload in payloads]  # dates as text
    with transaction.atomic():
        events = WebhookEvent.objects.bulk_create(WebhookEvent(name=event, payload=payload) for payload in as_json)
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(event=item, endpoint_id=endpoint_id) for item in events for endpoint_id in endpoint_ids
        )
        ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: _queue(ids))
    return events


def _queue(delivery_ids: list[int]) -> None:
    from newsroom.tasks import deliver_webhook

    if delivery_ids:
        deliver_webhook.batch_defer(*({"delivery_id": pk} for pk in delivery_ids))


def body_of(event: WebhookEvent) -> bytes:
    """The exact bytes posted for event (the same at every attempt and for every endpoint)."""
    envelope = {
        "id": event.pk,
        "event": event.name,
        "created_at": event.created_at,
        "data": event.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt did; retry_in is set when another attempt is due."""

    delivery_id: int
    status: str
    response_code: int | None = None
    error: str = ""
    retry_in: float | None = None

    def as_dict(self) -> dict:
        return {
            "delivery": self.delivery_id,
            "status": self.status,
            "response_code": self.response_code,
            "error": self.error,
            "retry_in": self.retry_in,
        }


def attempt_delivery(*, delivery_id: int) -> Attempt:
    """Post the delivery's event once, signed; record the answer and decide what comes next.

    The request is made outside any transaction (no lock is held while a receiver is slow).
    """
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return Attempt(delivery_id=delivery_id, status=delivery.status if delivery else "gone")
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return _record(delivery, code=None, error="the endpoint was deactivated", final=True)
    body = body_of(delivery.event)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(endpoint.secret, timestamp, body),
        signing.EVENT_HEADER: delivery.event.name,
        signing.DELIVERY_HEADER: str(delivery.pk),
    }
    code, error = None, ""
    reason = link_refusal(endpoint.url, allowed_hosts=_allowed_hosts())
    if reason:
        error = f"the URL is {reason}"
    else:
        try:
            with checked_client(
                allowed_hosts=_allowed_hosts(), timeout=timeout_seconds(), user_agent=USER_AGENT
            ) as client:
                response = client.post(endpoint.url, content=body, headers=headers)
            code = response.status_code
            if not 200 <= code < 300:
                error = f"the endpoint answered HTTP {code} {response.reason_phrase}".strip()
        except Exception as failure:  # noqa: BLE001 - any failure to deliver is recorded and retried
            error = _describe(failure)
    return _record(delivery, code=code, error=error, final=False)


def _describe(failure: Exception) -> str:
    import httpx

    if isinstance(failure, httpx.TimeoutException):
        return f"timed out: no answer within {timeout_seconds():g} seconds"
    return f"{type(failure).__name__}: {failure}".strip()


@transaction.atomic
def _record(delivery: WebhookDelivery, *, code: int | None, error: str, final: bool) -> Attempt:
    now = timezone.now()
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.attempts += 1
    delivery.response_code = code
    delivery.last_error = error[:MAX_ERROR]
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    retry_in = None
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = WebhookDelivery.Status.DELIVERED, now, None
        endpoint.is_failing, endpoint.failing_since = False, None
    elif final or delivery.attempts >= max_attempts():
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        if not final and not endpoint.is_failing:
            endpoint.is_failing, endpoint.failing_since = True, now
    else:
        retry_in = retry_delay(delivery.attempts)
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.RETRYING, now + timedelta(seconds=retry_in)
    delivery.save()
    endpoint.save(update_fields=["is_failing", "failing_since"])
    return Attempt(
        delivery_id=delivery.pk,
        status=delivery.status,
        response_code=code,
        error=delivery.last_error,
        retry_in=retry_in,
    )


@transaction.atomic
def redeliver(*, delivery_ids: Iterable[int]) -> int:
    """Send deliveries again from their first attempt (delivered ones too: the receiver asked)."""
    ids = sorted({int(pk) for pk in delivery_ids})
    if not ids:
        raise WebhookError("select at least one delivery to redeliver")
    count = WebhookDelivery.objects.filter(pk__in=ids).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=None, delivered_at=None
    )
    if count != len(ids):
        raise WebhookError("some of these deliveries no longer exist; nothing was redelivered")
    transaction.on_commit(lambda: _queue(ids))
    return count
