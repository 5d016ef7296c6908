"""App config for the newsroom: webhooks and fact-checks published elsewhere, listening to claims and provenance."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from claims.elsewhere import register_provider
        from newsroom import events
        from newsroom.selectors import checked_elsewhere_for_claims

        events.connect()
        register_provider(checked_elsewhere_for_claims)
