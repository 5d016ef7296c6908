"""A long text is folded piece by piece (bounded memory), to exactly what folding it whole gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance.text import normalise
from provenance.text.normalise import normalise_text, text_hash, word_count

# Characters whose folding or composition depends on their neighbours, or grows: combining marks,
# Hangul jamo, ligatures, sharp s, sigma, dotted I, Arabic marks, quotes, no-break spaces, line breaks.
TRICKY = "aAßΣσςİı\u0301\u0308\u0327e\u00a0 \n\r\t‘’“”–—\u0640\u064bﬁ①²ǅ한\u1100\u1161\u11a8Ω\u212b"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=80), size=st.integers(1, 8))
@example(text="e\n\u0301x", size=1)
@example(text="a \n  b", size=1)
@example(text="a\n \n \n b", size=1)
def test_folding_piece_by_piece_gives_the_text_folded_whole(text, size):
    whole = normalise._SPACE.sub(" ", normalise._fold(text)).strip()
    assert "".join(normalise._pieces_at_line_ends(text, size)) == text
    assert normalise._normalise(text, size) == whole


def test_a_text_longer_than_one_piece_hashes_as_before(monkeypatch):
    text = ("Ünïcode “quotes” — and ﬁne ligatures ① in Marsk.\n" * 50) + "ΣΑΣ end"
    expected = normalise_text(text)
    monkeypatch.setattr(normalise, "FOLD_PIECE_CHARACTERS", 64)
    assert normalise_text(text) == expected
    assert text_hash(text) == text_hash(text.replace("“", '"'))


def test_word_count_counts_what_split_finds():
    text = "  one two\tthree\n\nfour\u00a0five  "
    assert word_count(text) == len(text.split()) == 5
    assert word_count("") == 0
