"""Ingestion service: from a file's bytes to stored, attributed articles, and the report of what happened.

- service: ingest_file (one page) and the run's IngestContext (known outlets, patterns, sources met);
- files: collect_inputs and ingest_paths (files, directories, zip archives) for the `ingest` command;
- reports: report_rows / report_for_file (the JSON report) and summarise (the summary line).
"""

from provenance.ingestion.files import InputFile, collect_inputs, ingest_input, ingest_paths
from provenance.ingestion.reports import Summary, report_for_file, report_rows, summarise
from provenance.ingestion.service import (
    FileResult,
    IngestContext,
    IngestedArticle,
    IngestError,
    check_url,
    guess_kind,
    ingest_file,
    megabytes,
)

__all__ = [
    "FileResult",
    "IngestContext",
    "IngestError",
    "IngestedArticle",
    "InputFile",
    "Summary",
    "check_url",
    "collect_inputs",
    "guess_kind",
    "ingest_file",
    "ingest_input",
    "ingest_paths",
    "megabytes",
    "report_for_file",
    "report_rows",
    "summarise",
]
