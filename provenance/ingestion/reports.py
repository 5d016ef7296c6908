"""The report of an import, as `ingest --json` prints it and import batches keep it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from provenance.ingestion.service import FileResult, IngestedArticle
from provenance.models import Article
from provenance.selectors import origins_and_parents


def report_rows(results: Iterable[FileResult | IngestedArticle]) -> list[dict]:
    """The JSON report of an import: one object per article stored or matched, one per failed file.

    `origin` is the outlet at the root of each article's chain as it stands now and `derived_from` its
    parent edge, read for all articles in one query. Articles stored by this ingest are reported as
    it holds them; only the ones it recognised are read again (with their outlet and authors).
    """
    items = list(results)
    ingested = [article for item in items for article in (item.articles if isinstance(item, FileResult) else [item])]
    ids = [entry.article.pk for entry in ingested]
    unread = [entry.article.pk for entry in ingested if entry.authors is None]
    articles = Article.objects.select_related("outlet").prefetch_related("authors").in_bulk(unread) if unread else {}
    lineage = origins_and_parents(ids)
    rows: list[dict] = []

    def article_row(entry: IngestedArticle) -> dict:
        article = entry.article if entry.authors is not None else articles[entry.article.pk]
        authors = entry.authors if entry.authors is not None else [author.name for author in article.authors.all()]
        origin, parent = lineage.get(article.pk, (None, None))
        derived_from = None
        if parent is not None:
            derived_from = {
                "outlet": parent.outlet_name,
                "article_id": parent.article_id,
                "kind": parent.kind,
                "evidence": parent.evidence,
            }
        return {
            "file": entry.file,
            "article_id": article.pk,
            "created": entry.created,
            "title": article.title,
            "outlet": article.outlet.name if article.outlet else None,
            "authors": authors,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
            "derived_from": derived_from,
            "origin": origin,
        }

    for item in items:
        if isinstance(item, IngestedArticle):
            rows.append(article_row(item))
        elif item.error is not None:
            rows.append({"file": item.file, "error": item.error})
        else:
            rows.extend(article_row(entry) for entry in item.articles)
    return rows


def report_for_file(result: FileResult | Sequence[IngestedArticle]) -> list[dict]:
    """The report of one file, as `ingest --json` prints it (for import batches run in the background)."""
    if isinstance(result, FileResult):
        return report_rows([result])
    return report_rows(list(result))


@dataclass(frozen=True)
class Summary:
    files_read: int
    articles_created: int
    articles_known: int
    files_failed: int

    def __str__(self) -> str:
        return (
            f"files read: {self.files_read}, articles created: {self.articles_created}, "
            f"already known: {self.articles_known}, failed: {self.files_failed}"
        )


def queued_work(results: Sequence[FileResult]) -> dict[str, int]:
    """What the new articles left to background jobs, by what it is ("claim proposals"), with how many articles."""
    counts: dict[str, int] = {}
    for result in results:
        for entry in result.articles:
            for work in dict.fromkeys(entry.queued):
                counts[work] = counts.get(work, 0) + 1
    return counts


def summarise(results: Sequence[FileResult]) -> Summary:
    articles = [entry for result in results for entry in result.articles]
    return Summary(
        files_read=len(results),
        articles_created=sum(1 for entry in articles if entry.created),
        articles_known=sum(1 for entry in articles if not entry.created),
        files_failed=sum(1 for result in results if result.error is not None),
    )
