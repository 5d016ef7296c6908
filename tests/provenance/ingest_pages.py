"""Fictional pages for the ingestion tests (invented places, outlets and people)."""

from __future__ import annotations

PARAGRAPHS = [
    "The convoy of the Velorian relief mission reached the hill town of Marsk on Tuesday evening, after a "
    "three-day crossing of the salt plains, local officials said.",
    "According to the mission's coordinator, forty trucks carried flour, medicine and water filters, and two of "
    "them were turned back at the Korrin checkpoint for lack of papers.",
    "Residents of the lower town queued through the night; the harbour master estimated the crowd at more than "
    "two thousand people, most of them from the flooded eastern districts.",
    "The Dravonian ministry has not commented on the delays, but a spokesman promised a statement on Thursday "
    "about the reopening of the coastal road.",
]


def article_text(title: str, *, head: list[str] = (), paragraphs: list[str] | None = None, tail: list[str] = ()) -> str:
    """A text page: title, head lines (byline, date...), paragraphs, tail lines, blank lines between."""
    lines = [title, *head, *(paragraphs or PARAGRAPHS), *tail]
    return "\n\n".join(lines) + "\n"


def repost_page() -> str:
    """A Frontline Digest repost of a Veloria Wire Service report, with its credits and furniture."""
    return article_text(
        "Relief Convoy Reaches Marsk After Three Days",
        head=["By Veloria Wire Service", "Frontline Digest, March 4, 2024", "Region: Southern Plains"],
        tail=[
            "The original source of this article is Veloria Wire Service",
            "Copyright © Veloria Wire Service, 2024",
            "Become a Member of Frontline Digest",
            "Disclaimer: Frontline Digest does not endorse the opinions of its guest writers.",
        ],
    )


def original_page() -> str:
    """The Veloria Wire Service original of repost_page, with other furniture (so other text)."""
    return article_text(
        "Relief Convoy Reaches Marsk After Three Days",
        head=["March 3, 2024"],
        tail=[
            "Support Veloria Wire Service",
            "Leave a comment",
            "Comments are read by our Marsk desk before they appear.",
        ],
    )


def html_page(*, title: str = "Harbour Reopens In Marsk", site: str = "The Marsk Herald") -> str:
    """An HTML article page with metadata, navigation and a footer."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="Ilse Varnholt">
<meta property="article:published_time" content="2024-05-06T08:30:00Z">
<link rel="canonical" href="https://marskherald.example/news/harbour-reopens"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<main><article><h1>{title}</h1><p class="byline">By Ilse Varnholt</p>{paragraphs}
<p>Share this on Facebook</p></article></main>
<footer><p>© 2019 - 2024 {site}. All rights reserved.</p></footer></body></html>"""


def aggregator_page() -> str:
    """A blog page carrying three articles from different outlets, separated by "Related News"."""
    arabic = (
        "وصلت القافلة الخيالية إلى مدينة مارسك مساء الثلاثاء بعد رحلة طويلة عبر السهول المالحة، "
        "وقال المسؤولون المحليون إن الشاحنات حملت الطحين والدواء ومرشحات المياه إلى الأحياء الشرقية."
    )
    return "\n\n".join(
        [
            article_text("FLOODS CUT THE COASTAL ROAD NEAR MARSK", head=["Veloria Wire Service"]).strip(),
            "Related News",
            article_text(
                "Why the Korrin checkpoint matters",
                head=["June 2, 2024", "By Ilse Varnholt for the Dravonia Today blog"],
                paragraphs=PARAGRAPHS[1:],
            ).strip(),
            "Related Videos",
            "Related News",
            article_text(
                "قافلة الإغاثة تصل إلى مارسك", head=["يونيو 3, 2024", "سلمى حداد"], paragraphs=[arabic, arabic]
            ).strip(),
            "Related News",
            "Harbour master retires",
            "Salt plains crossing reopens",
        ]
    )
