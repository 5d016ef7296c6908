"""Writes about provenance: captures, articles, derivation edges and decisions on them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from provenance.lineage import is_ancestor
from provenance.models import Article, Capture, Derivation
from provenance.signals import derivations_decided
from provenance.text.normalise import text_hash
from provenance.timestamps import schedule_timestamps
from sources.models import Author, Source
from sources.services import insert_unless_taken

if TYPE_CHECKING:
    from provenance.ingestion.accept import WebCapture

# One advisory-lock key for every change to the derivation graph, so two processes
# cannot each add half of a cycle at the same moment.
DERIVATION_GRAPH_LOCK = 7_340_021


class ProvenanceError(ValueError):
    """A provenance change that cannot be made; the message says why."""


def store_capture(
    *,
    data: bytes,
    media_type: str,
    encoding: str = "",
    filename: str = "",
    url: str = "",
    received_by=None,
    web: WebCapture | None = None,
    looked_up: bool = False,
) -> tuple[Capture, bool]:
    """Keep the exact bytes received, with how they came from the web when they did.

    A file's bytes are kept once: the same bytes again return the stored capture (of any kind). A
    web archive's record is kept once per record (the same archive imported again stores nothing
    new). A fetch is an event: it is always kept, and captures of the same bytes share their sha256.
    looked_up: the caller found no capture of these bytes a moment ago (ingest_capture), so a file's
    are not looked up again. A new capture costs one INSERT ... ON CONFLICT DO NOTHING, no savepoint.
    """
    digest = hashlib.sha256(data).hexdigest()
    fields = {
        "data": data,
        "size": len(data),
        "media_type": media_type,
        "encoding": encoding,
        "filename": filename[:500],
        "url": url,
        "received_by": received_by,
    }
    if web is None:
        if not looked_up:
            existing = Capture.objects.filter(sha256=digest).order_by("id").first()
            if existing is not None:
                return existing, False
        capture = _insert_once(Capture(sha256=digest, kind=Capture.Kind.FILE, **fields))
        if capture is None:  # kept a moment ago by another process
            return Capture.objects.filter(sha256=digest, kind=Capture.Kind.FILE).get(), False
        return _timestamped(capture, True)
    fields |= {
        "url": (web.url or url)[:2000],  # a longer address is whole in archive_info's WARC headers
        "requested_url": web.requested_url[:2000],
        "captured_at": web.captured_at,
        "http_status": web.http_status,
        "http_headers": [list(pair) for pair in web.http_headers],
        "redirects": list(web.redirects),
        "server_ip": web.server_ip or None,
        "tls_certificate": web.tls_certificate,
        "archive_digest": web.digest[:200],
        "archive_info": web.archive,
    }
    if web.kind == Capture.Kind.FETCH:
        with _parameters_sent_apart():
            capture = Capture.objects.create(sha256=digest, kind=Capture.Kind.FETCH, **fields)
        return _timestamped(capture, True)
    record_id = web.record_id[:300]
    capture = _insert_once(Capture(sha256=digest, kind=Capture.Kind.ARCHIVE, archive_record_id=record_id, **fields))
    if capture is None:  # this record of this archive is kept already
        kept = Capture.objects.filter(sha256=digest, kind=Capture.Kind.ARCHIVE, archive_record_id=record_id)
        return kept.get(), False
    return _timestamped(capture, True)


def _insert_once(capture: Capture) -> Capture | None:
    """The capture stored by one INSERT ... ON CONFLICT DO NOTHING, or None when its bytes are kept already."""
    with _parameters_sent_apart():
        return capture if insert_unless_taken(capture) else None


@contextmanager
def _parameters_sent_apart() -> Iterator[None]:
    """Send the statements made here with their parameters apart from the SQL (server-side binding).

    Django's default client-side binding writes each value into the statement as an escaped literal:
    a capture's bytes become several copies twice their size (160 MB for a 20 MB file), an article's
    body a few copies of itself. Sent apart, they are sent as they are.
    """
    from django.db.backends.postgresql.base import ServerBindingCursor

    if connection.execute_wrappers:  # pghistory's context adds a statement: one per execute when bound apart
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous, raw.cursor_factory = raw.cursor_factory, ServerBindingCursor
    try:
        yield
    finally:
        raw.cursor_factory = previous


def _timestamped(capture: Capture, created: bool) -> tuple[Capture, bool]:
    """A new capture's timestamp job is queued with it (in the same transaction); the capture never waits for it."""
    if created:
        schedule_timestamps(capture)
    return capture, created


