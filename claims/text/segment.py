"""Sentence segmentation of article bodies, in code-point offsets, for English, Arabic and more.

Lines are hard boundaries (extracted article text keeps one paragraph, heading or caption per
line). Within a line, Latin- and Cyrillic-script text is segmented by pysbd's rules (a maintained
rule-based segmenter, the port of Ruby's pragmatic_segmenter) in the article's language when pysbd
knows it, English otherwise.

pysbd makes hundreds of regular-expression passes per call, some over the whole text for every
abbreviation it contains, which made it most of the cost of proposing claims. So where its English
rules apply, a cheap splitter reads the line first, with pysbd's own word lists and patterns: it
cuts where pysbd surely ends a sentence (a full stop after an ordinary word, a question or
exclamation mark, then white space and a capital; "Inc." before a capital), keeps what pysbd
surely keeps ("Gen. Varnholt", "J. Varnholt", "3.5 km", "U.S.-backed", a full stop inside a
quotation), and hands pysbd only the stretches of the line where it is unsure: dotted
abbreviations ("U.S. Army"), ellipses, a full stop before a lower-case word or a number, marks
against closing quotes or brackets, lists. The sentences are pysbd's either way;
tests/claims/test_segment.py and bench/segment.py compare the two.

Arabic-script text does not go to pysbd: its Arabic rules end a sentence at every Arabic comma
(U+060C) and colon, which cuts a sentence like "the ministry said, ..." in two. Arabic lines get
the rule-based splitter below instead: a sentence ends at . ! ? ؟ or … followed by white space,
outside «» and “” quotations, and not after a one-letter abbreviation ("د." for doctor).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pysbd
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.languages import LANGUAGE_CODES
from pysbd.lists_item_replacer import ListItemReplacer

# Languages pysbd segments well; Arabic-script languages are excluded on purpose (see above).
_PYSBD_LANGUAGES = frozenset(LANGUAGE_CODES) - {"ar", "fa", "ur"}
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
# The Unicode blocks of the Arabic script: every letter named ARABIC is in one of them.
_ARABIC_BLOCKS = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff\U00010ec0-\U00010eff\U0001ee00-\U0001eeff]"
)
_OPENING_QUOTES = "«“‹"
_CLOSING_QUOTES = "»”›"
_TERMINATORS = ".!?؟…"
_TRAILERS = "\"'»”’›)]"
_INNER_BOUNDARY = re.compile(r"[.!?…;:][\"'»”’›)\]]*\s+\S")

# The cheap splitter mirrors pysbd's English rules (pysbd is pinned: see requirements.txt), with
# pysbd's own word lists and patterns. Other languages' rules differ (their own abbreviation
# handling, numbers, punctuation), so their lines go to pysbd whole.
_ABBREVIATIONS = frozenset(English.Abbreviation.ABBREVIATIONS)  # lower case, as pysbd matches them
_PREPOSITIVE = frozenset(English.Abbreviation.PREPOSITIVE_ABBREVIATIONS)  # "Gen. Varnholt": never an end
_BEFORE_NUMBERS = frozenset(English.Abbreviation.NUMBER_ABBREVIATIONS)  # "No. 5", "p. (12)"
# After other abbreviations pysbd ends a sentence before a capital, except these ("etc. I think").
_AFTER_ABBREVIATION_NO_END = re.compile(r"I\s|I'm|I'll|\(")
# Runs of terminators, and a dash before a quotation mark and a space, where pysbd cuts too.
_TERMINATOR_RUN = re.compile(r"[.!?…]+|-(?=[\"'“”]\s)")
_WHITE_SPACE = re.compile(r"\s+")
_QUOTE_THEN_CAPITAL = re.compile(r'["“”]\s[A-Z]')
_SPLIT_AFTER_QUOTE = re.compile(English.QUOTATION_AT_END_OF_SENTENCE_REGEX)
# "...note.[12] The": pysbd cuts after the reference.
_REFERENCE = re.compile(English.NUMBERED_REFERENCE_REGEX)
# Rules of pysbd that act on a whole line rather than at one full stop leave the line to pysbd:
# words with "!" ("Yahoo!"); full-width punctuation, back slashes, pysbd's placeholder characters
# and rarer line separators.
_WHOLE_LINE_TO_PYSBD = re.compile(
    ExclamationWords.EXCLAMATION_REGEX + r"|[\\。．！？（「∯∮ȸȹ♨☝✂⌬ᓰᓱᓳᓴᓷᓸ☉☈☇☄☏ƪ♟♝♬♭⎋\x0b\x0c\x1c-\x1e\x85]"
)
# Brackets between quotation marks: pysbd cuts the line before every "(" and after every ")" from
# the first quotation mark to the last, and reads the parts separately.
_BRACKETS_BETWEEN_QUOTES = re.compile(English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX)
_AROUND_BRACKETS = re.compile(r"\s(?=\()|(?<=\))\s")
_SPACE_QUOTE = re.compile(r"(?:^|\s)'")
# pysbd treats "?!" and the like differently in a text that starts with two of them.
_DOUBLE_PUNCTUATION_FIRST = re.compile(English.DoublePunctuationRules.DoublePunctuation)
# Items of numbered or lettered lists ("1. ", "2) ", "(b) "): given two, pysbd cuts before each.
_LIST_ITEM = re.compile(r"(?:^|[\s(\-⁃])(?:\d{1,2}[.)](?=[\s)])|[a-z]\.|(?:[a-z]|[ivx]+)\))|\d{1,2}\)\s")
# Stretches inside which pysbd ends no sentence (its BetweenPunctuation rules), with the character
# that must be in the line for each to match.
_ENCLOSURES = tuple(
    (opening, re.compile(pattern))
    for opening, pattern in (
        ("‘", BetweenPunctuation.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX),
        ('"', BetweenPunctuation.BETWEEN_DOUBLE_QUOTES_REGEX_2),
        ("[", BetweenPunctuation.BETWEEN_SQUARE_BRACKETS_REGEX_2),
        ("(", BetweenPunctuation.BETWEEN_PARENS_REGEX_2),
        ("«", BetweenPunctuation.BETWEEN_QUOTE_ARROW_REGEX_2),
        ("--", BetweenPunctuation.BETWEEN_EM_DASHES_REGEX_2),
        ("“", BetweenPunctuation.BETWEEN_QUOTE_SLANTED_REGEX_2),
    )
)
_SINGLE_QUOTES = re.compile(BetweenPunctuation.BETWEEN_SINGLE_QUOTES_REGEX)
_LEADING_APOSTROPHE = re.compile(BetweenPunctuation.WORD_WITH_LEADING_APOSTROPHE)
# A sentence that opens with a bracket or quotation is cut by pysbd after its closing mark when a
# capital follows, full stop or not ('"Dune" Is ...').
_OPENING_QUOTATION = re.compile(
    r"""\s*(?:\((?:[^\)]){2,}\)|'(?:[^'])*[^,]'|"(?:[^"])*[^,]"|“(?:[^”])*[^,]”)(?=\s[A-Z])"""
)
# ... but not brackets around a roman numeral ("(iv) The"): pysbd hides those before it looks.
_ROMAN_IN_BRACKETS = re.compile(ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES)
_OPENINGS = "\"'“‘«‹([{"
_CUT, _KEEP, _UNSURE = "cut", "keep", "unsure"


