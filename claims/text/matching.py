"""Claim matching: normalised numbers, dates, names (places, actors) and wording, compared fuzzily.

Two sentences state the same claim when their figures, dates and places do not conflict and
their content words agree (rapidfuzz token ratios). Plain functions on strings; no Django.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

# Score (0-100) from which two candidates are taken to state the same claim.
SAME_CLAIM = 80.0

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "‐": "-"})

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ARABIC_UNITS = {
    "اثنان": 2, "اثنين": 2, "ثلاثة": 3, "اربعة": 4, "خمسة": 5, "ستة": 6, "سبعة": 7, "ثمانية": 8, "تسعة": 9,
    "عشرة": 10,
}  # fmt: skip
_ARABIC_NUMBER_WORDS = {key.translate(_ARABIC_FOLD).replace("ة", "ه"): value for key, value in ARABIC_UNITS.items()}

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "اذار": 3, "ابريل": 4, "نيسان": 4,
    "مايو": 5, "ايار": 5, "يونيو": 6, "حزيران": 6, "يوليو": 7, "تموز": 7, "اغسطس": 8, "اب": 8,
    "سبتمبر": 9, "ايلول": 9, "اكتوبر": 10, "تشرين الاول": 10, "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الاول": 12,
}  # fmt: skip
_MONTH_WORD = "|".join(sorted((re.escape(m) for m in MONTHS if m.isascii()), key=len, reverse=True))

_NUMBER = re.compile(
    r"(?<![\w.,:/-])(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+(?:\.\d+)?)"  # 1,000 / 30 000 / 34 / 1.5
    r"(?:\s*(million|billion|thousand|ألف|مليون))?"
    r"(?![\w:/]|[.,]\d)",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?:(" + "|".join(TENS) + r")(?:[- ](" + "|".join(u for u in UNITS if " " not in u) + r"))?"
    r"|(a dozen|" + "|".join(u for u in UNITS if " " not in u and u != "dozen") + r"))"
    r"(?:\s+(hundred|thousand|million))?\b",
    re.IGNORECASE,
)
_DATE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_DATE_MONTH_DAY = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_YEAR = re.compile(r"(?<![\d,.])(19\d\d|20\d\d)(?![\d,])")

# Function words that say nothing about which claim a sentence states.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now of
    off on once only or other our out over own same she should so some such than that the their them then
    there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your said says say told according reported reports reportedly added
    also meanwhile however since late early on monday tuesday wednesday thursday friday saturday sunday
    yesterday today في من على الى إلى عن مع ان أن إن التي الذي الذين هذا هذه ذلك تلك كان كانت قد لقد ثم او
    أو و ما لا لم لن قال قالت وقال وقالت أفاد افاد أفادت افادت ذكر ذكرت اعلن أعلن أعلنت اعلنت وفقا وفقاً
    بحسب حسب يوم""".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_EN_SUFFIXES = ("ings", "ing", "edly", "ed", "ers", "er", "es", "s")
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")

_NAME_CONNECTORS = {"of", "for", "the", "al", "el", "de", "bin", "ibn", "abu"}
_DEMONYM = re.compile(r"\w{2,}(?:ian|ish|ese|ean|ican|i)$")
_NAME_TOKEN = re.compile(r"(?:(?:al|el|ad|as|an|ar|at|az|ash)-)?[A-Z][\w'’.-]*|[A-Z]{2,}")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|at|around|outside|from|into|towards?|of the (?:town|village|city|province|region|area|district)"
    r" of|(?:town|village|city|cities|towns|villages|province|provinces|region|governorate|countryside|outskirts|"
    r"district|area|hills?|hilltops?|airbase|base|border with|road|highway|front|plains?) of)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"^\s+(?:province|countryside|town|village|city|region|governorate|district|area|airbase|air base|"
    r"plains?|desert|mountains?|border|highway|road|front|farms|countryside)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    """the a an on in at as by for from of to and but if it its this that these those there then however
    meanwhile since during after before while when although thus also earlier later moreover yet still
    according members fighters terrorists militants forces troops sources reports update related monday
    tuesday wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
) | frozenset(m for m in MONTHS if m.isascii())


