"""Import batches: accept uploads and pastes (refusing bad ones before storing anything), then ingest them.

A batch is made in one transaction: every accepted file is kept at once as a Capture on an
IngestItem row. Running a batch takes its pending items one at a time with
SELECT ... FOR UPDATE SKIP LOCKED and ingests each in its own transaction, marking the item done
with its report in that same transaction. So a worker killed mid-batch leaves no half-stored
article, a re-run finishes the rest without duplicates, and several workers on one database never
ingest the same file twice.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql import InsertQuery
from django.dispatch import Signal
from django.utils import timezone

from provenance.ingestion import (
    FileResult,
    IngestContext,
    InputFile,
    accept,
    check_url,
    ingest_capture,
    ingest_input,
    report_for_file,
)
from provenance.ingestion.accept import (  # the upload forms import the accept step's names from here
    ACCEPTED_SUFFIXES,  # noqa: F401
    ZIP_SUFFIX,
    BatchError,
    BatchLimits,
    IncomingFile,
    IngestError,
    RefusedPart,
    accept_bytes,
    is_web_archive,
    megabytes,
    read_member,
    refuse_oversize,
    refuse_unacceptable_name,
    suffix_of,
    zip_members,
)
from provenance.ingestion.archives import read_archive
from provenance.ingestion.fetch import Fetcher, FetchPolicy, link_refusal
from provenance.models import Capture, IngestBatch, IngestItem
from provenance.services import store_capture
from provenance.signals import batch_finished

logger = logging.getLogger(__name__)

# Sent after each item's transaction commits: kwargs batch_id (int), item_id (int).
batch_item_done = Signal()


def accept_files(
    named_data: Iterable[tuple[str, bytes]], *, limits: BatchLimits | None = None
) -> list[IncomingFile | RefusedPart]:
    """Check every file (and zip member) and return the accepted ones; any refusal refuses them all.

    Every refusal is named in the error, not only the first, so one try tells the user all that is
    wrong. Callers refuse over-size files from their declared size before reading them
    (refuse_oversize); this checks the bytes themselves, so nothing is stored unless all is well.
    A web archive gives one file per HTML page it holds; a damaged record of it does not refuse the
    rest: it is returned as a RefusedPart, which its batch reports as a failed file.
    """
    limits = limits or BatchLimits.from_settings()
    accepted: list[IncomingFile | RefusedPart] = []
    refusals: list[str] = []
    for raw_name, data in named_data:
        filename = posixpath.basename(raw_name.replace("\\", "/")) or "upload"
        try:
            refuse_unacceptable_name(filename)
            refuse_oversize(filename, len(data), limits)
            if suffix_of(filename) == ZIP_SUFFIX:
                accepted.extend(_accept_zip(filename, data, limits))
            elif is_web_archive(filename):
                accepted.extend(read_archive(filename, data, limits=limits).parts)
            else:
                accepted.append(accept_bytes(filename, data, limits=limits))
        except IngestError as error:
            refusals.append(str(error))
        if len(accepted) > limits.max_files:
            raise BatchError(f"more than {limits.max_files} files in one import; split it into several")
    if refusals:
        raise BatchError("; ".join(refusals))
    if not accepted:
        raise BatchError("no file was given")
    total = _size(accepted)
    if total > limits.max_batch_bytes:
        raise BatchError(
            f"the files add up to {megabytes(total)}, over the limit of {megabytes(limits.max_batch_bytes)} "
            "for one import; split it into several"
        )
    return accepted


def _accept_zip(archive: str, data: bytes, limits: BatchLimits) -> list[IncomingFile]:
    """An uploaded zip's members, all accepted or the archive refused (naming the first bad member)."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        infos = bundle.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise IngestError(archive, f"not a readable zip archive ({error})") from error
    members = zip_members(archive, infos, limits=limits, separator="/")
    for member in members:
        if member.refusal is not None:
            raise IngestError(member.label, f"{member.refusal}; nothing was stored")
    if not members:
        raise IngestError(archive, "the archive holds no .html, .htm or .txt file")
    return [accept_bytes(member.label, read_member(bundle, member), limits=limits) for member in members]


