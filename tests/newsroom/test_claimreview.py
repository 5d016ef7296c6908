"""Others' fact-checks: ClaimReview from pages, lists and URLs; links to our claims; 'already checked by' everywhere."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims.models import ClaimStatus
from newsroom.claimreview.parse import ClaimReviewError, read_claim_reviews
from newsroom.factchecks import decide_links, import_claim_reviews
from newsroom.models import FactCheck, FactCheckLink
from tests.newsroom.claimreview_pages import BROKEN_PAGE, OTHER_CLAIM, OUR_CLAIM, PAGE, SEARCH_API_LIST

LINE = "Already checked by Korrin Check Desk, 6 Mar 2031: Mostly false"


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "marsk-convoy.html"
    path.write_text(PAGE, encoding="utf-8")
    return str(path)


def test_a_fact_check_page_becomes_a_record_linked_to_our_claim(db, make_claim, page_file):
    claim = make_claim(OUR_CLAIM)
    make_claim("Fighting was reported near the Korrin airbase.")

    call_command("import_claimreview", page_file)

    fact_check = FactCheck.objects.get()
    assert (fact_check.publisher, fact_check.publisher_url) == ("Korrin Check Desk", "https://checkdesk.example.org/")
    assert fact_check.url == "https://checkdesk.example.org/marsk-convoy"
    assert fact_check.claim_reviewed == "A convoy of 40 trucks reached Marsk on 3 March 2031"
    assert fact_check.claimant == "Vell Courier"
    assert fact_check.review_date == date(2031, 3, 6)
    assert (fact_check.rating, fact_check.rating_value, fact_check.best_rating) == ("Mostly false", 2, 5)
    assert fact_check.language == "en"
    [link] = FactCheckLink.objects.all()
    assert (link.claim_id, link.status) == (claim.pk, "proposed")


def test_a_search_api_list_gives_one_record_per_review(db, make_claim, tmp_path):
    claim = make_claim(OTHER_CLAIM)
    path = tmp_path / "search.json"
    path.write_text(SEARCH_API_LIST)

    report = import_claim_reviews(inputs=[str(path)])

    assert len(report.created) == 3
    bridge = FactCheck.objects.filter(claim_reviewed__contains="bridge").order_by("publisher")
    assert [(f.publisher, f.rating, f.review_date, f.claimant) for f in bridge] == [
        ("Korrin Check Desk", "Misleading", date(2031, 3, 4), "Marsk Herald"),
        ("North Sea Verify", "False", date(2031, 3, 2), "Marsk Herald"),
    ]
    assert set(FactCheckLink.objects.values_list("claim_id", flat=True)) == {claim.pk}
    assert report.links_proposed == 2


def test_importing_again_adds_no_duplicate(db, make_claim, page_file, capsys):
    make_claim(OUR_CLAIM)
    call_command("import_claimreview", page_file)
    call_command("import_claimreview", page_file, page_file)

    assert "0 fact-check(s) imported, 2 already known" in capsys.readouterr().out
    assert FactCheck.objects.count() == 1
    assert FactCheckLink.objects.count() == 1


def test_malformed_json_ld_names_the_problem_and_stores_nothing(db, make_claim, page_file, tmp_path):
    make_claim(OUR_CLAIM)
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN_PAGE)

    with pytest.raises(CommandError) as error:
        call_command("import_claimreview", page_file, str(broken))  # the good page is refused with it

    assert str(error.value) == (
        f"{broken}: JSON-LD block 1 is not valid JSON (line 8, column 4: Expecting ',' delimiter); nothing was imported"
    )
    assert not FactCheck.objects.exists()
    assert not FactCheckLink.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the input is empty"),
        ("<html><body>No data here</body></html>", 'the page has no <script type="application/ld+json"> block'),
        ('{"@type": "Article", "headline": "x"}', "no ClaimReview found"),
        ('{"@type": "ClaimReview", "claimReviewed": "x"}', "ClaimReview 1: it has no url"),
        ('{"@type": "ClaimReview", "url": "https://a.example/", "claimReviewed": ""}', "it names no claim reviewed"),
        ('{"@type": "ClaimReview", "url": "javascript:alert(1)", "claimReviewed": "x"}', "not an http(s) address"),
        (
            '{"@type": "ClaimReview", "url": "https://a.example/", "claimReviewed": "x", "datePublished": "soon"}',
            "the date 'soon' is not an ISO 8601 date",
        ),
        (
            '[{"@type": ["ClaimReview"], "url": "https://a.example/", "claimReviewed": "x", '
            '"reviewRating": {"ratingValue": "high"}}]',
            "the rating value is not a number ('high')",
        ),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_crafted_bad_inputs_get_a_clear_error(text, message):
    with pytest.raises(ClaimReviewError, match=None) as error:
        read_claim_reviews(text, origin="input.json")
    assert message in str(error.value)
    assert str(error.value).startswith("input.json")


def test_a_fact_check_page_is_imported_by_url_under_the_capture_rules(db, make_claim, receiver, settings):
    make_claim(OUR_CLAIM)
    receiver.pages["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")
    receiver.pages["/check"] = ("text/html; charset=utf-8", PAGE.encode())
    receiver.pages["/list"] = ("application/json", SEARCH_API_LIST.encode())

    report = import_claim_reviews(inputs=[receiver.base + "/check", receiver.base + "/list"])

    assert len(report.created) == 4
    assert FactCheck.objects.get(url__endswith="marsk-convoy").imported_from == receiver.base + "/check"
    settings.CAPTURE_ALLOWED_HOSTS = []
    with pytest.raises(ClaimReviewError, match="loopback address"):
        import_claim_reviews(inputs=[receiver.base + "/check"])


def test_the_rating_never_changes_our_suggested_status(db, make_claim, page_file):
    claim = make_claim(OUR_CLAIM)
    before = ClaimStatus.objects.get(claim=claim).suggested_status
    import_claim_reviews(inputs=[page_file])
    decide_links(link_ids=FactCheckLink.objects.values_list("pk", flat=True), status="confirmed", decided_by=None)
    assert ClaimStatus.objects.get(claim=claim).suggested_status == before == "unverified"


# --- where it shows -------------------------------------------------------------------------------


@pytest.fixture
def checked_claim(db, make_claim, page_file):
    claim = make_claim(OUR_CLAIM)
    import_claim_reviews(inputs=[page_file])
    return claim


def test_the_admin_claim_page_says_already_checked(checked_claim, admin_client):
    page = admin_client.get(f"/admin/claims/claim/{checked_claim.pk}/change/").content.decode()
    assert LINE in page
    assert "proposed match" in page


def test_the_web_app_claim_page_says_already_checked(checked_claim, client, django_user_model):
    from tests.webapp.conftest import ensure_roles

    ensure_roles()
    from django.contrib.auth.models import Group

    viewer = django_user_model.objects.create_user(username="vi")
    viewer.groups.add(Group.objects.get(name="viewer"))
    client.force_login(viewer)
    page = client.get(f"/claims/{checked_claim.pk}/").content.decode()
    assert LINE in page
    assert 'href="https://checkdesk.example.org/marsk-convoy"' in page


def test_the_claim_report_lists_the_fact_check_and_a_rejected_link_leaves_it(checked_claim, admin_client):
    report = admin_client.get(f"/api/v1/claims/{checked_claim.pk}/report/").json()
    [check] = report["checked_elsewhere"]
    assert check["line"] == LINE
    assert (check["publisher"], check["rating"], check["review_date"], check["link_status"]) == (
        "Korrin Check Desk",
        "Mostly false",
        "2031-03-06",
        "proposed",
    )
    assert report["suggested_status"] == "unverified"

    link = FactCheckLink.objects.get()
    response = admin_client.post(
        f"/api/v1/fact-check-links/{link.pk}/decide/", {"status": "rejected"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert admin_client.get(f"/api/v1/claims/{checked_claim.pk}/report/").json()["checked_elsewhere"] == []
    assert LINE not in admin_client.get(f"/admin/claims/claim/{checked_claim.pk}/change/").content.decode()


def test_a_reviewer_confirms_links_in_the_admin(checked_claim, admin_client):
    link = FactCheckLink.objects.get()
    response = admin_client.post(
        "/admin/newsroom/factchecklink/", {"action": "mark_confirmed", "_selected_action": [link.pk]}, follow=True
    )
    assert "1 link confirmed." in response.content.decode()
    listed = admin_client.get(f"/admin/newsroom/factchecklink/?claim__id__exact={checked_claim.pk}")
    assert listed.status_code == 200 and "Korrin Check Desk" in listed.content.decode()
    link.refresh_from_db()
    assert link.status == "confirmed"
    page = admin_client.get(f"/admin/claims/claim/{checked_claim.pk}/change/").content.decode()
    assert LINE in page and "proposed match" not in page


def test_the_api_imports_documents_and_refuses_bad_ones_whole(db, make_claim, admin_client):
    make_claim(OTHER_CLAIM)
    import json

    good = json.loads(SEARCH_API_LIST)
    response = admin_client.post(
        "/api/v1/fact-checks/import/",
        {"documents": [good, {"@type": "ClaimReview", "claimReviewed": "no address"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input: document 2: ClaimReview 1: it has no url"
    assert not FactCheck.objects.exists()

    response = admin_client.post("/api/v1/fact-checks/import/", {"documents": [good]}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["created"] == 3


@pytest.mark.parametrize("count", [3, 12])
def test_fact_check_lists_take_constant_queries(db, make_claim, admin_client, count, django_assert_max_num_queries):
    claim = make_claim(OUR_CLAIM)
    for n in range(count):
        fact_check = FactCheck.objects.create(
            publisher=f"Desk {n}",
            url=f"https://desk.example.org/{n}",
            claim_reviewed=OUR_CLAIM,
            claim_key=str(n),
            rating="False",
        )
        FactCheckLink.objects.create(fact_check=fact_check, claim=claim, score=90)
    with django_assert_max_num_queries(8):
        assert admin_client.get("/api/v1/fact-checks/").status_code == 200
    with django_assert_max_num_queries(8):
        assert admin_client.get(f"/api/v1/fact-check-links/?claim={claim.pk}").status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get("/admin/newsroom/factchecklink/").status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get("/admin/newsroom/factcheck/").status_code == 200
