"""Trusted timestamps (RFC 3161): ask each configured time-stamping authority to sign a capture's SHA-256.

A capture is stored first and never waits for this: `schedule_timestamps` queues a job in the
transaction that stores it, and the job (provenance.tasks.timestamp_capture) calls
`timestamp_capture`, which retries later for the authorities that did not answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from rfc3161_client import HashAlgorithm, PKIStatus, TimestampRequestBuilder, decode_timestamp_response

from provenance.models import Capture, CaptureTimestamp

MAX_REPLY_BYTES = 256 * 1024  # a token is a few kilobytes; a certificate chain a few more
QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"


class TimestampError(RuntimeError):
    """An authority did not give a usable token; the message names it and says why."""


@dataclass(frozen=True)
class Token:
    """A granted token, read: what we keep of it."""

    reply: bytes
    gen_time: datetime
    serial_number: int
    message_imprint: bytes
    tsa_name: str


def schedule_timestamps(capture: Capture) -> None:
    """Queue the timestamp job for a new capture (in the caller's transaction); nothing when no TSA is set."""
    if not settings.CAPTURE_TSA_URLS:
        return
    from provenance.tasks import timestamp_capture as job  # tasks import the services that call this

    job.defer(capture_id=capture.pk)


def request_token(*, tsa_url: str, data: bytes, timeout: float | None = None) -> Token:
    """Ask one authority for a token over sha256(data); TimestampError when it refuses or answers wrongly."""
    query = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    timeout = settings.CAPTURE_TSA_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False) as client,
            client.stream(
                "POST", tsa_url, content=query.as_bytes(), headers={"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE}
            ) as response,
        ):
            reply = bytearray()
            for chunk in response.iter_bytes():
                reply += chunk
                if len(reply) > MAX_REPLY_BYTES:
                    raise TimestampError(f"{tsa_url}: the answer is larger than {MAX_REPLY_BYTES} bytes")
    except httpx.HTTPError as error:
        raise TimestampError(f"{tsa_url}: no answer ({error.__class__.__name__}: {error})") from error
    if response.status_code != 200:
        raise TimestampError(f"{tsa_url}: answered HTTP {response.status_code}")
    try:
        answer = decode_timestamp_response(bytes(reply))
    except ValueError as error:
        raise TimestampError(f"{tsa_url}: the answer is not a timestamp reply ({error})") from error
    if answer.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        said = "; ".join(answer.status_string) or f"status {answer.status}"
        raise TimestampError(f"{tsa_url}: refused to timestamp ({said})")
    info = answer.tst_info
    digest = hashlib.sha256(data).digest()
    if info.message_imprint.message != digest:
        raise TimestampError(f"{tsa_url}: the token signs another hash than the one asked for")
    if info.nonce != query.nonce:
        raise TimestampError(f"{tsa_url}: the token does not carry the nonce of our request (a replayed answer?)")
    return Token(
        reply=bytes(reply),
        gen_time=info.gen_time,
        serial_number=info.serial_number,
        message_imprint=digest,
        tsa_name=signer_name(answer),
    )


def signer_name(answer) -> str:
    """The subject of the certificate that signed the token (as RFC 4514), or the TSA name the token gives."""
    from cryptography import x509

    signers = answer.signed_data.signer_infos
    certificates = [x509.load_der_x509_certificate(der) for der in answer.signed_data.certificates]
    for signer in signers:
        for certificate in certificates:
            if certificate.issuer == signer.issuer and certificate.serial_number == signer.serial_number:
                return certificate.subject.rfc4514_string()[:500]
    try:
        return str(answer.tst_info.name.value.rfc4514_string())[:500]
    except (AttributeError, ValueError):
        return ""


def timestamp_capture(*, capture_id: int, tsa_urls: list[str] | None = None) -> list[CaptureTimestamp]:
    """Get a token from every configured authority that has not given one for this capture yet.

    Tokens already held are kept; one authority failing does not stop the others. When any failed,
    TimestampError (naming each) is raised after the others are stored, so the job retries them.
    """
    urls = settings.CAPTURE_TSA_URLS if tsa_urls is None else tsa_urls
    capture = Capture.objects.only("id", "data", "sha256").get(pk=capture_id)
    held = set(CaptureTimestamp.objects.filter(capture=capture).values_list("tsa_url", flat=True))
    stored: list[CaptureTimestamp] = []
    failures: list[str] = []
    data = bytes(capture.data)
    for url in urls:
        if url in held:
            continue
        try:
            token = request_token(tsa_url=url, data=data)
        except TimestampError as error:
            failures.append(str(error))
            continue
        if token.message_imprint.hex() != capture.sha256:
            failures.append(f"{url}: capture {capture.pk}'s bytes no longer hash to its SHA-256; not timestamped")
            continue
        stored.append(_store(capture=capture, tsa_url=url, token=token))
    if failures:
        raise TimestampError("; ".join(failures))
    return stored


def _store(*, capture: Capture, tsa_url: str, token: Token) -> CaptureTimestamp:
    try:
        with transaction.atomic():
            return CaptureTimestamp.objects.create(
                capture=capture,
                tsa_url=tsa_url,
                hash_algorithm="sha256",
                message_imprint=token.message_imprint.hex(),
                token=token.reply,
                gen_time=token.gen_time,
                serial_number=str(token.serial_number),
                tsa_name=token.tsa_name,
            )
    except IntegrityError:  # another job stored this authority's token meanwhile: keep theirs
        return CaptureTimestamp.objects.get(capture=capture, tsa_url=tsa_url)
