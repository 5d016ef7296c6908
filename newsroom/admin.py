"""Admin of the newsroom: webhook endpoints and their delivery log; others' fact-checks and their links to claims."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from config.admin_toolkit import ActionPermissionsMixin
from newsroom import factchecks, webhooks
from newsroom.models import Event, FactCheck, FactCheckLink, WebhookDelivery, WebhookEndpoint, WebhookEvent
from newsroom.selectors import deliveries_for_admin

# --- webhooks --------------------------------------------------------------------------------------


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "secret", "is_active"]

    def clean_url(self):
        try:
            return webhooks.checked_url(self.cleaned_data["url"])
        except webhooks.WebhookError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "event_list", "is_active", "is_failing", "failing_since"]
    list_filter = ["is_active", "is_failing"]
    search_fields = ["name", "url"]
    readonly_fields = ["is_failing", "failing_since", "created_by", "created_at"]
    list_select_related = ["created_by"]

    @admin.display(description="events")
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events)

    def save_model(self, request, obj, form, change) -> None:
        fields = {name: form.cleaned_data[name] for name in ["name", "url", "events", "secret", "is_active"]}
        if change:
            webhooks.change_endpoint(endpoint=obj, **fields)
        else:
            saved = webhooks.register_endpoint(created_by=request.user, **fields)
            obj.pk, obj._state.adding = saved.pk, False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "created_at"]
    list_filter = ["name"]
    readonly_fields = ["name", "payload", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ActionPermissionsMixin, admin.ModelAdmin):
    """The delivery log: what was sent where, how often, the last answer or error, and what comes next."""

    list_display = [
        "id",
        "event_name",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "error_short",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    list_filter = ["status", "event__name", "endpoint"]
    list_select_related = ["event", "endpoint"]
    readonly_fields = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
    ]
    fields = readonly_fields
    actions = ["redeliver"]

    def get_queryset(self, request):
        return deliveries_for_admin()

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="event", ordering="event__name")
    def event_name(self, delivery: WebhookDelivery) -> str:
        return delivery.event.name

    @admin.display(description="last error")
    def error_short(self, delivery: WebhookDelivery) -> str:
        return delivery.last_error if len(delivery.last_error) <= 80 else delivery.last_error[:79] + "…"

    @admin.display(description="body sent")
    def payload(self, delivery: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", webhooks.body_of(delivery.event).decode())

    @admin.action(description="Redeliver the selected deliveries", permissions=["change"])
    def redeliver(self, request, queryset):
        try:
            count = webhooks.redeliver(delivery_ids=queryset.values_list("pk", flat=True))
        except webhooks.WebhookError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"{count} deliver{'y' if count == 1 else 'ies'} queued again.", messages.SUCCESS)


# --- others' fact-checks -----------------------------------------------------------------------------


class FactCheckLinkInline(admin.TabularInline):
    model = FactCheckLink
    fields = ["claim", "score", "status", "decided_by", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ["publisher", "rating", "review_date", "claim_short", "link", "language", "imported_at"]
    list_filter = ["publisher", "language"]
    search_fields = ["claim_reviewed", "publisher", "url", "claimant", "rating"]
    readonly_fields = [field.name for field in FactCheck._meta.fields if field.name != "id"]
    inlines = [FactCheckLinkInline]

    def has_add_permission(self, request) -> bool:
        return False  # imported from ClaimReview: `manage.py import_claimreview` or the API

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="claim reviewed")
    def claim_short(self, fact_check: FactCheck) -> str:
        text = fact_check.claim_reviewed
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description="page")
    def link(self, fact_check: FactCheck) -> str:
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', fact_check.url, fact_check.url[:60])


def _decide(status: str):
    def action(model_admin, request, queryset):
        try:
            count = factchecks.decide_links(
                link_ids=queryset.values_list("pk", flat=True), status=status, decided_by=request.user
            )
        except factchecks.ClaimReviewError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
        else:
            model_admin.message_user(request, f"{count} link{'s' if count != 1 else ''} {status}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return admin.action(description=f"Mark the selected links {status}", permissions=["change"])(action)


@admin.register(FactCheckLink)
class FactCheckLinkAdmin(ActionPermissionsMixin, admin.ModelAdmin):
    """Links the matcher proposed between others' fact-checks and our claims; a reviewer decides each."""

    list_display = ["id", "claim_link", "publisher", "rating", "review_date", "score", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["fact_check", "claim", "decided_by"]
    search_fields = ["claim__text", "fact_check__claim_reviewed", "fact_check__publisher"]
    readonly_fields = ["fact_check", "claim", "score", "status", "decided_by", "decided_at", "created_at"]
    actions = [_decide(FactCheckLink.Status.CONFIRMED), _decide(FactCheckLink.Status.REJECTED)]

    def has_add_permission(self, request) -> bool:
        return False

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        return lookup == "claim__id__exact" or super().lookup_allowed(lookup, value, request)

    @admin.display(description="claim", ordering="claim_id")
    def claim_link(self, link: FactCheckLink) -> str:
        url = reverse("admin:claims_claim_change", args=[link.claim_id])
        return format_html('<a href="{}">{}</a>', url, str(link.claim))

    @admin.display(description="publisher", ordering="fact_check__publisher")
    def publisher(self, link: FactCheckLink) -> str:
        return link.fact_check.publisher

    @admin.display(description="rating")
    def rating(self, link: FactCheckLink) -> str:
        return link.fact_check.rating

    @admin.display(description="review date", ordering="fact_check__review_date")
    def review_date(self, link: FactCheckLink):
        return link.fact_check.review_date
