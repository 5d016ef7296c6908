"""Proposing claim mentions for articles: segment, find candidates, attribute, match across the corpus.

Each candidate sentence (or part of one) becomes a Mention with status "proposed", its exact quote
and W3C selectors in code points of the stored body, the Source the text attributes it to (named
parties through their names and aliases, unnamed ones as anonymous Sources tied to the outlet whose
report they come from), the hedge and the stance. A candidate that states a claim already in the
database becomes one more mention of that claim. A denial, a confirmation or a question is a
mention of the claim it is about, with the stance denies, asserts or questions: "the ministry denied
these claims" denies the claims just before it, attributed to the ministry; "denied that the
strikes hit the depot" denies the claim that says so, or a claim made of that clause. Running it
again on the same article adds nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from claims.models import Claim, Mention
from claims.services.carry import carry_into_article
from claims.services.parties import ArticleParties
from claims.text import attribution as attr
from claims.text.matching import SAME_CLAIM, Signature, claim_names, match_keys, signature, similarity, word_overlap
from claims.text.matching import dates as dates_in
from claims.text.patterns import (
    DENIAL,
    DENIES,
    Addressed,
    Preceding,
    addressed_claims,
    check_worthiness,
    claim_candidates,
    question_targets,
    questioned_content,
)
from claims.text.segment import segment
from claims.text.w3c import selector_for_span
from provenance.models import Article
from provenance.services import flag_for_review
from provenance.text.normalise import word_count

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
    """One candidate of one article, before it is matched to a claim.

    A denial, confirmation or question is about a claim (`addressed`): it becomes a mention of that
    claim with its stance, or, when none is found, a mention of a claim made of `own_claim` (the
    clause it denies, or its own sentence); with neither, it is left out.
    """

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
    addressed: Addressed | None = None
    own_claim: str | None = None
    signature: Signature | None = None
    claim: Claim | None = None
    also: list[Claim] = field(default_factory=list)  # the further claims a denial of "these claims" denies

    @property
    def statement(self) -> str:
        """The wording of the claim this proposal states: its own text, or the clause it denies."""
        return self.own_claim or self.text


@dataclass(kw_only=True)
class ProposalCounts:
    """The counts that add up from one article to many."""

    mentions_created: int = 0
    claims_created: int = 0
    claims_matched: int = 0
    denials_linked: int = 0  # denials made mentions of a claim stated earlier (in the text or the corpus)
    confirmations_linked: int = 0
    questions_linked: int = 0
    left_out: int = 0  # denials and confirmations of nothing found, stating no claim of their own
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
        candidates = claim_candidates(sentence.text)
        if reading.credit == attr.CREDITS_EARLIER or (reading.credit == attr.CREDITS_HERE and not candidates):
            _credit_earlier(proposals, number, reading.origin)
            if reading.credit == attr.CREDITS_EARLIER:
                continue  # "These claims were first published by X" states nothing of its own
        for candidate in candidates:
            start, end = sentence.start + candidate.start, sentence.start + candidate.end
            text = body[start:end]
            stripped = text.rstrip(" ,;:")
            end -= len(text) - len(stripped)
            origin, via, hedge = reading.origin, reading.via, reading.hedge
            if candidate.reported_by:  # "denied reports claiming that X": X comes from those reports
                origin = attr.Party(name=candidate.reported_by, kind=attr.ANONYMOUS, is_anonymous=True)
                via, hedge = None, Mention.Hedge.ALLEGED
            addressed, own_claim = candidate.addressed, None
            if candidate.stance == DENIES or addressed is not None:
                stance = candidate.stance
            else:
                stance = _stance(reading.stance)
            if stance == Mention.Stance.QUESTIONS:  # doubt: a mention of the claim it doubts, once found
                addressed, own_claim = questioned_content(sentence.text), body[start:end]
            elif candidate.own_claim == (candidate.start, candidate.end):  # its own sentence states it
                own_claim = body[start:end]
            elif candidate.own_claim is not None:  # the clause a denial denies
                own_claim = _as_statement(sentence.text[candidate.own_claim[0] : candidate.own_claim[1]])
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
                    stance=stance,
                    addressed=addressed,
                    own_claim=own_claim,
                )
            )
    return len(sentences), proposals


def _as_statement(clause: str) -> str:
    """A denied clause as a claim's wording: "the strikes hit the depot" -> "The strikes hit the depot"."""
    clause = clause.strip().rstrip(" ,;:.،")
    return clause[:1].upper() + clause[1:]


