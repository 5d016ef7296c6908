"""Right-to-left languages: one list for every page that shows text (admin quotes, the reader)."""

from __future__ import annotations

import pytest

from provenance.text.languages import RTL_LANGUAGES, is_right_to_left, text_direction


@pytest.mark.parametrize("language", ["ar", "AR", "ar-EG", "fa-IR", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"])
def test_languages_written_right_to_left(language):
    assert is_right_to_left(language)


@pytest.mark.parametrize("language", ["en", "fr-CA", "tr", "ru", "", None, "arx"])
def test_languages_written_left_to_right_or_unknown(language):
    assert not is_right_to_left(language)


def test_aramaic_is_right_to_left_wherever_it_is_shown():
    # the admin's list lacked "arc" while the reader's had it: one list now, the union of both
    assert "arc" in RTL_LANGUAGES
    assert text_direction("arc") == text_direction("arc", otherwise="ltr") == "rtl"


def test_the_fallback_direction_is_the_callers_choice():
    assert text_direction("en") == "auto"
    assert text_direction("en", otherwise="ltr") == "ltr"
