"""Ingest one page: refuse what is not an article page, keep the bytes, store its articles and their derivations.

ingest_file refuses what is not a text page (empty, binary, too big, undecodable, no article)
before anything is stored; keeps the accepted bytes as a Capture; reads the page into article
drafts (provenance.text.pipeline); stores each article in its own transaction with its outlet,
authors and the derivations its attribution lines support; then indexes it for text reuse and
announces the file's new articles (provenance.signals.article_stored) once their transaction commits.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F

from provenance.credits import record_pending_credit, resolve_credits
from provenance.crosslang import detect_translations
from provenance.house_style import record_house_style
from provenance.ingestion.accept import IncomingFile, IngestError, accept_bytes
from provenance.models import Article, BoilerplatePattern, Capture, Derivation, PendingCredit
from provenance.reuse import index_new_article
from provenance.services import ProvenanceError, add_derivation, create_article, store_capture
from provenance.signals import article_stored
from provenance.text import reuse as text_reuse
from provenance.text.boilerplate import Pattern, PatternError, PatternSet
from provenance.text.decode import DecodeError, decode_bytes
from provenance.text.detect import DerivationDraft, Named
from provenance.text.extract import ExtractError
from provenance.text.normalise import word_count
from provenance.text.outlets import OutletDirectory, OutletEntry
from provenance.text.pipeline import ArticleDraft, NoArticleError, analyse_page
from sources.models import Author, Source
from sources.names import name_key
from sources.selectors import source_by_domain
from sources.services import (
    SourceError,
    add_alias,
    add_domain,
    get_or_create_authors,
    get_or_create_source,
    link_authors,
)

MAX_NAME_LENGTH = 120  # longer "names" read from a page are sentences, not sources


@dataclass
class IngestedArticle:
    """One article stored (created) or recognised (already known) from a file."""

    file: str
    article: Article
    created: bool
    position: int = 0
    derivations: list[Derivation] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # work left to jobs when it was announced ("claim proposals")
    authors: list[str] | None = None  # the author names, when already in hand (the report then reads nothing again)


@dataclass
class FileResult:
    """What ingesting one file gave: its articles, or the error that stopped it."""

    file: str
    articles: list[IngestedArticle] = field(default_factory=list)
    error: str | None = None


# --- the run's knowledge of sources and boilerplate -------------------------------------------------

_KIND_WORDS = (
    ("news agency", Source.Kind.NEWS_AGENCY),
    ("agency", Source.Kind.NEWS_AGENCY),
    ("observatory", Source.Kind.MONITOR),
    ("monitor", Source.Kind.MONITOR),
    ("ministry", Source.Kind.MINISTRY),
    ("blog", Source.Kind.BLOG),
)


def guess_kind(name: str) -> str:
    """The kind of a source met for the first time, from its name ("... News Agency" is an agency)."""
    lowered = name.casefold()
    for word, kind in _KIND_WORDS:
        if word in lowered:
            return kind
    return Source.Kind.OUTLET


class IngestContext:
    """What one ingestion run knows: outlets (built-in and database), boilerplate patterns, sources met.

    Build one per run (or per file); it reads sources and patterns once, and learns the sources it
    creates, so the next file of the run recognises them.
    """

    def __init__(self) -> None:
        known = list(Source.objects.prefetch_related("aliases", "domains"))
        entries = [
            OutletEntry(
                name=source.name,
                aliases=tuple(alias.name for alias in source.aliases.all()),
                domains=tuple(domain.domain for domain in source.domains.all()),
                kind=source.kind,
                country=source.country,
                source_id=source.pk,
            )
            for source in known
        ]
        self.directory = OutletDirectory.with_defaults(entries)
        # The stored sources by id and by the keys of their names and aliases, as read at the start:
        # a name met again costs no query (sources_by_name would find what these hold).
        self._stored: dict[int, Source] = {source.pk: source for source in known}
        self._stored_keys: dict[str, int] = {}
        for source in known:
            self._stored_keys[source.key] = source.pk
            for alias in source.aliases.all():
                self._stored_keys.setdefault(alias.key, source.pk)
        self.sources: dict[str, Source] = {}
        self.authors: dict[tuple[str, int | None], Author] = {}
        self.warnings: list[str] = []
        generic: list[Pattern] = []
        self.outlet_patterns: dict[int, list[Pattern]] = {}
        for row in BoilerplatePattern.objects.filter(is_active=True).only(
            "outlet_id", "kind", "pattern", "description"
        ):
            pattern = Pattern(row.kind, row.pattern, row.description or f"admin pattern {row.pk}")
            try:
                pattern.compiled  # noqa: B018 - a bad row is skipped with a warning, not fatal
            except PatternError as error:
                self.warnings.append(str(error))
                continue
            if row.outlet_id is None:
                generic.append(pattern)
            else:
                self.outlet_patterns.setdefault(row.outlet_id, []).append(pattern)
        self.patterns = PatternSet().extended(generic)

    def forget(self) -> None:
        """Drop the sources and authors remembered from earlier files (after a rolled-back write)."""
        self.sources.clear()
        self.authors.clear()

    def authors_for(self, names: Sequence[str], *, outlet: Source | None) -> tuple[list[Author], list[Author]]:
        """The Authors of these names (linked to outlet) and those of them new (flagged for review); remembered
        for the run, so a name met again costs nothing. Raises SourceError for a name with no letters."""
        outlet_id = outlet.pk if outlet else None
        keys = [name_key(name) for name in names]
        missing: dict[str, str] = {}
        for key, name in zip(keys, names, strict=True):
            if (key, outlet_id) not in self.authors:
                missing.setdefault(key, name)
        found, created = get_or_create_authors(names=list(missing.values()), outlet=outlet)
        for key, author in zip(missing, found, strict=True):
            self.authors[key, outlet_id] = author
        return [self.authors[key, outlet_id] for key in dict.fromkeys(keys)], created

    def source_for_entry(self, entry: OutletEntry) -> Source | None:
        """The Source of a directory entry (created for review when new), or None when it cannot be recorded."""
        try:
            return self.source(Named(entry.name, entry))
        except SourceError:
            return None

    def patterns_for(self, named: Named) -> list[Pattern]:
        source_id = named.entry.source_id if named.entry else None
        if source_id is None:
            source = self.sources.get(named.key)
            source_id = source.pk if source else None
        return self.outlet_patterns.get(source_id, []) if source_id else []

    def source(self, named: Named, *, kind: str | None = None) -> Source:
        """The Source for a name met on a page: found by id, name, alias or domain, else created for review."""
        key = named.key
        if key in self.sources:
            return self.sources[key]
        if len(named.canonical) > MAX_NAME_LENGTH:
            raise SourceError(f"the name {named.canonical[:40]!r}... is too long for a source")
        entry = named.entry
        found: Source | None = None
        if entry is not None and entry.source_id is not None:
            found = self._stored.get(entry.source_id) or Source.objects.filter(pk=entry.source_id).first()
        if found is None:  # a stored source by its name or alias, as read at the start (no query)
            stored = self._stored_keys.get(key) or self._stored_keys.get(name_key(named.name))
            found = self._stored.get(stored) if stored else None
        if found is None and named.url:
            found = source_by_domain(named.url)
        if found is None and entry is not None:
            found = next(filter(None, (source_by_domain(domain) for domain in entry.domains)), None)
        if found is None:
            found, created = get_or_create_source(
                name=named.canonical,
                kind=kind or (entry.kind if entry else guess_kind(named.canonical)),
                country=entry.country if entry else "",
            )
            if created and entry is None and named.url:
                with contextlib.suppress(SourceError):  # the domain is another source's already
                    add_domain(source=found, domain=named.url)  # a site credited by its address
            if created and entry is not None:
                for alias in {*entry.aliases, named.name} - {found.name}:
                    try:
                        add_alias(source=found, name=alias)
                    except SourceError:
                        continue  # the alias already names another source: keep them apart
                for domain in entry.domains:
                    try:
                        add_domain(source=found, domain=domain)
                    except SourceError:
                        continue
            if created:
                self.directory.add(
                    OutletEntry(
                        name=found.name,
                        aliases=entry.aliases if entry else (),
                        domains=entry.domains if entry else (),
                        kind=found.kind,
                        source_id=found.pk,
                    )
                )
        self.sources[key] = found
        return found


# --- one file ----------------------------------------------------------------------------------------


def _original_article(source: Source, title: str, exclude: Article) -> Article | None:
    """The source outlet's own article with this title that shares text with exclude, when it is stored.

    A title alone is not enough: a site's other pages may carry the same title (a section's name).
    """
    same_title = (
        Article.objects.filter(outlet=source, title__iexact=title.strip())
        .exclude(pk=exclude.pk)
        .order_by(F("carrier").asc(nulls_first=True), "published", "id")
    )
    copy = None
    for candidate in same_title[:20]:
        copy = copy or text_reuse.fingerprint(exclude.body, bands=False)
        if text_reuse.compare(copy, text_reuse.fingerprint(candidate.body, bands=False)).is_reuse:
            return candidate
    return None


def _store_derivation(
    *,
    article: Article,
    draft: DerivationDraft,
    context: IngestContext,
    notes: list[str],
    created_by,
    pending: list[PendingCredit],
) -> Derivation | None:
    try:
        source = context.source(draft.source)
    except SourceError as error:
        notes.append(f"could not record the source {draft.source.name!r}: {error}")
        return None
    original = _original_article(source, article.title, article)
    fields = {
        "derived": article,
        "kind": draft.kind,
        "evidence": draft.evidence,
        "evidence_text": draft.evidence_text[:2000],
        "needs_review": draft.needs_review,
        "created_by": created_by,
    }
    try:
        if original is not None:
            derivation, _ = add_derivation(source_article=original, **fields)
            return derivation
    except ProvenanceError as error:
        notes.append(f"not linked to article {original.pk}: {error}")
    if article.outlet_id == source.pk and draft.kind != Derivation.Kind.AGGREGATION:
        return None
    if draft.kind != Derivation.Kind.AGGREGATION:
        # the original is not stored (or not found by its title): the edge waits for it
        credit = record_pending_credit(
            article=article,
            source=source,
            url=draft.source.url,
            evidence=draft.evidence,
            evidence_text=draft.evidence_text,
        )
        if credit is not None and credit not in pending:
            pending.append(credit)
    derivation, _ = add_derivation(source_outlet=source, **fields)
    return derivation


def _outlet_from_authors(authors: Sequence[Author]) -> Source | None:
    """The one outlet the article's known authors write for, if they name exactly one."""
    if not authors:
        return None
    outlets = list(Source.objects.filter(authors__in=authors).distinct()[:2])  # one query for them all
    return outlets[0] if len(outlets) == 1 else None


