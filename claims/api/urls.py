"""API routes under /api/v1/ (namespace "api"), the OpenAPI schema and docs, and the public claim review page."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api.errors import api_not_found
from claims.api.views.captures import CaptureBatchViewSet
from claims.api.views.catalogue import ArticleViewSet, DerivationViewSet, SourceViewSet
from claims.api.views.claims import ClaimViewSet, MentionViewSet, ReviewViewSet
from claims.api.views.index import ApiIndexView
from claims.api.views.pages import claim_review_page
from claims.api.views.web_archives import ArticleWarcView, CaptureRecordViewSet, ClaimWarcView

app_name = "api"

# Swagger UI and Redoc style their pages inline and Redoc runs a worker from a blob: only there.
docs_csp = csp_update({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sources", SourceViewSet, basename="source")
router.register("articles", ArticleViewSet, basename="article")
router.register("derivations", DerivationViewSet, basename="derivation")
router.register("claims", ClaimViewSet, basename="claim")
router.register("mentions", MentionViewSet, basename="mention")
router.register("reviews", ReviewViewSet, basename="review")
router.register("captures", CaptureBatchViewSet, basename="capture")
# "captures" are batches of links to capture; a stored capture (its evidence state, its WARC) is a capture record
router.register("capture-records", CaptureRecordViewSet, basename="capture-record")

urlpatterns = [
    path("", ApiIndexView.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls"), name="schema"),
    path("docs/", docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_csp(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("claims/<int:pk>/review.html", claim_review_page, name="claim-review-page"),
    path("articles/<int:pk>/warc/", ArticleWarcView.as_view(), name="article-warc"),
    path("claims/<int:pk>/warc/", ClaimWarcView.as_view(), name="claim-warc"),
    *router.urls,
    # [\s\S], not ".": an address with a newline in it (%0A) gets the JSON 404 too
    re_path(r"^(?P<path>[\s\S]*)$", api_not_found, name="not-found"),
]
