"""The reader's body rendering: segments carry code-point offsets, mentions become marks, text stays escaped."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from claims.templatetags.reader_tags import annotated_body, paragraphs, segment_paragraph, text_direction


def mention(pk: int, start: int, end: int, *, status="accepted", stance="asserts", claim="A claim"):
    return SimpleNamespace(
        pk=pk,
        start=start,
        end=end,
        status=status,
        stance=stance,
        claim=SimpleNamespace(text=claim),
        get_stance_display=lambda: stance.capitalize(),
        get_status_display=lambda: status.capitalize(),
    )


def text_of(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_paragraphs_split_on_blank_lines_and_keep_offsets():
    body = "One.\nStill one.\n\nTwo.\n \n\nThree."
    assert [body[s:e] for s, e in paragraphs(body)] == ["One.\nStill one.", "Two.", "Three."]


def test_segments_cut_at_overlapping_mentions():
    body = "abcdefghij"
    segments = segment_paragraph(body, 0, 10, [mention(1, 2, 6), mention(2, 4, 8)])
    assert [(s.start, s.end, [m.pk for m in s.mentions]) for s in segments] == [
        (0, 2, []),
        (2, 4, [1]),
        (4, 6, [1, 2]),
        (6, 8, [2]),
        (8, 10, []),
    ]


def test_every_segment_says_where_it_starts_in_code_points():
    body = "👩🏽‍🚒 Zoe\u0301 said.\n\nقال المتحدث إن الجسر أصيب."
    html = str(annotated_body(body, [mention(1, body.index("الجسر"), body.index("الجسر") + 5)]))
    for start, text in re.findall(r'data-s="(\d+)"[^>]*>([^<]*)<', html):
        import html as html_lib

        piece = html_lib.unescape(text)
        assert body[int(start) : int(start) + len(piece)] == piece


def test_hostile_text_is_escaped_in_the_body_and_in_mark_titles():
    body = 'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> & bye'
    hostile_claim = '"><script>alert(3)</script>'
    html = str(annotated_body(body, [mention(7, 0, 5, claim=hostile_claim)]))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="&quot;&gt;&lt;script&gt;' in html
    assert text_of(html) == body


def test_rejected_and_orphaned_mentions_are_not_highlighted():
    body = "The bridge was hit."
    html = str(annotated_body(body, [mention(1, 0, 3, status="rejected"), mention(2, 4, 10, status="orphaned")]))
    assert "<mark" not in html


def test_first_segment_of_each_mention_is_its_anchor():
    body = "Para one ends here.\n\nPara two."
    html = str(annotated_body(body, [mention(5, 9, 25)]))  # crosses the paragraph break
    assert html.count('id="m-5"') == 1
    assert html.count('data-m="5"') == 2


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("en", "ltr"), ("", "ltr")]
)
def test_text_direction(language, direction):
    assert text_direction(language) == direction
