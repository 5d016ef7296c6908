"""Property-based checks of the API against its own OpenAPI schema (schemathesis, through the WSGI app).

Every operation is called with generated valid and invalid input, as an admin (who may do everything),
then chains of calls follow the links schemathesis infers (create a claim, read it, edit it, ...).
Zero server errors and zero schema violations: status codes, content types, bodies and headers must all
be what the schema says; every error is our one JSON shape; valid input is accepted unless the schema
itself says why not (an id that names nothing, a link refused on sight).
Bounded: a fixed number of examples per operation and of stateful scenarios, deterministic.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.api.pagination import IdCursorPagination

EXAMPLES_PER_OPERATION = 8
SCENARIOS, STEPS_PER_SCENARIO = 20, 5
ERROR_KEYS = {"status", "code", "detail", "errors"}

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "deterministic": True},
        "phases": {"stateful": {"enabled": True, "max-steps": STEPS_PER_SCENARIO}},
    }
)

# A 400 for input the schema calls valid, when the schema documents why: what exists is not in it.
DATA_DEPENDENT = [
    re.compile(r"No [a-z ]+ with id \S+\."),  # an id (filter or body) that names nothing
    re.compile(re.escape(IdCursorPagination.invalid_cursor_message)),  # a cursor the API did not issue
    re.compile(r".*: refused: .*"),  # a capture link refused on sight (a private address written in it)
    re.compile(r"document \d+: .*"),  # a JSON document whose content holds no fact-check (the schema cannot say)
]


@schemathesis.check
def errors_in_the_json_shape(ctx, response, case) -> bool | None:
    """Every 4xx and 5xx under /api/ is JSON in the one error shape, with its own status in it."""
    if response.status_code < 400:
        return None
    assert response.headers.get("content-type", [""])[0].split(";")[0] == "application/json", (
        f"a {response.status_code} that is not JSON: {response.headers.get('content-type')}"
    )
    body = response.json()
    assert isinstance(body, dict) and set(body) == ERROR_KEYS, f"not the error shape: {body!r}"[:500]
    assert body["status"] == response.status_code and body["detail"], body


@schemathesis.check
def valid_input_is_accepted(ctx, response, case) -> bool | None:
    """schemathesis' positive_data_acceptance, but a 400 whose every message is data-dependent passes."""
    if response.status_code == 412:
        return None  # If-Match named another version than the current one: what the data is now decides
    if response.status_code == 400:
        messages = [message for values in response.json().get("errors", {}).values() for message in values]
        if messages and all(any(rule.fullmatch(str(m)) for rule in DATA_DEPENDENT) for m in messages):
            return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    valid_input_is_accepted,
    errors_in_the_json_shape,
]
HYPOTHESIS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def wsgi_keeps_the_test_connection(db, crafted):
    """The WSGI handler closes the database connection after each request, as in production; here that
    connection holds the test's transaction, so keep it open (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(make_user):
    return {"Authorization": f"Token {make_user('admin').api_token}"}


# The schema is public and static, so it is read once at collection (no database needed for that).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.mark.slow
@schema.parametrize()
@HYPOTHESIS
def test_api_answers_as_its_schema_says(case, admin_headers, wsgi_keeps_the_test_connection):
    case.call_and_validate(headers=admin_headers, checks=CHECKS)


@pytest.mark.slow
def test_chains_of_calls_answer_as_the_schema_says(admin_headers, wsgi_keeps_the_test_connection):
    """Stateful: scenarios that create, read, edit and list, each answer checked as above."""

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": admin_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    assert schema.statistic.transitions.total > 0, "no links between operations: nothing stateful to run"
    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
