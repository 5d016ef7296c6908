"""Absolute links to API resources and report pages, for exports that must name things by IRI."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from provenance.models import Article
from provenance.prov import ProvNamespaces


@dataclass(frozen=True)
class Links:
    """Builds absolute URLs from a base such as "https://claims.example.org" (no trailing slash)."""

    base: str

    @classmethod
    def for_request(cls, request) -> Links:
        """Under settings.PUBLIC_BASE_URL, or the request's own scheme and host when that is empty."""
        return cls(base=(settings.PUBLIC_BASE_URL or request.build_absolute_uri("/")).rstrip("/"))

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

    def article_text(self, pk: int) -> str:
        """The article's stored text as text/plain: what the mentions' character offsets count in."""
        return self._url("article-text", pk)

    def source(self, pk: int) -> str:
        return self._url("source-detail", pk)

    def derivation(self, pk: int) -> str:
        return self._url("derivation-detail", pk)

    def prov_namespaces(self) -> ProvNamespaces:
        """PROV names that are API addresses: article:12/ is <base>/api/v1/articles/12/, and so on.

        Authors have no API address, and our vocabulary no page: those two are names only.
        """
        return ProvNamespaces(
            vocabulary=f"{self.base}/ns/provenance#",
            article=self._url("article-list"),
            outlet=self._url("source-list"),
            author=f"{self.base}/ns/author/",
            derivation=self._url("derivation-list"),
        )

    def article_target(self, article: Article) -> str:
        """The article's own URL when we know it, else its API address (both are IRIs)."""
        return article.url or self.article(article.pk)
