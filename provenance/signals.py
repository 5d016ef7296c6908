"""Signals other apps listen to, so provenance never imports from the apps to its right."""

from django.dispatch import Signal

# Sent after the transaction that stored a new article commits: kwargs article (Article).
# The claims app listens to propose claim mentions for it.
article_stored = Signal()