def create_article(
    *,
    title: str,
    body: str,
    language: str,
    outlet: Source | None = None,
    carrier: Source | None = None,
    authors: Iterable[Author] = (),
    url: str = "",
    published: date | None = None,
    published_precision: str = Article.DatePrecision.DAY,
    capture: Capture | None = None,
    position_in_capture: int = 0,
    attribution_lines: list | None = None,
    needs_review: bool = False,
    review_note: str = "",
) -> tuple[Article, bool]:
    """Store an article once per normalised text and outlet; the same text again from it returns the stored one.

    The same text from another outlet is another article (a copy, linked by text reuse).
    """
    if not body or body.isspace():  # not body.strip(): no copy of a book-length text
        raise ProvenanceError("an article needs a body text")
    digest = text_hash(body)
    # One INSERT ... ON CONFLICT DO NOTHING (the text once per outlet), no savepoint: nothing here is
    # retried, and a failure undoes the caller's transaction anyway.
    with transaction.atomic(savepoint=False), _parameters_sent_apart():
        article = Article(
            title=title.strip()[:1000] or "(untitled)",
            body=body,
            language=language or "und",
            outlet=outlet,
            carrier=carrier,
            url=url,
            published=published,
            published_precision=published_precision if published else "",
            capture=capture,
            position_in_capture=position_in_capture,
            attribution_lines=attribution_lines or [],
            needs_review=needs_review,
            review_note=review_note,
            text_hash=digest,
        )
        if not insert_unless_taken(article):
            return Article.objects.get(text_hash=digest, outlet=outlet), False
        through = Article.authors.through
        through.objects.bulk_create(
            [through(article_id=article.pk, author_id=author.pk) for author in dict.fromkeys(authors)]
        )
    return article, True


def _dates_contradict(derived: Article, source: Article) -> bool:
    """True when the source was surely published after the derived article (by their date precision)."""
    from provenance.text.reuse import publication_window

    derived_window = publication_window(derived.published, derived.published_precision)
    source_window = publication_window(source.published, source.published_precision)
    return bool(derived_window and source_window and source_window[0] > derived_window[1])


def check_derivation(
    *,
    derived: Article,
    source_article: Article | None = None,
    source_outlet: Source | None = None,
    kind: str = Derivation.Kind.REPUBLICATION,
    evidence: str = Derivation.Evidence.MANUAL,
    status: str = Derivation.Status.PROPOSED,
) -> Derivation | None:
    """Raise ProvenanceError when the edge cannot be added; return the existing edge between the same ends.

    Refused: no source or two, itself as source, an unknown article, a source published after the
    derived article (by their date precision), an edge that would close a cycle.
    """
    if (source_article is None) == (source_outlet is None):
        raise ProvenanceError("a derivation needs exactly one source: an article or an outlet")
    if kind not in Derivation.Kind.values:
        raise ProvenanceError(f"unknown derivation kind {kind!r}")
    if evidence not in Derivation.Evidence.values:
        raise ProvenanceError(f"unknown derivation evidence {evidence!r}")
    if status not in Derivation.Status.values:
        raise ProvenanceError(f"unknown derivation status {status!r}")
    if source_outlet is not None:
        return Derivation.objects.filter(derived=derived, source_outlet=source_outlet).first()
    if source_article.pk == derived.pk:
        raise ProvenanceError(f"article {derived.pk} cannot be derived from itself")
    ends = {
        a.pk: a
        for a in Article.objects.filter(pk__in=[derived.pk, source_article.pk]).only(
            "id", "published", "published_precision"
        )
    }
    missing = sorted({derived.pk, source_article.pk} - set(ends))
    if missing:
        raise ProvenanceError(f"unknown article id(s): {', '.join(map(str, missing))}")
    existing = Derivation.objects.filter(derived=derived, source_article=source_article).first()
    if existing is not None:
        return existing
    if status == Derivation.Status.REJECTED:
        return None
    derived_end, source_end = ends[derived.pk], ends[source_article.pk]
    if _dates_contradict(derived_end, source_end):
        raise ProvenanceError(
            f"article {derived.pk} (published {derived_end.published}) cannot be derived from article "
            f"{source_article.pk}, published later ({source_end.published}): swap the direction or fix the dates"
        )
    if is_ancestor(derived.pk, of=source_article.pk):
        raise ProvenanceError(
            f"article {derived.pk} cannot be derived from article {source_article.pk}: "
            f"article {source_article.pk} is already derived from article {derived.pk}, "
            "so the edge would close a cycle"
        )
    return None


