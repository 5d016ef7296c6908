"""The spread of a story in the web app: the reader's chain panel and the claim page draw it."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from claims.services import add_mention, create_claim
from provenance.services import add_derivation
from tests.stories import STORY, build_story
from tests.webapp.conftest import ARTIFACTS, shoot


def _claim_on(articles):
    claim = create_claim(text="The ferry carried grain to Orvel on Tuesday.", kind="event")
    for article in articles:
        start = article.body.index("the ferry")
        add_mention(claim=claim, article=article, start=start, end=start + 22, quote=article.body[start : start + 22])
    return claim


def test_the_reader_panel_links_to_the_spread_page(client_as, db, django_assert_max_num_queries):
    story = build_story(3)
    client = client_as("viewer")
    page = client.get(f"/articles/{story.articles[1].pk}/").content.decode()
    assert f'href="/articles/{story.articles[1].pk}/spread/"' in page
    with django_assert_max_num_queries(12):
        response = client.get(f"/articles/{story.articles[1].pk}/spread/")
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<svg") == 2
    assert "The spread of “Copy 1 of the ferry story”" in html
    assert "4 articles in 4 outlets" in html
    assert f'href="/articles/{story.origin.pk}/"' in html


def test_a_lone_article_says_it_has_no_copies(client_as, make_article):
    article = make_article()
    html = client_as("viewer").get(f"/articles/{article.pk}/spread/").content.decode()
    assert "<svg" not in html and "No copies" in html


def test_the_claim_page_loads_the_claim_spread(client_as, db):
    story = build_story(3)
    claim = _claim_on(story.articles[:3])
    client = client_as("viewer")
    assert f'hx-get="/claims/{claim.pk}/spread/"' in client.get(f"/claims/{claim.pk}/").content.decode()
    html = client.get(f"/claims/{claim.pk}/spread/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and html.count("<svg") == 2 and f"/api/v1/claims/{claim.pk}/spread/?format=svg" in html


def test_the_spread_pages_need_the_right_to_read(client, client_as, make_article):
    article = make_article()
    assert client.get(f"/articles/{article.pk}/spread/").status_code == 302  # to sign-in
    assert client_as("viewer").get("/articles/999999/spread/").status_code == 404
    assert client_as("viewer").get("/claims/999999/spread/").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_spread_of_fifty_outlets_and_of_two_in_a_real_browser(open_page, live_server, make_user, make_article):
    story = build_story(49)
    claim = _claim_on([story.articles[0], story.articles[5], story.articles[9]])
    assert STORY  # the fictional text the marks stand for
    page = open_page(make_user("viewer"))
    page.goto(f"{live_server.url}/articles/{story.articles[20].pk}/")
    thumbnail = page.locator(".spread-thumb img")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.spread-thumb img').naturalWidth > 0")
    thumbnail.screenshot(path=ARTIFACTS / "spread" / "reader-thumbnail-50.png")
    page.click(".spread-link a")
    expect(page.locator(".spread-page svg")).to_have_count(2)
    shoot(page, "spread/article-page-50.png")
    page.locator(f".spread-page a[href$='/articles/{story.origin.pk}/']").first.click()
    page.wait_for_url(f"{live_server.url}/articles/{story.origin.pk}/")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    expect(page.locator(".claim-spread svg")).to_have_count(2)
    shoot(page, "spread/claim-page.png")
    for index, name in enumerate(("timeline", "graph")):
        page.locator(".claim-spread figure").nth(index).screenshot(path=ARTIFACTS / "spread" / f"claim-{name}-50.png")
    original = make_article(title="A lone report", published=date(2031, 6, 2))
    copy = make_article(title="Its one copy", published=date(2031, 6, 4))
    add_derivation(derived=copy, source_article=original, kind="excerpt")
    page.goto(f"{live_server.url}/articles/{copy.pk}/spread/")
    shoot(page, "spread/article-page-2.png", full_page=True)
    page.goto(f"{live_server.url}/api/v1/articles/{copy.pk}/spread/?format=svg&chart=graph")
    shoot(page, "spread/graph-api-2.png")
    assert page.problems == []
