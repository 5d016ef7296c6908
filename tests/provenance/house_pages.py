"""Fictional articles in the house styles of two invented outlets, for the outlet-suggestion tests.

Kestrel Daily opens with "TALMORE, VESKA (9:30 A.M.) –" and links its own pages with "READ ALSO »".
The Orvane Courier opens with "Port Selm, June 3 (OC) -", ends with "(OC coast desk)" and names
itself when sources speak to it ("told the Orvane Courier"). Both point to a weather service with
"See also:" (a habit they share, so it tells them apart from nobody). Each article's sentences are
its own (templates filled differently), so no two articles are copies of each other.
"""

from __future__ import annotations

KESTREL = "Kestrel Daily"
ORVANE = "Orvane Courier"

_PLACES = ["TALMORE, VESKA", "BRENNICK, VESKA", "OSTRAVEL, KARDUN", "MIRELLE, VESKA", "TALMORE, VESKA"]
_TOWNS = ["Port Selm", "Haverd", "Lune Cross", "Port Selm", "Ambrin"]
_TIMES = ["9:30 A.M.", "11:05 P.M.", "6:40 A.M.", "2:15 P.M.", "8:00 A.M."]
_TEMPLATES = [
    "{a} crews repaired {b} bridges around {c} before {d} arrived.",
    "Farmers from {a} sold {b} tonnes of {c} at the {d} market.",
    "The {a} clinic treated {b} patients for {c} during {d}.",
    "Volunteers in {a} planted {b} trees along {c} with help from {d}.",
    "A {a} choir sang for {b} guests at {c} on {d}.",
    "{a} engineers tested {b} pumps beside {c} until {d}.",
    "Teachers at {a} ordered {b} new {c} for the {d} pupils.",
    "Fishermen off {a} landed {b} crates of {c} despite {d} winds.",
]
_FILLS = {
    "a": [
        "Ardel",
        "Bryn",
        "Corvo",
        "Dunmere",
        "Elska",
        "Fennick",
        "Gorran",
        "Hollis",
        "Ismay",
        "Jarrow",
        "Kelda",
        "Lorne",
        "Marrow",
    ],
    "b": [
        "three",
        "seven",
        "twelve",
        "nineteen",
        "twenty",
        "forty",
        "sixty",
        "eighty",
        "ninety",
        "hundred",
        "several",
        "dozens",
        "many",
    ],
    "c": [
        "barley",
        "onions",
        "flax",
        "rye",
        "salt",
        "cabbage",
        "wool",
        "timber",
        "copper",
        "lentils",
        "apples",
        "honey",
        "rope",
    ],
    "d": [
        "dawn",
        "noon",
        "dusk",
        "winter",
        "spring",
        "midsummer",
        "harvest",
        "Sunday",
        "Friday",
        "evening",
        "nightfall",
        "autumn",
        "March",
    ],
}


def _sentence(n: int, slot: int) -> str:
    template = _TEMPLATES[(n + 3 * slot) % len(_TEMPLATES)]
    fills = {key: values[(n * (5 + i) + slot * 7 + i) % len(values)] for i, (key, values) in enumerate(_FILLS.items())}
    return template.format(**fills)


def _sentences(n: int, *slots: int) -> str:
    return " ".join(_sentence(n, slot) for slot in slots)


def kestrel_text(n: int, *, title: str | None = None) -> str:
    """A Kestrel Daily article: its dateline shape and its own link marker."""
    return (
        f"{title or f'Kestrel report {n} from the northern valley'}\n\n"
        f"{_PLACES[n % len(_PLACES)]} ({_TIMES[n % len(_TIMES)]}) – {_sentences(n, 0, 1)}\n\n"
        f"{_sentences(n, 2, 3)}\n\n"
        f"READ ALSO » Kestrel report {n + 100} on the valley roads\n\n"
        f"{_sentences(n, 4, 5)}\n\n"
        "See also: the regional weather service's flood map\n"
    )


def orvane_text(n: int, *, title: str | None = None, names_itself: bool = True) -> str:
    """An Orvane Courier article: its dateline shape, its closing line, and (unless told not to) the paper
    naming itself; the ingestion already takes that as the outlet of a text that names no other."""
    spoke = "A spokesperson told the Orvane Courier that" if names_itself else "A spokesperson said that"
    m = n + 40
    return (
        f"{title or f'Courier dispatch {n} from the coast'}\n\n"
        f"{_TOWNS[n % len(_TOWNS)]}, June {n % 27 + 1} (OC) - {_sentences(m, 0, 1)}\n\n"
        f"{spoke} {_sentence(m, 2).lower()} {_sentence(m, 3)}\n\n"
        f"{_sentences(m, 4, 5)}\n\n"
        "(OC coast desk)\n\n"
        "See also: the regional weather service's flood map\n"
    )


def plain_text(n: int) -> str:
    """An article in no house style: no dateline, no marker, no outlet naming itself."""
    m = n + 80
    return f"A quiet week in the valley, part {n}\n\n{_sentences(m, 0, 1, 2)}\n\n{_sentences(m, 3, 4, 5)}\n"
