"""The Content-Security-Policy: strict everywhere; the admin may use inline styles, never inline scripts."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def directive(response, name: str) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))


def test_admin_pages_allow_inline_styles_but_not_inline_scripts(admin_client):
    response = admin_client.get("/admin/")
    assert "'unsafe-inline'" in directive(response, "style-src")
    assert "'unsafe-inline'" not in directive(response, "script-src")


def test_the_web_app_and_the_api_keep_the_strict_policy(admin_client):
    for path in ("/", "/api/v1/"):
        response = admin_client.get(path)
        assert "'unsafe-inline'" not in directive(response, "style-src"), path


def test_the_chain_tree_indents_by_nesting_not_by_inline_style(admin_client, make_article):
    from provenance.services import add_derivation

    original, copy = make_article(), make_article()
    add_derivation(derived=copy, source_article=original)
    page = admin_client.get(f"/admin/provenance/article/{copy.pk}/change/").content.decode()
    tree = page[page.index("chain-tree") :]
    assert re.search(r"<ul><li>.*<ul><li>", tree), "the copy is nested under its original"
    assert not re.search(r"style=", tree)
    assert "admin_review/review" in page, "the stylesheet that indents the levels is loaded"
