"""Admin for claims with their mentions, relations and read-only review history."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery

from claims.models import Claim, ClaimRelation, Mention, Review
from claims.services import record_review


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["article", "quote", "start", "end", "attributed_to", "hedge", "stance", "status"]
    autocomplete_fields = ["article", "attributed_to"]


class ClaimRelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    autocomplete_fields = ["to_claim"]
    fields = ["kind", "to_claim", "note"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["created_at", "reviewer", "verdict", "rationale"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "mention_count", "verdict", "created_at"]
    list_filter = ["kind"]
    search_fields = ["text", "mentions__quote"]
    inlines = [MentionInline, ClaimRelationInline, ReviewInline]
    autocomplete_fields = ["merged_into"]

    def get_queryset(self, request):
        latest = Review.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(mention_count=Count("mentions", distinct=True), verdict=Subquery(latest.values("verdict")[:1]))
        )

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count(self, claim: Claim) -> int:
        return claim.mention_count

    @admin.display(description="verdict", ordering="verdict")
    def verdict(self, claim: Claim) -> str:
        return dict(Review._meta.get_field("verdict").choices).get(claim.verdict, "—")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["quote_short", "claim", "article", "attributed_to", "hedge", "stance", "status"]
    list_filter = ["status", "stance", "hedge"]
    list_select_related = ["claim", "article", "attributed_to"]
    search_fields = ["quote", "claim__text", "article__title"]
    autocomplete_fields = ["claim", "article", "attributed_to", "via"]
    readonly_fields = ["carried_from", "created_by", "created_at"]

    @admin.display(description="quote")
    def quote_short(self, mention: Mention) -> str:
        return mention.quote if len(mention.quote) <= 90 else mention.quote[:89] + "…"


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "kind", "to_claim", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["from_claim", "to_claim"]
    autocomplete_fields = ["from_claim", "to_claim"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Reviews are append-only: they can be added, never changed or deleted."""

    list_display = ["claim", "verdict", "reviewer", "created_at"]
    list_filter = ["verdict", "reviewer"]
    list_select_related = ["claim", "reviewer"]
    search_fields = ["claim__text", "rationale"]
    autocomplete_fields = ["claim"]
    fields = ["claim", "verdict", "rationale", "evidence"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        saved = record_review(
            claim=obj.claim, verdict=obj.verdict, rationale=obj.rationale, evidence=obj.evidence, reviewer=request.user
        )
        obj.pk = saved.pk
