"""W3C Web Annotation JSON-LD for mentions (https://www.w3.org/TR/annotation-model/)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from claims.exports.links import Links
from claims.exports.records import w3c_selectors
from claims.models import Mention, Verdict

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_PROFILE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'


def _timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def mention_targets(mention: Mention, *, links: Links) -> list[dict[str, Any]]:
    """Where the quote is: in our stored text, by position and quote; on the live page, by quote alone.

    Positions count characters of the text we extracted and stored, not of the page at the article's
    URL (markup, menus, furniture), so they target our text, served at its own address, with the page
    as its scope (the article's API address when its URL is unknown). The page gets the TextQuoteSelector
    only: a client anchors it by finding the quote.
    """
    article = mention.article
    selectors = w3c_selectors(mention)
    stored_text: dict[str, Any] = {"id": links.article_text(article.pk), "type": "Text", "format": "text/plain"}
    if article.language:
        stored_text["language"] = article.language
    in_stored_text = {
        "type": "SpecificResource",
        "source": stored_text,
        "scope": links.article_target(article),
        "selector": selectors,
    }
    if not article.url:
        return [in_stored_text]
    quote = next(selector for selector in selectors if selector["type"] == "TextQuoteSelector")
    return [in_stored_text, {"type": "SpecificResource", "source": article.url, "selector": quote}]


def mention_annotation(mention: Mention, *, links: Links, with_context: bool = True) -> dict[str, Any]:
    """One mention as an Annotation: the claim (and its verdict) is the body, the quoted text the target.

    Needs mention.claim.status and mention.article.outlet (claims.selectors.reports.mentions_for_api).
    """
    claim = mention.claim
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": claim.text, "format": "text/plain"},
        # the claim's report, as a resource of its own (W3C forbids a purpose on such a body)
        {"id": links.claim_report(claim.pk), "type": "Dataset", "format": "application/json"},
    ]
    verdict = claim.status.verdict
    if verdict is not None:
        body.append(
            {"type": "TextualBody", "purpose": "assessing", "value": Verdict(verdict).label, "format": "text/plain"}
        )
    annotation: dict[str, Any] = {
        "id": links.mention(mention.pk),
        "type": "Annotation",
        "motivation": "classifying",
        "created": _timestamp(mention.created_at),
        "modified": _timestamp(mention.updated_at),
        "body": body,
        "target": mention_targets(mention, links=links),
    }
    return {"@context": ANNOTATION_CONTEXT, **annotation} if with_context else annotation


def annotation_page(
    mentions: Iterable[Mention],
    *,
    links: Links,
    page_url: str,
    collection_url: str,
    next_url: str | None,
    prev_url: str | None,
    total: int | None = None,
    with_context: bool = True,
) -> dict[str, Any]:
    """One page of annotations (AnnotationPage), pointing to its collection and neighbours."""
    part_of: dict[str, Any] = {"id": collection_url}
    if total is not None:
        part_of["total"] = total
    page: dict[str, Any] = {"id": page_url, "type": "AnnotationPage", "partOf": part_of}
    if next_url:
        page["next"] = next_url
    if prev_url:
        page["prev"] = prev_url
    page["items"] = [mention_annotation(mention, links=links) for mention in mentions]
    return {"@context": ANNOTATION_CONTEXT, **page} if with_context else page


def annotation_collection(first_page: dict[str, Any], *, collection_url: str, label: str, total: int) -> dict[str, Any]:
    """An AnnotationCollection with its first page embedded; later pages follow `next` links."""
    collection: dict[str, Any] = {
        "@context": ANNOTATION_CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
    }
    if total:
        collection["first"] = {key: value for key, value in first_page.items() if key not in ("@context", "partOf")}
    return collection
