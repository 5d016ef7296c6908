"""Writes about sources: create, alias, affiliate, grade."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from sources.models import Author, Source, SourceAlias, SourceDomain
from sources.names import domain_key, name_key
from sources.selectors import author_by_name, source_by_name


class SourceError(ValueError):
    """A change to sources that cannot be made; the message says why."""


def unique_slug(name: str) -> str:
    """A slug for name that no source uses yet."""
    base = slugify(name, allow_unicode=True)[:180] or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _ensure_key_free(key: str, *, allow: Source | None = None) -> None:
    taken = Source.objects.filter(Q(key=key) | Q(aliases__key=key)).exclude(pk=getattr(allow, "pk", None)).first()
    if taken is not None:
        raise SourceError(f"the name is already used by the source {taken.name!r}")


@transaction.atomic
def create_source(
    *,
    name: str,
    kind: str = Source.Kind.OUTLET,
    slug: str = "",
    country: str = "",
    homepage: str = "",
    grade: str = Source.Grade.F,
    parent: Source | None = None,
    notes: str = "",
    aliases: Iterable[str] = (),
    domains: Iterable[str] = (),
    needs_review: bool = False,
) -> Source:
    """Create a source with its aliases and domains; names and domains must be free."""
    key = name_key(name)
    if not key:
        raise SourceError(f"a source needs a name with letters or digits, got {name!r}")
    _ensure_key_free(key)
    source = Source.objects.create(
        name=name.strip(),
        slug=slug or unique_slug(name),
        kind=kind,
        country=country,
        homepage=homepage,
        grade=grade,
        parent=parent,
        notes=notes,
        needs_review=needs_review,
    )
    for alias in aliases:
        add_alias(source=source, name=alias)
    for domain in domains:
        add_domain(source=source, domain=domain)
    return source


@transaction.atomic
def add_alias(*, source: Source, name: str) -> SourceAlias | None:
    """Give source another name; a name that already means this source is a no-op."""
    key = name_key(name)
    if not key:
        raise SourceError(f"an alias needs letters or digits, got {name!r}")
    if key == source.key or source.aliases.filter(key=key).exists():
        return None
    _ensure_key_free(key)
    return SourceAlias.objects.create(source=source, name=name.strip())


@transaction.atomic
def add_domain(*, source: Source, domain: str) -> SourceDomain | None:
    """Record that source publishes on domain."""
    host = domain_key(domain)
    if not host:
        raise SourceError(f"not a domain: {domain!r}")
    existing = SourceDomain.objects.filter(domain=host).select_related("source").first()
    if existing is not None:
        if existing.source_id != source.pk:
            raise SourceError(f"the domain {host} already belongs to {existing.source.name!r}")
        return None
    return SourceDomain.objects.create(source=source, domain=host)


def get_or_create_source(*, name: str, kind: str = Source.Kind.OUTLET, **fields) -> tuple[Source, bool]:
    """The source known by this name or alias, or a new one flagged for review."""
    existing = source_by_name(name)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create_source(name=name, kind=kind, needs_review=True, **fields), True
    except (SourceError, IntegrityError):
        existing = source_by_name(name)  # created concurrently by another process
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def set_parent(*, source: Source, parent: Source | None) -> Source:
    """Affiliate source under parent; refuses a loop in the affiliation tree."""
    if parent is not None:
        ancestor: Source | None = parent
        seen = set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == source.pk:
                raise SourceError(f"{parent.name!r} is already part of {source.name!r}: affiliation cannot loop")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    source.parent = parent
    source.save(update_fields=["parent"])
    return source


def set_grade(*, sources: Iterable[Source] | None = None, source_ids: Iterable[int] = (), grade: str) -> int:
    """Set the reliability grade of many sources at once; returns how many changed."""
    if grade not in Source.Grade.values:
        raise SourceError(f"unknown reliability grade {grade!r}; use one of {', '.join(Source.Grade.values)}")
    ids = {s.pk for s in sources or ()} | set(source_ids)
    return Source.objects.filter(pk__in=ids).exclude(grade=grade).update(grade=grade)


@transaction.atomic
def get_or_create_author(*, name: str, outlet: Source | None = None) -> tuple[Author, bool]:
    """The author known by this name or alias (linked to outlet), or a new one flagged for review."""
    author = author_by_name(name)
    created = author is None
    if author is None:
        if not name_key(name):
            raise SourceError(f"an author needs a name with letters, got {name!r}")
        try:
            with transaction.atomic():
                author = Author.objects.create(name=name.strip(), needs_review=True)
        except IntegrityError:
            author = author_by_name(name)  # created concurrently by another worker
            if author is None:
                raise
            created = False
    if outlet is not None:
        author.outlets.add(outlet)
    return author, created