def _credit_earlier(proposals: list[Proposal], sentence: int, party: attr.Party | None) -> None:
    """Attribute the unnamed statements of the nearest earlier sentence (two back at most) to who first
    stated them: "... denied reports that X. These claims were first published by the Marsk Herald."

    Statements a named party made keep it; denials, confirmations and questions keep their speaker.
    """
    if party is None:
        return
    creditable = [
        p
        for p in proposals
        if sentence - p.sentence <= 2
        and p.stance == Mention.Stance.ASSERTS
        and p.addressed is None
        and (p.origin is None or p.origin.is_anonymous)
    ]
    if creditable:
        nearest = max(p.sentence for p in creditable)
        for proposal in creditable:
            if proposal.sentence == nearest:
                proposal.origin, proposal.via = party, None


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
    return DENIAL not in (kind, other)  # a denial claim of the old rule (or a person's) is not what a text states


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
    places, actors = claim_names(proposal.statement)
    days = sorted(d for d in dates_in(proposal.statement, year) if not d.startswith("--"))
    return Claim(
        text=proposal.statement,
        kind=proposal.kind,
        places=list(dict.fromkeys(name[:200] for name in places))[:20],
        groups=list(dict.fromkeys(name[:200] for name in actors))[:20],
        event_date=date.fromisoformat(days[0]) if len(days) == 1 else None,
        match_keys=match_keys(proposal.signature),
        check_worthiness=check_worthiness(proposal.statement, proposal.kind),
    )


def _preceding(proposal: Proposal, proposals: list[Proposal]) -> list[Preceding]:
    """The article's claims a denial, confirmation or question may be about: earlier ones, or ones
    inside its own span ("denied reports claiming that X")."""
    return [
        Preceding(
            key=other.index,
            text=other.text,
            kind=other.kind,
            origin=other.origin.key if other.origin else None,
            distance=proposal.sentence - other.sentence,
        )
        for other in proposals
        if other.index != proposal.index
        and (
            other.sentence < proposal.sentence
            or (other.sentence == proposal.sentence and proposal.start <= other.start and other.end <= proposal.end)
        )
    ]


def _link_addressed(addressing: list[Proposal], proposals: list[Proposal], report: ProposalReport) -> list[Proposal]:
    """Make each denial, confirmation and question a mention of the claim it is about.

    "The ministry denied these claims" is a mention, with the stance "denies", of the claims it
    refers to; "Veloria Wire could not verify the number of drones" one, with the stance
    "questions", of the claim about those drones. Returns those about no claim found that state
    one of their own (the clause a denial denies, a question's own sentence); the others are left out.
    """
    own = []
    for proposal in addressing:
        answerable = [p for p in proposals if p.claim is not None and p.stance == Mention.Stance.ASSERTS]
        by_index = {p.index: p for p in answerable}
        speaker = proposal.origin.key if proposal.origin else None
        preceding = _preceding(proposal, answerable)
        if proposal.stance == Mention.Stance.QUESTIONS:
            keys = question_targets(proposal.addressed, speaker, preceding)
        else:
            keys = addressed_claims(proposal.addressed, speaker, preceding)
        claims = list({by_index[key].claim.pk: by_index[key].claim for key in keys}.values())
        if not claims and proposal.stance != Mention.Stance.QUESTIONS and not proposal.addressed.is_anaphoric:
            claims = _corpus_claims(proposal.addressed)
        if claims:
            proposal.claim, proposal.also = claims[0], claims[1:]
            if proposal.stance == Mention.Stance.QUESTIONS:
                report.questions_linked += 1
            elif proposal.stance == Mention.Stance.DENIES:
                report.denials_linked += 1
            else:
                report.confirmations_linked += 1
        elif proposal.own_claim:
            own.append(proposal)
        else:
            report.left_out += 1
    return own


