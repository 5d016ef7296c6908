"""Absolute links to API resources and report pages, for exports that must name things by IRI."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from provenance.models import Article


@dataclass(frozen=True)
class Links:
    """Builds absolute URLs from a base such as "https://claims.example.org" (no trailing slash)."""

    base: str

    @classmethod
    def for_request(cls, request) -> Links:
        return cls(base=request.build_absolute_uri("/").rstrip("/"))

    def _url(self, name: str, *args) -> str:
        return self.base + reverse(f"api:{name}", args=args)

    def claim(self, pk: int) -> str:
        return self._url("claim-detail", pk)

    def claim_report(self, pk: int) -> str:
        return self._url("claim-report", pk)

    def review_page(self, pk: int) -> str:
        return self._url("claim-review-page", pk)

    def mention(self, pk: int) -> str:
        return self._url("mention-detail", pk)

    def mentions(self) -> str:
        return self._url("mention-list")

    def article(self, pk: int) -> str:
        return self._url("article-detail", pk)

    def article_target(self, article: Article) -> str:
        """The article's own URL when we know it, else its API address (both are IRIs)."""
        return article.url or self.article(article.pk)
