"""Web archives in: the HTML pages of WARC, WACZ and MHTML files, each with what the archive says of it.

Each 2xx HTML response record of a WARC (.warc, .warc.gz; WARC/1.0 and 1.1) becomes an accepted
page carrying its WARC-Target-URI, WARC-Date, HTTP status and headers, record id and digests
(checked by warcio); request and metadata records are kept with the response they belong to
(WARC-Concurrent-To, WARC-Refers-To), warcinfo with every page of its file. Revisit, conversion
and continuation records, and responses that are not 2xx HTML pages (images, scripts, redirects),
are counted as skipped and never ingested. A WACZ is a zip of WARCs with a datapackage.json whose
hashes are checked; its signature is checked as far as can be done offline (signature.py) and
recorded with what was and was not checked. An MHTML file gives its HTML part.

A truncated gzip member or a malformed record is one refused part, named by the archive, the
record's number and its offset, and the records after it are still read (warc.py frames them).
"""

from __future__ import annotations

from provenance.ingestion.accept import BatchLimits, IngestError, suffix_of
from provenance.ingestion.archives.contents import ArchiveContents, Budget
from provenance.ingestion.archives.mhtml import read_mhtml
from provenance.ingestion.archives.wacz import read_wacz
from provenance.ingestion.archives.warc import read_warc

__all__ = ["ArchiveContents", "read_archive"]


def read_archive(filename: str, data: bytes, *, limits: BatchLimits) -> ArchiveContents:
    """The pages of a web archive, or IngestError when the archive as a whole cannot be read or holds none."""
    suffix = suffix_of(filename)
    budget = Budget(filename, limits)
    if suffix == ".wacz":
        contents = read_wacz(filename, data, limits=limits, budget=budget)
    elif suffix in (".mhtml", ".mht"):
        contents = ArchiveContents(parts=[read_mhtml(filename, data, limits=limits)])
    else:
        contents = ArchiveContents()
        read_warc(filename, data, limits=limits, budget=budget, into=contents, archive={})
    if not contents.pages:
        reasons = [str(part) for part in contents.refused[:3]]
        skipped = contents.skipped_summary()
        raise IngestError(
            filename,
            "no HTML page in the archive"
            + (f" (skipped: {skipped})" if skipped else "")
            + (f"; unreadable: {'; '.join(reasons)}" if reasons else ""),
        )
    return contents