def _size(files: Sequence[IncomingFile | RefusedPart]) -> int:
    return sum(len(item.data) for item in files if isinstance(item, IncomingFile))


def is_small(files: Sequence[IncomingFile | RefusedPart]) -> bool:
    """Small enough to ingest during the request; anything bigger becomes a background job."""
    pages = [item for item in files if isinstance(item, IncomingFile)]  # a refused part costs nothing to run
    return len(pages) <= settings.INGEST_INLINE_MAX_FILES and _size(pages) <= settings.INGEST_INLINE_MAX_BYTES


@transaction.atomic
def create_batch(
    *,
    files: Sequence[IncomingFile | RefusedPart],
    origin: str = "upload",
    outlet_name: str = "",
    url: str = "",
    created_by=None,
) -> IngestBatch:
    """Keep every accepted file as a Capture on an item of a new queued batch, all or nothing.

    A refused part of an archive becomes an item that failed already, with its reason.
    """
    if not files:
        raise BatchError("no file was given")
    if url and len(files) > 1:
        raise BatchError("a URL names one page: give it with a single file or pasted text, not with several files")
    if url:
        try:
            check_url(url)
        except ValueError as error:
            raise BatchError(str(error)) from error
    batch = IngestBatch.objects.create(
        origin=origin, outlet_name=outlet_name.strip()[:200], url=url, files_total=len(files), created_by=created_by
    )
    items = []
    for incoming in files:
        if isinstance(incoming, RefusedPart):
            items.append(_refused_item(batch, incoming))
            continue
        capture, _ = store_capture(
            data=incoming.data,
            media_type=incoming.media_type,
            encoding=incoming.encoding,
            filename=incoming.filename,
            url=url,
            received_by=created_by,
            web=incoming.web,
        )
        items.append(IngestItem(batch=batch, filename=incoming.filename[:500], capture=capture))
    IngestItem.objects.bulk_create(items)
    _count_refused(batch, items)
    return batch


def _refused_item(batch: IngestBatch, part: RefusedPart) -> IngestItem:
    return IngestItem(
        batch=batch,
        filename=part.filename[:500],
        status=IngestItem.Status.FAILED,
        error=str(part),
        result=[{"file": part.filename, "error": str(part)}],
        processed_at=timezone.now(),
    )


def _count_refused(batch: IngestBatch, items: Sequence[IngestItem]) -> None:
    """Count the items that failed on arrival as done, and close the batch when nothing else is left."""
    refused = sum(1 for item in items if item.status == IngestItem.Status.FAILED)
    if refused:
        IngestBatch.objects.filter(pk=batch.pk).update(
            files_done=F("files_done") + refused, files_failed=F("files_failed") + refused
        )
        batch.refresh_from_db()


@transaction.atomic
def create_link_batch(
    *,
    urls: Iterable[str],
    origin: str,
    outlet_name: str = "",
    respect_robots_txt: bool = True,
    created_by=None,
) -> IngestBatch:
    """A queued batch of links to fetch, one item each (the same link once).

    Links refused on sight (not http(s), credentials, a private address written in them) refuse
    the batch, every one named; addresses behind names are checked when each link is fetched.
    """
    links = list(dict.fromkeys(url.strip() for url in urls if url.strip()))
    if not links:
        raise BatchError("no link was given")
    if len(links) > settings.INGEST_MAX_FILES:
        raise BatchError(f"more than {settings.INGEST_MAX_FILES} links in one import; split it into several")
    allowed = FetchPolicy.from_settings().allowed_hosts
    refusals = [f"{url}: {reason}" for url in links if (reason := link_refusal(url, allowed_hosts=allowed))]
    if refusals:
        raise BatchError("; ".join(refusals))
    batch = IngestBatch.objects.create(
        origin=origin,
        outlet_name=outlet_name.strip()[:200],
        respect_robots_txt=respect_robots_txt,
        files_total=len(links),
        created_by=created_by,
    )
    IngestItem.objects.bulk_create(IngestItem(batch=batch, filename=url[:500], url=url) for url in links)
    return batch


