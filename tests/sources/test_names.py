"""Name and domain keys: lookups are blind to case, spacing and punctuation."""

from hypothesis import given
from hypothesis import strategies as st

from sources.names import domain_key, name_key


def test_spelling_variants_share_one_key():
    assert name_key("South Front") == name_key("SouthFront") == name_key("SOUTH-FRONT") == "southfront"


def test_arabic_diacritics_and_tatweel_do_not_change_the_key():
    assert name_key("سانا") == name_key("سَانَا") == name_key("ســانا")


def test_punctuation_only_has_an_empty_key():
    assert name_key(" -- . ") == ""


def test_domain_key_strips_scheme_www_port_and_path():
    assert domain_key("https://WWW.SouthFront.org:443/some/path?q=1") == "southfront.org"
    assert domain_key("southfront.org") == "southfront.org"


@given(st.text())
def test_name_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)
