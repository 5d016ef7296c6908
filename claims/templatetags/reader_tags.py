"""Reader template tags: the article body with its mentions highlighted, built only from escaped text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Mention
from provenance.text.languages import text_direction as direction_of

register = template.Library()

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class Segment:
    """A run of body text, [start, end) in code points, covered by the same mentions."""

    start: int
    end: int
    text: str
    mentions: tuple  # the mentions covering it, innermost (shortest) first


def paragraphs(body: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the body's paragraphs (separated by blank lines)."""
    spans, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < len(body):
        spans.append((position, len(body)))
    return spans


def segment_paragraph(body: str, start: int, end: int, mentions: Iterable) -> list[Segment]:
    """Cut body[start:end] at every mention boundary; each piece knows which mentions cover it."""
    inside = [m for m in mentions if m.start < end and m.end > start]
    inner_ends = {m.start for m in inside} | {m.end for m in inside}
    cuts = sorted({start, end} | {p for p in inner_ends if start < p < end})
    segments = []
    for left, right in itertools.pairwise(cuts):
        covering = sorted(
            (m for m in inside if m.start <= left and m.end >= right), key=lambda m: (m.end - m.start, m.pk)
        )
        segments.append(Segment(left, right, body[left:right], tuple(covering)))
    return segments


def _segment_html(segment: Segment, first_of: list[int]) -> SafeString:
    if not segment.mentions:
        return format_html('<span data-s="{}">{}</span>', segment.start, segment.text)
    top = segment.mentions[0]
    classes = f"m m-{top.stance} m-{top.status}" + (" m-overlap" if len(segment.mentions) > 1 else "")
    title = " | ".join(
        f"{m.claim.text} ({m.get_stance_display().lower()}, {m.get_status_display().lower()})" for m in segment.mentions
    )
    return format_html(
        '<mark class="{}" data-s="{}" data-m="{}"{}{} title="{}">{}</mark>',
        classes,
        segment.start,
        " ".join(str(m.pk) for m in segment.mentions),
        format_html(' data-first="{}"', " ".join(map(str, first_of))) if first_of else "",
        format_html(' id="m-{}" tabindex="-1"', first_of[0]) if first_of else "",
        title,
        segment.text,
    )


@register.simple_tag
def annotated_body(body: str, mentions: Iterable[Mention]) -> SafeString:
    """The body as paragraphs of escaped segments; live mentions become <mark>s with their ids.

    Every segment carries data-s, its start offset in code points, which the selection script
    adds to the code points selected inside it: offsets never depend on how the HTML was built.
    """
    live = [m for m in mentions if m.status in Mention.LIVE_STATUSES]
    seen: set[int] = set()

    def render(segments: list[Segment]) -> SafeString:
        parts = []
        for segment in segments:
            first_of = [m.pk for m in segment.mentions if m.pk not in seen]
            seen.update(first_of)
            parts.append((_segment_html(segment, first_of),))
        return format_html_join("", "{}", parts)

    return format_html_join(
        "\n",
        '<p class="para">{}</p>',
        ((render(segment_paragraph(body, start, end, live)),) for start, end in paragraphs(body)),
    )


@register.filter
def text_direction(language: str) -> str:
    """'rtl' for languages written right to left, else 'ltr' (the reader lays out the whole article)."""
    return direction_of(language, otherwise="ltr")


@register.filter
def code_points(text: str) -> int:
    """The length of text in Unicode code points (what W3C selectors count)."""
    return len(text or "")
