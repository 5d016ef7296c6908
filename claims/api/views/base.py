"""What every API view shares: JSON errors whatever format was asked for, ETag and If-Match handling."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from claims.api.filters import StrictBooleanField
from claims.api.renderers import SafeJSONRenderer
from claims.exports.links import Links
from claims.services.api_writes import ANY_VERSION, version_tag


class OfferedFormatsOnly(DefaultContentNegotiation):
    """?format= must name a format the endpoint offers: an empty or unknown one is a 404 listing them.

    DRF ignores an empty ?format= (and answers JSON), which a client that meant another format
    cannot tell from what it asked for.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        offered = [renderer.format for renderer in renderers]
        if asked is not None and asked not in offered:
            raise NotFound(f"No format {asked!r} here; use one of {', '.join(offered)} (or an Accept header).")
        return super().select_renderer(request, renderers, format_suffix)


class JsonErrorsMixin:
    """Errors are always rendered as JSON, even when the request asked for CSV or JSON-LD."""

    lookup_value_regex = "[0-9]+"
    content_negotiation_class = OfferedFormatsOnly

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            renderer = getattr(request, "accepted_renderer", None)
            if not isinstance(renderer, SafeJSONRenderer) or renderer.media_type != "application/json":
                request.accepted_renderer = SafeJSONRenderer()
                request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


def boolean_param(request, name: str, *, default: bool) -> bool:
    """A true/false query parameter (true, false, 1, 0); any other value is a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = StrictBooleanField().clean(raw)
    except forms.ValidationError as error:
        raise ValidationError({name: error.messages}) from None
    if value is None:
        raise ValidationError({name: ["Use true or false."]})
    return value


def quoted_etag(instance) -> str:
    return f'"{version_tag(instance)}"'


_ENTITY_TAG = re.compile(r'\s*(?:(?P<any>\*)|(?P<weak>W/)?"(?P<tag>[^"]*)")\s*(?=,|$)')


def expected_versions(request) -> list[str] | None:
    """The versions an If-Match header accepts (None without the header); weak tags never match."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    versions: list[str] = []
    position = 0
    while True:  # a list of entity tags (RFC 9110): "*", or "…" and W/"…", whose quotes may hold commas
        tag = _ENTITY_TAG.match(header, position)
        if tag is None:
            raise ValidationError({"If-Match": ['Send the ETag exactly as received, quotes included: If-Match: "…".']})
        if tag.group("any"):
            versions.append(ANY_VERSION)
        elif not tag.group("weak"):
            versions.append(tag.group("tag"))  # a weak tag never matches
        position = tag.end()
        if position == len(header):
            return versions
        position += 1  # the comma the pattern ended on


def with_etag(response: Response, instance) -> Response:
    response["ETag"] = quoted_etag(instance)
    return response


class ServiceWritesMixin:
    """POST, PUT and PATCH through a service: strict input, a fresh read after, the ETag on the answer.

    PUT replaces (fields left out take put_defaults); PATCH changes only what is sent. Both honour If-Match.
    """

    create_serializer_class: type
    update_serializer_class: type
    put_defaults: dict[str, Any] = {}
    detail_link: str  # the Links method that names one object

    def service_create(self, request, data: dict[str, Any]):
        raise NotImplementedError

    def service_update(self, pk: int, versions: list[str] | None, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def fresh(self, pk: int):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = self.create_serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        instance = self.fresh(self.service_create(request, data.validated_data).pk)
        response = Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)
        response["Location"] = getattr(Links.for_request(request), self.detail_link)(instance.pk)
        return with_etag(response, instance)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        data = self.update_serializer_class(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data) if partial else {**self.put_defaults, **data.validated_data}
        self.service_update(instance.pk, expected_versions(request), changes)
        instance = self.fresh(instance.pk)
        return with_etag(Response(self.get_serializer(instance).data), instance)


class ServiceWritesViewSet(
    JsonErrorsMixin,
    ServiceWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and edit (no delete): the shape of the claims and mentions endpoints."""
