"""Outgoing email from the environment: EMAIL_URL, or EMAIL_HOST and its companions; none means off."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

OFF = "django.core.mail.backends.dummy.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
# EMAIL_URL schemes: smtp:// (STARTTLS with ?tls=1), submission:// (port 587, STARTTLS), smtps:// (TLS
# from the start, port 465), and console:// (print messages to standard output, for a developer).
SCHEMES = {"smtp": (25, False, False), "submission": (587, True, False), "smtps": (465, False, True)}
YES = {"1", "true", "yes", "on"}
NO = {"0", "false", "no", "off", ""}


class EmailConfigError(ValueError):
    """The email variables cannot be understood; the message names the variable and the fix."""


def _flag(name: str, value: str) -> bool:
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise EmailConfigError(f"{name} must be 1 or 0 (true/false), got {value!r}")


def _parse_url(url: str) -> dict:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme not in SCHEMES:
        raise EmailConfigError(
            f"EMAIL_URL must start with smtp://, submission://, smtps:// or console://, got {scheme or '(none)'!r}"
        )
    if not parts.hostname:
        raise EmailConfigError("EMAIL_URL names no host, e.g. submission://USER:PASSWORD@mail.example.org")
    port, use_tls, use_ssl = SCHEMES[scheme]
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    if "tls" in query:
        use_tls = _flag("EMAIL_URL ?tls", query["tls"])
    try:
        port = parts.port or port
    except ValueError as error:
        raise EmailConfigError(f"EMAIL_URL has a bad port: {error}") from error
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def email_settings(environ: Mapping[str, str]) -> dict:
    """Django's EMAIL_* settings from the environment; the dummy backend (email off) when none is set."""
    url = environ.get("EMAIL_URL", "").strip()
    host = environ.get("EMAIL_HOST", "").strip()
    if url:
        config = _parse_url(url)
    elif host:
        use_ssl = _flag("EMAIL_USE_SSL", environ.get("EMAIL_USE_SSL", ""))
        use_tls = _flag("EMAIL_USE_TLS", environ.get("EMAIL_USE_TLS", "0" if use_ssl else "1"))
        if use_tls and use_ssl:
            raise EmailConfigError("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on; pick one")
        port = environ.get("EMAIL_PORT", "").strip() or ("465" if use_ssl else "587" if use_tls else "25")
        if not port.isdigit():
            raise EmailConfigError(f"EMAIL_PORT must be a number, got {port!r}")
        config = {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": host,
            "EMAIL_PORT": int(port),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": use_tls,
            "EMAIL_USE_SSL": use_ssl,
        }
    else:
        config = {"EMAIL_BACKEND": OFF}
    sender = environ.get("DEFAULT_FROM_EMAIL", "").strip()
    if sender:
        config["DEFAULT_FROM_EMAIL"] = sender
        config["SERVER_EMAIL"] = environ.get("SERVER_EMAIL", "").strip() or sender
    config["EMAIL_TIMEOUT"] = int(environ.get("EMAIL_TIMEOUT", "10"))
    return config
