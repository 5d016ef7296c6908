"""OpenAPI 3 description of the API (drf-spectacular): error responses, formats, examples."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

FORMAT_MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
    "claimreview": "application/ld+json",
    "annotation": "application/ld+json",
}


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer has this shape."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(help_text="A machine-readable code: invalid, not_found, precondition_failed, …")
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.JSONField(), help_text="Field name -> list of messages (validation errors only)."
    )


_ERRORS = {
    "400": "Invalid input: malformed JSON, a wrong type, a field the body does not take, an unknown filter "
    "value, an id (in a filter or the body) that names nothing, a forged cursor.",
    "401": "No credentials, or a wrong token.",
    "403": "Your role does not allow this.",
    "404": "No such object or endpoint, or a `format` this endpoint does not offer (an empty one included).",
    "406": "None of the formats in Accept is offered here.",
    "409": "The change conflicts with stored data.",
    "412": "If-Match names an old version: the object changed since you read it. Nothing was changed.",
    "413": "The request body is over the size limit.",
    "415": "Send JSON (Content-Type: application/json).",
    "429": "Too many requests; wait for the seconds given in Retry-After.",
}
_WRITE_METHODS = {"POST", "PUT", "PATCH"}
# Text we take (body fields and text filters) cannot hold U+0000: PostgreSQL refuses it, so Django and
# DRF answer 400. The schema says so with these patterns wherever a text has no pattern of its own;
# a field that may not be blank needs a character that is not white space (DRF strips the rest).
TEXT_WITHOUT_NUL = r"^[^\x00]*$"
TEXT_NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
# drf-spectacular offers "" to a field that may be blank as a oneOf branch of its own (maxLength 0);
# the patterned branch must then refuse "", or "" would match both and oneOf neither.
_TEXT_NOT_EMPTY = r"^[^\x00]+$"


class ApiSchema(AutoSchema):
    """Adds the JSON error responses every operation can give, and says which request bodies refuse
    fields they do not know (additionalProperties: false)."""

    def _map_basic_serializer(self, serializer, direction):
        from claims.api.serializers import StrictInputSerializer

        result = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(force_instance(serializer), StrictInputSerializer):
            result["additionalProperties"] = False
        return result

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        is_text = isinstance(field, serializers.CharField) and result.get("type") == "string"
        if direction == "request" and is_text and "pattern" not in result and "enum" not in result:
            if field.allow_blank:
                result["pattern"] = _TEXT_NOT_EMPTY
            else:
                result["pattern"] = TEXT_NOT_BLANK if field.trim_whitespace else _TEXT_NOT_EMPTY
        return result

    def _get_response_bodies(self, direction="response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        codes = ["400", "401", "403", "404", "406", "429"]
        if self.method in _WRITE_METHODS:
            codes += ["409", "413", "415"]
        if self.method in ("PUT", "PATCH"):
            codes.append("412")
        for code in codes:
            responses.setdefault(
                code, {"description": _ERRORS[code], "content": {"application/json": {"schema": error_ref}}}
            )
        return responses


def format_parameter(formats: list[str]) -> OpenApiParameter:
    listed = ", ".join(f"`{name}` ({FORMAT_MEDIA_TYPES[name]})" for name in formats)
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=formats,
        description=f"Output format, instead of an Accept header: {listed}. Any other value, an empty one "
        "included, is a 404.",
    )


FIRST_PAGE = OpenApiParameter(
    "page",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["first"],
    description="With format=annotation: answer with the first AnnotationPage instead of the collection.",
)
CSV_BYTE_ORDER_MARK = OpenApiParameter(
    "bom",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="With format=csv: start the file with a UTF-8 byte order mark, so that Excel reads it as UTF-8 "
    "(Arabic, Cyrillic, accents). Off by default: other CSV readers may keep the mark in the first column name.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read (quotes included, e.g. "3f2a…"). If the object changed since, the answer is '
    "412 and nothing is changed. `*` matches any version.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The object's version; send it back in If-Match when you edit it.",
)


def write_operations(
    *, summaries: dict[str, str], create_input, update_input, output, create_examples=None, update_examples=None
) -> dict:
    """extend_schema for create, update (PUT) and partial_update (PATCH) of a versioned object."""
    return {
        "create": extend_schema(
            summary=summaries["create"],
            request=create_input,
            responses={201: output},
            parameters=[ETAG],
            examples=create_examples or [],
        ),
        "update": extend_schema(
            summary=summaries["update"],
            request=update_input,
            responses={200: output},
            parameters=[IF_MATCH, ETAG],
            examples=update_examples or [],
            filters=False,
        ),
        "partial_update": extend_schema(
            summary=summaries["partial_update"],
            request=update_input,
            responses={200: output},
            parameters=[IF_MATCH, ETAG],
            filters=False,
        ),
    }


def claim_list_responses() -> dict:
    from claims.api.serializers import ClaimSerializer

    return {
        (200, "application/json"): ClaimSerializer,
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, streamed (all matching claims)."),
        (200, "application/x-ndjson"): OpenApiResponse(
            OpenApiTypes.STR, description="One JSON claim per line, streamed (all matching claims)."
        ),
        (200, "application/ld+json"): OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="schema.org ClaimReview JSON-LD (`@graph`) for the reviewed claims of one page; "
            'the next page is in the Link header (rel="next").',
        ),
    }


def claim_responses(serializer) -> dict:
    return {
        (200, "application/json"): serializer,
        (200, "application/ld+json"): OpenApiResponse(
            OpenApiTypes.OBJECT, description="schema.org ClaimReview JSON-LD (reviewed claims only, else 404)."
        ),
    }


def mention_list_responses() -> dict:
    from claims.api.serializers import MentionSerializer

    return {
        (200, "application/json"): MentionSerializer,
        (200, "application/ld+json"): OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="W3C AnnotationCollection (first page embedded) or, with `cursor`, an AnnotationPage.",
        ),
    }


def mention_responses() -> dict:
    from claims.api.serializers import MentionSerializer

    return {
        (200, "application/json"): MentionSerializer,
        (200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A W3C Web Annotation."),
    }


CLAIM_LIST_DESCRIPTION = """\
Claims with their suggested status (and why), latest verdict, independent origins and live mentions.

