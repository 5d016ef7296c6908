"""Attribution lines read before the furniture is stripped: who is credited, and in which role."""

from __future__ import annotations

import pytest

from provenance.text.attribution import clean_line, read_attributions, read_bio, read_custom, read_line, split_names
from provenance.text.dates import date_span


def one(line: str, **kwargs):
    (attribution,) = read_line(line, 7, **kwargs)
    return attribution


@pytest.mark.parametrize(
    ("line", "kind", "name", "role"),
    [
        (
            "The original source of this article is Veloria Wire Service",
            "original_source",
            "Veloria Wire Service",
            "origin",
        ),
        ("The original source of this article is [Veloria Wire](#)", "original_source", "Veloria Wire", "origin"),
        ("Copyright © Veloria Wire, Veloria Wire, 2031", "copyright", "Veloria Wire", "origin"),
        ("© 2000 - 2031 Frontline Digest (", "site_copyright", "Frontline Digest", "publisher"),
        ("Copyright 2031 The Marsk Herald. All rights reserved.", "site_copyright", "The Marsk Herald", "publisher"),
        ("Articles by: **Veloria Wire**", "articles_by", "Veloria Wire", "byline"),
        ("Source: Dravonia Today", "source", "Dravonia Today", "origin"),
        ("This article was first published by Dravonia Today.", "first_published", "Dravonia Today", "origin"),
        ("Republished with permission from The Marsk Herald", "republished_from", "The Marsk Herald", "origin"),
        ("Interviewed by: Salma Haddad", "interviewed_by", "Salma Haddad", "author"),
        ("By Ilse Varnholt", "byline", "Ilse Varnholt", "byline"),
        ("بقلم سلمى حداد", "byline", "سلمى حداد", "byline"),
        ("Support FrontlineDigest", "appeal", "FrontlineDigest", "publisher"),
        ("Become a Member of Frontline Digest", "appeal", "Frontline Digest", "publisher"),
        ("Comment on Frontline Digest Articles on our Facebook page", "appeal", "Frontline Digest", "publisher"),
    ],
)
def test_credit_lines_are_read(line, kind, name, role):
    attribution = one(line)
    assert (attribution.kind, attribution.name, attribution.role, attribution.line) == (kind, name, role, 7)


def test_byline_for_an_outlet_names_the_author_and_the_outlet():
    attribution = one("By Ilse Varnholt for the Dravonia Today blog")
    assert (attribution.kind, attribution.name, attribution.role, attribution.outlet) == (
        "byline_for",
        "Ilse Varnholt",
        "author",
        "Dravonia Today blog",
    )
    assert one("Ilse Varnholt for The Marsk blog").outlet == "Marsk blog"


def test_outlet_datelines_are_read_only_with_a_date_finder():
    assert read_line("Frontline Digest, March 4, 2031", 0) == []
    attribution = one("Frontline Digest, March 4, 2031", find_date=date_span)
    assert (attribution.kind, attribution.name, attribution.date_text) == (
        "dateline",
        "Frontline Digest",
        "March 4, 2031",
    )
    assert one("Veloria Wire 3 March 2031", find_date=date_span).name == "Veloria Wire"
    assert read_line("The convoy reached Marsk on 3 March 2031 after a long crossing.", 0, find_date=date_span) == []


def test_a_lone_source_link_is_a_credit_without_a_name():
    attribution = one("Source")
    assert (attribution.kind, attribution.name, attribution.role) == ("source_link", "", "origin")


def test_in_text_credits_distinguish_reporters_from_cited_sources():
    found = read_line(
        "Fighting resumed near Marsk, reports the Veloria Observatory for Civilian Safety. “It is calm now,” "
        "the harbour master told AFP on Sunday.",
        3,
    )
    roles = {(a.kind, a.name, a.role) for a in found}
    assert ("reported_by", "Veloria Observatory for Civilian Safety", "cited") in roles
    assert ("told", "AFP", "reporter") in roles
    told = next(a for a in found if a.kind == "told")
    assert told.text.startswith("“It is calm now,”") and told.text.endswith("on Sunday.")


def test_claims_first_published_elsewhere_are_not_credits_of_the_article():
    assert not [a for a in read_line("The rumour was first published by a Korrin channel.", 0) if a.role == "origin"]
    found = read_line("This article was first published in Dravonia Today on Monday, and updated since.", 0)
    assert [(a.kind, a.name) for a in found] == [("first_published", "Dravonia Today")]


def test_told_someone_ordinary_is_no_credit():
    assert not read_line("The mayor told reporters that the road would reopen.", 0)
    assert not read_line("He told them the truth about the convoy and the road.", 0)


def test_dateline_agency_credit_is_read_from_a_paragraph():
    (credit,) = list(read_line("MARSK, (VWS)_The harbour reopened on Monday after repairs.", 0))
    assert (credit.kind, credit.name, credit.role) == ("dateline_credit", "VWS", "publisher")
    assert not read_line("MARSK, VELORIA (6:45 A.M.) – The harbour reopened on Monday.", 0)


def test_a_contributor_bio_names_the_author_and_outlet():
    found = read_bio("Ilse Varnholt is a Marsk-based analyst and a regular contributor to Frontline Digest.", 9)
    assert [(a.kind, a.name, a.role) for a in found] == [
        ("bio", "Ilse Varnholt", "author"),
        ("contributor", "Frontline Digest", "publisher"),
    ]


def test_admin_patterns_with_a_name_group_credit_a_source():
    import re

    found = read_custom(["Courtesy of the Korrin Bulletin"], [re.compile(r"^courtesy of (?:the )?(?P<name>.+)$", re.I)])
    assert [(a.kind, a.name, a.role) for a in found] == [("pattern", "Korrin Bulletin", "origin")]


def test_lines_are_numbered_from_start():
    found = read_attributions(["Plain text here.", "Source: Dravonia Today"], start=10)
    assert [(a.line, a.name) for a in found] == [(11, "Dravonia Today")]


def test_markdown_and_credit_lists_are_cleaned():
    assert clean_line("By [Veloria Wire](#)\u00a0 and **Dravonia Today**") == "By Veloria Wire and Dravonia Today"
    assert split_names("Veloria Wire, Veloria Wire, 2031") == ["Veloria Wire", "2031"]
    assert split_names("Ilse Varnholt and Salma Haddad") == ["Ilse Varnholt", "Salma Haddad"]


def test_as_json_drops_empty_fields():
    assert one("Source: Dravonia Today").as_json() == {
        "kind": "source",
        "name": "Dravonia Today",
        "role": "origin",
        "text": "Source: Dravonia Today",
        "line": 7,
    }
