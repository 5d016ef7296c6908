"""A JSON parser that refuses bodies over API_MAX_BODY_BYTES (413) and anything that is not strict JSON (400)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from claims.api.errors import PayloadTooLarge


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(JSONParser):
    """Reads at most API_MAX_BODY_BYTES + 1 bytes, whatever Content-Length says."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        too_large = f"The request body is larger than the limit of {limit} bytes; send less data per request."
        if declared:
            try:
                if int(declared) > limit:
                    raise PayloadTooLarge(too_large)
            except ValueError as error:
                raise ParseError(f"Content-Length {declared!r} is not a number of bytes.") from error
        if stream is None:
            return {}
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise PayloadTooLarge(too_large)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(f"The request body is not UTF-8 (bad byte at position {error.start}).") from error
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except RecursionError as error:
            raise ParseError("The JSON is nested too deeply.") from error
        except ValueError as error:
            raise ParseError(f"Malformed JSON: {error}") from error
