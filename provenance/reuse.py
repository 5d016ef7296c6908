"""Text-reuse detection: index a stored article and find the articles it shares text with.

Band keys live in PostgreSQL (TextBand), so finding candidates is one indexed, set-wise query that
works from any process and survives restarts. Candidates are checked exactly (aligned passages),
the direction of each match is decided (earlier publication first), and the detector's edges are
kept in step with the evidence; edges a person decided, and edges from other evidence, are never
changed by the detector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q

from provenance.models import Article, Capture, Derivation, TextShingles
from provenance.services import ProvenanceError, add_derivation, update_detected_derivation, withdraw_derivations
from provenance.text import reuse as text_reuse
from provenance.text.decode import decode_bytes
from provenance.text.extract import streamed_lines
from provenance.text.normalise import text_hash
from sources.models import SourceAlias
from sources.names import domain_key, name_key

HOT_KEY_HOLDERS = 32  # a band key held by more articles is site furniture or a viral text
MAX_CANDIDATES = 30  # the default of settings.TEXT_REUSE_MAX_CANDIDATES: candidates screened per article
MAX_PASSAGES = 50  # passages kept on an edge, longest first
FINGERPRINTS_CACHED = 512  # candidates' fingerprints kept per process (tokens and shingles of one text each)
PAGES_CACHED = 64  # captured pages' shingles kept per process
PAGE_MAX_BYTES = 5 * 2**20  # a larger capture is not read again for what its extracted text lost
PAGE_CHECK_SHARE = 0.5  # an older candidate's page is read when it explains this much of what a later one does
CREDIT_EVIDENCE = (Derivation.Evidence.ATTRIBUTION, Derivation.Evidence.BYLINE)

_CANDIDATES_SQL = """
WITH mine AS (
    SELECT DISTINCT band, key FROM unnest(%s::smallint[], %s::bigint[]) AS m(band, key)
),
hits AS (
    SELECT h.article_id, count(*) OVER (PARTITION BY m.band, m.key) AS holders
    FROM mine m
    CROSS JOIN LATERAL (
        SELECT t.article_id FROM provenance_textband t
        WHERE t.band = m.band AND t.key = m.key AND t.article_id <> %s
        ORDER BY t.article_id
        LIMIT %s
    ) h
)
SELECT article_id, count(*) FILTER (WHERE holders <= %s) AS rare, count(*) AS shared
FROM hits GROUP BY article_id
"""


@dataclass
class DetectionReport:
    """What a detection run changed."""

    articles: int = 0
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    refused: list[str] = field(default_factory=list)  # edges the graph refused (they would close a cycle)

    def add(self, other: DetectionReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.withdrawn += other.withdrawn
        self.refused.extend(other.refused)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "created": self.created,
            "updated": self.updated,
            "withdrawn": self.withdrawn,
            "refused": self.refused,
        }


def store_bands(*, article_id: int, fingerprint: text_reuse.Fingerprint, replace: bool = True) -> None:
    """Write the band keys and shingle hashes of one article, replacing its old ones."""
    with connection.cursor() as cursor:
        if replace:
            cursor.execute("DELETE FROM provenance_textband WHERE article_id = %s", [article_id])
        # One statement for both tables (data-modifying WITH): the band keys, then the shingle hashes.
        cursor.execute(f"WITH {_STORE_SQL} SELECT 1", _store_params(article_id, fingerprint))


# The writes of store_bands as WITH items; a new article's first statement joins its candidate query to them.
_STORE_SQL = f"""
bands AS (
    INSERT INTO provenance_textband (article_id, band, key)
    SELECT %s, * FROM unnest(%s::smallint[], %s::bigint[]) ON CONFLICT DO NOTHING
),
stored AS (
    INSERT INTO {TextShingles._meta.db_table} (article_id, hashes, words) VALUES (%s, %s, %s)
    ON CONFLICT (article_id) DO UPDATE SET hashes = EXCLUDED.hashes, words = EXCLUDED.words
)
"""


def _store_params(article_id: int, fingerprint: text_reuse.Fingerprint) -> list:
    return [
        article_id,
        [band for band, _ in fingerprint.band_keys],
        [key for _, key in fingerprint.band_keys],
        article_id,
        text_reuse.shingles_to_bytes(fingerprint.shingles),
        len(fingerprint.tokens),
    ]


def store_new_bands(*, article_id: int, fingerprint: text_reuse.Fingerprint) -> list[int]:
    """store_bands for an article stored just now (nothing to replace) and its candidate_ids, in one statement.

    The candidate query does not see the rows written beside it, as it does not count the article's own.
    """
    if not fingerprint.band_keys:
        store_bands(article_id=article_id, fingerprint=fingerprint, replace=False)
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {_STORE_SQL}, {_CANDIDATES_SQL.strip().removeprefix('WITH ')}",
            [*_store_params(article_id, fingerprint), *_candidate_params(article_id, fingerprint)],
        )
        return _ranked(cursor.fetchall())


def _store_shingles(article_id: int, fingerprint: text_reuse.Fingerprint) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TextShingles._meta.db_table} (article_id, hashes, words) VALUES (%s, %s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET hashes = EXCLUDED.hashes, words = EXCLUDED.words",
            [article_id, text_reuse.shingles_to_bytes(fingerprint.shingles), len(fingerprint.tokens)],
        )


def max_candidates() -> int:
    """How many candidates one article is screened against (settings.TEXT_REUSE_MAX_CANDIDATES)."""
    return int(getattr(settings, "TEXT_REUSE_MAX_CANDIDATES", MAX_CANDIDATES))


def candidate_ids(*, article_id: int, fingerprint: text_reuse.Fingerprint) -> list[int]:
    """Articles sharing band keys with this text, most shared first, in one query.

    Keys held by more than HOT_KEY_HOLDERS articles (furniture, viral texts) rank a candidate only
    when it shares no rarer key; each key reads at most HOT_KEY_HOLDERS + 1 index entries, so the
    cost per article does not grow with the corpus.
    """
    if not fingerprint.band_keys:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES_SQL, _candidate_params(article_id, fingerprint))
        return _ranked(cursor.fetchall())


def _candidate_params(article_id: int, fingerprint: text_reuse.Fingerprint) -> list:
    bands = [band for band, _ in fingerprint.band_keys]
    keys = [key for _, key in fingerprint.band_keys]
    return [bands, keys, article_id, HOT_KEY_HOLDERS + 1, HOT_KEY_HOLDERS]


def _ranked(rows: list[tuple[int, int, int]]) -> list[int]:
    """candidate_ids' order: most rare keys shared first; by all keys shared when none is rare."""
    limit = max_candidates()
    rare = sorted((r for r in rows if r[1] > 0), key=lambda r: (-r[1], r[0]))
    if rare:
        return [r[0] for r in rare[:limit]]
    common = sorted((r for r in rows if r[2] > 1), key=lambda r: (-r[2], r[0]))
    return [r[0] for r in common[:limit]]


