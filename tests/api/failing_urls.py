"""The project's URLs plus routes that fail on purpose: what a server error looks like, in and out of the API."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from config.urls import *  # noqa: F403  (the project's handler500 with its routes)
from config.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug on purpose")


class FailingApiView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("a bug on purpose, in a DRF view")


urlpatterns = [
    path("api/v1/test-failure/", fail),
    path("api/v1/test-failure-drf/", FailingApiView.as_view()),
    path("test-failure/", fail),
    *project_urlpatterns,
]
