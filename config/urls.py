"""Root URLs: the admin, the annotation web app, imports, the API and its schema, health."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("imports/", include("provenance.urls")),
    path("", include("claims.urls")),
]
