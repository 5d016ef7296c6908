"""Placing a quote from one article in a copy of it: through the shared passages, else by its words.

Text-reuse detection records which passages two texts share (code-point offsets in each). A quote
inside a shared passage maps straight across; a quote in the gap between two passages (a copy
changed a number or a name there) is looked for only inside the matching gap of the copy, so it can
never land on a lookalike sentence elsewhere. Without passages, the whole copy is searched, exactly
first, then fuzzily with the quote's context (claims.text.anchoring), and a weak or ambiguous match
is no placement at all: the caller lists the mention as an orphan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claims.text.anchoring import DEFAULT_THRESHOLD, find_anchor

_SLACK = 80  # code points around a mapped window, for re-wrapped white space and the quote's context


@dataclass(frozen=True)
class SharedPassage:
    """One passage shared by the text a quote comes from (here) and the copy (there)."""

    here_start: int
    here_end: int
    there_start: int
    there_end: int


@dataclass(frozen=True)
class Placement:
    """Where a quote sits in the copy, and whether the copy words it differently."""

    start: int
    end: int
    is_altered: bool
    method: str  # "passage", "exact" or "fuzzy"


def passages_between(passages: Iterable[dict], *, here: str) -> list[SharedPassage]:
    """Derivation.passages ({derived_start, derived_end, source_start, source_end}) seen from one side.

    here is "derived" when the quote comes from the derived article, "source" when from its source.
    """
    there = "source" if here == "derived" else "derived"
    found = []
    for passage in passages or ():
        try:
            found.append(
                SharedPassage(
                    here_start=int(passage[f"{here}_start"]),
                    here_end=int(passage[f"{here}_end"]),
                    there_start=int(passage[f"{there}_start"]),
                    there_end=int(passage[f"{there}_end"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a malformed passage is evidence we cannot use, not a reason to fail
    return sorted(found, key=lambda p: p.here_start)


def _window(passages: list[SharedPassage], start: int, end: int, length: int) -> tuple[int, int] | None:
    """The stretch of the copy that corresponds to [start, end) of the original, from the passages."""
    if not passages:
        return None
    inside = [p for p in passages if p.here_start <= start and end <= p.here_end]
    if inside:
        p = inside[0]
        offset = start - p.here_start
        return p.there_start + offset, p.there_start + offset + (end - start)
    before = [p for p in passages if p.here_start <= start]
    after = [p for p in passages if p.here_end >= end]
    low = before[-1] if before else None
    high = after[0] if after else None
    if low is not None and low.here_end > start:  # the quote starts inside a passage
        window_start = low.there_start + (start - low.here_start)
    else:
        window_start = low.there_end if low is not None else 0
    if high is not None and high.here_start < end:  # the quote ends inside a passage
        window_end = high.there_start + (end - high.here_start)
    else:
        window_end = high.there_start if high is not None else length
    if window_end < window_start:
        return None
    return window_start, window_end


def place_in_copy(
    *,
    quote: str,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    copy: str,
    passages: list[SharedPassage] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Placement | None:
    """Where quote (at start-end of its own text) belongs in copy, or None when it cannot be placed."""
    window = _window(passages or [], start, end, len(copy))
    if window is not None:
        low, high = window
        if copy[low:high] == quote:
            return Placement(low, high, is_altered=False, method="passage")
        low, high = max(0, low - _SLACK), min(len(copy), high + _SLACK)
        anchor = find_anchor(copy[low:high], quote=quote, prefix=prefix, suffix=suffix)
        if anchor is None or not anchor.is_confident(threshold):
            return None
        placed_start, placed_end = low + anchor.start, low + anchor.end
        return Placement(
            placed_start, placed_end, is_altered=copy[placed_start:placed_end] != quote, method=anchor.method
        )
    if passages:
        return None  # the copy shares text with the original, but not this part: it left the quote out
    anchor = find_anchor(copy, quote=quote, prefix=prefix, suffix=suffix, start=start)
    if anchor is None or not anchor.is_confident(threshold):
        return None
    return Placement(
        anchor.start, anchor.end, is_altered=copy[anchor.start : anchor.end] != quote, method=anchor.method
    )


def place_in_translation(*, start: int, end: int, copy: str, passages: list[SharedPassage]) -> Placement | None:
    """Where a quote belongs in a translation: the whole sentence aligned with the one the quote stands in.

    A translation shares no words with its original, so the quote cannot be looked for; the
    sentence pairs the cross-language detector aligned by their figures and names say where it went.
    The placement is always marked altered (the wording is another language's).
    """
    holding = [p for p in passages if p.here_start <= start and end <= p.here_end]
    if not holding:
        return None
    passage = holding[0]
    low, high = passage.there_start, min(passage.there_end, len(copy))
    while low < high and copy[low].isspace():
        low += 1
    while high > low and copy[high - 1].isspace():
        high -= 1
    return Placement(low, high, is_altered=True, method="translation") if low < high else None
