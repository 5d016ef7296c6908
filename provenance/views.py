"""Web pages for adding material (upload files, paste text) and following an import's progress and report."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from provenance import batches
from provenance.forms import LinksForm, PasteForm, UploadForm, UploadLimitHandler
from provenance.ingestion import megabytes
from provenance.models import IngestBatch
from provenance.selectors import batches_visible_to

ADD_PERMISSION = "provenance.add_ingestbatch"
VIEW_PERMISSION = "provenance.view_ingestbatch"
RECENT_BATCHES = 10


def _visible_batch(request: HttpRequest, pk: int) -> IngestBatch:
    """An import its owner may follow; other people's imports only for those who oversee all (admins).

    Another user's import answers 404, as a missing one does: its existence is not told either.
    """
    if not (request.user.has_perm(ADD_PERMISSION) or request.user.has_perm(VIEW_PERMISSION)):
        raise PermissionDenied
    batch = batches_visible_to(request.user).select_related("created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404("No import with this number is yours to see.")
    return batch


def _import_page(
    request: HttpRequest,
    *,
    upload_form=None,
    paste_form=None,
    links_form=None,
    paste_refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    recent = IngestBatch.objects.filter(created_by=request.user).order_by("-created_at")[:RECENT_BATCHES]
    context = {
        "upload_form": upload_form or UploadForm(),
        "paste_form": paste_form or PasteForm(),
        "links_form": links_form or LinksForm(),
        "paste_refusal": paste_refusal,
        "recent_batches": recent,
    }
    return render(request, "provenance/import.html", context, status=status)


@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
@require_GET
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload and paste forms, and the user's recent imports."""
    return _import_page(request)


@csrf_exempt  # the size-limit handler must be installed before the CSRF check reads the body
@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Upload one or many files; refused uploads store nothing and come back with the reason."""
    limiter = UploadLimitHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _upload(request, limiter)


@csrf_protect
def _upload(request: HttpRequest, limiter: UploadLimitHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, refusals=limiter.refusals)
    return _submit(request, form, origin="upload", form_name="upload_form")


def import_from_form(form, *, origin: str, created_by) -> IngestBatch | None:
    """Store and start a valid upload or paste form's files as a batch (provenance.batches.import_files).

    None when the form is invalid or the import is refused; the reason is then on the form.
    """
    if not form.is_valid():
        return None
    try:
        return batches.import_files(
            files=form.incoming,
            origin=origin,
            outlet_name=form.cleaned_data.get("outlet", ""),
            url=form.cleaned_data.get("url", ""),
            created_by=created_by,
        )
    except batches.BatchError as error:
        form.add_error(None, str(error))
        return None


def _submit(request: HttpRequest, form, *, origin: str, form_name: str) -> HttpResponse:
    """Store and start the form's files; a refusal comes back on the import page, nothing stored."""
    batch = import_from_form(form, origin=origin, created_by=request.user)
    if batch is not None:
        return redirect("imports:batch", pk=batch.pk)
    return _import_page(request, status=400, **{form_name: form})


@csrf_exempt  # an over-long paste is answered before anything (the CSRF check included) reads the body
@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
@require_POST
def paste(request: HttpRequest) -> HttpResponse:
    """Paste text (with an optional URL and outlet); it is ingested at once."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        refusal = (
            f"The pasted text is too long for one paste ({megabytes(length)}, at most "
            f"{megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}); save it as a .txt file and upload it."
        )
        return _import_page(request, paste_refusal=refusal, status=413)
    return _paste(request)


@csrf_protect
def _paste(request: HttpRequest) -> HttpResponse:
    return _submit(request, PasteForm(request.POST), origin="paste", form_name="paste_form")


@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
@require_POST
def links(request: HttpRequest) -> HttpResponse:
    """Links to capture: a batch whose items are fetched by the workers; refused links store nothing."""
    form = LinksForm(request.POST)
    if form.is_valid():
        try:
            batch = batches.import_links(
                urls=form.cleaned_data["links"],
                origin="links",
                outlet_name=form.cleaned_data["outlet"],
                respect_robots_txt=form.cleaned_data["respect_robots_txt"],
                created_by=request.user,
            )
        except batches.BatchError as error:
            form.add_error("links", str(error))
        else:
            return redirect("imports:batch", pk=batch.pk)
    return _import_page(request, links_form=form, status=400)


def _batch_context(batch: IngestBatch) -> dict:
    progress = batches.batch_progress(batch)
    items = list(batches.batch_files(batch))
    return {
        "batch": batch,
        "progress": progress,
        "failed_items": [item for item in items if item.status == item.Status.FAILED],
        "items": items if progress["is_finished"] else [],
    }


def _render_batch(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    batch = _visible_batch(request, pk)
    context = _batch_context(batch) | {"can_retry": request.user.has_perm(ADD_PERMISSION)}
    return render(request, template, context)


@login_required
@require_GET
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress (live while it runs) and, once finished, its per-file report."""
    return _render_batch(request, pk, "provenance/batch.html")


@login_required
@require_GET
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, polled by htmx; once finished it carries the report and stops polling."""
    return _render_batch(request, pk, "provenance/_batch_progress.html")


@login_required
@require_GET
def batch_report(request: HttpRequest, pk: int) -> JsonResponse:
    """The report as JSON, exactly as `ingest --json` prints it: one object per article or failed file."""
    batch = _visible_batch(request, pk)
    response = JsonResponse(batches.batch_report(batch), safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}.json"'
    return response


@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
@require_POST
def batch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or interrupted import again; files already done are not ingested twice."""
    batch = _visible_batch(request, pk)
    try:
        batches.retry_batch(batch_id=batch.pk)
    except batches.BatchError as error:
        return render(request, "provenance/batch.html", _batch_context(batch) | {"retry_error": str(error)}, status=400)
    return redirect(reverse("imports:batch", kwargs={"pk": batch.pk}))
