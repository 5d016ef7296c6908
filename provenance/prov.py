"""W3C PROV export of an article's provenance or of its whole chain (PROV-JSON, built with the prov package).

Entities: articles, the captures they were read from, and originals known only by their outlet.
Agents: outlets (organisations) and authors (people). Relations: wasAttributedTo (article -> outlet,
author), wasDerivedFrom (article -> capture; republication, translation, aggregation), wasQuotedFrom
(excerpt), wasRevisionOf (rewrite); each derivation carries its kind, evidence, score and status.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from prov.constants import PROV, PROV_LABEL, PROV_TYPE, XSD_ANYURI, XSD_DATE
from prov.model import Literal, ProvDocument, QualifiedName

from provenance.models import Article, Capture, Derivation
from provenance.selectors import chain_member_ids

# A capture is named by its bytes (RFC 6920 named information): the same file has the same IRI on
# every instance, and anyone holding the file can check the name.
CAPTURE_NAMESPACE = "ni:///sha-256;"


@dataclass(frozen=True)
class ProvNamespaces:
    """The IRIs the document's names expand to; namespace + "<id>/" is where each thing can be read.

    The API fills them from the instance's base URL (claims.exports.links.Links.prov_namespaces), so
    that articles, outlets and derivations are named by their API addresses.
    """

    vocabulary: str  # our own terms: pdb:Article, pdb:kind, pdb:evidence, ...
    article: str
    outlet: str
    author: str
    derivation: str


def _namespaces(document: ProvDocument, namespaces: ProvNamespaces) -> dict[str, object]:
    return {
        "pdb": document.add_namespace("pdb", namespaces.vocabulary),
        "article": document.add_namespace("article", namespaces.article),
        "capture": document.add_namespace("capture", CAPTURE_NAMESPACE),
        "outlet": document.add_namespace("outlet", namespaces.outlet),
        "author": document.add_namespace("author", namespaces.author),
        "derivation": document.add_namespace("derivation", namespaces.derivation),
    }


def _local(pk: int) -> str:
    return f"{pk}/"  # the API's addresses end with a slash


def _capture_name(capture: Capture) -> str:
    return base64.urlsafe_b64encode(bytes.fromhex(capture.sha256)).decode().rstrip("=")


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


def prov_document_for(
    article_ids: Iterable[int], *, namespaces: ProvNamespaces, whole_chain: bool = True
) -> ProvDocument:
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
    ns = _namespaces(document, namespaces)
    pdb = ns["pdb"]
    agents: set[QualifiedName] = set()

    def outlet_agent(source) -> QualifiedName:
        name = ns["outlet"][_local(source.pk)]
        if name not in agents:
            document.agent(name, {PROV_TYPE: PROV["Organization"], PROV_LABEL: source.name})
            agents.add(name)
        return name

    for article in sorted(articles.values(), key=lambda a: a.pk):
        entity = ns["article"][_local(article.pk)]
        document.entity(entity, _article_attributes(article, pdb))
        if article.outlet_id:
            document.wasAttributedTo(entity, outlet_agent(article.outlet), other_attributes={pdb["role"]: "outlet"})
        for author in sorted(article.authors.all(), key=lambda a: a.pk):
            name = ns["author"][_local(author.pk)]
            if name not in agents:
                document.agent(name, {PROV_TYPE: PROV["Person"], PROV_LABEL: author.name})
                agents.add(name)
            document.wasAttributedTo(entity, name, other_attributes={pdb["role"]: "author"})
        if article.capture_id:
            capture = ns["capture"][_capture_name(article.capture)]
            document.entity(
                capture,
                {PROV_TYPE: pdb["Capture"], pdb["sha256"]: article.capture.sha256,
                 pdb["mediaType"]: article.capture.media_type},
            )  # fmt: skip
            document.wasDerivedFrom(entity, capture, other_attributes={PROV_TYPE: pdb["ExtractedText"]})
    for edge in edges:
        derived = ns["article"][_local(edge.derived_id)]
        if edge.source_article_id:
            source = ns["article"][_local(edge.source_article_id)]
        else:
            # the unknown original is named after the edge that records it: "the source of derivation N"
            source = ns["derivation"][_local(edge.pk) + "#source"]
            label = "original not in the database"
            document.entity(source, {PROV_TYPE: pdb["OriginalNotInDatabase"], PROV_LABEL: label})
            document.wasAttributedTo(source, outlet_agent(edge.source_outlet), other_attributes={pdb["role"]: "outlet"})
        identifier = ns["derivation"][_local(edge.pk)]
        attributes = _derivation_attributes(edge, pdb)
        if edge.kind == Derivation.Kind.EXCERPT:
            document.wasQuotedFrom(derived, source, identifier=identifier, other_attributes=attributes)
        elif edge.kind == Derivation.Kind.REWRITE:
            document.wasRevisionOf(derived, source, identifier=identifier, other_attributes=attributes)
        else:
            document.wasDerivedFrom(derived, source, identifier=identifier, other_attributes=attributes)
    return document


def prov_json_for(
    article_ids: Iterable[int], *, namespaces: ProvNamespaces, whole_chain: bool = True, indent: int | None = 2
) -> str:
    """The PROV-JSON text of prov_document_for."""
    document = prov_document_for(article_ids, namespaces=namespaces, whole_chain=whole_chain)
    return document.serialize(format="json", indent=indent)
