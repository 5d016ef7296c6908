"""The article list's order: newest added first by default, or by published date or title, kept in the URL."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from provenance.models import Article
from sources.models import Source

pytestmark = pytest.mark.django_db
LIST = reverse("web:article_list")


@pytest.fixture
def imported_2015(demo_corpus, make_article):
    """An article imported after the demo corpus (dated 2031), published in 2015."""
    return make_article(title="Harbour of Vell reopens after the 2015 floods", published=date(2015, 6, 2))


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


def test_an_article_just_imported_comes_first_by_default_whatever_its_date(client_as, imported_2015):
    response = client_as("viewer").get(LIST)
    assert titles(response)[0] == imported_2015.title
    assert response.context["page"].paginator.count == Article.objects.count()
    assert '<option value="added" selected>Newest added</option>' in response.content.decode()


def test_the_demo_corpus_reads_newest_published_first_by_default(client_as, demo_corpus):
    listed = list(client_as("viewer").get(LIST).context["page"])
    dates = [article.published for article in listed]
    assert len(listed) == Article.objects.count() and dates == sorted(dates, reverse=True)


def test_newest_published_first_puts_the_2015_article_last_and_undated_ones_after_it(
    client_as, imported_2015, make_article
):
    undated = make_article(title="An undated notice from Marsk", published=None)
    client = client_as("viewer")
    listed = list(client.get(LIST, {"sort": "published"}).context["page"])  # the demo's 20 and these two
    assert [a.pk for a in listed[-2:]] == [imported_2015.pk, undated.pk]
    dates = [a.published for a in listed if a.published is not None]
    assert dates == sorted(dates, reverse=True) and len(listed) == Article.objects.count()


def test_sorting_by_title_follows_the_title_across_pages(client_as, imported_2015, make_article):
    for n in range(10):
        make_article(title=f"Vell notice {n:02d}")
    client = client_as("viewer")
    listed = titles(client.get(LIST, {"sort": "title", "page": 1})) + titles(
        client.get(LIST, {"sort": "title", "page": 2})
    )
    by_title = Article.objects.order_by("title", "id").values_list("title", flat=True)  # the database's collation
    assert listed == list(by_title)
    assert listed.index("Vell notice 00") + 9 == listed.index("Vell notice 09")


def test_the_sort_is_kept_with_filters_and_in_the_page_links(client_as, imported_2015, make_article):
    outlet = Source.objects.get(slug="veloria-wire")
    for n in range(30):
        make_article(outlet=outlet, title=f"Veloria bulletin {n:02d}")
    response = client_as("viewer").get(LIST, {"outlet": outlet.pk, "sort": "title"})
    page = response.context["page"]
    assert page.has_next() and {a.outlet_id for a in page} == {outlet.pk}
    html = response.content.decode()
    assert f'href="?outlet={outlet.pk}&amp;sort=title&amp;page=2"' in html
    assert '<option value="title" selected>Title</option>' in html
    assert 'form="article-filters"' in html  # the sort select goes with the filters form


def test_an_unknown_sort_falls_back_to_newest_added(client_as, imported_2015):
    response = client_as("viewer").get(LIST, {"sort": "DROP TABLE"})
    assert response.status_code == 200 and titles(response)[0] == imported_2015.title


def test_a_date_filter_being_corrected_keeps_the_chosen_order(client_as, imported_2015):
    response = client_as("viewer").get(LIST, {"sort": "title", "date_from": "2031-05-01", "date_to": "2031-04-01"})
    assert b"The start date is after the end date." in response.content
    assert titles(response) == sorted(titles(response))
