"""What a new user meets in the first hour, in a real browser: a phone-sized screen, icons that render
on any machine, attribution only by choice, and a word for a viewer who tries to annotate.

Screenshots go to tests/artifacts/first-hour/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.models import Mention
from claims.selectors.reader import articles_for_reader_list
from provenance.models import Article
from sources.models import Source
from tests.webapp.conftest import ARTIFACTS
from tests.webapp.conftest import shoot as shoot_into_artifacts
from tests.webapp.test_glyphs import uncommon_characters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
QUOTE = "Dravonian state media showed images of a damaged rooftop in Tollvik."
VELORIA_DRONES = "Veloria denies launching drones"

# How far the page scrolls sideways, and which elements stick out past the viewport's right edge.
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(el.tagName.toLowerCase() + "." + el.className);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8)};
}
"""


def shoot(page, name: str, **kwargs) -> None:
    shoot_into_artifacts(page, f"first-hour/{name}", **kwargs)


# Selects quote in the article body as a mouse drag would leave it: a DOM range over its text nodes.
SELECT_TEXT_JS = """
(quote) => {
  const body = document.getElementById("article-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const index = text.indexOf(quote);
  if (index < 0) return false;
  const locate = (pos) => {
    for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= pos) return [nodes[k][0], pos - nodes[k][1]];
  };
  const range = document.createRange();
  range.setStart(...locate(index));
  range.setEnd(...locate(index + quote.length));
  range.startContainer.parentElement.scrollIntoView({block: "center"});
  window.getSelection().removeAllRanges();
  window.getSelection().addRange(range);
  return true;
}
"""


def select_text(page, quote: str) -> None:
    assert page.evaluate(SELECT_TEXT_JS, quote), f"{quote[:40]!r} is not in the page"


def open_popover(page, live_server, article: Article) -> None:
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_text(page, QUOTE)
    page.keyboard.press("c")
    page.locator("#popover textarea[name=claim_text]").wait_for()
    page.fill("#popover textarea[name=claim_text]", "A rooftop in Tollvik was damaged.")


# ---- a phone-sized screen ----


def test_at_phone_width_neither_the_list_nor_the_reader_scrolls_sideways(
    open_page, live_server, make_user, demo_corpus
):
    page = open_page(make_user("admin", is_staff=True), PHONE)  # the longest header: Add material, Admin
    overflow = page.evaluate(OVERFLOW_JS)
    shoot(page, "list-390.png", full_page=True)
    page.locator("#results").scroll_into_view_if_needed()
    shoot(page, "list-390-results.png")
    assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow

    for name, title in (("en", VELORIA_DRONES), ("chain", "Korrin Front: Dravonian units")):
        article = Article.objects.filter(title__startswith=title).first()
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        overflow = page.evaluate(OVERFLOW_JS)
        shoot(page, f"reader-390-{name}.png", full_page=True)
        assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow
    assert page.problems == []


# ---- icons ----


def test_the_claim_button_draws_its_plus_as_an_icon_not_a_character_a_machine_may_lack(
    open_page, live_server, make_user, demo_corpus
):
    page = open_page(make_user("annotator"))
    article = Article.objects.get(title__startswith=VELORIA_DRONES)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_text(page, QUOTE)
    page.evaluate("document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}))")
    button = page.locator("#adder button")
    expect(button).to_be_visible()
    text = button.inner_text()
    assert text.split() == ["Claim", "c"], text
    assert uncommon_characters(button.evaluate("(b) => b.outerHTML")) == []
    assert button.locator("svg[aria-hidden=true]").count() == 1  # the plus, drawn whatever the fonts
    page.locator("#adder").screenshot(path=ARTIFACTS / "first-hour" / "claim-button.png")
    assert page.problems == []


# ---- the list's order ----


def test_the_sort_control_reorders_the_list_and_keeps_the_search(open_page, live_server, make_user, demo_corpus):
    page = open_page(make_user("viewer"))
    first_row = page.locator("table.articles tbody tr td.title a").first
    newest = Article.objects.order_by("-created_at", "-id").first()
    expect(first_row).to_have_text(newest.title)
    page.select_option("#id_sort", "title")
    page.wait_for_url("**sort=title*")
    expect(first_row).to_have_text(Article.objects.order_by("title", "id").first().title)
    page.keyboard.press("/")
    page.keyboard.type("Tollvik")
    page.wait_for_url("**q=Tollvik**")
    assert "sort=title" in page.url
    expect(page.locator("#id_sort")).to_have_value("title")
    matching = Article.objects.filter(pk__in=[a.pk for a in articles_for_reader_list(q="Tollvik")])
    expect(first_row).to_have_text(matching.order_by("title", "id").first().title)
    assert page.problems == []


