"""Re-anchoring quotes in corrected text: exact, fuzzy, ambiguous and lookalike passages, tricky Unicode."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.text.anchoring import DEFAULT_THRESHOLD, anchor_quote, find_anchor, trim_span
from claims.text.w3c import selector_for_span

# Fictional text: invented places and people.
REPORT = (
    "Shelling resumed near Orrin Ford at dawn, villagers said.\n\n"
    "The district council said 23 civilians were killed in the grain market on Tuesday. "
    "Later, the council said 21 soldiers were killed in the depot near the ford.\n\n"
    "Ferry crossings stay closed until further notice."
)
QUOTE = "The district council said 23 civilians were killed in the grain market on Tuesday."


def selector(text: str, quote: str):
    start = text.index(quote)
    return selector_for_span(text, start, start + len(quote))


def reanchor(old: str, new: str, quote: str, **kwargs):
    s = selector(old, quote)
    return anchor_quote(new, quote=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start, **kwargs)


def test_unchanged_text_keeps_the_span():
    anchor = reanchor(REPORT, REPORT, QUOTE)
    assert (anchor.start, anchor.end, anchor.method) == (REPORT.index(QUOTE), REPORT.index(QUOTE) + len(QUOTE), "exact")
    assert anchor.confidence == 1.0


def test_text_inserted_before_shifts_the_span():
    new = "Editor's note: figures updated.\n\n" + REPORT
    anchor = reanchor(REPORT, new, QUOTE)
    assert new[anchor.start : anchor.end] == QUOTE


def test_typo_corrected_inside_the_quote_is_found_fuzzily():
    old = REPORT.replace("civilians", "civillians")
    old_quote = QUOTE.replace("civilians", "civillians")
    anchor = reanchor(old, REPORT, old_quote)
    assert anchor is not None and anchor.method == "fuzzy"
    assert REPORT[anchor.start : anchor.end] == QUOTE
    assert anchor.confidence >= DEFAULT_THRESHOLD


def test_a_few_words_changed_inside_the_quote_is_still_placed():
    new = REPORT.replace("said 23 civilians were killed", "said that 23 civilians had been killed")
    anchor = reanchor(REPORT, new, QUOTE)
    assert anchor is not None
    assert new[anchor.start : anchor.end].startswith("The district council said that 23")
    assert new[anchor.start : anchor.end].endswith("on Tuesday.")


def test_removed_sentence_is_not_moved_onto_a_lookalike():
    # The quote's sentence is deleted; a sentence of the same shape (other figures, other place) remains.
    new = REPORT.replace(QUOTE + " ", "")
    assert "the council said 21 soldiers were killed in the depot" in new
    s = selector(REPORT, QUOTE)
    best = find_anchor(new, quote=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start)
    assert best is None or best.confidence < DEFAULT_THRESHOLD
    assert reanchor(REPORT, new, QUOTE) is None


def test_identical_sentences_are_told_apart_by_their_context():
    text = "In Vell: the bridge was hit. Calm.\n\nIn Orrin: the bridge was hit. Then rain."
    quote = "the bridge was hit."
    second = text.rindex(quote)
    s = selector_for_span(text, second, second + len(quote))
    new = "Update.\n" + text
    anchor = anchor_quote(new, quote=quote, prefix=s.prefix, suffix=s.suffix, start=s.start)
    assert anchor is not None and anchor.start == new.rindex(quote)


def test_identical_sentences_with_identical_context_are_ambiguous_once_moved():
    block = "Sirens sounded all night long. The bridge was hit. Sirens sounded all night long. "
    text = block + block
    quote = "The bridge was hit."
    s = selector_for_span(text, text.index(quote), text.index(quote) + len(quote))
    new = "Update. " + text  # both copies moved, same words around them: no way to tell which was meant
    best = find_anchor(new, quote=quote, prefix=s.prefix, suffix=s.suffix, start=s.start)
    assert best is not None and best.method == "ambiguous" and best.confidence < DEFAULT_THRESHOLD
    assert anchor_quote(new, quote=quote, prefix=s.prefix, suffix=s.suffix, start=s.start) is None
    # Unmoved, the occurrence still at the stored position is kept.
    assert anchor_quote(text, quote=quote, prefix=s.prefix, suffix=s.suffix, start=s.start).start == s.start


def test_short_quote_found_only_in_other_words_is_an_orphan():
    old = "The convoy reached Marrowby at noon, the mayor said. Roads were open."
    new = "Roads were open, and at noon the convoy turned back. Nobody reached the town."
    s = selector(old, "reached")
    assert anchor_quote(new, quote="reached", prefix=s.prefix, suffix=s.suffix, start=s.start) is None


def test_quote_gone_entirely_is_an_orphan():
    new = "Ferry crossings stay closed until further notice."
    assert reanchor(REPORT, new, QUOTE) is None


@pytest.mark.parametrize(
    "prefix_text",
    [
        "Emoji 👩🏽‍🚒🇺🇦 first. ",  # surrogate pairs, ZWJ sequence, regional indicators
        "Zoe\u0301 and Noe\u0308l wrote. ",  # combining marks (decomposed)
        "قال المتحدث إن ",  # Arabic, right to left
        "\u200f\u200e\ufeff marks. ",  # bidi marks and a zero-width no-break space
    ],
)
def test_offsets_are_code_points_after_tricky_characters(prefix_text):
    text = prefix_text + "The bridge at Vell was hit twice."
    quote = "bridge at Vell"
    s = selector(text, quote)
    assert text[s.start : s.end] == quote  # Python indexes code points, as W3C counts
    corrected = prefix_text + "Reports say: the bridge at Vell was hit twice."
    anchor = anchor_quote(corrected, quote=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start)
    assert anchor is not None and corrected[anchor.start : anchor.end] == quote


def test_arabic_quote_with_harakat_corrected_is_found():
    old = "أعلنت الوزارة أن الدفاعات اعترضت 11 طائرة فوق المدينة. وأضاف البيان أن الأضرار طفيفة."
    quote = "أن الدفاعات اعترضت 11 طائرة فوق المدينة."
    new = old.replace("اعترضت", "اعترَضت")  # a short vowel mark added by the correction
    anchor = reanchor(old, new, quote)
    assert anchor is not None
    assert new[anchor.start : anchor.end] == quote.replace("اعترضت", "اعترَضت")


def test_trim_span_drops_surrounding_white_space_only():
    text = "  a b \n\n c  "
    assert trim_span(text, 0, len(text)) == (2, len(text) - 2)
    assert trim_span(text, 0, 2) == (2, 2)


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(words, max_size=8),
    quote_words=st.lists(words, min_size=3, max_size=8),
    after=st.lists(words, max_size=8),
    inserted=words,
)
def test_any_quote_survives_an_insertion_outside_it(before, quote_words, after, inserted):
    quote = " ".join(quote_words)
    text = " ".join([*before, quote, *after])
    start = len(" ".join(before)) + (1 if before else 0)
    assume(text[start : start + len(quote)] == quote)
    s = selector_for_span(text, start, start + len(quote))
    corrected = inserted + " " + text
    anchor = find_anchor(corrected, quote=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start)
    assert anchor is not None
    assert corrected[anchor.start : anchor.end] == quote
    occurrences = [i for i in range(len(corrected)) if corrected.startswith(quote, i)]
    if anchor.confidence >= DEFAULT_THRESHOLD and len(occurrences) == 1:
        assert anchor.start == len(inserted) + 1 + start
