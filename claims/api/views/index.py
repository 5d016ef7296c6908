"""The API's front door at /api/v1/: what it serves, where its docs are, and how to authenticate."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from claims.api.views.base import OfferedFormatsOnly

RESOURCES = {
    "sources": ("api:source-list", "Outlets, people and organisations, with their affiliations."),
    "articles": ("api:article-list", "Ingested articles with their outlet, origin and captures."),
    "derivations": ("api:derivation-list", "Who copied whom: republications, excerpts, rewrites."),
    "claims": ("api:claim-list", "Claims with their suggested status (CSV, NDJSON, ClaimReview, PROV)."),
    "mentions": ("api:mention-list", "Where a claim is stated, denied or questioned (also W3C Web Annotation)."),
    "reviews": ("api:review-list", "Reviewers' verdicts, append-only."),
    "captures": ("api:capture-list", "Capture web pages by URL: POST a list of links, follow the batch."),
    "fact-checks": (
        "newsroom-api:fact-check-list",
        "Others' fact-checks (ClaimReview) imported, linked to our claims.",
    ),
    "fact-check-links": ("newsroom-api:fact-check-link-list", "Proposed links from fact-checks to our claims."),
    "webhooks": ("newsroom-api:webhook-list", "Endpoints notified of status changes, verdicts and more (admins)."),
}

_LINK = inline_serializer("ApiLink", fields={"url": serializers.URLField(), "description": serializers.CharField()})


class ApiIndexView(APIView):
    """Public: links only, no data, so a newcomer who opens /api/v1/ finds the way in."""

    permission_classes = [AllowAny]
    throttle_classes: list = []
    content_negotiation_class = OfferedFormatsOnly

    @extend_schema(
        summary="What the API serves",
        responses=inline_serializer(
            "ApiIndex",
            fields={
                "name": serializers.CharField(),
                "version": serializers.CharField(),
                "authentication": serializers.CharField(),
                "docs": serializers.URLField(),
                "redoc": serializers.URLField(),
                "schema": serializers.URLField(),
                "resources": serializers.DictField(child=_LINK),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "name": "Provenance DB API",
                "version": "v1",
                "authentication": "Send `Authorization: Token <key>` (admin: Tokens) or use a web-app session.",
                "docs": reverse("api:docs", request=request),
                "redoc": reverse("api:redoc", request=request),
                "schema": reverse("api:schema", request=request),
                "resources": {
                    name: {"url": reverse(route, request=request), "description": description}
                    for name, (route, description) in RESOURCES.items()
                },
            }
        )
