"""Load the fictional demo corpus and make sure a demo admin login exists (development only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.demo.loader import load_demo_corpus

DEMO_ADMIN = ("admin", "admin")


class Command(BaseCommand):
    help = "Load the demo corpus (idempotent) and create the demo admin user if there is none."

    def handle(self, *args, **options) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "setup_demo is for a developer's machine: it creates a known admin login "
                "(these settings have ALLOW_DEMO_DATA off)"
            )
        result = load_demo_corpus()
        self.stdout.write(
            f"demo corpus: {result.articles_created} articles, {result.derivations_created} derivations, "
            f"{result.claims_created} claims, {result.mentions_created} mentions, "
            f"{result.reviews_created} reviews created (0 means already loaded)"
        )
        username, password = DEMO_ADMIN
        users = get_user_model().objects
        if not users.filter(is_superuser=True).exists():
            users.create_superuser(username=username, email="", password=password)
            self.stdout.write(self.style.SUCCESS(f"created the demo admin: login {username} / password {password}"))
        elif users.filter(username=username, is_superuser=True).exists():
            self.stdout.write(f"demo admin login: {username} / password {password} (unless you changed it)")
        else:
            self.stdout.write("an admin user already exists; log in with it")