def _too_long_for_text_reuse(article: Article) -> str:
    """A note for a person when the text is over TEXT_REUSE_MAX_WORDS, else "".

    Fingerprinting holds every word and shingle of the text in memory at once (about 150 bytes a
    word): a book-length upload would take most of a worker's memory for matches of little meaning.
    """
    limit = settings.TEXT_REUSE_MAX_WORDS
    words = word_count(article.body)
    if words <= limit:
        return ""
    return (
        f"text reuse not checked: the text has {words:,} words, over the limit of {limit:,} (TEXT_REUSE_MAX_WORDS); "
        f"run `manage.py detect_reuse {article.pk}` to check it"
    )


def _store_draft(
    *,
    draft: ArticleDraft,
    capture: Capture,
    carrier: Source | None,
    context: IngestContext,
    file: str,
    received_by,
) -> IngestedArticle:
    notes = list(draft.review_notes)
    # No savepoint: a failure fails the whole file, whose caller rolls back (a batch item, a file).
    with transaction.atomic(savepoint=False):
        outlet = None
        if draft.outlet is not None:
            try:
                outlet = context.source(draft.outlet)
            except SourceError as error:
                notes.append(f"outlet {draft.outlet.name!r} not recorded: {error}")
        names = []
        for name in draft.authors:
            if len(name) > MAX_NAME_LENGTH:
                continue
            if not name_key(name):
                notes.append(f"an author needs a name with letters, got {name!r}")
                continue
            names.append(name)
        try:
            authors, new_authors = context.authors_for(names, outlet=outlet)
        except SourceError as error:
            notes.append(str(error))
            authors, new_authors = [], []
        if outlet is None:
            known = [author for author in authors if author not in new_authors]
            outlet = _outlet_from_authors(known)
            if outlet is not None:
                notes = [note for note in notes if note != "no outlet named on the page"]
                notes.append(f"outlet {outlet.name} inferred from the author's only known outlet")
                if new_authors:
                    link_authors(authors=new_authors, outlet=outlet)
        article, created = create_article(
            title=draft.title,
            body=draft.body,
            language=draft.language,
            outlet=outlet,
            carrier=carrier,
            authors=authors,
            url=draft.url if len(draft.url) <= 2000 else "",
            published=draft.published,
            published_precision=draft.precision or Article.DatePrecision.DAY,
            capture=capture,
            position_in_capture=draft.position,
            attribution_lines=[attribution.as_json() for attribution in draft.attributions],
            needs_review=bool(notes),
            review_note="; ".join(dict.fromkeys(notes)),
        )
        derivations: list[Derivation] = []
        if created:
            before = len(notes)
            pending: list[PendingCredit] = []
            for derivation_draft in draft.derivations:
                derivation = _store_derivation(
                    article=article,
                    draft=derivation_draft,
                    context=context,
                    notes=notes,
                    created_by=received_by,
                    pending=pending,
                )
                if derivation is not None:
                    derivations.append(derivation)
            too_long = _too_long_for_text_reuse(article)
            if too_long:
                notes.append(too_long)
            if len(notes) > before:
                article.needs_review = True
                article.review_note = "; ".join(dict.fromkeys(notes))
                article.save(update_fields=["needs_review", "review_note"])
            # The index and the edges text reuse finds commit with the article, so whoever hears
            # article_stored sees the article's whole chain, whatever the entry point.
            if not too_long:
                index_new_article(article=article, edges=derivations)
            detect_translations(article=article)
            resolve_credits(article=article, pending=pending)
            record_house_style(
                article=article,
                directory=context.directory,
                source_for=context.source_for_entry,
                furniture=draft.furniture,
            )
    return IngestedArticle(
        file=file,
        article=article,
        created=created,
        position=draft.position,
        derivations=derivations,
        authors=[author.name for author in authors] if created else None,
    )


