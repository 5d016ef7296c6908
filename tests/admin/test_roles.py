"""Roles through the admin: what each of viewer, annotator, reviewer and admin may do, and may not."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, Mention, Review
from claims.roles import ROLES
from provenance.models import Article, Derivation
from sources.models import Source
from tests.admin.conftest import PASSWORD, confirmed_action

CLAIMS = "/admin/claims/claim/"


def verdict_post(ids, action="mark_contradicted"):
    """The final POST of the bulk verdict confirmation page."""
    return confirmed_action(action, ids, rationale="Forged")


def grade_post(ids, grade="A"):
    return confirmed_action("set_reliability_grade", ids, grade=grade)


# --- createuser -----------------------------------------------------------------------------------


def test_createuser_makes_a_staff_member_of_the_role_and_prints_a_generated_password(db, django_user_model):
    out = io.StringIO()
    call_command("createuser", "amal", "--role", "reviewer", "--email", "amal@example.org", stdout=out)
    user = django_user_model.objects.get(username="amal")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["reviewer"]
    password = next(line.split(": ", 1)[1] for line in out.getvalue().splitlines() if line.startswith("Password:"))
    assert user.check_password(password)
    assert user.email == "amal@example.org"


def test_createuser_with_token_prints_an_api_token_that_exists(db, django_user_model, client):
    out = io.StringIO()
    call_command("createuser", "tok", "--role", "viewer", "--password", PASSWORD, "--token", stdout=out)
    key = next(line.split(": ", 1)[1] for line in out.getvalue().splitlines() if line.startswith("API token:"))
    answer = client.get("/api/v1/claims/", headers={"Authorization": f"Token {key}"})
    assert answer.status_code == 200  # the printed key authenticates as tok, a viewer
    assert "Password:" not in out.getvalue()  # a given password is not echoed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dup", "--role", "viewer"], "already exists"),
        (["weak", "--role", "viewer", "--password", "123"], "too weak"),
        (["nobody", "--role", "emperor"], "invalid choice"),
    ],
)
def test_createuser_refuses_bad_input_and_creates_nobody(db, django_user_model, args, message):
    django_user_model.objects.create_user(username="dup")
    before = django_user_model.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(*["createuser", *args], stdout=io.StringIO())
    assert django_user_model.objects.count() == before


def test_the_four_roles_exist_as_groups(db):
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


# --- viewer ---------------------------------------------------------------------------------------


def test_viewer_reads_every_review_page(client_for, demo_corpus):
    client = client_for("viewer")
    claim, source, article = Claim.objects.first(), Source.objects.first(), Article.objects.first()
    for url in [
        CLAIMS,
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse("admin:claims_mention_changelist"),
        reverse("admin:claims_review_changelist"),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:provenance_article_change", args=[article.pk]),
        reverse("admin:provenance_derivation_changelist"),
    ]:
        assert client.get(url).status_code == 200, url


def test_viewer_cannot_change_add_or_decide_anything(client_for, demo_corpus):
    client = client_for("viewer")
    claim = Claim.objects.first()
    before = claim.text
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    assert client.post(change, {"text": "x", "kind": "event"}).status_code == 403
    assert client.get(reverse("admin:claims_claim_add")).status_code == 403
    assert client.get(reverse("admin:claims_review_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    claim.refresh_from_db()
    assert claim.text == before


def test_viewer_forged_bulk_verdict_is_refused_and_records_nothing(client_for, demo_corpus):
    client = client_for("viewer")
    ids = list(Claim.objects.values_list("pk", flat=True))
    reviews = Review.objects.count()
    assert client.post(CLAIMS, verdict_post(ids)).status_code == 403
    first_step = {"action": "mark_contradicted", "_selected_action": ids, "index": "0"}
    assert client.post(CLAIMS, first_step).status_code == 403
    assert Review.objects.count() == reviews


def test_viewer_forged_grade_action_is_refused_and_grades_stay(client_for, demo_corpus):
    client = client_for("viewer")
    grades = dict(Source.objects.values_list("pk", "grade"))
    response = client.post(reverse("admin:sources_source_changelist"), grade_post(list(grades)))
    assert response.status_code == 403
    assert dict(Source.objects.values_list("pk", "grade")) == grades


# --- annotator ------------------------------------------------------------------------------------


def test_annotator_adds_claims_and_mentions(client_for, demo_corpus):
    client = client_for("annotator")
    data = {"text": "Fictional claim from the admin", "kind": "event"}
    response = client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 302
    claim = Claim.objects.get(text="Fictional claim from the admin")
    assert claim.created_by.groups.filter(name="annotator").exists()
    article = Article.objects.get(url__contains="veloria-wire", title__icontains="Marsk market")
    response = client.post(
        reverse("admin:claims_mention_add"),
        {
            "claim": claim.pk,
            "article": article.pk,
            "quote": article.body[0:12],
            "start": 0,
            "end": 12,
            "hedge": "asserted",
            "stance": "asserts",
            "status": "proposed",
        },
    )
    assert response.status_code == 302
    assert Mention.objects.filter(claim=claim, article=article).exists()


def test_annotator_proposes_derivations(client_for, demo_corpus):
    client = client_for("annotator")
    derived = Article.objects.get(url__contains="veloria-wire", title__icontains="Kellen")
    source = Article.objects.get(url__contains="marsk-herald", title__icontains="Kellen")
    response = client.post(
        reverse("admin:provenance_derivation_add"),
        {"derived": derived.pk, "source_article": source.pk, "kind": "rewrite", "status": "proposed"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Derivation.objects.filter(derived=derived, source_article=source).exists()


def test_an_annotators_new_derivation_stays_proposed(client_for, demo_corpus):
    client = client_for("annotator")
    derived = Article.objects.get(url__contains="veloria-wire", title__icontains="Kellen")
    source = Article.objects.get(url__contains="marsk-herald", title__icontains="Kellen")
    client.post(
        reverse("admin:provenance_derivation_add"),
        {"derived": derived.pk, "source_article": source.pk, "kind": "rewrite", "status": "confirmed"},
    )
    assert Derivation.objects.get(derived=derived, source_article=source).status == Derivation.Status.PROPOSED


def test_annotator_cannot_review_merge_grade_or_delete_mentions(client_for, demo_corpus):
    client = client_for("annotator")
    ids = list(Claim.objects.values_list("pk", flat=True))
    reviews = Review.objects.count()
    assert client.get(reverse("admin:claims_review_add")).status_code == 403
    review_add = {"claim": ids[0], "verdict": "contradicted", "rationale": "Forged"}
    assert client.post(reverse("admin:claims_review_add"), review_add).status_code == 403
    assert client.post(CLAIMS, verdict_post(ids)).status_code == 403
    assert Review.objects.count() == reviews

    grades = dict(Source.objects.values_list("pk", "grade"))
    assert client.post(reverse("admin:sources_source_changelist"), grade_post(list(grades))).status_code == 403
    assert dict(Source.objects.values_list("pk", "grade")) == grades

    mention = Mention.objects.first()
    assert client.post(reverse("admin:claims_mention_delete", args=[mention.pk]), {"post": "yes"}).status_code == 403
    assert Mention.objects.filter(pk=mention.pk).exists()


def test_annotator_cannot_merge_claims_through_the_claim_form(client_for, demo_corpus):
    client = client_for("annotator")
    claim, other = Claim.objects.order_by("pk")[:2]
    response = client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {"text": claim.text, "kind": claim.kind, "places": "", "groups": "", "merged_into": other.pk},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.merged_into_id is None  # the field is read-only for annotators


def test_annotator_adds_a_source_but_cannot_grade_it(client_for, demo_corpus):
    client = client_for("annotator")
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "name": "Fictional Lantern Post",
            "slug": "fictional-lantern-post",
            "kind": "outlet",
            "grade": "A",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get(slug="fictional-lantern-post").grade == Source.Grade.F


def test_annotator_cannot_confirm_derivations(client_for, demo_corpus):
    client = client_for("annotator")
    proposed = list(Derivation.objects.filter(status=Derivation.Status.PROPOSED).values_list("pk", flat=True))
    assert proposed
    client.post(
        reverse("admin:provenance_derivation_changelist"),
        {"action": "confirm", "_selected_action": proposed, "index": "0"},
    )
    assert set(Derivation.objects.filter(pk__in=proposed).values_list("status", flat=True)) == {"proposed"}


# --- reviewer -------------------------------------------------------------------------------------


def test_reviewer_records_verdicts_grades_sources_and_deletes_mentions(client_for, demo_corpus):
    client = client_for("reviewer")
    ids = list(Claim.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[:3])
    assert client.post(CLAIMS, {**verdict_post(ids), "rationale": "Checked by a reviewer"}).status_code == 302
    assert Review.objects.filter(rationale="Checked by a reviewer").count() == 3

    review_add = {"claim": ids[0], "verdict": "corroborated", "rationale": "Single verdict"}
    response = client.post(reverse("admin:claims_review_add"), review_add)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_claim_change", args=[ids[0]])

    source = Source.objects.get(slug="frontline-digest")
    assert client.post(reverse("admin:sources_source_changelist"), grade_post([source.pk], "E")).status_code == 302
    source.refresh_from_db()
    assert source.grade == "E"

    mention = Mention.objects.first()
    assert client.post(reverse("admin:claims_mention_delete", args=[mention.pk]), {"post": "yes"}).status_code == 302
    assert not Mention.objects.filter(pk=mention.pk).exists()


def test_reviewer_confirms_derivations(client_for, demo_corpus):
    client = client_for("reviewer")
    proposed = list(Derivation.objects.filter(status=Derivation.Status.PROPOSED).values_list("pk", flat=True))
    client.post(
        reverse("admin:provenance_derivation_changelist"),
        {"action": "confirm", "_selected_action": proposed, "index": "0", "post": "yes"},
    )
    assert set(Derivation.objects.filter(pk__in=proposed).values_list("status", flat=True)) == {"confirmed"}


def test_reviewer_cannot_manage_people(client_for, demo_corpus):
    client = client_for("reviewer")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_add")).status_code == 403


# --- admin ----------------------------------------------------------------------------------------


def test_admin_role_manages_people(client_for, demo_corpus, django_user_model):
    client = client_for("admin")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="newcomer").exists()
