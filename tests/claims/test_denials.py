"""Who denies what, who confirms it, and who said it first: proposals read as a fact-checker reads them.

Crafted fictional reports, proposed, then read back where fact-checkers read them: the status view
(ClaimStatus and its explanation), the claim list API and the claim report API.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimRelation, ClaimStatus, Mention
from claims.roles import VIEWER, sync_role_groups
from claims.selectors.status import isolated, status_explanation, status_explanation_html
from claims.services import propose_for_article
from provenance.services import create_article, store_capture

pytestmark = pytest.mark.django_db


@pytest.fixture
def herald(make_source):
    return make_source("Marsk Herald")


@pytest.fixture
def api(client, django_user_model, settings):
    settings.API_USER_RATE = "100000/hour"
    sync_role_groups()
    user = django_user_model.objects.create_user(username="denials-viewer")
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    return client


def proposed(make_article, body: str, outlet, **fields):
    article = make_article(body, outlet=outlet, **fields)
    report = propose_for_article(article=article)
    return article, report


def claim_with(fragment: str) -> Claim:
    return Claim.objects.get(text__contains=fragment)


def listed(api, article) -> dict[int, dict]:
    """The claim list API's entries for the claims mentioned in one article."""
    response = api.get("/api/v1/claims/", {"article": article.pk})
    assert response.status_code == 200
    return {entry["id"]: entry for entry in response.json()["results"]}


def reported(api, claim) -> dict:
    response = api.get(f"/api/v1/claims/{claim.pk}/report/")
    assert response.status_code == 200
    return response.json()


def assert_no_claim_is_a_denial():
    assert not Claim.objects.filter(kind="denial").exists()
    assert not Claim.objects.filter(text__icontains="denied").exists()
    assert not ClaimRelation.objects.exists()


DENIED_AFTER_REPORT = (
    "Shelling in Tarnholm\n\n"
    "Dravonian artillery shelled the grain silos of Tarnholm on Tuesday, the Tarnholm Casualty Monitor said.\n\n"
    "The Dravonian Ministry of Defence denied that its artillery shelled the grain silos of Tarnholm."
)


def test_b_denied_x_is_a_denying_mention_of_x_attributed_to_b(make_article, herald, api):
    article, report = proposed(make_article, DENIED_AFTER_REPORT, herald)
    assert report.denials_linked == 1
    silos = claim_with("shelled the grain silos")
    denial = Mention.objects.get(claim=silos, stance="denies")
    assert denial.attributed_to.name == "Dravonian Ministry of Defence"
    assert denial.quote.startswith("The Dravonian Ministry of Defence denied")
    assert_no_claim_is_a_denial()

    status = ClaimStatus.objects.get(claim=silos)
    assert status.suggested_status == "contradicted"
    assert status.asserting_origins == ["Tarnholm Casualty Monitor"]
    assert status.independent_denying_origins == ["Dravonian Ministry of Defence"]
    assert "contradicted by \u2068Dravonian Ministry of Defence\u2069, independent of the 1 origin asserting it" in (
        status_explanation(status)
    )

    entries = listed(api, article)
    assert list(entries) == [silos.pk]  # one claim, not a second "denial" claim
    assert entries[silos.pk]["suggested_status"] == "contradicted"
    report = reported(api, silos)
    assert report["denying_origins"] == ["Dravonian Ministry of Defence"]
    stances = {(m["stance"], (m["attributed_to"] or {}).get("name")) for m in report["mentions"]}
    assert stances == {("asserts", "Tarnholm Casualty Monitor"), ("denies", "Dravonian Ministry of Defence")}


