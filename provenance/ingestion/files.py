"""Files to ingest: single pages, directories (recursive), zip archives and web archives, read one at a time."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import DatabaseError, InterfaceError, OperationalError, transaction

from provenance.ingestion.accept import (
    ACCEPTED_SUFFIXES,
    TEXT_SUFFIXES,
    ZIP_SUFFIX,
    BatchLimits,
    IncomingFile,
    IngestError,
    RefusedPart,
    ZipMember,
    accept_bytes,
    is_web_archive,
    read_member,
    refuse_oversize,
    suffix_of,
    unsafe_member_name,
    zip_members,
)
from provenance.ingestion.archives import read_archive
from provenance.ingestion.service import FileResult, IngestContext, ingest_capture


@dataclass
class InputFile:
    """One file to ingest: its display name and how to read it (or why it cannot be).

    A page of a web archive comes accepted already (incoming), with what the archive says of it.
    """

    name: str
    read: Callable[[], bytes] | None = None
    error: str | None = None
    incoming: IncomingFile | None = None


def _archive_inputs(path: Path, limits: BatchLimits) -> list[InputFile]:
    """One input per page of a web archive, and one failed input per record that cannot be read."""
    label = str(path)
    try:
        refuse_oversize(label, path.stat().st_size, limits)
        contents = read_archive(label, path.read_bytes(), limits=limits)
    except IngestError as error:
        return [InputFile(label, error=str(error))]
    except OSError as error:
        return [InputFile(label, error=f"{label}: cannot be read ({error})")]
    return [
        InputFile(part.filename, error=str(part))
        if isinstance(part, RefusedPart)
        else InputFile(part.filename, incoming=part)
        for part in contents.parts
    ]


def _zip_inputs(path: Path, limits: BatchLimits) -> list[InputFile]:
    label = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return [InputFile(label, error=f"{label}: not a readable zip archive ({error})")]
    try:
        members = zip_members(label, infos, limits=limits, separator="!/")
    except IngestError as error:
        return [InputFile(label, error=str(error))]
    inputs: list[InputFile] = []
    for member in members:
        if member.refusal is None:
            inputs.append(InputFile(member.label, read=_member_reader(path, member)))
        elif suffix_of(member.label) in ACCEPTED_SUFFIXES or unsafe_member_name(member.info.filename):
            inputs.append(InputFile(member.label, error=f"{member.label}: {member.refusal}"))
        # members of other types (images, notes) are passed over, as in a directory
    return inputs


def _member_reader(path: Path, member: ZipMember) -> Callable[[], bytes]:
    def read() -> bytes:
        with zipfile.ZipFile(path) as archive:
            return read_member(archive, member)

    return read


def collect_inputs(paths: Iterable[str | Path], *, max_bytes: int | None = None) -> list[InputFile]:
    """Every file to ingest under paths: .html/.htm/.txt files, directories (recursive), zip and web archives.

    A web archive is read when it is collected, one input per page it holds.
    """
    limits = BatchLimits.from_settings()
    if max_bytes:
        limits = replace(limits, max_file_bytes=max_bytes)
    inputs: list[InputFile] = []

    def add_file(path: Path, *, explicit: bool) -> None:
        suffix = suffix_of(path.name)
        if suffix == ZIP_SUFFIX:
            inputs.extend(_zip_inputs(path, limits))
        elif is_web_archive(path.name):
            inputs.extend(_archive_inputs(path, limits))
        elif suffix in TEXT_SUFFIXES:
            try:
                refuse_oversize(str(path), path.stat().st_size, limits)
            except IngestError as error:
                inputs.append(InputFile(str(path), error=str(error)))
            else:
                inputs.append(InputFile(str(path), read=path.read_bytes))
        elif explicit:
            inputs.append(
                InputFile(
                    str(path),
                    error=(f"{path}: unsupported file type {suffix or '(none)'}; use {', '.join(ACCEPTED_SUFFIXES)}"),
                )
            )

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    add_file(child, explicit=False)
        elif path.is_file():
            add_file(path, explicit=True)
        else:
            inputs.append(InputFile(str(path), error=f"{path}: no such file or directory"))
    return inputs


def ingest_input(
    item: InputFile, *, context: IngestContext, outlet_name: str | None = None, url: str | None = None, received_by=None
) -> FileResult:
    """Accept and ingest one collected input; every failure ends as the result's one-line error."""
    if item.error is not None:
        return FileResult(file=item.name, error=item.error)
    data = b""
    if item.incoming is None:
        try:
            data = item.read() if item.read else b""
        except IngestError as error:
            return FileResult(file=item.name, error=str(error))
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            return FileResult(file=item.name, error=f"{item.name}: cannot be read ({error})")
    try:
        articles = ingest_capture(
            incoming=item.incoming or accept_bytes(item.name, data),
            outlet_name=outlet_name,
            url=url,
            received_by=received_by,
            context=context,
        )
    except ValueError as error:  # IngestError, and domain errors of the services
        return FileResult(file=item.name, error=str(error))
    except (OperationalError, InterfaceError):
        raise  # the database went away: stop the run, nothing half-stored remains
    except DatabaseError as error:
        context.forget()  # rows it remembers may have been rolled back with the failed article
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)  # the caller's transaction cannot go on: its writes are undone
        return FileResult(file=item.name, error=f"{item.name}: could not be stored ({type(error).__name__}: {error})")
    return FileResult(file=item.name, articles=articles)


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    outlet_name: str | None = None,
    url: str | None = None,
    received_by=None,
    inputs: Sequence[InputFile] | None = None,
) -> Iterator[FileResult]:
    """Ingest every file under paths as one import batch, one result per file, in order.

    A bad file never stops the rest. The batch (origin "command") keeps each file's report, as an
    upload's does.
    """
    from provenance.batches import ingest_inputs  # batches builds on this module

    yield from ingest_inputs(
        inputs=inputs if inputs is not None else collect_inputs(paths),
        outlet_name=outlet_name or "",
        url=url or "",
        created_by=received_by,
    )