def _credit_keys(articles: Iterable[Article]) -> dict[int, set[str]]:
    """Name keys of each article's outlet and its aliases, to find them in attribution lines."""
    articles = list(articles)
    outlet_ids = {a.outlet_id for a in articles if a.outlet_id}
    keys: dict[int, set[str]] = {outlet_id: set() for outlet_id in outlet_ids}
    for article in articles:
        if article.outlet_id:
            keys[article.outlet_id].add(article.outlet.key)
    for source_id, key in SourceAlias.objects.filter(source_id__in=outlet_ids).values_list("source_id", "key"):
        keys[source_id].add(key)
    return keys


def _line_text(line) -> str:
    if isinstance(line, dict):
        return " ".join(str(value) for value in line.values() if isinstance(value, str))
    return str(line)


def _credits(article: Article, other: Article, outlet_keys: dict[int, set[str]]) -> bool:
    """Whether article's attribution lines name other's outlet (by name or alias) or its site (by address)."""
    if not article.attribution_lines:
        return False
    host = domain_key(other.url) if other.url else ""
    if host and any(host in _line_text(line).casefold() for line in article.attribution_lines):
        return True
    if not other.outlet_id:
        return False
    wanted = {key for key in outlet_keys.get(other.outlet_id, ()) if len(key) >= 3}
    lines = [name_key(_line_text(line)) for line in article.attribution_lines]
    return any(key in line for key in wanted for line in lines)


