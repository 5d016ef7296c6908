"""Signals other apps listen to, so claims never imports from the apps that build on it."""

from django.dispatch import Signal

# Sent after the transaction that recorded verdicts commits: kwargs reviews (list[Review]).
reviews_recorded = Signal()

# Sent after a propose_claims job proposed mentions (their transactions committed): kwargs article_ids
# (list[int]), the articles that gained mentions.
mentions_proposed = Signal()
