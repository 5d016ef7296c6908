"""Routes for adding material (uploads, pastes, links) and following import batches, under /imports/."""

from django.urls import path

from provenance import views

app_name = "imports"

urlpatterns = [
    path("", views.import_page, name="index"),
    path("upload/", views.upload, name="upload"),
    path("paste/", views.paste, name="paste"),
    path("links/", views.links, name="links"),
    path("batches/<int:pk>/", views.batch_page, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch-progress"),
    path("batches/<int:pk>/report.json", views.batch_report, name="batch-report"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="batch-retry"),
]
