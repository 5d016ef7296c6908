"""Root URLs: the admin, the annotation web app, imports, the API and its schema, health."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", RedirectView.as_view(url="/api/v1/schema/", query_string=True), name="api-schema"),
    path("api/docs/", RedirectView.as_view(url="/api/v1/docs/", query_string=True), name="api-docs"),
    path("imports/", include("provenance.urls")),
    path("", include("claims.urls")),
]

# An unhandled exception answers the API's JSON error under /api/, Django's error page elsewhere.
handler500 = "claims.api.errors.server_error"