def test_a_denied_clause_stated_nowhere_else_is_a_claim_of_its_own_that_nobody_asserts(make_article, herald, api):
    article, _ = proposed(
        make_article, "Dravonian state media denied that the strikes hit the fuel depot at Vetch.", herald
    )
    (claim,) = Claim.objects.all()
    assert claim.text == "The strikes hit the fuel depot at Vetch"
    mention = claim.mentions.get()
    assert (mention.stance, mention.attributed_to.name) == ("denies", "Dravonian state media")
    assert mention.quote == article.body.rstrip(".") + "." and mention.start == 0
    status = ClaimStatus.objects.get(claim=claim)
    assert (status.suggested_status, status.asserting_origin_count) == ("contradicted", 0)
    assert status_explanation(status).endswith(
        "contradicted by \u2068Dravonian state media\u2069; no mention asserts it"
    )
    assert listed(api, article)[claim.pk]["suggested_status"] == "contradicted"
    assert [m["stance"] for m in reported(api, claim)["mentions"]] == ["denies"]


DENIED_THESE_CLAIMS = (
    "The Korrin Front said it repelled a Dravonian attack near Vetch on Friday. "
    "The group said that Dravonian units advanced under cover of a Red Crescent convoy.\n\n"
    "A Dravonian military source, stationed near Vetch, denied these claims. "
    "The source told the Marsk Herald that no clashes happened in the area."
)


def test_b_denied_these_claims_denies_the_claims_before_it_not_the_other_way_round(make_article, herald, api):
    article, report = proposed(make_article, DENIED_THESE_CLAIMS, herald)
    repelled, convoy = claim_with("repelled a Dravonian attack"), claim_with("Red Crescent convoy")
    for claim in (repelled, convoy):
        denial = Mention.objects.get(claim=claim, stance="denies")
        assert denial.quote == "A Dravonian military source, stationed near Vetch, denied these claims."
        assert denial.attributed_to.name == "Dravonian military source (Marsk Herald)"
        status = ClaimStatus.objects.get(claim=claim)
        assert status.suggested_status == "contradicted"
        assert status.asserting_origins == ["Korrin Front"]  # the party denied is never shown as the denier
        assert status.independent_denying_origins == ["Marsk Herald"]  # an unnamed source, traced to its outlet
        entry = listed(api, article)[claim.pk]
        assert "contradicted by \u2068Marsk Herald\u2069" in entry["status_explanation"]
        denying = [m for m in reported(api, claim)["mentions"] if m["stance"] == "denies"]
        assert [m["attributed_to"]["name"] for m in denying] == ["Dravonian military source (Marsk Herald)"]
    assert report.denials_linked == 1
    assert_no_claim_is_a_denial()


CONFIRMED = (
    "Veloria Wire reported that Dravonian troops entered the village of Sarnel on Monday.\n\n"
    "The Dravonian army confirmed the reports."
)


def test_b_confirmed_x_is_a_mention_of_x_asserting_it_attributed_to_b(make_article, herald, api):
    article, report = proposed(make_article, CONFIRMED, herald)
    assert report.confirmations_linked == 1
    (sarnel,) = Claim.objects.all()
    confirmation = Mention.objects.get(claim=sarnel, quote="The Dravonian army confirmed the reports.")
    assert (confirmation.stance, confirmation.attributed_to.name) == ("asserts", "Dravonian army")
    status = ClaimStatus.objects.get(claim=sarnel)
    assert (status.suggested_status, sorted(status.asserting_origins)) == (
        "corroborated",
        ["Dravonian army", "Veloria Wire"],
    )
    assert listed(api, article)[sarnel.pk]["suggested_status"] == "corroborated"
    assert sorted(reported(api, sarnel)["independent_origins"]) == ["Dravonian army", "Veloria Wire"]


def test_a_confirmation_of_nothing_stated_is_left_out(make_article, herald):
    _, report = proposed(make_article, "Fictional roundup.\n\nThe Dravonian army confirmed the reports.", herald)
    assert (report.left_out, Claim.objects.count(), Mention.objects.count()) == (1, 0, 0)


FIRST_PUBLISHED = (
    "The Dravonian Ministry of Defence denied recent reports claiming that 3 officers were killed in a blast "
    "near Vetch. These false claims were first published by the Marsk Ledger before being picked up by other "
    "outlets."
)