Filters match the admin's triage filters and combine with AND. Every filter value is checked: an
unknown value is a 400, not an empty list.

Formats (`?format=` or `Accept`):
* `json` (default): pages of 50 (`page_size` up to 500), newest first, with `next`/`previous` cursor links.
* `csv`: every matching claim, one row each, **streamed** (flat memory whatever the number of claims);
  add `bom=1` for Excel (a UTF-8 byte order mark first).
* `ndjson`: every matching claim as one JSON object per line (mentions included), streamed.
* `claimreview`: schema.org ClaimReview JSON-LD for the reviewed claims of one page.

Example: `GET /api/v1/claims/?article=12&suggested_status=single_sourced&format=csv`
"""

CLAIM_REPORT_DESCRIPTION = """\
Everything behind a claim: its status and the explanation, the latest verdict, the independent
origins, each live mention with its quote, W3C selectors and the chain of its article (origin first,
the mention's article last), the review history (newest first) and linked claims.
With `format=claimreview` the schema.org ClaimReview of the claim (404 until it has been reviewed).
"""

MENTION_LIST_DESCRIPTION = """\
Mentions of claims in articles, any status. With `format=annotation` (or Accept: application/ld+json)
the answer is a W3C AnnotationCollection whose first AnnotationPage is embedded; follow `next`.
Each annotation has two targets. The first is a SpecificResource whose source is the article's stored
text (`/api/v1/articles/{id}/text/`, text/plain), the text its TextPositionSelector counts characters in,
with a TextQuoteSelector too and the article's URL as `scope`. The second (when the URL is known) is the
live page with the TextQuoteSelector alone: positions on the live page would point elsewhere.
The body is the claim and, once reviewed, its verdict.
"""

_CLAIM_EXAMPLE = {
    "id": 7,
    "text": "Shelling hit the market in Marsk on 3 March.",
    "kind": "event",
    "places": ["Marsk"],
    "groups": [],
    "event_date": "2031-03-03",
    "merged_into": None,
    "suggested_status": "single_sourced",
    "status_explanation": (
        "3 mentions in 3 outlets, all derived from \u2068Valley Courier\u2069 (3 Mar 2031): 1 independent origin"
    ),
    "verdict": "single_sourced",
    "verdict_at": "2031-03-05T09:12:00Z",
    "is_disagreement": False,
    "independent_origins": ["Valley Courier"],
    "denying_origins": [],
    "questioning_origins": [],
    "mention_count": 3,
    "outlet_count": 3,
    "first_published": "2031-03-03",
    "mentions": [
        {
            "id": 21,
            "claim_id": 7,
            "article_id": 12,
            "article_url": "https://valley-courier.example/marsk-market",
            "outlet": {"id": 3, "name": "Valley Courier"},
            "published": "2031-03-03",
            "language": "en",
            "quote": "shelling hit the market",
            "attributed_to": None,
            "via": None,
            "stance": "asserts",
            "hedge": "reported",
            "status": "accepted",
            "is_altered": False,
            "selectors": [
                {"type": "TextQuoteSelector", "exact": "shelling hit the market", "prefix": "On Monday ", "suffix": ""},
                {"type": "TextPositionSelector", "start": 10, "end": 33},
            ],
            "created_at": "2031-03-04T10:00:00Z",
            "updated_at": "2031-03-04T10:00:00Z",
        }
    ],
    "created_at": "2031-03-04T10:00:00Z",
    "updated_at": "2031-03-04T10:00:00Z",
}

CLAIM_LIST_EXAMPLES = [
    OpenApiExample(
        "A page of claims",
        value={
            "next": "https://claims.example/api/v1/claims/?cursor=cD0x",
            "previous": None,
            "results": [_CLAIM_EXAMPLE],
        },
        response_only=True,
        media_type="application/json",
    ),
    OpenApiExample(
        "CSV",
        value="id,text,kind,suggested_status,verdict,…\r\n7,Shelling hit the market in Marsk on 3 March.,event,…\r\n",
        response_only=True,
        media_type="text/csv",
    ),
    OpenApiExample(
        "ClaimReview",
        value={
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "ClaimReview",
                    "url": "https://claims.example/api/v1/claims/7/review.html",
                    "claimReviewed": "Shelling hit the market in Marsk on 3 March.",
                    "datePublished": "2031-03-05",
                    "author": {"@type": "Organization", "name": "Provenance DB fact-check desk"},
                    "reviewRating": {
                        "@type": "Rating",
                        "ratingValue": 3,
                        "bestRating": 4,
                        "worstRating": 1,
                        "alternateName": "Single-sourced",
                    },
                    "itemReviewed": {
                        "@type": "Claim",
                        "name": "Shelling hit the market in Marsk on 3 March.",
                        "author": {"@type": "Organization", "name": "Valley Courier"},
                        "appearance": [
                            {
                                "@type": "CreativeWork",
                                "url": "https://valley-courier.example/marsk-market",
                                "headline": "Market in Marsk shelled",
                                "datePublished": "2031-03-03",
                                "publisher": {"@type": "Organization", "name": "Valley Courier"},
                            }
                        ],
                        "firstAppearance": {
                            "@type": "CreativeWork",
                            "url": "https://valley-courier.example/marsk-market",
                            "headline": "Market in Marsk shelled",
                            "datePublished": "2031-03-03",
                            "publisher": {"@type": "Organization", "name": "Valley Courier"},
                        },
                    },
                }
            ],
        },
        response_only=True,
        media_type="application/ld+json",
    ),
]

CLAIM_INPUT_EXAMPLES = [
    OpenApiExample(
        "New claim",
        value={"text": "Shelling hit the market in Marsk on 3 March.", "kind": "event", "places": ["Marsk"]},
        request_only=True,
    )
]

MENTION_INPUT_EXAMPLES = [
    OpenApiExample(
        "A reported quote, attributed",
        value={
            "claim": 7,
            "article": 12,
            "start": 10,
            "end": 33,
            "quote": "shelling hit the market",
            "attributed_to": 4,
            "hedge": "reported",
            "stance": "asserts",
        },
        request_only=True,
    )
]

REVIEW_INPUT_EXAMPLES = [
    OpenApiExample(
        "Single-sourced",
        value={
            "claim": 7,
            "verdict": "single_sourced",
            "rationale": "Every copy derives from one Valley Courier report.",
            "evidence": "mentions 21, 22, 23",
        },
        request_only=True,
    )
]
