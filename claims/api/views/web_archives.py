"""Evidence out: a capture, an article or a claim's evidence as a WARC; a capture's evidence state as JSON."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.renderers import SafeJSONRenderer, StreamedRenderer
from claims.api.views.base import JsonErrorsMixin
from claims.exports.links import Links
from claims.exports.web_archive import claim_export
from claims.models import Claim
from provenance.models import Article, Capture
from provenance.verification import trusted_tsa_roots, verify_capture
from provenance.web_archive import WARC_MEDIA_TYPE, article_export, captures_with_analysis, warc_bytes

WARC_DESCRIPTION = (
    "A gzipped WARC/1.1 file (ISO 28500) that warcio reads and pywb or ReplayWeb.page replay: a warcinfo "
    "record, then per capture a `response` record (pages from the web: the kept HTTP status line and "
    "headers, the body as kept, decoded) or a `resource` record (files: their media type), whose "
    "WARC-Payload-Digest is the capture's SHA-256, and a `metadata` record (application/json, "
    "WARC-Refers-To the capture's record) with the capture as kept, the articles read from it (outlet, "
    "authors, origin, derivations) and its RFC 3161 timestamp tokens."
)
WARC_RESPONSE = {(200, WARC_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The WARC file.")}


class WarcRenderer(StreamedRenderer):
    """application/warc (?format=warc): evidence as a gzipped WARC file."""

    media_type = WARC_MEDIA_TYPE
    format = "warc"
    charset = None


def warc_response(name: str, **export) -> HttpResponse:
    response = HttpResponse(warc_bytes(filename=f"{name}.warc.gz", **export), content_type=WARC_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.warc.gz"'
    return response


class TimestampStateSerializer(serializers.Serializer):
    tsa_url = serializers.CharField()
    tsa_name = serializers.CharField(help_text="The subject of the certificate that signed the token.")
    gen_time = serializers.CharField(help_text="When the authority says it signed (ISO 8601).")
    ok = serializers.BooleanField()
    chain_checked = serializers.BooleanField(
        help_text="True when the signature was checked up to a trusted TSA root (CAPTURE_TSA_CA_CERTS)."
    )
    detail = serializers.CharField()


class CaptureEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Capture.Kind.choices)
    url = serializers.CharField()
    filename = serializers.CharField()
    media_type = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    captured_at = serializers.DateTimeField(allow_null=True)
    http_status = serializers.IntegerField(allow_null=True)
    outcome = serializers.ChoiceField(
        choices=["ok", "changed bytes", "bad token"], help_text="What `manage.py verify` says of it now."
    )
    bytes = serializers.CharField(help_text="The stored bytes re-hashed against the stored SHA-256.")
    archive_digest = serializers.CharField(help_text="The web archive's digest checked, when one was kept.")
    timestamps = TimestampStateSerializer(many=True)


@extend_schema_view(
    retrieve=extend_schema(
        summary="A capture and its evidence state",
        description="The kept bytes re-hashed against their SHA-256 now, the web archive's digest where one "
        "was kept, and each RFC 3161 timestamp token (who signed, when, whether it holds).",
        responses=CaptureEvidenceSerializer,
    )
)
class CaptureRecordViewSet(JsonErrorsMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaptureEvidenceSerializer

    def get_queryset(self):
        return Capture.objects.prefetch_related("timestamps")

    def get_renderers(self):
        return [WarcRenderer()] if self.action == "warc" else [SafeJSONRenderer()]

    def retrieve(self, request, *args, **kwargs):
        capture = self.get_object()
        check = verify_capture(capture, roots=trusted_tsa_roots()).as_dict()
        return Response(self.get_serializer({**_capture_fields(capture), **check}).data)

    @extend_schema(summary="A capture as a WARC", description=WARC_DESCRIPTION, responses=WARC_RESPONSE)
    @action(detail=True, methods=["get"], url_path="warc")
    def warc(self, request, pk=None):
        captures = captures_with_analysis([int(pk)])
        if not captures:
            raise NotFound(f"No capture {pk}.")
        namespaces = Links.for_request(request).prov_namespaces()
        return warc_response(f"capture-{pk}", captures=captures, namespaces=namespaces)


def _capture_fields(capture: Capture) -> dict:
    return {
        name: getattr(capture, name)
        for name in ("id", "kind", "url", "filename", "media_type", "sha256", "size", "received_at")
    } | {"captured_at": capture.captured_at, "http_status": capture.http_status}


class _WarcView(JsonErrorsMixin, APIView):
    renderer_classes = [WarcRenderer, SafeJSONRenderer]


class ArticleWarcView(_WarcView):
    queryset = Article.objects.none()  # the model whose view permission reading needs

    @extend_schema(
        summary="An article's evidence as a WARC",
        description=WARC_DESCRIPTION + " A first metadata record describes the article (its URI is the "
        "article's API address).",
        responses=WARC_RESPONSE,
    )
    def get(self, request, pk: int):
        links = Links.for_request(request)
        try:
            subject, captures = article_export(pk, namespaces=links.prov_namespaces())
        except Article.DoesNotExist:
            raise NotFound(f"No article {pk}.") from None
        return warc_response(f"article-{pk}", subject=subject, captures=captures, namespaces=links.prov_namespaces())


class ClaimWarcView(_WarcView):
    queryset = Claim.objects.none()

    @extend_schema(
        summary="A claim's evidence as a WARC",
        description=WARC_DESCRIPTION + " The captures are those of the articles of the claim's live mentions; "
        "a first metadata record gives the claim (status, verdict, mentions with their W3C selectors).",
        responses=WARC_RESPONSE,
    )
    def get(self, request, pk: int):
        links = Links.for_request(request)
        try:
            subject, captures = claim_export(pk, links=links)
        except Claim.DoesNotExist:
            raise NotFound(f"No claim {pk}.") from None
        return warc_response(f"claim-{pk}", subject=subject, captures=captures, namespaces=links.prov_namespaces())
