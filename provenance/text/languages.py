"""Languages written right to left, and the HTML direction of text in a language (no Django)."""

from __future__ import annotations

# ISO 639 codes of languages whose usual script runs right to left (Arabic, Hebrew, Syriac, Thaana...).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


def is_right_to_left(language: str | None) -> bool:
    """Whether a language tag ("ar", "fa-IR", "AR") names a language written right to left."""
    return (language or "").split("-")[0].lower() in RTL_LANGUAGES


def text_direction(language: str | None, *, otherwise: str = "auto") -> str:
    """The HTML dir of text in this language: "rtl" when written right to left, else `otherwise`.

    "auto" (the default) lets the browser read the direction from the text itself; a page whose
    layout needs a fixed direction passes "ltr".
    """
    return "rtl" if is_right_to_left(language) else otherwise
