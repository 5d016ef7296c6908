"""Admin for reviewing claims: triage queues, bulk verdicts, the evidence page, mentions and reviews."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from claims.admin_filters import (
    AttributedSourceFilter,
    DisagreementFilter,
    LanguageFilter,
    MergedFilter,
    OriginFilter,
    OutletFilter,
    ReportedBetweenFilter,
    ReviewedBetweenFilter,
    ReviewerFilter,
    SavedViewFilter,
    SuggestedStatusFilter,
    VerdictFilter,
)
from claims.elsewhere import checked_elsewhere_for
from claims.models import Claim, ClaimRelation, Mention, Review, Verdict
from claims.selectors.evidence import claim_evidence
from claims.selectors.sources import source_profile
from claims.selectors.status import StatusPaginator, carriers_html
from claims.selectors.triage import (
    SAVED_VIEWS,
    claims_for_triage,
    saved_view_counts,
    search_claims,
    verdict_preview,
)
from claims.services import ClaimError, merge_claims, record_review
from claims.services.reviews import record_reviews
from config.admin_toolkit import (
    ActionPermissionsMixin,
    HistoryMixin,
    OptimisticLockMixin,
    bulk_confirmation,
    confirmed_ids,
)
from sources.admin import SourceAdmin
from sources.models import Source

# --- claims ----------------------------------------------------------------------------------------


class BulkVerdictForm(forms.Form):
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text="One rationale, recorded on every claim's own review.",
    )
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text="Links, mention ids or documents cited (optional).",
    )


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(
        label="Keep",
        coerce=int,
        widget=forms.RadioSelect,
        help_text="The claim that stays; the others point to it and their mentions and links move to it.",
    )

    def __init__(self, *args, claims: list[Claim], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(claim.pk, f"#{claim.pk}: {claim}") for claim in claims]
        if claims and not self.is_bound:
            self.initial["into"] = max(claims, key=lambda c: (c.status.mention_count, -c.pk)).pk


def _verdict_action(verdict: Verdict):
    def action(model_admin: ClaimAdmin, request, queryset):
        return model_admin.bulk_verdict(request, queryset, verdict)

    action.__name__ = f"mark_{verdict.value}"
    return admin.action(description=f"Record verdict: {verdict.label.lower()}…", permissions=["review"])(action)


@admin.register(Claim)
class ClaimAdmin(OptimisticLockMixin, HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    list_display = ["claim_text", "worth_checking", "suggested", "verdict", "origins", "mentions", "last_review"]
    ordering = ["-check_worthiness", "-id"]  # the claims with most to check first (index claim_most_checkable_first)
    list_display_links = ["claim_text"]
    paginator = StatusPaginator  # computes the status of the page's claims only
    list_filter = [
        SavedViewFilter,
        SuggestedStatusFilter,
        VerdictFilter,
        DisagreementFilter,
        "kind",
        LanguageFilter,
        OutletFilter,
        OriginFilter,
        AttributedSourceFilter,
        ReportedBetweenFilter,
        ReviewedBetweenFilter,
        ReviewerFilter,
        MergedFilter,
    ]
    search_fields = ["text"]  # the changelist search is full-text: see get_search_results
    search_help_text = (
        'Full-text search in claim texts and quotes, each quote in its article\'s language: "a phrase", or, -word.'
    )
    list_per_page = 100
    fields = ["text", "kind", "places", "groups", "event_date", "merged_into", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["merged_into"]
    actions = [*(_verdict_action(verdict) for verdict in Verdict), "merge_selected"]
    change_list_template = "admin/claims/claim/change_list.html"
    change_form_template = "admin/claims/claim/change_form.html"
    history_event_models = (
        "claims.ClaimEvent",
        "claims.MentionEvent",
        "claims.ClaimRelationEvent",
        "claims.ReviewEvent",
    )

    def get_queryset(self, request):
        return claims_for_triage()

    def get_search_results(self, request, queryset, search_term):
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            return super().get_search_results(request, queryset, search_term)  # prefix-friendly while typing
        return search_claims(queryset, search_term), False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text" and field is not None:
            field.widget.attrs.update({"dir": "auto", "rows": 3})
        return field

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("claims.merge_claim"):
            readonly.append("merged_into")  # merging is a reviewer's decision
        return readonly

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("claims.add_review")

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("claims.merge_claim")

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # columns

    @staticmethod
    def _status(claim: Claim):
        return getattr(claim, "status", None)

    @admin.display(description="claim", ordering="text")
    def claim_text(self, claim: Claim) -> str:
        text = claim.text if len(claim.text) <= 200 else claim.text[:199] + "…"
        return format_html('<span dir="auto">{}</span>', text)

    @admin.display(description="worth checking", ordering="check_worthiness")
    def worth_checking(self, claim: Claim) -> str:
        return format_html(
            '<span title="{}">{}</span>',
            "0-100: figures, named actors, places, a day and a source make a claim worth checking",
            claim.check_worthiness,
        )

    @admin.display(description="suggested status", ordering="status__suggested_status")
    def suggested(self, claim: Claim) -> str:
        status = self._status(claim)
        if status is None:
            return "—"
        return format_html(
            '<span class="status status-{}">{}</span>', status.suggested_status, status.get_suggested_status_display()
        )

    @admin.display(description="verdict", ordering="status__verdict")
    def verdict(self, claim: Claim) -> str:
        status = self._status(claim)
        if status is None or not status.verdict:
            return format_html('<span class="quiet">{}</span>', "none yet")
        badge = format_html('<span class="status status-{}">{}</span>', status.verdict, status.get_verdict_display())
        if status.is_disagreement:
            return format_html(
                '{} <span class="disagree" title="{}">≠ suggested</span>', badge, "differs from the suggested status"
            )
        return badge

    @admin.display(description="independent origins", ordering="status__asserting_origin_count")
    def origins(self, claim: Claim) -> str:
        status = self._status(claim)
        if status is None:
            return "—"
        names = sorted(status.asserting_origins or [])
        shown = format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name in names[:3]))
        more = f" +{len(names) - 3}" if len(names) > 3 else ""
        return format_html('{} <span class="quiet">{}{}</span>', status.asserting_origin_count, shown, more)

    @admin.display(description="mentions", ordering="status__mention_count")
    def mentions(self, claim: Claim) -> str:
        status = self._status(claim)
        if status is None:
            return "—"
        return format_html('{} <span class="quiet">in {}</span>', status.mention_count, carriers_html(status))

    @admin.display(description="last review", ordering="status__verdict_at")
    def last_review(self, claim: Claim) -> str:
        status = self._status(claim)
        if status is None or status.verdict_at is None:
            return "—"
        when = timezone.localtime(status.verdict_at)
        return format_html('{} <span class="quiet">by {}</span>', f"{when:%d %b %Y}", claim.last_reviewer or "?")

    # pages

    def changelist_view(self, request, extra_context=None):
        current = request.GET.get(SavedViewFilter.parameter_name)
        counts = saved_view_counts(Claim.objects.filter(merged_into__isnull=True), timezone.now())
        base = reverse("admin:claims_claim_changelist")
        saved = [
            {
                "label": view.label,
                "url": f"{base}?{SavedViewFilter.parameter_name}={view.slug}",
                "count": counts[view.slug],
                "selected": view.slug == current,
            }
            for view in SAVED_VIEWS
        ]
        return super().changelist_view(request, {**(extra_context or {}), "saved_views": saved, "all_url": base})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if claim is not None:
            extra_context = {
                **(extra_context or {}),
                "evidence": claim_evidence(claim),
                "checked_elsewhere": checked_elsewhere_for(claim.pk),
                **self.history_context(claim),
                "can_review": self.has_review_permission(request),
                "can_add_mention": request.user.has_perm("claims.add_mention"),
                "can_change_mention": request.user.has_perm("claims.change_mention"),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    # bulk verdicts

    def bulk_verdict(self, request, queryset, verdict: Verdict):
        """Confirm, then record one Review per selected claim (set-wise, one rationale)."""
        if request.POST.get("post") == "yes":
            form = BulkVerdictForm(request.POST)
            if (ids := confirmed_ids(self, request)) is None:
                return None
            if form.is_valid():
                try:
                    reviews = record_reviews(
                        claim_ids=ids,
                        verdict=verdict,
                        rationale=form.cleaned_data["rationale"],
                        evidence=form.cleaned_data["evidence"],
                        reviewer=request.user,
                    )
                except ClaimError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    f"Recorded {len(reviews)} review(s): {verdict.label.lower()}. Earlier reviews are kept.",
                    messages.SUCCESS,
                )
                return None
        else:
            ids = sorted(queryset.values_list("pk", flat=True))
            form = BulkVerdictForm()
        return bulk_confirmation(
            self,
            request,
            action=f"mark_{verdict.value}",
            ids=ids,
            title=f"Record the verdict “{verdict.label}” on {len(ids)} claim{'s' if len(ids) != 1 else ''}",
            form=form,
            template="admin/claims/claim/bulk_verdict.html",
            preview=verdict_preview(ids, verdict),
            verdict_value=verdict.value,
        )

    @admin.action(description="Merge selected claims into one…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Confirm which claim stays, then merge the others into it (claims.services.merge_claims)."""
        if request.POST.get("post") == "yes":
            if (ids := confirmed_ids(self, request)) is None:
                return None
        else:
            ids = sorted(queryset.values_list("pk", flat=True))
        claims = list(claims_for_triage().filter(pk__in=ids).order_by("pk"))
        if len(claims) < 2:
            self.message_user(request, "Select at least two claims to merge.", messages.WARNING)
            return None
        bound = request.POST if request.POST.get("post") == "yes" else None
        form = MergeForm(bound, claims=claims)
        if bound is not None and form.is_valid():
            into = next(claim for claim in claims if claim.pk == form.cleaned_data["into"])
            try:
                report = merge_claims(claims=[c for c in claims if c.pk != into.pk], into=into)
            except ClaimError as error:
                self.message_user(request, f"{error}; nothing was merged.", messages.ERROR)
                return None
            self.message_user(
                request,
                f"Merged {len(report.merged)} claim(s) into #{into.pk}: {report.mentions_moved} mention(s) and "
                f"{report.relations_moved} link(s) moved, {report.mentions_left} overlapping mention(s) left "
                f"with the merged claims, {report.relations_dropped} link(s) dropped.",
                messages.SUCCESS,
            )
            return None
        return bulk_confirmation(
            self,
            request,
            action="merge_selected",
            ids=[claim.pk for claim in claims],
            title=f"Merge {len(claims)} claims into one",
            form=form,
            template="admin/claims/claim/merge.html",
            claims=claims,
        )


