"""App config for claims: queues claim proposals for every article stored (one job per transaction)."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from claims.services.proposals import propose_on_article_stored
        from provenance.signals import article_stored

        article_stored.connect(propose_on_article_stored, dispatch_uid="claims.propose_on_article_stored")
