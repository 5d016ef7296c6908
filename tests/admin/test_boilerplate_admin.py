"""Boilerplate patterns in the admin: listed, searched, filtered and added by an admin; read-only below that."""

from __future__ import annotations

from django.urls import reverse

from provenance.models import BoilerplatePattern
from sources.models import Source

PATTERNS = "/admin/provenance/boilerplatepattern/"


def herald():
    return Source.objects.create(name="Marsk Herald", slug="marsk-herald")


def add_post(**fields) -> dict:
    return {"outlet": "", "kind": "line", "pattern": "", "description": "", "is_active": "on", **fields}


def test_an_admin_lists_the_patterns_with_outlet_kind_and_state_and_filters_them(client_for):
    outlet = herald()
    BoilerplatePattern.objects.create(outlet=outlet, kind="line", pattern=r"^Printed in Marsk", description="imprint")
    BoilerplatePattern.objects.create(kind="block_start", pattern=r"^More from the Herald$", is_active=False)
    client = client_for("admin")

    response = client.get(PATTERNS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "^Printed in Marsk" in page and "Marsk Herald" in page and "Drop matching lines" in page
    assert "All outlets" in page  # a generic pattern says so, not an empty cell

    active = client.get(PATTERNS, {"is_active__exact": "1"}).context["cl"].result_list
    assert [p.pattern for p in active] == [r"^Printed in Marsk"]
    block = client.get(PATTERNS, {"kind__exact": "block_start"}).context["cl"].result_list
    assert [p.pattern for p in block] == [r"^More from the Herald$"]
    found = client.get(PATTERNS, {"q": "herald"}).context["cl"].result_list  # the outlet's name or the pattern
    assert {p.pattern for p in found} == {r"^Printed in Marsk", r"^More from the Herald$"}


def test_an_admin_adds_a_pattern_for_one_outlet(client_for):
    outlet = herald()
    client = client_for("admin")
    assert client.get(reverse("admin:provenance_boilerplatepattern_add")).status_code == 200
    response = client.post(
        reverse("admin:provenance_boilerplatepattern_add"),
        add_post(outlet=outlet.pk, pattern=r"^Subscribe to the Herald", description="subscription prompt"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pattern = BoilerplatePattern.objects.get()
    assert (pattern.outlet, pattern.kind, pattern.pattern, pattern.is_active) == (
        outlet,
        "line",
        r"^Subscribe to the Herald",
        True,
    )


def test_a_pattern_that_is_not_a_regular_expression_is_a_form_error(client_for):
    response = client_for("admin").post(reverse("admin:provenance_boilerplatepattern_add"), add_post(pattern="^(Read"))
    assert response.status_code == 200
    assert "Not a valid regular expression" in response.content.decode()
    assert not BoilerplatePattern.objects.exists()


def test_a_reviewer_reads_the_patterns_but_may_not_add_change_or_delete_them(client_for):
    pattern = BoilerplatePattern.objects.create(kind="line", pattern=r"^Printed in Marsk")
    client = client_for("reviewer")
    assert client.get(PATTERNS).status_code == 200
    change = reverse("admin:provenance_boilerplatepattern_change", args=[pattern.pk])
    assert client.get(change).status_code == 200  # the view page, read-only
    assert client.get(reverse("admin:provenance_boilerplatepattern_add")).status_code == 403
    assert client.post(change, add_post(pattern=r"^Anything")).status_code == 403
    delete = reverse("admin:provenance_boilerplatepattern_delete", args=[pattern.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    pattern.refresh_from_db()
    assert pattern.pattern == r"^Printed in Marsk"


def test_the_list_query_count_does_not_grow_with_patterns(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PATTERNS).status_code == 200
        return len(captured)

    BoilerplatePattern.objects.create(outlet=herald(), pattern=r"^Printed in Marsk")
    before = queries()
    for n in range(8):
        outlet = Source.objects.create(name=f"Vell Courier {n}", slug=f"vell-courier-{n}")
        BoilerplatePattern.objects.create(outlet=outlet, pattern=rf"^Courier edition {n}")
    assert queries() == before