def _side(
    article: Article, other: Article, coverage: float, outlet_keys, credited_by: dict[int, set[int]]
) -> text_reuse.Side:
    return text_reuse.Side(
        key=article.pk,
        published=text_reuse.publication_window(article.published, article.published_precision),
        credits_other=_credits(article, other, outlet_keys),
        coverage=coverage,
        credited_by_others=bool(credited_by.get(article.pk, set()) - {other.pk}),
    )


def _credited_by(group: list[Article], outlet_keys: dict[int, set[str]]) -> dict[int, set[int]]:
    """For texts sharing one text, which of them credit each as their original: by their lines, or by a credit edge."""
    credited: dict[int, set[int]] = {a.pk: set() for a in group}
    for copy in group:
        for other in group:
            if copy is not other and _credits(copy, other, outlet_keys):
                credited[other.pk].add(copy.pk)
    edges = (
        Derivation.objects.filter(source_article__in=list(credited), evidence__in=CREDIT_EVIDENCE)
        .exclude(status=Derivation.Status.REJECTED)
        .values_list("source_article_id", "derived_id")
    )
    for source, derived in edges:
        credited[source].add(derived)
    return credited


def _undecided_by_dates(article: Article, others: Iterable[Article]) -> bool:
    mine = text_reuse.publication_window(article.published, article.published_precision)
    for other in others:
        theirs = text_reuse.publication_window(other.published, other.published_precision)
        if not (mine and theirs and (mine[1] < theirs[0] or theirs[1] < mine[0])):
            return True
    return False


_ARTICLE_FIELDS = (
    "id",
    "capture",
    "text_hash",
    "published",
    "published_precision",
    "attribution_lines",
    "url",
    "outlet__id",
    "outlet__key",
    "outlet__name",
)


def _load(ids: Iterable[int], *, body: bool = True) -> dict[int, Article]:
    """Articles as detection reads them; without body, with their stored shingles instead (None if not stored)."""
    aggregate = Derivation.objects.filter(derived=OuterRef("pk"), kind=Derivation.Kind.AGGREGATION).exclude(
        status=Derivation.Status.REJECTED
    )
    articles = Article.objects.select_related("outlet").annotate(is_aggregate=Exists(aggregate))
    if body:
        return articles.only("body", *_ARTICLE_FIELDS).in_bulk(list(ids))
    articles = articles.only(*_ARTICLE_FIELDS).annotate(
        shingle_hashes=F("text_shingles__hashes"), shingle_words=F("text_shingles__words")
    )
    return articles.in_bulk(list(ids))


def _candidate_shingles(others: dict[int, Article]) -> dict[int, tuple]:
    """Each candidate's (shingle hashes, words); an article indexed before they were stored gets them now."""
    found, missing = {}, []
    for pk, other in others.items():
        if other.shingle_hashes is None:
            missing.append(pk)
        else:
            found[pk] = (text_reuse.shingles_from_bytes(other.shingle_hashes), other.shingle_words)
    for pk, body, digest in Article.objects.filter(pk__in=missing).values_list("pk", "body", "text_hash"):
        candidate = _candidate_fingerprint(pk, digest, body)
        _store_shingles(pk, candidate)
        found[pk] = (candidate.shingles, len(candidate.tokens))
    return found


