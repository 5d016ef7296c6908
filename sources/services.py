"""Writes about sources: create, alias, affiliate, grade."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.db.models.constants import OnConflict
from django.utils.text import slugify

from sources.models import Author, Source, SourceAlias, SourceDomain
from sources.names import domain_key, name_key
from sources.selectors import author_by_name, authors_by_keys, source_by_name


class SourceError(ValueError):
    """A change to sources that cannot be made; the message says why."""


def _slug_base(name: str) -> str:
    return slugify(name, allow_unicode=True)[:180] or "source"


def unique_slug(name: str) -> str:
    """A slug for name that no source uses yet."""
    base = _slug_base(name)
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
    return _create_source(**locals())


def _create_source(
    *,
    name: str,
    slug: str = "",
    aliases: Iterable[str] = (),
    domains: Iterable[str] = (),
    key_checked: bool = False,
    **fields: Any,
) -> Source:
    """create_source without a transaction of its own: for callers holding one with its savepoint."""
    key = name_key(name)
    if not key:
        raise SourceError(f"a source needs a name with letters or digits, got {name!r}")
    if not key_checked:
        _ensure_key_free(key)
    source = Source.objects.create(name=name.strip(), slug=slug or unique_slug(name), **fields)
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
    key = name_key(name)
    if not key:
        raise SourceError(f"a source needs a name with letters or digits, got {name!r}")
    source = Source(name=name.strip(), key=key, slug=_slug_base(name), kind=kind, needs_review=True, **fields)
    if insert_unless_taken(source):  # the usual case, a free name and slug: one statement, no savepoint
        return source, True
    try:  # the slug is another source's (or the name was taken meanwhile): the careful way
        with transaction.atomic():  # the savepoint a concurrent creation's IntegrityError is retried from
            # the name was looked up just above: its key is free but for a race, which the constraint catches
            return _create_source(name=name, kind=kind, needs_review=True, key_checked=True, **fields), True
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


def insert_unless_taken(instance: Model) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: True (with instance's id set) when the row was stored,
    False when a unique constraint holds it already. One statement: no lookup first, no savepoint for the race."""
    model = type(instance)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    (row,) = model._default_manager._insert(
        [instance], fields=fields, returning_fields=[model._meta.pk], on_conflict=OnConflict.IGNORE
    )
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, model._default_manager.db
    return True


def create_author(*, name: str) -> tuple[Author, bool]:
    """A new author flagged for review, in one INSERT ... ON CONFLICT DO NOTHING (no savepoint for the race);
    an author of that name created meanwhile by another process is returned instead, with False."""
    key = name_key(name)
    if not key:
        raise SourceError(f"an author needs a name with letters, got {name!r}")
    author = Author(name=name.strip(), key=key, needs_review=True)
    if insert_unless_taken(author):
        return author, True
    existing = author_by_name(name)
    if existing is None:
        raise SourceError(f"the author {name!r} could not be stored")
    return existing, False


def link_authors(*, authors: Iterable[Author], outlet: Source) -> None:
    """Record that these authors write for outlet (links already there are kept): one statement."""
    through = Author.outlets.through
    links = [through(author_id=author.pk, source_id=outlet.pk) for author in authors]
    through.objects.bulk_create(links, ignore_conflicts=True)


def get_or_create_authors(*, names: Sequence[str], outlet: Source | None = None) -> tuple[list[Author], list[Author]]:
    """The authors known by these names or aliases (linked to outlet), new ones flagged for review; and the new.

    One lookup for them all, one INSERT ... ON CONFLICT DO NOTHING per new author (an author created
    meanwhile by another process is taken instead), one statement for the outlet links. A name
    repeated (or two spellings of one key) gives one author. Raises SourceError for a name without letters.
    """
    wanted: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if not key:
            raise SourceError(f"an author needs a name with letters, got {name!r}")
        wanted.setdefault(key, name)
    found = authors_by_keys(list(wanted))
    created: list[Author] = []
    for key, name in wanted.items():
        if key not in found:
            found[key], is_new = create_author(name=name)
            if is_new:
                created.append(found[key])
    authors = [found[key] for key in wanted]
    if outlet is not None and authors:
        link_authors(authors=list(dict.fromkeys(authors)), outlet=outlet)
    return authors, created


def get_or_create_author(*, name: str, outlet: Source | None = None) -> tuple[Author, bool]:
    """The author known by this name or alias (linked to outlet), or a new one flagged for review."""
    (author,), created = get_or_create_authors(names=[name], outlet=outlet)
    return author, bool(created)
