"""Sentence segmentation: English through pysbd, Arabic by rule, offsets in code points."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.text import segment as segment_module
from claims.text.segment import arabic_sentence_spans, is_arabic_script, pysbd_sentences, segment
from tests.conftest import SEEDS_DIR, needs_seeds


def texts(sentences):
    return [s.text for s in sentences]


def test_english_sentences_keep_quoted_speech_with_its_speaker():
    body = (
        '"The bridge at Tarnholm is closed. Nobody crosses," the mayor said on Monday. '
        "U.S. and Velorian engineers arrived at 3.5 km from the river. They left."
    )
    assert texts(segment(body, "en")) == [
        '"The bridge at Tarnholm is closed. Nobody crosses," the mayor said on Monday.',
        "U.S. and Velorian engineers arrived at 3.5 km from the river.",
        "They left.",
    ]


def test_lines_are_boundaries_and_offsets_point_into_the_body():
    body = "Headline without a full stop\n\n  First paragraph here.  Second one.\nA caption"
    sentences = segment(body, "en")
    assert texts(sentences) == ["Headline without a full stop", "First paragraph here.", "Second one.", "A caption"]
    assert all(body[s.start : s.end] == s.text for s in sentences)
    assert [s.line for s in sentences] == [0, 1, 1, 2]


def test_offsets_are_code_points_after_astral_characters():
    body = "🛰️ Satellite images 𝕏 show craters. The depot burned."
    sentences = segment(body, "en")
    assert texts(sentences)[-1] == "The depot burned."
    assert body[sentences[-1].start : sentences[-1].end] == "The depot burned."


def test_arabic_sentences_do_not_end_at_the_arabic_comma():
    body = "قال مصدر عسكري، إن القوات دخلت بلدة تارنهولم. ونفت الوزارة ذلك؟ نعم"
    assert texts(segment(body, "ar")) == [
        "قال مصدر عسكري، إن القوات دخلت بلدة تارنهولم.",
        "ونفت الوزارة ذلك؟",
        "نعم",
    ]


def test_arabic_quotations_and_abbreviations_stay_in_their_sentence():
    line = "قال د. سامي: «انتهى القصف. عاد السكان». ثم غادر."
    assert [line[s:e].strip() for s, e in arabic_sentence_spans(line)] == [
        "قال د. سامي: «انتهى القصف. عاد السكان».",
        "ثم غادر.",
    ]


def test_script_detection_decides_per_line():
    assert is_arabic_script("انتصار في حلب")
    assert not is_arabic_script("Aleppo: a victory")
    mixed = "An English line.\nسطر عربي. وسطر آخر."
    assert texts(segment(mixed, "en")) == ["An English line.", "سطر عربي.", "وسطر آخر."]


@needs_seeds
def test_the_arabic_seed_segments_into_whole_sentences():
    body = (SEEDS_DIR / "004_cff28bc277b8956d.txt").read_text(encoding="utf-8")
    arabic = [s for s in segment(body, "en") if is_arabic_script(s.text)]
    assert len(arabic) > 20
    assert all(body[s.start : s.end] == s.text for s in arabic)
    assert not any(s.text.endswith("،") for s in arabic)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("abc XYZ.!?,\"'«»؟،\n\t0123456789ابت🛰")), min_size=0, max_size=40),
        max_size=6,
    ),
    st.sampled_from(["en", "ar", "fr", "xx", ""]),
)
def test_sentences_are_ordered_disjoint_trimmed_and_cover_every_visible_character(parts, language):
    body = "".join(parts)
    sentences = segment(body, language)
    covered = set()
    previous_end = 0
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
        covered.update(range(sentence.start, sentence.end))
    assert all(i in covered for i, char in enumerate(body) if not char.isspace())


def test_abbreviations_do_not_end_sentences_but_the_full_stop_after_them_may():
    body = (
        "Gen. Varnholt inspected the bridge at St. Marsk on Monday. U.S.-backed engineers from Veloria arrived. "
        "Dravonia Rail Inc. The company denied it, etc. I think nobody believed it."
    )
    assert texts(segment(body, "en")) == [
        "Gen. Varnholt inspected the bridge at St. Marsk on Monday.",
        "U.S.-backed engineers from Veloria arrived.",
        "Dravonia Rail Inc.",
        "The company denied it, etc. I think nobody believed it.",
    ]


def test_initials_and_numbers_stay_inside_their_sentence():
    body = (
        "J. R. Varnholt said bridge No. 5 is 3.5 km from Tarnholm. It was closed in 2015. "
        "The U.S. Army of Veloria left."
    )
    assert texts(segment(body, "en")) == [
        "J. R. Varnholt said bridge No. 5 is 3.5 km from Tarnholm.",
        "It was closed in 2015.",
        "The U.S. Army of Veloria left.",
    ]


def test_ellipses_and_references():
    body = "The army waited... Then it crossed. Nobody knew… Maybe later. The talks continued.[12] They failed."
    assert texts(segment(body, "en")) == [
        "The army waited...",
        "Then it crossed.",
        "Nobody knew… Maybe later.",  # pysbd reads "…" as no sentence end, and so do we
        "The talks continued.[12]",
        "They failed.",
    ]


def test_quotations_keep_their_sentences_and_end_where_they_close():
    body = (
        "“The bridge is closed. Nobody crosses,” said Gen. Varnholt. “We wait.” The army waited. "
        '"Stop!" the mayor of Tarnholm cried. Veloria (pop. 3 million) disagreed.'
    )
    assert texts(segment(body, "en")) == [
        "“The bridge is closed. Nobody crosses,” said Gen. Varnholt.",
        "“We wait.”",
        "The army waited.",
        '"Stop!" the mayor of Tarnholm cried.',
        "Veloria (pop. 3 million) disagreed.",
    ]


def test_pysbd_reads_only_the_stretches_the_cheap_splitter_is_unsure_of(monkeypatch):
    read = []

    def counting(text, language):
        read.append(text)
        return pysbd_sentences(text, language)

    monkeypatch.setattr(segment_module, "pysbd_sentences", counting)
    sure = (
        "Gen. Varnholt inspected the bridge at St. Marsk on Monday. The engineers from Veloria arrived! Why?\n"
        "J. R. Varnholt said bridge No. 5 is 3.5 km away. It closed in 2015. “We wait.” The army of Dravonia waited."
    )
    assert texts(segment(sure, "en")) == [
        "Gen. Varnholt inspected the bridge at St. Marsk on Monday.",
        "The engineers from Veloria arrived!",
        "Why?",
        "J. R. Varnholt said bridge No. 5 is 3.5 km away.",
        "It closed in 2015.",
        "“We wait.”",
        "The army of Dravonia waited.",
    ]
    assert read == []

    unsure = "The bridge at Tarnholm held. The U.S. Army of Veloria left. Nobody followed."
    assert texts(segment(unsure, "en")) == [
        "The bridge at Tarnholm held.",
        "The U.S. Army of Veloria left.",
        "Nobody followed.",
    ]
    assert [text.strip() for text in read] == ["The U.S. Army of Veloria left."]


_TOKENS = [
    *["the", "army", "said", "bridge", "closed", "at", "of", "and", "me", "is", "no", "Tarnholm", "Veloria"],
    *["Dravonia", "Varnholt", "Marsk", "He", "The", "They", "I", "It", "A", "é", "Été"],
    *["Gen.", "St.", "Mr.", "Sen.", "No.", "Inc.", "etc.", "Fig.", "U.S.", "e.g.", "p.m.", "J.", "I.", "V."],
    *["5", "25.", "2015.", "3.5", "km", "example.com", "I'm", "(AFP)", "[12]", ".[3]", "(b)", "1.", "2)"],
    *["--", "-", "Yahoo!", "'Tis", "players'", "Marsk's", "(", ")", "«", "»", "[", "]"],
    *[".", ".", "!", "?", "...", "…", "?!", ",", ";", ":", ".”", '."', "!”", ".)", ".'", "“", "”", '"', "'", "‘", "’"],
]


# Derandomized: the same 150 token soups every run, so CI never meets a new one by chance; run it
# with derandomize=False by hand to search further (cases found so far are fixed in segment.py).
@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from([" ", " ", " ", "", "  "])), max_size=30),
        min_size=1,
        max_size=3,
    )
)
def test_the_cheap_splitter_finds_the_sentences_pysbd_finds(lines):
    body = "\n".join("".join(token + space for token, space in line) for line in lines)
    assert segment(body, "en") == segment(body, "en", pysbd_only=True)
