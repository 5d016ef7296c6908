"""API views: catalogue (sources, articles, derivations), claims, mentions, reviews, and the public report page."""
