"""Extraction: trafilatura's main text and metadata for HTML, text pages as they are."""

from __future__ import annotations

import pytest

from provenance.text.extract import (
    ExtractError,
    agree_lines,
    date_search,
    extract_html,
    extract_text_page,
    is_whole_page,
)
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


# Two readings of one fictional page: each list is what one extractor kept, line by line.
INTRO, CONVOY, QUEUE, STATEMENT = PARAGRAPHS
CHECKPOINTS = "Korrin checkpoint | 1998 | closed for a winter after the salt floods"


def test_a_line_one_extractor_drops_inside_the_agreed_text_is_kept():
    first = [INTRO, CONVOY, CHECKPOINTS, QUEUE, STATEMENT]
    assert agree_lines(first, [INTRO, CONVOY, QUEUE, STATEMENT]) == first


def test_a_paragraph_only_the_second_extractor_keeps_is_added_where_it_stands():
    assert agree_lines([INTRO, CONVOY, STATEMENT], [INTRO, CONVOY, QUEUE, STATEMENT]) == PARAGRAPHS


def test_lines_only_one_extractor_keeps_at_the_edges_are_furniture():
    first = [
        "Home | News | Dravonia",
        *PARAGRAPHS,
        "Reader from Velt",
        "I drove through Marsk last spring and the road was already bad near the checkpoint.",
    ]
    assert agree_lines(first, PARAGRAPHS) == PARAGRAPHS


def test_a_gallery_that_outweighs_the_agreed_text_is_not_the_article():
    gallery = [
        f"{n}/12 The Marsk harbour at dawn, seen from the breakwater by our photographer Piet Anselm" for n in range(12)
    ]
    first = [INTRO, CONVOY, *gallery, QUEUE]
    assert agree_lines(first, [INTRO, CONVOY, QUEUE]) == [INTRO, CONVOY, QUEUE]


def test_extractors_that_read_different_parts_of_the_page_leave_the_first_reading():
    comments = ["Reader from Velt: I drove through Marsk last spring and the road was already bad near the checkpoint."]
    assert agree_lines(PARAGRAPHS, comments) == PARAGRAPHS
    assert agree_lines([], comments) == comments


def test_a_table_in_the_article_is_kept_once_and_comments_are_not():
    rows = [
        ("Korrin checkpoint", "1998", "Closed for a winter after the salt floods reached the lower road."),
        ("Marsk harbour gate", "2004", "Reopened to fishing boats after the new breakwater was finished."),
    ]
    table = "<table><tr><th>Crossing</th><th>Year</th><th>What happened</th></tr>" + "".join(
        f"<tr><td>{name}</td><td>{year}</td><td>{what}</td></tr>" for name, year, what in rows
    )
    comments = "".join(
        f'<div class="comment"><p class="author">Reader {n}</p><p>I drove through Marsk last spring and the road '
        f"was already bad near the checkpoint, said reader number {n}.</p></div>"
        for n in range(6)
    )
    html = (
        "<html><head><title>Crossings Of The Salt Plains | The Marsk Herald</title></head><body>"
        "<article><h1>Crossings Of The Salt Plains</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + f"<h2>Older crossings</h2>{table}</table></article>"
        + f'<div class="comments"><h3>6 comments</h3>{comments}</div></body></html>'
    )
    lines = extract_html(html).lines
    assert "Korrin checkpoint | 1998 | Closed for a winter after the salt floods reached the lower road." in lines
    assert lines.count("1998") == 0 and all(p in lines for p in PARAGRAPHS)
    assert not any("reader number" in line for line in lines)


def test_a_page_that_is_nearly_all_article_needs_no_second_reading():
    article = [*PARAGRAPHS, "Filed from the harbour office."]
    assert is_whole_page(article, ["Home", *article])
    assert not is_whole_page(PARAGRAPHS[:1], ["Home", *PARAGRAPHS, *(f"Related story {n}" for n in range(40))])
    assert not is_whole_page(PARAGRAPHS, [])  # a page whose lines could not be read is read twice
    # read once, such a page still gives all of its article
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>"
    assert extract_html(html).lines == PARAGRAPHS


def test_the_date_comes_from_the_markup_without_a_search_of_every_locale():
    assert date_search()["extensive_search"] is False
    assert extract_html(html_page()).date.startswith("2024-05-06")


def _dated_page(head: str, *, visible: str = "") -> str:
    page = html_page()
    page = page.replace('<meta property="article:published_time" content="2024-05-06T08:30:00Z">', head)
    return page.replace('<p class="byline">By Ilse Varnholt</p>', f'<p class="byline">{visible}</p>')


def test_the_publication_the_page_declares_outranks_a_last_updated_date():
    # schema.org's datePublished (here in a CDATA-wrapped block, as some CMSs write it) is the first
    # publication; the "last updated" date htmldate settles on is not.
    page = _dated_page(
        '<meta property="article:modified_time" content="2024-09-30T10:00:00+00:00">'
        '<script type="application/ld+json">\n<![CDATA[\n[{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "datePublished": "2024-05-06T08:30:00+00:00"}]\n]]>\n</script>',
        visible="Last Updated: September 30, 2024",
    )
    assert extract_html(page).date.startswith("2024-05-06")


def test_a_republished_page_keeps_its_first_publication_date():
    # Open Graph's published time moved with a republication; the JSON-LD graph kept the first one.
    page = _dated_page(
        '<meta property="article:published_time" content="2024-07-01T09:00:00Z">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "The Marsk Herald"}, '
        '{"@type": "NewsArticle", "datePublished": "2024-05-06T08:30:00Z"}]}</script>'
    )
    assert extract_html(page).date.startswith("2024-05-06")
    assert extract_html(_dated_page('<meta name="date" content="2024-05-07">')).date.startswith("2024-05-07")


@pytest.mark.parametrize("first", ["Marsk Ferry Notices", "Orvel Harbour Times"])
def test_of_two_headings_the_title_holds_the_first_on_the_page_wins(first):
    # Both headings are in the <title> and as long as each other: the page's order decides, not hashing.
    second = ({"Marsk Ferry Notices", "Orvel Harbour Times"} - {first}).pop()
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        f"<html><head><title>Orvel Harbour Times: Marsk Ferry Notices</title></head>"
        f"<body><h1>{first}</h1><h2>{second}</h2>{paragraphs}</body></html>"
    )
    assert extract_html(page).title == first
