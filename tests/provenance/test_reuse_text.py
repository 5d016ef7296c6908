"""Text reuse without the database: shingles, MinHash bands, aligned passages, direction and kind rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
from datasketch import MinHash

from provenance.text import reuse
from tests.provenance.reuse_texts import rewrite, sentences, text

ORIGINAL = sentences(1)
BODY = text(ORIGINAL)


def test_tokens_keep_offsets_into_the_original_text():
    source = "Ｍarsk  CONVOY, kept — كَتَبَ"
    tokens = reuse.tokenize(source)
    assert tokens.words == ("marsk", "convoy", "kept", "كتب")
    assert [source[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == ["Ｍarsk", "CONVOY", "kept", "كَتَبَ"]


def test_fingerprint_is_stable_and_its_signatures_are_datasketch_minhashes():
    first, again = reuse.fingerprint(BODY), reuse.fingerprint(BODY)
    assert first.band_keys == again.band_keys and first.band_keys
    start, end = first.chunks[0]
    expected = MinHash(num_perm=reuse.NUM_PERM, seed=reuse.MINHASH_SEED, hashfunc=int, scheme="affine32")
    expected.update_batch(first.shingles[start:end].tolist())
    assert np.array_equal(reuse.minhash(first.shingles[start:end]).hashvalues, expected.hashvalues)


def test_a_copy_shares_every_whole_chunk_of_the_part_it_copies():
    excerpt = text(ORIGINAL[5:15])
    whole, part = reuse.fingerprint(BODY), reuse.fingerprint(excerpt)
    assert len(set(part.band_keys) & set(whole.band_keys)) >= len(part.band_keys) // 2


def test_a_verbatim_copy_is_one_passage_with_offsets_in_both_texts():
    copy = "Support the Marsk Courier: donate today.\n\n" + BODY
    match = reuse.compare(reuse.fingerprint(copy), reuse.fingerprint(BODY))
    assert match.is_reuse and len(match.passages) == 1
    passage = match.passages[0]
    assert copy[passage.a_start : passage.a_end] == BODY[passage.b_start : passage.b_end]
    assert match.coverage_b == 1.0 and match.exact_ratio == 1.0
    assert reuse.classify(match) == "republication"


def test_an_excerpt_is_classified_as_an_excerpt():
    match = reuse.compare(reuse.fingerprint(text(ORIGINAL[:8])), reuse.fingerprint(BODY))
    assert match.is_reuse and match.coverage_a == 1.0 and match.coverage_b < 0.5
    assert reuse.classify(match) == "excerpt"


def test_a_light_rewrite_is_found_and_classified_as_a_rewrite():
    match = reuse.compare(reuse.fingerprint(text(rewrite(ORIGINAL))), reuse.fingerprint(BODY))
    assert match.is_reuse and match.coverage_a > 0.6
    assert match.reordered or match.exact_ratio < 1
    assert reuse.classify(match) == "rewrite"


def test_another_report_on_the_same_topic_is_not_reuse():
    other = text(sentences(2))
    match = reuse.compare(reuse.fingerprint(other), reuse.fingerprint(BODY))
    assert not match.is_reuse


def side(key: int, day: date | None, *, credits: bool = False, coverage: float = 0.9) -> reuse.Side:
    window = reuse.publication_window(day, "day") if day else None
    return reuse.Side(key=key, published=window, credits_other=credits, coverage=coverage)


def test_the_earlier_text_is_the_source():
    direction = reuse.choose_direction(side(1, date(2031, 3, 5)), side(2, date(2031, 3, 1)))
    assert (direction.source, direction.derived, direction.needs_review) == (2, 1, False)


def test_on_a_tie_the_text_that_credits_the_other_outlet_is_the_copy_and_is_flagged():
    direction = reuse.choose_direction(side(1, date(2031, 3, 1)), side(2, date(2031, 3, 1), credits=True))
    assert (direction.source, direction.derived, direction.needs_review) == (1, 2, True)


def test_without_dates_the_more_complete_text_is_the_source():
    direction = reuse.choose_direction(side(1, None, coverage=1.0), side(2, None, coverage=0.3))
    assert (direction.source, direction.derived, direction.needs_review) == (2, 1, True)


def test_a_month_precise_date_ties_with_any_day_of_that_month():
    month = reuse.Side(key=1, published=reuse.publication_window(date(2031, 3, 1), "month"), credits_other=False,
                       coverage=0.9)  # fmt: skip
    direction = reuse.choose_direction(month, side(2, date(2031, 3, 20)))
    assert direction.needs_review and direction.source == 1


def test_of_two_copies_of_one_original_the_original_is_chosen():
    derived = reuse.fingerprint(text(ORIGINAL[:10]))
    original = reuse.Candidate(1, reuse.compare(derived, reuse.fingerprint(BODY)), date(2031, 3, 1))
    sibling = reuse.Candidate(2, reuse.compare(derived, reuse.fingerprint(text(ORIGINAL[:12]))), date(2031, 3, 2))
    assert [c.key for c in reuse.select_sources([sibling, original])] == [1]


def test_a_page_carrying_two_articles_derives_from_both():
    second = sentences(3)
    page = reuse.fingerprint(text(ORIGINAL[:8] + second[:8]))
    first_match = reuse.Candidate(1, reuse.compare(page, reuse.fingerprint(BODY)), date(2031, 3, 1))
    second_match = reuse.Candidate(2, reuse.compare(page, reuse.fingerprint(text(second))), date(2031, 3, 1))
    chosen = reuse.select_sources([first_match, second_match])
    assert {c.key for c in chosen} == {1, 2}
    assert reuse.classify(chosen[0].match, aggregated=True) == "aggregation"


def test_the_shingle_screen_never_drops_a_pair_that_compare_calls_reuse():
    texts = [BODY, text(ORIGINAL[:6]), text(ORIGINAL[3:9]), text(rewrite(ORIGINAL)), text(sentences(2))]
    texts += [text(ORIGINAL[i : i + 2] + sentences(5)[:10]) for i in range(0, 20, 4)]
    texts.append(" ".join(f"Stall {i} sold {i * 7} jars of honey at the spring fair." for i in range(30)))
    prints = [reuse.fingerprint(t) for t in texts]
    screened = 0
    for a in prints:
        for b in prints:
            kept = reuse.may_be_reuse(a.shingles, len(a.tokens), b.shingles, len(b.tokens))
            assert kept or not reuse.compare(a, b).is_reuse
            screened += not kept
    assert screened  # and it does screen out the texts that share too little


def test_stored_shingles_read_back_as_computed():
    shingles = reuse.fingerprint(BODY).shingles
    assert np.array_equal(reuse.shingles_from_bytes(reuse.shingles_to_bytes(shingles)), shingles)


def _candidate(key: int, derived: reuse.Fingerprint, source: str, day: int, **fields) -> reuse.Candidate:
    return reuse.Candidate(key, reuse.compare(derived, reuse.fingerprint(source)), date(2031, 3, day), **fields)


def test_an_original_whose_page_holds_what_its_extracted_text_lost_is_the_source_not_a_fuller_sibling():
    # the copy and a sibling carry the whole article; the text read from the original's page lost a list
    copy = reuse.fingerprint(BODY)
    lost = text(ORIGINAL[:16])
    sibling = _candidate(2, copy, BODY, 3)
    original = _candidate(1, copy, lost, 1)
    assert [c.key for c in reuse.select_sources([sibling, original])] == [2]  # by the extracted texts alone
    on_page = reuse.words_found_in(copy, reuse.fingerprint(BODY + "\n\nShare this page").shingles)
    original = replace(original, page_explains=on_page - original.match.identical_a)
    assert [c.key for c in reuse.select_sources([sibling, original])] == [1]


def test_a_sibling_that_adds_text_of_its_own_stays_the_source_of_a_copy_that_carries_it():
    addition = sentences(9)[:6]  # the sibling's own paragraphs, not on the original's page
    copy = reuse.fingerprint(text(ORIGINAL + addition))
    original = _candidate(1, copy, BODY, 1)
    on_page = reuse.words_found_in(copy, reuse.fingerprint(BODY).shingles)
    original = replace(original, page_explains=on_page - original.match.identical_a)
    sibling = _candidate(2, copy, text(ORIGINAL + addition), 3)
    assert [c.key for c in reuse.select_sources([sibling, original])] == [2]


def test_of_candidates_explaining_as_much_the_one_another_was_copied_from_comes_first():
    copy = reuse.fingerprint(BODY)
    undated_original = reuse.Candidate(1, reuse.compare(copy, reuse.fingerprint(BODY)), None, sources_of=frozenset({2}))
    dated_copy = _candidate(2, copy, BODY, 3)
    assert [c.key for c in reuse.select_sources([dated_copy, undated_original])] == [1]


def test_without_dates_the_text_other_copies_credit_as_their_original_is_the_source():
    a = reuse.Side(key=1, published=None, credits_other=False, coverage=1.0)
    b = reuse.Side(key=2, published=None, credits_other=False, coverage=1.0, credited_by_others=True)
    direction = reuse.choose_direction(a, b)
    assert (direction.source, direction.derived, direction.needs_review) == (2, 1, True)
    assert "credit the source" in direction.reason