@lru_cache(maxsize=FINGERPRINTS_CACHED)
def _candidate_fingerprint(article_id: int, text_digest: str, body: str) -> text_reuse.Fingerprint:
    """A candidate's fingerprint (tokens and shingles), computed once per text in this process.

    The same articles come back as candidates for every copy of them (an original with fifty
    reposts is compared fifty times): keyed by id and text hash, a corrected text is fingerprinted
    afresh.
    """
    return text_reuse.fingerprint(body, bands=False)


@lru_cache(maxsize=PAGES_CACHED)
def _page_shingles(database: str, capture_id: int) -> np.ndarray:
    """The shingle hashes of a captured page's visible text, when the page carries one article (else none)."""
    if Article.objects.filter(capture_id=capture_id).count() != 1:
        return np.zeros(0, dtype=np.uint64)  # the page holds other articles' text too
    row = Capture.objects.filter(pk=capture_id, size__lte=PAGE_MAX_BYTES).values_list("data", "media_type").first()
    if row is None:
        return np.zeros(0, dtype=np.uint64)
    try:
        decoded = decode_bytes(bytes(row[0]))
    except ValueError:
        return np.zeros(0, dtype=np.uint64)
    html = "html" in (decoded.media_type or row[1] or "")
    text = "\n".join(streamed_lines(decoded.text)) if html else decoded.text
    return np.unique(text_reuse.shingle_hashes(text_reuse.tokenize(text).words))


def _with_pages(
    fingerprint: text_reuse.Fingerprint, candidates: list[text_reuse.Candidate], captures: dict[int, int | None]
) -> list[text_reuse.Candidate]:
    """Older candidates copied verbatim, whose page may hold what a later, fuller candidate adds.

    A copy made from an original page carries the whole article, while the text we extracted from
    that page may lack a caption, a list or a paragraph; a later copy of the same page then seems
    to explain more. What the original's captured page holds verbatim counts as explained by it.
    """
    reuse_candidates = [c for c in candidates if c.match.is_reuse]
    if len(reuse_candidates) < 2:
        return candidates
    checked: dict[int, text_reuse.Candidate] = {}
    for older in reuse_candidates:
        capture_id = captures.get(older.key)
        if capture_id is None or older.match.exact_ratio < text_reuse.REWRITE_EXACT_RATIO:
            continue
        mine = older.match.identical_a
        for later in reuse_candidates:
            if later is older or not (
                (older.published and later.published and older.published < later.published)
                or later.key in older.sources_of
            ):
                continue
            theirs = later.match.identical_a
            missing = len(theirs - mine)  # words the later one explains and this one does not
            if missing > text_reuse.EQUIVALENT_COVERAGE * len(theirs) and len(mine & theirs) >= PAGE_CHECK_SHARE * len(
                theirs
            ):
                page = _page_shingles(connection.settings_dict["NAME"], capture_id)
                found = text_reuse.words_found_in(fingerprint, page)
                checked[older.key] = replace(older, page_explains=frozenset(found - mine))
                break
    return [checked.get(c.key, c) for c in candidates]


def _sources_of(candidates: list[text_reuse.Candidate]) -> list[text_reuse.Candidate]:
    """Each candidate with the other candidates known (by a non-rejected edge) to be copied from it."""
    keys = [c.key for c in candidates if c.match.is_reuse]
    if len(keys) < 2:
        return candidates
    copies: dict[int, set[int]] = {}
    edges = (
        Derivation.objects.filter(derived__in=keys, source_article__in=keys)
        .exclude(status=Derivation.Status.REJECTED)
        .values_list("source_article_id", "derived_id")
    )
    for source, derived in edges:
        copies.setdefault(source, set()).add(derived)
    return [replace(c, sources_of=frozenset(copies[c.key])) if c.key in copies else c for c in candidates]


