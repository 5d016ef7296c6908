"""The suggested outlet on the admin's article page, in a real browser: seen with its evidence, then accepted."""

from __future__ import annotations

import pytest

from provenance.models import Article
from tests.admin.test_outlet_suggestion_admin import body_of, store
from tests.admin.test_screenshots import ARTIFACTS, signed_in_superuser
from tests.provenance.house_pages import KESTREL, kestrel_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_the_suggested_outlet_with_its_evidence_and_accepts_it(
    browser, live_server, django_user_model, make_source
):
    kestrel = make_source(KESTREL)
    for n in range(3):
        store(body_of(kestrel_text(n)), outlet=kestrel, title=f"Kestrel report {n} from the northern valley")
    unsigned = store(body_of(kestrel_text(7)), title="Crews repair the valley bridges (no outlet on the page)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = signed_in_superuser(browser, live_server.url, django_user_model, "suggestion_reviewer")
    page.goto(page.base + f"/admin/provenance/article/{unsigned.pk}/change/")
    panel = page.locator(".outlet-suggestion")
    assert "Suggested outlet: Kestrel Daily" in panel.inner_text()
    assert panel.locator("li").count() == 3  # dateline, its own link marker, and the weather-map marker
    page.screenshot(path=ARTIFACTS / "article_outlet_suggestion.png", full_page=True)

    page.click("button[name=accept]")
    page.wait_for_selector(".messagelist .success")
    assert "Kestrel Daily is now the article" in page.locator(".messagelist").inner_text()
    assert "accepted by suggestion_reviewer" in page.locator(".outlet-suggestion").inner_text()
    assert Article.objects.get(pk=unsigned.pk).outlet == kestrel
    assert page.problems == []
    context.close()
