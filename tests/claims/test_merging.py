"""Merging and splitting claims: mentions and relations follow; bad requests change nothing."""

import pytest

from claims.models import Claim, ClaimRelation, Mention
from claims.services import ClaimError, add_mention, merge_claims, record_review, relate_claims, split_claim

BODY = "Shelling hit the grain silos of Tarnholm on Tuesday. Drones struck a fuel depot at Vetch on Monday."


@pytest.fixture
def article(make_article):
    return make_article(BODY)


def first_sentence(claim, article, **fields):
    return add_mention(claim=claim, article=article, start=0, end=52, **fields)


def second_sentence(claim, article, **fields):
    return add_mention(claim=claim, article=article, start=53, end=len(BODY), **fields)


def test_merging_moves_mentions_and_relations_and_keeps_the_merged_claim(article, make_article, make_claim, reviewer):
    keep, duplicate, other = make_claim("Silos shelled"), make_claim("Tarnholm silos hit"), make_claim("Depot hit")
    first_sentence(keep, article)
    first_sentence(duplicate, article)  # the same span: stays with the merged claim
    moved = first_sentence(duplicate, make_article(BODY + " Copy."))
    relate_claims(from_claim=duplicate, to_claim=other, kind="contradicts")
    relate_claims(from_claim=duplicate, to_claim=keep, kind="duplicates")
    record_review(claim=duplicate, verdict="unverified", rationale="Early look.", reviewer=reviewer)

    report = merge_claims(claims=[duplicate], into=keep)
    assert (report.mentions_moved, report.mentions_left, report.relations_moved, report.relations_dropped) == (
        1,
        1,
        1,
        1,
    )
    assert Mention.objects.get(pk=moved.pk).claim == keep
    assert ClaimRelation.objects.filter(from_claim=keep, to_claim=other, kind="contradicts").exists()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert duplicate.reviews.count() == 1
    assert set(duplicate.match_keys) <= set(Claim.objects.get(pk=keep.pk).match_keys)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "cannot be merged into itself"),
        ("nothing", "choose at least one claim"),
        ("into merged", "was itself merged into claim"),
        ("already merged", "were already merged"),
    ],
)
def test_bad_merges_are_refused_and_change_nothing(case, message, article, make_claim):
    a, b, c = make_claim("A"), make_claim("B"), make_claim("C")
    first_sentence(a, article)
    merge_claims(claims=[c], into=b)
    claims, into = {
        "itself": ([a], a),
        "nothing": ([], a),
        "into merged": ([a], c),
        "already merged": ([c], a),
    }[case]
    before = list(Claim.objects.values_list("pk", "merged_into_id").order_by("pk"))
    with pytest.raises(ClaimError, match=message):
        merge_claims(claims=claims, into=into)
    assert list(Claim.objects.values_list("pk", "merged_into_id").order_by("pk")) == before
    assert Mention.objects.get().claim == a


def test_splitting_moves_the_chosen_mentions_to_a_new_claim(article, make_claim):
    claim = make_claim("Two different things", kind="event")
    first_sentence(claim, article)
    depot = second_sentence(claim, article)
    new = split_claim(claim=claim, mention_ids=[depot.pk], text="Drones struck the Vetch depot.")
    assert (new.text, new.kind) == ("Drones struck the Vetch depot.", "event")
    assert list(new.mentions.all()) == [depot]
    assert claim.mentions.count() == 1


def test_bad_splits_are_refused_and_change_nothing(article, make_claim):
    claim, other = make_claim("One"), make_claim("Other")
    silos, depot = first_sentence(claim, article), second_sentence(claim, article)
    foreign = second_sentence(other, article)
    for ids, message in [
        ([], "choose the mentions"),
        ([foreign.pk], "not mentions of claim"),
        ([silos.pk, depot.pk], "leave at least one mention"),
    ]:
        with pytest.raises(ClaimError, match=message):
            split_claim(claim=claim, mention_ids=ids)
    assert Claim.objects.count() == 2
    assert claim.mentions.count() == 2


def test_relations_with_a_merged_claim_are_refused(make_claim):
    a, b, c = make_claim("A"), make_claim("B"), make_claim("C")
    merge_claims(claims=[b], into=a)
    with pytest.raises(ClaimError, match="was merged into claim"):
        relate_claims(from_claim=c, to_claim=b, kind="contradicts")