def check_url(url: str) -> str:
    """The address a page was saved from, checked: http(s), with a host, at most 2000 characters."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(url) > 2000:
        raise ValueError(
            f"not a web address: {url[:100]!r} (give an http:// or https:// URL of at most 2000 characters)"
        )
    return url


def _known_articles(capture: Capture, filename: str) -> list[IngestedArticle]:
    """The articles an earlier ingest of these very bytes stored (whichever capture of them), with their outlet
    and authors, so the file's report reads them no more: one query, and one for the authors when there are some."""
    articles = (
        Article.objects.filter(capture__sha256=capture.sha256)
        .select_related("outlet")
        .prefetch_related("authors")
        .order_by("position_in_capture", "id")
    )
    return [
        IngestedArticle(
            file=filename,
            article=article,
            created=False,
            position=article.position_in_capture,
            authors=[author.name for author in article.authors.all()],
        )
        for article in articles
    ]


def _store(incoming: IncomingFile, *, url: str | None, received_by, looked_up: bool = False) -> tuple[Capture, bool]:
    return store_capture(
        looked_up=looked_up,
        data=incoming.data,
        media_type=incoming.media_type,
        encoding=incoming.encoding,
        filename=incoming.filename,
        url=url or "",
        received_by=received_by,
        web=incoming.web,
    )


