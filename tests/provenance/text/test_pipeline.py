"""The text stages together on the five seed pages and on fictional pages (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from provenance.text.decode import decode_bytes
from provenance.text.outlets import OutletDirectory, OutletEntry
from provenance.text.pipeline import NoArticleError, analyse_page
from tests.conftest import SEEDS_DIR, needs_seeds
from tests.provenance.ingest_pages import PARAGRAPHS, aggregator_page, html_page, original_page, repost_page

DIRECTORY = OutletDirectory.with_defaults([OutletEntry("Veloria Wire Service", kind="news_agency")])


def analyse_seed(prefix: str):
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    decoded = decode_bytes(path.read_bytes(), filename=path.name)
    return analyse_page(decoded.text, media_type=decoded.media_type, warnings=decoded.warnings)


seeds = needs_seeds

# The articles of seed 004, in page order, as counted by reading the page: the first words of each title.
SEED_004_TITLES = [
    "INFIGHTING AMONG IDLIB",
    "Syria & Iraq Launch",
    "This is what is going on",
    "It’s time for Ankara",
    "انتصار حلب",
    "SYRIAN WAR DIARY",
    "Syria Repels Militant Drone",
    "“The Good Terrorists”",
    "Resistance report:",
    "SYRIAN WAR REPORT – SEPTEMBER 12",
    "Political analyst to ST",
    "SYRIAN WAR REPORT – SEPTEMBER 6",
    "In-depth footage",
    "Russian Air Force eliminates",
    "Al-Ahed News in Khan Sheikhoun",
    "أهمّ دروس",
    "Militant group once supported",
    "Syrian Army General Command",
    "KHAN SHAYKHOON LIBERATED",
    "MAP UPDATE:",
    "SYRIAN ARMY DEPLOYS TROOPS",
    "SYRIAN WAR REPORT – AUGUST 22",
    "Latest map and field update",
    "Syrian War Report – August 20",
]


@seeds
def test_seed_004_is_split_at_every_article_boundary():
    drafts = analyse_seed("004").drafts
    assert len(drafts) == len(SEED_004_TITLES) == 24
    for draft, start in zip(drafts, SEED_004_TITLES, strict=True):
        assert draft.title.startswith(start)
        assert draft.is_aggregated


@seeds
def test_seed_004_furniture_is_stripped_from_every_article():
    for draft in analyse_seed("004").drafts:
        for furniture in ("Related News", "Related Videos", "مقالات متعلقة", "bloggers like this", "ALSO READ"):
            assert furniture not in draft.body


@seeds
def test_seed_reposts_read_their_publisher_and_credited_source():
    (repost,) = analyse_seed("000").drafts
    assert repost.outlet.canonical == "Global Research"
    assert (repost.published, repost.precision) == (date(2016, 4, 22), "day")
    assert [(d.source.canonical, d.kind) for d in repost.derivations] == [("South Front", "republication")]
    assert "Disclaimer" not in repost.body and "original source" not in repost.body
    kinds = {a.kind for a in repost.attributions}
    assert {"original_source", "copyright", "articles_by", "dateline"} <= kinds

    (second,) = analyse_seed("001").drafts
    assert second.outlet.canonical == "Global Research" and second.published is None
    assert "PayPal" not in second.body
    # the series label under the title is read as such, and the text starts with the first paragraph
    (section,) = [a.name for a in second.attributions if a.kind == "section"]
    assert section not in second.body and len(section.split()) == 3


@seeds
def test_seed_original_strips_its_appeals_and_comment_form():
    (original,) = analyse_seed("002").drafts
    assert original.outlet.canonical == "South Front" and original.derivations == []
    assert "Support SouthFront" not in original.body and "Leave a Reply" not in original.body
    assert "(Photo:" not in original.body
    assert original.body.count(original.title) == 0


def test_a_fictional_repost_and_its_original():
    (repost,) = analyse_page(repost_page(), media_type="text/plain", directory=DIRECTORY).drafts
    assert repost.outlet.canonical == "Frontline Digest"
    assert repost.published == date(2024, 3, 4)
    assert [(d.source.canonical, d.evidence) for d in repost.derivations] == [("Veloria Wire Service", "attribution")]
    (original,) = analyse_page(original_page(), media_type="text/plain", directory=DIRECTORY).drafts
    assert original.outlet.canonical == "Veloria Wire Service" and original.derivations == []
    assert original.body == repost.body


def test_an_html_page_uses_its_metadata():
    (draft,) = analyse_page(html_page(), media_type="text/html").drafts
    assert draft.title == "Harbour Reopens In Marsk"
    assert draft.outlet.canonical == "The Marsk Herald"
    assert draft.authors == ["Ilse Varnholt"]
    assert draft.published == date(2024, 5, 6)
    assert draft.url == "https://marskherald.example/news/harbour-reopens"
    assert "Share this" not in draft.body


def test_a_fictional_aggregator_page():
    analysis = analyse_page(aggregator_page(), media_type="text/plain", directory=DIRECTORY, outlet_name="Marsk Blog")
    assert analysis.carrier.canonical == "Marsk Blog"
    first, second, third = analysis.drafts
    assert first.outlet.canonical == "Veloria Wire Service"
    assert [(d.source.canonical, d.kind) for d in first.derivations] == [("Veloria Wire Service", "aggregation")]
    assert (second.outlet.canonical, second.authors, second.published) == (
        "Dravonia Today blog",
        ["Ilse Varnholt"],
        date(2024, 6, 2),
    )
    assert (third.language, third.authors, third.published, third.outlet) == (
        "ar",
        ["سلمى حداد"],
        date(2024, 6, 3),
        None,
    )
    assert third.needs_review and "no outlet named on the page" in third.review_notes


def test_a_page_without_an_article_is_refused():
    with pytest.raises(NoArticleError, match="no recognisable article"):
        analyse_page("Home\n\nNews\n\nFloods cut the road\n\nContact us\n", media_type="text/plain")
    with pytest.raises(NoArticleError):
        analyse_page("<html><body><nav><a>Home</a> | <a>About</a></nav></body></html>", media_type="text/html")


def test_decoding_warnings_flag_the_article():
    (draft,) = analyse_page(original_page(), media_type="text/plain", warnings=["mixed encodings: 2 byte(s)"]).drafts
    assert draft.needs_review and draft.review_notes[-1].startswith("mixed encodings")


def test_an_html_page_with_several_articles_is_split_by_its_article_elements():
    stories = "".join(
        f"<article><h2>{title}</h2><p>{outlet}</p>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS[n:])}</article>"
        for n, (title, outlet) in enumerate(
            [("Harbour Reopens In Marsk", "Veloria Wire Service"), ("Salt Road Shut", "")]
        )
    )
    html = f"<html><head><title>Marsk Blog</title></head><body>{stories}</body></html>"
    analysis = analyse_page(html, media_type="text/html", directory=DIRECTORY, outlet_name="Marsk Blog")
    assert [draft.title for draft in analysis.drafts] == ["Harbour Reopens In Marsk", "Salt Road Shut"]
    assert analysis.drafts[0].outlet.canonical == "Veloria Wire Service"
    assert analysis.carrier.canonical == "Marsk Blog"


def _html_article(body: str, *, after: str = "", title: str = "Harbour Reopens In Marsk") -> str:
    return (
        f"<html><head><title>{title} | The Marsk Herald</title></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<main><article><h1>{title}</h1>{body}</article>{after}</main></body></html>"
    )


def test_reader_comments_in_article_elements_do_not_make_an_html_page_an_aggregator():
    comments = "".join(
        f"<article class='comment'><p>Reader {n} from Velt</p><p>I drove through Marsk last spring and the coastal "
        f"road was already bad near the Korrin checkpoint; the ministry knew it, as every driver on the salt plains "
        f"did, and nobody from the harbour office answered our letters about it, comment {n}.</p>"
        f"<p>We wrote again in the autumn, after the second flood, and the answer was the same.</p></article>"
        for n in range(3)
    )
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = _html_article(text, after=f"<section class='comments'>{comments}</section>")
    (draft,) = analyse_page(html, media_type="text/html").drafts
    assert draft.title == "Harbour Reopens In Marsk"
    assert all(p in draft.body for p in PARAGRAPHS) and "Reader 1" not in draft.body


def test_subheadings_over_years_keep_an_html_article_whole():
    crossings = [
        ("Korrin checkpoint", "1998", PARAGRAPHS[1]),
        ("Marsk harbour gate", "2004", PARAGRAPHS[2]),
        ("Velt ford", "2011", PARAGRAPHS[3]),
    ]
    body = f"<p>{PARAGRAPHS[0]}</p>" + "".join(
        f"<h2>{name}</h2><p>{year}</p><p>{text}</p>" for name, year, text in crossings
    )
    (draft,) = analyse_page(_html_article(body), media_type="text/html").drafts
    assert draft.title == "Harbour Reopens In Marsk"
    for name, year, text in crossings:
        assert f"{name}\n\n{year}\n\n{text}" in draft.body


def test_a_chinese_page_of_short_lines_is_an_article():
    # fictional: the Veloria relief convoy reaches Marsk; lines without full stops, as blog pages often have
    lines = [
        "维洛里亚救援车队周二晚上抵达马尔斯克山城 经过三天穿越盐碱平原",
        "四十辆卡车运来了面粉和药品 还有净水过滤器",
        "其中两辆在科林检查站因缺少文件被退回",
        "下城的居民整夜排队 港务长估计人数超过两千",
        "大多数人来自被洪水淹没的东部街区",
        "德拉沃尼亚部长尚未就延误发表评论",
        "但一位发言人承诺周四就沿海公路重新开放一事发表声明",
    ]
    html = _html_article("".join(f"<p>{line}</p>" for line in lines), title="救援车队抵达马尔斯克")
    (draft,) = analyse_page(html, media_type="text/html").drafts
    assert draft.language == "zh"
    assert all(line in draft.body for line in lines)


def test_a_page_nested_fifty_thousand_deep_still_gives_its_article():
    # libxml2 stops a few hundred levels down; the text below must not be reported as "no visible text"
    text = " ".join(f"The harbour of Marsk reopened on day {n}, officials in Korrin said." for n in range(40))
    page = (
        "<html><head><title>Marsk harbour</title></head><body>"
        + "<div>" * 50_000
        + f"<p>{text}</p>"
        + "</div>" * 50_000
        + "</body></html>"
    )
    (draft,) = analyse_page(page, media_type="text/html").drafts
    assert "officials in Korrin said" in draft.body and "day 39" in draft.body
