"""Suggested outlets from house style: learned from articles whose outlet is known, stored for review with evidence."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from provenance.house_style import accept_outlet_suggestion, dismiss_outlet_suggestion, record_house_style
from provenance.ingestion import IngestContext, ingest_file
from provenance.models import Article, Derivation, OutletCue, OutletSuggestion
from provenance.services import ProvenanceError, create_article
from sources.models import Source
from tests.provenance.house_pages import KESTREL, ORVANE, kestrel_text, orvane_text, plain_text

pytestmark = pytest.mark.django_db


def ingest(text: str, name: str, outlet: str | None = None) -> Article:
    (stored,) = ingest_file(data=text.encode(), filename=name, outlet_name=outlet)
    return stored.article


@pytest.fixture
def known(db) -> dict[str, list[Article]]:
    """Three articles from each invented outlet, their outlet given."""
    return {
        KESTREL: [ingest(kestrel_text(n), f"k{n}.txt", KESTREL) for n in range(3)],
        ORVANE: [ingest(orvane_text(n), f"o{n}.txt", ORVANE) for n in range(3)],
    }


def suggestion_of(article: Article) -> OutletSuggestion | None:
    return OutletSuggestion.objects.filter(article=article).select_related("outlet").first()


def unsigned_orvane(n: int, *, title: str) -> str:
    return orvane_text(n, title=title, names_itself=False)


@pytest.mark.parametrize(("make", "outlet"), [(kestrel_text, KESTREL), (unsigned_orvane, ORVANE)])
def test_an_unsigned_article_in_a_house_style_gets_that_outlet_suggested_for_review(known, make, outlet):
    article = ingest(make(7, title="An unsigned report from the valley"), "unsigned.txt")
    assert article.outlet is None  # never set silently
    suggestion = suggestion_of(article)
    assert suggestion.outlet.name == outlet
    assert suggestion.status == OutletSuggestion.Status.PENDING and not suggestion.is_ambiguous
    article.refresh_from_db()
    assert article.needs_review and f"outlet suggested from house style: {outlet}" in article.review_note


def test_the_evidence_names_each_cue_the_text_it_matched_and_the_articles_that_taught_it(known):
    article = ingest(kestrel_text(8, title="Another unsigned valley report"), "unsigned.txt")
    evidence = {item["cue"]: item for item in suggestion_of(article).evidence}
    dateline = evidence["dateline"]
    assert dateline["text"] == "MIRELLE, VESKA (2:15 P.M.) –"
    assert dateline["key"] == "PLACE, PLACE (TIME) – "
    [teacher] = dateline["outlets"]
    assert teacher["name"] == KESTREL and teacher["articles"] == 3
    assert teacher["examples"] == [a.pk for a in known[KESTREL]]
    [marker] = [item for item in suggestion_of(article).evidence if item["key"] == "READ ALSO»"]
    assert marker["text"] == "READ ALSO » Kestrel report 108 on the valley roads"
    assert marker["points_to"] == teacher["id"] and marker["outlets"][0]["articles"] == 3


def test_the_orvane_courier_is_known_by_its_dateline_and_closing_line(known):
    article = ingest(unsigned_orvane(9, title="Coast report without a name"), "unsigned.txt")
    evidence = {item["cue"]: item for item in suggestion_of(article).evidence if item["points_to"]}
    assert evidence["dateline"]["key"] == "Place, Month # (OC) - "
    assert evidence["sign_off"]["text"] == "(OC coast desk)"
    assert {item["outlets"][0]["name"] for item in evidence.values() if item["points_to"]} == {ORVANE}


def test_a_text_naming_its_outlet_as_only_an_outlet_names_itself_gets_it_suggested(make_source):
    """A known source with no article stored: the text's own words are the evidence ('Dear readers, X is ...')."""
    make_source("Veskan Ledger")
    notice = "Dear readers, the Veskan Ledger is now offering a weekly map of the valley roads."
    article = ingest(plain_text(6) + "\n" + notice + "\n", "notice.txt")
    suggestion = suggestion_of(article)
    assert suggestion.outlet.name == "Veskan Ledger" and suggestion.is_direct
    [item] = suggestion.evidence
    assert item["cue"] == "self_name" and item["direct"] and item["text"].startswith("Dear readers, the Veskan Ledger")


def test_an_article_with_no_house_cue_gets_no_suggestion(known):
    article = ingest(plain_text(4), "plain.txt")
    assert article.outlet is None
    assert suggestion_of(article) is None


def test_a_cue_both_outlets_share_suggests_neither(known):
    """Both outlets point to the weather service with 'See also:': a habit of both is nobody's house style."""
    assert OutletCue.objects.filter(kind="marker", key="See also:").count() == 6
    article = ingest(plain_text(5) + "\nSee also: the regional weather service's flood map\n", "plain.txt")
    assert suggestion_of(article) is None


def test_cues_pointing_to_two_outlets_are_flagged_as_ambiguous(known):
    text = kestrel_text(11, title="A mixed report").replace("See also:", "(OC coast desk)\n\nSee also:")
    article = ingest(text, "mixed.txt")
    suggestion = suggestion_of(article)
    assert suggestion.is_ambiguous and suggestion.outlet is None
    assert {item["cue"]: item["outlets"][0]["name"] for item in suggestion.evidence if item["points_to"]} == {
        "dateline": KESTREL,
        "marker": KESTREL,
        "sign_off": ORVANE,
    }
    article.refresh_from_db()
    assert "(ambiguous)" in article.review_note
    with pytest.raises(ProvenanceError, match="ambiguous"):
        accept_outlet_suggestion(suggestion=suggestion, decided_by=None)
    accepted = accept_outlet_suggestion(suggestion=suggestion, decided_by=None, outlet=Source.objects.get(name=ORVANE))
    assert accepted.outlet.name == ORVANE


