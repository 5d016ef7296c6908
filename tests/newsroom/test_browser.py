"""The 'already checked by' line in a real browser: the admin's claim page and the web app's (screenshots).

Screenshots go to tests/artifacts/newsroom/ (git-ignored); the test fails on a Content-Security-Policy
violation or a script error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.demo.loader import load_demo_corpus
from claims.models import Claim
from newsroom.factchecks import import_claim_reviews
from tests.conftest import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "newsroom"
PASSWORD = "a long screenshot passphrase"


def _fact_check_page(claim_text: str) -> bytes:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checkdesk.example.org/central-market",
        "claimReviewed": claim_text,
        "datePublished": "2031-03-22",
        "author": {"@type": "Organization", "name": "Korrin Check Desk"},
        "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 5, "alternateName": "Partly true"},
    }
    return f'<html><head><script type="application/ld+json">{json.dumps(review)}</script></head></html>'.encode()


def test_the_claim_pages_say_already_checked(browser, live_server, django_user_model):
    load_demo_corpus()
    claim = Claim.objects.get(text__startswith="Airstrikes hit the central market")
    import_claim_reviews(inputs=[("central-market.html", _fact_check_page(claim.text))])
    django_user_model.objects.create_superuser("shooter", "shooter@example.org", PASSWORD)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = watched_page(browser, width=1400, height=1000, timeout_ms=15_000)
    try:
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "shooter")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")

        page.goto(live_server.url + f"/admin/claims/claim/{claim.pk}/change/")
        line = page.locator(".checked-elsewhere li a").first
        assert line.inner_text() == "Already checked by Korrin Check Desk, 22 Mar 2031: Partly true"
        page.screenshot(path=ARTIFACTS / "admin_claim_checked_elsewhere.png", full_page=True)

        page.goto(live_server.url + f"/claims/{claim.pk}/")
        line = page.locator(".checked-elsewhere li a").first
        assert line.inner_text() == "Already checked by Korrin Check Desk, 22 Mar 2031: Partly true"
        assert line.is_visible()
        page.screenshot(path=ARTIFACTS / "webapp_claim_checked_elsewhere.png", full_page=True)
        assert page.problems == []
    finally:
        context.close()
