"""Text reuse without Django: word shingles, MinHash/LSH band keys, aligned shared passages, edge rules.

The pipeline for one text:
1. `tokenize`: words folded like `normalise_text`, each with its offsets in the original text;
2. `fingerprint`: word shingles, cut into content-defined chunks (a chunk ends where a shingle's
   hash hits an anchor value, so a copy that starts or stops anywhere still shares every whole chunk
   in between), one MinHash signature (datasketch) per chunk, and LSH band keys of each signature;
3. `compare` (for the few candidates that share a band key): seed-and-extend over shared shingles,
   giving aligned passages with offsets in both texts, tolerant of changed words and moved sentences;
4. `choose_direction`, `select_sources`, `classify`: which text is the source, which candidates
   are real sources of a text, and what kind of derivation each one is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 3
ANCHOR_MODULUS = 16  # a chunk ends on average every 16 shingles
MIN_CHUNK_SHINGLES = 6  # shorter chunks are merged into the next one
BANDS = 2
ROWS_PER_BAND = 3
NUM_PERM = BANDS * ROWS_PER_BAND
MINHASH_SEED = 20310301

MIN_PASSAGE_WORDS = 10  # shorter shared runs are common phrases, names and places
MAX_GAP_WORDS = 5  # runs this close in both texts are one passage with a few words changed
MAX_OCCURRENCES = 8  # a shingle repeated more often than this in one text seeds nothing
MIN_SHARED_WORDS = 20
MIN_SHARED_FRACTION = 0.2  # of the shorter text
NEW_REGION_WORDS = 25  # a further source must explain this many words the chosen ones do not
NEW_REGION_SHARE = 0.5  # ... and they must be most of what it shares with the derived text
EQUIVALENT_COVERAGE = 0.03
SAME_DAY_MARGIN = 0.15  # candidates explaining this nearly as much are told apart by date
REPUBLICATION_COVERAGE = 0.8
REWRITE_EXACT_RATIO = 0.97
COMPLETENESS_MARGIN = 0.2

_WORD = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_MASK32 = np.uint64(0xFFFFFFFF)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32").permutations


class Tokens:
    """The words of a text, folded for comparison; their code-point offsets are found when asked for."""

    __slots__ = ("_spans", "text", "words")

    def __init__(self, text: str, words: tuple[str, ...]) -> None:
        self.text = text
        self.words = words
        self._spans: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def _offsets(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._spans is None:
            matches = [m for m in _WORD.finditer(self.text) if self.text.isascii() or _fold(m.group())]
            self._spans = (tuple(m.start() for m in matches), tuple(m.end() for m in matches))
        return self._spans

    @property
    def starts(self) -> tuple[int, ...]:
        return self._offsets()[0]

    @property
    def ends(self) -> tuple[int, ...]:
        return self._offsets()[1]


@dataclass(frozen=True)
class Fingerprint:
    """Everything reuse detection needs of one text: tokens, shingle hashes, chunks and band keys."""

    tokens: Tokens
    shingles: np.ndarray  # uint32 hash of each word shingle, in text order
    chunks: tuple[tuple[int, int], ...]  # [start, end) shingle ranges
    band_keys: tuple[tuple[int, int], ...]  # distinct (band, signed 64-bit key) pairs


@dataclass(frozen=True)
class Passage:
    """A stretch of text shared by two texts: code-point offsets in each, and its length in words."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    def as_dict(self, a_name: str = "derived", b_name: str = "source") -> dict:
        return {
            f"{a_name}_start": self.a_start,
            f"{a_name}_end": self.a_end,
            f"{b_name}_start": self.b_start,
            f"{b_name}_end": self.b_end,
            "words": self.words,
        }


