"""Decoding received bytes: binary refused with its kind named, encodings detected, bad bytes named."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.text.decode import HTML, PLAIN, DecodeError, decode_bytes, sniff_media_type

REPORT = "The “fictional” café in Marsk reopened – the harbour master said so on Tuesday.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
    ],
)
def test_non_text_input_is_refused_with_its_kind_named(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data, filename="page.html")


def test_binary_noise_is_refused_as_binary():
    noise = bytes((i * 37 + 11) % 256 for i in range(4000))
    with pytest.raises(DecodeError, match=r"binary|undecodable|control characters"):
        decode_bytes(noise)


def test_undecodable_bytes_in_a_file_marked_utf8_are_named_with_their_offset():
    data = codecs.BOM_UTF8 + b"Marsk harbour report " + b"\xff\xfe\xfa" + b" continues here"
    with pytest.raises(DecodeError, match=r"offset 24 \(0xff 0xfe 0xfa"):
        decode_bytes(data)


def test_utf8_with_stray_windows_1252_bytes_is_read_and_reported():
    data = "Café in Marsk: ".encode() + b"the price was 5\x80, \x93cheap\x94 they said. " + "Straße.".encode()
    decoded = decode_bytes(data)
    assert "5€, “cheap” they said" in decoded.text and "Café" in decoded.text and "Straße" in decoded.text
    assert decoded.warnings and "3 byte(s)" in decoded.warnings[0] and "offset 31" in decoded.warnings[0]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_common_encodings_are_detected(encoding):
    text = REPORT * 8
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("–", "-")
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert not decoded.warnings


def test_declared_charset_of_an_html_page_is_used():
    body = "<p>" + "وصلت القافلة الخيالية إلى مدينة مارسك مساء الثلاثاء. " * 6 + "</p>"
    html = f'<html><head><meta charset="windows-1256"></head><body>{body}</body></html>'
    decoded = decode_bytes(html.encode("cp1256"), filename="page.html")
    assert "القافلة الخيالية" in decoded.text
    assert decoded.media_type == HTML


def test_media_type_follows_the_content_not_the_name():
    assert sniff_media_type("<!DOCTYPE html><html><body><p>x</p></body></html>", "saved.txt") == HTML
    assert sniff_media_type("Just a title\n\nAnd a paragraph.", "saved.html") == PLAIN


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=300))
def test_any_utf8_text_decodes_back_to_itself(text):
    if not text.strip():
        with pytest.raises(DecodeError):
            decode_bytes(text.encode())
        return
    assert decode_bytes(text.encode()).text == text


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data):
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(decoded.text, str)


def test_a_page_declared_utf8_with_a_few_stray_bytes_stays_utf8_and_is_flagged():
    page = (
        b'<html><head><meta charset="utf-8"><title>Marsk harbour</title></head><body><p>'
        + b"The harbour of Marsk reopened on Tuesday, the port caf\xe9 said, and the ferry to Korrin ran again. " * 5
        + b"</p></body></html>"
    )
    decoded = decode_bytes(page, filename="harbour.html")
    assert decoded.encoding == "utf-8"
    assert "port café said" in decoded.text, "the stray byte is read as Windows-1252, not as a guessed code page"
    assert any("mixed encodings" in warning for warning in decoded.warnings), "a reviewer is told"
