"""Site furniture stripped by data patterns: generic defaults plus per-outlet patterns."""

from __future__ import annotations

import pytest

from provenance.text.boilerplate import (
    BLOCK_START,
    LINE,
    Pattern,
    PatternError,
    PatternSet,
    strip_boilerplate,
    strip_edges,
)

TEXT = "The convoy reached the hill town of Marsk on Tuesday evening, local officials said."


@pytest.mark.parametrize(
    "line",
    [
        "Support FrontlineDigest",
        "Support Veloria Wire Service!",
        "If you like our content, a small gift keeps the Marsk desk open.",
        "Our work depends on you: PayPal: editor@example.org or via https://example.org/donate/",
        "Disclaimer: Frontline Digest does not endorse the opinions of its guest writers.",
        "www.example.org contains copyrighted material; reuse needs written consent.",
        "For media inquiries: press@example.org",
        "Comment on Frontline Digest Articles on our Facebook page",
        "Become a Member of Frontline Digest",
        "Note to readers: tell a friend about the Marsk desk.",
        "Region: Southern Plains",
        "Theme: Humanitarian Aid, Floods",
        "Click to see the full-size image",
        "ALSO READ  Harbour master retires after forty years",
        "Your email address will not be published, and the name you give will be.",
        "Fighters gather near the harbour (Photo: Marsk Herald archive)",
        "Home | News | About | Contact",
        "Share this on Facebook",
        "The original source of this article is Veloria Wire Service",
        "Articles by: Veloria Wire Service",
        "© 2000 - 2031 Frontline Digest (",
    ],
)
def test_furniture_lines_are_dropped(line):
    stripped = strip_boilerplate([TEXT, line, TEXT])
    assert stripped.kept == [TEXT, TEXT]
    assert stripped.removed[0][0] == line


@pytest.mark.parametrize(
    "line",
    [
        "Related News",
        "Related Videos",
        "Related",
        "You may also like",
        "MORE ON THE TOPIC:",
        "Leave a Reply",
        "مقالات متعلقة",
        "%d bloggers like this:",
    ],
)
def test_a_block_start_drops_everything_after_it(line):
    stripped = strip_boilerplate([TEXT, line, "Harbour master retires", TEXT])
    assert stripped.kept == [TEXT]
    assert [removed for removed, _ in stripped.removed] == [line, "Harbour master retires", TEXT]


def test_ordinary_text_is_kept():
    lines = [
        TEXT,
        "Donations of flour arrived from the Velorian Red Crescent, the mayor said.",
        "Related talks will resume in Korrin next week, officials said.",
        "Support for the ceasefire grew among the fishermen of the lower town this week.",
    ]
    assert strip_boilerplate(lines).kept == lines


def test_outlet_patterns_extend_the_defaults():
    patterns = PatternSet().extended([Pattern(LINE, r"^Read the Marsk Herald every morning", "Herald promo")])
    stripped = strip_boilerplate([TEXT, "Read the Marsk Herald every morning!", TEXT], patterns)
    assert stripped.kept == [TEXT, TEXT] and stripped.removed == [
        ("Read the Marsk Herald every morning!", "Herald promo")
    ]
    assert patterns.extended([]) is patterns


@pytest.mark.parametrize(
    ("regex", "line"),
    [
        (r"^(\w+) \1 daily$", "Marsk Marsk daily"),  # a back-reference counts its own groups
        (r"(?x) ^ marsk \s+ herald \s+ promo $", "Marsk Herald promo"),  # flags of its own
        (r"^(?P<word>\w+) and (?P=word) weekly$", "Orvel and Orvel weekly"),
    ],
)
def test_admin_patterns_with_groups_or_flags_of_their_own_still_match(regex, line):
    # Lines are screened by one expression joining a kind's patterns; these cannot be joined.
    patterns = PatternSet().extended([Pattern(LINE, regex, "admin pattern")])
    stripped = strip_boilerplate([TEXT, line, TEXT], patterns)
    assert stripped.removed == [(line, "admin pattern")]


def test_an_invalid_pattern_is_refused_with_its_text():
    with pytest.raises(PatternError, match=r"'\(unclosed' is not a valid regular expression"):
        PatternSet([Pattern(BLOCK_START, "(unclosed")])


def test_an_unknown_pattern_kind_is_refused():
    with pytest.raises(PatternError, match="unknown boilerplate pattern kind 'banner'"):
        PatternSet([Pattern("banner", "x")])


def test_furniture_at_the_edges_of_a_chosen_text_is_stripped_and_the_same_words_inside_it_are_kept():
    inside = "Share this on Facebook"  # a subheading of an article about the Marsk desk's social pages
    lines = ["Advertisement", TEXT, inside, TEXT, "Share this on Facebook", "All rights reserved."]
    stripped = strip_edges(lines)
    assert stripped.kept == [TEXT, inside, TEXT]
    assert [line for line, _reason in stripped.removed] == [
        "Advertisement",
        "Share this on Facebook",
        "All rights reserved.",
    ]


def test_a_block_start_cuts_a_chosen_text_only_when_no_running_text_follows():
    related = ["Related News", "Harbour master retires", "Salt plains crossing reopens"]
    assert strip_edges([TEXT, TEXT, *related]).kept == [TEXT, TEXT]
    see_also = ["See also", "The Korrin checkpoint was closed twice before, in the winters of 1998 and 2004."]
    assert strip_edges([TEXT, *see_also, TEXT]).kept == [TEXT, *see_also, TEXT]


def test_lines_marked_as_edge_furniture_go_only_at_the_edges():
    lines = ["March 3, 2031", TEXT, "1998", TEXT, "By Ilse Varnholt"]
    marked = [True, False, True, False, True]
    assert strip_edges(lines, edge_only=marked).kept == [TEXT, "1998", TEXT]
