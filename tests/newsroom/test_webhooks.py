"""Webhooks against a real receiver on 127.0.0.1: signed deliveries, retries with back-off, the failure path."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from claims.services import create_claim, record_review, relate_claims
from newsroom import signing, webhooks
from newsroom.events import announce_status_changes
from newsroom.models import Event, WebhookDelivery, WebhookEndpoint
from tests.jobs.conftest import run_jobs_here

pytestmark = pytest.mark.usefixtures("job_queue")


def _queued(task: str) -> list[tuple[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, scheduled_at FROM procrastinate_jobs WHERE task_name = %s ORDER BY id", [task])
        return cursor.fetchall()


def _endpoint(receiver, path: str, *events: str) -> WebhookEndpoint:
    return webhooks.register_endpoint(
        name=f"desk {path}", url=receiver.base + path, events=list(events) or [Event.VERDICT_RECORDED]
    )


def _verdict(django_user_model):
    reviewer = django_user_model.objects.create_user(username="ada")
    claim = create_claim(text="A convoy of 40 trucks reached Marsk on 3 March 2031.")
    return claim, record_review(
        claim=claim, verdict="corroborated", rationale="Two independent crews.", reviewer=reviewer
    )


def test_a_verdict_is_delivered_signed_and_the_receiver_verifies_it(receiver, django_user_model):
    endpoint = _endpoint(receiver, "/ok")
    claim, review = _verdict(django_user_model)

    run_jobs_here()

    [request] = receiver.received
    assert signing.verify(
        endpoint.secret,
        timestamp=request.headers[signing.TIMESTAMP_HEADER],
        signature=request.headers[signing.SIGNATURE_HEADER],
        body=request.body,
    )
    assert not signing.verify(
        "another secret",
        timestamp=request.headers[signing.TIMESTAMP_HEADER],
        signature=request.headers[signing.SIGNATURE_HEADER],
        body=request.body,
    )
    tampered = request.body.replace(b"corroborated", b"contradicted")
    assert not signing.verify(
        endpoint.secret,
        timestamp=request.headers[signing.TIMESTAMP_HEADER],
        signature=request.headers[signing.SIGNATURE_HEADER],
        body=tampered,
    )
    sent = json.loads(request.body)
    assert sent["event"] == "verdict.recorded" == request.headers[signing.EVENT_HEADER]
    assert sent["data"]["claim"]["id"] == claim.pk
    assert sent["data"]["verdict"] == "corroborated"
    assert sent["data"]["review"] == review.pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)


def _receiver_from_the_docs():
    """The receiver check printed in docs/api.md, run as written."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    code = docs.split("A receiver checks the signature", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # our own documentation, run as printed
    return namespace["is_from_provenance_db"]


def test_the_receiver_in_the_docs_accepts_a_real_delivery_and_refuses_a_forged_one(receiver, django_user_model):
    endpoint = _endpoint(receiver, "/ok")
    _verdict(django_user_model)
    run_jobs_here()
    [request] = receiver.received
    check = _receiver_from_the_docs()
    assert check(endpoint.secret, request.headers, request.body)
    assert not check(endpoint.secret, request.headers, request.body + b" ")
    assert not check("a guessed secret", request.headers, request.body)


def test_an_old_timestamp_is_refused_by_the_receiver_check():
    body = b'{"event":"verdict.recorded"}'
    signature = signing.sign("s3cret-for-the-desk", 1_000_000, body)
    assert signing.verify("s3cret-for-the-desk", timestamp="1000000", signature=signature, body=body, now=1_000_100)
    assert not signing.verify("s3cret-for-the-desk", timestamp="1000000", signature=signature, body=body, now=1_000_400)


def test_a_500_is_retried_with_growing_waits_then_the_endpoint_is_marked_failing(receiver, django_user_model, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    endpoint = _endpoint(receiver, "/fail")
    _verdict(django_user_model)

    run_jobs_here()  # the first attempt; the next is scheduled 30 s later
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 500)
    assert "HTTP 500" in delivery.last_error
    [(done, _), (waiting, scheduled_at)] = _queued("newsroom.tasks.deliver_webhook")
    assert (done, waiting) == ("succeeded", "todo")
    assert round((delivery.next_attempt_at - delivery.updated_at).total_seconds()) == 30
    assert abs((scheduled_at - delivery.next_attempt_at).total_seconds()) < 5  # the job waits as long

    second = webhooks.attempt_delivery(delivery_id=delivery.pk)  # what the scheduled job will do
    assert (second.status, second.retry_in) == ("retrying", 60)  # the wait doubles
    third = webhooks.attempt_delivery(delivery_id=delivery.pk)
    assert (third.status, third.retry_in) == ("failed", None)

    assert len(receiver.received) == 3
    endpoint.refresh_from_db()
    assert endpoint.is_failing and endpoint.failing_since is not None


