"""Proposing claim mentions for articles: segment, find candidates, attribute, match across the corpus.

Each candidate sentence (or part of one) becomes a Mention with status "proposed", its exact quote
and W3C selectors in code points of the stored body, the Source the text attributes it to (named
parties through their names and aliases, unnamed ones as anonymous Sources tied to the outlet whose
report they come from), the hedge and the stance. A candidate that states a claim already in the
database becomes one more mention of that claim; a denial becomes a claim of its own, linked by
"contradicts" to the claim it answers. Running it again on the same article adds nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from claims.models import Claim, ClaimRelation, Mention
from claims.services.carry import carry_into_article
from claims.services.parties import ArticleParties
from claims.text import attribution as attr
from claims.text.matching import SAME_CLAIM, Signature, match_keys, signature, similarity, word_overlap
from claims.text.matching import dates as dates_in
from claims.text.matching import names as names_in
from claims.text.patterns import (
    DENIAL,
    DeniedContent,
    Preceding,
    claim_candidates,
    denial_targets,
    denied_content,
    question_targets,
    questioned_content,
)
from claims.text.segment import segment
from claims.text.w3c import selector_for_span
from provenance.models import Article

logger = logging.getLogger(__name__)

SHORTLIST = 20  # claims compared per candidate, those sharing most match keys

_SHORTLIST_SQL = """
WITH wanted(idx, key) AS (SELECT * FROM unnest(%s::int[], %s::text[])),
hits AS (
    SELECT w.idx, c.id, count(*) AS shared
    FROM wanted w
    JOIN claims_claim c ON c.match_keys @> ARRAY[w.key]::varchar(100)[]
    WHERE c.merged_into_id IS NULL
    GROUP BY w.idx, c.id
),
ranked AS (
    SELECT idx, id, row_number() OVER (PARTITION BY idx ORDER BY shared DESC, id DESC) AS rank FROM hits
)
SELECT r.idx, c.id, c.text, c.kind
FROM ranked r JOIN claims_claim c ON c.id = r.id
WHERE r.rank <= %s
"""


@dataclass
class Proposal:
    """One candidate of one article, before it is matched to a claim."""

    index: int
    sentence: int
    kind: str
    start: int
    end: int
    text: str
    origin: attr.Party | None
    via: attr.Party | None
    hedge: str
    stance: str
    denied: DeniedContent | None = None
    questioned: DeniedContent | None = None  # what a questioning sentence calls into doubt
    signature: Signature | None = None
    claim: Claim | None = None


@dataclass(kw_only=True)
class ProposalCounts:
    """The counts that add up from one article to many."""

    mentions_created: int = 0
    claims_created: int = 0
    claims_matched: int = 0
    relations_created: int = 0
    questions_linked: int = 0
    sources_created: int = 0
    carried: int = 0


@dataclass(kw_only=True)
class ProposalReport(ProposalCounts):
    """What proposing did for one article."""

    article_id: int
    sentences: int = 0
    candidates: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"article_id": self.article_id, **self.__dict__}


@dataclass(kw_only=True)
class ProposalSummary(ProposalCounts):
    """What proposing did for many articles."""

    articles: int = 0
    reports: list[ProposalReport] = field(default_factory=list)

    def add(self, report: ProposalReport) -> None:
        self.articles += 1
        for counter in fields(ProposalCounts):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(report, counter.name))
        self.reports.append(report)


def read_proposals(body: str, language: str) -> tuple[int, list[Proposal]]:
    """The claim candidates of a text with their attribution, hedge and stance (no database)."""
    sentences = segment(body, language)
    reader = attr.AttributionReader()
    proposals: list[Proposal] = []
    for number, sentence in enumerate(sentences):
        reading = reader.read(sentence.text)
        for candidate in claim_candidates(sentence.text):
            start, end = sentence.start + candidate.start, sentence.start + candidate.end
            text = body[start:end]
            stripped = text.rstrip(" ,;:")
            end -= len(text) - len(stripped)
            is_denial = candidate.kind == DENIAL
            stance = Mention.Stance.ASSERTS if is_denial else _stance(reading.stance)
            origin, via, hedge = reading.origin, reading.via, reading.hedge
            if candidate.reported_by:  # "denied reports claiming that X": X comes from those reports
                origin = attr.Party(name=candidate.reported_by, kind=attr.ANONYMOUS, is_anonymous=True)
                via, hedge = None, Mention.Hedge.ALLEGED
            proposals.append(
                Proposal(
                    index=len(proposals),
                    sentence=number,
                    kind=candidate.kind,
                    start=start,
                    end=end,
                    text=body[start:end],
                    origin=origin,
                    via=via,
                    hedge=hedge,
                    # a denial is a claim of its own, which its mention asserts; it contradicts what it answers
                    stance=stance,
                    denied=denied_content(sentence.text) if is_denial else None,
                    # a questioning sentence is a mention of the claim it questions, once that is found
                    questioned=questioned_content(sentence.text) if stance == Mention.Stance.QUESTIONS else None,
                )
            )
    return len(sentences), proposals


def _stance(stance: str) -> str:
    return stance if stance == Mention.Stance.QUESTIONS else Mention.Stance.ASSERTS


def _shortlists(signatures: dict[int, Signature]) -> dict[int, list[tuple[int, str, str]]]:
    """For each signature, the existing claims sharing most match keys with it: one query."""
    indexes, keys = [], []
    for index, sig in signatures.items():
        for key in match_keys(sig):
            indexes.append(index)
            keys.append(key)
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_SHORTLIST_SQL, [indexes, keys, SHORTLIST])
        rows = cursor.fetchall()
    found: dict[int, list[tuple[int, str, str]]] = {}
    for index, claim_id, text, kind in rows:
        found.setdefault(index, []).append((claim_id, text, kind))
    return found


def _compatible(kind: str, other: str) -> bool:
    return (kind == DENIAL) == (other == DENIAL)


def _match_claims(proposals: list[Proposal], year: int | None, report: ProposalReport) -> None:
    """Attach each proposal to the claim it states: an existing one, one new in this run, or a new one."""
    shortlists = _shortlists({p.index: p.signature for p in proposals})
    known: dict[int, tuple[Signature, Claim]] = {}
    new: list[Proposal] = []
    for proposal in proposals:
        options: list[tuple[Signature, str, Claim]] = []
        for claim_id, text, kind in shortlists.get(proposal.index, []):
            if claim_id not in known:
                known[claim_id] = (signature(text, year=year), Claim(pk=claim_id))
            options.append((known[claim_id][0], kind, known[claim_id][1]))
        options += [(earlier.signature, earlier.kind, earlier.claim) for earlier in new]
        best, best_score = None, SAME_CLAIM
        for sig, kind, claim in options:
            if _compatible(proposal.kind, kind) and (score := similarity(proposal.signature, sig)) >= best_score:
                best, best_score = claim, score
        if best is None:
            proposal.claim = _new_claim(proposal, year)
            new.append(proposal)
        else:
            proposal.claim = best
            report.claims_matched += best.pk is not None
    Claim.objects.bulk_create([p.claim for p in new])
    report.claims_created += len(new)


def _new_claim(proposal: Proposal, year: int | None) -> Claim:
    places, actors = names_in(proposal.text)
    days = sorted(d for d in dates_in(proposal.text, year) if not d.startswith("--"))
    return Claim(
        text=proposal.text,
        kind=proposal.kind,
        places=list(dict.fromkeys(name[:200] for name in places))[:20],
        groups=list(dict.fromkeys(name[:200] for name in actors))[:20],
        event_date=date.fromisoformat(days[0]) if len(days) == 1 else None,
        match_keys=match_keys(proposal.signature),
    )


def _preceding(proposal: Proposal, proposals: list[Proposal]) -> list[Preceding]:
    """The article's other claims a denial or a question may answer: earlier ones, or in its own sentence."""
    return [
        Preceding(
            key=other.index,
            text=other.text,
            kind=other.kind,
            origin=other.origin.key if other.origin else None,
            distance=proposal.sentence - other.sentence,
        )
        for other in proposals
        if other.sentence < proposal.sentence
        or (other.sentence == proposal.sentence and other.index != proposal.index and other.kind != DENIAL)
    ]


