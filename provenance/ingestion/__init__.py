"""Ingestion service: from a file's bytes to stored, attributed articles, and the report of what happened.

Every way in (command line, upload, paste, jobs) goes through the same two steps:
- accept: accept_bytes and the zip rules (refusals with the file named; encoding detected once);
- service: ingest_capture (accepted bytes, or a kept capture, to articles) and the run's IngestContext;
- files: collect_inputs and ingest_paths (files, directories, zip archives) for the `ingest` command;
- reports: report_rows / report_for_file (the JSON report), summarise (the summary line) and queued_work
  (what the new articles left to background jobs).
"""

from provenance.ingestion.accept import BatchLimits, IncomingFile, IngestError, accept_bytes, megabytes
from provenance.ingestion.files import InputFile, collect_inputs, ingest_input, ingest_paths
from provenance.ingestion.reports import Summary, queued_work, report_for_file, report_rows, summarise
from provenance.ingestion.service import (
    FileResult,
    IngestContext,
    IngestedArticle,
    check_url,
    guess_kind,
    ingest_capture,
    ingest_file,
)

__all__ = [
    "BatchLimits",
    "FileResult",
    "IncomingFile",
    "IngestContext",
    "IngestError",
    "IngestedArticle",
    "InputFile",
    "Summary",
    "accept_bytes",
    "check_url",
    "collect_inputs",
    "guess_kind",
    "ingest_capture",
    "ingest_file",
    "ingest_input",
    "ingest_paths",
    "megabytes",
    "queued_work",
    "report_for_file",
    "report_rows",
    "summarise",
]
