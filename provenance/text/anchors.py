"""What survives translation: figures, dates, places and actors, read the same way in Arabic and English.

A report and its translation share few words but the same anchors in the same order: "12 people
were killed in Idlib on Tuesday" and "مقتل 12 شخصا في إدلب يوم الثلاثاء" both read
(12, killed, idlib, weekday 2). The spellings of each anchor in both scripts are data
(provenance/data/anchors.json), extended at run time with the names and aliases of our sources.
Figures are read in Western and Arabic-Indic digits, and as the small number words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "anchors.json"

# The weight each kind of anchor carries in a comparison: a large figure is rare, a weekday is not.
WEIGHTS = {"num": 1.0, "big": 2.0, "name": 1.5, "source": 1.5, "month": 1.0, "day": 0.5, "term": 0.5}
STRONG = {"num", "big", "name", "source", "month"}

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
# Clitics that may lead an Arabic word: a conjunction, a preposition, the article, or some of these together.
_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "وب", "ول", "فب", "لل", "ال", "و", "ف", "ب", "ل", "ك")
MAX_NGRAM = 6


@dataclass(frozen=True)
class Anchor:
    """One anchor met in a text: its kind, its value (the same in every language) and where it stands."""

    kind: str
    value: str
    start: int
    end: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as anchors are looked up: Arabic without marks and with one alef; Latin in lower case."""
    word = unicodedata.normalize("NFKC", word).replace("’", "'")
    if _ARABIC.search(word):
        return _ARABIC_MARKS.sub("", word).translate(_ALEF)
    word = word.casefold()
    return word[:-2] if word.endswith("'s") else word  # Dravonia's is Dravonia


@dataclass(frozen=True)
class Table:
    """Spellings (tuples of folded words) to anchors, and the spellings that must be written in capitals."""

    spellings: dict[tuple[str, ...], tuple[str, str]]
    capitals: frozenset[tuple[str, ...]]
    needs_number: frozenset[tuple[str, ...]]

    def with_sources(self, names: Iterable[tuple[str, str]]) -> Table:
        """The table with more spellings: (name, source key) pairs, e.g. a source's name and aliases."""
        spellings = dict(self.spellings)
        for name, key in names:
            words = tuple(fold(word) for word in _TOKEN.findall(name))
            if words and len(words) <= MAX_NGRAM and words not in spellings:
                spellings[words] = ("source", key)
        return Table(spellings, self.capitals, self.needs_number)

    def spellings_added_since(self, older: Table) -> frozenset[tuple[str, ...]] | None:
        """The spellings this table has and older lacks; None when older has any this one lacks or reads otherwise.

        A text that does not hold every word of any of them (anchors_and_forms) has the same anchors under both.
        """
        if self.capitals != older.capitals or self.needs_number != older.needs_number:
            return None
        if any(self.spellings.get(words) != anchor for words, anchor in older.spellings.items()):
            return None
        return frozenset(self.spellings.keys() - older.spellings.keys())

    @cached_property
    def longest_from(self) -> dict[str, int]:
        """For each word a spelling starts with, the most words of a spelling starting with it."""
        longest: dict[str, int] = {}
        for words in self.spellings:
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
        return longest


_SECTIONS = (("names", "name"), ("terms", "term"), ("months", "month"), ("weekdays", "day"), ("numbers", "num"))


def _words(form: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _TOKEN.findall(form))


@lru_cache(maxsize=4)
def table(extra: tuple[str, ...] = ()) -> Table:
    """The anchors kept as data (names, terms, months, weekdays, number words), plus those of extra files.

    An extra file has the same shape as provenance/data/anchors.json, with any of its sections: a
    newsroom adds the places and actors of its beat (the CROSSLANG_EXTRA_ANCHORS setting).
    """
    spellings: dict[tuple[str, ...], tuple[str, str]] = {}
    capitals: set[tuple[str, ...]] = set()
    needs_number: set[tuple[str, ...]] = set()
    for path in (str(TABLE), *extra):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for section, kind in _SECTIONS:
            for value, forms in data.get(section, {}).items():
                for form in forms:
                    words = _words(form)
                    if words:
                        spellings.setdefault(words, (kind, value))
                    if words and form.isupper() and not _ARABIC.search(form):
                        capitals.add(words)
        needs_number |= {_words(form) for form in data.get("months_needing_a_number", ())}
    return Table(spellings, frozenset(capitals), frozenset(needs_number))


def _arabic_forms(word: str) -> list[str]:
    """The word, without each clitic it may start with, and without the alef of an accusative ending."""
    forms = [word]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append(word[len(prefix) :])
    return forms + [form[:-1] for form in forms if form.endswith("ا") and len(form) > 3]


def _number(token: str) -> Anchor | None:
    digits = token.translate(_DIGITS)
    groups = re.split(r"[,٬]", digits)
    if len(groups) > 1 and all(len(group) == 3 for group in groups[1:]):
        digits = "".join(groups)  # 1,200 is a thousand and two hundred
    digits = digits.replace("٫", ".").replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    if value < 2:
        return None  # 0 and 1 are in every text
    text = f"{value:g}" if value != int(value) else str(int(value))
    return Anchor("big" if value >= 100 else "num", text, 0, 0)


def anchors(text: str, *, using: Table | None = None) -> list[Anchor]:
    """The anchors of a text in the order they occur."""
    return anchors_and_forms(text, using=using)[0]