def _evidence_text(match: text_reuse.Match, reason: str) -> str:
    return (
        f"shares {match.shared_a} words in {len(match.passages)} passage(s): "
        f"{match.coverage_a:.0%} of this text, {match.coverage_b:.0%} of the source; {reason}"
    )


def _passages(match: text_reuse.Match) -> list[dict]:
    longest = sorted(match.passages, key=lambda p: -p.words)[:MAX_PASSAGES]
    return [p.as_dict() for p in sorted(longest, key=lambda p: p.a_start)]


def _sync_sources(
    derived: Article,
    candidates: list[tuple[text_reuse.Candidate, text_reuse.Direction]],
    fingerprint: text_reuse.Fingerprint,
    captures: dict[int, int | None],
    edges: Iterable[Derivation] | None = None,
) -> DetectionReport:
    """Make the detector's edges of one derived article match the evidence; leave decided edges be.

    edges: the article's edges from stored articles, when the caller holds them all (a new article's).
    """
    report = DetectionReport()
    if edges is None:
        edges = Derivation.objects.filter(derived=derived, source_article__isnull=False)
    existing = {edge.source_article_id: edge for edge in edges}
    detector_owned = {
        source_id
        for source_id, d in existing.items()
        if d.evidence == Derivation.Evidence.TEXT_REUSE
        and d.status == Derivation.Status.PROPOSED
        and d.kind != Derivation.Kind.TRANSLATION  # the cross-language detector's (provenance.crosslang)
    }
    covered: set[int] = set()
    open_candidates, directions = [], {}
    for candidate, direction in candidates:
        edge = existing.get(candidate.key)
        if edge is not None and edge.source_article_id not in detector_owned:
            if edge.status != Derivation.Status.REJECTED:
                covered |= candidate.match.identical_a  # a decision or other evidence already explains it
            continue
        open_candidates.append(candidate)
        directions[candidate.key] = direction
    open_candidates = _with_pages(fingerprint, _sources_of(open_candidates), captures)
    chosen = text_reuse.select_sources(open_candidates, covered=frozenset(covered), published=derived.published)
    other_sources = sum(
        1 for s, d in existing.items() if s not in detector_owned and d.status != Derivation.Status.REJECTED
    )
    aggregated = len(chosen) + other_sources >= 2
    by_key = {candidate.key: candidate for candidate in chosen}
    for key, candidate in by_key.items():
        match, direction = candidate.match, directions[key]
        fields = {
            "kind": text_reuse.classify(match, aggregated=aggregated),
            "score": round(match.containment, 4),
            "passages": _passages(match),
            "needs_review": direction.needs_review,
            "evidence_text": _evidence_text(match, direction.reason),
        }
        edge = existing.get(key)
        if edge is not None:
            if update_detected_derivation(derivation=edge, **fields):
                report.updated += 1
            continue
        try:
            add_derivation(
                derived=derived,
                source_article=Article(pk=key),
                evidence=Derivation.Evidence.TEXT_REUSE,
                status=Derivation.Status.PROPOSED,
                **fields,
            )
        except ProvenanceError as error:
            report.refused.append(str(error))
            continue
        report.created += 1
    stale = [existing[s].pk for s in detector_owned if s not in by_key]
    if stale:
        report.withdrawn += withdraw_derivations(derivation_ids=stale)
    return report


@dataclass
class _Found:
    """What the exact check found for one article: its sources with directions, its copies, the candidates' captures."""

    sources: list[tuple[text_reuse.Candidate, text_reuse.Direction]] = field(default_factory=list)
    derived: list[int] = field(default_factory=list)
    captures: dict[int, int | None] = field(default_factory=dict)


