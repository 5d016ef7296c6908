"""The web app over HTTP: permissions by role, constant query counts, annotation, review, correction, CSP."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Mention, Review
from claims.services import add_mention
from provenance.models import Article, Derivation
from provenance.services import add_derivation
from sources.models import Source

pytestmark = pytest.mark.django_db
CHOICES = {"claim_kind": "event", "hedge": "asserted", "stance": "asserts"}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def arabic_article():
    return Article.objects.filter(language="ar").order_by("id").first()


def english_article(title_start: str = "Airstrikes hit Marsk"):
    return Article.objects.get(title__startswith=title_start)


# ---- access ----


def test_pages_require_sign_in(client, demo_corpus):
    response = client.get(reverse("web:article_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sign_in_page_renders_with_csrf(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content


def test_user_without_role_is_refused(client, django_user_model, demo_corpus):
    client.force_login(django_user_model.objects.create_user(username="nobody", password="x"))
    assert client.get(reverse("web:article_list")).status_code == 403


def test_viewer_reads_but_cannot_annotate(client_as, demo_corpus):
    client = client_as("viewer")
    article = english_article()
    page = client.get(reverse("web:article", args=[article.pk]))
    assert page.status_code == 200
    assert b'data-can-annotate="0"' in page.content
    assert client.get(reverse("web:annotate", args=[article.pk]), {"start": 0, "end": 10}).status_code == 403
    response = client.post(
        reverse("web:annotate", args=[article.pk]),
        {"start": 0, "end": 10, "quote": article.body[:10], "claim_text": "x", "claim_kind": "event"},
    )
    assert response.status_code == 403
    assert not Mention.objects.filter(created_by=client.user).exists()


def test_annotator_cannot_record_a_verdict(client_as, demo_corpus):
    client = client_as("annotator")
    claim = Claim.objects.first()
    page = client.get(reverse("web:claim", args=[claim.pk]))
    assert b"Record a verdict" not in page.content
    response = client.post(reverse("web:claim_review", args=[claim.pk]), {"verdict": "corroborated", "rationale": "x"})
    assert response.status_code == 403


def test_posts_without_csrf_token_are_refused(make_user, demo_corpus):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("annotator"))
    article = english_article()
    response = client.post(
        reverse("web:annotate", args=[article.pk]),
        {"start": 0, "end": 10, "quote": article.body[:10], "claim_text": "x", "claim_kind": "event"},
    )
    assert response.status_code == 403
    page = client.get(reverse("web:article", args=[article.pk]))
    assert b'hx-headers=\'{"X-CSRFToken": "' in page.content


def test_content_security_policy_forbids_inline_scripts(client_as, demo_corpus):
    response = client_as("viewer").get(reverse("web:article_list"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert b"<script>" not in response.content  # every script is a file
    assert b" style=" not in response.content


def test_admin_still_renders_under_the_policy(admin_client, demo_corpus):
    response = admin_client.get(reverse("admin:provenance_article_changelist"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


# ---- article list ----


def test_list_shows_outlet_date_language_origin_and_copies(client_as, demo_corpus):
    response = client_as("viewer").get(reverse("web:article_list"))
    content = response.content.decode()
    assert "Dravonia Today" in content and "14 Mar 2031" in content
    assert '<span class="lang">ar</span>' in content
    page = response.context["page"]
    by_title = {a.title: a for a in page}
    dnb = next(a for a in page if a.outlet.slug == "dnb" and "Sarnel" in a.title)
    assert dnb.copy_count == 3  # Dravonia Today, the Borderland centre and Frontline Digest copied it
    assert by_title[dnb.title].origin_depth == 0


def test_list_search_uses_full_text_per_language(client_as, demo_corpus):
    client = client_as("viewer")
    english = client.get(reverse("web:article_list"), {"q": "airstrike"}).context["page"]
    assert english.paginator.count >= 2
    assert all(a.language == "en" for a in english)
    arabic = client.get(reverse("web:article_list"), {"q": "تولفيك"}).context["page"]
    assert {a.language for a in arabic} == {"ar"}


def test_list_filters(client_as, demo_corpus):
    client = client_as("viewer")
    url = reverse("web:article_list")
    dnb = Source.objects.get(slug="dnb")
    assert {a.language for a in client.get(url, {"language": "ar"}).context["page"]} == {"ar"}
    assert {a.outlet_id for a in client.get(url, {"outlet": dnb.pk}).context["page"]} == {dnb.pk}
    by_origin = client.get(url, {"origin": dnb.pk}).context["page"]
    state_media = set(Source.objects.filter(root=dnb).values_list("pk", flat=True)) | {dnb.pk}
    assert by_origin.paginator.count >= 4 and all(a.origin_outlet_id in state_media for a in by_origin)
    dated = client.get(url, {"date_from": "2031-04-01", "date_to": "2031-04-05"}).context["page"]
    assert dated.paginator.count and all(date(2031, 4, 1) <= a.published <= date(2031, 4, 5) for a in dated)
    unreviewed = client.get(url, {"unreviewed": "on"}).context["page"]
    assert unreviewed.paginator.count and all(a.has_unreviewed_claims for a in unreviewed)
    bad = client.get(url, {"date_from": "2031-05-01", "date_to": "2031-04-01"})
    assert b"The start date is after the end date." in bad.content


def test_list_partial_for_htmx(client_as, demo_corpus):
    response = client_as("viewer").get(reverse("web:article_list"), {"q": "Sarnel"}, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"<table" in response.content


def test_list_query_count_does_not_grow_with_rows(client_as, demo_corpus, make_article, make_claim):
    client = client_as("viewer")
    url = reverse("web:article_list")
    before = count_queries(client, url)
    outlet = Source.objects.get(slug="veloria-wire")
    previous = Article.objects.filter(outlet=outlet).first()
    for _ in range(8):
        article = make_article(outlet=outlet, published=date(2031, 5, 1))
        add_derivation(derived=article, source_article=previous, evidence=Derivation.Evidence.MANUAL)
        add_mention(claim=make_claim(), article=article, start=0, end=10)
    after = count_queries(client, url)
    assert after == before <= 10


def test_list_paginates(client_as, demo_corpus, make_article):
    for _ in range(30):
        make_article()
    client = client_as("viewer")
    first = client.get(reverse("web:article_list"))
    assert first.context["page"].has_next()
    second = client.get(reverse("web:article_list"), {"page": 2})
    assert second.context["page"].number == 2


# ---- reader ----


def test_reader_marks_arabic_as_right_to_left(client_as, demo_corpus):
    article = arabic_article()
    content = client_as("viewer").get(reverse("web:article", args=[article.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in content


def test_reader_shows_chain_origin_first_and_claims_with_status(client_as, demo_corpus):
    copy = Article.objects.get(outlet__slug="frontline-digest", title__startswith="Sarnel falls")
    response = client_as("viewer").get(reverse("web:article", args=[copy.pk]))
    chain = response.context["chain"].chain
    assert chain.links[0].article.outlet.slug == "dnb"  # the origin at the top
    assert chain.links[-1].article.pk == copy.pk
    content = response.content.decode()
    assert content.index("Dravonian National Broadcaster") < content.index("(this article)")
    claims = response.context["claims"]
    assert claims and all(item.status is not None and item.explanation for item in claims)
    assert "s-single_sourced" in content or "s-contradicted" in content or "s-corroborated" in content


def test_reader_highlights_mentions_by_stance_and_status(client_as, demo_corpus):
    article = english_article()
    mention = Mention.objects.filter(article=article).first()
    claim = Claim.objects.create(text="A proposed one")
    proposed = add_mention(claim=claim, article=article, start=mention.start, end=mention.start + 10, stance="denies")
    content = client_as("viewer").get(reverse("web:article", args=[article.pk])).content.decode()
    assert f'data-first="{mention.pk}"' in content or f'data-m="{mention.pk}' in content
    assert "m-denies m-proposed" in content
    assert f'id="m-{proposed.pk}"' in content


def test_reader_query_count_does_not_grow_with_mentions(client_as, demo_corpus, make_claim):
    client = client_as("annotator")
    article = english_article()
    url = reverse("web:article", args=[article.pk])
    before = count_queries(client, url)
    for i in range(6):
        add_mention(claim=make_claim(), article=article, start=400 + i * 10, end=405 + i * 10, status="proposed")
    after = count_queries(client, url)
    assert after == before <= 20


def test_reader_escapes_hostile_article_text(client_as, make_article):
    article = make_article('Breaking <script>alert("x")</script> and <img src=x onerror=alert(1)> news.')
    content = client_as("viewer").get(reverse("web:article", args=[article.pk])).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_reader_handles_a_missing_article(client_as, db):
    assert client_as("viewer").get(reverse("web:article", args=[999999])).status_code == 404


# ---- annotate ----


def test_popover_shows_the_trimmed_selection(client_as, demo_corpus):
    article = english_article()
    sentence_end = article.body.index(".") + 1
    response = client_as("annotator").get(
        reverse("web:annotate", args=[article.pk]), {"start": 0, "end": sentence_end + 2}
    )
    assert response.context["quote"] == article.body[:sentence_end]
    assert response.context["form"].initial["end"] == sentence_end


def test_popover_explains_a_selection_outside_the_text(client_as, demo_corpus):
    article = english_article()
    response = client_as("annotator").get(reverse("web:annotate", args=[article.pk]), {"start": 5, "end": 10**6})
    assert b"outside the article text" in response.content


def test_annotate_new_claim_stores_code_point_selectors(client_as, make_article):
    body = "Intro 👩🏽‍🚒 and Zoe\u0301.\n\nThe ferry at Vell was sunk on Monday, the harbour master said."
    article = make_article(body)
    quote = "The ferry at Vell was sunk on Monday"
    start = body.index(quote)
    client = client_as("annotator")
    response = client.post(
        reverse("web:annotate", args=[article.pk]),
        {
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "claim_text": "The Vell ferry was sunk.",
            "claim_kind": "event",
            "source": "new",
            "source_q": "the harbour master",
            "hedge": "reported",
            "stance": "asserts",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content
    assert "reader-updated" in response["HX-Trigger"]
    mention = Mention.objects.get(article=article)
    assert (mention.start, mention.end, mention.quote) == (start, start + len(quote), quote)
    assert mention.prefix == body[max(0, start - 32) : start] and mention.suffix == body[start + len(quote) :][:32]
    assert mention.status == Mention.Status.ACCEPTED and mention.created_by == client.user
    assert mention.attributed_to.kind == Source.Kind.ANONYMOUS and mention.attributed_to.needs_review
    assert mention.claim.text == "The Vell ferry was sunk." and mention.claim.created_by == client.user
    assert b'hx-swap-oob="true"' in response.content


def test_annotate_attaches_to_an_existing_claim(client_as, demo_corpus):
    claim = Claim.objects.get(text__startswith="Dravonian forces took control")
    article = english_article("Korrin front roundup: 21")
    words = article.body.split(".")[0]
    client = client_as("annotator")
    response = client.post(
        reverse("web:annotate", args=[article.pk]),
        {
            "start": 0,
            "end": len(words),
            "quote": words,
            "claim": claim.pk,
            "claim_kind": "event",
            "source": str(Source.objects.get(slug="dnb").pk),
            "hedge": "asserted",
            "stance": "questions",
        },
    )
    assert response.status_code == 200
    mention = Mention.objects.get(article=article, claim=claim, start=0)
    assert mention.stance == "questions" and mention.attributed_to.slug == "dnb"


def test_annotate_refuses_a_quote_the_text_no_longer_holds(client_as, demo_corpus):
    article = english_article()
    before = Mention.objects.count()
    response = client_as("annotator").post(
        reverse("web:annotate", args=[article.pk]),
        {**CHOICES, "start": 0, "end": 10, "quote": "not there!", "claim_text": "x"},
        headers={"HX-Request": "true"},
    )
    assert b"changed since the page was loaded" in response.content
    assert response["HX-Retarget"] == "#popover"
    assert Mention.objects.count() == before


def test_annotate_needs_a_claim(client_as, demo_corpus):
    article = english_article()
    response = client_as("annotator").post(
        reverse("web:annotate", args=[article.pk]),
        {**CHOICES, "start": 0, "end": 10, "quote": article.body[:10], "claim_text": " "},
    )
    assert b"Write the claim, or pick an existing claim" in response.content


@pytest.mark.parametrize("source", ["²", "①", "¹²"])
def test_annotate_with_a_digit_like_source_asks_to_search_again(client_as, make_article, source):
    article = make_article("The ferry at Vell was sunk on Monday, the harbour master said.")
    response = client_as("annotator").post(
        reverse("web:annotate", args=[article.pk]),
        {**CHOICES, "start": 0, "end": 9, "quote": "The ferry", "claim_text": "The ferry sank.", "source": source},
        headers={"HX-Request": "true"},
    )
    assert response.status_code < 500
    assert b"That source no longer exists; search again." in response.content
    assert not Mention.objects.filter(article=article).exists()


def test_claim_and_source_search_as_you_type(client_as, demo_corpus):
    client = client_as("annotator")
    claims = client.get(reverse("web:claim_search"), {"claim_q": "sarnel control"})
    assert claims.context["claims"] and all("sarnel" in c.text.lower() for c in claims.context["claims"])
    sources = client.get(reverse("web:source_search"), {"source_q": "VWS"})  # an alias
    matches = sources.context["matches"]
    assert matches[0].source.slug == "veloria-wire" and matches[0].alias == "VWS"
    assert b'value="new"' not in sources.content  # the name typed is a known source: no new one offered
    partial = client.get(reverse("web:source_search"), {"source_q": "a ministry sourc"})
    assert b'value="new"' in partial.content


# ---- proposed mentions, orphans ----


def test_accept_and_reject_proposed_mentions_in_one_click(client_as, demo_corpus, make_claim):
    article = english_article()
    first = add_mention(claim=make_claim(), article=article, start=400, end=420)
    second = add_mention(claim=make_claim(), article=article, start=430, end=440)
    client = client_as("annotator")
    headers = {"HX-Request": "true"}
    for mention, decision in [(first, "accept"), (second, "reject")]:
        response = client.post(reverse("web:decide", args=[mention.pk]), {"decision": decision}, headers=headers)
        assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("accepted", "rejected")
    viewer = client_as("viewer")
    assert viewer.post(reverse("web:decide", args=[first.pk]), {"decision": "reject"}).status_code == 403


def test_correcting_the_text_reanchors_and_lists_orphans(client_as, demo_corpus):
    article = english_article()
    mentions = {m.quote: m for m in Mention.objects.filter(article=article)}
    kept, removed = sorted(mentions, key=article.body.index)[0], sorted(mentions, key=article.body.index)[1]
    corrected = "Correction appended above.\n\n" + article.body.replace(removed, "")
    client = client_as("reviewer")
    response = client.post(reverse("web:correct_text", args=[article.pk]), {"body": corrected.replace("\n", "\r\n")})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == corrected
    moved = Mention.objects.get(pk=mentions[kept].pk)
    assert article.body[moved.start : moved.end] == kept and moved.status == "accepted"
    orphan = Mention.objects.get(pk=mentions[removed].pk)
    assert orphan.status == "orphaned" and orphan.quote == removed
    page = client.get(reverse("web:article", args=[article.pk]))
    assert page.context["orphans"] == [orphan]
    assert b"Place at selection" in page.content
    # A person places the orphan on the passage they choose.
    target = article.body.index("Rescue workers")
    response = client.post(
        reverse("web:place", args=[orphan.pk]), {"start": target, "end": target + 14}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    orphan.refresh_from_db()
    assert (orphan.status, orphan.quote, orphan.original_quote) == ("accepted", "Rescue workers", removed)


def test_correction_to_an_empty_text_is_refused(client_as, demo_corpus):
    article = english_article()
    response = client_as("reviewer").post(reverse("web:correct_text", args=[article.pk]), {"body": "   "})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.body.strip()


def test_annotator_cannot_correct_text(client_as, demo_corpus):
    assert client_as("annotator").get(reverse("web:correct_text", args=[english_article().pk])).status_code == 403


# ---- claim view ----


def test_claim_view_groups_mentions_by_independent_origin(client_as, demo_corpus):
    claim = Claim.objects.get(text__startswith="Dravonian forces took control")
    response = client_as("viewer").get(reverse("web:claim", args=[claim.pk]))
    groups = response.context["groups"]
    assert len(groups) == 1 and len(groups[0].mentions) == 4  # four outlets, one anonymous military source
    assert groups[0].outlet_count == 4
    assert response.context["explanation"]
    assert response.context["reviews"].count() == claim.reviews.count() >= 1


def test_claim_view_names_and_groups_origins_as_the_admin_does(client_as, admin_client, demo_corpus):
    claim = Claim.objects.get(text__startswith="Airstrikes hit the central market")
    web = client_as("viewer").get(reverse("web:claim", args=[claim.pk])).context["groups"]
    admin = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).context["evidence"].groups
    assert [(g.key, g.label, len(g.mentions)) for g in web] == [(g.key, g.label, len(g.mentions)) for g in admin]
    # Veloria Wire's report and the Marsk Herald's, each copied; the Dravonian ministry denying it
    assert [g.asserts for g in web] == [True, True, False]


def test_claim_view_query_count_does_not_grow_with_mentions(client_as, demo_corpus, make_article):
    client = client_as("reviewer")
    claim = Claim.objects.get(text__startswith="Dravonian forces took control")
    url = reverse("web:claim", args=[claim.pk])
    before = count_queries(client, url)
    for _ in range(5):
        add_mention(claim=claim, article=make_article(), start=0, end=8)
    assert count_queries(client, url) == before


def test_reviewer_records_a_verdict(client_as, demo_corpus):
    claim = Claim.objects.filter(reviews__isnull=True).first()
    client = client_as("reviewer")
    response = client.post(
        reverse("web:claim_review", args=[claim.pk]),
        {"verdict": "single_sourced", "rationale": "One ministry statement, copied.", "evidence": "mention 3"},
    )
    assert response.status_code == 302
    review = Review.objects.get(claim=claim)
    assert (review.verdict, review.reviewer) == ("single_sourced", client.user)
    assert b"One ministry statement, copied." in client.get(reverse("web:claim", args=[claim.pk])).content


def test_verdict_without_rationale_is_a_form_error(client_as, demo_corpus):
    claim = Claim.objects.first()
    before = Review.objects.count()
    response = client_as("reviewer").post(reverse("web:claim_review", args=[claim.pk]), {"verdict": "corroborated"})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert Review.objects.count() == before
