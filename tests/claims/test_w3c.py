"""W3C TextQuoteSelector / TextPositionSelector arithmetic, in code points, on any text."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.text.w3c import CONTEXT_LENGTH, SelectorError, check_selector, selector_for_quote, selector_for_span

any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200)


@settings(deadline=None)
@given(any_text, st.data())
def test_a_span_selector_reads_back_exactly(text, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    selector = selector_for_span(text, start, end)
    assert selector.exact == text[start:end]
    assert text[selector.start - len(selector.prefix) : selector.start] == selector.prefix
    assert text[selector.end : selector.end + len(selector.suffix)] == selector.suffix
    assert len(selector.prefix) <= CONTEXT_LENGTH >= len(selector.suffix)
    check_selector(text, quote=selector.exact, start=selector.start, end=selector.end)
    w3c = selector.as_w3c()
    assert w3c[1] == {"type": "TextPositionSelector", "start": start, "end": end}


@settings(deadline=None)
@given(any_text, st.integers(), st.integers())
def test_out_of_range_or_empty_spans_are_refused(text, start, end):
    assume(not (0 <= start < end <= len(text)))
    with pytest.raises(SelectorError, match="outside the text"):
        selector_for_span(text, start, end)


@settings(deadline=None)
@given(any_text, any_text)
def test_a_quote_is_found_where_it_occurs(prefix, quote):
    text = prefix + quote + prefix
    selector = selector_for_quote(text, quote, near=len(prefix))
    assert text[selector.start : selector.end] == quote


def test_a_quote_that_differs_from_the_text_at_its_position_is_refused():
    with pytest.raises(SelectorError, match="not the quote"):
        check_selector("Tarnholm burned.", quote="Sarnel", start=0, end=6)


def test_positions_count_code_points_not_utf16_units():
    text = "𝕏 Tarnholm"  # one astral code point, two UTF-16 units
    selector = selector_for_quote(text, "Tarnholm")
    assert (selector.start, selector.end) == (2, 10)