def import_links(
    *, urls: Iterable[str], origin: str, outlet_name: str = "", respect_robots_txt: bool = True, created_by=None
) -> IngestBatch:
    """Links as a new batch for the workers: fetching takes seconds a link, so it never runs in the request."""
    batch = create_link_batch(
        urls=urls,
        origin=origin,
        outlet_name=outlet_name,
        respect_robots_txt=respect_robots_txt,
        created_by=created_by,
    )
    return start_batch(batch=batch, inline=False)


def paste_as_file(*, text: str) -> IncomingFile:
    """Pasted text as one text file; empty or over-size pastes are refused."""
    try:
        return accept.paste_as_file(text=text)
    except IngestError as error:
        raise BatchError(error.reason) from error


def start_batch(*, batch: IngestBatch, inline: bool) -> IngestBatch:
    """Run a small batch now, or queue it for the workers (several jobs share a big batch's files)."""
    if inline:
        return execute_batch(batch_id=batch.pk)
    from provenance.tasks import ingest_batch  # tasks import this module

    jobs = max(1, min(settings.INGEST_JOBS_PER_BATCH, batch.files_total))
    with transaction.atomic():
        for _ in range(jobs):
            ingest_batch.defer(batch_id=batch.pk)
    return batch


class _Run:
    """One pass over a batch: the batch, and the ingestion context its files share.

    The context caches the sources it has met; after a failed file (whose writes were rolled
    back) it is built afresh, so no file sees a source that was never stored.
    """

    def __init__(self, batch: IngestBatch) -> None:
        self.batch = batch
        self._context: IngestContext | None = None
        self._fetcher: Fetcher | None = None

    @property
    def context(self) -> IngestContext:
        if self._context is None:
            self._context = IngestContext()
        return self._context

    def forget(self) -> None:
        self._context = None

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def capture_link(self, item: IngestItem) -> Capture:
        """Fetch an item's link and keep what came as a new capture (a fetch is an event); LinkRefused says why not."""
        if self._fetcher is None:
            policy = FetchPolicy.from_settings(respect_robots_txt=self.batch.respect_robots_txt)
            self._fetcher = Fetcher(policy)
        incoming = self._fetcher.fetch(item.url)
        with transaction.atomic():
            capture, _ = store_capture(
                data=incoming.data,
                media_type=incoming.media_type,
                encoding=incoming.encoding,
                filename=incoming.filename,
                received_by=self.batch.created_by,
                web=incoming.web,
            )
        return capture

    def ingest(self, item: IngestItem) -> list[dict]:
        """Ingest one stored file through the pipeline and return its report, as `ingest --json` prints it."""
        capture = item.capture
        incoming = IncomingFile(
            filename=item.filename,
            data=bytes(capture.data),
            media_type=capture.media_type,
            encoding=capture.encoding,
        )
        articles = ingest_capture(
            incoming=incoming,
            capture=capture,
            outlet_name=self.batch.outlet_name or None,
            url=self.batch.url or capture.url or None,
            received_by=self.batch.created_by,
            context=self.context,
        )
        return report_for_file(articles)


def import_files(
    *,
    files: Sequence[IncomingFile],
    origin: str = "upload",
    outlet_name: str = "",
    url: str = "",
    created_by=None,
) -> IngestBatch:
    """Keep accepted files as a new batch and ingest it: at once when small, else by the workers."""
    batch = create_batch(files=files, origin=origin, outlet_name=outlet_name, url=url, created_by=created_by)
    return start_batch(batch=batch, inline=is_small(files))


def _failure_message(error: BaseException) -> str:
    if isinstance(error, ValueError):  # domain errors carry a message meant for the user
        return str(error) or type(error).__name__
    return f"internal error while ingesting ({type(error).__name__}: {error}); the file is kept, report this"


def _claim_next_item(batch_id: int) -> IngestItem | None:
    """The next pending item no other worker holds, locked until this transaction ends."""
    return (
        IngestItem.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("capture")
        .filter(batch_id=batch_id, status=IngestItem.Status.PENDING)
        .order_by("id")
        .first()
    )


