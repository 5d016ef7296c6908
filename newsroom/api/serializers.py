"""API serializers of the newsroom: one per direction, strict on input (unknown fields and wrong types refused)."""

from __future__ import annotations

from rest_framework import serializers

from claims.api.serializers import StrictCharField, StrictInputSerializer
from claims.api.views.captures import LinkField, StrictBooleanField
from newsroom.models import Event, FactCheck, FactCheckLink, WebhookDelivery, WebhookEndpoint

MAX_IMPORT_URLS = 20
MAX_IMPORT_DOCUMENTS = 100


class WebhookEndpointSerializer(serializers.ModelSerializer):
    # as registered: an address with a host in another script is kept as written, not as a URI
    url = serializers.CharField(read_only=True, help_text="Receives a signed POST for each event.")

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "name", "url", "events", "is_active", "is_failing", "failing_since", "created_at"]
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    """The new endpoint with its secret: the one time the API shows it."""

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookEndpointInputSerializer(StrictInputSerializer):
    name = StrictCharField(max_length=200)
    url = LinkField(max_length=2000, help_text="Receives a signed POST for each event (http or https).")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), min_length=1, help_text="Events to send there."
    )
    secret = StrictCharField(
        max_length=200, min_length=16, required=False, help_text="Signs each body; made for you when left out."
    )
    is_active = StrictBooleanField(required=False, default=True)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.name")
    event_id = serializers.IntegerField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_id",
            "status",
            "attempts",
            "response_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields


class FactCheckLinkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = FactCheckLink
        fields = ["id", "claim", "score", "status"]
        read_only_fields = fields


class FactCheckSerializer(serializers.ModelSerializer):
    links = FactCheckLinkRefSerializer(many=True, read_only=True, help_text="Links to our claims, any status.")

    class Meta:
        model = FactCheck
        fields = [
            "id",
            "publisher",
            "publisher_url",
            "url",
            "claim_reviewed",
            "claimant",
            "review_date",
            "rating",
            "rating_value",
            "best_rating",
            "worst_rating",
            "language",
            "imported_from",
            "imported_at",
            "links",
        ]
        read_only_fields = fields


class FactCheckImportSerializer(StrictInputSerializer):
    """Pages to fetch and documents to read, in one all-or-nothing import; neither imports nothing (all counts 0)."""

    urls = serializers.ListField(
        child=LinkField(max_length=2000),
        required=False,
        default=list,
        max_length=MAX_IMPORT_URLS,
        help_text="Fact-check pages (ClaimReview in JSON-LD) or JSON lists to fetch, under the capture rules.",
    )
    documents = serializers.ListField(
        child=serializers.JSONField(allow_null=True),  # any JSON value; what it holds is checked by the import
        required=False,
        default=list,
        max_length=MAX_IMPORT_DOCUMENTS,
        help_text="ClaimReview objects, lists of them, or a fact-check search API's answer, as JSON. A document "
        "that holds no ClaimReview (what its content means cannot be said in this schema) is a 400 naming it.",
    )


class FactCheckImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Fact-checks stored now.")
    duplicates = serializers.IntegerField(
        help_text="Fact-checks already known (same URL and claim), left as they were."
    )
    links_proposed = serializers.IntegerField(help_text="Links to our claims proposed by the claim matcher.")
    fact_checks = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the new fact-checks.")


class FactCheckLinkSerializer(serializers.ModelSerializer):
    fact_check = FactCheckSerializer(read_only=True)
    claim_text = serializers.CharField(source="claim.text")
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FactCheckLink
        fields = ["id", "claim", "claim_text", "score", "status", "decided_by", "decided_at", "fact_check"]
        read_only_fields = fields


class FactCheckLinkDecisionSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(
        choices=[FactCheckLink.Status.CONFIRMED, FactCheckLink.Status.REJECTED],
        help_text="confirmed: the fact-check checks this claim; rejected: it does not.",
    )
