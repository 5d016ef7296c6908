"""Text normalisation shared by hashing, shingling and matching."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

_SPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
# Arabic tatweel and harakat, and typographic variants that copies change freely.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# Chinese, Japanese and Korean put no spaces between words: each of their characters counts as a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


# A long text is folded in pieces of about this many characters: str.casefold allocates 12 bytes per
# character of a non-ASCII string, and re.sub a list of every piece between matches (350 MB for the
# spaces of a 20 MB text); a piece at a time both stay small.
FOLD_PIECE_CHARACTERS = 1 << 20


def normalise_text(text: str) -> str:
    """Fold case, Unicode forms, quotes, dashes, Arabic marks and whitespace.

    Two copies of a text that differ only in such details normalise to the same string.
    """
    return _normalise(text, FOLD_PIECE_CHARACTERS)


def _normalise(text: str, piece_size: int) -> str:
    return "".join(_normalised_parts(text, piece_size))


def _normalised_parts(text: str, piece_size: int) -> Iterator[str]:
    """The normalised text in parts, folded a piece at a time; joined, they are the whole text normalised."""
    pieces = [text] if len(text) <= piece_size else _pieces_at_line_ends(text, piece_size)
    started = space_before = False
    for piece in pieces:
        folded = _SPACE.sub(" ", _fold(piece))
        if folded.startswith(" "):
            folded, space_before = folded[1:], True
        space_after = folded.endswith(" ")
        folded = folded.removesuffix(" ")
        if not folded:
            space_before = space_before or space_after
            continue
        if started and space_before:  # a run of spaces across pieces is one space; none at either end
            yield " "
        yield folded
        started, space_before = True, space_after


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _ARABIC_MARKS.sub("", text).casefold()


def _pieces_at_line_ends(text: str, size: int) -> Iterator[str]:
    """Pieces of at least size characters, each ending after a line break (or at the end of the text).

    A line break is a starter that composes with nothing, so Unicode normalisation and case folding
    give the same text whether it is folded whole or piece by piece.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def text_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: the idempotency key of an article."""
    digest = hashlib.sha256()
    for part in _normalised_parts(text, FOLD_PIECE_CHARACTERS):  # a book is never held normalised whole
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def words(text: str) -> list[str]:
    """The words of a text, case kept: runs of letters and digits, and each CJK character on its own."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """The whitespace-separated words of a text, counted without a list of them (a book stays cheap)."""
    return sum(1 for _ in _NON_SPACE.finditer(text))
