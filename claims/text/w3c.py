"""W3C TextQuoteSelector / TextPositionSelector arithmetic on Unicode code points."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_LENGTH = 32


class SelectorError(ValueError):
    """A selector that does not fit the text; the message says how."""


@dataclass(frozen=True)
class TextSelector:
    """Both W3C selectors for one span: exact/prefix/suffix and start/end (code points)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def as_w3c(self) -> list[dict]:
        return [
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix},
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]

    def as_mention_fields(self) -> dict:
        """The span as a mention stores it: quote, prefix, suffix, start, end."""
        return {"quote": self.exact, "prefix": self.prefix, "suffix": self.suffix, "start": self.start, "end": self.end}


def selector_for_span(text: str, start: int, end: int, context: int = CONTEXT_LENGTH) -> TextSelector:
    """Selectors for text[start:end]; Python str indices are code points, as W3C counts."""
    if not (0 <= start < end <= len(text)):
        raise SelectorError(f"span {start}-{end} is outside the text (0-{len(text)}) or empty")
    return TextSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def check_selector(text: str, *, quote: str, start: int, end: int) -> None:
    """Raise SelectorError unless text[start:end] is exactly quote."""
    if not (0 <= start < end <= len(text)):
        raise SelectorError(f"span {start}-{end} is outside the text (0-{len(text)}) or empty")
    found = text[start:end]
    if found != quote:
        raise SelectorError(f"the text at {start}-{end} reads {found[:60]!r}, not the quote {quote[:60]!r}")


def selector_for_quote(text: str, quote: str, *, near: int | None = None) -> TextSelector:
    """Selectors for the occurrence of quote in text (nearest to near when it occurs twice)."""
    positions = []
    index = text.find(quote)
    while index != -1:
        positions.append(index)
        index = text.find(quote, index + 1)
    if not quote or not positions:
        raise SelectorError(f"the quote {quote[:60]!r} does not occur in the text")
    start = positions[0] if near is None else min(positions, key=lambda p: abs(p - near))
    return selector_for_span(text, start, start + len(quote))