# ---- attribution only by choice ----


def test_typing_a_name_and_saving_attributes_nothing_until_a_suggestion_is_picked(
    open_page, live_server, make_user, demo_corpus
):
    user = make_user("annotator")
    page = open_page(user)
    article = Article.objects.get(title__startswith=VELORIA_DRONES)
    open_popover(page, live_server, article)
    page.fill("#popover #id_source_q", "Dravonia")
    suggestions = page.locator("#source-results input[name=source]:not([value=none])")
    suggestions.first.wait_for()
    assert page.locator("#source-results input[name=source]:checked").count() == 0  # typing chose nothing

    page.keyboard.press("Control+Enter")
    refusal = page.locator("#popover .error", has_text="is not picked yet")
    expect(refusal).to_be_visible()
    shoot(page, "popover-refused.png")
    assert not Mention.objects.filter(created_by=user).exists()
    assert page.locator("#popover #id_source_q").input_value() == "Dravonia"  # nothing typed is lost
    expect(suggestions.first).to_be_visible()  # the suggestions are back, to pick from

    # Clearing the name saves the mention as not attributed: a choice the annotator made.
    page.fill("#popover #id_source_q", "")
    expect(page.locator("#source-results input[value=none]")).to_be_checked()
    page.keyboard.press("Control+Enter")
    page.locator("#popover").wait_for(state="hidden")
    mention = Mention.objects.get(created_by=user)
    assert mention.attributed_to is None
    assert page.problems == []


def test_a_suggestion_picked_with_the_keyboard_attributes_the_mention(open_page, live_server, make_user, demo_corpus):
    user = make_user("annotator")
    page = open_page(user)
    article = Article.objects.get(title__startswith=VELORIA_DRONES)
    ministry = Source.objects.get(slug="dravonia-mod")
    open_popover(page, live_server, article)
    page.fill("#popover #id_source_q", ministry.name[:12])
    page.locator(f"#source-results input[value='{ministry.pk}']").wait_for()
    values = page.locator("#source-results .result input").evaluate_all("(inputs) => inputs.map((i) => i.value)")
    page.keyboard.press("ArrowDown")  # from the field to the first suggestion
    assert page.evaluate("document.activeElement.value") == values[0]
    assert page.locator("#source-results input:checked").count() == 0  # the focus moved; nothing is picked
    for _ in range(values.index(str(ministry.pk))):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == str(ministry.pk)
    page.keyboard.press("Enter")  # picks it, does not save yet
    expect(page.locator(f"#source-results input[value='{ministry.pk}']")).to_be_checked()
    assert page.locator("#popover").is_visible() and not Mention.objects.filter(created_by=user).exists()
    page.keyboard.press("Control+Enter")
    page.locator("#popover").wait_for(state="hidden")
    assert Mention.objects.select_related("attributed_to").get(created_by=user).attributed_to == ministry
    assert page.problems == []


def test_a_suggestion_picked_with_the_mouse_attributes_the_mention(open_page, live_server, make_user, demo_corpus):
    user = make_user("annotator")
    page = open_page(user)
    article = Article.objects.get(title__startswith=VELORIA_DRONES)
    wire = Source.objects.get(slug="veloria-wire")
    open_popover(page, live_server, article)
    page.fill("#popover #id_source_q", "Veloria W")
    choice = page.locator(f"#source-results input[value='{wire.pk}']")
    choice.wait_for()
    page.locator("#source-results").scroll_into_view_if_needed()
    shoot(page, "popover-suggestions.png")  # the popover with its Attributed-to suggestions, none picked yet
    choice.click()
    page.keyboard.press("Control+Enter")
    page.locator("#popover").wait_for(state="hidden")
    assert Mention.objects.select_related("attributed_to").get(created_by=user).attributed_to == wire
    assert page.problems == []


# ---- a viewer presses c ----


def test_a_viewer_pressing_c_is_told_why_nothing_opens(open_page, live_server, make_user, demo_corpus):
    page = open_page(make_user("viewer"))
    article = Article.objects.get(title__startswith=VELORIA_DRONES)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    select_text(page, QUOTE)
    page.keyboard.press("c")
    message = page.locator("#toast")
    expect(message).to_be_visible()
    expect(message).to_contain_text("annotator role")
    assert message.get_attribute("role") == "status"  # polite: read out, not an alarm
    assert page.locator("#popover").is_hidden()
    shoot(page, "viewer-presses-c.png")
    assert page.problems == []