def _link_questions(questions: list[Proposal], proposals: list[Proposal], report: ProposalReport) -> list[Proposal]:
    """Make each questioning sentence a mention of the claim it questions; returns those with none found.

    "Veloria Wire could not verify the number of drones" questions the earlier claim about those
    drones: it is a mention of that claim with the stance "questions", not a claim of its own.
    """
    answerable = [p for p in proposals if p.claim is not None and p.questioned is None]
    by_index = {p.index: p for p in answerable}
    unlinked = []
    for question in questions:
        asker = question.origin.key if question.origin else None
        keys = question_targets(question.questioned, asker, _preceding(question, answerable))
        if keys:
            question.claim = by_index[keys[0]].claim
            report.questions_linked += 1
        else:
            unlinked.append(question)
    return unlinked


def _relate_denials(proposals: list[Proposal], report: ProposalReport) -> list[ClaimRelation]:
    """Link each denial to the claims it answers, in this article (or, failing that, the corpus)."""
    relations = []
    for proposal in proposals:
        if proposal.kind != DENIAL or proposal.denied is None or proposal.claim is None:
            continue
        preceding = _preceding(proposal, proposals)
        denier = proposal.origin.key if proposal.origin else None
        by_index = {other.index: other for other in proposals}
        targets = [by_index[key].claim for key in denial_targets(proposal.denied, denier, preceding)]
        if not targets and not proposal.denied.is_anaphoric:
            targets = _corpus_targets(proposal)
        for target in targets:
            if target is not None and target.pk != proposal.claim.pk:
                relations.append(
                    ClaimRelation(
                        from_claim=proposal.claim,
                        to_claim=target,
                        kind=ClaimRelation.Kind.CONTRADICTS,
                        note="Proposed: a denial found in the text, linked to the claim it answers.",
                    )
                )
    created = ClaimRelation.objects.bulk_create(relations, ignore_conflicts=True)
    report.relations_created += len(created)
    return created


