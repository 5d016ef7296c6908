"""Annotate once, carried to every copy: placed, flagged when altered, orphaned when absent, never on a lookalike."""

from datetime import date

import pytest

from claims.models import ClaimStatus, Mention
from claims.services import ClaimError, accept_mentions, add_mention, carry_mention, propose_for_article
from claims.text.carrying import SharedPassage, place_in_copy
from claims.text.w3c import selector_for_quote
from provenance.models import Derivation
from provenance.services import add_derivation

OPENING = "Fictional report. The weather in Lorn stayed dry all week and the ferry kept to its timetable."
SENTENCE = "Since Tuesday, 12 civilians have been killed in Tarnholm, the monitor said."
CLOSING = "Repairs to the old bridge near Vetch are expected to take another month, engineers said."
ORIGINAL = f"{OPENING}\n\n{SENTENCE}\n\n{CLOSING}"


@pytest.fixture
def monitor(make_source):
    return make_source("Tarnholm Casualty Monitor", kind="monitor")


@pytest.fixture
def original(make_source, make_article):
    return make_article(ORIGINAL, outlet=make_source("Marsk Herald"), published=date(2031, 6, 1))


def copy_of(make_source, make_article, source, body, day, **edge):
    article = make_article(body, outlet=make_source(), published=date(2031, 6, day))
    add_derivation(derived=article, source_article=source, status=Derivation.Status.CONFIRMED, **edge)
    return article


def accepted_mention(claim, article, monitor):
    selector = selector_for_quote(article.body, SENTENCE)
    return add_mention(
        claim=claim,
        article=article,
        start=selector.start,
        end=selector.end,
        attributed_to=monitor,
        hedge="reported",
        status=Mention.Status.ACCEPTED,
    )


def carried_to(article):
    return Mention.objects.get(article=article)


def test_an_accepted_mention_is_proposed_on_every_copy_of_its_chain(
    make_source, make_article, make_claim, original, monitor
):
    same = copy_of(make_source, make_article, original, ORIGINAL + "\n\nRepublished.", 2)
    altered = copy_of(make_source, make_article, same, ORIGINAL.replace("12 civilians", "15 civilians"), 3)
    excerpt = copy_of(make_source, make_article, original, f"{OPENING}\n\n{CLOSING}\n\nExcerpt.", 4)
    claim = make_claim("12 civilians were killed in Tarnholm.", kind="casualty")
    mention = accepted_mention(claim, original, monitor)

    report = carry_mention(mention=mention)
    assert (report.placed, report.altered, report.orphaned) == (2, 1, 1)

    placed = carried_to(same)
    assert (placed.quote, placed.status, placed.is_altered) == (SENTENCE, "proposed", False)
    assert same.body[placed.start : placed.end] == placed.quote
    assert (placed.carried_from, placed.attributed_to, placed.hedge) == (mention, monitor, "reported")

    changed = carried_to(altered)
    assert changed.is_altered and changed.quote == SENTENCE.replace("12", "15")
    assert changed.original_quote == SENTENCE
    assert altered.body[changed.start : changed.end] == changed.quote

    orphan = carried_to(excerpt)
    assert (orphan.status, orphan.original_quote) == ("orphaned", SENTENCE)

    status = ClaimStatus.objects.get(claim=claim)
    assert (status.suggested_status, status.mention_count) == ("single_sourced", 3)  # copies add no origin


def test_a_lookalike_sentence_elsewhere_is_not_taken_for_the_quote(
    make_source, make_article, make_claim, original, monitor
):
    lookalike = "Since Tuesday, 12 civilians have been killed in Sarnel, the army said."
    other = copy_of(
        make_source, make_article, original, f"A different opening about Hollin.\n\n{lookalike}\n\nNothing else.", 2
    )
    mention = accepted_mention(make_claim(), original, monitor)
    report = carry_mention(mention=mention)
    assert report.orphaned == 1
    assert carried_to(other).status == "orphaned"


def test_shared_passages_place_the_quote_in_the_matching_gap_of_the_copy(
    make_source, make_article, make_claim, original, monitor
):
    changed = SENTENCE.replace("Tarnholm", "Tarnholm district")
    decoy = "Since Tuesday, 12 civilians have been killed in Tarnholm, the army said."
    body = f"{OPENING}\n\n{changed}\n\n{CLOSING}\n\n{decoy}"
    passages = [
        {"derived_start": 0, "derived_end": len(OPENING), "source_start": 0, "source_end": len(OPENING), "words": 16},
        {
            "derived_start": body.index(CLOSING),
            "derived_end": body.index(CLOSING) + len(CLOSING),
            "source_start": ORIGINAL.index(CLOSING),
            "source_end": ORIGINAL.index(CLOSING) + len(CLOSING),
            "words": 15,
        },
    ]
    copy = copy_of(make_source, make_article, original, body, 2, passages=passages)
    carry_mention(mention=accepted_mention(make_claim(), original, monitor))
    placed = carried_to(copy)
    assert (placed.quote, placed.is_altered) == (changed, True)
    assert placed.start == body.index(changed)


