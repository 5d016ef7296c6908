"""Fixtures for the newsroom tests: a receiver on 127.0.0.1 that captures may reach, and an empty job queue."""

from __future__ import annotations

import pytest

from tests.jobs.conftest import job_queue  # noqa: F401  (a fixture)
from tests.newsroom.receiver import running_receiver


@pytest.fixture
def receiver(settings):
    settings.CAPTURE_ALLOWED_HOSTS = ["127.0.0.1"]
    with running_receiver() as server:
        yield server
