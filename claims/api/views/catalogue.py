"""Read endpoints for sources, articles and derivations; the derivation decision; an article's PROV graph."""

from __future__ import annotations

import json

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api import filters, serializers
from claims.api.renderers import PlainTextRenderer
from claims.api.spread import spread_action, spread_response
from claims.api.views.base import JsonErrorsMixin, boolean_param
from claims.exports.links import Links
from claims.selectors.reports import articles_for_api, derivations_for_api, sources_for_api
from provenance.models import Article
from provenance.prov import prov_json_for
from provenance.services import decide_derivations
from provenance.spread import spread_for_article


@extend_schema_view(
    list=extend_schema(summary="List sources", description="Outlets, organisations, people and anonymous sources."),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(JsonErrorsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        return sources_for_api()


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Articles without their body text; `q` searches title and body in each article's language.",
    ),
    retrieve=extend_schema(summary="One article, with its body text", responses=serializers.ArticleDetailSerializer),
)
class ArticleViewSet(JsonErrorsMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = filters.ArticleFilter

    def get_queryset(self):
        return articles_for_api(with_body=self.action == "retrieve")

    def get_serializer_class(self):
        return serializers.ArticleDetailSerializer if self.action == "retrieve" else serializers.ArticleSerializer

    @extend_schema(
        summary="The article's chain as W3C PROV-JSON",
        description="Entities (articles, their captures, originals known only by outlet), agents (outlets, "
        "authors) and relations (wasDerivedFrom, wasQuotedFrom, wasRevisionOf, wasAttributedTo), from the "
        "article back to its origin; with `whole_chain=true` (the default) every copy of the chain too. "
        "Rejected derivations are left out. Names are IRIs under the instance's base URL (the "
        "PUBLIC_BASE_URL setting, else the request's own): `article:12/` is `/api/v1/articles/12/`, "
        "`outlet:3/` is `/api/v1/sources/3/`, `derivation:5/` is `/api/v1/derivations/5/`; a capture "
        "is named by the SHA-256 of its bytes (`ni:///sha-256;…`, RFC 6920).",
        parameters=[
            OpenApiParameter(
                "whole_chain",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description="Include every article derived from the chain, not only the article's sources.",
            )
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="A W3C PROV-JSON document.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="provenance", filterset_class=None, pagination_class=None)
    def provenance(self, request, pk=None):
        whole_chain = boolean_param(request, "whole_chain", default=True)
        article = get_object_or_404(Article.objects.only("id"), pk=pk)
        namespaces = Links.for_request(request).prov_namespaces()
        document = prov_json_for([article.pk], namespaces=namespaces, whole_chain=whole_chain, indent=None)
        return Response(json.loads(document))

    @extend_schema(
        summary="The article's stored text, as plain text",
        description="The clean text we extracted and stored, exactly: the text in which every mention's "
        "TextPositionSelector counts characters (Unicode code points) and which the W3C Web Annotations "
        "of its mentions target. It differs from the live page at the article's URL (no navigation, "
        "no furniture), so offsets are only valid here. `Content-Language` gives its language.",
        responses={
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="The text, UTF-8."),
        },
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="text",
        filterset_class=None,
        pagination_class=None,
        renderer_classes=[PlainTextRenderer],
    )
    def text(self, request, pk=None):
        article = get_object_or_404(Article.objects.only("id", "body", "language"), pk=pk)
        response = Response(article.body)
        if article.language:
            response["Content-Language"] = article.language
        return response

    @spread_action("the article's story")
    def spread(self, request, pk=None):
        article = get_object_or_404(Article.objects.only("id"), pk=pk)
        return spread_response(request, spread_for_article(article.pk), title=f"The spread of article {article.pk}")


@extend_schema_view(
    list=extend_schema(summary="List derivations", description="Edges of the cross-posting chains."),
    retrieve=extend_schema(summary="One derivation"),
)
class DerivationViewSet(JsonErrorsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DerivationSerializer
    filterset_class = filters.DerivationFilter
    action_permissions = {"decision": ["provenance.decide_derivation"]}

    def get_queryset(self):
        return derivations_for_api()

    @extend_schema(
        summary="Confirm or reject a derivation (reviewers)",
        request=serializers.DerivationDecisionSerializer,
        responses={200: serializers.DerivationSerializer},
        examples=[OpenApiExample("Confirm", value={"status": "confirmed"}, request_only=True)],
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path="decision", filterset_class=None)
    def decision(self, request, pk=None):
        derivation = self.get_object()
        data = serializers.DerivationDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decide_derivations(
            derivation_ids=[derivation.pk], status=data.validated_data["status"], decided_by=request.user
        )
        return Response(serializers.DerivationSerializer(derivations_for_api().get(pk=derivation.pk)).data)