def _process_one(run: _Run) -> int | None:
    """Ingest the next free item of the batch in one transaction; returns its id, or None when none is left."""
    batch = run.batch
    with transaction.atomic():
        item = _claim_next_item(batch.pk)
        if item is None:
            return None
        try:
            if item.capture is None and item.url:  # kept even when it yields no article, as an upload is
                item.capture = run.capture_link(item)
            with transaction.atomic():  # a broken input rolls back only its own partial writes
                report = run.ingest(item)
        except (OperationalError, InterfaceError):
            raise  # the database went away: the whole item transaction is lost, the job fails and is retried
        except Exception as error:
            if not isinstance(error, ValueError | DatabaseError):
                logger.exception("ingesting %s (batch %s, item %s) failed", item.filename, batch.pk, item.pk)
            run.forget()
            item.status, item.error = IngestItem.Status.FAILED, _failure_message(error)
            item.result = [{"file": item.filename, "error": item.error}]
        else:
            item.status, item.error, item.result = IngestItem.Status.DONE, "", report
        item.processed_at = timezone.now()
        item.save(update_fields=["status", "error", "result", "processed_at", "capture"])
        _count_item(batch.pk, item)
    batch_item_done.send(sender=IngestBatch, batch_id=batch.pk, item_id=item.pk)
    return item.pk


def _item_counts(item: IngestItem) -> tuple[int, int, int]:
    """What a processed item adds to its batch: files failed, articles created, articles known."""
    created = sum(1 for entry in item.result if entry.get("created") is True)
    known = sum(1 for entry in item.result if entry.get("created") is False)
    return (1 if item.status == IngestItem.Status.FAILED else 0), created, known


def _count_item(batch_id: int, item: IngestItem) -> None:
    """Add a processed item to its batch's counters: the last statement of the item's transaction,
    so the batch row is locked only for a moment."""
    failed, created, known = _item_counts(item)
    IngestBatch.objects.filter(pk=batch_id).update(
        files_done=F("files_done") + 1,
        files_failed=F("files_failed") + failed,
        articles_created=F("articles_created") + created,
        articles_known=F("articles_known") + known,
    )


def _insert_counted(item: IngestItem) -> None:
    """Insert a processed item and add it to its batch's counters (as _count_item), in one statement."""
    fields = [field for field in IngestItem._meta.concrete_fields if not field.primary_key]
    query = InsertQuery(IngestItem)
    query.insert_values(fields, [item])
    compiler = query.get_compiler(using=IngestItem.objects.db)
    compiler.returning_fields = [IngestItem._meta.pk]
    ((insert_sql, insert_params),) = compiler.as_sql()
    quote = connection.ops.quote_name
    counters = ("files_failed", "articles_created", "articles_known")
    updates = ", ".join(f"{quote(name)} = {quote(name)} + %s" for name in counters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH item AS ({insert_sql}) UPDATE {quote(IngestBatch._meta.db_table)} "
            f"SET {quote('files_done')} = {quote('files_done')} + 1, {updates} "
            f"WHERE {quote('id')} = %s RETURNING (SELECT {quote('id')} FROM item)",
            [*insert_params, *_item_counts(item), item.batch_id],
        )
        item.pk = cursor.fetchone()[0]
    item._state.adding, item._state.db = False, IngestItem.objects.db


def ingest_inputs(
    *, inputs: Sequence[InputFile], outlet_name: str = "", url: str = "", created_by=None
) -> Iterator[FileResult]:
    """The command line's import: a batch whose files are read from disk, accepted and ingested one by one.

    Each file goes through the same accept step and ingest_capture as an upload, in its own
    transaction with its item row and the batch counters, and is announced after that commits. A
    file read from disk is kept as a capture only once it yields an article (it stays on disk).
    """
    batch = IngestBatch.objects.create(
        origin="command",
        outlet_name=outlet_name.strip()[:200],
        url=url,
        files_total=len(inputs),
        created_by=created_by,
        status=IngestBatch.Status.RUNNING,
        started_at=timezone.now(),
    )
    context = IngestContext()
    for entry in inputs:
        try:
            with transaction.atomic():
                result = ingest_input(
                    entry, context=context, outlet_name=outlet_name or None, url=url or None, received_by=created_by
                )
                if transaction.get_rollback():
                    raise _WritesFailed(result)
                item = _record_input(batch, entry, result)
        except _WritesFailed as failed:
            # A write of the file failed: its writes were rolled back with the transaction (no savepoint
            # per file to keep them apart), and its failure is recorded in a transaction of its own.
            context.forget()
            result = failed.result
            with transaction.atomic():
                item = _record_input(batch, entry, result)
        batch_item_done.send(sender=IngestBatch, batch_id=batch.pk, item_id=item.pk)
        yield result
    _finish_if_complete(batch.pk)


