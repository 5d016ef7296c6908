"""Load the fictional demo corpus (corpus.json) through the services; running it twice adds nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from claims.models import Claim, Mention
from claims.services import add_mention, record_review, relate_claims
from claims.text.w3c import selector_for_quote
from provenance.models import Derivation
from provenance.services import add_derivation, create_article
from sources.models import Source
from sources.services import create_source, get_or_create_author, set_parent

CORPUS_PATH = Path(__file__).with_name("corpus.json")
DEMO_REVIEWER = "demo-reviewer"


@dataclass
class DemoLoadResult:
    sources_created: int = 0
    articles_created: int = 0
    derivations_created: int = 0
    claims_created: int = 0
    mentions_created: int = 0
    reviews_created: int = 0


def read_corpus(path: Path = CORPUS_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo_corpus(path: Path = CORPUS_PATH) -> DemoLoadResult:
    """Create the demo sources, articles, chains, claims and reviews that are not there yet."""
    corpus = read_corpus(path)
    result = DemoLoadResult()

    sources: dict[str, Source] = {}
    for entry in corpus["sources"]:
        source = Source.objects.filter(slug=entry["slug"]).first()
        if source is None:
            source = create_source(
                name=entry["name"],
                slug=entry["slug"],
                kind=entry["kind"],
                country=entry.get("country", "")[:2],
                homepage=entry.get("homepage", ""),
                grade=entry.get("grade", "F"),
                notes=entry.get("notes", ""),
                aliases=entry.get("aliases", []),
                domains=entry.get("domains", []),
            )
            result.sources_created += 1
        sources[entry["slug"]] = source
    for entry in corpus["sources"]:
        parent = sources.get(entry.get("parent") or "")
        if parent is not None and sources[entry["slug"]].parent_id != parent.pk:
            set_parent(source=sources[entry["slug"]], parent=parent)

    authors = {}
    for entry in corpus.get("authors", []):
        for outlet_slug in entry.get("outlets", []) or [None]:
            author, _ = get_or_create_author(name=entry["name"], outlet=sources.get(outlet_slug or ""))
        author.needs_review = False
        author.save(update_fields=["needs_review"])
        authors[entry["name"]] = author

    articles = {}
    # Oldest first, as they would have been captured: the article list's "newest added" order then
    # reads, for the demo as for a real archive, newest published first.
    for entry in sorted(corpus["articles"], key=lambda entry: entry.get("published") or ""):
        article, created = create_article(
            title=entry["title"],
            body=entry["body"],
            language=entry["language"],
            outlet=sources[entry["outlet"]],
            authors=[authors[name] for name in entry.get("authors", [])],
            url=entry.get("url", ""),
            published=date.fromisoformat(entry["published"]) if entry.get("published") else None,
            published_precision=entry.get("precision", "day"),
        )
        result.articles_created += created
        articles[entry["key"]] = article

    for entry in corpus.get("derivations", []):
        _, created = add_derivation(
            derived=articles[entry["derived"]],
            source_article=articles.get(entry.get("source") or ""),
            source_outlet=sources.get(entry.get("source_outlet") or ""),
            kind=entry["kind"],
            evidence=entry["evidence"],
            evidence_text=entry.get("note", ""),
            status=Derivation.Status.PROPOSED
            if entry["evidence"] == Derivation.Evidence.TEXT_REUSE
            else Derivation.Status.CONFIRMED,
        )
        result.derivations_created += created

    claims = {}
    for entry in corpus.get("claims", []):
        claim = Claim.objects.filter(text=entry["text"]).first()
        if claim is None:
            claim = Claim.objects.create(text=entry["text"], kind=entry["kind"])
            result.claims_created += 1
        claims[entry["key"]] = claim
        for mention in entry.get("mentions", []):
            article = articles[mention["article"]]
            selector = selector_for_quote(article.body, mention["quote"])
            if Mention.objects.filter(claim=claim, article=article, start=selector.start).exists():
                continue
            add_mention(
                claim=claim,
                article=article,
                start=selector.start,
                end=selector.end,
                quote=mention["quote"],
                attributed_to=sources.get(mention.get("attributed_to") or ""),
                hedge=mention.get("hedge", Mention.Hedge.ASSERTED),
                stance=mention.get("stance", Mention.Stance.ASSERTS),
                status=Mention.Status.ACCEPTED,
            )
            result.mentions_created += 1

    for entry in corpus.get("relations", []):
        relate_claims(from_claim=claims[entry["from"]], to_claim=claims[entry["to"]], kind=entry["kind"])

    reviewer = demo_reviewer()
    for entry in corpus.get("reviews", []):
        claim = claims[entry["claim"]]
        if not claim.reviews.exists():
            record_review(claim=claim, verdict=entry["verdict"], rationale=entry["rationale"], reviewer=reviewer)
            result.reviews_created += 1
    return result


def demo_reviewer():
    """The fictional reviewer who signed the demo reviews."""
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_REVIEWER, defaults={"first_name": "Demo", "last_name": "Reviewer", "is_staff": True}
    )
    return user