def _corpus_targets(proposal: Proposal) -> list[Claim]:
    """Elsewhere in the corpus: the claim whose words the denied statement repeats most, if close enough."""
    denied = signature(proposal.denied.text)
    if len(denied.words) < 3:
        return []
    shortlist = _shortlists({0: denied}).get(0, [])
    best, best_score = None, 0.0
    for claim_id, text, kind in shortlist:
        if kind == DENIAL or claim_id == proposal.claim.pk:
            continue
        other = signature(text)
        score = word_overlap(denied.words, other.words)
        if score > best_score and similarity(denied, other) >= 50:
            best, best_score = claim_id, score
    return [Claim(pk=best)] if best is not None and best_score >= 0.7 else []


@transaction.atomic
def propose_for_article(*, article: Article) -> ProposalReport:
    """Propose claim mentions for one article; spans that already hold a mention are left alone.

    Accepted mentions of the other articles of its lineage are carried to it first, so a passage a
    person already annotated on another copy is not proposed again as something new.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    report = ProposalReport(article_id=article.pk)
    report.carried = carry_into_article(article=article).created
    year = article.published.year if article.published else None
    report.sentences, proposals = read_proposals(article.body, article.language)
    report.candidates = len(proposals)
    taken = list(Mention.objects.filter(article=article).values_list("claim_id", "start", "end"))
    claim_at = {(start, end): claim_id for claim_id, start, end in taken}
    fresh = []
    for proposal in proposals:
        if (proposal.start, proposal.end) in claim_at:
            proposal.claim = Claim(pk=claim_at[proposal.start, proposal.end])  # proposed (or decided) before
        else:
            proposal.signature = signature(proposal.text, year=year)
            fresh.append(proposal)
    report.skipped = report.candidates - len(fresh)
    if not fresh:
        return report
    questions = [p for p in fresh if p.questioned is not None]
    _match_claims([p for p in fresh if p.questioned is None], year, report)
    _match_claims(_link_questions(questions, proposals, report), year, report)
    parties = ArticleParties(article)
    mentions, placed = [], list(taken)
    for proposal in fresh:
        claim_id = proposal.claim.pk
        if any(c == claim_id and s < proposal.end and proposal.start < e for c, s, e in placed):
            report.skipped += 1  # the claim is already mentioned there (a longer or carried span)
            continue
        placed.append((claim_id, proposal.start, proposal.end))
        selector = selector_for_span(article.body, proposal.start, proposal.end)
        origin = parties.source(proposal.origin)
        via = parties.source(proposal.via)
        mentions.append(
            Mention(
                claim_id=claim_id,
                article=article,
                **selector.as_mention_fields(),
                attributed_to=origin,
                via=via if via is not None and via != origin else None,
                hedge=proposal.hedge,
                stance=proposal.stance,
                status=Mention.Status.PROPOSED,
            )
        )
    Mention.objects.bulk_create(mentions)
    report.mentions_created = len(mentions)
    report.sources_created += parties.created
    fresh_denials = {p.index for p in fresh}
    _relate_denials([p for p in proposals if p.kind != DENIAL or p.index in fresh_denials], report)
    return report


def propose_for_articles(
    *, articles: Iterable[Article], on_article: Callable[[ProposalReport], None] | None = None
) -> ProposalSummary:
    """Propose claim mentions for many articles, one transaction each (a failure keeps the others)."""
    summary = ProposalSummary()
    for article in articles:
        report = propose_for_article(article=article)
        summary.add(report)
        if on_article is not None:
            on_article(report)
    return summary


def propose_on_article_stored(sender, article: Article, **kwargs) -> None:
    """Receiver of provenance.signals.article_stored: propose claim mentions for the new article.

    Off when settings.CLAIMS_PROPOSE_ON_STORE is False (bulk imports can run propose_claims later).
    A text the proposer cannot read is logged, never a failure of the ingestion that stored it.
    """
    if not getattr(settings, "CLAIMS_PROPOSE_ON_STORE", True):
        return
    try:
        propose_for_article(article=article)
    except ValueError as error:  # domain errors (ClaimError, SourceError): the article stays stored
        logger.warning("claim proposals for article %s failed: %s", article.pk, error)
