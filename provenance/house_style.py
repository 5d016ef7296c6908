"""Suggested outlets from house style: learn each outlet's habits from its articles, suggest one where none is named.

An article's house-style cues (provenance.text.house_style) are stored when it is stored
(record_house_style). Articles whose outlet is known teach: a cue written by one outlet's own
articles (not their copies of others) points to that outlet. An article that names no outlet gets
an OutletSuggestion with its evidence, flagged for review, never its outlet until a person
accepts it (accept_outlet_suggestion) or dismisses it. A text that names its outlet in a phrase
no outlet uses of another ("Dear friends, X is now offering") is evidence of its own, and such a
suggestion teaches its habits in turn (marked as taught by a suggestion, one step only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction
from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from provenance.models import Article, Derivation, OutletCue, OutletSuggestion
from provenance.services import ProvenanceError, add_derivation, flag_for_review
from provenance.text.house_style import DATELINE, FURNITURE, MARKER, SELF_NAME, SIGN_OFF, Cue, house_cues
from provenance.text.outlets import OutletDirectory, OutletEntry
from sources.models import Source

# How many articles of one outlet must show a habit before it counts, by kind: a dateline shape
# with a comma or a parenthesis ("PLACE, PLACE (TIME) –") is specific; "Place –" is common.
MIN_TEACHERS = {DATELINE: 1, MARKER: 2, SIGN_OFF: 2, FURNITURE: 2, SELF_NAME: 1}
GENERIC_DATELINE_TEACHERS = 3
# A cue belongs to an outlet when at least this share of the articles teaching it are that outlet's.
OUTLET_SHARE = 0.8
EXAMPLES = 3
# Articles without an outlet re-examined when a new article teaches a habit they share (the
# command `suggest_outlets` reaches the rest).
RELEARN_LIMIT = 50
NOTE = "outlet suggested from house style"

SourceFor = Callable[[OutletEntry], Source | None]


class FirstIds(models.Aggregate):
    """The first few ids of a group, in order (a sample of the articles that taught a cue)."""

    function = "ARRAY_AGG"
    template = f"(%(function)s(%(expressions)s ORDER BY %(expressions)s))[1:{EXAMPLES}]"
    output_field = ArrayField(models.BigIntegerField())


@dataclass
class Finding:
    """What the cues of one article say: per outlet, the evidence pointing to it."""

    evidence: list[dict] = field(default_factory=list)
    outlets: dict[int, str] = field(default_factory=dict)
    is_direct: bool = False


def _is_generic(cue: Cue) -> bool:
    return cue.kind == DATELINE and "," not in cue.key and "(" not in cue.key


def _min_teachers(cue: Cue) -> int:
    return GENERIC_DATELINE_TEACHERS if _is_generic(cue) else MIN_TEACHERS.get(cue.kind, 2)


def cues_of(article: Article, *, directory: OutletDirectory, furniture: Sequence[str] = ()) -> list[Cue]:
    """The article's cues; a self-reference only when it names the article's own outlet (or it has none)."""
    cues = house_cues(article.body, furniture=furniture, directory=directory)
    if article.outlet_id is None:
        return cues
    own = {article.outlet.key} if article.outlet else set()
    return [
        cue
        for cue in cues
        if cue.kind != SELF_NAME
        or (cue.outlet is not None and cue.outlet.source_id == article.outlet_id)
        or cue.key in own
    ]


def _teachers(article: Article, cues: Sequence[Cue]) -> list[dict]:
    """Per (cue, outlet): how many own-text articles of that outlet show it, and a few of them. One query."""
    pairs = Q()
    for cue in cues:
        pairs |= Q(kind=cue.kind, key=cue.key)
    suggested = Case(
        When(
            article__outlet_suggestion__is_direct=True,
            article__outlet_suggestion__status=OutletSuggestion.Status.PENDING,
            then=F("article__outlet_suggestion__outlet"),
        )
    )
    return list(
        OutletCue.objects.filter(pairs)
        .exclude(article_id=article.pk)
        # a copy of another outlet's text carries that outlet's habits, not its own
        .filter(Q(article__origin_depth=0) | Q(article__origin_outlet=F("article__outlet")))
        .annotate(teacher=Coalesce("article__outlet", suggested))
        .filter(teacher__isnull=False)
        .values("kind", "key", "teacher")
        .annotate(
            count=Count("article_id"),
            from_suggestions=Count("article_id", filter=Q(article__outlet__isnull=True)),
            examples=FirstIds("article_id"),
        )
        .order_by()
    )


def read_cues(article: Article, cues: Sequence[Cue], *, source_for: SourceFor) -> Finding:
    """Which outlets the cues point to, with the evidence for each (two queries at most)."""
    finding = Finding()
    if not cues:
        return finding
    rows = _teachers(article, cues)
    names, keys = {}, {}
    for pk, name, key in Source.objects.filter(pk__in={row["teacher"] for row in rows}).values_list(
        "pk", "name", "key"
    ):
        names[pk], keys[pk] = name, key
    by_cue: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_cue[row["kind"], row["key"]].append(row)
    for cue in cues:
        taught = by_cue.get((cue.kind, cue.key), [])
        if cue.kind == SELF_NAME:  # a self-reference teaches only the outlet it names
            taught = [row for row in taught if keys.get(row["teacher"]) == cue.key]
        total = sum(row["count"] for row in taught)
        outlets = [
            {
                "id": row["teacher"],
                "name": names.get(row["teacher"], ""),
                "articles": row["count"],
                "examples": list(row["examples"] or []),
                "taught_by_suggestion": row["from_suggestions"] == row["count"],
            }
            for row in sorted(taught, key=lambda row: -row["count"])
        ]
        points_to = None
        leader = outlets[0] if outlets else None
        if leader and leader["articles"] >= _min_teachers(cue) and leader["articles"] >= OUTLET_SHARE * total:
            points_to = leader["id"]
        direct = False
        if points_to is None and cue.kind == SELF_NAME and cue.is_direct and cue.outlet is not None:
            source = source_for(cue.outlet)
            if source is not None:
                points_to, direct = source.pk, True
                names[source.pk] = source.name
        if points_to is None and not outlets:
            continue  # a habit nobody taught yet: not evidence of anything
        finding.evidence.append(
            {
                "cue": cue.kind,
                "label": OutletCue.Kind(cue.kind).label,
                "key": cue.key,
                "text": cue.text,
                "outlets": outlets,
                "points_to": points_to,
                "direct": direct,
            }
        )
        if points_to is not None:
            finding.outlets[points_to] = names.get(points_to, "")
            finding.is_direct = finding.is_direct or direct
    return finding


def _save_suggestion(article: Article, finding: Finding, *, is_new: bool) -> OutletSuggestion | None:
    existing = None if is_new else OutletSuggestion.objects.filter(article=article).first()
    if existing is not None and existing.status != OutletSuggestion.Status.PENDING:
        return existing  # a person decided: their decision stands
    if not finding.outlets:
        if existing is not None:
            existing.delete()
        return None
    ambiguous = len(finding.outlets) > 1
    values = {
        "outlet_id": None if ambiguous else next(iter(finding.outlets)),
        "is_ambiguous": ambiguous,
        "is_direct": finding.is_direct and not ambiguous,
        "evidence": finding.evidence,
    }
    if existing is None:
        suggestion = OutletSuggestion.objects.create(article=article, **values)
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*values, "updated_at"])
        suggestion = existing
    names = " or ".join(sorted(finding.outlets.values()))
    note = f"{NOTE}: {names}" + (" (ambiguous)" if ambiguous else "")
    if note not in article.review_note.split("; "):
        flag_for_review(article=article, note=note)
    return suggestion


def suggest_outlet(
    article: Article, cues: Sequence[Cue], *, source_for: SourceFor, is_new: bool = False
) -> OutletSuggestion | None:
    """Store (or refresh, or drop) the suggestion for an article without an outlet; a decided one is kept.

    is_new: the article was stored just now, so it has no suggestion yet to look up.
    """
    if article.outlet_id is not None:
        if not is_new:
            OutletSuggestion.objects.filter(article=article, status=OutletSuggestion.Status.PENDING).delete()
        return None
    return _save_suggestion(article, read_cues(article, cues, source_for=source_for), is_new=is_new)


def _store_cues(article: Article, cues: Sequence[Cue], *, replace: bool) -> None:
    """Insert the cues (one statement); replacing keeps markers and furniture lines read from the page's
    stripped lines at ingestion, which the stored text no longer holds."""
    if replace:
        stored = OutletCue.objects.filter(article=article)
        stored.exclude(kind__in=[MARKER, FURNITURE]).delete()
        stored.update(awaits_outlet=article.outlet_id is None)
    if cues:
        OutletCue.objects.bulk_create(
            (
                OutletCue(
                    article=article,
                    kind=cue.kind,
                    key=cue.key,
                    text=cue.text,
                    is_direct=cue.is_direct,
                    awaits_outlet=article.outlet_id is None,
                )
                for cue in cues
            ),
            ignore_conflicts=replace,
        )


def _relearn(article: Article, cues: Sequence[Cue], *, directory: OutletDirectory, source_for: SourceFor) -> int:
    """Suggest outlets for articles without one, and without a suggestion, that share a habit this article teaches."""
    pairs = Q()
    for cue in cues:
        pairs |= Q(kind=cue.kind, key=cue.key)
    learners = list(
        Article.objects.filter(
            pk__in=OutletCue.objects.filter(pairs, awaits_outlet=True, article__outlet__isnull=True)
            .exclude(article_id=article.pk)
            .values("article_id")
        )
        .filter(outlet_suggestion__isnull=True)
        .order_by("id")[:RELEARN_LIMIT]
    )
    for learner in learners:
        suggest_outlet(learner, cues_of(learner, directory=directory), source_for=source_for)
    return len(learners)


def record_house_style(
    *,
    article: Article,
    directory: OutletDirectory,
    source_for: SourceFor,
    furniture: Sequence[str] = (),
    replace: bool = False,
) -> OutletSuggestion | None:
    """Store a newly stored article's cues; suggest its outlet if it names none; let it teach the others.

    Called by the ingestion for every new article: one insert for its cues, then either the
    suggestion (two reads, one write) or, when it teaches (a known outlet, or a suggestion from
    its own words), one read for articles that share its habits and wait for a suggestion.
    """
    cues = cues_of(article, directory=directory, furniture=furniture)
    _store_cues(article, cues, replace=replace)
    suggestion = suggest_outlet(article, cues, source_for=source_for, is_new=not replace)
    teaches = article.outlet_id is not None or (suggestion is not None and suggestion.is_direct)
    if cues and teaches:
        _relearn(article, cues, directory=directory, source_for=source_for)
    return suggestion


@dataclass
class SuggestionRun:
    articles: int = 0
    suggested: int = 0
    ambiguous: int = 0
    decided: int = 0


def suggest_outlets(
    *, articles: Iterable[Article], directory: OutletDirectory, source_for: SourceFor, progress=None
) -> SuggestionRun:
    """Recompute cues of the given articles, then suggestions for those without an outlet (`suggest_outlets`).

    Cues first for all, so an article learns from every other whatever the order; then suggestions
    for direct self-references, then the rest (which may learn from those).
    """
    run = SuggestionRun()
    unknown: list[tuple[Article, list[Cue]]] = []
    for article in articles:
        run.articles += 1
        with transaction.atomic():
            cues = cues_of(article, directory=directory)
            _store_cues(article, cues, replace=True)
            if article.outlet_id is None:
                unknown.append((article, cues))
            else:
                OutletSuggestion.objects.filter(article=article, status=OutletSuggestion.Status.PENDING).delete()
        if progress:
            progress()
    unknown.sort(key=lambda pair: not any(cue.is_direct for cue in pair[1]))
    for article, cues in unknown:
        with transaction.atomic():
            suggestion = suggest_outlet(article, cues, source_for=source_for)
        if suggestion is None:
            continue
        if suggestion.status != OutletSuggestion.Status.PENDING:
            run.decided += 1
        elif suggestion.is_ambiguous:
            run.ambiguous += 1
        else:
            run.suggested += 1
    return run


# --- a person's decision ----------------------------------------------------------------------------


def candidates_of(suggestion: OutletSuggestion) -> list[int]:
    """The outlets a person may accept: the suggested one, or each one an ambiguous suggestion's cues point to."""
    if not suggestion.is_ambiguous:
        return [suggestion.outlet_id] if suggestion.outlet_id else []
    return list(dict.fromkeys(item["points_to"] for item in suggestion.evidence if item.get("points_to")))


