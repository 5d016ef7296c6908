"""The spread of a story on the API: JSON, or SVG (`?format=svg`, `chart=timeline|graph`)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.renderers import SafeJSONRenderer, SVGRenderer
from provenance.spread import Copy, Spread
from provenance.svg import graph_svg, timeline_svg

CHARTS = {"timeline": timeline_svg, "graph": graph_svg}
RENDERERS = [SafeJSONRenderer, SVGRenderer]


class CopySerializer(serializers.Serializer):
    article = serializers.IntegerField(source="article_id")
    outlet = serializers.CharField(help_text='The outlet\'s name, or "unknown outlet".')
    outlet_id = serializers.IntegerField(allow_null=True)
    group = serializers.CharField(help_text="The outlet's affiliation root: outlets of one group are not independent.")
    published = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    kind = serializers.CharField(help_text='How it was copied from its source (a derivation kind), or "origin".')
    source_article = serializers.IntegerField(source="parent_id", allow_null=True)
    source_outlet = serializers.CharField(allow_null=True, help_text="An outlet whose original we do not hold.")
    depth = serializers.IntegerField()
    focus = serializers.BooleanField(help_text="One of the articles the spread was asked for.")


class SpreadSerializer(serializers.Serializer):
    copies = CopySerializer(many=True)
    truncated = serializers.BooleanField(help_text="The family was larger than the 300 articles shown.")


def spread_action(subject: str):
    """A viewset's `spread` action (GET {id}/spread/), documented: decorate the method that answers it."""

    def decorate(method):
        routed = action(
            detail=True,
            methods=["get"],
            url_path="spread",
            filterset_class=None,
            pagination_class=None,
            renderer_classes=RENDERERS,
        )(method)
        return _schema(subject)(routed)

    return decorate


def _schema(subject: str):
    return extend_schema(
        summary=f"The spread of {subject}: every copy, as JSON or drawn as SVG",
        description=f"Every article of the chains {subject} belongs to: outlet, affiliation group, publication "
        "date, how it was copied and from which article. With `?format=svg` the same drawn as a timeline "
        "(`chart=timeline`, the default: x axis publication time, one row per outlet grouped by affiliation, "
        "one mark per copy shaped by how it was copied, the origin first) or as the derivation graph "
        "(`chart=graph`). The SVG uses no script or style, so it can be embedded anywhere and printed.",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["json", "svg"]),
            OpenApiParameter("chart", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=list(CHARTS)),
        ],
        responses={
            (200, "application/json"): SpreadSerializer,
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="An SVG drawing."),
        },
        filters=False,
    )


def _web_link(copy: Copy) -> str:
    return reverse("web:article", args=[copy.article_id])


def spread_response(request: Request, spread: Spread, *, title: str) -> Response:
    """The spread as JSON, or as the SVG chart asked for."""
    chart = request.query_params.get("chart", "timeline")
    if chart not in CHARTS:
        raise ValidationError({"chart": [f"Unknown chart {chart[:40]!r}: use one of {', '.join(CHARTS)}."]})
    if getattr(request.accepted_renderer, "format", "json") == "svg":
        response = Response(CHARTS[chart](spread, title=title, href=_web_link))
        response["Content-Disposition"] = "inline"
        return response
    return Response(SpreadSerializer(spread).data)