class _WritesFailed(Exception):
    """A file's writes failed part way: its transaction is rolled back before its failure is recorded."""

    def __init__(self, result: FileResult) -> None:
        super().__init__(result.error)
        self.result = result


def _record_input(batch: IngestBatch, entry: InputFile, result: FileResult) -> IngestItem:
    """The item of one file read from disk, with its report, counted on its batch (one statement)."""
    item = IngestItem(
        batch=batch,
        filename=entry.name[:500],
        capture_id=result.articles[0].article.capture_id if result.articles else None,
        status=IngestItem.Status.FAILED if result.error else IngestItem.Status.DONE,
        error=result.error or "",
        result=([{"file": entry.name, "error": result.error}] if result.error else report_for_file(result.articles)),
        processed_at=timezone.now(),
    )
    _insert_counted(item)
    return item


def _finish_if_complete(batch_id: int) -> IngestBatch:
    """Close the batch once no item is pending; items still held by another worker keep it running."""
    finished = (
        IngestBatch.objects.filter(pk=batch_id, status=IngestBatch.Status.RUNNING)
        .exclude(Q(items__status=IngestItem.Status.PENDING))
        .update(status=IngestBatch.Status.DONE, finished_at=timezone.now(), error="")
    )
    if finished:
        _announce_finished(batch_id, IngestBatch.Status.DONE)
    return IngestBatch.objects.get(pk=batch_id)


def _announce_finished(batch_id: int, status: str) -> None:
    transaction.on_commit(lambda: batch_finished.send(sender=IngestBatch, batch_id=batch_id, status=status))


def run_batch(*, batch_id: int, should_stop: Callable[[], bool] | None = None) -> IngestBatch:
    """Ingest every pending item of a batch that no other worker holds, then close the batch if complete.

    Safe to run again after a crash and to run in several workers at once. A database failure is
    raised to the caller (the job fails and is retried); every other failure ends in the report.
    should_stop is asked between files (a worker shutting down): the batch then stays running
    with its remaining files pending, for another job to finish.
    """
    try:
        batch = IngestBatch.objects.select_related("created_by").get(pk=batch_id)
    except IngestBatch.DoesNotExist as error:
        raise BatchError(f"there is no import batch {batch_id}") from error
    IngestBatch.objects.filter(pk=batch_id, status__in=[IngestBatch.Status.QUEUED, IngestBatch.Status.FAILED]).update(
        status=IngestBatch.Status.RUNNING,
        started_at=Coalesce(F("started_at"), Value(timezone.now())),
        finished_at=None,
        error="",
    )
    run = _Run(batch)
    try:
        while not (should_stop and should_stop()):
            if _process_one(run) is None:
                break
    finally:
        run.close()
    return _finish_if_complete(batch_id)


def execute_batch(*, batch_id: int, should_stop: Callable[[], bool] | None = None) -> IngestBatch:
    """Run a batch so that it never stays "running" on a failure: the reason is written on the batch.

    A lost database connection fails the batch with a retry hint (and the error is raised again, so
    the job fails and can be retried); any other unexpected error fails it with its message.
    """
    try:
        return run_batch(batch_id=batch_id, should_stop=should_stop)
    except (OperationalError, InterfaceError) as error:
        fail_batch_after_database_loss(batch_id=batch_id, error=error)
        raise
    except BatchError:
        raise
    except Exception as error:
        logger.exception("import batch %s stopped", batch_id)
        reason = f"the import stopped on an internal error ({type(error).__name__}: {error})"
        fail_batch(batch_id=batch_id, error=reason)
        raise


