"""Routes for adding material (uploads, pastes) and following import batches."""

urlpatterns: list = []
