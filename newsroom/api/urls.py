"""Newsroom routes under /api/v1/ (namespace "newsroom-api"): webhooks, fact-checks, fact-check links."""

from rest_framework.routers import DefaultRouter

from newsroom.api.views import FactCheckLinkViewSet, FactCheckViewSet, WebhookEndpointViewSet

app_name = "newsroom-api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")
router.register("fact-checks", FactCheckViewSet, basename="fact-check")
router.register("fact-check-links", FactCheckLinkViewSet, basename="fact-check-link")

urlpatterns = router.urls