@transaction.atomic
def add_derivation(
    *,
    derived: Article,
    source_article: Article | None = None,
    source_outlet: Source | None = None,
    kind: str = Derivation.Kind.REPUBLICATION,
    evidence: str = Derivation.Evidence.MANUAL,
    evidence_text: str = "",
    score: float | None = None,
    passages: list | None = None,
    status: str = Derivation.Status.PROPOSED,
    needs_review: bool = False,
    created_by=None,
) -> tuple[Derivation, bool]:
    """Record that derived was taken from source_article (or source_outlet); see check_derivation for refusals.

    An existing edge between the same two ends is returned unchanged: a person's earlier
    decision always outranks a detector that finds the edge again.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DERIVATION_GRAPH_LOCK])
    existing = check_derivation(
        derived=derived,
        source_article=source_article,
        source_outlet=source_outlet,
        kind=kind,
        evidence=evidence,
        status=status,
    )
    if existing is not None:
        return existing, False
    decided = status != Derivation.Status.PROPOSED
    derivation = Derivation.objects.create(
        derived=derived,
        source_article=source_article,
        source_outlet=source_outlet,
        kind=kind,
        evidence=evidence,
        evidence_text=evidence_text,
        score=score,
        passages=passages or [],
        status=status,
        needs_review=needs_review,
        created_by=created_by,
        decided_by=created_by if decided else None,
        decided_at=timezone.now() if decided else None,
    )
    if decided:
        transaction.on_commit(
            lambda: derivations_decided.send(
                sender=Derivation, derivation_ids=[derivation.pk], status=status, decided_by=created_by
            )
        )
    return derivation, True


@transaction.atomic
def decide_derivations(*, derivation_ids: Iterable[int], status: str, decided_by=None) -> int:
    """Confirm or reject edges; confirming an edge that would close a cycle is refused."""
    if status not in (Derivation.Status.CONFIRMED, Derivation.Status.REJECTED):
        raise ProvenanceError(f"a decision is 'confirmed' or 'rejected', not {status!r}")
    ids = list(derivation_ids)
    found = Derivation.objects.filter(pk__in=ids)
    missing = set(ids) - set(found.values_list("pk", flat=True))
    if missing:
        raise ProvenanceError(f"unknown derivation id(s): {', '.join(map(str, sorted(missing)))}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DERIVATION_GRAPH_LOCK])
    if status == Derivation.Status.CONFIRMED:
        for edge in found.filter(status=Derivation.Status.REJECTED, source_article__isnull=False):
            if is_ancestor(edge.derived_id, of=edge.source_article_id):
                raise ProvenanceError(f"confirming derivation {edge.pk} would close a cycle")
    count = found.update(status=status, decided_by=decided_by, decided_at=timezone.now(), needs_review=False)
    transaction.on_commit(
        lambda: derivations_decided.send(
            sender=Derivation, derivation_ids=sorted(ids), status=status, decided_by=decided_by
        )
    )
    return count


def update_detected_derivation(
    *, derivation: Derivation, kind: str, score: float, passages: list, needs_review: bool, evidence_text: str
) -> bool:
    """Refresh a detector's edge with new evidence; True when something changed.

    Only proposed text-reuse edges change. An edge from other evidence only gains a score and
    passages it lacked; an edge a person decided is never touched.
    """
    if derivation.status != Derivation.Status.PROPOSED:
        return False
    if derivation.evidence != Derivation.Evidence.TEXT_REUSE:
        if derivation.score is not None or derivation.passages:
            return False
        changes = {"score": score, "passages": passages}
    else:
        changes = {
            "kind": kind,
            "score": score,
            "passages": passages,
            "needs_review": needs_review,
            "evidence_text": evidence_text,
        }
    changes = {name: value for name, value in changes.items() if getattr(derivation, name) != value}
    if not changes:
        return False
    for name, value in changes.items():
        setattr(derivation, name, value)
    derivation.save(update_fields=list(changes))
    return True


@transaction.atomic
def withdraw_derivations(*, derivation_ids: Iterable[int]) -> int:
    """Remove detector edges the evidence no longer supports; decided or other edges are kept."""
    edges = Derivation.objects.filter(
        pk__in=list(derivation_ids), evidence=Derivation.Evidence.TEXT_REUSE, status=Derivation.Status.PROPOSED
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DERIVATION_GRAPH_LOCK])
    count = 0
    for edge in edges:  # one by one, so history records each removal
        edge.delete()
        count += 1
    return count


@transaction.atomic
def set_derivation_kind(*, derivation: Derivation, kind: str, decided_by=None) -> Derivation:
    """A person corrects the kind of an edge; the edge counts as confirmed by them from then on."""
    if kind not in Derivation.Kind.values:
        raise ProvenanceError(f"unknown derivation kind {kind!r}")
    if derivation.kind == kind:
        return derivation
    derivation.kind = kind
    fields = ["kind"]
    if derivation.status == Derivation.Status.PROPOSED:
        derivation.status = Derivation.Status.CONFIRMED
        derivation.decided_by, derivation.decided_at, derivation.needs_review = decided_by, timezone.now(), False
        fields += ["status", "decided_by", "decided_at", "needs_review"]
    derivation.save(update_fields=fields)
    return derivation


def flag_for_review(*, article: Article, note: str) -> None:
    """Add a note a person should read to an article's review notes, and flag it (one statement)."""
    from django.db.models import Case, F, TextField, Value, When
    from django.db.models.functions import Concat

    Article.objects.filter(pk=article.pk).update(
        needs_review=True,
        review_note=Case(
            When(review_note="", then=Value(note)),
            default=Concat(F("review_note"), Value("; " + note), output_field=TextField()),
            output_field=TextField(),
        ),
    )


