"""Add a person with a role: `manage.py create_user NAME --role reviewer [--token] [--email] [--password]`."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.api.authentication import issue_token
from claims.roles import ROLES, sync_role_groups


class Command(BaseCommand):
    help = "Create a user in one of the roles (viewer, annotator, reviewer, admin), able to sign in to the admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES, help="the group the user joins")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="a password; without it one is generated and printed")
        parser.add_argument("--token", action="store_true", help="also create an API token and print it (once)")

    def handle(self, *args, username: str, role: str, email: str, password: str | None, token: bool, **options):
        user_model = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("the user name is empty")
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} already exists; pick another name")
        group = Group.objects.filter(name=role).first()
        if group is None:
            sync_role_groups()  # the roles were deleted by hand: put them back as migration 0004 made them
            group = Group.objects.get(name=role)
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(15)
        else:
            try:
                validate_password(password, user_model(username=username, email=email))
            except ValidationError as error:
                raise CommandError("the password is too weak: " + " ".join(error.messages)) from error
        with transaction.atomic():
            user = user_model.objects.create_user(username=username, email=email, password=password, is_staff=True)
            user.groups.add(group)
            api_token = issue_token(user=user) if token else None
        self.stdout.write(f"Created {username} with the role {role}.")
        if generated:
            self.stdout.write(f"Password: {password}")
        if api_token is not None:
            self.stdout.write(f"API token: {api_token}")
            self.stdout.write("Copy it now: only a hash of it is stored, so it cannot be shown again.")
