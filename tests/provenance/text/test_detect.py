"""Language, person names, and the outlet decision from a page's attributions."""

from __future__ import annotations

import pytest

from provenance.text.attribution import Attribution
from provenance.text.detect import decide_outlet, detect_language, looks_like_person
from provenance.text.outlets import OutletDirectory, OutletEntry, domains_in
from tests.provenance.ingest_pages import PARAGRAPHS

DIRECTORY = OutletDirectory.with_defaults(
    [
        OutletEntry("Veloria Wire Service", ("VWS", "VeloriaWire"), ("veloriawire.example",), "news_agency"),
        OutletEntry("Frontline Digest", (), ("frontlinedigest.example",), "outlet"),
        OutletEntry("Ilse Varnholt", (), (), "person"),
    ]
)


def credit(kind: str, name: str, role: str, line: int = 0, **fields) -> Attribution:
    return Attribution(kind, name, role, fields.pop("text", name), line, **fields)


def test_languages_are_detected():
    assert detect_language(" ".join(PARAGRAPHS)) == "en"
    assert detect_language("وصلت القافلة الخيالية إلى مدينة مارسك مساء الثلاثاء بعد رحلة طويلة عبر السهول") == "ar"
    assert (
        detect_language("Le convoi est arrivé à Marsk mardi soir après trois jours de route, selon la mairie.") == "fr"
    )
    assert detect_language("12 34") == "und"


@pytest.mark.parametrize(
    "name", ["Ilse Varnholt", "Mohammad al-Saadi", "Abu Karim Haddad", "سلمى حداد", "J. R. Tolland"]
)
def test_person_names(name):
    assert looks_like_person(name)


@pytest.mark.parametrize(
    "name", ["News Desk", "Veloria Wire Service", "Syria Times", "The convoy arrived", "Ilse", "Room 101", "Map Update"]
)
def test_not_person_names(name):
    assert not looks_like_person(name)


def test_repost_credits_the_original_outlet():
    decision = decide_outlet(
        [
            credit("byline", "Veloria Wire Service", "byline"),
            credit("dateline", "Frontline Digest", "publisher", date_text="March 4, 2031"),
            credit("original_source", "Veloria Wire Service", "origin", text="The original source ..."),
            credit("copyright", "Veloria Wire Service", "origin"),
        ],
        directory=DIRECTORY,
    )
    assert decision.outlet.canonical == "Frontline Digest"
    [derivation] = decision.derivations
    assert (derivation.source.canonical, derivation.kind, derivation.evidence, derivation.evidence_text) == (
        "Veloria Wire Service",
        "republication",
        "attribution",
        "The original source ...",
    )
    assert decision.authors == []


def test_a_page_crediting_only_itself_has_no_derivation():
    decision = decide_outlet(
        [credit("byline", "VeloriaWire", "byline"), credit("copyright", "Veloria Wire Service", "origin")],
        directory=DIRECTORY,
    )
    assert decision.outlet.canonical == "Veloria Wire Service"
    assert decision.derivations == []


def test_site_furniture_names_the_publisher_when_nothing_else_does():
    decision = decide_outlet(
        [credit("articles_by", "Veloria Wire Service", "byline")],
        directory=DIRECTORY,
        furniture=[DIRECTORY.lookup("VWS"), DIRECTORY.by_domain("https://www.frontlinedigest.example/x")],
    )
    assert decision.outlet.canonical == "Frontline Digest"
    assert [d.source.canonical for d in decision.derivations] == ["Veloria Wire Service"]


def test_the_outlet_given_by_the_user_wins():
    decision = decide_outlet(
        [credit("dateline", "Frontline Digest", "publisher")], directory=DIRECTORY, given="The Marsk Herald"
    )
    assert decision.outlet.canonical == "The Marsk Herald"


def test_a_wire_credit_in_the_text_is_proposed_for_review():
    decision = decide_outlet(
        [
            credit("site_copyright", "Frontline Digest", "publisher"),
            credit("told", "VWS", "reporter", text="… told VWS"),
        ],
        directory=DIRECTORY,
    )
    assert decision.outlet.canonical == "Frontline Digest"
    [derivation] = decision.derivations
    assert (derivation.source.canonical, derivation.kind, derivation.needs_review) == (
        "Veloria Wire Service",
        "rewrite",
        True,
    )


def test_bylines_name_people_and_outlets_apart():
    decision = decide_outlet(
        [
            credit("byline_for", "Salma Haddad", "author", outlet="Dravonia Today blog"),
            credit("byline", "News Desk", "byline"),
        ],
        directory=DIRECTORY,
    )
    assert decision.authors == ["Salma Haddad"]
    assert decision.outlet.canonical == "Dravonia Today blog"


def test_a_person_in_the_directory_is_never_an_outlet():
    decision = decide_outlet([credit("appeal", "Ilse Varnholt", "publisher")], directory=DIRECTORY)
    assert decision.outlet is None


def test_directory_lookup_is_blind_to_case_punctuation_and_the_blog_suffix():
    assert DIRECTORY.lookup("veloria-wire service").name == "Veloria Wire Service"
    assert DIRECTORY.lookup("the Saker blog").name == "The Saker"
    assert DIRECTORY.lookup("SouthFront").name == "South Front"
    assert DIRECTORY.by_domain("https://news.veloriawire.example/a/1").name == "Veloria Wire Service"
    assert [e.name for e in DIRECTORY.mentions("Become a Member of Frontline Digest at frontlinedigest.example")] == [
        "Frontline Digest"
    ]


def test_names_read_from_running_text_match_by_their_leading_words():
    assert DIRECTORY.lookup("Frontline Digest Website") is None
    assert DIRECTORY.lookup("Frontline Digest Website", prefixes=True).name == "Frontline Digest"
    decision = decide_outlet([credit("told", "Frontline Digest reporters", "reporter")], directory=DIRECTORY)
    assert decision.outlet.canonical == "Frontline Digest" and decision.needs_review


def test_domains_are_found_in_urls_bare_names_and_addresses():
    text = "See http://www.veloriawire.example/donate/ or write to desk@frontlinedigest.example (page.html)"
    assert domains_in(text) == ["veloriawire.example", "frontlinedigest.example"]
