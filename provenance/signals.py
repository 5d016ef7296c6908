"""Signals other apps listen to, so provenance never imports from the apps to its right."""

from django.dispatch import Signal

# Sent after the transaction that stored a new article commits: kwargs article (Article).
# The claims app listens to queue claim proposals for it. The articles of one file are announced
# inside one transaction, so a receiver can gather them and queue one job on commit; a receiver
# that leaves work to a job returns what it queued, in words ("claim proposals"), for the report.
article_stored = Signal()

# Sent after the transaction that confirmed or rejected derivations commits: kwargs derivation_ids
# (list[int]), status ("confirmed" or "rejected"), decided_by (a user or None).
derivations_decided = Signal()

# Sent after the transaction that finished an import or capture batch commits (done or failed):
# kwargs batch_id (int), status (str).
batch_finished = Signal()