@dataclass(frozen=True)
class Figure:
    """A number as stated in the text, with its normalised value and position."""

    value: float
    start: int
    end: int

    @property
    def key(self) -> str:
        return f"{self.value:g}"


@dataclass(frozen=True)
class Signature:
    """What identifies a claim for matching: figures, dates, names, content words, normalised text."""

    text_key: str
    numbers: frozenset[str] = field(default_factory=frozenset)
    dates: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)
    actors: frozenset[str] = field(default_factory=frozenset)
    words: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return self.places | self.actors


def fold(text: str) -> str:
    """Unicode-compatible, case-folded text with Arabic marks, digit forms and quotes normalised."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DIGITS)
    return _ARABIC_MARKS.sub("", text).casefold().translate(_ARABIC_FOLD)


def text_key(text: str) -> str:
    """Folded text with only letters and digits, single-spaced: equal for trivially different copies."""
    return " ".join(_TOKEN.findall(fold(text)))


def name_match_key(name: str) -> str:
    """The key two mentions of a name are matched by: folded words, without punctuation, articles or al-.

    Not sources.names.name_key, which identifies a source (no spaces, articles kept).
    """
    folded = re.sub(r"['’]s\b", "", fold(name)).replace("-", " ")
    tokens = [t for t in _TOKEN.findall(folded) if t not in {"the", "al", "el"}]
    return " ".join(tokens)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A crude stem: English inflection suffixes off, Arabic definite article and conjunctions off."""
    word = fold(word).strip("'’-")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word.isascii():
        for suffix in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if word.startswith(("و", "ف")) and len(word) > 4:
        return word[1:]
    return word


def content_words(text: str) -> tuple[str, ...]:
    """Stems of the words that carry content, in order."""
    words = []
    for token in _TOKEN.findall(fold(text)):
        if token in STOPWORDS or token.isdigit() or len(token) < 2:
            continue
        stemmed = stem(token)
        if stemmed and stemmed not in STOPWORDS:
            words.append(stemmed)
    return tuple(words)


def figures(text: str) -> list[Figure]:
    """Numbers stated in text (digits in any script, English and Arabic number words), years excluded."""
    folded = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    found: list[Figure] = []
    for match in _NUMBER.finditer(folded):
        raw, scale = match.group(1), (match.group(2) or "").lower()
        digits = re.sub(r"[,\u202f\u00a0 ]", "", raw)
        if _YEAR.fullmatch(raw) and not scale:
            continue  # a year is a date, not a figure
        value = float(digits) * {"thousand": 1e3, "ألف": 1e3, "million": 1e6, "مليون": 1e6, "billion": 1e9}.get(
            scale, 1
        )
        found.append(Figure(value=value, start=match.start(), end=match.end()))
    for match in _WORD_NUMBER.finditer(folded):
        tens, unit, single, scale = match.groups()
        value = TENS.get((tens or "").lower(), 0) + UNITS.get((unit or "").lower(), 0)
        if single:
            value = UNITS[single.lower()]
        if scale:
            value *= SCALES[scale.lower()]
        if single and single.lower() == "one" and not scale:
            continue  # "one" is more often a pronoun than a figure
        found.append(Figure(value=float(value), start=match.start(), end=match.end()))
    for match in _TOKEN.finditer(folded):
        value = _ARABIC_NUMBER_WORDS.get(stem(match.group()))
        if value is not None:
            found.append(Figure(value=float(value), start=match.start(), end=match.end()))
    in_dates = [m.span() for pattern in (_DATE_DAY_MONTH, _DATE_MONTH_DAY) for m in pattern.finditer(folded)]
    found = [f for f in found if not any(start <= f.start < end for start, end in in_dates)]
    return sorted(found, key=lambda figure: figure.start)


