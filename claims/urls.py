"""Annotation web app routes."""

urlpatterns: list = []