@dataclass(frozen=True)
class Sentence:
    """One sentence: text == body[start:end], with no white space at either edge."""

    start: int
    end: int
    text: str
    line: int  # index of the line (paragraph) the sentence is on


def is_arabic_script(text: str, threshold: float = 0.5) -> bool:
    """True when most letters of text are Arabic script."""
    if not _ARABIC_BLOCKS.search(text):  # most lines: no need to name every letter
        return False
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for char in letters if "ARABIC" in unicodedata.name(char, ""))
    return arabic / len(letters) >= threshold


@cache
def _pysbd(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def pysbd_sentences(text: str, language: str) -> list[str]:
    """pysbd's sentences of text: the one place this module calls pysbd."""
    return _pysbd(language).segment(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pysbd_pieces(text: str, language: str) -> tuple[list[tuple[int, int]], int]:
    """Spans of pysbd's sentences of text, placed by searching forward, and where the last one ends."""
    spans, cursor = [], 0
    for piece in pysbd_sentences(text, language):
        piece = piece.strip()
        if not piece:
            continue
        index = text.find(piece, cursor)
        if index < 0:  # pysbd changed the text (it should not with clean=False): keep the rest whole
            return [*spans, (cursor, len(text))], len(text)
        spans.append((cursor, index + len(piece)))  # text pysbd left out joins the next sentence
        cursor = index + len(piece)
    return spans, cursor


def _pysbd_spans(line: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans of one line from pysbd; text it left out at the end joins the last sentence."""
    spans, reached = _pysbd_pieces(line, language)
    if reached < len(line):
        spans[-1:] = [(spans[-1][0] if spans else 0, len(line))]
    return spans


def _single_quotations(text: str) -> list[tuple[int, int]]:
    """Stretches of text pysbd reads as quoted in straight single quotes (it decides per text)."""
    if "'" not in text:
        return []
    probe = text + "ȸ" if text.endswith("'") else text  # pysbd appends its end mark before reading
    if _LEADING_APOSTROPHE.search(probe) and not re.search(r"'\s", probe):  # "'Tis", not a quotation
        return []
    return [match.span() for match in _SINGLE_QUOTES.finditer(probe)]


def _full_stop_verdict(line: str, dot: int, following: int) -> str:
    """What pysbd does at a full stop after a word, with white space after."""
    start = dot
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    word, lowered, after = line[start:dot], line[start:dot].lower(), line[following]
    # We leave it to pysbd to cut before a lower-case word or a number ("approx. three", "in 2015. 15
    # people"), even where it surely does, but keep what it surely keeps.
    cut = _UNSURE if after.isdecimal() or (after.isalpha() and not after.isupper()) else _CUT
    one_space = following == dot + 2
    if word.endswith("Co") and one_space and line.startswith("KG", following):  # "Varnholt Co. KG"
        return _KEEP
    if len(word) == 1:  # "J. Varnholt"; but pysbd ends a sentence at "I." (and "I V.") before "The"
        ends_like_roman = word == "I" or (word == "V" and start > 1 and line[start - 2] in "Ii")
        return _KEEP if "A" <= word <= "Z" and not ends_like_roman else _UNSURE
    if any(char in ".@/:" for char in word):  # "U.S.", "p.m.", "example.com."
        return _UNSURE
    if lowered in _PREPOSITIVE:
        return _KEEP
    if lowered in _BEFORE_NUMBERS:
        return _KEEP if (one_space and after.isdecimal()) or after == "(" else cut
    if lowered in _ABBREVIATIONS:
        kept = one_space and (
            "a" <= after <= "z" or after.isdecimal() or _AFTER_ABBREVIATION_NO_END.match(line, following)
        )
        return _KEEP if kept else cut
    bare = word.lstrip(_OPENINGS + "-")
    if bare != word and (len(bare) < 2 or bare.lower() in _ABBREVIATIONS):  # "(Gen." "(J."
        return _UNSURE
    if start == 0 and dot <= 2 and word.isdigit():  # "1. The" opening a line: a numbered item
        return _UNSURE
    return cut


def _verdict(line: str, run: re.Match, *, enclosed: bool) -> tuple[str, int]:
    """What pysbd does at one run of terminators in a line (cut, keep or unsure), and where it cuts.

    enclosed: whether the run is inside quotations or brackets.
    """
    start, end = run.span()
    mark = run.group()
    if mark == "-" or start == 0 or line[start - 1].isspace():  # a run after a space: pysbd joins " ! ?"
        return _UNSURE, end
    after = line[end]
    if not after.isspace():
        before = line[start - 1] if start else " "
        # "3.5", "U.S", "example.com", "3.a": pysbd never cuts at a dot between two ASCII letters
        # or digits, except a word's before a reference ("note.12 The") and every other dot of
        # "J.J.J" (it protects such dots with one non-overlapping pattern).
        ascii_around = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        chained = start > 1 and line[start - 2] == "."
        if mark == "." and ascii_around and not (before.isalpha() and after.isdigit()) and not chained:
            return _KEEP, end
        if enclosed:
            # pysbd ends no sentence inside quotations and brackets, except where a quotation mark
            # closes on a full stop, question or exclamation mark with one space and a capital after.
            if mark[-1] in ".!?" and _QUOTE_THEN_CAPITAL.match(line, end):
                return _CUT, end + 1
            if after == "'":
                return _UNSURE, end
            return _KEEP, end
        reference = _REFERENCE.match(line, start) if mark == "." else None
        if reference:
            return _CUT, reference.end(2)
        return _UNSURE, end  # closing quotes and brackets, URLs
    if enclosed or mark == "…":  # pysbd ends no sentence inside quotations and brackets, nor at "…"
        return _KEEP, end
    if len(mark) > 1:  # "...", "?!", "!!!"
        return _UNSURE, end
    gap = _WHITE_SPACE.match(line, end).end()
    following = line[gap] if gap < len(line) else ""
    if not following:
        return _KEEP, end
    if following in ".!?…":  # ". . . .": pysbd reads such runs together
        return _UNSURE, end
    if mark == ".":
        return _full_stop_verdict(line, start, gap), end
    if mark == "!" and gap == end + 1 and "a" <= following <= "z":  # "lucky us! zlib shrinks"
        return _KEEP, end
    if following.isdecimal() or (following.isalpha() and not following.isupper()):
        return _UNSURE, end  # "Why? because": pysbd cuts, we leave it to pysbd
    return _CUT, end


def _quotation_end(line: str, start: int) -> int:
    quotation = _OPENING_QUOTATION.match(line, start)
    return quotation.end() if quotation else 0


def _sure_quotation(line: str, line_read: str, start: int) -> tuple[int, bool]:
    """Where a quotation that opens a sentence at start ends (0: none), and whether it is sure.

    pysbd takes such a quotation as one sentence, whatever is inside, and cuts after it; sure unless
    a quotation mark closes inside it on a full stop with a capital after (pysbd cuts there too).
    """
    end = _quotation_end(line_read, start)
    return end, bool(end) and not _SPLIT_AFTER_QUOTE.search(line, start, end)


def _sentence_start(line: str, line_read: str, start: int, stretches: list) -> tuple[int, int, bool]:
    """Where the stretch after a sure cut starts, where the quotation it opens with ends, and
    whether it is unsure; a sure opening quotation becomes a stretch of its own.
    """
    quoted_until, sure = _sure_quotation(line, line_read, start)
    if sure:
        stretches.append((start, quoted_until, False))
        return quoted_until, quoted_until, False
    return start, quoted_until, bool(quoted_until)


def _stretches(line: str) -> list[tuple[int, int, bool]] | None:
    """Stretches of one line (or part) cut where pysbd surely ends a sentence, each with whether
    pysbd must split it; None when the whole line is pysbd's to segment.
    """
    if _WHOLE_LINE_TO_PYSBD.search(line) or _DOUBLE_PUNCTUATION_FIRST.match(line):
        return None
    single_quotations = _single_quotations(line)
    quoted = [match.span() for opening, pattern in _ENCLOSURES if opening in line for match in pattern.finditer(line)]
    enclosures = single_quotations + quoted
    # The line as pysbd reads quotations that open a sentence: it hides the apostrophes inside other
    # quotations and brackets, and the brackets around roman numerals.
    line_read = line
    if "'" in line:
        masked = list(line)
        for left, right in quoted:
            masked[left:right] = line[left:right].replace("'", "\x00")
        line_read = "".join(masked)
    if "(" in line:
        line_read = _ROMAN_IN_BRACKETS.sub(lambda roman: f"\x00{roman.group(1)}\x00", line_read)
    # pysbd reads quotations on each side of a reference ("note.[12] The") separately: sure only of
    # lines where the reference is outside them and there are no single quotes to read.
    references = [match.start() for match in _REFERENCE.finditer(line)] if "." in line else []
    if references and (
        single_quotations
        or _SPACE_QUOTE.search(line)
        or any(left <= dot < right for dot in references for left, right in enclosures)
    ):
        return None
    stretches: list[tuple[int, int, bool]] = []
    start, quoted_until, unsure = _sentence_start(line, line_read, 0, stretches)
    quotation_cut, mark_cut = bool(stretches), False
    for run in _TERMINATOR_RUN.finditer(line):
        if run.end() == len(line):
            unsure = unsure or len(run.group()) > 1
            break
        if run.start() < quoted_until:
            if any(run.start() <= dot < run.end() for dot in references):
                return None
            continue
        enclosed = any(left <= run.start() < right for left, right in enclosures)
        verdict, cut = _verdict(line, run, enclosed=enclosed)
        if verdict == _CUT:
            mark_cut = mark_cut or cut == run.end()
            stretches.append((start, cut, unsure))
            start, quoted_until, unsure = _sentence_start(line, line_read, cut, stretches)
            quotation_cut = quotation_cut or start > cut
        elif verdict == _UNSURE:
            unsure = True
            quoted_until = _quotation_end(line_read, cut)
    stretches.append((start, len(line), unsure))
    if quotation_cut and (references or not mark_cut):
        # pysbd reads quotations that open a sentence only in a text where it has a mark to cut at
        # (a reference cuts the line into such texts)
        return [(0, len(line), True)]
    return _joined(line, stretches, single_quotations, references, enclosures)


def _joined(line: str, stretches: list, single_quotations: list, references: list, enclosures: list) -> list:
    """The stretches, joined where pysbd, given one of them alone, would read it otherwise.

    A cut inside a quotation or bracket (after a quotation that ends on a full stop inside a longer
    one) or after a reference stands only between stretches pysbd need not read: pysbd must see
    the quotation whole, and the capital after the reference. And pysbd reads straight single
    quotes per text: it gets as much of the line as it needs to read a stretch's as the line's.
    """
    ends_of_references = {_REFERENCE.match(line, dot).end(2) for dot in references}
    index = 0
    while index < len(stretches):
        start, end, unsure = stretches[index]
        quoted = [(left - start, right - start) for left, right in single_quotations if start <= left < end]
        if unsure and _single_quotations(line[start:end]) != quoted:
            if index + 1 < len(stretches):
                stretches[index : index + 2] = [(start, stretches[index + 1][1], True)]
            else:
                stretches[index - 1 : index + 1] = [(stretches[index - 1][0], end, True)]
                index -= 1
            continue
        soft = end in ends_of_references or any(left < end < right for left, right in enclosures)
        if soft and index + 1 < len(stretches) and (unsure or stretches[index + 1][2]):
            stretches[index : index + 2] = [(start, stretches[index + 1][1], True)]
            index = max(index - 1, 0)
        else:
            index += 1
    return stretches


def _parts(line: str) -> list[tuple[int, int]]:
    """The parts of a line pysbd reads separately: the whole line, unless brackets between quotes cut it."""
    parts, start = [], 0
    for match in _BRACKETS_BETWEEN_QUOTES.finditer(line) if "(" in line else ():
        for space in _AROUND_BRACKETS.finditer(match.group()):
            parts.append((start, match.start() + space.start()))
            start = match.start() + space.end()
    parts.append((start, len(line)))
    return parts


def _latin_spans(line: str, language: str, *, pysbd_only: bool) -> list[tuple[int, int]]:
    # A line with no full stop, question or exclamation mark followed by more text is one sentence
    # whatever pysbd would say.
    if not _INNER_BOUNDARY.search(line):
        return [(0, len(line))]
    if pysbd_only or language != "en" or len(_LIST_ITEM.findall(line)) > 1:
        return _pysbd_spans(line, language)
    stretches: list[tuple[int, int, bool]] = []
    for start, end in _parts(line):
        found = _stretches(line[start:end])
        if found is None:
            stretches.append((start, end, True))
        else:
            stretches.extend((start + left, start + right, unsure) for left, right, unsure in found)
    spans: list[tuple[int, int]] = []
    left_out = None  # where text pysbd left out at the end of a stretch starts
    for start, end, unsure in stretches:
        if unsure:
            pieces, reached = _pysbd_pieces(line[start:end], language)
            pieces, reached = [(start + left, start + right) for left, right in pieces], start + reached
        else:
            pieces, reached = [(start, end)], end
        if pieces and left_out is not None:  # as on the whole line, it joins the next sentence
            pieces[0], left_out = (left_out, pieces[0][1]), None
        spans.extend(pieces)
        if reached < end and left_out is None:
            left_out = reached
    if left_out is not None:  # or the last one
        spans[-1:] = [(spans[-1][0] if spans else 0, len(line))]
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


def segment(text: str, language: str = "en", *, pysbd_only: bool = False) -> list[Sentence]:
    """The sentences of text, in order, with code-point offsets into text.

    pysbd_only=True gives every Latin- or Cyrillic-script line to pysbd, without the cheap splitter:
    the slower reference bench/segment.py compares against.
    """
    language = (language or "en").lower()[:2]
    language = language if language in _PYSBD_LANGUAGES else "en"
    sentences: list[Sentence] = []
    for line_number, match in enumerate(_LINE.finditer(text)):
        line = match.group()
        if not line.strip():
            continue
        if is_arabic_script(line):
            spans = arabic_sentence_spans(line)
        else:
            spans = _latin_spans(line, language, pysbd_only=pysbd_only)
        for start, end in spans:
            start, end = _trimmed(text, match.start() + start, match.start() + end)
            if start < end:
                sentences.append(Sentence(start=start, end=end, text=text[start:end], line=line_number))
    return sentences
