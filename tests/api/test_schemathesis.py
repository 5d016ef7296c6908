"""Property-based checks of the API against its own OpenAPI schema (schemathesis, through the WSGI app).

Every operation is called with generated valid and invalid input, as an admin (who may do everything).
Zero server errors and zero schema violations: status codes, content types, bodies and headers must all
be what the schema says.
"""

from __future__ import annotations

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
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all", "max-examples": 10, "deterministic": True},
        "phases": {"stateful": {"enabled": False}},
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


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
@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_as_its_schema_says(case, admin_headers, wsgi_keeps_the_test_connection):
    case.call_and_validate(headers=admin_headers, checks=CHECKS)
