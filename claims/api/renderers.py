"""Renderers for the export formats, chosen by Accept header or ?format=."""

from __future__ import annotations

from rest_framework.renderers import BaseRenderer, JSONRenderer


class SafeJSONRenderer(JSONRenderer):
    """JSON, readable UTF-8; falls back to ASCII escapes when a value holds a lone surrogate."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True
            return super().render(data, accepted_media_type, renderer_context)


class StreamedRenderer(BaseRenderer):
    """A format the view streams itself; the renderer only names it for content negotiation."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data if isinstance(data, bytes) else str(data or "").encode()


class CSVRenderer(StreamedRenderer):
    """text/csv (?format=csv): the claims list as a streamed CSV file."""

    media_type = "text/csv"
    format = "csv"


class NDJSONRenderer(StreamedRenderer):
    """application/x-ndjson (?format=ndjson): one JSON claim per line, streamed."""

    media_type = "application/x-ndjson"
    format = "ndjson"


class PlainTextRenderer(StreamedRenderer):
    """text/plain: an article's stored text, the one its mentions' TextPositionSelectors count in."""

    media_type = "text/plain"
    format = "txt"


class ClaimReviewRenderer(SafeJSONRenderer):
    """application/ld+json (?format=claimreview): schema.org ClaimReview JSON-LD."""

    media_type = "application/ld+json"
    format = "claimreview"


class WebAnnotationRenderer(SafeJSONRenderer):
    """application/ld+json (?format=annotation): W3C Web Annotation JSON-LD."""

    media_type = "application/ld+json"
    format = "annotation"


class SVGRenderer(StreamedRenderer):
    """image/svg+xml (?format=svg): the spread of a story drawn as a timeline or a graph."""

    media_type = "image/svg+xml"
    format = "svg"