def dates(text: str, year: int | None = None) -> frozenset[str]:
    """Calendar dates named in text, as "YYYY-MM-DD" (or "--MM-DD" when the year is unknown)."""
    found = set()
    for match in _DATE_DAY_MONTH.finditer(text):
        day, month, stated_year = int(match.group(1)), MONTHS[match.group(2).lower()], match.group(3)
        found.add(_date_key((stated_year and int(stated_year)) or year, month, day))
    for match in _DATE_MONTH_DAY.finditer(text):
        month, day, stated_year = MONTHS[match.group(1).lower()], int(match.group(2)), match.group(3)
        found.add(_date_key((stated_year and int(stated_year)) or year, month, day))
    found.discard("")
    return frozenset(found)


def _date_key(year: int | None, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat() if year else f"--{date(2000, month, day):%m-%d}"
    except ValueError:
        return ""


def names(text: str) -> tuple[list[str], list[str]]:
    """Proper names in text, split into (places, actors) by the words around them (English)."""
    places, actors = [], []
    tokens = list(re.finditer(r"\S+", text))
    index = 0
    while index < len(tokens):
        run: list[int] = []  # token indexes of the name
        probe = index
        while probe < len(tokens):
            raw = tokens[probe].group()
            word = raw.strip("\"'“”‘’,.;:[]")
            if raw.startswith("(") and run:
                break
            word = word.strip("()")
            if (_NAME_TOKEN.fullmatch(word) and word.lower() not in _NOT_NAMES) or (
                run and word.lower() in _NAME_CONNECTORS and probe + 1 < len(tokens)
            ):
                run.append(probe)
            else:
                break
            if raw.endswith((",", ".", ";", ":", ")", "”", '"')):
                break
            probe += 1
        while run and tokens[run[-1]].group().strip("\"'“”‘’,.;:()[]").lower() in _NAME_CONNECTORS:
            run.pop()
        if not run:
            index += 1
            continue
        start, end = tokens[run[0]].start(), tokens[run[-1]].end()
        name = text[start:end].strip("\"'“”‘’,.;:()[]")
        index = run[-1] + 1
        single = len(run) == 1 and not name.isupper() and "-" not in name
        if single and (run[0] == 0 or _DEMONYM.fullmatch(name)):
            continue  # a capitalised first word, or an adjective of nationality
        before, after = text[:start], text[end:]
        (places if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after) else actors).append(name)
    return places, actors


# What a claim is about: proper names only, never a pronoun that opened a quote ("They"), a dateline
# ("BEIRUT"), a weapon or time ("F-16", "A.M"), an adjective ("US-led", "Islamist") or a cut-off
# fragment ("Observation Point No").
_NOT_ACTORS = frozenset(
    """they we he she it i you our their his her its most many some several all both each one every such
    no yes mr mrs ms dr command front news army armed observatory west east north south ministry government
    forces council""".split()  # noqa: SIM905
)
_ADJECTIVE = re.compile(
    r"[\w’'.-]+-(?:led|backed|based|linked|affiliated|held|controlled|run|owned|allied|made)$|\w+ist$", re.I
)
_CUT_OFF = re.compile(r"\s+(?:No|Nos|St|Mt|Gen|Col|Lt)\.?$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Z .'’-]+)?\s*[:–—-]")
_SITE = re.compile(r"\b(?:Point|Post|Road|Street|Square|Bridge|Airport|Base|Crossing|Checkpoint)$")


def claim_names(text: str) -> tuple[list[str], list[str]]:
    """The places and the named actors a claim is about, for its `places` and `groups` (not for matching)."""
    places, actors = [], []
    found_places, found_actors = names(text)
    dateline = _DATELINE.match(text)
    datelined = set(dateline.group().replace(",", " ").split()) if dateline else set()
    for name, is_place in [*((n, True) for n in found_places), *((n, False) for n in found_actors)]:
        name = _CUT_OFF.sub("", re.sub(r"['’]s$", "", name)).strip(" -")
        while (words := name.split()) and len(words) > 1 and _ADJECTIVE.fullmatch(words[0]):
            name = " ".join(words[1:])  # "US-backed Revolutionary Commando Army"
        if (
            not words
            or name.lower() in _NOT_ACTORS
            or words[0].lower() in _NOT_ACTORS
            or re.search(r"\d", name)
            or (re.fullmatch(r"[A-Z]\.[A-Z]\.?", name) and name.rstrip(".") in {"A.M", "P.M"})
            or (name.isupper() and (len(name) > 5 or name in datelined) and len(words) == 1)  # a dateline
            or _ADJECTIVE.fullmatch(name)
            or (not is_place and (_DEMONYM.fullmatch(words[-1]) or (len(words) > 1 and words[-1].endswith("ed"))))
            or words[0].endswith("ing")  # "Fighting the Kurdish"; above, "Syrian Kurdish" or "Turkish Armed" cut off
        ):
            continue
        (places if is_place or _SITE.search(name) else actors).append(name)
    return places, actors


