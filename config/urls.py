"""Root URLs: the admin, the annotation web app, imports, the API and its schema, health."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from claims.api.token_admin import use_hashed_token_admin
from config import signin
from config.health import health

# Sign-in and API tokens (Hardening): both sign-in pages count failures and lock out (config/signin.py),
# and the admin makes hashed API tokens only, showing each key once.
admin.site.login_form = signin.AdminSignInForm
use_hashed_token_admin(admin.site)

urlpatterns = [
    path("admin/login/", signin.admin_sign_in),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include("newsroom.api.urls")),  # before claims.api.urls, whose last route takes the rest
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", RedirectView.as_view(url="/api/v1/schema/", query_string=True), name="api-schema"),
    path("api/docs/", RedirectView.as_view(url="/api/v1/docs/", query_string=True), name="api-docs"),
    path("imports/", include("provenance.urls")),
    # Before claims.urls, which includes the rest of django.contrib.auth.urls under accounts/.
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", signin.LimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", signin.ResetSentView.as_view(), name="password_reset_done"),
    path("", include("claims.urls")),
]

# Under /api/ an unhandled exception, or an address no route takes, answers the API's JSON error;
# elsewhere, Django's error pages.
handler404 = "claims.api.errors.page_not_found"
handler500 = "claims.api.errors.server_error"
