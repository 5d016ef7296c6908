"""Admin for import batches: an upload page, live progress on each batch, its per-file report, retry."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from provenance import batches
from provenance.forms import PasteForm, UploadForm, UploadLimitHandler
from provenance.models import IngestBatch, IngestItem
from provenance.views import import_from_form


class IngestItemInline(admin.TabularInline):
    model = IngestItem
    extra = 0
    fields = ["filename", "status", "error", "processed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "origin", "status", "files_done", "files_total", "articles_created", "files_failed"]
    list_filter = ["status", "origin"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in IngestBatch._meta.fields]
    inlines = [IngestItemInline]
    actions = ["retry_batches"]
    change_form_template = "provenance/admin/batch_change_form.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="provenance_ingestbatch_upload"), *super().get_urls()]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a batch is a record of what happened; retry is the one thing to do with it

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None) -> HttpResponse:
        """ "Add ingest batch" is the upload page."""
        return HttpResponseRedirect(reverse("admin:provenance_ingestbatch_upload"))

    @csrf_exempt  # the size-limit handler must be installed before the CSRF check reads the body
    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload files or paste text from the admin; the same checks and services as the web app."""
        if not self.has_add_permission(request):
            return HttpResponse("You may not add material.", status=403)
        limiter = UploadLimitHandler(request)
        request.upload_handlers.insert(0, limiter)
        return csrf_protect(self._upload)(request, limiter)

    def _upload(self, request: HttpRequest, limiter: UploadLimitHandler) -> HttpResponse:
        upload_form, paste_form, status = UploadForm(), PasteForm(), 200
        if request.method == "POST":
            is_paste = "text" in request.POST
            if is_paste:
                form = PasteForm(request.POST)
            else:
                form = UploadForm(request.POST, request.FILES, refusals=limiter.refusals)
            batch = import_from_form(form, origin="admin", created_by=request.user)
            if batch is not None:
                state = "ingested" if batch.status == IngestBatch.Status.DONE else "queued for a worker"
                self.message_user(request, f"Import #{batch.pk}: {batch.files_total} file(s) {state}.")
                return HttpResponseRedirect(reverse("admin:provenance_ingestbatch_change", args=[batch.pk]))
            status = 400
            if is_paste:
                paste_form = form
            else:
                upload_form = form
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add material",
            "upload_form": upload_form,
            "paste_form": paste_form,
        }
        return render(request, "provenance/admin/upload.html", context, status=status)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        batch = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if batch is not None:
            extra.update(
                batch=batch,
                progress=batches.batch_progress(batch),
                failed_items=list(batch.items.filter(status=IngestItem.Status.FAILED)),
                items=list(batches.batch_files(batch)),
                can_retry=self.has_add_permission(request),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    @admin.action(description="Retry the selected imports (files already done are skipped)", permissions=["add"])
    def retry_batches(self, request: HttpRequest, queryset) -> None:
        retried, refused = 0, []
        for batch in queryset:
            try:
                batches.retry_batch(batch_id=batch.pk)
                retried += 1
            except batches.BatchError as error:
                refused.append(str(error))
        if retried:
            self.message_user(request, f"{retried} import(s) queued again.")
        for reason in refused:
            self.message_user(request, reason, level=messages.WARNING)
