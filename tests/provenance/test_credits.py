"""Credit lines find their original whatever the order of import; pages sharing only site furniture stay apart."""

from __future__ import annotations

import pytest

from provenance.ingestion import ingest_file
from provenance.models import Article, Derivation, PendingCredit
from tests.provenance.ingest_pages import PARAGRAPHS

pytestmark = pytest.mark.django_db

WIRE_URL = "https://www.veloria-wire.example/2031/03/relief-convoy-reaches-marsk"
MORE = [
    "Engineers from the salt works said the causeway would carry light vehicles again by the weekend, once the "
    "last of the flood water had drained from the culverts under the eastern span.",
    "Teachers in the lower town moved their classes into the grain hall, where volunteers had laid out benches "
    "and a stove for the children who had lost their school to the water.",
]


def page(*, site: str, title: str, paragraphs: list[str], url: str, published: str, extra: str = "") -> bytes:
    """An HTML article page of site, with the furniture every page of that site shares."""
    dated = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    menu = "".join(f'<li><a href="/{w.lower()}">{w} news from the {site} desk</a></li>' for w in ("Local", "Harbour"))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}">{dated}
</head><body><header><a href="/">{site}</a><nav><ul>{menu}</ul></nav></header>
<main><article><h1>{title}</h1>{body}{extra}</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Tide tables for the coming week on the Marsk coast</a></li>
<li><a href="/b">Letters to the editor about the library opening hours again</a></li></ul></aside>
<footer><p>{site} is an independent publication. Sign up for our newsletter to get the day's stories in your
inbox every morning, with the tide tables and the ferry timetable for the salt plains crossing.</p>
<p>© 2031 {site}. All rights reserved.</p></footer></body></html>""".encode()


def original() -> bytes:
    return page(
        site="Veloria Wire Service",
        title="Relief Convoy Reaches Marsk",
        paragraphs=PARAGRAPHS + MORE,
        url=WIRE_URL,
        published="2031-03-01",
    )


def copy(
    credit: str, *, site: str = "Frontline Digest", paragraphs: list[str] | None = None, published: str = "2031-03-04"
) -> bytes:
    return page(
        site=site,
        title="Relief Convoy Reaches Marsk",
        paragraphs=paragraphs or PARAGRAPHS + MORE,
        url=f"https://{site.lower().replace(' ', '-')}.example/convoy",
        published=published,
        extra=f"<p><em>{credit}</em></p>" if credit else "",
    )


def edge_between(derived: Article, source: Article) -> Derivation | None:
    return Derivation.objects.filter(derived=derived, source_article=source).first()


@pytest.mark.parametrize(
    "credit",
    [
        "The original source of this article is Veloria Wire Service",
        f"The original source of this article is {WIRE_URL}",
        f"Source: {WIRE_URL}",
        "Republished from veloria-wire.example",
    ],
)
def test_a_credited_copy_stored_before_its_original_is_linked_when_the_original_arrives(credit):
    (reposted,) = ingest_file(data=copy(credit), filename="copy.html")
    assert not Derivation.objects.filter(derived=reposted.article, source_article__isnull=False).exists()
    assert PendingCredit.objects.filter(article=reposted.article, resolved_to__isnull=True).exists()

    (wire,) = ingest_file(data=original(), filename="wire.html")

    edge = edge_between(reposted.article, wire.article)
    assert edge is not None and edge.evidence == Derivation.Evidence.ATTRIBUTION
    assert edge.evidence_text == credit
    reposted.article.refresh_from_db()
    assert reposted.article.origin_article_id == wire.article.pk
    assert PendingCredit.objects.get(article=reposted.article).resolved_to == wire.article


def test_a_credited_copy_stored_after_its_original_is_linked_at_once():
    (wire,) = ingest_file(data=original(), filename="wire.html")
    (reposted,) = ingest_file(data=copy(f"Originally published at {WIRE_URL}"), filename="copy.html")
    edge = edge_between(reposted.article, wire.article)
    assert edge is not None and edge.evidence == Derivation.Evidence.ATTRIBUTION


def test_a_credit_naming_a_site_is_not_resolved_to_another_of_its_articles():
    other = page(
        site="Veloria Wire Service",
        title="Relief Convoy Reaches Marsk",  # the same title, another text
        paragraphs=[
            "The Orrow ferry company said on Monday that its two oldest boats would be sold at auction in the "
            "spring, ending forty years of service on the northern crossing to the island quarries.",
            "A new timetable, printed in the harbour office window, lists six sailings a day in summer and three in "
            "winter, with an extra boat on market days when the weather allows it.",
            "Fishermen who moor beside the ferry slip asked the council for a second ladder and better lighting, "
            "after a crew member slipped on the wet stones during the January gales.",
        ],
        url="https://www.veloria-wire.example/2031/03/ferry",
        published="2031-03-01",
    )
    (reposted,) = ingest_file(data=copy("The original source of this article is Veloria Wire Service"), filename="c")
    (unrelated,) = ingest_file(data=other, filename="other.html")
    assert edge_between(reposted.article, unrelated.article) is None
    assert PendingCredit.objects.get(article=reposted.article).resolved_to is None


def test_a_verbatim_copy_on_another_outlet_is_an_article_of_its_own_derived_from_the_original():
    (wire,) = ingest_file(data=original(), filename="wire.html")
    (reposted,) = ingest_file(data=copy(""), filename="copy.html")
    assert reposted.created and reposted.article != wire.article
    assert reposted.article.outlet.name == "Frontline Digest"
    assert edge_between(reposted.article, wire.article) is not None


def test_pages_of_one_site_sharing_only_their_furniture_are_never_linked():
    first = page(
        site="Veloria Wire Service",
        title="Relief Convoy Reaches Marsk",
        paragraphs=PARAGRAPHS,
        url="https://www.veloria-wire.example/a",
        published="2031-03-01",
    )
    second = page(
        site="Veloria Wire Service",
        title="Schools Reopen In The Grain Hall",
        paragraphs=[*MORE, MORE[0].replace("causeway", "old tram bridge").replace("weekend", "end of April")],
        url="https://www.veloria-wire.example/b",
        published="2031-03-02",
    )
    articles = [ingest_file(data=data, filename=f"{n}.html")[0].article for n, data in enumerate((first, second))]
    assert not Derivation.objects.filter(derived__in=articles, source_article__in=articles).exists()


def test_an_undated_original_that_other_copies_credit_is_the_source_of_an_uncredited_copy_stored_before_it():
    undated = page(
        site="Veloria Wire Service",
        title="Relief Convoy Reaches Marsk",
        paragraphs=PARAGRAPHS + MORE,
        url=WIRE_URL,
        published="",
    )
    (uncredited,) = ingest_file(data=copy("", site="Orrow Ledger"), filename="uncredited.html")
    (wire,) = ingest_file(data=undated, filename="wire.html")
    assert wire.article.published is None  # the dates cannot tell which came first
    (credited,) = ingest_file(
        data=copy("First published by Veloria Wire Service", published="2031-03-06"), filename="credited.html"
    )
    assert edge_between(credited.article, wire.article).evidence == Derivation.Evidence.ATTRIBUTION
    # the text the credit names as the original is the source of the uncredited copy too, not its copy
    assert edge_between(uncredited.article, wire.article) is not None
    assert edge_between(wire.article, uncredited.article) is None
