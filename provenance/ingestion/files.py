"""Files to ingest: single pages, directories (recursive) and zip archives, read one at a time."""

from __future__ import annotations

import posixpath
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

from provenance.ingestion.service import FileResult, IngestContext, ingest_file, megabytes

TEXT_SUFFIXES = (".html", ".htm", ".txt")
ZIP_SUFFIX = ".zip"
MAX_ZIP_MEMBERS = 10_000


@dataclass
class InputFile:
    """One file to ingest: its display name and how to read it (or why it cannot be)."""

    name: str
    read: Callable[[], bytes] | None = None
    error: str | None = None


def _suffix(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def unsafe_member_name(name: str) -> bool:
    """True for a zip member name that points outside the archive (absolute, drive letter, '..')."""
    normalised = name.replace("\\", "/")
    parts = normalised.split("/")
    return normalised.startswith("/") or (len(parts[0]) == 2 and parts[0][1] == ":") or ".." in parts


def _zip_inputs(path: Path, max_bytes: int) -> list[InputFile]:
    label = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return [InputFile(label, error=f"{label}: not a readable zip archive ({error})")]
    if len(infos) > MAX_ZIP_MEMBERS:
        return [InputFile(label, error=f"{label}: {len(infos)} entries, more than {MAX_ZIP_MEMBERS}")]
    max_total = getattr(settings, "INGEST_MAX_BATCH_BYTES", 4 * max_bytes)
    max_ratio = getattr(settings, "INGEST_ZIP_MAX_RATIO", 200)
    declared = sum(info.file_size for info in infos if not info.is_dir())
    if declared > max_total:
        return [
            InputFile(
                label,
                error=f"{label}: refused as a zip bomb: it unpacks to {megabytes(declared)}, "
                f"over the limit of {megabytes(max_total)} for one archive",
            )
        ]
    inputs: list[InputFile] = []
    for info in infos:
        name = f"{label}!/{info.filename}"
        if info.is_dir():
            continue
        if unsafe_member_name(info.filename):
            inputs.append(
                InputFile(name, error=f"{name}: refused: the name points outside the archive (absolute path or '..')")
            )
            continue
        if posixpath.basename(info.filename).startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        suffix = _suffix(info.filename)
        if suffix == ZIP_SUFFIX:
            inputs.append(InputFile(name, error=f"{name}: a zip inside a zip is not read; unpack it first"))
            continue
        if suffix not in TEXT_SUFFIXES:
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            inputs.append(InputFile(name, error=f"{name}: refused: symbolic links are not read from archives"))
            continue
        if info.flag_bits & 0x1:
            inputs.append(InputFile(name, error=f"{name}: refused: the file is encrypted"))
            continue
        if info.file_size > max_bytes:
            inputs.append(
                InputFile(
                    name, error=f"{name}: {megabytes(info.file_size)} is over the limit of {megabytes(max_bytes)}"
                )
            )
            continue
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            inputs.append(InputFile(name, error=f"{name}: refused as a zip bomb (compression ratio over {max_ratio})"))
            continue
        inputs.append(InputFile(name, read=_member_reader(path, info, max_bytes)))
    return inputs


def _member_reader(path: Path, info: zipfile.ZipInfo, max_bytes: int) -> Callable[[], bytes]:
    def read() -> bytes:
        with zipfile.ZipFile(path) as archive, archive.open(info) as stream:
            # one byte past the limit: a header that lies about the size is caught here
            data = stream.read(min(info.file_size, max_bytes) + 1)
        if len(data) > min(info.file_size, max_bytes):
            raise ValueError("refused as a zip bomb: it unpacks to more than its declared size")
        return data

    return read


def collect_inputs(paths: Iterable[str | Path], *, max_bytes: int | None = None) -> list[InputFile]:
    """Every file to ingest under paths: .html/.htm/.txt files, directories (recursive) and zip archives."""
    max_bytes = max_bytes or settings.INGEST_MAX_BYTES
    inputs: list[InputFile] = []

    def add_file(path: Path, *, explicit: bool) -> None:
        suffix = path.suffix.lower()
        if suffix == ZIP_SUFFIX:
            inputs.extend(_zip_inputs(path, max_bytes))
        elif suffix in TEXT_SUFFIXES:
            size = path.stat().st_size
            if size > max_bytes:
                inputs.append(
                    InputFile(str(path), error=f"{path}: {megabytes(size)} is over the limit of {megabytes(max_bytes)}")
                )
            else:
                inputs.append(InputFile(str(path), read=path.read_bytes))
        elif explicit:
            inputs.append(
                InputFile(
                    str(path),
                    error=f"{path}: unsupported file type {suffix or '(none)'}; use .html, .htm, .txt or .zip",
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
    """Ingest one collected input; every failure ends as the result's one-line error."""
    if item.error is not None:
        return FileResult(file=item.name, error=item.error)
    try:
        data = item.read() if item.read else b""
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        return FileResult(file=item.name, error=f"{item.name}: cannot be read ({error})")
    try:
        articles = ingest_file(
            data=data, filename=item.name, outlet_name=outlet_name, url=url, received_by=received_by, context=context
        )
    except ValueError as error:  # IngestError, and domain errors of the services
        return FileResult(file=item.name, error=str(error))
    except (OperationalError, InterfaceError):
        raise  # the database went away: stop the run, nothing half-stored remains
    except DatabaseError as error:
        context.forget()  # rows it remembers may have been rolled back with the failed article
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
    """Ingest every file under paths, one result per file, in order; a bad file never stops the rest."""
    context = IngestContext()
    for item in inputs if inputs is not None else collect_inputs(paths):
        yield ingest_input(item, context=context, outlet_name=outlet_name, url=url, received_by=received_by)