@dataclass(frozen=True)
class Match:
    """What two texts share: aligned passages and how much of each text they cover."""

    passages: tuple[Passage, ...]
    words_a: int
    words_b: int
    shared_a: int  # words of a inside a shared passage
    shared_b: int
    exact_words: int  # words inside shared passages that are identical in both texts
    reordered: bool  # the passages come in a different order in the two texts
    covered_a: frozenset[int] = field(default=frozenset(), repr=False)  # word indexes of a inside passages
    identical_a: frozenset[int] = field(default=frozenset(), repr=False)  # ... and identical in b

    @property
    def coverage_a(self) -> float:
        return self.shared_a / self.words_a if self.words_a else 0.0

    @property
    def coverage_b(self) -> float:
        return self.shared_b / self.words_b if self.words_b else 0.0

    @property
    def containment(self) -> float:
        """How much of the shorter text is shared: the score of a text-reuse edge, 0 to 1."""
        shorter = min(self.words_a, self.words_b)
        return min(1.0, max(self.shared_a, self.shared_b) / shorter) if shorter else 0.0

    @property
    def similarity(self) -> float:
        """Shared words over the words of both texts (Jaccard-like): the closest version ranks first."""
        shared = (self.shared_a + self.shared_b) / 2
        union = self.words_a + self.words_b - shared
        return shared / union if union else 0.0

    @property
    def exact_ratio(self) -> float:
        return self.exact_words / self.shared_a if self.shared_a else 0.0

    @property
    def is_reuse(self) -> bool:
        """Enough shared text to be a derivation rather than shared names, phrases or boilerplate."""
        shared = min(self.shared_a, self.shared_b)
        shorter = min(self.words_a, self.words_b)
        return shared >= MIN_SHARED_WORDS and shorter > 0 and shared >= MIN_SHARED_FRACTION * shorter

    def swapped(self) -> Match:
        """The same match seen from text b."""
        passages = tuple(
            sorted(
                (Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.words) for p in self.passages),
                key=lambda p: p.a_start,
            )
        )
        return Match(
            passages=passages,
            words_a=self.words_b,
            words_b=self.words_a,
            shared_a=self.shared_b,
            shared_b=self.shared_a,
            exact_words=self.exact_words,
            reordered=self.reordered,
        )


def _fold(word: str) -> str:
    if not word.isascii():
        word = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", word))
    return word.casefold()


def tokenize(text: str) -> Tokens:
    """Split text into folded words; `starts`/`ends` give each word's [start, end) offsets in text."""
    if text.isascii():
        return Tokens(text, tuple(_WORD.findall(text.lower())))
    words = (_fold(word) for word in _WORD.findall(text))
    return Tokens(text, tuple(word for word in words if word))


def _mix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise on uint64 arrays holding 32-bit values."""
    values = values ^ (values >> np.uint64(16))
    values = (values * np.uint64(0x85EBCA6B)) & _MASK32
    values = values ^ (values >> np.uint64(13))
    values = (values * np.uint64(0xC2B2AE35)) & _MASK32
    return values ^ (values >> np.uint64(16))


def shingle_hashes(words: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """A stable 32-bit hash of every run of `size` consecutive words (one hash if the text is shorter)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words))
    if len(ids) < size:
        size = len(ids)
    count = len(ids) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        combined = _mix32((combined * np.uint64(0x9E3779B1) + ids[offset : offset + count]) & _MASK32)
    return combined


def content_chunks(hashes: np.ndarray) -> tuple[tuple[int, int], ...]:
    """Cut a shingle sequence where a hash hits the anchor value; copies share every whole chunk."""
    total = len(hashes)
    if total == 0:
        return ()
    anchors = np.flatnonzero(hashes % np.uint64(ANCHOR_MODULUS) == 0) + 1
    chunks, start = [], 0
    for end in anchors.tolist():
        if end - start >= MIN_CHUNK_SHINGLES and end < total:
            chunks.append((start, end))
            start = end
    chunks.append((start, total))
    return tuple(chunks)


def minhash(hashes: np.ndarray) -> MinHash:
    """The MinHash signature (datasketch, NUM_PERM permutations) of a set of shingle hashes."""
    signature = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    signature.update_batch(hashes.tolist())
    return signature


def band_keys(signature: MinHash) -> list[tuple[int, int]]:
    """LSH band keys of a signature: BANDS keys, each a signed 64-bit hash of ROWS_PER_BAND values."""
    values = np.asarray(signature.hashvalues, dtype=np.uint32)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes(), digest_size=8, person=b"band%d" % band
        ).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def fingerprint(text: str, *, bands: bool = True) -> Fingerprint:
    """Tokens, shingles, content-defined chunks and the distinct LSH band keys of text.

    Without bands (enough to `compare` a candidate), the MinHash signatures are not computed.
    """
    tokens = tokenize(text)
    hashes = shingle_hashes(tokens.words)
    chunks = content_chunks(hashes)
    keys: dict[tuple[int, int], None] = {}
    for start, end in chunks if bands else ():
        for key in band_keys(minhash(hashes[start:end])):
            keys[key] = None
    return Fingerprint(tokens=tokens, shingles=hashes, chunks=chunks, band_keys=tuple(keys))