# --- mentions, relations, reviews ------------------------------------------------------------------


@admin.register(Mention)
class MentionAdmin(OptimisticLockMixin, HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    list_display = ["quote_short", "claim", "article", "attributed_to", "hedge", "stance", "status"]
    list_filter = ["status", "stance", "hedge"]
    list_select_related = ["claim", "article", "attributed_to"]
    search_fields = ["quote", "claim__text", "article__title"]
    autocomplete_fields = ["claim", "article", "attributed_to", "via"]
    readonly_fields = ["carried_from", "created_by", "created_at"]
    change_form_template = "admin/claims/mention/change_form.html"
    history_event_models = ("claims.MentionEvent",)

    @admin.display(description="quote")
    def quote_short(self, mention: Mention) -> str:
        quote = mention.quote if len(mention.quote) <= 90 else mention.quote[:89] + "…"
        return format_html('<span dir="auto">{}</span>', quote)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {"quote", "original_quote"} and field is not None:
            field.widget.attrs["dir"] = "auto"
        return field

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClaimRelation)
class ClaimRelationAdmin(HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    list_display = ["from_claim", "kind", "to_claim", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["from_claim", "to_claim"]
    autocomplete_fields = ["from_claim", "to_claim"]
    history_event_models = ("claims.ClaimRelationEvent",)


@admin.register(Review)
class ReviewAdmin(HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    """Reviews are append-only: they can be added, never changed or deleted."""

    list_display = ["claim", "verdict", "reviewer", "created_at"]
    list_filter = ["verdict", "reviewer"]
    list_select_related = ["claim", "reviewer"]
    search_fields = ["claim__text", "rationale"]
    autocomplete_fields = ["claim"]
    fields = ["claim", "verdict", "rationale", "evidence"]
    history_event_models = ("claims.ReviewEvent",)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        saved = record_review(
            claim=obj.claim, verdict=obj.verdict, rationale=obj.rationale, evidence=obj.evidence, reviewer=request.user
        )
        obj.pk = saved.pk

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            self.message_user(request, f"Verdict recorded on claim {obj.claim_id}.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[obj.claim_id]))
        return super().response_add(request, obj, post_url_continue)


# --- sources, with what claims and provenance know of them ----------------------------------------


class SourceProfileAdmin(SourceAdmin):
    """The source page, with what it originates, copies and is quoted for (only claims may read all three)."""

    def source_context(self, source: Source) -> dict:
        return {**super().source_context(source), "profile": source_profile(source)}


admin.site.unregister(Source)
admin.site.register(Source, SourceProfileAdmin)
