"""The spread of a story drawn as server-rendered SVG: a timeline of every copy and the derivation graph.

Plain SVG with presentation attributes only (no style elements or attributes, no script), so it
renders under our Content-Security-Policy, inline in a page or as an image, and prints in black
and white: each kind of copy has its own shape as well as its own colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from provenance.spread import ORIGIN, Copy, Spread

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif"
INK, MUTED, RULE, FOCUS = "#1f2328", "#59636e", "#d0d7de", "#bf5700"
# Each kind: its colour and shape (shapes carry the meaning on paper).
KINDS: dict[str, tuple[str, str, str]] = {
    ORIGIN: ("origin", "#1f2328", "ring"),
    "republication": ("republication", "#0969da", "circle"),
    "excerpt": ("excerpt", "#1a7f37", "square"),
    "translation": ("translation", "#8250df", "diamond"),
    "rewrite": ("rewrite", "#9a6700", "triangle"),
    "aggregation": ("aggregation", "#cf222e", "plus"),
}
DASHES = {"excerpt": "6 3", "rewrite": "2 3", "translation": "8 3 2 3", "aggregation": "1 4"}

Href = Callable[[Copy], str | None]


def _attrs(**values) -> str:
    return "".join(f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}" for name, value in values.items())


def _text(x: float, y: float, content: str, **attrs) -> str:
    attrs.setdefault("fill", INK)
    attrs.setdefault("font_size", 12)
    return f"<text{_attrs(x=round(x, 1), y=round(y, 1), **attrs)}>{escape(content)}</text>"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _isolate(text: str) -> str:
    """A name that may run right to left kept from reordering the text around it (U+2068 ... U+2069)."""
    return f"\u2068{text}\u2069"


def _document(width: float, height: float, title: str, description: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1"{_attrs(width=round(width), height=round(height))}'
        f' viewBox="0 0 {round(width)} {round(height)}" role="img" aria-labelledby="spread-title spread-desc"'
        f"{_attrs(font_family=FONT)}>"
        f'<title id="spread-title">{escape(title)}</title><desc id="spread-desc">{escape(description)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(body)}</svg>'
    )


def _mark(kind: str, x: float, y: float, *, size: float = 6) -> str:
    _, colour, shape = KINDS.get(kind, KINDS["republication"])
    x, y = round(x, 1), round(y, 1)
    if shape == "ring":
        return (
            f'<circle cx="{x}" cy="{y}" r="{size + 1.5}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
            f'<circle cx="{x}" cy="{y}" r="{size - 2}" fill="{colour}"/>'
        )
    if shape == "square":
        side = 2 * size - 2
        return f'<rect x="{x - size + 1}" y="{y - size + 1}" width="{side}" height="{side}" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<path d="M{x} {y - size - 1}L{x + size + 1} {y}L{x} {y + size + 1}L{x - size - 1} {y}Z" fill="{colour}"/>'
        )
    if shape == "triangle":
        return f'<path d="M{x} {y - size - 1}L{x + size + 1} {y + size}L{x - size - 1} {y + size}Z" fill="{colour}"/>'
    if shape == "plus":
        return f'<path d="M{x - size} {y}H{x + size}M{x} {y - size}V{y + size}" stroke="{colour}" stroke-width="3.5"/>'
    return f'<circle cx="{x}" cy="{y}" r="{size}" fill="{colour}"/>'


def _describe(copy: Copy, by_id: dict[int, Copy]) -> str:
    when = copy.published.isoformat() if copy.published else "undated"
    if copy.is_origin:
        how = "origin of the chain"
    elif copy.parent_id in by_id:
        how = f"{KINDS.get(copy.kind, (copy.kind,))[0]} of {by_id[copy.parent_id].label}"
    elif copy.source_outlet:
        how = f"{KINDS.get(copy.kind, (copy.kind,))[0]} of {copy.source_outlet} (original not held)"
    else:
        how = KINDS.get(copy.kind, (copy.kind,))[0]
    return f"{copy.label}, {when}: {how}"


def _linked(content: str, copy: Copy, href: Href | None, by_id: dict[int, Copy]) -> str:
    tooltip = f"<title>{escape(_describe(copy, by_id))}</title>"
    link = href(copy) if href else None
    if link:
        return f"<a{_attrs(href=link)}>{tooltip}{content}</a>"
    return f"<g>{tooltip}{content}</g>"


def _legend(kinds: list[str], x: float, y: float) -> list[str]:
    parts, cursor = [], x
    for kind in kinds:
        name = KINDS.get(kind, (kind,))[0]
        parts.append(_mark(kind, cursor + 6, y - 4, size=5))
        parts.append(_text(cursor + 16, y, name, font_size=11, fill=MUTED))
        cursor += 24 + 6.5 * len(name)
    return parts


def _present_kinds(spread: Spread) -> list[str]:
    seen = {copy.kind for copy in spread.copies}
    return [kind for kind in KINDS if kind in seen]


def _summary(spread: Spread) -> str:
    outlets = {copy.label for copy in spread.copies}
    dated = sorted(copy.published for copy in spread.dated)
    span = f", from {dated[0].isoformat()} to {dated[-1].isoformat()}" if dated else ""
    more = " (cut short: the family is larger)" if spread.truncated else ""
    articles = f"{len(spread.copies)} article{'s' if len(spread.copies) != 1 else ''}"
    return f"{articles} in {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}{span}{more}"


# --- the timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (self.right - self.left) * (day - self.start).days / span


_TICK_STEPS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652)


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    span = max((end - start).days, 1)
    step = next((days for days in _TICK_STEPS if span / days <= 6), _TICK_STEPS[-1])
    if step >= 30:
        first = date(start.year, start.month, 1)
        if first < start:
            first = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        months = round(step / 30.4)
        ticks, day = [], first
        while day <= end:
            ticks.append((day, day.strftime("%b %Y") if step < 365 else str(day.year)))
            month = day.month - 1 + months
            day = date(day.year + month // 12, month % 12 + 1, 1)
        return ticks or [(start, start.strftime("%b %Y"))]
    ticks, day = [], start
    while day <= end:
        ticks.append((day, f"{day.day} {day.strftime('%b')}"))
        day += timedelta(days=step)
    return ticks


def timeline_svg(spread: Spread, *, title: str = "The spread of the story", href: Href | None = None) -> str:
    """Every copy on a time axis: one row per outlet, grouped by affiliation, the origin's group first."""
    width, label_width, row, top = 820.0, 230.0, 22.0, 62.0
    undated_width = 64.0 if len(spread.dated) < len(spread.copies) else 0.0
    plot_left, plot_right = label_width + 14, width - 24 - undated_width
    dates = [copy.published for copy in spread.dated]
    start, end = (min(dates), max(dates)) if dates else (date.today(), date.today())
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    scale = _Scale(start, end, plot_left, plot_right)
    by_id = {copy.article_id: copy for copy in spread.copies}

    body: list[str] = [_text(12, 22, title, font_size=15, font_weight="bold")]
    body.append(_text(12, 40, _summary(spread), fill=MUTED))
    rows_y: dict[str, float] = {}
    y = top
    group_parts: list[str] = []
    for group, labels in spread.groups():
        if len(labels) > 1 or labels[0] != group:
            y += 6
            group_parts.append(_text(12, y + 11, _clip(_isolate(group), 34), font_weight="bold", fill=MUTED))
            y += 18
        for label in labels:
            rows_y[label] = middle = y + row / 2
            rule = _attrs(x1=plot_left, x2=width - 24, y1=middle, y2=middle, stroke=RULE, stroke_width=0.75)
            group_parts.append(f"<line{rule}/>")
            indent = 22 if len(labels) > 1 or labels[0] != group else 12
            group_parts.append(_text(indent, y + row / 2 + 4, _clip(_isolate(label), 32)))
            y += row
    axis_y = y + 8
    body.append(f'<line x1="{plot_left}" x2="{plot_right}" y1="{axis_y}" y2="{axis_y}" stroke="{MUTED}"/>')
    for day, label in _ticks(start, end):
        x = round(scale.x(day), 1)
        if plot_left - 1 <= x <= plot_right + 1:
            body.append(
                f'<line x1="{x}" x2="{x}" y1="{top}" y2="{axis_y + 4}" stroke="{RULE}" stroke-dasharray="2 3"/>'
            )
            body.append(_text(x, axis_y + 17, label, font_size=11, fill=MUTED, text_anchor="middle"))
    if undated_width:
        body.append(
            _text(
                width - 24 - undated_width / 2, axis_y + 17, "undated", font_size=11, fill=MUTED, text_anchor="middle"
            )
        )
    body.extend(group_parts)

    positions: dict[int, tuple[float, float]] = {}
    crowd: dict[tuple[str, float], int] = {}
    for copy in spread.copies:
        x = scale.x(copy.published) if copy.published else width - 24 - undated_width / 2
        taken = crowd.get((copy.label, round(x)), 0)
        crowd[(copy.label, round(x))] = taken + 1
        positions[copy.article_id] = (x + 9 * taken, rows_y[copy.label])
    for copy in spread.copies:  # who copied whom, under the marks
        if copy.parent_id in positions:
            (x1, y1), (x2, y2) = positions[copy.parent_id], positions[copy.article_id]
            body.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#8c959f" stroke-width="1"'
                f"{_attrs(stroke_dasharray=DASHES[copy.kind]) if copy.kind in DASHES else ''}/>"
            )
    for copy in spread.copies:
        x, y_mark = positions[copy.article_id]
        content = _mark(copy.kind, x, y_mark)
        if copy.focus:
            content += (
                f'<circle cx="{x:.1f}" cy="{y_mark:.1f}" r="10.5" fill="none" stroke="{FOCUS}" stroke-width="2"/>'
            )
        body.append(_linked(content, copy, href, by_id))
    legend_y = axis_y + 44
    body.extend(_legend(_present_kinds(spread), 12, legend_y))
    if any(copy.focus for copy in spread.copies):
        body.append(
            f'<circle cx="{width - 150}" cy="{legend_y - 4}" r="6" fill="none" stroke="{FOCUS}" stroke-width="2"/>'
        )
        body.append(_text(width - 138, legend_y, "asked for", font_size=11, fill=MUTED))
    return _document(width, legend_y + 14, title, _summary(spread), body)


