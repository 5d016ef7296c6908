"""The REST API (/api/v1/): sources, articles, derivations, claims, mentions, reviews and exports."""
