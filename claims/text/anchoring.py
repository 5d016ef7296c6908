"""Re-anchoring a quote in a corrected text from its W3C selectors, refusing weak fuzzy matches.

When an article's text is corrected, each mention's TextPositionSelector may point at the wrong
place. We find the quote again from its TextQuoteSelector (exact + prefix/suffix), exactly when
we can and approximately when the quote itself was edited. Every placement carries a confidence
between 0 and 1; below the threshold the mention becomes an orphan for a person to place. A
passage that merely looks like the quote (same sentence shape, other numbers, other context) must
score below the threshold: silently moving a claim onto a lookalike is worse than asking.

All offsets are Python str indices, i.e. Unicode code points, as W3C selectors count.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

DEFAULT_THRESHOLD = 0.8
# Quotes shorter than this are only placed exactly: a fuzzy match of a few characters means nothing.
MIN_FUZZY_LENGTH = 12
# Two candidates whose scores are closer than this cannot be told apart.
AMBIGUITY_MARGIN = 0.05
CONTEXT_WEIGHT = 0.4
# An exact quote at least this long is the same passage even when its surroundings were rewritten.
LONG_QUOTE = 40


@dataclass(frozen=True)
class Anchor:
    """A placement of a quote in a text: where, how sure, and how it was found."""

    start: int
    end: int
    confidence: float
    method: str  # "exact" or "fuzzy"; "ambiguous" when two places fit equally well

    def is_confident(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        return self.confidence >= threshold


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace a mouse selection tends to take along at either end."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def context_similarity(text: str, start: int, end: int, *, prefix: str, suffix: str) -> float:
    """How well the text around [start, end) matches the stored prefix and suffix (0 to 1).

    The text is read over the same length as the stored context, so a quote that sat at the very
    start of its article (empty prefix) only matches well at the start again.
    """
    width_before = max(len(prefix), 1) if start > 0 else len(prefix)
    width_after = max(len(suffix), 1) if end < len(text) else len(suffix)
    before = text[max(0, start - width_before) : start]
    after = text[end : end + width_after]
    return (_similarity(prefix, before) + _similarity(suffix, after)) / 2


def _exact_positions(text: str, quote: str) -> list[int]:
    positions, index = [], text.find(quote)
    while index != -1:
        positions.append(index)
        index = text.find(quote, index + 1)
    return positions


def _anchor_exact(text: str, quote: str, prefix: str, suffix: str, start: int | None) -> Anchor | None:
    positions = _exact_positions(text, quote)
    if not positions:
        return None
    scored = sorted(
        (
            -context_similarity(text, p, p + len(quote), prefix=prefix, suffix=suffix),
            abs(p - start) if start is not None else 0,
            p,
        )
        for p in positions
    )
    best_ctx, best_distance, best = -scored[0][0], scored[0][1], scored[0][2]
    if len(scored) > 1 and -scored[1][0] > best_ctx - 2 * AMBIGUITY_MARGIN and best_distance != 0:
        # The same words in two places with contexts alike: we cannot tell which one was meant.
        return Anchor(best, best + len(quote), 0.5, "ambiguous")
    if best_ctx >= 0.5 or best_distance == 0 or len(quote) >= LONG_QUOTE:
        return Anchor(best, best + len(quote), 1.0 if len(scored) == 1 else 0.95, "exact")
    # A short quote found only among unrelated words (its context is gone): likely a lookalike.
    return Anchor(best, best + len(quote), round(0.5 + 0.5 * best_ctx, 4), "exact")


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the ends of a rough alignment to where the text is most like the quote."""
    slack = max(4, len(quote) // 4)
    best = (start, end, _similarity(quote, text[start:end]))
    for _ in range(2):
        s, e, score = best
        for candidate in range(max(0, s - slack), min(e, s + slack + 1)):
            if candidate < e:
                value = _similarity(quote, text[candidate:e])
                if value > score:
                    s, score = candidate, value
        for candidate in range(max(s + 1, e - slack), min(len(text), e + slack) + 1):
            value = _similarity(quote, text[s:candidate])
            if value > score:
                e, score = candidate, value
        if (s, e, score) == best:
            break
        best = (s, e, score)
    return best


def _fuzzy_candidate(text: str, quote: str, prefix: str, suffix: str) -> Anchor | None:
    alignment = fuzz.partial_ratio_alignment(quote, text)
    if alignment is None or alignment.score == 0 or len(text) < len(quote) // 2:
        return None
    if len(quote) <= len(text):
        rough_start, rough_end = alignment.dest_start, alignment.dest_end
    else:
        rough_start, rough_end = alignment.src_start, alignment.src_end
    start, end, quote_score = _refine(text, quote, rough_start, rough_end)
    if start >= end:
        return None
    context = context_similarity(text, start, end, prefix=prefix, suffix=suffix)
    confidence = (1 - CONTEXT_WEIGHT) * quote_score + CONTEXT_WEIGHT * context
    return Anchor(start, end, round(confidence, 4), "fuzzy")


def _anchor_fuzzy(text: str, quote: str, prefix: str, suffix: str) -> Anchor | None:
    if len(quote) < MIN_FUZZY_LENGTH:
        return None
    best = _fuzzy_candidate(text, quote, prefix, suffix)
    if best is None:
        return None
    # Look for a second place that fits about as well: if there is one, we cannot choose.
    masked = text[: best.start] + "\x00" * (best.end - best.start) + text[best.end :]
    second = _fuzzy_candidate(masked, quote, prefix, suffix)
    if second is not None and second.confidence >= best.confidence - AMBIGUITY_MARGIN:
        return Anchor(best.start, best.end, min(best.confidence, 0.5), "ambiguous")
    return best


def find_anchor(
    text: str, *, quote: str, prefix: str = "", suffix: str = "", start: int | None = None
) -> Anchor | None:
    """The best placement of quote in text with its confidence, or None when nothing resembles it.

    Exact occurrences come first (told apart by their context, then by nearness to the stored
    start); otherwise the closest approximate passage, scored on both its wording and its context.
    """
    if not quote:
        return None
    return _anchor_exact(text, quote, prefix, suffix, start) or _anchor_fuzzy(text, quote, prefix, suffix)


def anchor_quote(
    text: str,
    *,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Anchor | None:
    """Where quote belongs in text, or None (an orphan) when no placement reaches threshold."""
    anchor = find_anchor(text, quote=quote, prefix=prefix, suffix=suffix, start=start)
    if anchor is None or not anchor.is_confident(threshold):
        return None
    return anchor
