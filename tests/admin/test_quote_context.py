"""The quote in context: whole sentences around a span, cut at words, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claims.selectors.evidence import quote_in_context
from provenance.text.languages import text_direction

TEXT = "First one. Second sentence here. The quote is this. Fourth follows! Fifth ends?\n\nNew paragraph."


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_one_sentence_either_side():
    before, quote, after = quote_in_context(TEXT, *span(TEXT, "quote is"))
    assert before == "Second sentence here. The "
    assert quote == "quote is"
    assert after == " this. Fourth follows!"


def test_more_sentences_cross_paragraph_breaks():
    before, _quote, after = quote_in_context(TEXT, *span(TEXT, "Fifth"), sentences=1)
    assert before == "Fourth follows! "
    assert after == " ends?\n\nNew paragraph."


def test_arabic_question_mark_and_full_stop_end_sentences():
    text = "جملة أولى. هل هذا صحيح؟ قالت الوزارة إن الهجوم وقع. جملة أخيرة."
    before, _quote, after = quote_in_context(text, *span(text, "الهجوم"))
    assert before == "هل هذا صحيح؟ قالت الوزارة إن "
    assert after == " وقع. جملة أخيرة."


def test_long_sides_are_cut_at_a_word_with_an_ellipsis():
    text = "word " * 200 + "QUOTE" + " word" * 200
    before, quote, after = quote_in_context(text, *span(text, "QUOTE"), max_chars=50)
    assert before.startswith("…") and len(before) <= 51 and before.endswith("word ")
    assert after.endswith("…") and len(after) <= 51
    assert quote == "QUOTE"


def test_a_span_outside_the_text_gives_no_context():
    assert quote_in_context("short", 3, 99) == ("", "rt", "")


def test_direction_is_rtl_for_right_to_left_languages():
    assert text_direction("ar") == text_direction("fa-IR") == "rtl"
    assert text_direction("en") == "auto"


def test_aramaic_quotes_are_right_to_left_as_in_the_reader():
    assert text_direction("arc") == "rtl"


@given(st.text(alphabet=st.sampled_from("ab .!?؟\n"), min_size=1, max_size=200), st.data())
def test_context_is_always_the_text_around_the_quote(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    before, quote, after = quote_in_context(text, start, end)
    assert quote == text[start:end]
    assert text[:start].endswith(before) or before.startswith("…")
    assert text[end:].startswith(after) or after.endswith("…")
