"""Dates in several formats and languages, with their precision (day, month, year)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.text.dates import date_span, find_date, parse_date_line


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("April 22, 2031", date(2031, 4, 22), "day"),
        ("Apr. 3 2031", date(2031, 4, 3), "day"),
        ("August 23rd, 2019", date(2019, 8, 23), "day"),
        ("19 April 2016", date(2016, 4, 19), "day"),
        ("23.08.2019", date(2019, 8, 23), "day"),
        ("08/23/2019", date(2019, 8, 23), "day"),
        ("2019-08-23T10:00:00Z", date(2019, 8, 23), "day"),
        ("December 2015", date(2015, 12, 1), "month"),
        ("24 août 2019", date(2019, 8, 24), "day"),
        ("12 de marzo de 2020", date(2020, 3, 12), "day"),
        ("24. August 2019", date(2019, 8, 24), "day"),
        ("24 августа 2019", date(2019, 8, 24), "day"),
        ("أغسطس 24, 2019", date(2019, 8, 24), "day"),
        ("٢٤ آب ٢٠١٩", date(2019, 8, 24), "day"),
        ("3 تشرين الأول 2030", date(2030, 10, 3), "day"),
    ],
)
def test_dates_are_found_in_many_formats_and_languages(text, expected, precision):
    found = find_date(text)
    assert found is not None and (found.value, found.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["On Jan. 27 the convoy left", "February 30, 2031", "page 12 of 2031", "31.31.2031"])
def test_incomplete_or_impossible_dates_are_not_dates(text):
    assert find_date(text) is None


def test_a_date_line_holds_nothing_but_a_date():
    assert parse_date_line("Published April 25th, 2031 - 06:07 GMT").value == date(2031, 4, 25)
    assert parse_date_line("Posted on Monday, 3 March 2031 at 10:15").value == date(2031, 3, 3)
    assert parse_date_line("2031").precision == "year"
    assert parse_date_line("The convoy left Marsk on 3 March 2031.") is None
    assert parse_date_line("Frontline Digest, March 4, 2031") is None


def test_date_span_needs_a_day():
    assert date_span("Frontline Digest, March 4, 2031") == (18, 31)
    assert date_span("REPORT – DECEMBER 2031") is None


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_written_dates_read_back(value):
    month = MONTHS[value.month - 1]
    for text in (f"{month} {value.day}, {value.year}", f"{value.day} {month} {value.year}", value.isoformat()):
        found = find_date(f"Dispatch from Marsk, {text}")
        assert found is not None and found.value == value and found.precision == "day"
