"""Annotation web app routes (namespace "web"), and the sign-in pages under accounts/."""

from django.urls import include, path

from claims import views

web_patterns = [
    path("", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/annotate/", views.annotate, name="annotate"),
    path("articles/<int:pk>/correct/", views.correct_text, name="correct_text"),
    path("articles/<int:pk>/spread/", views.article_spread, name="article_spread"),
    path("mentions/<int:pk>/decide/", views.decide, name="decide"),
    path("mentions/<int:pk>/place/", views.place, name="place"),
    path("claims/search/", views.claim_search, name="claim_search"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/spread/", views.claim_spread_view, name="claim_spread"),
    path("sources/search/", views.source_search, name="source_search"),
]

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", views.favicon),
    path("", include((web_patterns, "web"))),
]