def test_a_receiver_that_does_not_answer_in_time_is_retried(receiver, django_user_model, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    _endpoint(receiver, "/slow")
    _verdict(django_user_model)

    run_jobs_here()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, None)
    assert delivery.last_error == "timed out: no answer within 0.5 seconds"


def test_a_slow_endpoint_never_holds_the_write_that_caused_the_event(receiver, django_user_model):
    _endpoint(receiver, "/slow")

    _verdict(django_user_model)  # returns without any request made

    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert [status for status, _ in _queued("newsroom.tasks.deliver_webhook")] == ["todo"]


def test_nothing_is_queued_for_a_write_that_is_rolled_back(receiver, django_user_model):
    _endpoint(receiver, "/ok")
    reviewer = django_user_model.objects.create_user(username="bo")
    claim = create_claim(text="Shelling hit the market in Marsk.")
    with pytest.raises(RuntimeError), transaction.atomic():
        record_review(claim=claim, verdict="contradicted", rationale="Denied by two crews.", reviewer=reviewer)
        raise RuntimeError("the request failed after the review")
    assert not WebhookDelivery.objects.exists()
    assert _queued("newsroom.tasks.deliver_webhook") == []


def test_a_new_contradiction_and_the_status_change_it_causes_are_announced(receiver):
    _endpoint(receiver, "/ok", Event.CONTRADICTION_NEW, Event.CLAIM_STATUS_CHANGED)
    claim = create_claim(text="The bridge at Vell was destroyed on 2 March 2031.")
    denial = create_claim(text="The bridge at Vell still stands, the council said.")
    announce_status_changes(claim_ids=[claim.pk])  # its first status is recorded without an announcement

    relate_claims(from_claim=denial, to_claim=claim, kind="contradicts")
    run_jobs_here()

    sent = {json.loads(r.body)["event"]: json.loads(r.body)["data"] for r in receiver.received}
    assert sent["contradiction.new"]["claim"]["id"] == denial.pk
    assert sent["contradiction.new"]["contradicts"]["id"] == claim.pk
    change = sent["claim.status_changed"]
    assert (change["claim"]["id"], change["previous_status"], change["suggested_status"]) == (
        claim.pk,
        "unverified",
        "contradicted",
    )


def test_an_endpoint_on_a_private_address_is_refused(settings):
    settings.CAPTURE_ALLOWED_HOSTS = []
    with pytest.raises(webhooks.WebhookError, match=r"127\.0\.0\.1 is a loopback address"):
        webhooks.register_endpoint(name="desk", url="http://127.0.0.1:9/hook", events=["verdict.recorded"])
    with pytest.raises(webhooks.WebhookError, match="unknown event"):
        webhooks.register_endpoint(name="desk", url="https://hooks.example.org/", events=["claim.deleted"])
    assert not WebhookEndpoint.objects.exists()


def test_redeliver_in_the_admin_queues_the_delivery_again(receiver, django_user_model, admin_client):
    _endpoint(receiver, "/ok")
    _verdict(django_user_model)
    run_jobs_here()
    delivery = WebhookDelivery.objects.get()

    response = admin_client.post(
        "/admin/newsroom/webhookdelivery/",
        {"action": "redeliver", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "1 delivery queued again." in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    run_jobs_here()
    assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_the_delivery_log_lists_in_constant_queries(
    receiver, django_user_model, admin_client, django_assert_max_num_queries
):
    _endpoint(receiver, "/ok")
    _endpoint(receiver, "/fail")
    for n in range(6):
        record_review(
            claim=create_claim(text=f"Claim {n} about Marsk."),
            verdict="unverified",
            rationale="Not yet.",
            reviewer=django_user_model.objects.get_or_create(username="cy")[0],
        )
    assert WebhookDelivery.objects.count() == 12
    with django_assert_max_num_queries(12):
        page = admin_client.get("/admin/newsroom/webhookdelivery/")
    assert page.status_code == 200
    assert page.content.decode().count("verdict.recorded") >= 12
