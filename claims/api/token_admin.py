"""The admin's API tokens: made there, shown once, stored hashed (config/urls.py registers this)."""

from __future__ import annotations

from django.contrib import admin, messages
from knox.admin import AuthTokenAdmin
from knox.models import AuthToken
from rest_framework.authtoken.models import TokenProxy


class ApiTokenAdmin(AuthTokenAdmin):
    """Knox's token admin, listing tokens by their first characters and saying the key is shown once."""

    list_display = ("token_key", "user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username")

    def save_model(self, request, obj, form, change):
        super(AuthTokenAdmin, self).save_model(request, obj, form, change)
        if not change:
            self.message_user(
                request,
                f"API token for {obj.user}: {form.token} — copy it now: only a hash is stored, "
                "so it cannot be shown again.",
                messages.WARNING,
            )


def use_hashed_token_admin(site: admin.AdminSite) -> None:
    """Offer hashed tokens only: DRF's plain-text tokens no longer authenticate, so their page goes."""
    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
    if site.is_registered(AuthToken):
        site.unregister(AuthToken)
    site.register(AuthToken, ApiTokenAdmin)
