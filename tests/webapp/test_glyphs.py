"""Every character the pages and scripts draw is one that the fonts of any machine carry.

A "+" taken from the fullwidth forms (U+FF0B) drew as an empty box on a machine without a CJK font;
icons are inline SVG, and text sticks to the characters of Windows Glyph List 4, which every Latin
user-interface font (DejaVu, Liberation, Noto Sans, Arial, Segoe UI, Helvetica) carries.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# The WGL4 ranges our markup may use: ASCII, Latin-1, typographic punctuation (dashes, quotes, ellipsis,
# bullet), the four arrows and the left-right one, not-equal, and box drawing.
COMMON_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x2190, 0x2195),
    (0x2260, 0x2260),
    (0x2500, 0x257F),
]
WHITESPACE = set("\n\t\r")

# Markup and scripts of the web app, the import pages and the admin's own templates.
DRAWN = [
    *sorted((ROOT / "config" / "templates").rglob("*.html")),
    *sorted(ROOT.glob("*/templates/**/*.html")),
    ROOT / "claims" / "static" / "claims" / "app.js",
]


def is_common(character: str) -> bool:
    code = ord(character)
    return character in WHITESPACE or any(low <= code <= high for low, high in COMMON_RANGES)


def uncommon_characters(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X} {c!r}" for c in text if not is_common(c)})


def test_the_files_checked_include_the_reader_and_the_import_page():
    names = {path.relative_to(ROOT).as_posix() for path in DRAWN}
    assert {"claims/templates/claims/reader/reader.html", "provenance/templates/provenance/import.html"} <= names


@pytest.mark.parametrize("path", DRAWN, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_template_or_script_draws_a_character_some_machines_lack(path: Path):
    lines = [
        f"line {number}: {uncommon_characters(line)}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if uncommon_characters(line)
    ]
    assert lines == [], f"{path.name} uses characters outside WGL4 (use an inline SVG icon): {lines}"