def _locked(suggestion_id: int) -> OutletSuggestion:
    try:
        suggestion = (
            OutletSuggestion.objects.select_for_update(of=("self",))
            .select_related("article", "outlet")
            .get(pk=suggestion_id)
        )
    except OutletSuggestion.DoesNotExist as error:
        raise ProvenanceError(f"no outlet suggestion {suggestion_id}") from error
    if suggestion.status != OutletSuggestion.Status.PENDING:
        decided = suggestion.get_status_display().lower()
        raise ProvenanceError(f"the outlet suggestion for article {suggestion.article_id} was already {decided}")
    return suggestion


@transaction.atomic
def accept_outlet_suggestion(*, suggestion: OutletSuggestion, decided_by, outlet: Source | None = None) -> Article:
    """Make the suggested outlet (or, for an ambiguous one, the candidate chosen) the article's outlet.

    Refused, changing nothing, when the article has an outlet already, the outlet is not a
    candidate, or that outlet already holds the same text. An article carried by an aggregator gets
    the aggregation edge to its outlet, as an ingested one would (a person's decision).
    """
    suggestion = _locked(suggestion.pk)
    article = suggestion.article
    chosen = outlet or suggestion.outlet
    candidates = candidates_of(suggestion)
    if chosen is None:
        raise ProvenanceError(
            f"the suggestion for article {article.pk} is ambiguous: choose one of the outlets its cues point to"
        )
    if chosen.pk not in candidates:
        raise ProvenanceError(f"{chosen} is not an outlet the house-style cues of article {article.pk} point to")
    if article.outlet_id is not None:
        raise ProvenanceError(f"article {article.pk} already has an outlet ({article.outlet})")
    twin = Article.objects.filter(text_hash=article.text_hash, outlet=chosen).exclude(pk=article.pk).first()
    if twin is not None:
        raise ProvenanceError(f"{chosen} already holds this text as article {twin.pk}: link the two instead")
    notes = [
        note for note in article.review_note.split("; ") if note and not note.startswith((NOTE, "no outlet named"))
    ]
    notes.append(f"outlet {chosen.name} accepted from house style by {decided_by}")
    article.outlet = chosen
    article.review_note = "; ".join(dict.fromkeys(notes))
    article.save(update_fields=["outlet", "review_note"])
    if article.carrier_id is not None and article.carrier_id != chosen.pk:
        cues = "; ".join(
            f"{item['label']}: {item['text']}" for item in suggestion.evidence if item["points_to"] == chosen.pk
        )
        add_derivation(
            derived=article,
            source_outlet=chosen,
            kind=Derivation.Kind.AGGREGATION,
            evidence=Derivation.Evidence.MANUAL,
            evidence_text=f"outlet accepted from house style ({cues})"[:2000],
            status=Derivation.Status.CONFIRMED,
            created_by=decided_by,
        )
    suggestion.status = OutletSuggestion.Status.ACCEPTED
    suggestion.outlet = chosen
    suggestion.is_ambiguous = False
    suggestion.decided_by, suggestion.decided_at = decided_by, timezone.now()
    suggestion.save(update_fields=["status", "outlet", "is_ambiguous", "decided_by", "decided_at", "updated_at"])
    # the article now teaches its habits as its outlet's (a self-reference counts if it names that outlet)
    own = OutletEntry(
        name=chosen.name,
        aliases=tuple(chosen.aliases.values_list("name", flat=True)),
        kind=chosen.kind,
        source_id=chosen.pk,
    )
    directory = OutletDirectory.with_defaults([own])
    record_house_style(article=article, directory=directory, source_for=lambda entry: None, replace=True)
    return article


@transaction.atomic
def dismiss_outlet_suggestion(*, suggestion: OutletSuggestion, decided_by) -> OutletSuggestion:
    """Record that a person found the suggestion wrong: it stays, dismissed, and is not made again."""
    suggestion = _locked(suggestion.pk)
    suggestion.status = OutletSuggestion.Status.DISMISSED
    suggestion.decided_by, suggestion.decided_at = decided_by, timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return suggestion
