"""Root URLs: the admin now; the web app and the API hang off here too."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
