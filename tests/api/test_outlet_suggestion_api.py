"""The API's article detail carries the suggested outlet with its evidence, in the same number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.house_style import record_house_style
from provenance.services import create_article
from provenance.text.outlets import OutletDirectory
from tests.provenance.house_pages import KESTREL, kestrel_text


def stored(body: str, *, outlet=None):
    article, _ = create_article(title=body[:30], body=body, language="en", outlet=outlet)
    record_house_style(article=article, directory=OutletDirectory.with_defaults(), source_for=lambda entry: None)
    return article


def test_article_detail_shows_the_suggested_outlet_and_its_evidence(api_as, make_source):
    api = api_as("viewer")
    kestrel = make_source(KESTREL)
    signed = stored(kestrel_text(1).split("\n\n", 1)[1], outlet=kestrel)
    unsigned = stored(kestrel_text(6).split("\n\n", 1)[1])
    without, data = detail(api, signed.pk)
    assert data["outlet_suggestion"] is None
    with_suggestion, data = detail(api, unsigned.pk)
    assert with_suggestion == without  # the suggestion comes in the article's own query
    suggestion = data["outlet_suggestion"]
    assert suggestion["outlet"] == {"id": kestrel.pk, "name": KESTREL}
    assert suggestion["status"] == "pending" and not suggestion["is_ambiguous"]
    dateline = next(item for item in suggestion["evidence"] if item["cue"] == "dateline")
    assert dateline["text"] == "BRENNICK, VESKA (11:05 P.M.) –"
    assert dateline["outlets"][0]["examples"] == [signed.pk]
    assert "outlet_suggestion" not in api.get("/api/v1/articles/").json()["results"][0]


def detail(api, pk: int) -> tuple[int, dict]:
    """The article's detail and the number of queries it took."""
    with CaptureQueriesContext(connection) as context:
        response = api.get(f"/api/v1/articles/{pk}/")
    assert response.status_code == 200
    return len(context), response.json()