def ingest_capture(
    *,
    incoming: IncomingFile,
    capture: Capture | None = None,
    outlet_name: str | None = None,
    url: str | None = None,
    received_by=None,
    context: IngestContext | None = None,
) -> list[IngestedArticle]:
    """Read accepted bytes into articles and store them; raise IngestError when they hold no article.

    Every way in ends here. An upload's capture was kept when it was accepted (we hold the only
    copy) and is passed in; a page from the web (an archive's record, a fetch) is kept at once; a
    file read from disk is kept as a capture only once it yields an article. Bytes already ingested
    (under any capture) return their articles without being read again. Each article
    is stored with its derivations and text-reuse index in one transaction; the new ones are
    announced (article_stored) once those commit.
    """
    filename = incoming.filename
    if not url and incoming.web is not None and incoming.web.url.startswith(("http://", "https://")):
        url = incoming.web.url
    if url:
        try:
            check_url(url)
        except ValueError as error:
            raise IngestError(filename, str(error)) from error
    if capture is None and incoming.web is not None:  # a page from the web is kept, whatever it yields
        capture, _ = _store(incoming, url=url, received_by=received_by)
    if capture is None:
        capture = Capture.objects.filter(sha256=hashlib.sha256(incoming.data).hexdigest()).first()
    if capture is not None:
        known = _known_articles(capture, filename)
        if known:
            return known
    try:
        decoded = decode_bytes(incoming.data, filename=filename, declared_encoding=incoming.encoding)
    except DecodeError as error:
        raise IngestError(filename, str(error)) from error
    context = context or IngestContext()
    try:
        analysis = analyse_page(
            decoded.text,
            media_type=decoded.media_type,
            directory=context.directory,
            patterns=context.patterns,
            patterns_for=context.patterns_for,
            outlet_name=outlet_name,
            url=url or "",
            warnings=decoded.warnings,
        )
    except (NoArticleError, ExtractError) as error:
        raise IngestError(filename, str(error)) from error
    if capture is None:  # looked up above: no capture of these bytes
        capture, _ = _store(incoming, url=url, received_by=received_by, looked_up=True)
    carrier = None
    if analysis.carrier is not None:
        carrier = context.source(analysis.carrier, kind=Source.Kind.BLOG)
    stored: list[IngestedArticle] = []
    try:
        for draft in analysis.drafts:
            stored.append(
                _store_draft(
                    draft=draft,
                    capture=capture,
                    carrier=carrier,
                    context=context,
                    file=filename,
                    received_by=received_by,
                )
            )
    finally:  # articles stored before a failure are announced too, once (and if) they commit
        _announce_after_commit([entry for entry in stored if entry.created])
    return stored


def _announce_after_commit(entries: list[IngestedArticle]) -> None:
    """Send article_stored for each new article once their transaction commits, together.

    The receivers run inside one transaction of their own, so what they leave for later on commit
    (one claim-proposal job, one status check) is gathered over the file's articles, not one per
    article. What a receiver queued, it returns in words; each entry keeps it for the report.
    """
    if not entries:
        return

    def announce() -> None:
        with transaction.atomic():
            for entry in entries:
                responses = article_stored.send(sender=Article, article=entry.article)
                entry.queued.extend(response for _, response in responses if isinstance(response, str))

    transaction.on_commit(announce)


def ingest_file(
    *,
    data: bytes,
    filename: str,
    outlet_name: str | None = None,
    url: str | None = None,
    received_by=None,
    context: IngestContext | None = None,
) -> list[IngestedArticle]:
    """Accept one page's bytes and ingest them (accept_bytes, then ingest_capture); nothing is stored on refusal."""
    return ingest_capture(
        incoming=accept_bytes(filename, data),
        outlet_name=outlet_name,
        url=url,
        received_by=received_by,
        context=context,
    )