def _matches(article: Article, fingerprint: text_reuse.Fingerprint, ids: list[int]) -> _Found:
    """Exact check of candidates: sources of article with directions, and ids of articles derived from it."""
    found = _Found()
    if not ids:
        return found
    others = _load(ids, body=False)
    shingles = _candidate_shingles(others)
    words = len(fingerprint.tokens)
    # Screened by their stored shingles; only those that may be copies have their text read and aligned.
    kept = [
        pk
        for pk in ids
        if pk in shingles and text_reuse.may_be_reuse(fingerprint.shingles, words, shingles[pk][0], shingles[pk][1])
    ]
    if not kept:
        return found
    bodies = {
        pk: (body, digest)
        for pk, body, digest in Article.objects.filter(pk__in=kept).values_list("pk", "body", "text_hash")
    }
    matched = []
    for other_id in kept:
        if other_id in bodies:
            body, digest = bodies[other_id]
            match = text_reuse.compare(fingerprint, _candidate_fingerprint(other_id, digest, body))
            if match.is_reuse:
                matched.append((others[other_id], match))
    group = [article, *(other for other, _ in matched)]
    outlet_keys = _credit_keys(group) if any(a.attribution_lines for a in group) else {}
    # A third copy's credit settles a pair the dates leave open: read only when some pair is open.
    credited = _credited_by(group, outlet_keys) if _undecided_by_dates(article, group[1:]) else {}
    for other, match in matched:
        direction = text_reuse.choose_direction(
            _side(article, other, match.coverage_a, outlet_keys, credited),
            _side(other, article, match.coverage_b, outlet_keys, credited),
        )
        if direction.derived == article.pk:
            candidate = text_reuse.Candidate(
                key=other.pk, match=match, published=other.published, is_aggregate=other.is_aggregate
            )
            found.sources.append((candidate, direction))
            found.captures[other.pk] = other.capture_id
        else:
            found.derived.append(other.pk)
    return found


def detect_sources(*, article: Article, fingerprint: text_reuse.Fingerprint | None = None) -> DetectionReport:
    """Re-run detection for the sources of one indexed article, and bring its detected edges up to date."""
    fingerprint = fingerprint or text_reuse.fingerprint(article.body)
    found = _matches(article, fingerprint, candidate_ids(article_id=article.pk, fingerprint=fingerprint))
    return _sync_sources(article, found.sources, fingerprint, found.captures)


def settle(
    *,
    article: Article,
    fingerprint: text_reuse.Fingerprint | None = None,
    edges: Iterable[Derivation] | None = None,
    candidates: list[int] | None = None,
) -> None:
    """Detect again the sources of an article and of the stored texts found to be copied from it.

    Run when the article is new, and when something that decides directions changed (a credit now
    names it as an original): an earlier text stored later becomes the source of the copies already
    stored. edges: as _sync_sources takes them; candidates: its candidate_ids, when the caller has them.
    """
    fingerprint = fingerprint or text_reuse.fingerprint(article.body)
    if candidates is None:
        candidates = candidate_ids(article_id=article.pk, fingerprint=fingerprint)
    found = _matches(article, fingerprint, candidates)
    _sync_sources(article, found.sources, fingerprint, found.captures, edges=edges)
    for other in _load(found.derived).values():
        detect_sources(article=other)


def settle_credited(*, article: Article) -> None:
    """The originals article credits, when the detector placed them among their copies without dates to go by.

    A credit names its original: the detector's flagged guess (dates missing or equal, the text stored
    first taken as the source) gives way, and the original and the copies taken from it are detected again.
    """
    credited = (
        Derivation.objects.filter(derived=article, evidence__in=CREDIT_EVIDENCE, source_article__isnull=False)
        .exclude(status=Derivation.Status.REJECTED)
        .filter(
            Exists(
                Derivation.objects.filter(
                    derived=OuterRef("source_article"),
                    evidence=Derivation.Evidence.TEXT_REUSE,
                    status=Derivation.Status.PROPOSED,
                    needs_review=True,
                )
            )
        )
        .values_list("source_article_id", flat=True)
    )
    for original in _load(list(credited)).values():
        settle(article=original)