DECIDE_PERMISSION = "provenance.decide_derivation"


@transaction.atomic
def add_derivation_by_person(
    *,
    derived: Article,
    person,
    source_article: Article | None = None,
    source_outlet: Source | None = None,
    kind: str = Derivation.Kind.REPUBLICATION,
    evidence_text: str = "",
    status: str = "",
) -> Derivation:
    """A person's new edge: a reviewer's is decided (confirmed unless they chose rejected), an annotator's proposed."""
    if not person.has_perm(DECIDE_PERMISSION):
        status = Derivation.Status.PROPOSED  # an annotator proposes; a reviewer decides
    elif status in ("", Derivation.Status.PROPOSED):
        status = Derivation.Status.CONFIRMED  # a reviewer adding an edge has decided it
    edge, _ = add_derivation(
        derived=derived,
        source_article=source_article,
        source_outlet=source_outlet,
        kind=kind or Derivation.Kind.REPUBLICATION,
        evidence=Derivation.Evidence.MANUAL,
        evidence_text=evidence_text,
        status=status,
        created_by=person,
    )
    return edge


@transaction.atomic
def correct_derivation_by_person(
    *, derivation: Derivation, person, kind: str | None = None, status: str | None = None
) -> Derivation:
    """A person's change to a stored edge: its kind, and (reviewers only) a decision to confirm or reject it."""
    if kind is not None and kind != derivation.kind:
        derivation = set_derivation_kind(derivation=derivation, kind=kind, decided_by=person)
    if status and status != Derivation.Status.PROPOSED and person.has_perm(DECIDE_PERMISSION):
        decide_derivations(derivation_ids=[derivation.pk], status=status, decided_by=person)
        derivation.refresh_from_db()
    return derivation
