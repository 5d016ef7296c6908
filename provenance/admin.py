"""Admin for captures (read-only), articles with their chains, and derivation edges."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from provenance.models import Article, Capture, Derivation
from provenance.selectors import chains_for, origins_for
from provenance.services import ProvenanceError, decide_derivations


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Captures are our chain of custody: readable, never editable."""

    list_display = ["__str__", "media_type", "encoding", "size", "received_at"]
    list_filter = ["media_type", "encoding"]
    search_fields = ["filename", "url", "sha256"]
    exclude = ["data"]
    readonly_fields = ["sha256", "size", "filename", "url", "media_type", "encoding", "received_at", "received_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DerivationInline(admin.TabularInline):
    model = Derivation
    fk_name = "derived"
    extra = 0
    verbose_name = "taken from"
    verbose_name_plural = "taken from (derivations)"
    fields = ["source_article", "source_outlet", "kind", "evidence", "score", "status", "evidence_text"]
    autocomplete_fields = ["source_article", "source_outlet"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "language", "origin", "needs_review"]
    list_filter = ["language", "needs_review", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet", "carrier", "authors"]
    readonly_fields = ["chain", "capture", "text_hash", "attribution_lines", "created_at"]
    inlines = [DerivationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        page = list(changelist.result_list)
        origins = origins_for(article.pk for article in page)
        for article in page:
            article.origin_info = origins.get(article.pk)
        return changelist

    @admin.display(description="origin")
    def origin(self, article: Article) -> str:
        origin = getattr(article, "origin_info", None)
        if origin is None or origin.is_self:
            return "itself"
        return origin.outlet_name or f"article {origin.article_id}"

    @admin.display(description="chain (origin first)")
    def chain(self, article: Article) -> str:
        if article.pk is None:
            return "-"
        chain = chains_for([article.pk])[article.pk]
        rows = []
        for link in chain.links:
            if link.article is not None:
                label = f"{link.article.outlet or 'unknown outlet'}: {link.article.title}"
                date = link.article.published.isoformat() if link.article.published else "undated"
            else:
                label, date = f"{link.outlet} (original not in the database)", ""
            edge = link.derivation
            how = f" ← {edge.get_kind_display()} by {edge.get_evidence_display()}" if edge else ""
            rows.append((label, date, how))
        return format_html(
            "<ol class='chain'>{}</ol>",
            format_html_join("", "<li>{} <small>{}</small>{}</li>", rows),
        )


@admin.register(Derivation)
class DerivationAdmin(admin.ModelAdmin):
    list_display = ["derived", "source_display", "kind", "evidence", "score", "status", "needs_review"]
    list_filter = ["status", "kind", "evidence", "needs_review"]
    list_select_related = ["derived", "source_article", "source_outlet"]
    search_fields = ["derived__title", "source_article__title", "source_outlet__name", "evidence_text"]
    autocomplete_fields = ["derived", "source_article", "source_outlet"]
    readonly_fields = ["created_by", "decided_by", "decided_at", "created_at"]
    actions = ["confirm", "reject"]

    @admin.display(description="taken from")
    def source_display(self, derivation: Derivation) -> str:
        return str(derivation.source_article or derivation.source_outlet)

    def _decide(self, request, queryset, status: str) -> None:
        try:
            count = decide_derivations(
                derivation_ids=queryset.values_list("pk", flat=True), status=status, decided_by=request.user
            )
        except ProvenanceError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{count} derivation(s) {status}.", messages.SUCCESS)

    @admin.action(description="Confirm selected derivations")
    def confirm(self, request, queryset) -> None:
        self._decide(request, queryset, Derivation.Status.CONFIRMED)

    @admin.action(description="Reject selected derivations")
    def reject(self, request, queryset) -> None:
        self._decide(request, queryset, Derivation.Status.REJECTED)


from provenance import admin_batches  # noqa: E402, F401  (registers the batch admin)