def test_a_roundup_does_not_make_the_reports_it_quotes_copies_of_each_other(
    make_source, make_article, make_claim, original, monitor
):
    other_report = make_article(
        "Fictional report. The ferry to Lorn resumed its summer timetable on Monday, the port said.",
        outlet=make_source("Lorn Gazette"),
        published=date(2031, 6, 1),
    )
    roundup = copy_of(make_source, make_article, original, f"Weekly roundup.\n\n{OPENING}", 3, kind="aggregation")
    add_derivation(derived=roundup, source_article=other_report, kind="aggregation", status="confirmed")
    report = carry_mention(mention=accepted_mention(make_claim(), original, monitor))
    # the roundup left the passage out: nothing for a person to place there; the other report is not a copy
    assert (report.created, report.left_out) == (0, 1)
    assert Mention.objects.exclude(article=original).count() == 0


def test_a_passage_missing_from_an_excerpt_is_left_out_but_missing_from_its_source_is_an_orphan(
    make_source, make_article, make_claim, original, monitor
):
    excerpt = copy_of(make_source, make_article, original, f"{OPENING}\n\nExcerpt.", 2, kind="excerpt")
    late_excerpt = copy_of(make_source, make_article, original, f"{CLOSING}\n\nExcerpt.", 5, kind="excerpt")
    mention = accepted_mention(make_claim(), original, monitor)
    assert (carry_mention(mention=mention).orphaned, Mention.objects.filter(article=excerpt).count()) == (0, 0)
    assert propose_for_article(article=late_excerpt).carried == 0

    # the other way round, an excerpt's passage must be in its source: if it cannot be placed there, a person places it
    source = make_article(f"{OPENING}\n\n{CLOSING}", outlet=make_source(), published=date(2031, 5, 1))
    quoting = copy_of(make_source, make_article, source, f"{SENTENCE}\n\n{CLOSING}", 2, kind="excerpt")
    report = carry_mention(mention=accepted_mention(make_claim(), quoting, monitor))
    assert report.orphaned == 1 and carried_to(source).status == "orphaned"


def test_carrying_twice_adds_nothing(make_source, make_article, make_claim, original, monitor):
    copy_of(make_source, make_article, original, ORIGINAL + "\n\nRepublished.", 2)
    mention = accepted_mention(make_claim(), original, monitor)
    carry_mention(mention=mention)
    again = carry_mention(mention=mention)
    assert (again.created, again.already) == (0, 1)
    assert Mention.objects.count() == 2


def test_a_copy_stored_later_receives_the_accepted_mentions_of_its_chain(
    make_source, make_article, make_claim, original, monitor
):
    claim = make_claim("12 civilians were killed in Tarnholm.", kind="casualty")
    accepted_mention(claim, original, monitor)
    late = copy_of(make_source, make_article, original, ORIGINAL + "\n\nRepublished late.", 9)
    report = propose_for_article(article=late)
    assert report.carried == 1
    carried = Mention.objects.get(article=late, claim=claim)
    assert carried.carried_from is not None and carried.attributed_to == monitor
    assert Mention.objects.filter(article=late, quote=SENTENCE).count() == 1  # not proposed a second time


def test_accepting_takes_the_persons_reading_to_the_proposals_already_on_the_copies(
    make_source, make_article, original, monitor
):
    copy = copy_of(make_source, make_article, original, ORIGINAL + "\n\nRepublished.", 2)
    propose_for_article(article=original)
    propose_for_article(article=copy)
    proposal = Mention.objects.get(article=original, quote=SENTENCE)
    Mention.objects.filter(pk=proposal.pk).update(attributed_to=monitor, hedge="alleged")
    report = accept_mentions(mention_ids=[proposal.pk])
    assert report.updated == 1
    on_copy = Mention.objects.get(article=copy, quote=SENTENCE)
    assert (on_copy.attributed_to, on_copy.hedge, on_copy.carried_from_id) == (monitor, "alleged", proposal.pk)
    assert Mention.objects.get(pk=proposal.pk).status == "accepted"


def test_accepting_unknown_or_orphaned_mentions_is_refused_and_changes_nothing(
    make_source, make_article, make_claim, original, monitor
):
    excerpt = copy_of(make_source, make_article, original, f"{OPENING}\n\n{CLOSING}", 2)
    mention = accepted_mention(make_claim(), original, monitor)
    carry_mention(mention=mention)
    orphan = carried_to(excerpt)
    with pytest.raises(ClaimError, match="unknown mention id"):
        accept_mentions(mention_ids=[orphan.pk, 987654])
    with pytest.raises(ClaimError, match="orphaned: place them in the text"):
        accept_mentions(mention_ids=[orphan.pk])
    assert Mention.objects.get(pk=orphan.pk).status == "orphaned"


def test_place_in_copy_without_passages_needs_a_confident_match():
    placement = place_in_copy(
        quote=SENTENCE, prefix="", suffix="", start=0, end=len(SENTENCE), copy=f"Intro.\n\n{SENTENCE}"
    )
    assert (placement.start, placement.is_altered, placement.method) == (8, False, "exact")
    assert (
        place_in_copy(quote=SENTENCE, prefix="", suffix="", start=0, end=len(SENTENCE), copy="Nothing alike.") is None
    )


def test_place_in_copy_maps_straight_through_a_shared_passage():
    passage = SharedPassage(here_start=0, here_end=len(ORIGINAL), there_start=5, there_end=5 + len(ORIGINAL))
    start = ORIGINAL.index(SENTENCE)
    placement = place_in_copy(
        quote=SENTENCE,
        prefix="",
        suffix="",
        start=start,
        end=start + len(SENTENCE),
        copy="Intro" + ORIGINAL,
        passages=[passage],
    )
    assert (placement.start, placement.method) == (start + 5, "passage")
