"""Two reviewers on one change page: the later save of a page opened before the other's save is refused.

The refused page (409) says who changed the row and when, shows the reviewer's values beside the stored
ones, keeps the form, and saves nothing; a reopened page, or a second save from the refused one, saves.
"""

from __future__ import annotations

import re

import pytest
from django.forms import CheckboxInput
from django.urls import reverse

from claims.models import Claim, Mention
from provenance.models import Derivation
from sources.models import Source
from sources.services import add_alias


def page_data(response) -> dict:
    """What a browser posts back from a change page when the person changes nothing."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def open_page(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return page_data(response)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def two_reviewers(client_for):
    """Two signed-in clients, A and B, each a reviewer with its own session."""
    return client_for("reviewer"), client_for("reviewer")


def username(client) -> str:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"]).username


def test_a_claim_page_opened_before_another_save_is_refused_with_both_versions(two_reviewers, make_claim):
    a, b = two_reviewers
    claim = make_claim("Shelling reported near the Marsk bridge on 4 May", kind=Claim.Kind.EVENT)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    a_form = open_page(a, url)
    b_form = open_page(b, url)

    b_saved = b.post(url, {**b_form, "text": "Shelling reported near the Marsk bridge on 5 May"})
    assert b_saved.status_code == 302

    refused = a.post(url, {**a_form, "kind": Claim.Kind.CASUALTY, "places": "Marsk"})
    assert refused.status_code == 409
    page = text_of(refused)
    assert f"This claim was changed by {username(b)} at " in page
    assert "since you opened it. Nothing was saved" in page
    conflict = refused.context["adminform"].form.edit_conflict
    rows = {row.label: (row.yours, row.stored, row.changed_since_opened) for row in conflict.rows}
    assert rows["Text"] == (
        "Shelling reported near the Marsk bridge on 4 May",
        "Shelling reported near the Marsk bridge on 5 May",
        True,
    )
    assert rows["Kind"] == ("Casualty figure", "Event", False)  # A's own edit, beside what is stored
    assert 'id="edit-conflict"' in page and "on 5 May" in page
    # A's values stay in the form, to save again
    assert refused.context["adminform"].form["kind"].value() == Claim.Kind.CASUALTY

    claim.refresh_from_db()
    assert claim.text.endswith("on 5 May") and claim.kind == Claim.Kind.EVENT and claim.places == []

    # A re-opens the page (now showing B's text) and saves: A's change lands, B's is kept
    reopened = open_page(a, url)
    assert a.post(url, {**reopened, "kind": Claim.Kind.CASUALTY}).status_code == 302
    claim.refresh_from_db()
    assert claim.text.endswith("on 5 May") and claim.kind == Claim.Kind.CASUALTY


def test_saving_again_from_the_refused_page_keeps_the_values_shown_there(two_reviewers, make_claim):
    a, b = two_reviewers
    claim = make_claim("Convoy reached Dravon on 2 June")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    a_form = open_page(a, url)
    b.post(url, {**open_page(b, url), "text": "Convoy reached Dravon on 3 June"})

    refused = a.post(url, {**a_form, "text": "A convoy reached Dravon on 2 June"})
    assert refused.status_code == 409
    again = page_data(refused)  # the refused page, posted as it stands: A has seen B's version
    assert a.post(url, again).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "A convoy reached Dravon on 2 June"


def test_a_page_saved_without_anyone_else_saving_is_not_refused(two_reviewers, make_claim):
    a, b = two_reviewers
    claim = make_claim("Power cut in Marsk")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    a_form = open_page(a, url)
    open_page(b, url)  # B only looks
    assert a.post(url, {**a_form, "text": "Power cut across Marsk"}).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Power cut across Marsk"


def test_a_stale_source_page_does_not_revert_a_grade_or_an_alias(two_reviewers, make_source):
    a, b = two_reviewers
    source = make_source("Veloria Evening Post", grade="C")
    alias = add_alias(source=source, name="VEP")
    url = reverse("admin:sources_source_change", args=[source.pk])
    a_form = open_page(a, url)
    b_form = open_page(b, url)
    alias_field = next(name for name, value in b_form.items() if value == "VEP")
    b_saved = b.post(url, {**b_form, "grade": "B", alias_field: "V. Evening Post"})
    assert b_saved.status_code == 302

    refused = a.post(url, {**a_form, "notes": "State-owned since 2030."})
    assert refused.status_code == 409
    page = text_of(refused)
    assert f"This source was changed by {username(b)} at " in page
    rows = {row.label: (row.yours, row.stored) for row in refused.context["adminform"].form.edit_conflict.rows}
    assert rows["Reliability grade"] == ("C: fairly reliable", "B: usually reliable")
    assert rows["Source alias “V. Evening Post”: name"] == ("VEP", "V. Evening Post")
    source.refresh_from_db()
    alias.refresh_from_db()
    assert (source.grade, source.notes, alias.name) == ("B", "", "V. Evening Post")


def test_stale_mention_and_derivation_pages_are_refused(two_reviewers, demo_corpus):
    a, b = two_reviewers
    mention = Mention.objects.filter(status=Mention.Status.PROPOSED).first() or Mention.objects.first()
    url = reverse("admin:claims_mention_change", args=[mention.pk])
    a_form = open_page(a, url)
    other_stance = next(s for s in Mention.Stance.values if s != mention.stance)
    assert b.post(url, {**open_page(b, url), "stance": other_stance}).status_code == 302
    refused = a.post(url, a_form)
    assert refused.status_code == 409
    assert "This mention was changed by" in text_of(refused)
    mention.refresh_from_db()
    assert mention.stance == other_stance

    edge = Derivation.objects.exclude(status=Derivation.Status.REJECTED).first()
    status_before = edge.status
    url = reverse("admin:provenance_derivation_change", args=[edge.pk])
    a_form = open_page(a, url)
    other_kind = next(k for k in Derivation.Kind.values if k != edge.kind)
    assert b.post(url, {**open_page(b, url), "kind": other_kind}).status_code == 302
    refused = a.post(url, {**a_form, "status": Derivation.Status.REJECTED})
    assert refused.status_code == 409
    assert "This derivation was changed by" in text_of(refused)
    assert 'id="edit-conflict"' in text_of(refused)
    edge.refresh_from_db()
    assert (edge.kind, edge.status) == (other_kind, status_before)


def test_every_shared_change_page_carries_its_version(admin_client, demo_corpus):
    pages = [
        reverse("admin:claims_claim_change", args=[Claim.objects.first().pk]),
        reverse("admin:sources_source_change", args=[Source.objects.first().pk]),
        reverse("admin:claims_mention_change", args=[Mention.objects.first().pk]),
        reverse("admin:provenance_derivation_change", args=[Derivation.objects.first().pk]),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert re.search(r'<input type="hidden" name="edit_version" value="[^"]+"', response.content.decode()), url
