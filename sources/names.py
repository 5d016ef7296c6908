"""Name and domain keys that make lookups blind to case, spacing and punctuation."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

# Arabic tatweel and the harakat (short-vowel marks) carry no identity in a name.
_IGNORED_MARKS = {"\u0640"} | {chr(code) for code in range(0x064B, 0x0660)}


def name_key(name: str) -> str:
    """The lookup key of a name: "South Front", "SouthFront" and "SOUTH-FRONT" share "southfront".

    Keeps letters and digits of every script, drops everything else (spaces,
    punctuation, symbols, Arabic diacritics), after Unicode compatibility folding.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(
        char for char in folded if char not in _IGNORED_MARKS and unicodedata.category(char)[0] in {"L", "N"}
    )


def domain_key(value: str) -> str:
    """The lookup key of a domain or URL: lower case, no scheme, port, path or leading www."""
    value = value.strip()
    if "://" not in value:
        value = "//" + value
    host = (urlsplit(value).hostname or "").strip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    return host


def url_key(url: str) -> str:
    """The lookup key of a page's address: its domain key and path, without scheme, query, fragment or final /."""
    value = url.strip()
    if "://" not in value:
        value = "//" + value
    host = domain_key(value)
    if not host:
        return ""
    path = urlsplit(value).path.rstrip("/")
    return f"{host}{path}"[:1000]