@transaction.atomic
def index_and_detect(*, article: Article) -> list[Derivation]:
    """Index article for text reuse and record derivations to and from the articles it shares text with.

    Returns the text-reuse edges that now touch the article. An earlier-published article stored
    later becomes the source of the copies already stored: their sources are detected again.
    """
    fingerprint = text_reuse.fingerprint(article.body)
    store_bands(article_id=article.pk, fingerprint=fingerprint)
    settle(article=article, fingerprint=fingerprint)
    settle_credited(article=article)
    touching = Q(derived=article) | Q(source_article=article)
    return list(Derivation.objects.filter(touching, evidence=Derivation.Evidence.TEXT_REUSE))


@transaction.atomic(savepoint=False)  # a failure fails the ingest of the file, whose caller rolls back
def index_new_article(*, article: Article, edges: Iterable[Derivation]) -> None:
    """index_and_detect for an article stored in this transaction, in fewer statements: it has no bands to
    replace (they are written with its candidate query), its edges from stored articles are the ones the
    caller made (edges), and only an edge of a credit line to a stored original can have a detector's guess
    to settle. Returns nothing."""
    from_articles = [edge for edge in edges if edge.source_article_id is not None]
    fingerprint = text_reuse.fingerprint(article.body)
    candidates = store_new_bands(article_id=article.pk, fingerprint=fingerprint)
    settle(article=article, fingerprint=fingerprint, edges=from_articles, candidates=candidates)
    if any(edge.evidence in CREDIT_EVIDENCE for edge in from_articles):
        settle_credited(article=article)


@transaction.atomic
def correct_article_body(*, article: Article, body: str) -> Article:
    """Replace an article's clean text with a corrected one, then index and link it again.

    The capture (the bytes as received) is untouched. The article's text-reuse keys are computed
    afresh and its detected edges, both to its sources and from the copies that matched its old
    text, are brought in line with the new text; a person's decisions stay as they are.
    """
    if not body.strip():
        raise ProvenanceError("the corrected text is empty; an article needs a body")
    digest = text_hash(body)
    twin = (
        Article.objects.filter(text_hash=digest, outlet_id=article.outlet_id)
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if twin is not None:
        raise ProvenanceError(f"this text is already stored as article {twin}; the correction would duplicate it")
    Article.objects.filter(pk=article.pk).update(body=body, text_hash=digest)
    article.body, article.text_hash = body, digest
    copies = list(
        Derivation.objects.filter(source_article=article, evidence=Derivation.Evidence.TEXT_REUSE)
        .values_list("derived_id", flat=True)
        .distinct()
    )
    index_and_detect(article=article)
    for other in _load(copies).values():
        detect_sources(article=other)
    return article


def redetect(
    *,
    article_ids: Iterable[int] | None = None,
    reindex: bool = True,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> DetectionReport:
    """Re-run detection over the corpus (or the given articles), oldest first.

    With reindex, every article's band keys are computed again first (after a change of detection
    parameters). A person's decisions, and edges from other evidence, are kept as they are.
    `progress` is called with the number of articles done after each one.
    """
    articles = Article.objects.order_by("published", "id")
    if article_ids is not None:
        wanted = sorted({int(i) for i in article_ids})
        found = set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ProvenanceError(f"unknown article id(s): {', '.join(map(str, missing))}")
        articles = articles.filter(pk__in=wanted)
    ids = list(articles.values_list("pk", flat=True))
    report = DetectionReport(articles=len(ids))
    if reindex:
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                for article in Article.objects.filter(pk__in=ids[start : start + batch_size]).only("id", "body"):
                    store_bands(article_id=article.pk, fingerprint=text_reuse.fingerprint(article.body))
    done = 0
    for start in range(0, len(ids), batch_size):
        batch = _load(ids[start : start + batch_size])
        for article_id in ids[start : start + batch_size]:
            with transaction.atomic():
                report.add(detect_sources(article=batch[article_id]))
            done += 1
            if progress is not None:
                progress(done)
    return report