def _corpus_claims(addressed: Addressed) -> list[Claim]:
    """Elsewhere in the corpus: the claim whose words the denied or confirmed statement repeats most, if close
    enough (never one whose figures or dates differ)."""
    stated = signature(addressed.text)
    if len(stated.words) < 3:
        return []
    shortlist = _shortlists({0: stated}).get(0, [])
    best, best_score = None, 0.0
    for claim_id, text, kind in shortlist:
        if kind == DENIAL:
            continue
        other = signature(text)
        score = word_overlap(stated.words, other.words)
        if score > best_score and similarity(stated, other) >= 50:
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
    taken = list(Mention.objects.filter(article=article).values_list("claim_id", "stance", "start", "end"))
    claim_at = {(start, end): claim_id for claim_id, _, start, end in taken}
    fresh = []
    for proposal in proposals:
        if (proposal.start, proposal.end) in claim_at:
            proposal.claim = Claim(pk=claim_at[proposal.start, proposal.end])  # proposed (or decided) before
        else:
            fresh.append(proposal)
    report.skipped = report.candidates - len(fresh)
    if not fresh:
        return report
    stated = [p for p in fresh if p.addressed is None]
    for proposal in stated:
        proposal.signature = signature(proposal.text, year=year)
    _match_claims(stated, year, report)
    own = _link_addressed([p for p in fresh if p.addressed is not None], proposals, report)
    for proposal in own:
        proposal.signature = signature(proposal.statement, year=year)
    _match_claims(own, year, report)
    parties = ArticleParties(article)
    mentions, placed = [], list(taken)
    for proposal in fresh:
        for claim in [proposal.claim, *proposal.also] if proposal.claim is not None else []:
            if any(
                c == claim.pk and stance == proposal.stance and s < proposal.end and proposal.start < e
                for c, stance, s, e in placed
            ):
                report.skipped += 1  # the claim is already mentioned there (a longer or carried span)
                continue
            placed.append((claim.pk, proposal.stance, proposal.start, proposal.end))
            selector = selector_for_span(article.body, proposal.start, proposal.end)
            origin = parties.source(proposal.origin)
            via = parties.source(proposal.via)
            mentions.append(
                Mention(
                    claim_id=claim.pk,
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
    return report


def propose_for_articles(
    *,
    articles: Iterable[Article],
    on_article: Callable[[ProposalReport], None] | None = None,
    keep_going: bool = False,
) -> ProposalSummary:
    """Propose claim mentions for many articles, one transaction each (a failure keeps the others).

    With keep_going, an article the proposer cannot read (a domain error) is logged and passed over.
    """
    summary = ProposalSummary()
    for article in articles:
        try:
            report = propose_for_article(article=article)
        except ValueError as error:  # domain errors (ClaimError, SourceError): the article stays stored
            if not keep_going:
                raise
            logger.warning("claim proposals for article %s failed: %s", article.pk, error)
            continue
        summary.add(report)
        if on_article is not None:
            on_article(report)
    return summary


QUEUED = "claim proposals"  # what propose_on_article_stored tells the ingest report it queued
_gathered = threading.local()


def propose_on_article_stored(sender, article: Article, **kwargs) -> str | None:
    """Receiver of provenance.signals.article_stored: queue claim proposals for the new article.

    The articles announced in one transaction are gathered and, on commit, one propose_claims job
    proposes them all (claims.tasks), so capture and linking never wait for the proposals; until it
    has run, the reader says claims are being proposed (claims.tasks.articles_awaiting_proposals).
    Off when settings.CLAIMS_PROPOSE_ON_STORE is False (bulk imports can run propose_claims later);
    texts over settings.CLAIMS_PROPOSE_MAX_WORDS are flagged for a person instead. Returns what it
    queued, in words, or None.
    """
    if not getattr(settings, "CLAIMS_PROPOSE_ON_STORE", True):
        return None
    words = word_count(article.body)  # no list of 3 million words for a book-length text
    limit = settings.CLAIMS_PROPOSE_MAX_WORDS
    if words > limit:
        # Segmenting, matching and carrying grow with the text: a book-length paste would hold a
        # worker for minutes. The article is stored and linked; a person decides whether to propose.
        flag_for_review(
            article=article,
            note=f"claims not proposed: the text has {words:,} words, over the limit of {limit:,} "
            f"(CLAIMS_PROPOSE_MAX_WORDS); run `manage.py propose_claims --article {article.pk}` to propose them",
        )
        return None
    _gathered.__dict__.setdefault("article_ids", set()).add(article.pk)
    transaction.on_commit(_queue_gathered)  # the first to run takes them all
    return QUEUED


def _queue_gathered() -> None:
    article_ids = _gathered.__dict__.pop("article_ids", None)
    if not article_ids:
        return
    from claims.tasks import propose_claims  # the tasks module builds on this one

    propose_claims.defer(article_ids=sorted(article_ids))
