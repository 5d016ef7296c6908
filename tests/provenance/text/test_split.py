"""Splitting a page into articles: titles, heads, subheadings, separators and furniture."""

from __future__ import annotations

from provenance.text.split import BODY, DATE, HEADING, NAME, SECTION, split_page, unwrap_lines
from tests.provenance.ingest_pages import PARAGRAPHS, aggregator_page, article_text

KNOWN = {"veloria wire service", "dravonia today"}


def split(text: str, **kwargs):
    return split_page(text.split("\n"), is_outlet_name=lambda name: name.casefold() in KNOWN, **kwargs)


def test_a_simple_page_is_one_article_with_its_head():
    page = split(article_text("Harbour Reopens In Marsk", head=["By Ilse Varnholt", "March 3, 2031"]))
    (piece,) = page.pieces
    assert piece.title == "Harbour Reopens In Marsk"
    assert [b.kind for b in piece.head] == ["byline", DATE]
    assert [b.text for b in piece.text_blocks] == PARAGRAPHS


def test_subheadings_stay_inside_their_article():
    paragraphs = [PARAGRAPHS[0], "What the harbour master saw", PARAGRAPHS[1], PARAGRAPHS[2]]
    (piece,) = split(article_text("Harbour Reopens In Marsk", paragraphs=paragraphs)).pieces
    assert [b.kind for b in piece.text_blocks] == [BODY, HEADING, BODY, BODY]


def test_a_series_label_under_the_title_is_kept_out_of_the_text():
    paragraphs = ["Regional Security Review", *PARAGRAPHS]
    (piece,) = split(article_text("Harbour Reopens In Marsk", paragraphs=paragraphs)).pieces
    assert [(b.kind, b.text) for b in piece.head] == [(SECTION, "Regional Security Review")]
    assert [b.text for b in piece.text_blocks] == PARAGRAPHS


def test_a_subtitle_that_reads_as_a_phrase_stays_in_the_text():
    for subtitle in ["Talks resume after the convoy reached Marsk", "Marsk Harbour Reopens After 3 Weeks"]:
        paragraphs = [subtitle, *PARAGRAPHS]
        (piece,) = split(article_text("Harbour Reopens In Marsk", paragraphs=paragraphs)).pieces
        assert piece.head == [] and piece.text_blocks[0].text == subtitle


def test_the_title_repeated_inside_the_text_is_skipped():
    paragraphs = [PARAGRAPHS[0], "Harbour reopens in Marsk", PARAGRAPHS[1]]
    (piece,) = split(article_text("Harbour Reopens In Marsk", paragraphs=paragraphs)).pieces
    assert [b.text for b in piece.text_blocks] == [PARAGRAPHS[0], PARAGRAPHS[1]]


def test_an_aggregator_page_is_split_at_every_article():
    page = split(aggregator_page())
    assert [piece.title for piece in page.pieces] == [
        "FLOODS CUT THE COASTAL ROAD NEAR MARSK",
        "Why the Korrin checkpoint matters",
        "قافلة الإغاثة تصل إلى مارسك",
    ]
    assert page.is_aggregate
    # the related-link list at the end belongs to no article
    assert [b.text for b in page.leftovers][-2:] == ["Harbour master retires", "Salt plains crossing reopens"]


def test_a_heading_followed_by_a_byline_opens_an_article_without_a_separator():
    text = "\n\n".join(
        [
            article_text("Harbour Reopens In Marsk").strip(),
            article_text("Salt Plains Crossing Reopens", head=["Veloria Wire Service"]).strip(),
        ]
    )
    page = split(text)
    assert [piece.title for piece in page.pieces] == ["Harbour Reopens In Marsk", "Salt Plains Crossing Reopens"]


def test_a_heading_over_a_dateline_paragraph_opens_an_article():
    second = "MARSK, VELORIA (6:45 A.M.) – " + PARAGRAPHS[2]
    text = "\n\n".join([article_text("Harbour Reopens In Marsk").strip(), "Floods on the coast", second, PARAGRAPHS[3]])
    assert [piece.title for piece in split(text).pieces] == ["Harbour Reopens In Marsk", "Floods on the coast"]


def test_a_list_of_names_is_not_a_byline():
    paragraphs = [PARAGRAPHS[0], "These towns were reached:", "Upper Marsk", "Korrin Ford", "Salt Gate", PARAGRAPHS[1]]
    page = split(article_text("Harbour Reopens In Marsk", paragraphs=paragraphs))
    assert len(page.pieces) == 1
    assert [b.kind for b in page.pieces[0].text_blocks][2:5] == [NAME, NAME, NAME]


def test_links_after_a_separator_are_not_articles():
    text = article_text("Harbour Reopens In Marsk", tail=["Related News", "Floods cut the road", "Korrin talks resume"])
    page = split(text)
    assert len(page.pieces) == 1 and page.rejected == 0
    assert [b.text for b in page.leftovers] == ["Related News", "Floods cut the road", "Korrin talks resume"]


def test_a_page_of_links_has_no_article():
    page = split("Home\n\nLatest news\n\nFloods cut the road\n\nKorrin talks resume\n\nContact us\n")
    assert page.pieces == []


def test_text_without_a_heading_takes_the_page_title():
    (piece,) = split("\n\n".join(PARAGRAPHS), first_title="Harbour Reopens").pieces
    assert piece.title == "Harbour Reopens"


def test_hard_wrapped_text_is_joined_into_paragraphs():
    wrapped = []
    for paragraph in PARAGRAPHS:
        words, line = paragraph.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > 60:
                wrapped.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        wrapped.extend([line, ""])
    joined = [line for line in unwrap_lines(wrapped) if line]
    assert joined == PARAGRAPHS


def test_normal_lines_are_not_joined():
    lines = ["Harbour Reopens In Marsk", "", *PARAGRAPHS]
    assert unwrap_lines(lines) == lines