def signature(text: str, *, year: int | None = None) -> Signature:
    """The matching signature of a claim sentence; year fills dates that omit it."""
    return _signature(text, year)


@lru_cache(maxsize=20_000)  # the same claim texts are compared again for every article that may repeat them
def _signature(text: str, year: int | None) -> Signature:
    places, actors = names(text)
    return Signature(
        text_key=text_key(text),
        numbers=frozenset(figure.key for figure in figures(text)),
        dates=dates(text, year),
        places=frozenset(filter(None, map(name_match_key, places))),
        actors=frozenset(filter(None, map(name_match_key, actors))),
        words=content_words(text),
    )


def match_keys(sig: Signature, *, limit_words: int = 6) -> list[str]:
    """Keys that shortlist claims for matching in the database (any shared key makes a candidate)."""
    keys = {"t:" + hashlib.sha1(sig.text_key.encode()).hexdigest()[:16]}
    keys |= {f"n:{number}" for number in sig.numbers}
    keys |= {f"d:{day[-5:]}" for day in sig.dates}
    keys |= {f"p:{place}"[:100] for place in sig.places}
    keys |= {f"a:{actor}"[:100] for actor in sig.actors}
    if len(keys) < 3:  # few discriminating features: the longest content words stand in
        keys |= {f"w:{word}"[:100] for word in sorted(set(sig.words), key=len, reverse=True)[:limit_words]}
    return sorted(keys)


def _conflicts(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both non-empty and neither contains the other."""
    return bool(a) and bool(b) and not (a <= b or b <= a)


def _dates_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return not ({d[-5:] for d in a} & {d[-5:] for d in b})


def conflicting(a: Signature, b: Signature) -> bool:
    """True when a and b state different figures or different dates: they cannot be one claim."""
    return _conflicts(a.numbers, b.numbers) or _dates_conflict(a.dates, b.dates)


def similarity(a: Signature, b: Signature) -> float:
    """0-100: how surely a and b state the same claim (0 when figures or dates conflict)."""
    if a.text_key and a.text_key == b.text_key:
        return 100.0
    if conflicting(a, b):
        return 0.0
    left, right = " ".join(a.words), " ".join(b.words)
    if not left or not right:
        return 0.0
    score = (fuzz.token_sort_ratio(left, right) + fuzz.token_set_ratio(left, right)) / 2
    if a.numbers and b.numbers:
        score += 10
    elif a.numbers or b.numbers:
        score -= 10  # one states a figure, the other does not
    if a.places and b.places:
        score += 5 if a.places & b.places else -20
    score += 5 * min(2, len(a.actors & b.actors))
    return max(0.0, min(100.0, score))


def is_same_claim(a: Signature, b: Signature) -> bool:
    """True when a and b are taken to state the same claim."""
    return similarity(a, b) >= SAME_CLAIM


def word_overlap(needle: tuple[str, ...], haystack: tuple[str, ...]) -> float:
    """Share (0-1) of needle's content words found in haystack; a stem inside a longer word counts."""
    if not needle:
        return 0.0
    found = 0
    for word in set(needle):
        if any(
            word == other or (len(word) >= 4 and len(other) >= 4 and (word in other or other in word))
            for other in haystack
        ):
            found += 1
    return found / len(set(needle))
