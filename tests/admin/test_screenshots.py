"""The review pages in a real browser (Debian's Chromium via Playwright), signed in through the login form.

Screenshots go to tests/artifacts/admin/ (git-ignored) for a person to look at; the test fails on any
Content-Security-Policy violation or script error, and checks what a reviewer must see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.demo.loader import load_demo_corpus
from claims.models import Claim
from sources.models import Source
from tests.conftest import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "admin"
PASSWORD = "a long screenshot passphrase"


def signed_in_superuser(browser, base: str, django_user_model, username: str):
    """A new superuser and a browser context of their own, signed in to the admin through the login form."""
    django_user_model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    context, page = watched_page(browser, width=1400, height=1000, timeout_ms=15_000)
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    page.base = base
    return context, page


@pytest.fixture
def admin_page(browser, live_server, django_user_model):
    """A page signed in to the admin as a superuser, over the demo corpus; collects console errors."""
    load_demo_corpus()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = signed_in_superuser(browser, live_server.url, django_user_model, "shooter")
    yield page
    context.close()


def test_claim_list_claim_page_and_bulk_pages(admin_page):
    page = admin_page
    page.goto(page.base + "/admin/claims/claim/")
    assert page.locator("ul.saved-views a").count() == 4
    assert page.locator("#result_list tbody tr").count() == Claim.objects.count()
    page.screenshot(path=ARTIFACTS / "claim_list.png", full_page=True)

    claim = Claim.objects.get(text__startswith="Airstrikes hit the central market")
    page.goto(page.base + f"/admin/claims/claim/{claim.pk}/change/")
    assert page.locator(".origin-group").count() == 3  # two asserting it, the ministry denying it
    assert page.locator(".mention mark").count() == 7
    page.screenshot(path=ARTIFACTS / "claim_page.png", full_page=True)

    arabic = page.locator('blockquote[lang="ar"]')
    assert arabic.evaluate("element => getComputedStyle(element).direction") == "rtl"
    page.screenshot(path=ARTIFACTS / "claim_page_arabic.png", full_page=True)

    page.goto(page.base + "/admin/claims/claim/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "mark_single_sourced")
    page.click("button[name=index]")
    page.wait_for_selector("textarea[name=rationale]")
    assert "Record 10 reviews" in page.content()
    page.screenshot(path=ARTIFACTS / "bulk_verdict_confirmation.png", full_page=True)

    page.goto(page.base + "/admin/claims/claim/")
    page.locator("input[name=_selected_action]").nth(0).check()
    page.locator("input[name=_selected_action]").nth(1).check()
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=into]")
    page.screenshot(path=ARTIFACTS / "merge_confirmation.png", full_page=True)

    today = Source.objects.get(slug="dravonia-today")
    page.goto(page.base + f"/admin/sources/source/{today.pk}/change/")
    assert page.locator(".tree li").count() == 2
    page.screenshot(path=ARTIFACTS / "source_page.png", full_page=True)

    assert page.problems == []


def test_a_stale_claim_page_shows_who_changed_it_and_both_versions(admin_page, browser, django_user_model):
    """Two reviewers in two browsers on one claim: the later save of the older page is refused, then kept."""
    page = admin_page
    claim = Claim.objects.get(text__startswith="Airstrikes hit the central market")
    url = page.base + f"/admin/claims/claim/{claim.pk}/change/"
    page.goto(url)  # A opens the claim

    context, other = signed_in_superuser(browser, page.base, django_user_model, "second_reviewer")
    other.goto(url)  # B opens the same claim, rewords it and saves
    other.fill("#id_text", claim.text + " (two stalls destroyed)")
    other.click("input[name=_continue]")
    other.wait_for_selector(".messagelist .success")
    assert other.problems == []
    context.close()

    page.select_option("#id_kind", "casualty")  # A, on the page opened before B's save
    page.click("input[name=_continue]")
    page.wait_for_selector("#edit-conflict")
    assert "changed by second_reviewer at" in page.locator(".errornote + ul.errorlist").inner_text()
    rows = page.locator("#edit-conflict tbody tr")
    assert rows.count() == 2
    assert "two stalls destroyed" in rows.filter(has_text="Text").inner_text()
    assert page.locator("#id_kind").input_value() == "casualty"  # A's edit is still in the form
    page.screenshot(path=ARTIFACTS / "claim_edit_conflict.png", full_page=True)
    claim.refresh_from_db()
    assert claim.text.endswith("(two stalls destroyed)") and claim.kind == Claim.Kind.EVENT

    page.click("input[name=_continue]")  # A has compared: saving again from the refused page keeps A's values
    page.wait_for_selector(".messagelist .success")
    claim.refresh_from_db()
    assert claim.kind == Claim.Kind.CASUALTY
    # Chromium reports the refused page's status (409) on the console: expected, and the only message
    assert page.problems == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]


def test_a_capture_page_says_whether_its_evidence_holds(admin_page):
    from provenance.services import store_capture

    page = admin_page
    html = b"<html><body><h1>Ferry to Orvel</h1><p>A fictional page kept as evidence.</p></body></html>"
    capture, _ = store_capture(data=html, media_type="text/html", encoding="utf-8", filename="orvel-ferry.html")
    page.goto(page.base + f"/admin/provenance/capture/{capture.pk}/change/")
    evidence = page.locator(".field-evidence")
    assert "the bytes hash to the stored SHA-256" in evidence.inner_text()
    page.screenshot(path=ARTIFACTS / "capture_page.png", full_page=True)
    assert page.problems == []