def anchors_and_forms(text: str, *, using: Table | None = None) -> tuple[list[Anchor], frozenset[str]]:
    """The anchors of a text, and every folded form a spelling's word may take in it.

    A table that only adds spellings none of which has all its words among those forms reads the
    same anchors in the text (see Table.spellings_added_since).
    """
    using = using or table()
    tokens = [(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]
    folded = [fold(token) for token, _, _ in tokens]
    is_number = [token[0].translate(_DIGITS).isdigit() for token, _, _ in tokens]
    found: list[Anchor] = []
    index = 0
    while index < len(tokens):
        token, start, end = tokens[index]
        if is_number[index]:
            number = _number(token)
            if number is not None:
                found.append(Anchor(number.kind, number.value, start, end))
            index += 1
            continue
        matched = _match(using, tokens, folded, is_number, index)
        if matched is None:
            index += 1
            continue
        (kind, value), length = matched
        found.append(Anchor(kind, value, start, tokens[index + length - 1][2]))
        index += length
    forms = set(folded)
    forms.update(form for word in set(forms) if _ARABIC.search(word) for form in _arabic_forms(word))
    return found, frozenset(forms)


def _match(using: Table, tokens, folded: list[str], is_number: list[bool], index: int):
    # every spelling tried starts with one of first_forms: none of them starts a spelling longer than longest
    first = folded[index]
    if _ARABIC.search(first):
        first_forms = _arabic_forms(first)
        longest = max(using.longest_from.get(form, 0) for form in first_forms)
    else:
        first_forms, longest = [first], using.longest_from.get(first, 0)
    for length in range(min(MAX_NGRAM, len(tokens) - index, longest), 0, -1):
        words = folded[index : index + length]
        candidates = [tuple(words)]
        if _ARABIC.search(words[-1]):
            last = words[-1]
            candidates += [(*words[:-1], form) for form in _arabic_forms(last)[1:] if length > 1]
        if len(first_forms) > 1:
            candidates += [(form, *words[1:]) for form in first_forms[1:]]
        for candidate in candidates:
            anchor = using.spellings.get(candidate)
            if anchor is None:
                continue
            original = " ".join(token for token, _, _ in tokens[index : index + length])
            if candidate in using.capitals and not original.replace("'", "").replace(".", "").isupper():
                continue  # "us" is not the US, "who" is not the WHO
            if candidate in using.needs_number and not _next_to_a_number(is_number, index, length):
                continue  # "may" is a month only in a date
            return anchor, length
    return None


def _next_to_a_number(is_number: list[bool], index: int, length: int) -> bool:
    return (index > 0 and is_number[index - 1]) or (index + length < len(is_number) and is_number[index + length])


@dataclass(frozen=True)
class Agreement:
    """How far two texts share anchors: the shared ones, their weight against the lighter text, their order."""

    shared: tuple[tuple[str, str], ...]
    coverage: float  # shared weight / the weight of the text with fewer anchors
    order: float  # the share of shared anchors met in the same order in both
    strong: int  # shared anchors that are figures, names or months

    def holds(self, *, min_shared: int = 5, min_strong: int = 3, min_coverage: float = 0.6, min_order: float = 0.7):
        """Whether the texts tell one story: enough anchors, mostly shared, mostly in the same order.

        A translation may reorder a sentence ("X said that ..." puts the speaker first in Arabic), so
        when nearly every anchor of the lighter text is shared the order may be looser.
        """
        if len(self.shared) < min_shared or self.strong < min_strong or self.coverage < min_coverage:
            return False
        return self.order >= min_order or (self.coverage >= 0.9 and self.order >= min_order - 0.15)

    def describe(self, limit: int = 8) -> str:
        names = [_display(kind, value) for kind, value in self.shared]
        more = f" and {len(names) - limit} more" if len(names) > limit else ""
        return ", ".join(names[:limit]) + more


_MONTHS = [date(2000, month, 1).strftime("%B") for month in range(1, 13)]
_WEEKDAYS = [date(2000, 1, 3 + day).strftime("%A") for day in range(7)]  # 3 January 2000 was a Monday


def _display(kind: str, value: str) -> str:
    if kind == "month":
        return _MONTHS[int(value) - 1]
    if kind == "day":
        return _WEEKDAYS[int(value) - 1]
    if kind == "source":
        return f"source {value}"
    return value.replace("_", " ")


def _weight(keys: Iterable[tuple[str, str]]) -> float:
    return sum(WEIGHTS[kind] for kind, _ in keys)


def _first_occurrences(found: Sequence[Anchor]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for anchor in found:
        seen.setdefault(anchor.key, None)
    return list(seen)


def _common_subsequence(a: Sequence, b: Sequence) -> int:
    previous = [0] * (len(b) + 1)
    for item in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if item == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def agreement(a: Sequence[Anchor], b: Sequence[Anchor]) -> Agreement:
    """The anchors two texts share, how much of the lighter one they make up, and in what order."""
    first_a, first_b = _first_occurrences(a), _first_occurrences(b)
    in_b = set(first_b)
    shared = tuple(key for key in first_a if key in in_b)
    if not shared:
        return Agreement((), 0.0, 0.0, 0)
    lighter = min(_weight(first_a), _weight(first_b)) or 1.0
    shared_set = set(shared)
    order = _common_subsequence([k for k in first_a if k in shared_set], [k for k in first_b if k in shared_set])
    strong = sum(1 for kind, _ in shared if kind in STRONG)
    return Agreement(shared, min(1.0, _weight(shared) / lighter), order / len(shared), strong)
