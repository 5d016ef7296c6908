"""API of the newsroom: webhook endpoints (admins), others' fact-checks and their links to our claims."""

from __future__ import annotations

import json

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims.api.views.base import JsonErrorsMixin
from newsroom import factchecks, selectors, webhooks
from newsroom.api import serializers
from newsroom.api.filters import FactCheckLinkFilter


def _refused(error: Exception) -> ValidationError:
    return ValidationError({"non_field_errors": [str(error)]})


@extend_schema_view(
    list=extend_schema(summary="List webhook endpoints (admins)"),
    retrieve=extend_schema(summary="One webhook endpoint (admins)"),
    create=extend_schema(
        summary="Register a webhook endpoint (admins); the answer shows its secret, once",
        request=serializers.WebhookEndpointInputSerializer,
        responses={201: serializers.WebhookEndpointCreatedSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a webhook endpoint (admins)",
        request=serializers.WebhookEndpointInputSerializer,
        responses={200: serializers.WebhookEndpointSerializer},
    ),
    destroy=extend_schema(summary="Remove a webhook endpoint and its delivery log (admins)"),
)
class WebhookEndpointViewSet(
    JsonErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.WebhookEndpointSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = None

    def get_queryset(self):
        return selectors.endpoints_for_api().order_by("id")

    def create(self, request, *args, **kwargs):
        data = serializers.WebhookEndpointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            endpoint = webhooks.register_endpoint(created_by=request.user, **data.validated_data)
        except webhooks.WebhookError as error:
            raise _refused(error) from None
        return Response(serializers.WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        data = serializers.WebhookEndpointInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            webhooks.change_endpoint(endpoint=endpoint, **data.validated_data)
        except webhooks.WebhookError as error:
            raise _refused(error) from None
        return Response(self.get_serializer(endpoint).data)

    @extend_schema(summary="The delivery log of an endpoint, newest first (admins)", filters=False)
    @action(detail=True, methods=["get"], serializer_class=serializers.WebhookDeliverySerializer)
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        page = self.paginate_queryset(selectors.deliveries_for_admin().filter(endpoint=endpoint).order_by("-id"))
        return self.get_paginated_response(serializers.WebhookDeliverySerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List fact-checks published elsewhere (imported ClaimReview)"),
    retrieve=extend_schema(summary="One fact-check published elsewhere"),
)
class FactCheckViewSet(JsonErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.FactCheckSerializer
    filterset_class = None
    action_permissions = {"import_reviews": ["newsroom.add_factcheck"]}

    def get_queryset(self):
        return selectors.fact_checks_for_api().order_by("-id")

    @extend_schema(
        summary="Import ClaimReview from URLs or JSON (annotators); links to our claims are proposed",
        request=serializers.FactCheckImportSerializer,
        responses={201: serializers.FactCheckImportResultSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_reviews(self, request):
        data = serializers.FactCheckImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inputs = list(data.validated_data["urls"]) + [
            (f"document {number}", json.dumps(document).encode())
            for number, document in enumerate(data.validated_data["documents"], 1)
        ]
        if not inputs:  # nothing given: nothing imported, said as an import that stored nothing
            return Response(factchecks.ImportReport().as_dict(), status=status.HTTP_201_CREATED)
        try:
            report = factchecks.import_claim_reviews(inputs=inputs, imported_by=request.user)
        except factchecks.ClaimReviewError as error:
            raise _refused(error) from None
        return Response(report.as_dict(), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List links between others' fact-checks and our claims"),
    retrieve=extend_schema(summary="One link between a fact-check and a claim"),
)
class FactCheckLinkViewSet(JsonErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.FactCheckLinkSerializer
    filterset_class = FactCheckLinkFilter
    action_permissions = {"decide": ["newsroom.change_factchecklink"]}

    def get_queryset(self):
        return selectors.links_for_api().prefetch_related("fact_check__links").order_by("-id")

    @extend_schema(
        summary="Confirm or reject a link (reviewers)",
        request=serializers.FactCheckLinkDecisionSerializer,
        responses={200: serializers.FactCheckLinkSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        link = self.get_object()
        data = serializers.FactCheckLinkDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            factchecks.decide_links(link_ids=[link.pk], status=data.validated_data["status"], decided_by=request.user)
        except factchecks.ClaimReviewError as error:
            raise _refused(error) from None
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=link.pk)).data)
