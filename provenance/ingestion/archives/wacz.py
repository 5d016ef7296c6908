"""WACZ files: the pages of their WARCs, with the datapackage's description and the checks of its hashes.

A signature is checked as far as it can be offline (signature.py) and recorded with what was checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from provenance.ingestion.accept import (
    BatchLimits,
    IngestError,
    RefusedPart,
    ZipMember,
    read_member,
    suffix_of,
    unpack_refusal,
    unsafe_member_name,
)
from provenance.ingestion.archives.contents import ArchiveContents, Budget
from provenance.ingestion.archives.signature import check_signed_data
from provenance.ingestion.archives.warc import read_warc


def read_wacz(label: str, data: bytes, *, limits: BatchLimits, budget: Budget) -> ArchiveContents:
    """The pages of a WACZ's WARCs, each with the datapackage's description and the checks of its hashes."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        infos = bundle.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise IngestError(label, f"not a readable WACZ (zip) archive ({error})") from error
    if len(infos) > limits.max_files:
        raise IngestError(label, f"{len(infos)} entries, more than the limit of {limits.max_files} files")
    members = {info.filename: info for info in infos if not info.is_dir() and not unsafe_member_name(info.filename)}

    def read(name: str) -> bytes:
        info = members[name]
        refusal = unpack_refusal(info, limits)
        if refusal is not None:
            raise IngestError(f"{label}/{name}", refusal)
        budget.spend(info.file_size)
        return read_member(bundle, ZipMember(f"{label}/{name}", info))

    if "datapackage.json" not in members:
        raise IngestError(label, "not a WACZ: it has no datapackage.json")
    package = read("datapackage.json")
    try:
        datapackage = json.loads(package)
        resources = {item["path"]: item for item in datapackage.get("resources", []) if isinstance(item, dict)}
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise IngestError(label, f"its datapackage.json is not a WACZ data package ({error})") from error
    package_hash = "sha256:" + hashlib.sha256(package).hexdigest()
    wacz = {
        "file": label,
        "datapackage": {
            key: datapackage.get(key)
            for key in ("title", "description", "created", "modified", "software", "wacz_version", "mainPageURL")
            if datapackage.get(key) is not None
        },
        "resources": [
            {"path": path, "hash": item.get("hash"), "bytes": item.get("bytes")} for path, item in resources.items()
        ][:1000],
    }
    created = datapackage.get("created")
    wacz.update(_digest_and_signature(read, members, package_hash, created if isinstance(created, str) else None))
    titles = _page_titles(read, members)
    contents = ArchiveContents()
    warcs = [name for name in members if name.startswith("archive/") and suffix_of(name) in (".warc", ".warc.gz")]
    if not warcs:
        raise IngestError(label, "no WARC file under archive/ in the WACZ")
    for name in warcs:
        try:
            warc = read(name)
        except IngestError as error:
            contents.parts.append(RefusedPart(error.filename, error.reason))
            continue
        listed = resources.get(name, {}).get("hash")
        actual = "sha256:" + hashlib.sha256(warc).hexdigest()
        if listed is None:
            integrity = "not listed in datapackage.json"
        elif str(listed).lower() == actual:
            integrity = "verified"
        else:
            integrity = f"mismatch: datapackage.json says {listed}, the file is {actual}"
        read_warc(
            f"{label}/{name}",
            warc,
            limits=limits,
            budget=budget,
            into=contents,
            archive={"format": "wacz", "wacz": {**wacz, "resource": name, "resource_hash": integrity}},
            page_titles=titles,
        )
    return contents


def _digest_and_signature(read, members: dict, package_hash: str, package_created: str | None) -> dict:
    """The check of datapackage-digest.json against datapackage.json, and of its signature (signature.py)."""
    if "datapackage-digest.json" not in members:
        return {"datapackage_digest": "absent", "signature": {"present": False}}
    try:
        digest = json.loads(read("datapackage-digest.json"))
        listed = str(digest.get("hash", ""))
        signed = digest.get("signedData")
    except (ValueError, AttributeError, IngestError):
        return {"datapackage_digest": "unreadable", "signature": {"present": False}}
    checked = (
        "verified" if listed.lower() == package_hash else f"mismatch: it says {listed}, the file is {package_hash}"
    )
    if not isinstance(signed, dict):
        return {"datapackage_digest": checked, "signature": {"present": False}}
    return {
        "datapackage_digest": checked,
        "signature": check_signed_data(signed, package_hash=package_hash, package_created=package_created),
    }


def _page_titles(read, members: dict) -> dict[str, dict]:
    """pages/pages.jsonl as url -> {"title", "ts"}: how the crawler listed the pages it captured."""
    if "pages/pages.jsonl" not in members:
        return {}
    titles: dict[str, dict] = {}
    try:
        lines = read("pages/pages.jsonl").decode("utf-8", "replace").splitlines()
    except IngestError:
        return {}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            titles[entry["url"]] = {key: entry[key] for key in ("title", "ts") if isinstance(entry.get(key), str)}
    return titles