def test_first_published_by_x_makes_x_the_origin_of_the_reports(make_article, herald, api):
    article, _ = proposed(make_article, FIRST_PUBLISHED, herald)
    (officers,) = Claim.objects.all()
    assert officers.text == "3 officers were killed in a blast near Vetch"
    asserting = officers.mentions.get(stance="asserts")
    assert (asserting.attributed_to.name, asserting.attributed_to.kind) == ("Marsk Ledger", "outlet")
    assert officers.mentions.get(stance="denies").attributed_to.name == "Dravonian Ministry of Defence"
    status = ClaimStatus.objects.get(claim=officers)
    assert (status.suggested_status, status.asserting_origins) == ("contradicted", ["Marsk Ledger"])
    assert status.independent_denying_origins == ["Dravonian Ministry of Defence"]
    assert listed(api, article)[officers.pk]["independent_origins"] == ["Marsk Ledger"]
    assert reported(api, officers)["suggested_status"] == "contradicted"


def test_reports_without_a_name_stay_anonymous_tied_to_the_outlet_carrying_them(make_article, herald):
    proposed(make_article, FIRST_PUBLISHED.split(" These false")[0], herald)
    (officers,) = Claim.objects.all()
    unnamed = officers.mentions.get(stance="asserts").attributed_to
    assert (unnamed.name, unnamed.kind, unnamed.parent) == ("recent reports (Marsk Herald)", "anonymous", herald)
    status = ClaimStatus.objects.get(claim=officers)
    assert (status.suggested_status, status.asserting_origins) == ("contradicted", ["Marsk Herald"])


ARABIC = (
    "أفادت وكالة الأنباء الفيلورية بأن القوات الدرافونية دخلت قرية سارنيل يوم الاثنين.\n\n"
    "ونفت وزارة الدفاع الدرافونية هذه الأنباء.\n\n"
    "ونفّت وزارة الدفاع الدرافونية أن تكون طائراتها قد قصفت السوق في مارسك."
)
MINISTRY = "وزارة الدفاع الدرافونية"


def test_an_arabic_denial_denies_the_report_before_it_or_the_clause_it_names(make_article, herald, api):
    article, _ = proposed(make_article, ARABIC, herald, language="ar")
    sarnel, market = claim_with("سارنيل"), claim_with("السوق")
    assert market.text == "تكون طائراتها قد قصفت السوق في مارسك"
    for claim in (sarnel, market):
        denial = Mention.objects.get(claim=claim, stance="denies")
        assert denial.attributed_to.name == MINISTRY
        assert article.body[denial.start : denial.end] == denial.quote
        assert ClaimStatus.objects.get(claim=claim).suggested_status == "contradicted"
    assert Claim.objects.count() == 2
    entry = listed(api, article)[sarnel.pk]
    # the right-to-left names are isolated: they cannot reorder the sentence around them
    assert (
        f"contradicted by {isolated(MINISTRY)}, independent of the 1 origin asserting it"
        in (entry["status_explanation"])
    )
    assert entry["independent_origins"] == ["وكالة الأنباء الفيلورية"]
    assert reported(api, market)["denying_origins"] == [MINISTRY]


def test_an_article_without_outlet_is_named_by_its_capture_never_its_title(make_claim, api):
    capture, _ = store_capture(
        data="نص خيالي".encode(), media_type="text/plain", filename="uploads/veloria-roundup.txt"
    )
    first, _ = create_article(
        title="انتصار فيلوريا",
        body="Dravonian troops entered the village of Sarnel on Monday.",
        language="en",
        capture=capture,
    )
    second, _ = create_article(
        title="Second part of the page",
        body="Veloria Wire could not verify the figure.",
        language="en",
        capture=capture,
        position_in_capture=1,
    )
    claim = make_claim("Dravonian troops entered Sarnel.")
    Mention.objects.create(claim=claim, article=first, quote="Dravonian troops", start=0, end=16)
    status = ClaimStatus.objects.get(claim=claim)
    name = "unknown outlet (veloria-roundup.txt, part 1)"
    assert status.asserting_origins == [name]
    assert f"from {isolated(name)}" in status_explanation(status)
    assert "<bdi>unknown outlet (veloria-roundup.txt, part 1)</bdi>" in status_explanation_html(status)
    report = reported(api, claim)
    assert report["independent_origins"] == [name]
    assert "انتصار" not in report["status_explanation"] and second.title not in report["status_explanation"]