def test_a_known_article_stored_later_teaches_the_articles_stored_before_it(db):
    early = ingest(kestrel_text(5, title="An early unsigned report"), "early.txt")
    assert suggestion_of(early) is None  # nothing taught yet
    ingest(kestrel_text(1), "k1.txt", KESTREL)
    assert suggestion_of(early).outlet.name == KESTREL


def test_a_copy_of_another_outlets_text_teaches_nothing(db):
    """A repost carries the original's habits: they are not the reposting outlet's house style."""
    original = ingest(kestrel_text(1), "k1.txt", KESTREL)
    copy = ingest(kestrel_text(1, title="Valley report, as the Digest carries it"), "copy.txt", "Veskan Digest")
    assert copy.derived_from.filter(source_article=original).exists()
    unsigned = ingest(kestrel_text(6, title="A third unsigned report"), "unsigned.txt")
    assert suggestion_of(unsigned).outlet.name == KESTREL


def test_accepting_a_suggestion_makes_it_the_outlet_and_records_who(known, django_user_model):
    person = django_user_model.objects.create_user("ines")
    article = ingest(kestrel_text(7, title="An unsigned report from the valley"), "unsigned.txt")
    accept_outlet_suggestion(suggestion=suggestion_of(article), decided_by=person)
    article.refresh_from_db()
    assert article.outlet.name == KESTREL
    assert "no outlet named" not in article.review_note and f"outlet {KESTREL} accepted" in article.review_note
    suggestion = suggestion_of(article)
    assert suggestion.status == "accepted" and suggestion.decided_by == person and suggestion.decided_at
    with pytest.raises(ProvenanceError, match="already accepted"):
        dismiss_outlet_suggestion(suggestion=suggestion, decided_by=person)


def test_accepting_an_outlet_that_is_not_a_candidate_is_refused_and_changes_nothing(known):
    article = ingest(kestrel_text(7, title="An unsigned report from the valley"), "unsigned.txt")
    with pytest.raises(ProvenanceError, match="not an outlet the house-style cues"):
        accept_outlet_suggestion(
            suggestion=suggestion_of(article), decided_by=None, outlet=Source.objects.get(name=ORVANE)
        )
    article.refresh_from_db()
    assert article.outlet is None and suggestion_of(article).status == "pending"


def test_an_aggregated_article_accepted_gets_its_aggregation_edge(known):
    page = "\n\nRelated News\n\n".join(
        [kestrel_text(21, title="First carried piece"), unsigned_orvane(22, title="Second carried piece")]
    )
    stored = ingest_file(data=page.encode(), filename="aggregator.txt", outlet_name="Valley Roundup Blog")
    pieces = [item.article for item in stored]
    assert len(pieces) == 2 and all(piece.outlet is None and piece.carrier for piece in pieces)
    accept_outlet_suggestion(suggestion=suggestion_of(pieces[0]), decided_by=None)
    edge = Derivation.objects.get(derived=pieces[0])
    assert edge.source_outlet.name == KESTREL and edge.kind == "aggregation" and edge.status == "confirmed"


def test_a_dismissed_suggestion_is_not_made_again(known):
    article = ingest(kestrel_text(7, title="An unsigned report from the valley"), "unsigned.txt")
    dismiss_outlet_suggestion(suggestion=suggestion_of(article), decided_by=None)
    call_command("suggest_outlets", "--json", stdout=io.StringIO())
    suggestion = suggestion_of(article)
    assert suggestion.status == "dismissed" and suggestion.outlet.name == KESTREL


def test_the_command_suggests_for_articles_stored_before_their_teachers_had_cues(known):
    unsigned = ingest(unsigned_orvane(12, title="Coast report without a name"), "unsigned.txt")
    OutletCue.objects.all().delete()
    OutletSuggestion.objects.all().delete()
    out = io.StringIO()
    call_command("suggest_outlets", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"articles": 7, "suggested": 1, "ambiguous": 0, "decided": 0}
    assert suggestion_of(unsigned).outlet.name == ORVANE


def test_the_command_names_unknown_articles_and_changes_nothing(known):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no article with id 999999"):
        call_command("suggest_outlets", "999999", stdout=io.StringIO())


def test_house_style_costs_an_article_a_few_statements(known, django_assert_max_num_queries):
    """Measured around the one call the ingestion makes per new article."""
    context = IngestContext()
    body = kestrel_text(13).split("\n\n", 1)[1]
    unsigned, _ = create_article(title="Counted", body=body, language="en")
    with django_assert_max_num_queries(5):  # cues, teachers, their names, the suggestion, the review flag
        record_house_style(article=unsigned, directory=context.directory, source_for=context.source_for_entry)
    assert suggestion_of(unsigned).outlet.name == KESTREL
    signed, _ = create_article(title="Signed", body=body, language="en", outlet=Source.objects.get(name=KESTREL))
    with django_assert_max_num_queries(2):  # cues, articles waiting to learn from them
        record_house_style(article=signed, directory=context.directory, source_for=context.source_for_entry)
