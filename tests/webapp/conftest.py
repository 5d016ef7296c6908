"""Fixtures for the web app tests: users in each role, and a browser for the live-server tests."""

from __future__ import annotations

import itertools

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (re-exported for the tests here)

PASSWORD = "correct horse battery staple"
_users = itertools.count(1)


def ensure_roles() -> None:
    """The four role groups with their permissions (a transactional test's flush removes them)."""
    from claims.roles import sync_role_groups

    sync_role_groups()


@pytest.fixture
def make_user(db, django_user_model):
    """A user in the given role (viewer, annotator, reviewer, admin), with a known password."""

    def build(role: str, **fields):
        from django.contrib.auth.models import Group

        ensure_roles()
        user = django_user_model.objects.create_user(username=f"{role}{next(_users)}", password=PASSWORD, **fields)
        user.groups.add(Group.objects.get(name=role))
        return user

    return build


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in with a new user in the given role."""

    def sign_in(role: str):
        user = make_user(role)
        client.force_login(user)
        client.user = user
        return client

    return sign_in
