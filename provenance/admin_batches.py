"""Admin for ingest batches: progress and per-file report (read-only)."""

from django.contrib import admin

from provenance.models import IngestBatch, IngestItem


class IngestItemInline(admin.TabularInline):
    model = IngestItem
    extra = 0
    fields = ["filename", "status", "error", "processed_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "origin", "status", "files_done", "files_total", "articles_created", "files_failed"]
    list_filter = ["status", "origin"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in IngestBatch._meta.fields]
    inlines = [IngestItemInline]

    def has_add_permission(self, request) -> bool:
        return False
