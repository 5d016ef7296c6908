"""Fixtures for the web app tests: users in each role, and a browser for the live-server tests."""

from __future__ import annotations

import itertools

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, watched_page  # noqa: F401  (re-exported)

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


DESKTOP = {"width": 1360, "height": 900}


def sign_in(page, base_url: str, user) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")


def shoot(page, name: str, **kwargs) -> None:
    """A screenshot into tests/artifacts/<name> (git-ignored), once the web fonts have loaded."""
    path = ARTIFACTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=path, **kwargs)


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None, viewport=DESKTOP) -> a page, signed in when given a user, that records console
    errors and Content-Security-Policy reports in page.problems."""
    contexts = []

    def make(user=None, viewport=DESKTOP):
        context, page = watched_page(browser, width=viewport["width"], height=viewport["height"], timeout_ms=10_000)
        contexts.append(context)
        if user is not None:
            sign_in(page, live_server.url, user)
        return page

    yield make
    for context in contexts:
        context.close()
