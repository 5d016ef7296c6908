"""Decode received bytes into text: refuse binary data, detect the encoding, name undecodable bytes."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not a text page; the message says why in one line."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and what a person should know about it."""

    text: str
    encoding: str
    media_type: str
    warnings: tuple[str, ...] = field(default=())


# Signatures of common binary formats that people rename or save by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.I)
_HTML_START = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|main|div|p|h1|h2|table|span|br)\b", re.I)
# Control characters that never occur in real text pages (tab, newlines and form feed excepted).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

HTML = "text/html"
PLAIN = "text/plain"


def binary_kind(data: bytes) -> str | None:
    """What binary format data starts with, in words ("a PNG image"), or None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video or HEIC image"
    if head.startswith(b"RIFF") and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        return "a RIFF media file (WebP, WAV or AVI)"
    return None


def _describe_bytes(data: bytes, offset: int) -> str:
    snippet = data[offset : offset + 4]
    return " ".join(f"0x{b:02x}" for b in snippet)


def _mixed_utf8(data: bytes, *, declared: bool = False) -> tuple[str, list[int]] | None:
    """Decode text that is UTF-8 with some stray single-byte (Windows-1252) bytes.

    Returns the text and the offsets of the stray bytes, or None when the bytes do not look
    like UTF-8 at all (no valid multi-byte sequence), so another encoding should be tried. A
    page that declares UTF-8 is read as UTF-8 whatever it holds: its author said so.
    """
    strays: list[int] = []
    pieces: list[str] = []
    position = 0
    multibyte = 0
    while position < len(data):
        try:
            pieces.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            good = data[position : position + error.start].decode("utf-8")
            pieces.append(good)
            bad_at = position + error.start
            byte = data[bad_at : bad_at + 1]
            try:
                pieces.append(byte.decode("cp1252"))
            except UnicodeDecodeError:
                pieces.append(byte.decode("latin-1"))
            strays.append(bad_at)
            position = bad_at + 1
    text = "".join(pieces)
    multibyte = sum(1 for char in text if ord(char) > 0x7F) - len(strays)
    if multibyte <= 0 and not declared:
        return None
    return text, strays


def _is_utf8(name: str) -> bool:
    try:
        return codecs.lookup(name).name == "utf-8" if name else False
    except LookupError:
        return False


def sniff_media_type(text: str, filename: str = "") -> str:
    """text/html when the text is an HTML document, else text/plain (whatever the file is named)."""
    head = text[:5000]
    if _HTML_START.search(head) and ("</" in text or "/>" in text):
        return HTML
    if filename.lower().endswith((".html", ".htm", ".xhtml")) and re.search(r"<[a-zA-Z][^>]*>", head):
        return HTML
    return PLAIN


def _check_text(text: str, encoding: str) -> None:
    controls = _CONTROL.findall(text[:200_000])
    if controls and len(controls) > max(3, len(text[:200_000]) // 1000):
        raise DecodeError(
            f"binary data: {len(controls)} control characters when read as {encoding}; not a text or HTML page"
        )


def decode_bytes(data: bytes, *, filename: str = "", declared_encoding: str = "") -> Decoded:
    """Turn received bytes into text, or raise DecodeError naming the problem.

    UTF-8 is tried first (with stray Windows-1252 bytes tolerated and reported), then the
    charset the page declares, then charset-normalizer's best guess.
    """
    if not data:
        raise DecodeError("the file is empty")
    if not data.strip():
        raise DecodeError("the file contains only whitespace")
    kind = binary_kind(data)
    if kind is not None:
        raise DecodeError(f"wrong file type: the content is {kind}, not HTML or text")
    warnings: list[str] = []
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(name), name
            except UnicodeDecodeError as error:
                offset = error.start + len(bom)
                raise DecodeError(
                    f"undecodable bytes at offset {offset} ({_describe_bytes(data, offset)}) "
                    f"in a file marked as {name} by its byte-order mark"
                ) from error
            break
    match = _DECLARED_CHARSET.search(data[:4096])
    declared = declared_encoding or (match.group(1).decode("ascii", "ignore") if match else "")
    declares_utf8 = _is_utf8(declared)
    if text is None and b"\x00" not in data:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            mixed = _mixed_utf8(data, declared=declares_utf8)
            if mixed is not None:
                text, strays = mixed
                encoding = "utf-8"
                shown = ", ".join(str(offset) for offset in strays[:5]) + (", ..." if len(strays) > 5 else "")
                warnings.append(
                    f"mixed encodings: {len(strays)} byte(s) that are not UTF-8 (at offset {shown}) "
                    "were read as Windows-1252"
                )
    if text is None and declared:
        try:
            text, encoding = data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        best = from_bytes(data).best()
        if best is None:
            if b"\x00" in data:
                offset = data.index(b"\x00")
                raise DecodeError(f"binary data: NUL byte at offset {offset}; not a text or HTML page")
            try:
                data.decode("utf-8")
                offset = 0
            except UnicodeDecodeError as error:
                offset = error.start
            raise DecodeError(
                f"undecodable bytes at offset {offset} ({_describe_bytes(data, offset)}): "
                "no text encoding fits (tried UTF-8, the declared charset and detection)"
            )
        text, encoding = str(best), best.encoding
        if best.chaos > 0.3 or declared:
            said = f" (the page declares {declared})" if declared else ""
            warnings.append(f"the encoding {best.encoding} is a guess{said}: the text may be garbled")
    _check_text(text, encoding)
    if not text.strip():  # Unicode spaces (no-break, ideographic, line separators) count as empty too
        raise DecodeError("the file contains only whitespace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufffd" in text:
        warnings.append(f"{text.count(chr(0xFFFD))} replacement character(s) (U+FFFD) already in the text")
    return Decoded(text=text, encoding=encoding, media_type=sniff_media_type(text, filename), warnings=tuple(warnings))