def fail_batch(*, batch_id: int, error: str) -> None:
    """Mark a batch failed with a readable reason (items already done stay done; retry finishes the rest)."""
    failed = (
        IngestBatch.objects.filter(pk=batch_id)
        .exclude(status=IngestBatch.Status.DONE)
        .update(status=IngestBatch.Status.FAILED, error=error, finished_at=timezone.now())
    )
    if failed:
        _announce_finished(batch_id, IngestBatch.Status.FAILED)


def fail_batch_after_database_loss(*, batch_id: int, error: BaseException) -> None:
    """Record that the database went away mid-batch, on a fresh connection if the server is back."""
    connection.close()  # the broken connection cannot be reused; Django opens a new one on the next query
    try:
        fail_batch(
            batch_id=batch_id,
            error=(
                f"the database connection was lost during the import ({type(error).__name__}); "
                "files already done are kept, none is half-stored; retry to finish the rest"
            ),
        )
    except DatabaseError:
        logger.warning("batch %s: the database is still unreachable; the job will be retried", batch_id)
        connection.close()


INGEST_TASK = "provenance.tasks.ingest_batch"
ORPHANED = (
    "the import's background job gave up before the import was finished (the database stayed unreachable "
    "through all its retries); files already done are kept, none is half-stored; retry to finish the rest"
)


def fail_orphaned_batches() -> list[int]:
    """Mark failed the queued or running batches whose every job has ended: no worker will finish them.

    A job whose database stayed away through all its retries could not record that it gave up; the
    recovery job (provenance.tasks.retry_stalled_jobs) calls this so such an import ends failed, with
    retry, instead of showing "running" for ever. Batches run inline (no job) are left alone.
    """
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = ProcrastinateJob.objects.filter(task_name=INGEST_TASK, args__has_key="batch_id")
    of_batch = jobs.annotate(batch=KT("args__batch_id")).filter(batch=Cast(OuterRef("pk"), CharField()))
    orphans = (
        IngestBatch.objects.filter(status__in=[IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING])
        .filter(Exists(of_batch))
        .exclude(Exists(of_batch.filter(status__in=["todo", "doing"])))
    )
    ids = list(orphans.values_list("pk", flat=True))
    for batch_id in ids:
        logger.warning("import batch %s: its jobs all ended before it did; marking it failed", batch_id)
        fail_batch(batch_id=batch_id, error=ORPHANED)
    return ids


def retry_batch(*, batch_id: int) -> IngestBatch:
    """Queue a failed or interrupted batch again; its done items are skipped, so nothing is doubled."""
    batch = IngestBatch.objects.get(pk=batch_id)
    if batch.status == IngestBatch.Status.DONE:
        raise BatchError(f"import {batch_id} is finished; there is nothing to retry")
    if not batch.items.filter(status=IngestItem.Status.PENDING).exists():
        with transaction.atomic():
            IngestBatch.objects.filter(pk=batch_id).update(status=IngestBatch.Status.RUNNING)
            return _finish_if_complete(batch_id)
    IngestBatch.objects.filter(pk=batch_id).update(status=IngestBatch.Status.QUEUED, error="", finished_at=None)
    batch.refresh_from_db()
    return start_batch(batch=batch, inline=False)


# --- reads -----------------------------------------------------------------------------------------


def batch_report(batch: IngestBatch) -> list[dict]:
    """The batch's report so far: the per-file reports in upload order, as `ingest --json` prints them."""
    report: list[dict] = []
    for result in batch.items.exclude(status=IngestItem.Status.PENDING).order_by("id").values_list("result", flat=True):
        report.extend(result)
    return report


def batch_files(batch: IngestBatch):
    """The batch's items with their status, error and report, in upload order (one query)."""
    return batch.items.order_by("id").only("id", "batch_id", "filename", "status", "error", "result", "processed_at")


def batch_progress(batch: IngestBatch) -> dict:
    """Counters for the progress display: files done / total, articles created and known, errors."""
    percent = round(100 * batch.files_done / batch.files_total) if batch.files_total else 100
    return {
        "files_done": batch.files_done,
        "files_total": batch.files_total,
        "articles_created": batch.articles_created,
        "articles_known": batch.articles_known,
        "files_failed": batch.files_failed,
        "percent": percent,
        "is_finished": batch.status in (IngestBatch.Status.DONE, IngestBatch.Status.FAILED),
    }
