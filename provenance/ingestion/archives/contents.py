"""What reading a web archive gives (pages and refused parts in order, what it skipped) and its unpacking budget."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from provenance.ingestion.accept import BatchLimits, IncomingFile, IngestError, RefusedPart, megabytes

PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class ArchiveContents:
    """What an archive holds, in archive order: accepted pages and refused parts; and what was skipped, counted."""

    parts: list[IncomingFile | RefusedPart] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)

    @property
    def pages(self) -> list[IncomingFile]:
        return [part for part in self.parts if isinstance(part, IncomingFile)]

    @property
    def refused(self) -> list[RefusedPart]:
        return [part for part in self.parts if isinstance(part, RefusedPart)]

    def skipped_summary(self) -> str:
        return ", ".join(f"{count} {what}" for what, count in sorted(self.skipped.items()))


class Budget:
    """How many unpacked bytes one archive may still give: a gzip or zip bomb stops here."""

    def __init__(self, label: str, limits: BatchLimits) -> None:
        self.label = label
        self.limits = limits
        self.left = limits.max_batch_bytes

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise IngestError(
                self.label,
                f"refused as an archive bomb: it unpacks to more than {megabytes(self.limits.max_batch_bytes)}, "
                "the limit for one import",
            )


class RecordError(ValueError):
    """A record that cannot be read; the rest of its archive is."""
