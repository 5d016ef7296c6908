"""The API's request counters: one statement per request, a sliding limit, Retry-After, old rows deleted."""

from __future__ import annotations

import logging
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import claims.api.throttling as throttling
from claims.models import ApiRequestCount

CLAIMS = "/api/v1/claims/"
HOUR = 3600


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, set by the test: clock.now = seconds since the epoch."""
    clock = types.SimpleNamespace(now=1_900_000_000.0)  # a multiple of 3600 plus 400
    monkeypatch.setattr(throttling, "time", types.SimpleNamespace(time=lambda: clock.now))
    monkeypatch.setattr(throttling, "_next_cleanup", float("inf"))  # no cleanup unless a test asks
    return clock


def counter_statements(queries) -> list[str]:
    return [query["sql"] for query in queries if "claims_apirequestcount" in query["sql"]]


@pytest.mark.django_db
def test_a_request_costs_one_counter_statement(client, make_user, monkeypatch):
    monkeypatch.setattr(throttling, "_next_cleanup", float("inf"))
    client.force_login(make_user("viewer"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CLAIMS).status_code == 200
    assert len(counter_statements(queries)) == 1

    viewer = make_user("viewer")
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CLAIMS, headers={"Authorization": f"Token {viewer.api_token}"}).status_code == 200
    # The wrong-token check of the address (read before the token is), then the user's count.
    assert len(counter_statements(queries)) == 2


@pytest.mark.django_db
def test_the_limit_slides_a_full_window_past_a_boundary_with_a_correct_retry_after(clock):
    limit = throttling.WindowLimit("test", 3, HOUR)
    clock.now = 1_900_000_000 // HOUR * HOUR + HOUR - 60  # a minute before a window ends
    assert [limit.hit("ada") for _ in range(3)] == [None, None, None]
    # Over: the three count as the previous window's in a minute, so the wait is that minute plus a
    # third of the next window (when 3 * the share left of the previous one rounds up to 2).
    assert limit.hit("ada") == 60 + HOUR // 3
    assert limit.retry_after("ada") == 60 + HOUR // 3

    clock.now += 61  # just past the boundary: a fixed window would allow three more at once
    assert limit.hit("ada") == HOUR // 3 - 1
    clock.now += HOUR // 3 - 1
    assert limit.retry_after("ada") is None
    assert limit.hit("ada") is None
    assert limit.hit("ada") is not None  # ceil(3 * 2/3) + 1 = 3
    assert limit.hit("bob") is None  # each identity has its own count


@pytest.mark.django_db
def test_refused_requests_are_not_counted(clock):
    limit = throttling.WindowLimit("test", 2, HOUR)
    clock.now = 1_900_000_000 // HOUR * HOUR
    assert limit.hit("ada") is None and limit.hit("ada") is None
    for _ in range(10):
        assert limit.hit("ada") is not None
    row = ApiRequestCount.objects.get()
    assert (row.count, row.previous_count, row.allowed) == (2, 0, False)
    clock.now += HOUR + HOUR // 2 + 1  # the two count as the previous window's, half of it left: 1
    assert limit.hit("ada") is None


@pytest.mark.django_db
def test_over_the_user_rate_the_api_answers_429_with_retry_after(client, settings, make_user, clock):
    settings.API_USER_RATE = "2/minute"
    clock.now = 1_900_000_000 // 60 * 60 + 30
    headers = {"Authorization": f"Token {make_user('viewer').api_token}"}
    assert [client.get(CLAIMS, headers=headers).status_code for _ in range(2)] == [200, 200]
    refused = client.get(CLAIMS, headers=headers)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # 30 s to the boundary, then half of the next minute
    settings.API_USER_RATE = "3/minute"  # read on every request
    assert client.get(CLAIMS, headers=headers).status_code == 200


@pytest.mark.django_db
def test_rows_that_count_for_nothing_are_deleted_now_and_then(clock, monkeypatch):
    limit = throttling.WindowLimit("test", 5, 60)
    clock.now = 1_900_000_000.0
    limit.hit("old")
    clock.now += 2 * 60  # "old" has two windows behind it
    limit.hit("young")
    assert ApiRequestCount.objects.count() == 2
    monkeypatch.setattr(throttling, "_next_cleanup", 0.0)
    limit.hit("young")
    assert ApiRequestCount.objects.count() == 1
    assert throttling._next_cleanup == clock.now + throttling.CLEANUP_SECONDS


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_missing_table_fails_open_and_spoils_nothing(client, settings, make_user, caplog):
    settings.API_USER_RATE = "1/hour"
    client.force_login(make_user("viewer"))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE claims_apirequestcount RENAME TO claims_apirequestcount_away")
    try:
        with caplog.at_level(logging.WARNING, logger="claims.api.throttling"):
            assert [client.get(CLAIMS).status_code for _ in range(3)] == [200, 200, 200]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE claims_apirequestcount_away RENAME TO claims_apirequestcount")
    assert "limits are not enforced: the request counters cannot be used" in caplog.text
    assert client.get(CLAIMS).status_code == 200
    assert client.get(CLAIMS).status_code == 429
