"""Claims (with report and exports), mentions (with Web Annotations) and reviews."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from claims.api import filters, schema, serializers
from claims.api.renderers import (
    ClaimReviewRenderer,
    CSVRenderer,
    NDJSONRenderer,
    SafeJSONRenderer,
    WebAnnotationRenderer,
)
from claims.api.spread import RENDERERS as SPREAD_RENDERERS
from claims.api.spread import spread_action, spread_response
from claims.api.views.base import JsonErrorsMixin, ServiceWritesViewSet, boolean_param, with_etag
from claims.exports.annotations import (
    ANNOTATION_PROFILE,
    annotation_collection,
    annotation_page,
    mention_annotation,
)
from claims.exports.claimreview import claim_review, claim_review_graph
from claims.exports.links import Links
from claims.exports.tabular import stream_csv, stream_ndjson
from claims.models import Claim, Mention
from claims.selectors.evidence import claim_report_row, live_mentions_in_order
from claims.selectors.reports import (
    claim_list_page,
    claims_for_api,
    complete_claim_page,
    mentions_for_api,
    reviews_for_api,
)
from claims.selectors.spread import claim_spread
from claims.services import add_mention, create_claim, record_review
from claims.services.api_writes import update_claim, update_mention

CLAIM_FORMATS = ["json", "csv", "ndjson", "claimreview"]
# ?page=first asks for the first AnnotationPage itself rather than the collection that embeds it.
FIRST_PAGE_PARAM = "page"


def _claim_detail_queryset():
    from django.db.models import Prefetch

    return Claim.objects.select_related("status").prefetch_related(
        Prefetch("mentions", queryset=live_mentions_in_order(), to_attr="live_mentions")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List claims (JSON, CSV, NDJSON or ClaimReview)",
        description=schema.CLAIM_LIST_DESCRIPTION,
        parameters=[schema.format_parameter(CLAIM_FORMATS), schema.CSV_BYTE_ORDER_MARK],
        responses=schema.claim_list_responses(),
        examples=schema.CLAIM_LIST_EXAMPLES,
    ),
    retrieve=extend_schema(
        summary="One claim (JSON or ClaimReview)",
        parameters=[schema.format_parameter(["json", "claimreview"]), schema.ETAG],
        responses=schema.claim_responses(serializers.ClaimSerializer),
        filters=False,
    ),
    **schema.write_operations(
        summaries={
            "create": "Create a claim (annotators)",
            "update": "Replace a claim's wording and facets (annotators)",
            "partial_update": "Change some of a claim's fields (annotators)",
        },
        create_input=serializers.ClaimInputSerializer,
        update_input=serializers.ClaimInputSerializer,
        output=serializers.ClaimSerializer,
        create_examples=schema.CLAIM_INPUT_EXAMPLES,
        update_examples=schema.CLAIM_INPUT_EXAMPLES,
    ),
)
class ClaimViewSet(ServiceWritesViewSet):
    filterset_class = filters.ClaimFilter
    serializer_class = serializers.ClaimSerializer
    renderer_classes = [SafeJSONRenderer, CSVRenderer, NDJSONRenderer, ClaimReviewRenderer]

    def get_queryset(self):
        return claims_for_api() if self.action == "list" else _claim_detail_queryset()

    def get_renderers(self):
        if self.action in ("retrieve", "report"):
            return [SafeJSONRenderer(), ClaimReviewRenderer()]
        if self.action == "spread":
            return [renderer() for renderer in SPREAD_RENDERERS]
        if self.action != "list":
            return [SafeJSONRenderer()]
        return super().get_renderers()

    def _format(self) -> str:
        return getattr(self.request.accepted_renderer, "format", "json")

    def list(self, request, *args, **kwargs):
        claims = self.filter_queryset(self.get_queryset()).order_by("-id")
        fmt = self._format()
        byte_order_mark = boolean_param(request, "bom", default=False)  # checked whatever the format
        if fmt in ("csv", "ndjson"):
            if fmt == "csv":
                stream = stream_csv(claims.prefetch_related(None), byte_order_mark=byte_order_mark)
                content_type = "text/csv; charset=utf-8"
            else:
                stream, content_type = stream_ndjson(claims), "application/x-ndjson; charset=utf-8"
            response = StreamingHttpResponse(stream, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="claims.{fmt}"'
            return response
        if fmt == "claimreview":
            page = self.paginate_queryset(claims.filter(status__verdict__isnull=False))
            response = Response(claim_review_graph(page, links=Links.for_request(request)))
            next_link = self.paginator.get_next_link()
            if next_link:
                response["Link"] = f'<{next_link}>; rel="next"'
            return response
        page = self.paginate_queryset(claim_list_page(claims))  # the claims alone, then their status and mentions
        complete_claim_page(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        claim = self.get_object()
        if self._format() == "claimreview":
            return self._claim_review(claim)
        return with_etag(Response(self.get_serializer(claim).data), claim)

    def _claim_review(self, claim: Claim) -> Response:
        if claim.status.verdict is None:
            raise NotFound(f"Claim {claim.pk} has no review yet, so there is no ClaimReview for it.")
        return Response(claim_review(claim, links=Links.for_request(self.request)))

    create_serializer_class = update_serializer_class = serializers.ClaimInputSerializer
    put_defaults = {"places": [], "groups": [], "event_date": None}  # what a PUT leaves out is emptied
    detail_link = "claim"

    def service_create(self, request, data):
        return create_claim(created_by=request.user, **data)

    def service_update(self, pk, versions, changes):
        update_claim(claim_id=pk, expected_versions=versions, **changes)

    def fresh(self, pk: int) -> Claim:
        return _claim_detail_queryset().get(pk=pk)

    @extend_schema(
        summary="The claim report: status, verdict, mentions with their chains, review history",
        description=schema.CLAIM_REPORT_DESCRIPTION,
        parameters=[schema.format_parameter(["json", "claimreview"])],
        responses=schema.claim_responses(serializers.ClaimReportSerializer),
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="report", filterset_class=None)
    def report(self, request, pk=None):
        row = claim_report_row(int(pk))
        if row is None:
            raise NotFound(f"No claim {pk}.")
        if self._format() == "claimreview":
            return self._claim_review(row.claim)
        data = serializers.ClaimReportSerializer((row.claim, row.chains)).data
        return with_etag(Response(data), row.claim)

    @spread_action("the claim")
    def spread(self, request, pk=None):
        claim = get_object_or_404(Claim.objects.only("id"), pk=pk)
        return spread_response(request, claim_spread(claim.pk), title=f"The spread of claim {claim.pk}")


@extend_schema_view(
    list=extend_schema(
        summary="List mentions (JSON or a W3C AnnotationCollection)",
        description=schema.MENTION_LIST_DESCRIPTION,
        parameters=[schema.format_parameter(["json", "annotation"]), schema.FIRST_PAGE],
        responses=schema.mention_list_responses(),
    ),
    retrieve=extend_schema(
        summary="One mention (JSON or a W3C Annotation)",
        parameters=[schema.format_parameter(["json", "annotation"]), schema.ETAG],
        responses=schema.mention_responses(),
        filters=False,
    ),
    **schema.write_operations(
        summaries={
            "create": "Record a mention of a claim in an article (annotators)",
            "update": "Replace a mention's span and attribution (annotators)",
            "partial_update": "Change some of a mention's fields (annotators)",
        },
        create_input=serializers.MentionCreateSerializer,
        update_input=serializers.MentionUpdateSerializer,
        output=serializers.MentionSerializer,
        create_examples=schema.MENTION_INPUT_EXAMPLES,
    ),
)
class MentionViewSet(ServiceWritesViewSet):
    filterset_class = filters.MentionFilter
    serializer_class = serializers.MentionSerializer
    renderer_classes = [SafeJSONRenderer, WebAnnotationRenderer]

    def get_queryset(self):
        return mentions_for_api()

    def get_renderers(self):
        if self.action in ("list", "retrieve"):
            return super().get_renderers()
        return [SafeJSONRenderer()]

    def _is_annotation(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", "json") == "annotation"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        is_annotation = getattr(renderer, "format", None) == WebAnnotationRenderer.format
        if isinstance(response, Response) and response.status_code < 400 and is_annotation:
            response.content_type = ANNOTATION_PROFILE  # applied when the response is rendered
        return response

    def list(self, request, *args, **kwargs):
        if request.query_params.get(FIRST_PAGE_PARAM, "first") != "first":
            raise ValidationError({FIRST_PAGE_PARAM: ["The only page you can ask for by name is `first`."]})
        mentions = self.filter_queryset(self.get_queryset()).order_by("-id")
        if not self._is_annotation():
            page = self.paginate_queryset(mentions)
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        page = self.paginate_queryset(mentions)
        cursor_param = self.paginator.cursor_query_param
        collection_url = remove_query_param(
            remove_query_param(request.build_absolute_uri(), cursor_param), FIRST_PAGE_PARAM
        )
        is_page = cursor_param in request.query_params or FIRST_PAGE_PARAM in request.query_params
        page_url = request.build_absolute_uri() if is_page else replace_query_param(collection_url, "page", "first")
        total = mentions.count()
        data = annotation_page(
            page,
            links=Links.for_request(request),
            page_url=page_url,
            collection_url=collection_url,
            next_url=self.paginator.get_next_link(),
            prev_url=self.paginator.get_previous_link(),
            total=total,
        )
        if is_page:
            return Response(data)
        label = "Claim mentions as W3C Web Annotations"
        return Response(annotation_collection(data, collection_url=collection_url, label=label, total=total))

    def retrieve(self, request, *args, **kwargs):
        mention = self.get_object()
        if self._is_annotation():
            return with_etag(Response(mention_annotation(mention, links=Links.for_request(request))), mention)
        return with_etag(Response(self.get_serializer(mention).data), mention)

    create_serializer_class = serializers.MentionCreateSerializer
    update_serializer_class = serializers.MentionUpdateSerializer
    put_defaults = {"attributed_to": None, "via": None}  # what a PUT leaves out is cleared
    detail_link = "mention"

    def service_create(self, request, data):
        return add_mention(created_by=request.user, **data)

    def service_update(self, pk, versions, changes):
        update_mention(mention_id=pk, expected_versions=versions, **changes)

    def fresh(self, pk: int) -> Mention:
        return mentions_for_api().get(pk=pk)


@extend_schema_view(
    list=extend_schema(summary="List reviews", description="Every verdict ever recorded (append-only)."),
    retrieve=extend_schema(summary="One review", filters=False),
    create=extend_schema(
        summary="Record a verdict on a claim (reviewers)",
        request=serializers.ReviewInputSerializer,
        responses={201: serializers.ReviewSerializer},
        examples=schema.REVIEW_INPUT_EXAMPLES,
    ),
)
class ReviewViewSet(
    JsonErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    filterset_class = filters.ReviewFilter
    serializer_class = serializers.ReviewSerializer

    def get_queryset(self):
        return reviews_for_api()

    def create(self, request, *args, **kwargs):
        data = serializers.ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = record_review(reviewer=request.user, **data.validated_data)
        review = get_object_or_404(reviews_for_api(), pk=review.pk)
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)
