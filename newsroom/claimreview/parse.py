"""Read schema.org ClaimReview from JSON-LD in fact-check pages and from JSON lists of fact-check search APIs.

Pure functions, no Django. Accepted: a page whose <script type="application/ld+json"> blocks hold
ClaimReview objects (alone, in a list, under @graph, or nested in another object), a JSON file of
ClaimReview objects, and the shape of fact-check search APIs (Google Fact Check Tools:
`{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher", "url", "reviewDate",
"textualRating", "languageCode"}]}]}`). Anything unreadable raises ClaimReviewError naming where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

MAX_FIELD = 2000


class ClaimReviewError(ValueError):
    """Input that is not readable ClaimReview; the message names the input and the place."""


@dataclass(frozen=True)
class ParsedFactCheck:
    """One fact-check, as read; not yet stored."""

    url: str
    claim_reviewed: str
    publisher: str = ""
    publisher_url: str = ""
    claimant: str = ""
    review_date: date | None = None
    rating: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    language: str = ""
    raw: dict = field(default_factory=dict, compare=False)


def read_claim_reviews(text: str, *, origin: str) -> list[ParsedFactCheck]:
    """Every fact-check in text (a page or JSON); origin names the file or URL in error messages."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ClaimReviewError(f"{origin}: the input is empty")
    if stripped[0] in "[{":
        documents = [_load_json(stripped, f"{origin}: not valid JSON")]
    else:
        documents = [
            _load_json(block, f"{origin}: JSON-LD block {number} is not valid JSON")
            for number, block in enumerate(_json_ld_blocks(stripped, origin), 1)
        ]
    found: list[ParsedFactCheck] = []
    for document in documents:
        found.extend(_fact_checks_in(document, origin, start=len(found)))
    if not found:
        raise ClaimReviewError(f"{origin}: no ClaimReview found (neither in JSON-LD nor as a fact-check list)")
    return found


def _load_json(text: str, problem: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ClaimReviewError(f"{problem} (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:
        raise ClaimReviewError(f"{problem} (nested too deeply)") from None


def _json_ld_blocks(html: str, origin: str) -> list[str]:
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise ClaimReviewError(f"{origin}: not an HTML page or JSON ({error})") from None
    blocks = [
        script.text or ""
        for script in tree.iter("script")
        if (script.get("type") or "").split(";")[0].strip().lower() == "application/ld+json"
    ]
    if not blocks:
        raise ClaimReviewError(f'{origin}: the page has no <script type="application/ld+json"> block')
    return blocks


def _fact_checks_in(document: Any, origin: str, *, start: int) -> list[ParsedFactCheck]:
    found: list[ParsedFactCheck] = []
    stack = [document]
    while stack:  # a walk with a stack, not recursion: JSON nests as deep as a sender likes
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if _is_claim_review(node):
                found.append(_from_schema_org(node, origin, start + len(found) + 1))
            elif isinstance(node.get("claimReview"), list):  # a search API's claim with its reviews
                for review in node["claimReview"]:
                    if isinstance(review, dict):
                        found.append(_from_search_api(node, review, origin, start + len(found) + 1))
            else:
                stack.extend(reversed([value for value in node.values() if isinstance(value, dict | list)]))
    return found


def _is_claim_review(node: dict) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "ClaimReview" for k in kinds)


def _text(value: Any) -> str:
    """A plain string from a JSON-LD value: a string, a {"name"} object, or the first of a list."""
    if isinstance(value, list):
        value = next((item for item in value if item), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("alternateName") or ""
    if isinstance(value, bool) or value is None:
        return ""
    return " ".join(str(value).split())[:MAX_FIELD]


def _number(value: Any, what: str, where: str) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ClaimReviewError(f"{where}: {what} is not a number ({value!r})")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ClaimReviewError(f"{where}: {what} is not a number ({str(value)[:40]!r})") from None


def _date(value: Any, where: str) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ClaimReviewError(f"{where}: the date {text[:40]!r} is not an ISO 8601 date") from None


def _url(value: Any, what: str, where: str, *, required: bool) -> str:
    text = _text(value)
    if not text:
        if required:
            raise ClaimReviewError(f"{where}: it has no {what}")
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClaimReviewError(f"{where}: its {what} {text[:80]!r} is not an http(s) address")
    return text


def _claim_text(value: Any, where: str) -> str:
    text = _text(value)
    if not text:
        raise ClaimReviewError(f"{where}: it names no claim reviewed")
    return text


def _from_schema_org(node: dict, origin: str, number: int) -> ParsedFactCheck:
    where = f"{origin}: ClaimReview {number}"
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    publisher = node.get("author") or node.get("publisher") or {}
    publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
    value = _number(rating.get("ratingValue"), "the rating value", where)
    best = _number(rating.get("bestRating"), "the best rating", where)
    worst = _number(rating.get("worstRating"), "the worst rating", where)
    words = _text(rating.get("alternateName")) or _text(rating.get("name"))
    if not words and value is not None:
        words = f"{value:g}" + (f"/{best:g}" if best is not None else "")
    return ParsedFactCheck(
        url=_url(node.get("url") or node.get("@id"), "url", where, required=True),
        claim_reviewed=_claim_text(node.get("claimReviewed") or item.get("text") or item.get("name"), where),
        publisher=_text(publisher)[:300],
        publisher_url=_url(
            publisher.get("url") if isinstance(publisher, dict) else "", "publisher url", where, required=False
        ),
        claimant=_text(item.get("author"))[:300],
        review_date=_date(node.get("datePublished") or node.get("dateCreated"), where),
        rating=words[:300],
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        language=_text(node.get("inLanguage"))[:35],
        raw=node,
    )


def _from_search_api(claim: dict, review: dict, origin: str, number: int) -> ParsedFactCheck:
    where = f"{origin}: claim review {number}"
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    site = _text(publisher.get("site"))
    return ParsedFactCheck(
        url=_url(review.get("url"), "url", where, required=True),
        claim_reviewed=_claim_text(claim.get("text") or review.get("title"), where),
        publisher=(_text(publisher.get("name")) or site)[:300],
        publisher_url=f"https://{site}" if site and "/" not in site else "",
        claimant=_text(claim.get("claimant"))[:300],
        review_date=_date(review.get("reviewDate"), where),
        rating=_text(review.get("textualRating"))[:300],
        language=_text(review.get("languageCode"))[:35],
        raw={**{k: v for k, v in claim.items() if k != "claimReview"}, "claimReview": [review]},
    )