def shingles_to_bytes(hashes: np.ndarray) -> bytes:
    """A text's shingle hashes as stored (uint32, little-endian, in text order)."""
    return hashes.astype("<u4").tobytes()


def shingles_from_bytes(data: bytes | memoryview) -> np.ndarray:
    """Stored shingle hashes back as the array `fingerprint` gives."""
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint64)


def _found_in(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Which of values occur in pool (np.isin's answer, by a binary search: several times faster on short texts)."""
    ordered = np.sort(pool)
    at = np.searchsorted(ordered, values)
    at[at == len(ordered)] = 0
    return ordered[at] == values


def may_be_reuse(a: np.ndarray, words_a: int, b: np.ndarray, words_b: int) -> bool:
    """A cheap necessary condition for `compare(a, b).is_reuse`, from the shingle hashes alone.

    A shared passage is made of seed runs of at least three consecutive shingles of a found in b,
    each run followed within MAX_GAP_WORDS words by the next, MIN_PASSAGE_WORDS words at least. So
    every passage lies inside a group of such streaks of shingles found in b, grouped the same way:
    unless those groups span as many words as is_reuse needs, the texts cannot share enough, and
    need not be aligned.
    """
    if not len(a) or not len(b):
        return False
    needed = max(MIN_SHARED_WORDS, MIN_SHARED_FRACTION * min(words_a, words_b))
    hits = _found_in(a, b)
    tail = SHINGLE_WORDS - 1  # words after a streak's last shingle
    if 3 * int(hits.sum()) + tail < needed:  # a group spans at most 8/3 words per shingle found, plus its tail
        return False
    edges = np.flatnonzero(np.diff(np.concatenate(([0], hits.astype(np.int8), [0]))))
    streaks = [(s, e) for s, e in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True) if e - s >= 3]
    spanned = 0
    group_start = group_end = -1
    for start, end in (*streaks, (None, None)):
        if start is not None and group_end >= 0 and start - (group_end + tail) <= MAX_GAP_WORDS:
            group_end = end
            continue
        if group_end >= 0 and group_end + tail - group_start >= MIN_PASSAGE_WORDS:
            spanned += group_end + tail - group_start
        if start is not None:
            group_start, group_end = start, end
    return spanned >= needed


def words_found_in(a: Fingerprint, page_shingles: np.ndarray) -> frozenset[int]:
    """Word indexes of a inside runs of at least MIN_PASSAGE_WORDS words whose every shingle the page has."""
    if not len(a.shingles) or not len(page_shingles):
        return frozenset()
    k = min(SHINGLE_WORDS, len(a.tokens))
    hits = _found_in(a.shingles, page_shingles)
    found: set[int] = set()
    start = None
    for i, hit in enumerate([*hits.tolist(), False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            if i - start + k - 1 >= MIN_PASSAGE_WORDS:
                found.update(range(start, i + k - 1))
            start = None
    return frozenset(found)


def _seed_runs(a: Fingerprint, b: Fingerprint) -> list[list[int]]:
    """Runs of consecutive shingles found in both texts on one diagonal: [a_shingle, b_shingle, length]."""
    positions: dict[int, list[int]] = {}
    for j, value in enumerate(b.shingles.tolist()):
        found = positions.setdefault(value, [])
        if len(found) <= MAX_OCCURRENCES:
            found.append(j)
    runs: list[list[int]] = []
    active: dict[int, int] = {}  # diagonal (j - i) -> run still growing
    b_values = b.shingles.tolist()
    for i, value in enumerate(a.shingles.tolist()):
        following: dict[int, int] = {}
        for diagonal, run in active.items():  # a run grows through frequent shingles too
            j = i + diagonal
            if j < len(b_values) and b_values[j] == value:
                runs[run][2] += 1
                following[diagonal] = run
        found = positions.get(value)
        if found and len(found) <= MAX_OCCURRENCES:
            for j in found:
                if j - i not in following:
                    following[j - i] = len(runs)
                    runs.append([i, j, 1])
        active = following
    return runs


def compare(a: Fingerprint, b: Fingerprint) -> Match:
    """Align the text shared by a and b: passages (offsets in both), coverage of each, edits, moves."""
    k = min(SHINGLE_WORDS, len(a.tokens), len(b.tokens))
    words_a, words_b = a.tokens.words, b.tokens.words
    spans = []  # word ranges: [a_start, a_end, b_start, b_end]
    for i, j, length in _seed_runs(a, b):
        if length + k - 1 >= MIN_PASSAGE_WORDS // 2 and words_a[i : i + k] == words_b[j : j + k]:
            spans.append((i, i + length + k - 1, j, j + length + k - 1))
    # Longest runs first; a run overlapping one already kept (a repeated phrase) is dropped.
    spans.sort(key=lambda s: s[0] - s[1])
    used_a = np.zeros(len(words_a), dtype=bool)
    used_b = np.zeros(len(words_b), dtype=bool)
    kept = []
    for a0, a1, b0, b1 in spans:
        if used_a[a0:a1].any() or used_b[b0:b1].any():
            continue
        used_a[a0:a1] = True
        used_b[b0:b1] = True
        kept.append([a0, a1, b0, b1, [(a0, a1)]])
    kept.sort()
    merged: list[list] = []
    for span in kept:
        last = merged[-1] if merged else None
        if last is not None and 0 <= span[0] - last[1] <= MAX_GAP_WORDS and 0 <= span[2] - last[3] <= MAX_GAP_WORDS:
            last[1], last[3] = span[1], span[3]
            last[4].extend(span[4])
        else:
            merged.append(span)
    passages, covered_a, identical_a, shared_b = [], set(), set(), 0
    for a0, a1, b0, b1, runs in merged:
        if a1 - a0 < MIN_PASSAGE_WORDS:
            continue
        passages.append(
            Passage(a.tokens.starts[a0], a.tokens.ends[a1 - 1], b.tokens.starts[b0], b.tokens.ends[b1 - 1], a1 - a0)
        )
        covered_a.update(range(a0, a1))
        for r0, r1 in runs:
            identical_a.update(range(r0, r1))
        shared_b += b1 - b0
    b_order = [p.b_start for p in passages]
    return Match(
        passages=tuple(passages),
        words_a=len(words_a),
        words_b=len(words_b),
        shared_a=len(covered_a),
        shared_b=shared_b,
        exact_words=len(identical_a),
        reordered=b_order != sorted(b_order),
        covered_a=frozenset(covered_a),
        identical_a=frozenset(identical_a),
    )


@dataclass(frozen=True)
class Side:
    """One text of a matched pair, as the direction rules see it."""

    key: int  # the article id: the text stored first has the lower key
    published: tuple[date, date] | None  # first and last day the publication date allows
    credits_other: bool  # its attribution lines name the other text's outlet
    coverage: float  # how much of this text is shared with the other
    credited_by_others: bool = False  # a third text sharing this one's text credits it as its original


@dataclass(frozen=True)
class Direction:
    source: int
    derived: int
    needs_review: bool
    reason: str


def publication_window(published: date | None, precision: str) -> tuple[date, date] | None:
    """The days a publication date stands for: the day, its month, or its year."""
    if published is None:
        return None
    if precision == "year":
        return date(published.year, 1, 1), date(published.year, 12, 31)
    if precision == "month":
        following = date(published.year + published.month // 12, published.month % 12 + 1, 1)
        return date(published.year, published.month, 1), date.fromordinal(following.toordinal() - 1)
    return published, published


def choose_direction(a: Side, b: Side) -> Direction:
    """Which of two texts sharing passages is the source.

    The earlier publication is the source. When the dates tie or are missing, an attribution line
    naming the other outlet decides, then a credit in a third copy of the text (the text the other
    copies name as their original is the original), then completeness (a text mostly contained in
    the other is the excerpt), then the order of storage; such edges are flagged for review.
    """
    if a.published and b.published and (a.published[1] < b.published[0] or b.published[1] < a.published[0]):
        source, derived = (a, b) if a.published[1] < b.published[0] else (b, a)
        if source.credits_other and not derived.credits_other:
            return Direction(source.key, derived.key, True, "the earlier text credits the later one's outlet")
        return Direction(source.key, derived.key, False, "published earlier")
    why = "dates tie" if a.published and b.published else "a date is missing"
    if a.credits_other != b.credits_other:
        derived, source = (a, b) if a.credits_other else (b, a)
        return Direction(source.key, derived.key, True, f"{why}; the copy credits the source's outlet")
    if a.credited_by_others != b.credited_by_others:
        derived, source = (b, a) if a.credited_by_others else (a, b)
        return Direction(source.key, derived.key, True, f"{why}; other copies credit the source as their original")
    if abs(a.coverage - b.coverage) >= COMPLETENESS_MARGIN:
        derived, source = (a, b) if a.coverage > b.coverage else (b, a)
        return Direction(source.key, derived.key, True, f"{why}; the source is the more complete text")
    source, derived = (a, b) if a.key < b.key else (b, a)
    return Direction(source.key, derived.key, True, f"{why}; the text stored first is taken as the source")


@dataclass(frozen=True)
class Candidate:
    """A text that shares passages with the derived text and may be its source."""

    key: int
    match: Match  # a = the derived text, b = this candidate
    published: date | None = None
    is_aggregate: bool = False  # itself carries several articles: a source only for what no other explains
    page_explains: frozenset[int] = frozenset()  # words of the derived text its captured page holds verbatim
    sources_of: frozenset[int] = frozenset()  # keys of the other candidates known to be copied from it

    @property
    def explains(self) -> frozenset[int]:
        """Word indexes of the derived text this candidate accounts for: the same words, or found on its page."""
        return self.match.identical_a | self.page_explains


def select_sources(
    candidates: Sequence[Candidate], *, covered: frozenset[int] = frozenset(), published: date | None = None
) -> list[Candidate]:
    """The sources of one derived text among candidates that came before it (greedy set cover).

    The source is the candidate with the most words identical to the derived text; among candidates
    that explain about as much (siblings copied from one original), the earliest, then the most
    similar. Another candidate is a source too only when most of what it explains is a part of the
    derived text the chosen ones do not (an aggregator page carrying several articles). Aggregate
    pages are considered last: a digest is rarely the source of what its originals explain.
    `covered` holds word indexes of the derived text already explained by edges a person decided.
    `published` is the derived text's date: when none of the closest candidates is older than it, an
    older one explaining nearly as much (SAME_DAY_MARGIN) is taken instead. Of candidates explaining
    as much, one known to be copied from another gives way to it (the copy's source came first).
    A candidate's page counts for what it explains (`page_explains`): an original whose extracted text
    lost a caption or a list still explains a copy that carries them, as a sibling copy would.
    """
    explained = set(covered)
    chosen: list[Candidate] = []
    for aggregates in (False, True):
        remaining = [c for c in candidates if c.match.is_reuse and c.is_aggregate == aggregates]
        while remaining:
            gains = [(len(c.explains - explained), c) for c in remaining]
            best = max(gain for gain, _ in gains)
            near = [
                c
                for gain, c in gains
                if gain >= best * (1 - EQUIVALENT_COVERAGE)
                and gain >= NEW_REGION_WORDS
                and gain >= NEW_REGION_SHARE * len(c.explains)
            ]
            if not near:
                break
            if published is not None and not any(c.published and c.published < published for c in near):
                # none of the closest is surely older than the copy: an older text that explains nearly
                # as much is the likelier source (the closest may be a sibling copy of the same day)
                near += [
                    c
                    for gain, c in gains
                    if c not in near
                    and c.published
                    and c.published < published
                    and gain >= best * (1 - SAME_DAY_MARGIN)
                    and gain >= NEW_REGION_WORDS
                ]
            first = [c for c in near if not any(c.key in other.sources_of for other in near)]
            pick = min(first or near, key=lambda c: (c.published or date.max, -c.match.similarity, c.key))
            chosen.append(pick)
            explained |= pick.explains
            remaining.remove(pick)
    return chosen


def classify(match: Match, *, aggregated: bool = False) -> str:
    """The kind of a text-reuse derivation (match: a = derived, b = source), as a Derivation.Kind value."""
    if aggregated:
        return "aggregation"
    if match.reordered or match.exact_ratio < REWRITE_EXACT_RATIO:
        return "rewrite"
    if match.coverage_b >= REPUBLICATION_COVERAGE:
        return "republication"
    return "excerpt"
