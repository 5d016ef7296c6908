"""Fixtures for the admin tests: people in each role (made with `manage.py createuser`), signed-in clients."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.test import Client

_names = itertools.count(1)
PASSWORD = "a long test passphrase 42"


def confirmed_action(action: str, ids: list[int], **fields) -> dict:
    """The final POST of a bulk action's confirmation page: the ids in one field, post=yes, the form's fields."""
    return {
        "action": action,
        "_selected_action": [ids[0]],
        "selected_ids": ",".join(map(str, ids)),
        "post": "yes",
        **fields,
    }


@pytest.fixture
def member(db, django_user_model):
    """member(role) -> a staff user in that role, created through the createuser command."""

    def build(role: str):
        name = f"{role}{next(_names)}"
        call_command("createuser", name, "--role", role, "--password", PASSWORD, stdout=io.StringIO())
        return django_user_model.objects.get(username=name)

    return build


@pytest.fixture
def client_for(member):
    """client_for(role) -> a test client signed in as a new member of that role."""

    def build(role: str) -> Client:
        client = Client()
        client.force_login(member(role))
        return client

    return build


@pytest.fixture(autouse=True)
def _no_runaway_queries(db):
    """A query that runs away fails the test (with its SQL) instead of holding the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '60s'")
