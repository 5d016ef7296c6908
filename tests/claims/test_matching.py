"""Claim matching: figures, dates, names and wording; the same claim in other words, not another one."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.text.matching import (
    claim_names,
    content_words,
    dates,
    figures,
    is_same_claim,
    match_keys,
    names,
    signature,
    similarity,
    word_overlap,
)


def values(text: str) -> list[float]:
    return [figure.value for figure in figures(text)]


def test_figures_are_normalised_whatever_their_spelling():
    assert values("at least 1,000 soldiers and thirty-five fighters") == [1000, 35]
    assert values("30 000 people, 1.5 million litres, a dozen trucks") == [30000, 1_500_000, 12]
    assert values("قتل ٣٠ جنديا وأصيب خمسة") == [30, 5]


def test_years_times_ordinals_and_codes_are_not_figures():
    assert values("In 2031, at 06:07, the 20th brigade used the M4 road and 55km of track") == []
    assert values("On March 14 the front moved") == []


def test_dates_take_the_article_year_when_the_text_omits_it():
    assert dates("On Jan. 27 the army advanced", 2031) == {"2031-01-27"}
    assert dates("on 14 March 2030 and on April 2nd", None) == {"2030-03-14", "--04-02"}


def test_names_are_split_into_places_and_actors():
    places, actors = names("The Korrin Liberation Front captured the village of Sarnel near Tarnholm.")
    assert places == ["Sarnel", "Tarnholm"]
    assert actors == ["Korrin Liberation Front"]


def test_the_same_figures_in_other_words_are_the_same_claim():
    a = signature("Since Tuesday, 30 soldiers and 43 fighters have been killed in Tarnholm, the monitor said.")
    b = signature("The monitor said 30 soldiers and 43 fighters were killed in Tarnholm since Tuesday.")
    assert is_same_claim(a, b)


def test_other_figures_make_another_claim():
    a = signature("30 soldiers were killed in Tarnholm on Tuesday.")
    b = signature("35 soldiers were killed in Tarnholm on Tuesday.")
    assert similarity(a, b) == 0


def test_other_places_or_dates_make_another_claim():
    assert not is_same_claim(
        signature("Shelling hit the market in Tarnholm on 3 May."),
        signature("Shelling hit the market in Sarnel on 3 May."),
    )
    assert similarity(signature("Shelling hit Tarnholm on 3 May."), signature("Shelling hit Tarnholm on 4 May.")) == 0


def test_unrelated_sentences_are_not_matched():
    a = signature("The army took control of the village of Sarnel.")
    b = signature("Drones struck a fuel depot at Vetch overnight.")
    assert similarity(a, b) < 50


def test_match_keys_shortlist_by_figures_places_and_text():
    keys = match_keys(signature("30 soldiers were killed in the town of Tarnholm on 3 May."))
    assert {"n:30", "p:tarnholm", "d:05-03"} <= set(keys)
    assert any(key.startswith("t:") for key in keys)


def test_word_overlap_counts_stems_inside_longer_words():
    denied = content_words("the strikes hit Iranian targets")
    assert word_overlap(denied, content_words("airstrikes on Iranian-linked targets near Vetch")) >= 0.75
    assert word_overlap(denied, content_words("the bakery opened on Monday")) == 0


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_any_grouped_number_reads_back_as_itself(number):
    assert values(f"about {number:,} people") == [number] or 1900 <= number <= 2099


@settings(deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_similarity_is_symmetric_bounded_and_total_for_identical_text(text):
    a, b = signature(text), signature(text[::-1])
    assert similarity(a, b) == similarity(b, a)
    assert 0 <= similarity(a, b) <= 100
    if a.text_key:
        assert similarity(a, signature(text)) == 100


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("US-backed Korrin Liberation Front fighters attacked a post near Vetch.", ["Korrin Liberation Front"]),
        ("They said the Dravonian Air Force hit Observation Point No. 9 with F-16 jets.", ["Dravonian Air Force"]),
        ("MARSK, VELORIA – The Hollin Relief Council said Dravonian-backed units hit it.", ["Hollin Relief Council"]),
        ("Fighting the Korrin guerrillas, the Turkish Armed forces took the town of Sarnel at 5 A.M.", []),
    ],
)
def test_a_claims_groups_are_named_actors_not_fragments(text, groups):
    assert claim_names(text)[1] == groups
