"""Capture by URL through the API: POST a list of links (a batch for the workers), GET its progress and results."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims.api.serializers import StrictCharField, StrictInputSerializer
from claims.api.views.base import JsonErrorsMixin
from provenance import batches
from provenance.models import IngestBatch, IngestItem
from provenance.selectors import link_batches

MAX_LINKS_PER_REQUEST = 100
# What the schema can say of a link: http(s), a host, no user name or password, no white space or U+0000.
LINK_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@\x00]+([/?#][^\s\x00]*)?$"


class StrictBooleanField(serializers.BooleanField):
    """true or false, nothing that merely looks like it ("yes", 1)."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


@extend_schema_field({"type": "string", "maxLength": 2000, "pattern": LINK_PATTERN})
class LinkField(StrictCharField):
    """One link to fetch; what the schema cannot say (a private address written in it) is a 400 naming it."""


class CaptureRequestSerializer(StrictInputSerializer):
    urls = serializers.ListField(
        child=LinkField(max_length=2000),
        min_length=1,
        max_length=MAX_LINKS_PER_REQUEST,
        help_text="http:// or https:// links to fetch (the same link once). A link that cannot be fetched on "
        "sight (another scheme, a user name or password, a private address) refuses the request, every one named.",
    )
    outlet = StrictCharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="The outlet, when the pages do not say."
    )
    respect_robots_txt = StrictBooleanField(
        default=True, help_text="Fetch only what each site's robots.txt allows (on unless you have the site's leave)."
    )


class CapturedArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="article_id")
    title = serializers.CharField()
    created = serializers.BooleanField(help_text="False when the article was already known (the same text).")


class CaptureLinkSerializer(serializers.Serializer):
    url = serializers.CharField()
    status = serializers.ChoiceField(choices=IngestItem.Status.choices)
    error = serializers.CharField(help_text="Why the link was not captured or imported (empty when it was).")
    capture = serializers.IntegerField(source="capture_id", allow_null=True, help_text="The capture kept, if any.")
    articles = serializers.SerializerMethodField()

    @extend_schema_field(CapturedArticleSerializer(many=True))
    def get_articles(self, item: IngestItem) -> list[dict]:
        rows = [entry for entry in item.result if entry.get("article_id")]
        return CapturedArticleSerializer(rows, many=True).data


class CaptureBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=IngestBatch.Status.choices)
    outlet = serializers.CharField(source="outlet_name")
    respect_robots_txt = serializers.BooleanField()
    links_total = serializers.IntegerField(source="files_total")
    links_done = serializers.IntegerField(source="files_done")
    links_failed = serializers.IntegerField(source="files_failed")
    articles_created = serializers.IntegerField()
    articles_known = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(help_text="Why the whole batch failed, if it did.")
    links = CaptureLinkSerializer(many=True, source="items.all")


@extend_schema_view(
    create=extend_schema(
        summary="Capture links from the web",
        description="Queues a batch that fetches each link (public addresses only, robots.txt respected unless "
        "turned off, bounded in time and size), keeps each page as a capture with its HTTP record, and imports "
        "it. Answers 202 with the batch; GET it to follow its progress and each link's result. Annotators and "
        "above.",
        request=CaptureRequestSerializer,
        responses={202: CaptureBatchSerializer},
        examples=[
            OpenApiExample(
                "Two links",
                value={"urls": ["https://marskherald.example/news/1", "https://vellcourier.example/a/2"]},
                request_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="A capture batch: its progress and each link's result",
        description="Your own batches; admins see every one. Another user's batch answers 404.",
    ),
)
class CaptureBatchViewSet(JsonErrorsMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaptureBatchSerializer

    def get_queryset(self):
        return link_batches(visible_to=self.request.user)

    def create(self, request, *args, **kwargs):
        data = CaptureRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            batch = batches.import_links(
                urls=data.validated_data["urls"],
                origin="api",
                outlet_name=data.validated_data["outlet"],
                respect_robots_txt=data.validated_data["respect_robots_txt"],
                created_by=request.user,
            )
        except batches.BatchError as error:
            raise ValidationError({"urls": [str(error)]}) from error
        response = Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data, status.HTTP_202_ACCEPTED)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{batch.pk}/")
        return response