# --- the derivation graph ------------------------------------------------------------------


def graph_svg(spread: Spread, *, title: str = "Who copied whom", href: Href | None = None) -> str:
    """The derivation tree drawn left to right: origins at the left, each copy to the right of its source."""
    box_width, box_height, column, line = 176.0, 36.0, 222.0, 44.0
    by_id = {copy.article_id: copy for copy in spread.copies}
    children: dict[int | None, list[Copy]] = {}
    for copy in spread.copies:
        parent = copy.parent_id if copy.parent_id in by_id else None
        children.setdefault(parent, []).append(copy)
    held_outside = sorted({copy.source_outlet for copy in children.get(None, []) if copy.source_outlet})
    shift = 1 if held_outside else 0

    y_of: dict[int, float] = {}
    cursor = [0.0]

    def place(copy: Copy) -> float:
        kids = children.get(copy.article_id, [])
        if not kids:
            y_of[copy.article_id] = cursor[0]
            cursor[0] += line
        else:
            ys = [place(kid) for kid in kids]
            y_of[copy.article_id] = (ys[0] + ys[-1]) / 2
        return y_of[copy.article_id]

    for root in children.get(None, []):
        place(root)
    top = 60.0
    depth_of = {copy.article_id: copy.depth + shift for copy in spread.copies}
    columns = max(depth_of.values(), default=0) + 1
    width = max(24 + columns * column, 520.0)
    height = top + max(cursor[0], line) + 40

    def box_at(copy_id: int) -> tuple[float, float]:
        return 12 + depth_of[copy_id] * column, top + y_of[copy_id]

    body: list[str] = [
        _text(12, 22, title, font_size=15, font_weight="bold"),
        _text(12, 40, _summary(spread), fill=MUTED),
    ]
    outlet_y: dict[str, float] = {}
    for name in held_outside:
        ys = [y_of[copy.article_id] for copy in children[None] if copy.source_outlet == name]
        outlet_y[name] = top + (min(ys) + max(ys)) / 2
        body.append(
            f'<rect x="12" y="{outlet_y[name]:.1f}" width="{box_width}" height="{box_height}" rx="4" fill="#f6f8fa"'
            f' stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
        body.append(_text(20, outlet_y[name] + 15, _clip(_isolate(name), 26), font_weight="bold"))
        body.append(_text(20, outlet_y[name] + 29, "original not held", font_size=11, fill=MUTED))
    for copy in spread.copies:  # edges first, boxes over them
        x2, y2 = box_at(copy.article_id)
        if copy.parent_id in by_id:
            x1, y1 = box_at(copy.parent_id)
        elif copy.source_outlet:
            x1, y1 = 12, outlet_y[copy.source_outlet]
        else:
            continue
        start_x, mid_x, y_start, y_end = (
            x1 + box_width,
            x1 + box_width + (column - box_width) / 2,
            y1 + box_height / 2,
            y2 + box_height / 2,
        )
        dash = _attrs(stroke_dasharray=DASHES[copy.kind]) if copy.kind in DASHES else ""
        colour = KINDS.get(copy.kind, KINDS["republication"])[1]
        body.append(
            f'<path d="M{start_x:.1f} {y_start:.1f}H{mid_x:.1f}V{y_end:.1f}H{x2:.1f}" fill="none" stroke="{colour}"'
            f' stroke-width="1.5"{dash}/>'
        )
        body.append(_mark(copy.kind, x2 - 4, y_end, size=4))
        for other in copy.other_parents:
            if other in by_id:
                ox, oy = box_at(other)
                body.append(
                    f'<path d="M{ox + box_width:.1f} {oy + box_height / 2:.1f}L{x2:.1f} {y_end - 6:.1f}" fill="none"'
                    f' stroke="{MUTED}" stroke-width="1" stroke-dasharray="2 4"/>'
                )
    for copy in spread.copies:
        x, y = box_at(copy.article_id)
        when = copy.published.strftime("%-d %b %Y") if copy.published else "undated"
        stroke, weight = (FOCUS, 2.5) if copy.focus else ((INK, 1.5) if copy.is_origin else (MUTED, 1))
        content = (
            f'<rect x="{x}" y="{y:.1f}" width="{box_width}" height="{box_height}" rx="4"'
            f' fill="{"#fff8c5" if copy.is_origin else "#ffffff"}" stroke="{stroke}" stroke-width="{weight}"/>'
            + _text(x + 8, y + 15, _clip(_isolate(copy.label), 26), font_weight="bold")
            + _text(
                x + 8,
                y + 29,
                f"{when} · {copy.language}" + (" · origin" if copy.is_origin else ""),
                font_size=11,
                fill=MUTED,
            )
        )
        body.append(_linked(content, copy, href, by_id))
    body.extend(_legend(_present_kinds(spread), 12, height - 12))
    return _document(width, height, title, _summary(spread), body)
