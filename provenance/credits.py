"""Credit lines whose original is not stored yet: kept as pending credits, resolved to an edge when it arrives.

A copy that says "The original source of this article is X" (a name, a site or a URL) is derived
from X's article. When that article is already stored, ingestion links them at once; otherwise the
credit waits here. Each new article then looks for the copies crediting its URL, its domain or its
outlet, and for its own credits among the stored articles it shares text with: a credit is resolved
to an article only when the two texts share enough to be a copy, so a credit naming a busy site is
never linked to that site's other articles.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from provenance.models import Article, Derivation, PendingCredit
from provenance.reuse import (
    _candidate_fingerprint,
    _passages,
    candidate_ids,
    detect_sources,
    settle,
    settle_credited,
)
from provenance.services import ProvenanceError, add_derivation
from provenance.text import reuse as text_reuse
from sources.models import Source, SourceAlias, SourceDomain
from sources.names import domain_key, name_key, url_key

CREDIT_EVIDENCE = (Derivation.Evidence.ATTRIBUTION, Derivation.Evidence.BYLINE)


def record_pending_credit(
    *, article: Article, source: Source | None, url: str = "", evidence: str, evidence_text: str
) -> PendingCredit | None:
    """Remember that article credits source (or the page at url) as its original, until that original is stored."""
    name = source.key if source is not None else ""
    page = url_key(url) if url else ""
    domain = domain_key(url) if url else ""
    if not (name or page or domain):
        return None
    credit, _ = PendingCredit.objects.get_or_create(
        article=article,
        name_key=name[:200],
        url_key=page,
        defaults={
            "source": source,
            "domain": domain[:255],
            "evidence": evidence,
            "evidence_text": evidence_text[:2000],
        },
    )
    return credit


def _parent_domains(host: str) -> list[str]:
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def _identity(article: Article, *, outlet_rows: bool = True) -> tuple[str, set[str], set[str]]:
    """An article as credits name it: its address's key, its domains (with parents), its outlet's name keys.

    Without outlet_rows, the outlet's aliases and domains are left out (a query reads them in place).
    """
    domains = set(_parent_domains(domain_key(article.url))) if article.url else set()
    # the names the original's page gives its publisher ("© 2017 X", "X, April 2"): a copy may credit any of them
    names = {
        name_key(line.get("name", ""))
        for line in article.attribution_lines
        if isinstance(line, dict) and line.get("role") == "publisher"
    }
    if article.outlet_id:
        names.add(article.outlet.key)
    if article.outlet_id and outlet_rows:
        names |= set(SourceAlias.objects.filter(source_id=article.outlet_id).values_list("key", flat=True))
        domains |= set(SourceDomain.objects.filter(source_id=article.outlet_id).values_list("domain", flat=True))
    return (url_key(article.url) if article.url else ""), domains, {n for n in names if n}


def _names(credit: PendingCredit, article: Article) -> bool:
    page, domains, names = _identity(article)
    return bool(
        (credit.url_key and credit.url_key == page)
        or (credit.domain and credit.domain in domains)
        or (credit.source_id and credit.source_id == article.outlet_id)
        or (credit.name_key and credit.name_key in names)
    )


def _link(*, copy: Article, original: Article, credit: PendingCredit, match: text_reuse.Match) -> Derivation | None:
    """The attribution edge copy <- original for credit, when the graph allows it; the credit is then resolved."""
    fields = {
        "kind": text_reuse.classify(match),
        "evidence": credit.evidence,
        "evidence_text": credit.evidence_text,
        "score": round(match.containment, 4),
        "passages": _passages(match),
    }
    try:
        edge, created = add_derivation(derived=copy, source_article=original, **fields)
    except ProvenanceError:
        return None  # a date or a cycle says otherwise: the credit stays pending
    if not created and edge.evidence == Derivation.Evidence.TEXT_REUSE and edge.status == Derivation.Status.PROPOSED:
        # the detector found the same edge; the credit line is the stronger evidence, and is never withdrawn
        edge.evidence, edge.evidence_text, edge.needs_review = credit.evidence, credit.evidence_text, False
        edge.save(update_fields=["evidence", "evidence_text", "needs_review"])
    PendingCredit.objects.filter(pk=credit.pk).update(resolved_to=original, resolved_at=timezone.now())
    return edge


def _best_original(copy: Article, credit: PendingCredit, candidates: list[Article]):
    fingerprint = text_reuse.fingerprint(copy.body, bands=False)
    best = None
    for candidate in candidates:
        if not _names(credit, candidate):
            continue
        match = text_reuse.compare(
            fingerprint, _candidate_fingerprint(candidate.pk, candidate.text_hash, candidate.body)
        )
        if match.is_reuse and (best is None or match.shared_a > best[1].shared_a):
            best = (candidate, match)
    return best


def _credits_naming(article: Article):
    """The unresolved credits of other articles that name this one (as _names reads them): one query, the
    outlet's aliases and domains read inside it."""
    page, domains, names = _identity(article, outlet_rows=False)
    wanted = Q(source_id=article.outlet_id) if article.outlet_id else Q(pk__in=[])
    if page:
        wanted |= Q(url_key=page)
    if domains:
        wanted |= Q(domain__in=domains)
    if names:
        wanted |= Q(name_key__in=names)
    if article.outlet_id:
        aliases = SourceAlias.objects.filter(source_id=article.outlet_id).exclude(key="").values("key")
        wanted |= Q(name_key__in=Subquery(aliases))
        wanted |= Q(domain__in=Subquery(SourceDomain.objects.filter(source_id=article.outlet_id).values("domain")))
    return (
        PendingCredit.objects.filter(wanted, resolved_to__isnull=True)
        .exclude(article=article)
        .select_related("article__outlet")
        .order_by("id")
    )


@transaction.atomic(savepoint=False)  # a failure fails the ingest of the file, whose caller rolls back
def resolve_credits(*, article: Article, pending: list[PendingCredit] | None = None) -> list[Derivation]:
    """Link article to the stored original its own pending credits name, and earlier copies crediting it to it.

    Called once an article is stored and indexed for text reuse. Returns the edges made. pending:
    the article's unresolved credits, when the caller holds them all (those it recorded for a new article).
    """
    made: list[Derivation] = []
    own = pending if pending is not None else list(article.pending_credits.filter(resolved_to__isnull=True))
    if own:
        ids = candidate_ids(article_id=article.pk, fingerprint=text_reuse.fingerprint(article.body))
        candidates = list(Article.objects.filter(pk__in=ids).select_related("outlet"))
        for credit in own:
            best = _best_original(article, credit, candidates)
            if best is not None:
                edge = _link(copy=article, original=best[0], credit=credit, match=best[1])
                if edge is not None:
                    made.append(edge)
    copies: set[int] = set()
    original_print = None
    for credit in _credits_naming(article):
        copy = credit.article
        original_print = original_print or text_reuse.fingerprint(article.body, bands=False)
        match = text_reuse.compare(text_reuse.fingerprint(copy.body, bands=False), original_print)
        if not match.is_reuse:
            continue  # the credit names this site, but this is not the text that was copied
        edge = _link(copy=copy, original=article, credit=credit, match=match)
        if edge is not None:
            made.append(edge)
            copies.add(copy.pk)
    for copy in Article.objects.filter(pk__in=copies):
        detect_sources(article=copy)  # a sibling copy the detector took for its source gives way
    if own and made:
        detect_sources(article=article)
    # A credit names its original: where the dates left the original's place among the copies open,
    # the detector's guess gives way (the original and the copies taken from it are detected again).
    if own and made:
        settle_credited(article=article)
    if copies:
        settle(article=article)
    return made
