"""API serializers: output shapes (claims and mentions rendered by claims.exports.records) and strict inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.filters import unknown_id_message
from claims.exports.records import claim_record, claim_report_record, mention_record, review_record
from claims.models import Claim, ClaimRelation, Mention, Verdict
from claims.tasks import articles_awaiting_proposals
from provenance.models import Article, Derivation
from sources.models import Source

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1

# --- small shared shapes ---------------------------------------------------------------------------


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The article's own URL; empty when unknown.")
    published = serializers.DateField(allow_null=True)
    outlet = SourceRefSerializer(allow_null=True)


class SelectorSerializer(serializers.Serializer):
    """A W3C TextQuoteSelector (exact, prefix, suffix) or TextPositionSelector (start, end in code points)."""

    type = serializers.ChoiceField(choices=["TextQuoteSelector", "TextPositionSelector"])
    exact = serializers.CharField(required=False)
    prefix = serializers.CharField(required=False, allow_blank=True)
    suffix = serializers.CharField(required=False, allow_blank=True)
    start = serializers.IntegerField(required=False)
    end = serializers.IntegerField(required=False)


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


# --- sources, articles, derivations ------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    homepage = serializers.CharField(read_only=True, help_text="The source's home page; empty when unknown.")
    parent = SourceRefSerializer(allow_null=True, read_only=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "country",
            "homepage",
            "grade",
            "parent",
            "root",
            "notes",
            "needs_review",
            "aliases",
            "domains",
            "created_at",
        ]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="The article's own URL; empty when unknown.")
    outlet = SourceRefSerializer(allow_null=True, read_only=True)
    carrier = SourceRefSerializer(allow_null=True, read_only=True)
    authors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "carrier",
            "authors",
            "published",
            "published_precision",
            "language",
            "origin_article",
            "origin_outlet",
            "origin_depth",
            "needs_review",
            "created_at",
        ]
        read_only_fields = fields


class OutletSuggestionSerializer(serializers.Serializer):
    """An outlet suggested from house style for an article that names none: for a person to accept or dismiss."""

    outlet = SourceRefSerializer(allow_null=True, help_text="Empty when the suggestion is ambiguous.")
    is_ambiguous = serializers.BooleanField(help_text="The cues point to more than one outlet.")
    is_direct = serializers.BooleanField(help_text="The text names the outlet itself, in words only it would use.")
    status = serializers.ChoiceField(choices=["pending", "accepted", "dismissed"])
    evidence = serializers.JSONField(
        help_text="Each cue: cue (dateline, marker, sign_off, furniture, self_name), text (what matched), "
        "points_to (a source id, or null when the cue is shared), outlets (id, name, articles: how many "
        "articles of that outlet show it, examples: a few of their ids, taught_by_suggestion)."
    )
    decided_at = serializers.DateTimeField(allow_null=True)


class ArticleDetailSerializer(ArticleSerializer):
    outlet_suggestion = serializers.SerializerMethodField(
        help_text="The outlet suggested from house style when the text names none, with its evidence; null if none."
    )
    claims_being_proposed = serializers.SerializerMethodField(
        help_text="True while a background job is reading the article for claims (its mentions are not all in yet)."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "body",
            "attribution_lines",
            "review_note",
            "capture",
            "position_in_capture",
            "text_hash",
            "outlet_suggestion",
            "claims_being_proposed",
        ]
        read_only_fields = fields

    def get_claims_being_proposed(self, article: Article) -> bool:
        return bool(articles_awaiting_proposals([article.pk]))

    @extend_schema_field(OutletSuggestionSerializer(allow_null=True))
    def get_outlet_suggestion(self, article: Article) -> dict | None:
        suggestion = getattr(article, "outlet_suggestion", None)
        return OutletSuggestionSerializer(suggestion).data if suggestion is not None else None


class DerivationSerializer(serializers.ModelSerializer):
    derived = ArticleRefSerializer(read_only=True)
    source_article = ArticleRefSerializer(allow_null=True, read_only=True)
    source_outlet = SourceRefSerializer(allow_null=True, read_only=True)
    decided_by = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)

    class Meta:
        model = Derivation
        fields = [
            "id",
            "derived",
            "source_article",
            "source_outlet",
            "kind",
            "evidence",
            "evidence_text",
            "score",
            "passages",
            "status",
            "needs_review",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


# --- claims, mentions, reviews (output) -----------------------------------------------------------------


class RecordSerializer(serializers.Serializer):
    """Declares the fields for the OpenAPI schema; the values come from one plain record builder."""

    def to_representation(self, instance) -> dict[str, Any]:
        return self.build(instance)

    def build(self, instance) -> dict[str, Any]:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError


class MentionSerializer(RecordSerializer):
    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    article_id = serializers.IntegerField()
    article_url = serializers.CharField(help_text="The article's own URL; empty when unknown.")
    outlet = SourceRefSerializer(allow_null=True)
    published = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    quote = serializers.CharField()
    attributed_to = SourceRefSerializer(allow_null=True, help_text="Who the text says this comes from.")
    via = SourceRefSerializer(allow_null=True, help_text="Who relayed it.")
    stance = serializers.ChoiceField(choices=Mention.Stance.choices)
    hedge = serializers.ChoiceField(choices=Mention.Hedge.choices)
    status = serializers.ChoiceField(choices=Mention.Status.choices)
    is_altered = serializers.BooleanField()
    selectors = SelectorSerializer(many=True, help_text="W3C TextQuoteSelector and TextPositionSelector.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def build(self, instance: Mention) -> dict[str, Any]:
        return mention_record(instance)


class ClaimSerializer(RecordSerializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    places = serializers.ListField(child=serializers.CharField())
    groups = serializers.ListField(child=serializers.CharField())
    event_date = serializers.DateField(allow_null=True)
    merged_into = serializers.IntegerField(allow_null=True, help_text="The claim this one was merged into.")
    suggested_status = serializers.ChoiceField(choices=Verdict.choices)
    status_explanation = serializers.CharField(
        help_text="Why the status is suggested. Each name in it is isolated between U+2068 and U+2069, so a name "
        "written right to left cannot reorder the sentence."
    )
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_null=True, help_text="Latest review's verdict.")
    verdict_at = serializers.DateTimeField(allow_null=True)
    is_disagreement = serializers.BooleanField()
    independent_origins = serializers.ListField(child=serializers.CharField(), help_text="Asserting origins' names.")
    denying_origins = serializers.ListField(child=serializers.CharField())
    questioning_origins = serializers.ListField(
        child=serializers.CharField(), help_text="Origins of the mentions that question the claim."
    )
    mention_count = serializers.IntegerField()
    outlet_count = serializers.IntegerField()
    first_published = serializers.DateField(allow_null=True)
    mentions = MentionSerializer(many=True, help_text="Live (proposed or accepted) mentions.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def build(self, instance: Claim) -> dict[str, Any]:
        return claim_record(instance)


class DerivationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Derivation.Kind.choices)
    evidence = serializers.ChoiceField(choices=Derivation.Evidence.choices)
    status = serializers.ChoiceField(choices=Derivation.Status.choices)
    score = serializers.FloatField(allow_null=True)


class ChainLinkSerializer(serializers.Serializer):
    depth = serializers.IntegerField(help_text="Steps from the mention's article (0 is the article itself).")
    article = ArticleRefSerializer(allow_null=True, help_text="Null when the chain ends at an outlet.")
    outlet = SourceRefSerializer(allow_null=True)
    derivation = DerivationRefSerializer(
        allow_null=True, help_text="The edge by which the next link (towards the article) was taken from this one."
    )


class ReportMentionSerializer(MentionSerializer):
    chain = ChainLinkSerializer(many=True, help_text="Origin first, the mention's article last.")


class ReviewSerializer(RecordSerializer):
    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rationale = serializers.CharField()
    evidence = serializers.CharField(allow_blank=True)
    reviewer = UserRefSerializer()
    created_at = serializers.DateTimeField()

    def build(self, instance) -> dict[str, Any]:
        return review_record(instance)


class RelatedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class RelationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimRelation.Kind.choices)
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"])
    claim = RelatedClaimSerializer()
    note = serializers.CharField(allow_blank=True)


class CheckedElsewhereSerializer(serializers.Serializer):
    fact_check = serializers.IntegerField(help_text="The fact-check's id (/api/v1/fact-checks/<id>/).")
    publisher = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="The fact-check's own page.")
    review_date = serializers.DateField(allow_null=True)
    rating = serializers.CharField(allow_blank=True, help_text="The rating as the publisher words it.")
    claim_reviewed = serializers.CharField(help_text="The claim as the publisher words it.")
    link_status = serializers.ChoiceField(
        choices=["proposed", "confirmed"], help_text="Confirmed by a reviewer, or proposed by the claim matcher."
    )
    line = serializers.CharField(help_text='"Already checked by <publisher>, <date>: <rating>".')


class ClaimReportSerializer(ClaimSerializer):
    mentions = ReportMentionSerializer(many=True, help_text="Live mentions, each with its article's chain.")
    reviews = ReviewSerializer(many=True, help_text="Review history, newest first.")
    relations = RelationSerializer(many=True)
    checked_elsewhere = CheckedElsewhereSerializer(
        many=True,
        help_text="Others' fact-checks (ClaimReview) linked to this claim; evidence beside the suggested status, "
        "which they never change. Rejected links are left out.",
    )

    def build(self, instance) -> dict[str, Any]:
        claim, chains = instance
        return claim_report_record(claim, chains)


# --- inputs ------------------------------------------------------------------------------------------
# JSON has types: a number is not a string and "7" is not a number. DRF's fields coerce; these do not.


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIdField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        noun = self.queryset.model._meta.verbose_name
        self.error_messages["does_not_exist"] = unknown_id_message(noun, value="{pk_value}")

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictInputSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo must not be silently ignored)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = [str(name) for name in data if name not in self.fields]
            if unknown:
                allowed = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name[:100]: [f"Unknown field; the fields you can send are: {allowed}."] for name in unknown}
                )
        return super().to_internal_value(data)


def _names_field() -> serializers.ListField:
    return serializers.ListField(child=StrictCharField(max_length=200), max_length=50, required=False, allow_empty=True)


class ClaimInputSerializer(StrictInputSerializer):
    text = StrictCharField(max_length=5000, help_text="The claim in a canonical wording.")
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, default=Claim.Kind.EVENT)
    places = _names_field()
    groups = _names_field()
    event_date = serializers.DateField(required=False, allow_null=True)


def _source_field(help_text: str) -> StrictIdField:
    return StrictIdField(queryset=Source.objects.all(), required=False, allow_null=True, help_text=help_text)


def _offset_field(help_text: str) -> StrictIntegerField:
    return StrictIntegerField(min_value=0, max_value=MAX_OFFSET, help_text=help_text)


class MentionUpdateSerializer(StrictInputSerializer):
    start = _offset_field("Start of the quote in the article body, in Unicode code points.")
    end = _offset_field("End of the quote (exclusive), in Unicode code points.")
    quote = StrictCharField(
        required=False,
        max_length=20000,
        trim_whitespace=False,
        help_text="The exact text at start-end; when given, it must match the article there.",
    )
    attributed_to = _source_field("Source id the text attributes this to.")
    via = _source_field("Source id that relayed it.")
    hedge = serializers.ChoiceField(choices=Mention.Hedge.choices, default=Mention.Hedge.ASSERTED)
    stance = serializers.ChoiceField(choices=Mention.Stance.choices, default=Mention.Stance.ASSERTS)
    status = serializers.ChoiceField(choices=Mention.Status.choices, default=Mention.Status.PROPOSED)


class MentionCreateSerializer(MentionUpdateSerializer):
    claim = StrictIdField(queryset=Claim.objects.all(), help_text="Claim id.")
    article = StrictIdField(queryset=Article.objects.all(), help_text="Article id.")
    status = serializers.ChoiceField(
        choices=[Mention.Status.PROPOSED, Mention.Status.ACCEPTED], default=Mention.Status.PROPOSED
    )


class ReviewInputSerializer(StrictInputSerializer):
    claim = StrictIdField(queryset=Claim.objects.all(), help_text="Claim id.")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rationale = StrictCharField(max_length=10000)
    evidence = StrictCharField(max_length=10000, required=False, allow_blank=True, default="")


class DerivationDecisionSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(
        choices=[Derivation.Status.CONFIRMED, Derivation.Status.REJECTED], help_text="The decision."
    )
