"""Fixtures for API tests: users in each role with tokens, a JSON client, and a crafted provenance chain."""

from __future__ import annotations

import itertools
import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from claims.roles import ADMIN, ANNOTATOR, REVIEWER, VIEWER

ROLES = (VIEWER, ANNOTATOR, REVIEWER, ADMIN)
# Statements of the request counters (claims/api/throttling.py) in a token request inside a test's
# transaction: the address's wrong-token count read, then the user's count, each in a savepoint.
# Outside a transaction, as in production, they are 2.
COUNTER_QUERIES = 6
_counter = itertools.count(1)

# Fictional text: invented towns, outlets and people.
ORIGIN_BODY = (
    "Valley Courier, 3 March. On Monday shelling hit the market in Marsk, the town council said. "
    "At least 12 stalls burned. The Observatory of Marsk counted 4 injured."
)
COPY_BODY = (
    "Republished from Valley Courier. On Monday shelling hit the market in Marsk, the town council said. "
    "At least 12 stalls burned."
)
SECOND_COPY_BODY = (
    "Via Northern Mirror: On Monday shelling hit the market in Marsk, the town council said. Stalls burned."
)
QUOTE = "shelling hit the market in Marsk"


@pytest.fixture(autouse=True)
def _api_settings(settings, monkeypatch):
    """Each test starts with empty counters and a rate no normal test reaches.

    The API's counters are rows in the test's database; the cache holds the sign-in ones. Old counter
    rows are not deleted in the middle of a test (it would add statements to some requests only).
    """
    monkeypatch.setattr("claims.api.throttling._next_cleanup", float("inf"))
    cache.clear()
    settings.API_USER_RATE = "100000/hour"
    settings.API_ANON_RATE = "100000/hour"
    yield
    cache.clear()


@pytest.fixture
def make_user(db, django_user_model):
    """A user in one role (or none), with an API token in user.api_token."""
    from django.contrib.auth.models import Group

    from claims.api.authentication import issue_token
    from claims.roles import sync_role_groups

    def build(role: str | None = None, *, username: str | None = None):
        user = django_user_model.objects.create_user(username=username or f"{role or 'nobody'}{next(_counter)}")
        if role is not None:
            if not Group.objects.filter(name=role).exists():
                sync_role_groups()  # a transactional test's flush removed the groups
            user.groups.add(Group.objects.get(name=role))
        user.api_token = issue_token(user=user)
        return user

    return build


class JsonClient:
    """The Django test client, speaking JSON with a token (or anonymously)."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.headers = {"Authorization": f"Token {token}"} if token else {}

    def _headers(self, extra):
        return {**self.headers, **(extra or {})}

    def get(self, path: str, data=None, headers=None, **kwargs):
        return self.client.get(path, data, headers=self._headers(headers), **kwargs)

    def _send(self, method: str, path: str, payload, headers, raw: bool):
        body = payload if raw else json.dumps(payload)
        return getattr(self.client, method)(
            path, data=body, content_type="application/json", headers=self._headers(headers)
        )

    def post(self, path: str, payload=None, headers=None, raw: bool = False):
        return self._send("post", path, payload, headers, raw)

    def put(self, path: str, payload=None, headers=None, raw: bool = False):
        return self._send("put", path, payload, headers, raw)

    def patch(self, path: str, payload=None, headers=None, raw: bool = False):
        return self._send("patch", path, payload, headers, raw)

    def delete(self, path: str, headers=None):
        return self.client.delete(path, headers=self._headers(headers))


@pytest.fixture
def api_as(client, make_user):
    """api_as("reviewer") -> a JSON client authenticated as a new user in that role."""

    def build(role: str | None = None):
        user = make_user(role)
        api = JsonClient(client, user.api_token)
        api.user = user
        return api

    return build


@pytest.fixture
def anonymous(client):
    return JsonClient(client)


@pytest.fixture
def crafted(db, make_user):
    """One report copied twice (origin -> copy -> copy of the copy), a claim mentioned in all three,
    a denial from an independent monitor on another claim, and a review."""
    from claims.services import add_mention, create_claim, record_review
    from provenance.models import Derivation
    from provenance.services import add_derivation, create_article
    from sources.models import Source
    from sources.services import create_source

    courier = create_source(name="Valley Courier", kind=Source.Kind.OUTLET, domains=["valley-courier.example"])
    mirror = create_source(name="Northern Mirror", kind=Source.Kind.BLOG)
    gazette = create_source(name="Hill Gazette", kind=Source.Kind.BLOG)
    observatory = create_source(name="Observatory of Marsk", kind=Source.Kind.MONITOR)
    origin, _ = create_article(
        title="Market in Marsk shelled",
        body=ORIGIN_BODY,
        language="en",
        outlet=courier,
        url="https://valley-courier.example/marsk-market",
        published=date(2031, 3, 3),
    )
    copy, _ = create_article(
        title="Marsk market shelled",
        body=COPY_BODY,
        language="en",
        outlet=mirror,
        url="https://northern-mirror.example/2031/03/marsk",
        published=date(2031, 3, 4),
    )
    second, _ = create_article(
        title="Marsk: market hit", body=SECOND_COPY_BODY, language="en", outlet=gazette, published=date(2031, 3, 5)
    )
    first_edge, _ = add_derivation(
        derived=copy,
        source_article=origin,
        evidence=Derivation.Evidence.ATTRIBUTION,
        evidence_text="Republished from Valley Courier",
        status=Derivation.Status.CONFIRMED,
    )
    second_edge, _ = add_derivation(
        derived=second, source_article=copy, evidence=Derivation.Evidence.TEXT_REUSE, score=0.91
    )
    claim = create_claim(text="Shelling hit the market in Marsk on 3 March.", kind="event", places=["Marsk"])
    mentions = []
    for article in (origin, copy, second):
        start = article.body.index(QUOTE)
        mentions.append(
            add_mention(
                claim=claim, article=article, start=start, end=start + len(QUOTE), quote=QUOTE, hedge="reported"
            )
        )
    injured = create_claim(text="Four people were injured in Marsk.", kind="casualty")
    injured_quote = "The Observatory of Marsk counted 4 injured"
    start = origin.body.index(injured_quote)
    add_mention(claim=injured, article=origin, start=start, end=start + len(injured_quote), attributed_to=observatory)
    reviewer = make_user(REVIEWER, username="desk-reviewer")
    first_review = record_review(
        claim=claim, verdict="unverified", rationale="Waiting for a second source.", reviewer=reviewer
    )
    latest_review = record_review(
        claim=claim,
        verdict="single_sourced",
        rationale="Every copy derives from the Valley Courier report.",
        reviewer=reviewer,
    )
    return SimpleNamespace(
        courier=courier,
        mirror=mirror,
        gazette=gazette,
        observatory=observatory,
        origin=origin,
        copy=copy,
        second=second,
        first_edge=first_edge,
        second_edge=second_edge,
        claim=claim,
        mentions=mentions,
        injured=injured,
        reviewer=reviewer,
        reviews=[first_review, latest_review],
    )
