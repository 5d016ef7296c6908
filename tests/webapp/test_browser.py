"""The web app in a real browser (Debian's Chromium via Playwright): select text with the mouse, make claims.

Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Mention
from claims.selectors.reader import articles_for_reader_list
from claims.services import add_mention
from provenance.models import Article
from sources.models import Source
from tests.webapp.conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Finds quote in the article body's text nodes and returns the viewport points just inside its first
# and last characters, on their leading and trailing edges (right and left edges in right-to-left text).
QUOTE_POINTS_JS = """
(quote) => {
  const body = document.getElementById("article-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const index = text.indexOf(quote);
  if (index < 0) return null;
  const locate = (pos) => {
    for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= pos) return [nodes[k][0], pos - nodes[k][1]];
  };
  const [firstNode] = locate(index);
  firstNode.parentElement.scrollIntoView({block: "center"});
  const rectAt = (pos) => {
    const [node, offset] = locate(pos);
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return range.getClientRects()[0];
  };
  const first = rectAt(index), last = rectAt(index + quote.length - 1);
  const rtl = getComputedStyle(body).direction === "rtl";
  return {
    start: {x: rtl ? first.right - 1 : first.left + 1, y: first.top + first.height / 2},
    end: {x: rtl ? last.left + 1 : last.right - 1, y: last.top + last.height / 2},
  };
}
"""


def select_with_mouse(page, quote: str) -> None:
    points = page.evaluate(QUOTE_POINTS_JS, quote)
    for _ in range(40):  # a smooth scroll (the reader's move to the next mention) may still be under way
        page.wait_for_timeout(50)
        settled = page.evaluate(QUOTE_POINTS_JS, quote)
        if settled == points:
            break
        points = settled
    assert points is not None, f"{quote[:40]!r} is not in the page"
    page.mouse.move(points["start"]["x"], points["start"]["y"])
    page.mouse.down()
    page.mouse.move(points["end"]["x"], points["end"]["y"], steps=8)
    page.mouse.up()


def open_popover(page) -> None:
    page.locator("#adder button").click()
    page.locator("#popover textarea[name=claim_text]").wait_for()


def save_popover(page) -> None:
    page.locator("#popover [data-save]").click()
    page.locator("#popover").wait_for(state="hidden")


def assert_selectors_match(mention: Mention, quote: str) -> None:
    body = mention.article.body
    start = body.index(quote)
    assert (mention.quote, mention.start, mention.end) == (quote, start, start + len(quote))
    assert body[mention.start : mention.end] == quote  # code points, as Python indexes
    assert mention.prefix == body[max(0, start - len(mention.prefix)) : start]
    assert mention.suffix == body[mention.end : mention.end + len(mention.suffix)]


def test_annotator_selects_an_english_sentence_and_creates_a_claim(open_page, live_server, make_user, demo_corpus):
    user = make_user("annotator")
    page = open_page(user)
    shoot(page, "list.png", full_page=True)
    assert page.locator("table.articles tbody tr").count() == Article.objects.count()
    page.keyboard.press("/")  # the shortcut focuses the search box; results follow as you type
    page.keyboard.type("Tollvik")
    matching = articles_for_reader_list(q="Tollvik").count()
    assert 0 < matching < Article.objects.count()
    expect(page.locator("table.articles tbody tr")).to_have_count(matching)
    assert "q=Tollvik" in page.url
    page.goto(live_server.url + "/")

    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    page.click(f"a[href='/articles/{article.pk}/']")
    page.wait_for_url(f"**/articles/{article.pk}/")
    quote = "Veloria Wire was unable to verify the number of drones or where they had been launched from."
    select_with_mouse(page, quote)
    assert page.evaluate("window.getSelection().toString()") == quote
    open_popover(page)
    assert page.locator("#popover [data-quote]").inner_text() == quote
    page.fill("#popover textarea[name=claim_text]", "The number of drones over Tollvik could not be verified.")
    page.fill("#popover #id_source_q", "Veloria Wire")
    page.locator("#source-results .result input[type=radio]").first.check()  # typing alone picks nothing
    page.select_option("#popover select[name=hedge]", "reported")
    page.locator("#popover [data-save]").scroll_into_view_if_needed()
    shoot(page, "popover.png")
    save_popover(page)

    mention = Mention.objects.select_related("article", "claim", "attributed_to").get(created_by=user)
    assert_selectors_match(mention, quote)
    assert mention.claim.text == "The number of drones over Tollvik could not be verified."
    assert (mention.hedge, mention.status, mention.attributed_to.slug) == ("reported", "accepted", "veloria-wire")
    page.locator(f"mark[data-m~='{mention.pk}']").first.wait_for()
    assert page.locator("#panel").inner_text().count("The number of drones over Tollvik could not be verified.") == 1
    shoot(page, "reader-en.png", full_page=True)
    assert page.problems == []


def test_annotator_selects_arabic_text_right_to_left(open_page, live_server, make_user, demo_corpus):
    user = make_user("annotator")
    page = open_page(user)
    article = Article.objects.filter(language="ar", title__contains="تولفيك").get()
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert page.locator("article.article").get_attribute("dir") == "rtl"
    quote = article.body.split("\n\n")[1]  # the second paragraph: harakat, shadda and tanween included
    assert len(quote) != len(quote.encode("utf-16-le")) // 2 or any("\u064b" <= c <= "\u0652" for c in quote)
    select_with_mouse(page, quote)
    assert page.evaluate("window.getSelection().toString()") == quote
    open_popover(page)
    shoot(page, "popover-ar.png")
    page.select_option("#popover select[name=stance]", "asserts")
    save_popover(page)

    mention = Mention.objects.select_related("article").get(created_by=user)
    assert_selectors_match(mention, quote)
    shoot(page, "reader-ar.png", full_page=True)
    assert page.evaluate("document.fonts.check('20px \"Noto Naskh Arabic\"', 'ع')")
    assert page.problems == []


def test_offsets_are_code_points_after_emoji_and_combining_marks(open_page, live_server, make_user, make_article):
    body = (
        "Reporters 👩🏽‍🚒🇽🇻 reached Zoe\u0301-sur-Vell (fictional) at dawn. 😀😀\n\n"
        "The ferry at Zoe\u0301-sur-Vell was sunk on Monday, the harbour master said. 🚢 More later."
    )
    article = make_article(body, title="A fictional test of tricky characters")
    page = open_page(make_user("annotator"))
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    quote = "The ferry at Zoe\u0301-sur-Vell was sunk on Monday"
    select_with_mouse(page, quote)
    open_popover(page)
    save_popover(page)
    mention = Mention.objects.select_related("article").get(article=article)
    assert_selectors_match(mention, quote)
    utf16_start = len(body[: body.index(quote)].encode("utf-16-le")) // 2
    assert mention.start < utf16_start  # the browser's UTF-16 offsets were converted to code points
    assert page.problems == []


def test_second_mention_attached_to_an_existing_claim_and_proposals_decided(
    open_page, live_server, make_user, demo_corpus
):
    user = make_user("annotator")
    claim = Claim.objects.get(text__startswith="The drones sent towards Tollvik")
    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    before = claim.mentions.filter(article=article).count()
    other_claim = Claim.objects.get(text__startswith="About 4,200")
    proposed_a = add_mention(claim=other_claim, article=article, start=0, end=7)
    state = article.body.index("Dravonian state")
    proposed_b = add_mention(claim=claim, article=article, start=state, end=state + 15)
    page = open_page(user)
    page.goto(f"{live_server.url}/articles/{article.pk}/")

    # One click accepts a proposal; the keyboard rejects the other (focus it, then x).
    page.locator(f"#panel [data-mention='{proposed_a.pk}'] [data-decide=accept]").click()
    page.locator(f"#panel [data-mention='{proposed_a.pk}'] .tag.proposed").wait_for(state="detached")
    page.locator(f"#m-{proposed_b.pk}").click()
    page.keyboard.press("x")
    page.locator(f"#m-{proposed_b.pk}").wait_for(state="detached")
    proposed_a.refresh_from_db()
    proposed_b.refresh_from_db()
    assert (proposed_a.status, proposed_b.status) == ("accepted", "rejected")

    quote = "they had been launched from Velorian-held territory east of the Hollin river."
    select_with_mouse(page, quote)
    page.keyboard.press("c")  # the keyboard shortcut opens the popover for the selection
    page.locator("#popover textarea[name=claim_text]").wait_for()
    page.fill("#popover #id_claim_q", "launched by Velorian")
    page.locator(f"#claim-results input[value='{claim.pk}']").check()
    ministry = Source.objects.get(slug="dravonia-mod")
    page.fill("#popover #id_source_q", ministry.name[:12])
    page.locator(f"#source-results input[value='{ministry.pk}']").check()
    page.select_option("#popover select[name=hedge]", "reported")
    page.keyboard.press("Control+Enter")
    page.locator("#popover").wait_for(state="hidden")

    assert claim.mentions.filter(article=article).exclude(status="rejected").count() == before + 1
    mention = claim.mentions.select_related("article", "attributed_to").get(created_by=user)
    assert_selectors_match(mention, quote)
    # annotate once: the accepted mention is proposed on the other articles of its lineage
    carried = claim.mentions.filter(carried_from=mention)
    assert all(m.article_id != article.pk for m in carried), [(m.status, m.article_id) for m in carried]
    assert mention.attributed_to.slug == "dravonia-mod"
    assert page.problems == []


# Types into the claim search in the very task that shows the popover: the fastest typist there can be.
TYPE_AS_POPOVER_SHOWS_JS = """
(words) => {
  const popover = document.getElementById("popover");
  const observer = new MutationObserver(() => {
    if (popover.hidden) return;
    observer.disconnect();
    const field = popover.querySelector("#id_claim_q");
    field.value = words;
    field.dispatchEvent(new Event("input", {bubbles: true}));
  });
  observer.observe(popover, {attributes: true, attributeFilter: ["hidden"]});
}
"""


def test_words_typed_the_moment_the_popover_shows_already_search(open_page, live_server, make_user, demo_corpus):
    # The popover's search fields must be live before it shows: htmx binds new content while it settles,
    # and typing before that searched nothing (this made the test above fail about one run in five).
    claim = Claim.objects.get(text__startswith="The drones sent towards Tollvik")
    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    page = open_page(make_user("annotator"))
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.evaluate(TYPE_AS_POPOVER_SHOWS_JS, "launched by Velorian")
    select_with_mouse(page, "Dravonian state media showed images of a damaged rooftop in Tollvik.")
    page.keyboard.press("c")
    expect(page.locator(f"#claim-results input[value='{claim.pk}']")).to_be_visible()
    assert page.problems == []


def test_viewer_cannot_annotate(open_page, live_server, make_user, demo_corpus):
    page = open_page(make_user("viewer"))
    article = Article.objects.get(title__startswith="Veloria denies launching drones")
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_with_mouse(page, "Dravonian state media showed images of a damaged rooftop in Tollvik.")
    page.keyboard.press("c")
    assert page.locator("#adder").is_hidden() and page.locator("#popover").is_hidden()
    status = page.evaluate(
        """async (url) => {
            const token = document.body.getAttribute("hx-headers").match(/"X-CSRFToken": "([^"]+)"/)[1];
            const body = new URLSearchParams({
                start: "0", end: "9", quote: "Veloria's", claim_text: "x", hedge: "asserted", stance: "asserts",
            });
            const response = await fetch(url, {method: "POST", body, headers: {"X-CSRFToken": token}});
            return response.status;
        }""",
        f"/articles/{article.pk}/annotate/",
    )
    assert status == 403
    assert not Mention.objects.filter(article=article, start=0, end=9).exists()


def test_reviewer_claim_view_and_admin_work_under_the_policy(open_page, live_server, make_user, demo_corpus):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    page = open_page(admin)
    claim = Claim.objects.get(text__startswith="Dravonian forces took control")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.select_option("select[name=verdict]", "single_sourced")
    page.fill("textarea[name=rationale]", "All four copies go back to one anonymous military source.")
    page.click("text=Record verdict")
    page.locator(".history .review").first.wait_for()
    assert claim.reviews.filter(reviewer=admin, verdict="single_sourced").exists()
    shoot(page, "claim.png", full_page=True)

    page.goto(f"{live_server.url}/admin/claims/claim/")
    page.locator("#action-toggle").check()  # admin's own JavaScript runs: it ticks every row
    assert page.locator("input.action-select:checked").count() == page.locator("input.action-select").count() > 0
    shoot(page, "admin.png", full_page=True)
    assert page.problems == []


@pytest.mark.slow
def test_seed_arabic_article_reads_and_annotates(open_page, live_server, make_user):
    from django.core.management import call_command

    from tests.conftest import SEEDS_DIR, missing_shared_reason

    if not SEEDS_DIR.is_dir():
        pytest.skip(missing_shared_reason(SEEDS_DIR))
    call_command("ingest", str(SEEDS_DIR / "004_cff28bc277b8956d.txt"), verbosity=0)
    arabic = list(Article.objects.filter(language="ar").order_by("id"))
    assert arabic, "seed 004 holds Arabic articles"
    user = make_user("annotator")
    page = open_page(user)
    for number, article in enumerate(arabic, start=1):
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        assert page.locator("article.article").get_attribute("dir") == "rtl"
        shoot(page, f"seed-004-ar-{number}.png", full_page=True)
    # Select the opening words of the first Arabic article's second paragraph, read from the page at run time.
    article = arabic[0]
    paragraph = [p for p in article.body.split("\n\n") if len(p) > 60][1]
    quote = paragraph[: paragraph.rindex(" ", 0, 60)]
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_with_mouse(page, quote)
    open_popover(page)
    save_popover(page)
    mention = Mention.objects.select_related("article").get(created_by=user)
    assert_selectors_match(mention, quote)
    assert page.problems == []
