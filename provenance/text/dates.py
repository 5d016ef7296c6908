"""Find publication dates in text, in several formats and languages, keeping their precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

DAY, MONTH, YEAR = "day", "month", "year"

_MONTHS: dict[str, int] = {}


def _months(names: str) -> None:
    for number, group in enumerate(names.split(";"), start=1):
        for name in group.split(","):
            if name.strip():
                _MONTHS[name.strip()] = number


# English (with abbreviations), French, Spanish, German, Russian (nominative and genitive),
# Arabic (Egyptian and Levantine names).
_months(
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;august,aug;september,sep,sept;october,oct;november,nov;december,dec"
)
_months(
    "janvier,janv;février,fevrier,févr,fevr;mars;avril,avr;mai;juin;juillet,juil;août,aout;septembre;octobre;novembre;décembre,decembre"
)
_months("enero;febrero;marzo;abril;mayo;junio;julio;agosto;septiembre,setiembre;octubre;noviembre;diciembre")
_months("januar,jänner;februar;märz,maerz;april;mai;juni;juli;august;september;oktober;november;dezember")
_months(
    "январь,января;февраль,февраля;март,марта;апрель,апреля;май,мая;июнь,июня;"
    "июль,июля;август,августа;сентябрь,сентября;октябрь,октября;ноябрь,ноября;декабрь,декабря"
)
_months(
    "يناير,كانون الثاني;فبراير,شباط;مارس,آذار;أبريل,إبريل,ابريل,نيسان;مايو,أيار,ايار;يونيو,يونيه,حزيران;"
    "يوليو,يوليه,تموز;أغسطس,اغسطس,آب;سبتمبر,أيلول,ايلول;أكتوبر,اكتوبر,تشرين الأول,تشرين الاول;"
    "نوفمبر,تشرين الثاني;ديسمبر,كانون الأول,كانون الاول"
)

_MONTH = "(?P<month>" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.|º)?"

# Each pattern with the precision it gives; tried in this order at every position.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), precision)
    for pattern, precision in (
        (rf"(?<!\d){_YEAR}-(?P<num_month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)", DAY),
        (rf"(?<![\d.]){_DAY}[./](?P<num_month>\d{{1,2}})[./]{_YEAR}(?!\d)", DAY),
        (rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", DAY),
        (rf"(?<![\w.]){_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}(?!\d)", DAY),
        (rf"(?<!\w){_MONTH},?\s+(?:de\s+)?{_YEAR}(?!\d)", MONTH),
    )
)
_YEAR_ONLY = re.compile(r"^\s*(?:©\s*)?(?P<year>(?:19|20)\d{2})\s*$")
# What may surround a date on a line that is only a date ("Published April 25th, 2015 - 06:07 GMT").
_FILLER = re.compile(
    r"(?i)\b(?:published|posted|updated|last|modified|date|dated|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|edt|est|cet|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"نشر|بتاريخ|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)\b|"
    r"t?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?|[\s,.:|()\-\u2013\u2014/]"
)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, how precise it is, and where it was."""

    value: date
    precision: str
    start: int
    end: int


def _build(match: re.Match[str], precision: str) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["num_month"]) if groups.get("num_month") else _MONTHS.get(groups["month"].lower().rstrip("."), 0)
    day = int(groups["day"]) if groups.get("day") and precision == DAY else 1
    if groups.get("num_month") and groups.get("day") and month > 12 >= day and "-" not in match.group(0):
        day, month = month, day  # 08/23/2019: month first
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The first full date (day, or month and year) in text, or None."""
    text = text.translate(_DIGITS)
    best: FoundDate | None = None
    for pattern, precision in _PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            value = _build(match, precision)
            if value is not None:
                best = FoundDate(value, precision, match.start(), match.end())
                break
    return best


def date_span(text: str) -> tuple[int, int] | None:
    """The (start, end) of the first date with a day in text: finds outlet datelines."""
    found = find_date(text)
    if found is None or found.precision != DAY:
        return None
    return found.start, found.end


def parse_date_line(line: str) -> FoundDate | None:
    """The date of a line that holds nothing but a date (and words like "Published", times, weekdays)."""
    if len(line) > 80:
        return None
    year_only = _YEAR_ONLY.match(line)
    if year_only:
        return FoundDate(date(int(year_only.group("year")), 1, 1), YEAR, year_only.start(), year_only.end())
    found = find_date(line)
    if found is None:
        return None
    rest = line.translate(_DIGITS)
    rest = rest[: found.start] + " " + rest[found.end :]
    if _FILLER.sub("", rest).strip():
        return None
    return found
