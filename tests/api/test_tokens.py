"""API tokens are stored hashed: the key is shown once (command line, admin) and found nowhere in the database."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

CLAIMS = "/api/v1/claims/"
HASHING_MIGRATION = ("claims", "0009_hashed_api_tokens")


def rows_holding(text: str) -> list[str]:
    """Every table of the database with a row whose text contains `text`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT count(*) FROM {quoted} AS t WHERE t::text LIKE %s", [f"%{text}%"])
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def authenticates(client, key: str) -> int:
    return client.get(CLAIMS, headers={"Authorization": f"Token {key}"}).status_code


@pytest.mark.django_db
def test_create_user_prints_a_key_once_that_works_and_that_the_database_does_not_hold(client):
    out = io.StringIO()
    call_command("create_user", "feedbot", "--role", "viewer", "--token", stdout=out)
    key = re.search(r"^API token: (\S+)$", out.getvalue(), re.MULTILINE).group(1)
    assert "cannot be shown again" in out.getvalue()
    assert authenticates(client, key) == 200
    assert rows_holding(key) == []
    assert authenticates(client, key[:-1] + ("0" if key[-1] != "0" else "1")) == 401  # one character off


@pytest.mark.django_db
def test_the_admin_shows_a_new_key_once_and_stores_only_its_hash(client, django_user_model):
    from knox.models import AuthToken

    from claims.roles import sync_role_groups

    if not Group.objects.filter(name="admin").exists():
        sync_role_groups()
    boss = django_user_model.objects.create_user(username="desk-admin", password="pw-long-enough-1", is_staff=True)
    boss.groups.add(Group.objects.get(name="admin"))
    bot = django_user_model.objects.create_user(username="feed-robot")
    bot.groups.add(Group.objects.get(name="viewer"))
    client.force_login(boss)

    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404  # no plain tokens to make
    response = client.post("/admin/knox/authtoken/add/", {"user": bot.pk, "expiry_0": "", "expiry_1": ""}, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    key = re.search(r"API token for feed-robot: ([0-9a-f]{64})", " ".join(shown)).group(1)
    assert "cannot be shown again" in " ".join(shown)
    client.logout()
    assert authenticates(client, key) == 200
    assert rows_holding(key) == []
    token = AuthToken.objects.get(user=bot)
    assert token.token_key == key[:15] and token.digest != key
    # The list shows tokens by their first characters; the key itself is nowhere on the page.
    client.force_login(boss)
    listing = client.get("/admin/knox/authtoken/").content.decode()
    assert key[:15] in listing and key not in listing


@pytest.mark.django_db
def test_a_plain_token_from_before_is_hashed_by_the_migration_and_still_works(client, django_user_model):
    from knox.models import AuthToken
    from rest_framework.authtoken.models import Token

    from claims.roles import sync_role_groups

    user = django_user_model.objects.create_user(username="old-client")
    if not Group.objects.filter(name="viewer").exists():
        sync_role_groups()
    user.groups.add(Group.objects.get(name="viewer"))
    plain = Token.objects.create(user=user, key="a3f1" * 10)  # as rest_framework.authtoken made them
    assert rows_holding(plain.key) == ["authtoken_token"]

    migration = importlib.import_module("claims.migrations.0009_hashed_api_tokens")
    before = MigrationLoader(connection).project_state(HASHING_MIGRATION, at_end=False).apps
    migration.hash_plain_tokens(before, None)

    assert rows_holding("a3f1" * 10) == []
    assert not Token.objects.exists()
    assert AuthToken.objects.get(user=user).expiry is None
    assert authenticates(client, "a3f1" * 10) == 200


@pytest.mark.django_db
def test_a_wrong_or_deleted_token_is_401(client, make_user):
    from knox.models import AuthToken

    viewer = make_user("viewer")
    assert authenticates(client, viewer.api_token) == 200
    assert authenticates(client, "0" * 64) == 401
    AuthToken.objects.filter(user=viewer).delete()
    assert authenticates(client, viewer.api_token) == 401


@pytest.mark.django_db
def test_an_expired_token_is_401(client, make_user):
    from datetime import timedelta

    from django.utils import timezone
    from knox.models import AuthToken

    viewer = make_user("viewer")
    AuthToken.objects.filter(user=viewer).update(expiry=timezone.now() - timedelta(seconds=1))
    assert authenticates(client, viewer.api_token) == 401
