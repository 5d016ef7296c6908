"""Text normalisation shared by hashing, shingling and matching."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
# Arabic tatweel and harakat, and typographic variants that copies change freely.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# Chinese, Japanese and Korean put no spaces between words: each of their characters counts as a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normalise_text(text: str) -> str:
    """Fold case, Unicode forms, quotes, dashes, Arabic marks and whitespace.

    Two copies of a text that differ only in such details normalise to the same string.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ARABIC_MARKS.sub("", text).casefold()
    return _SPACE.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: the idempotency key of an article."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    """The words of a text, case kept: runs of letters and digits, and each CJK character on its own."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """The whitespace-separated words of a text, counted without a list of them (a book stays cheap)."""
    return sum(1 for _ in _NON_SPACE.finditer(text))
