"""W3C PROV export of an article's provenance or of its whole chain (PROV-JSON, built with the prov package).

Entities: articles, the captures they were read from, and originals known only by their outlet.
Agents: outlets (organisations) and authors (people). Relations: wasAttributedTo (article -> outlet,
author), wasDerivedFrom (article -> capture; republication, translation, aggregation), wasQuotedFrom
(excerpt), wasRevisionOf (rewrite); each derivation carries its kind, evidence, score and status.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from prov.constants import PROV, PROV_LABEL, PROV_TYPE, XSD_ANYURI, XSD_DATE
from prov.model import Literal, ProvDocument, QualifiedName

from provenance.models import Article, Derivation
from provenance.selectors import chain_member_ids

NAMESPACE = "https://example.org/provenance-db/ns#"
BASE = "https://example.org/provenance-db/"


def _namespaces(document: ProvDocument) -> dict[str, object]:
    return {
        "pdb": document.add_namespace("pdb", NAMESPACE),
        "article": document.add_namespace("article", BASE + "article/"),
        "capture": document.add_namespace("capture", BASE + "capture/"),
        "outlet": document.add_namespace("outlet", BASE + "source/"),
        "author": document.add_namespace("author", BASE + "author/"),
        "derivation": document.add_namespace("derivation", BASE + "derivation/"),
        "original": document.add_namespace("original", BASE + "original/"),
    }


def _article_attributes(article: Article, pdb) -> dict:
    attributes = {PROV_TYPE: pdb["Article"], PROV_LABEL: article.title, pdb["language"]: article.language}
    if article.published:
        attributes[pdb["published"]] = Literal(article.published.isoformat(), XSD_DATE)
        attributes[pdb["publishedPrecision"]] = article.published_precision or "day"
    if article.url:
        attributes[pdb["url"]] = Literal(article.url, XSD_ANYURI)
    return attributes


def _derivation_attributes(edge: Derivation, pdb) -> dict:
    attributes = {
        pdb["kind"]: edge.kind,
        pdb["evidence"]: edge.evidence,
        pdb["status"]: edge.status,
        pdb["needsReview"]: edge.needs_review,
    }
    if edge.score is not None:
        attributes[pdb["score"]] = float(edge.score)
    if edge.evidence_text:
        attributes[pdb["evidenceText"]] = edge.evidence_text
    if edge.kind in (Derivation.Kind.REPUBLICATION, Derivation.Kind.TRANSLATION, Derivation.Kind.AGGREGATION):
        attributes[PROV_TYPE] = pdb[edge.kind.capitalize()]
    return attributes


def prov_document_for(article_ids: Iterable[int], *, whole_chain: bool = True) -> ProvDocument:
    """PROV document of the given articles and their sources (and, with whole_chain, every copy too).

    Rejected edges are left out: they are decisions that the derivation did not happen.
    """
    ids: set[int] = set()
    for article_id in article_ids:
        ids |= set(chain_member_ids(int(article_id), descendants=whole_chain))
    articles = Article.objects.select_related("outlet", "capture").prefetch_related("authors").in_bulk(ids)
    edges = (
        Derivation.objects.filter(derived_id__in=articles)
        .exclude(status=Derivation.Status.REJECTED)
        .filter(Q(source_article_id__in=articles) | Q(source_outlet__isnull=False))
        .select_related("source_outlet")
        .order_by("id")
    )
    document = ProvDocument()
    ns = _namespaces(document)
    pdb = ns["pdb"]
    agents: set[QualifiedName] = set()

    def outlet_agent(source) -> QualifiedName:
        name = ns["outlet"][str(source.pk)]
        if name not in agents:
            document.agent(name, {PROV_TYPE: PROV["Organization"], PROV_LABEL: source.name})
            agents.add(name)
        return name

    for article in sorted(articles.values(), key=lambda a: a.pk):
        entity = ns["article"][str(article.pk)]
        document.entity(entity, _article_attributes(article, pdb))
        if article.outlet_id:
            document.wasAttributedTo(entity, outlet_agent(article.outlet), other_attributes={pdb["role"]: "outlet"})
        for author in sorted(article.authors.all(), key=lambda a: a.pk):
            name = ns["author"][str(author.pk)]
            if name not in agents:
                document.agent(name, {PROV_TYPE: PROV["Person"], PROV_LABEL: author.name})
                agents.add(name)
            document.wasAttributedTo(entity, name, other_attributes={pdb["role"]: "author"})
        if article.capture_id:
            capture = ns["capture"][article.capture.sha256]
            document.entity(
                capture,
                {PROV_TYPE: pdb["Capture"], pdb["sha256"]: article.capture.sha256,
                 pdb["mediaType"]: article.capture.media_type},
            )  # fmt: skip
            document.wasDerivedFrom(entity, capture, other_attributes={PROV_TYPE: pdb["ExtractedText"]})
    for edge in edges:
        derived = ns["article"][str(edge.derived_id)]
        if edge.source_article_id:
            source = ns["article"][str(edge.source_article_id)]
        else:
            source = ns["original"][str(edge.pk)]
            label = "original not in the database"
            document.entity(source, {PROV_TYPE: pdb["OriginalNotInDatabase"], PROV_LABEL: label})
            document.wasAttributedTo(source, outlet_agent(edge.source_outlet), other_attributes={pdb["role"]: "outlet"})
        identifier = ns["derivation"][str(edge.pk)]
        attributes = _derivation_attributes(edge, pdb)
        if edge.kind == Derivation.Kind.EXCERPT:
            document.wasQuotedFrom(derived, source, identifier=identifier, other_attributes=attributes)
        elif edge.kind == Derivation.Kind.REWRITE:
            document.wasRevisionOf(derived, source, identifier=identifier, other_attributes=attributes)
        else:
            document.wasDerivedFrom(derived, source, identifier=identifier, other_attributes=attributes)
    return document


def prov_json_for(article_ids: Iterable[int], *, whole_chain: bool = True, indent: int | None = 2) -> str:
    """The PROV-JSON text of prov_document_for."""
    return prov_document_for(article_ids, whole_chain=whole_chain).serialize(format="json", indent=indent)
