"""Limits before authentication: anonymous requests and wrong tokens count per client address and get 429."""

from __future__ import annotations

import logging

import pytest
from django.db import connection

CLAIMS = "/api/v1/claims/"


def get(client, *, token: str | None = None, address: str = "127.0.0.1"):
    headers = {"Authorization": f"Token {token}"} if token is not None else {}
    return client.get(CLAIMS, headers=headers, REMOTE_ADDR=address)


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["status"] == 429 and body["code"] == "throttled" and body["errors"] == {}
    assert body["detail"]


@pytest.mark.django_db
def test_anonymous_requests_get_429_with_retry_after_once_over_the_anonymous_rate(client, settings):
    settings.API_ANON_RATE = "3/hour"
    for _ in range(3):
        assert get(client).status_code == 401
    assert_throttled(get(client))
    assert get(client, address="192.0.2.8").status_code == 401  # another address has its own count


@pytest.mark.django_db
def test_wrong_tokens_count_against_the_address_and_then_even_a_right_one_waits(client, settings, make_user):
    settings.API_FAILED_TOKEN_RATE = "3/hour"
    viewer = make_user("viewer")
    for n in range(3):
        answer = get(client, token=f"{n:064x}")
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"] == "Token"
        assert answer.json()["code"] == "authentication_failed"
    assert_throttled(get(client, token="f" * 64))
    assert_throttled(get(client, token=viewer.api_token))
    assert get(client, token=viewer.api_token, address="192.0.2.8").status_code == 200


@pytest.mark.django_db
def test_a_token_user_is_not_held_back_by_the_anonymous_rate_of_its_address(client, settings, make_user):
    settings.API_ANON_RATE = "1/hour"
    viewer = make_user("viewer")
    get(client)
    assert_throttled(get(client))
    for _ in range(3):
        assert get(client, token=viewer.api_token).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_web_user_is_not_counted_as_anonymous(client, settings, make_user):
    settings.API_ANON_RATE = "1/hour"
    client.force_login(make_user("viewer"))
    for _ in range(3):
        assert get(client).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "credentials",
    ["Token", "Token a b", "Token \u00ff\u00fe", "Token abc\u0000def", "Token " + "g" * 64, "Token " + "a" * 500],
)
def test_malformed_tokens_are_401_in_the_error_shape_never_500(client, credentials):
    answer = client.get(CLAIMS, headers={"Authorization": credentials})
    assert answer.status_code == 401
    assert answer.json()["status"] == 401


@pytest.mark.django_db
def test_a_missing_counter_table_does_not_turn_api_requests_into_500s(client, settings, make_user, caplog):
    settings.API_ANON_RATE = "2/hour"
    settings.API_FAILED_TOKEN_RATE = "1/hour"
    viewer = make_user("viewer")
    assert get(client, token=viewer.api_token).status_code == 200

    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DROP TABLE claims_apirequestcount")
    with caplog.at_level(logging.WARNING, logger="claims.api.throttling"):
        assert get(client, token=viewer.api_token).status_code == 200
        for _ in range(2):
            assert get(client, token="0" * 64).status_code == 401
        for _ in range(3):  # limits fail open: counted nowhere, so never 429
            assert get(client).status_code == 401
    assert "limits are not enforced: the request counters cannot be used" in caplog.text
