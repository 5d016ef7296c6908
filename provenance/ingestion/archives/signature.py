"""A signed WACZ's signedData (datapackage-digest.json), checked as far as it can be offline, saying what was.

Two kinds, as the WACZ signing spec and authsign write them: anonymous (`publicKey`: a base64 DER
public key; `signature`: ECDSA-SHA256 over the `hash` string, DER or raw r||s as WebCrypto gives) and
domain (`domainCert`: the signer's PEM chain, whose first certificate's key made `signature`;
`timeSignature`: an RFC 3161 token over the signature, from `timestampCert`'s chain). What needs
outside trust is not claimed: whether the chains end at roots anyone trusts (authsign keeps a list
of fingerprints) and whether the domain's certificate is really the domain's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response


def check_signed_data(signed: dict, *, package_hash: str, package_created: str | None) -> dict:
    """What holds of a WACZ's signedData: a dict with verified (bool), status, checked and not_checked."""
    checked: list[str] = []
    not_checked: list[str] = []
    problems: list[str] = []
    signed_hash = str(signed.get("hash", ""))
    if signed_hash.lower() == package_hash:
        checked.append("the signed hash is the hash of datapackage.json")
    else:
        problems.append(f"the signed hash {signed_hash or '(none)'} is not datapackage.json's {package_hash}")
    if package_created is not None and signed.get("created") not in (None, package_created):
        problems.append("the signature's date differs from datapackage.json's created date")
    signature = signed.get("signature")
    key, chain = None, []
    if isinstance(signed.get("publicKey"), str):
        mode = "anonymous"
        try:
            key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"], validate=True))
        except (ValueError, binascii.Error, TypeError) as error:
            problems.append(f"publicKey is not a base64 DER public key ({error})")
        not_checked.append("who holds the key: an anonymous signature says only that the package is unchanged")
    elif isinstance(signed.get("domainCert"), str):
        mode = "domain"
        chain, problem = _chain(signed["domainCert"], "domainCert")
        if problem:
            problems.append(problem)
        else:
            key = chain[0].public_key()
            checked.append("domainCert's certificates are each signed by the next")
        not_checked.append("whether domainCert's chain ends at a root we trust (no list of trusted roots here)")
    else:
        mode = "unknown"
        problems.append("no publicKey or domainCert to check the signature with")
    if key is not None:
        outcome = _check_signature(key, signature, signed_hash)
        (checked if outcome.startswith("ECDSA") else problems).append(outcome)
    if mode == "domain":
        _check_time_signature(signed, checked, not_checked, problems)
    verified = not problems and key is not None
    if verified:
        status = "signature valid" + ("" if mode == "anonymous" else ", certificate chains not checked against roots")
    else:
        status = "signature does not hold"
    result = {
        "present": True,
        "verified": verified,
        "mode": mode,
        "status": status,
        "checked": checked,
        "not_checked": not_checked,
        "problems": problems,
        "signed_hash_matches_datapackage": signed_hash.lower() == package_hash,
    }
    for name in ("domain", "created", "software"):
        if isinstance(signed.get(name), str):
            result[name] = signed[name]
    if mode == "anonymous":
        result["publicKey"] = signed["publicKey"]
    if chain:
        result["domain_certificate"] = {
            "subject": chain[0].subject.rfc4514_string(),
            "issuer": chain[0].issuer.rfc4514_string(),
            "sha256": chain[0].fingerprint(hashes.SHA256()).hex(),
        }
    return result


def _chain(pem: str, name: str) -> tuple[list[x509.Certificate], str | None]:
    """The PEM chain, checked link by link (each certificate signed by the next one's key)."""
    try:
        chain = x509.load_pem_x509_certificates(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        return [], f"{name} is not a PEM certificate chain ({error})"
    for child, parent in itertools.pairwise(chain):
        try:
            child.verify_directly_issued_by(parent)
        except (ValueError, TypeError, InvalidSignature) as error:
            return [], f"{name}: {child.subject.rfc4514_string()} is not signed by the next certificate ({error})"
    return chain, None


def _check_signature(key, signature, signed_hash: str) -> str:
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return "the key is not an ECDSA key, as the WACZ signing spec asks"
    try:
        raw = base64.b64decode(str(signature or ""), validate=True)
    except (ValueError, binascii.Error):
        return "the signature is not base64"
    size = (key.curve.key_size + 7) // 8
    candidates = [raw]
    if len(raw) == 2 * size:  # WebCrypto's raw r||s
        candidates.append(encode_dss_signature(int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")))
    for candidate in candidates:
        try:
            key.verify(candidate, signed_hash.encode("ascii"), ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError, UnicodeEncodeError):
            continue
        return "ECDSA-SHA256 signature of the hash verified with the signer's public key"
    return "the signature does not verify with the signer's public key"


def _check_time_signature(signed: dict, checked: list, not_checked: list, problems: list) -> None:
    """The RFC 3161 token over the signature, against the root that timestampCert itself carries."""
    token, pem = signed.get("timeSignature"), signed.get("timestampCert")
    if not isinstance(token, str) or not isinstance(pem, str):
        not_checked.append("the signing time: no timeSignature and timestampCert")
        return
    chain, problem = _chain(pem, "timestampCert")
    if problem:
        problems.append(problem)
        return
    try:
        answer = decode_timestamp_response(base64.b64decode(token, validate=True))
        digest = hashlib.sha256(str(signed.get("signature", "")).encode("ascii")).digest()
        VerifierBuilder(roots=[chain[-1]], intermediates=chain[1:-1]).build().verify(answer, digest)
    except (ValueError, binascii.Error, VerificationError) as error:
        problems.append(f"timeSignature does not hold ({error})")
        return
    checked.append(f"timeSignature: an RFC 3161 token over the signature, made {answer.tst_info.gen_time.isoformat()}")
    not_checked.append("whether timestampCert's root is a time-stamping authority we trust")
