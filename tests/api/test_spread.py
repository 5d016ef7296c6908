"""The spread of a story on the API: JSON and SVG (timeline and graph), for an article and a claim."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from claims.services import add_mention, create_claim
from provenance.spread import spread_for_article
from provenance.svg import graph_svg, timeline_svg
from tests.api.conftest import COUNTER_QUERIES
from tests.stories import build_story

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_a_chain_of_two_is_drawn_with_its_origin_first(crafted):
    spread = spread_for_article(crafted.copy.pk)
    assert [copy.outlet for copy in spread.copies][:2] == ["Valley Courier", "Northern Mirror"]
    assert spread.copies[0].is_origin and spread.copies[1].parent_id == crafted.origin.pk
    timeline = _parse(timeline_svg(spread))
    labels = _texts(timeline)
    assert labels.index("\u2068Valley Courier\u2069") < labels.index("\u2068Northern Mirror\u2069")
    assert "3 articles in 3 outlets, from 2031-03-03 to 2031-03-05" in labels
    tooltips = ["".join(t.itertext()) for t in timeline.iter(f"{SVG}title")]
    assert "Northern Mirror, 2031-03-04: republication of Valley Courier" in tooltips
    graph = _parse(graph_svg(spread))
    assert "\u2068Hill Gazette\u2069" in _texts(graph)


def test_the_svg_holds_no_script_no_style_and_nothing_unescaped(db, make_article, make_source):
    outlet = make_source(name='<script>alert("x")</script> & Sons')
    article = make_article(outlet=outlet, title="<b>title</b>")
    svg = timeline_svg(spread_for_article(article.pk)) + graph_svg(spread_for_article(article.pk))
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    assert "&lt;script&gt;" in svg
    _parse(timeline_svg(spread_for_article(article.pk)))


def test_a_story_of_fifty_outlets_groups_rows_by_affiliation_and_marks_each_kind(db):
    story = build_story(49)
    spread = spread_for_article(story.articles[20].pk)
    assert len(spread.copies) == 50 and not spread.truncated
    groups = spread.groups()
    assert groups[0][0] == "Lakeside Wire"  # the origin's group first
    assert {"Group Harbour", "Group Ridge", "Group Delta", "Group Pine"} <= {name for name, _ in groups}
    unknown = [copy for copy in spread.copies if copy.outlet_id is None]
    assert [copy.label for copy in unknown] == [f"unknown outlet (article {story.articles[7].pk})"]
    timeline = timeline_svg(spread)
    root = _parse(timeline)
    labels = _texts(root)
    assert "\u2068Group Harbour\u2069" in labels and "\u2068صدى البحيرة\u2069" in labels
    assert "Copy 7 of the ferry story" not in timeline  # an unknown outlet is never named by its title
    assert "undated" in labels
    for kind in ("origin", "republication", "excerpt", "rewrite", "translation", "aggregation"):
        assert kind in labels, kind  # the legend names each kind that occurs
    marks = [node for node in root.iter() if node.tag in (f"{SVG}a", f"{SVG}g")]
    assert len(marks) == 50
    graph = _parse(graph_svg(spread))
    assert sum(1 for node in graph.iter(f"{SVG}rect") if node.get("rx") == "4") == 50
    assert int(float(graph.get("height"))) >= 44 * 40  # a row per leaf: readable, not squeezed


def test_the_article_spread_endpoint_answers_json_and_svg_in_constant_queries(
    api_as, crafted, django_assert_max_num_queries
):
    api = api_as("viewer")
    url = f"/api/v1/articles/{crafted.second.pk}/spread/"
    with django_assert_max_num_queries(8 + COUNTER_QUERIES):
        response = api.get(url)
    assert response.status_code == 200
    copies = response.json()["copies"]
    assert [(c["outlet"], c["kind"], c["depth"]) for c in copies] == [
        ("Valley Courier", "origin", 0),
        ("Northern Mirror", "republication", 1),
        ("Hill Gazette", "republication", 2),
    ]
    assert [c["focus"] for c in copies] == [False, False, True]
    with django_assert_max_num_queries(8 + COUNTER_QUERIES):
        svg = api.get(url, {"format": "svg", "chart": "graph"})
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    root = _parse(svg.content.decode())
    links = [node.get("href") for node in root.iter(f"{SVG}a")]
    assert f"/articles/{crafted.origin.pk}/" in links


def test_the_spread_of_fifty_costs_the_same_queries_as_that_of_two(api_as, db, django_assert_max_num_queries):
    story = build_story(49)
    api = api_as("viewer")
    with django_assert_max_num_queries(8 + COUNTER_QUERIES):
        response = api.get(f"/api/v1/articles/{story.origin.pk}/spread/", {"format": "svg"})
    assert response.status_code == 200
    assert len(_parse(response.content.decode()).findall(f".//{SVG}a")) == 50


def test_the_claim_spread_draws_every_article_that_carries_it(api_as, crafted, django_assert_max_num_queries):
    api = api_as("viewer")
    with django_assert_max_num_queries(9 + COUNTER_QUERIES):
        response = api.get(f"/api/v1/claims/{crafted.claim.pk}/spread/")
    assert response.status_code == 200
    assert sorted(c["article"] for c in response.json()["copies"] if c["focus"]) == sorted(
        [crafted.origin.pk, crafted.copy.pk, crafted.second.pk]
    )
    svg = api.get(f"/api/v1/claims/{crafted.claim.pk}/spread/", {"format": "svg"})
    assert svg.status_code == 200 and b"Copies" not in svg.content[:20]
    _parse(svg.content.decode())


def test_a_claim_with_no_mentions_has_an_empty_spread(api_as, db):
    claim = create_claim(text="A claim nobody carries yet.")
    response = api_as("viewer").get(f"/api/v1/claims/{claim.pk}/spread/", {"format": "svg"})
    assert response.status_code == 200
    assert "0 articles in 0 outlets" in _texts(_parse(response.content.decode()))


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/api/v1/articles/{article}/spread/", {"chart": "pie"}, 400, "Unknown chart 'pie'"),
        ("/api/v1/articles/{article}/spread/", {"format": "png"}, 404, "No format 'png'"),
        ("/api/v1/articles/999999/spread/", {"format": "svg"}, 404, "No Article matches"),
        ("/api/v1/claims/999999/spread/", {"format": "svg"}, 404, "No Claim matches"),
    ],
)
def test_bad_spread_requests_get_a_json_error(api_as, crafted, path, params, status, message):
    response = api_as("viewer").get(path.format(article=crafted.origin.pk), params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert message in response.content.decode()


def test_an_anonymous_caller_gets_no_spread(anonymous, crafted):
    assert anonymous.get(f"/api/v1/articles/{crafted.origin.pk}/spread/").status_code == 401


def test_a_mention_added_to_a_new_article_joins_the_claim_spread(api_as, crafted, make_article):
    lone = make_article(body="Elsewhere: shelling hit the market in Marsk, residents said.")
    start = lone.body.index("shelling")
    add_mention(claim=crafted.claim, article=lone, start=start, end=start + 32, quote=lone.body[start : start + 32])
    copies = api_as("viewer").get(f"/api/v1/claims/{crafted.claim.pk}/spread/").json()["copies"]
    assert lone.pk in [c["article"] for c in copies]
    assert [c["kind"] for c in copies if c["article"] == lone.pk] == ["origin"]
