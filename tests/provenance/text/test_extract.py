"""Extraction: trafilatura's main text and metadata for HTML, text pages as they are."""

from __future__ import annotations

import pytest

from provenance.text.extract import ExtractError, extract_html, extract_text_page
from tests.provenance.ingest_pages import PARAGRAPHS, html_page


def test_html_metadata_and_main_text_are_extracted():
    extracted = extract_html(html_page())
    assert extracted.title == "Harbour Reopens In Marsk"
    assert extracted.site_name == "The Marsk Herald"
    assert extracted.author == "Ilse Varnholt"
    assert extracted.date.startswith("2024-05-06")
    assert extracted.url == "https://marskherald.example/news/harbour-reopens"
    assert all(paragraph in extracted.lines for paragraph in PARAGRAPHS)
    assert not any("Home" in line for line in extracted.lines)
    # the footer is outside the main text, kept for reading its credits
    assert any("All rights reserved" in line for line in extracted.other_lines)


def test_scripts_and_styles_are_not_text():
    html = (
        "<html><head><style>p {color: red}</style></head><body><script>var tracker = 1;</script>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</body></html>"
    )
    text = "\n".join(extract_html(html).lines + extract_html(html).other_lines)
    assert "tracker" not in text and "color" not in text


def test_tag_soup_still_gives_its_text():
    soup = "<html><body><div><p>" + "<p>".join(PARAGRAPHS) + "<b><i>unclosed </div></table></span>"
    lines = extract_html(soup).lines
    assert any(PARAGRAPHS[0][:40] in line for line in lines)


def test_several_article_elements_become_sections():
    html = (
        "<html><body>"
        + "".join(
            f"<article><h2>Story number {n} from Marsk</h2>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>"
            for n in (1, 2)
        )
        + "</body></html>"
    )
    sections = extract_html(html).sections
    assert [section[0] for section in sections] == ["Story number 1 from Marsk", "Story number 2 from Marsk"]


def test_html_without_visible_text_is_refused():
    with pytest.raises(ExtractError, match="no visible text"):
        extract_html("<html><head><title></title></head><body><script>x()</script></body></html>")


def test_a_text_page_is_its_own_text():
    extracted = extract_text_page("Title here\n\nFirst paragraph.\n")
    assert extracted.lines == ["Title here", "", "First paragraph.", ""]
    assert not extracted.is_html
