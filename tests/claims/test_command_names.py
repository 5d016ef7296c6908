"""Management commands in one style; the old names still work for one release and say what replaced them."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands


def test_every_command_of_ours_is_named_in_snake_case_apart_from_the_old_aliases():
    ours = {name for name, app in get_commands().items() if app in {"claims", "provenance", "sources"}}
    assert {"create_user", "propose_claims", "setup_demo", "ingest", "detect_reuse"} <= ours
    assert {name for name in ours if not name.replace("_", "").isalpha()} == {"propose-claims"}


@pytest.mark.django_db
def test_the_old_createuser_name_still_creates_the_user_and_names_the_new_command():
    err = io.StringIO()
    call_command(
        "createuser",
        "ilse",
        "--role",
        "viewer",
        "--password",
        "a-long-Vell-passphrase",
        stderr=err,
        stdout=io.StringIO(),
    )
    assert get_user_model().objects.filter(username="ilse").exists()
    assert "`createuser` is now `create_user`" in err.getvalue()