# --- the old rule's denial claims, converted (migration 0011) -----------------------------------------


@pytest.fixture
def old_rule_denials(make_source, make_article, make_claim, reviewer):
    """Rows as the old proposal rule left them: "B denied these claims" as a claim of kind denial, whose
    mention asserts it, linked by "contradicts" to the two claims it denies; and two denial claims a
    person worked on (one made by a reviewer, one reviewed)."""
    from claims.services import add_mention, record_review, relate_claims
    from claims.text.w3c import selector_for_quote

    def mention(claim, article, quote, **fields):
        selector = selector_for_quote(article.body, quote)
        return add_mention(claim=claim, article=article, start=selector.start, end=selector.end, quote=quote, **fields)

    front, source = make_source("Korrin Front", kind="armed_group"), make_source("Dravonian army", kind="armed_group")
    article = make_article(DENIED_THESE_CLAIMS, outlet=make_source("Marsk Herald"))
    repelled = make_claim("The Korrin Front repelled a Dravonian attack near Vetch.")
    convoy = make_claim("Dravonian units advanced under cover of a Red Crescent convoy.")
    mention(repelled, article, "repelled a Dravonian attack near Vetch", attributed_to=front)
    mention(convoy, article, "Dravonian units advanced under cover", attributed_to=front)
    denial = make_claim("A Dravonian military source denied these claims.", kind="denial")
    moved = mention(denial, article, "denied these claims", attributed_to=source, status=Mention.Status.ACCEPTED)
    for target in (repelled, convoy):
        relate_claims(from_claim=denial, to_claim=target, kind="contradicts")
    by_person = make_claim("The Korrin Front denies losses.", kind="denial", created_by=reviewer)
    reviewed = make_claim("The army denies the convoy story.", kind="denial")
    relate_claims(from_claim=reviewed, to_claim=convoy, kind="contradicts")
    record_review(claim=reviewed, verdict="unverified", rationale="Checked by hand.", reviewer=reviewer)
    return {"repelled": repelled, "convoy": convoy, "denial": denial, "moved": moved, "kept": [by_person, reviewed]}


def test_the_old_rule_denial_claims_become_denying_mentions_of_the_claims_they_deny(old_rule_denials):
    import importlib

    from django.apps import apps

    importlib.import_module("claims.migrations.0011_denials_as_mentions").convert(apps, None)

    found = old_rule_denials
    assert not Claim.objects.filter(pk=found["denial"].pk).exists()
    moved = Mention.objects.get(pk=found["moved"].pk)  # the same mention: its id, status and attribution kept
    assert (moved.claim_id, moved.stance, moved.status) == (found["repelled"].pk, "denies", "accepted")
    assert moved.attributed_to.name == "Dravonian army"
    copy = Mention.objects.get(claim=found["convoy"], stance="denies")
    assert (copy.quote, copy.attributed_to, copy.status) == (moved.quote, moved.attributed_to, "accepted")
    status = ClaimStatus.objects.get(claim=found["repelled"])
    assert (status.suggested_status, status.independent_denying_origins) == ("contradicted", ["Dravonian army"])
    assert "Dravonian army" in ClaimStatus.objects.get(claim=found["convoy"]).independent_denying_origins
    # what a person made or reviewed is theirs: left as it is
    assert set(Claim.objects.filter(kind="denial")) == set(found["kept"])
    assert ClaimRelation.objects.filter(from_claim=found["kept"][1]).count() == 1


def test_converting_twice_changes_nothing_more(old_rule_denials):
    from claims.services.denials import convert_denial_claims

    first = convert_denial_claims()
    assert (first.claims_converted, first.mentions_moved, first.mentions_copied) == (1, 1, 1)
    assert sorted(first.kept) == sorted(claim.pk for claim in old_rule_denials["kept"])
    mentions = list(Mention.objects.values_list("id", "claim_id", "stance").order_by("id"))
    again = convert_denial_claims()
    assert again.claims_converted == 0
    assert list(Mention.objects.values_list("id", "claim_id", "stance").order_by("id")) == mentions
