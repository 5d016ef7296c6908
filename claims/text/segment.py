"""Sentence segmentation of article bodies, in code-point offsets, for English, Arabic and more.

Lines are hard boundaries (extracted article text keeps one paragraph, heading or caption per
line). Within a line, Latin- and Cyrillic-script text goes to pysbd (a maintained rule-based
segmenter, the port of Ruby's pragmatic_segmenter) in the article's language when pysbd knows
it, English otherwise. Arabic-script text does not: pysbd's Arabic rules end a sentence at every
Arabic comma (U+060C) and colon, which cuts a sentence like "the ministry said, ..." in two.
Arabic lines get the rule-based splitter below instead: a sentence ends at . ! ? ؟ or …
followed by white space, outside «» and “” quotations, and not after a one-letter
abbreviation ("د." for doctor).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pysbd
from pysbd.languages import LANGUAGE_CODES

# Languages pysbd segments well; Arabic-script languages are excluded on purpose (see above).
_PYSBD_LANGUAGES = frozenset(LANGUAGE_CODES) - {"ar", "fa", "ur"}
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_OPENING_QUOTES = "«“‹"
_CLOSING_QUOTES = "»”›"
_TERMINATORS = ".!?؟…"
_TRAILERS = "\"'»”’›)]"
_INNER_BOUNDARY = re.compile(r"[.!?…;:][\"'»”’›)\]]*\s+\S")


@dataclass(frozen=True)
class Sentence:
    """One sentence: text == body[start:end], with no white space at either edge."""

    start: int
    end: int
    text: str
    line: int  # index of the line (paragraph) the sentence is on


def is_arabic_script(text: str, threshold: float = 0.5) -> bool:
    """True when most letters of text are Arabic script."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for char in letters if "ARABIC" in unicodedata.name(char, ""))
    return arabic / len(letters) >= threshold


@cache
def _pysbd(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pysbd_spans(line: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans of one line from pysbd, placed in the line by searching forward.

    A line with no full stop, question or exclamation mark followed by more text is one sentence
    whatever pysbd would say, so pysbd (the slow part of proposing claims) only sees the others.
    """
    if not _INNER_BOUNDARY.search(line):
        return [(0, len(line))]
    spans, cursor = [], 0
    for piece in _pysbd(language).segment(line):
        piece = piece.strip()
        if not piece:
            continue
        index = line.find(piece, cursor)
        if index < 0:  # pysbd changed the text (it should not with clean=False): keep the rest whole
            spans.append((cursor, len(line)))
            cursor = len(line)
            break
        spans.append((cursor, index + len(piece)))
        cursor = index + len(piece)
    if cursor < len(line):
        if spans:
            spans[-1] = (spans[-1][0], len(line))
        else:
            spans.append((0, len(line)))
    return spans


def arabic_sentence_spans(line: str) -> list[tuple[int, int]]:
    """Rule-based sentence spans of one line of Arabic-script text."""
    spans, start, depth, index = [], 0, 0, 0
    while index < len(line):
        char = line[index]
        if char in _OPENING_QUOTES:
            depth += 1
        elif char in _CLOSING_QUOTES:
            depth = max(0, depth - 1)
        elif char in _TERMINATORS and depth == 0:
            end = index + 1
            while end < len(line) and line[end] in _TERMINATORS:
                end += 1
            while end < len(line) and line[end] in _TRAILERS:
                end += 1
            at_end = end >= len(line)
            if (at_end or line[end].isspace()) and not _is_abbreviation(line, index):
                spans.append((start, end))
                start = end
            index = end
            continue
        index += 1
    if start < len(line):
        spans.append((start, len(line)))
    return spans


def _is_abbreviation(line: str, dot: int) -> bool:
    """A dot after a one-letter word ("د." "م.") or between digits is not a sentence end."""
    if line[dot] != ".":
        return False
    before = line[:dot].rstrip()
    word = before.split()[-1] if before.split() else ""
    return len(word) == 1 and word.isalpha()


def segment(text: str, language: str = "en") -> list[Sentence]:
    """The sentences of text, in order, with code-point offsets into text."""
    language = (language or "en").lower()[:2]
    sentences: list[Sentence] = []
    for line_number, match in enumerate(_LINE.finditer(text)):
        line = match.group()
        if not line.strip():
            continue
        if is_arabic_script(line):
            spans = arabic_sentence_spans(line)
        else:
            spans = _pysbd_spans(line, language if language in _PYSBD_LANGUAGES else "en")
        for start, end in spans:
            start, end = _trimmed(text, match.start() + start, match.start() + end)
            if start < end:
                sentences.append(Sentence(start=start, end=end, text=text[start:end], line=line_number))
    return sentences
