"""Shared fixtures: small builders for sources, articles and claims, and the demo corpus."""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path

import pytest

# The workspace's shared/ folder (third-party pages and the W3C suite) sits beside a checkout in our
# workspace only; a clone anywhere else has none, and the tests that read it skip with this reason.
SHARED_DIR = Path(os.environ.get("PROVENANCE_SHARED_DIR") or Path(__file__).resolve().parent.parent.parent / "shared")
SEEDS_DIR = SHARED_DIR / "seeds"
BENCHMARKS_DIR = SHARED_DIR / "benchmarks"
CONFORMANCE_DIR = SHARED_DIR / "conformance" / "w3c-web-annotation"


def missing_shared_reason(folder: Path) -> str:
    return f"needs {folder}, which is absent: it lives in the workspace's shared/ folder beside the checkout"


def needs_shared(folder: Path) -> pytest.MarkDecorator:
    """Skip a test or module whose data lives in ../shared/ when this clone has no such folder."""
    return pytest.mark.skipif(not folder.is_dir(), reason=missing_shared_reason(folder))


needs_seeds = needs_shared(SEEDS_DIR)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_counter = itertools.count(1)


@pytest.fixture
def make_source(db):
    from sources.services import create_source

    def build(name: str | None = None, **fields):
        return create_source(name=name or f"Outlet {next(_counter)}", **fields)

    return build


@pytest.fixture
def make_article(db, make_source):
    from provenance.services import create_article

    def build(body: str | None = None, *, outlet=None, title: str | None = None, **fields):
        n = next(_counter)
        article, _ = create_article(
            title=title or f"Article {n}",
            body=body or f"Fictional report number {n}: a convoy reached the town of Marsk.",
            language=fields.pop("language", "en"),
            outlet=outlet if outlet is not None else make_source(),
            published=fields.pop("published", date(2031, 3, 1)),
            **fields,
        )
        return article

    return build


@pytest.fixture
def make_claim(db):
    from claims.services import create_claim

    def build(text: str | None = None, **fields):
        return create_claim(text=text or f"Claim {next(_counter)}", **fields)

    return build


@pytest.fixture
def reviewer(db, django_user_model):
    return django_user_model.objects.create_user(username=f"reviewer{next(_counter)}", password="x")


@pytest.fixture
def demo_corpus(db):
    from claims.demo.loader import load_demo_corpus

    return load_demo_corpus()


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium per test module (Playwright; no browser download).

    Per module, not per session: while Playwright's sync API runs, its event loop occupies this
    thread, and tests outside the browser modules (procrastinate workers) need the thread free.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` once (it apt-installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API keeps an event loop in this thread; our database calls around it are
    # ordinary synchronous code, which Django would otherwise refuse to run "in an async context".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def watched_page(browser, *, width: int, height: int, timeout_ms: int):
    """A new context and page whose `problems` collect console errors and Content-Security-Policy reports."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.problems = []
    page.on(
        "console",
        lambda message: (
            page.problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return context, page
