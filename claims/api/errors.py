"""Every API error as one JSON shape, with domain errors translated to 4xx instead of 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from claims.services.api_writes import StaleVersion
from claims.services.core import ClaimError
from claims.text.w3c import SelectorError
from provenance.services import ProvenanceError
from sources.services import SourceError

DOMAIN_ERRORS = (ClaimError, ProvenanceError, SourceError, SelectorError)
API_PATH = "/api/"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it; fetch it again and resend with the new ETag."
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with the data already stored."
    default_code = "conflict"


def _translate(exc: Exception) -> Exception:
    """Domain errors (ValueError subclasses with a user-facing message) become API exceptions."""
    if isinstance(exc, StaleVersion):
        return PreconditionFailed(str(exc))
    if isinstance(exc, DOMAIN_ERRORS):
        return exceptions.ValidationError({"non_field_errors": [str(exc)]}, code="invalid")
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(errors)
    if isinstance(exc, IntegrityError):
        return Conflict()
    return exc


def _first_message(errors: Any) -> str:
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                return message if field in ("non_field_errors", "detail") else f"{field}: {message}"
    elif isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
    elif errors is not None:
        return str(errors)
    return ""


def error_body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict[str, Any]:
    """The one shape of every error: HTTP status, a machine code, a sentence, and field errors if any."""
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or {}}


def json_exception_handler(exc: Exception, context: dict) -> Any:
    """DRF's handler, on our error shape; domain errors become 400/409/412 and never a 500."""
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        detail = f"Invalid input: {_first_message(errors)}"
        code = "invalid"
    else:
        errors = None
        detail = str(data.get("detail", "")) if isinstance(data, dict) else _first_message(data)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    response.data = error_body(response.status_code, code, detail, errors)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The root URLconf's handler500: under /api/, an unhandled exception answers JSON in the one
    error shape; elsewhere, Django's error page.

    Django has already logged the exception with its traceback; the client gets no detail of it.
    """
    if not request.path.startswith(API_PATH):
        return defaults.server_error(request)
    return JsonResponse(
        error_body(500, "server_error", "Something went wrong on our side; it has been logged. Try again later."),
        status=500,
    )


@csrf_exempt  # any method gets the same JSON 404, not a CSRF page
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """JSON 404 for any address under /api/v1/ that names no endpoint."""
    return JsonResponse(
        error_body(404, "not_found", f"No API endpoint at {request.path}; see /api/v1/docs/ for the list."),
        status=404,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The root URLconf's handler404: the API's JSON 404 under /api/ (an address no route takes, even
    one with a newline in it), Django's page elsewhere."""
    if not request.path.startswith(API_PATH):
        return defaults.page_not_found(request, exception)
    return api_not_found(request)
