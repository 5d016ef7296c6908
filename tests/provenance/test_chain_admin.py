"""The chain tree on the article page, and reviewing edges in the admin: decisions, errors, nothing lost."""

from __future__ import annotations

from datetime import date

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from provenance.models import Derivation
from provenance.reuse import index_and_detect
from provenance.services import add_derivation
from tests.provenance.reuse_texts import sentences, text

BODY = text(sentences(21))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def detected_pair(make_article, make_source):
    original = make_article(BODY, outlet=make_source("Marsk Courier"), published=date(2031, 3, 1))
    copy = make_article(BODY + "\n\nRead the Velmora Post.", outlet=make_source("Velmora Post"),
                        published=date(2031, 3, 2))  # fmt: skip
    index_and_detect(article=original)
    index_and_detect(article=copy)
    return original, copy


def test_the_article_page_shows_the_chain_with_origin_first_and_shared_passages(
    admin_client, make_article, make_source
):
    _original, copy = detected_pair(make_article, make_source)
    response = admin_client.get(reverse("admin:provenance_article_change", args=[copy.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    tree = page[page.index("chain-tree") :]
    assert tree.index("Marsk Courier") < tree.index("Velmora Post")
    assert "Republication" in tree and "Text reuse" in tree and "score 1.00" in tree
    assert "2031-03-01" in tree and "passages" in tree and "(this article)" in tree


def test_adding_an_edge_that_would_close_a_cycle_is_a_form_error(admin_client, make_article):
    original, copy = make_article(published=date(2031, 3, 1)), make_article(published=date(2031, 3, 1))
    add_derivation(derived=copy, source_article=original)
    url = reverse("admin:provenance_article_change", args=[original.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "authors"}
    data.update(
        {
            "title": original.title,
            "body": original.body,
            "outlet": original.outlet_id,
            "language": "en",
            "published": "2031-03-01",
            "published_precision": "day",
            "derived_from-TOTAL_FORMS": "1",
            "derived_from-INITIAL_FORMS": "0",
            "derived_from-0-source_article": copy.pk,
            "derived_from-0-kind": "republication",
            "derived_from-0-status": "confirmed",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "so the edge would close a cycle" in response.content.decode()
    assert Derivation.objects.filter(derived=original).count() == 0


def test_a_reviewer_adds_an_edge_on_the_article_page(admin_client, make_article, make_source):
    source = make_article(text(sentences(22)), published=date(2031, 2, 1))
    article = make_article(text(sentences(23)), published=date(2031, 3, 1))
    url = reverse("admin:provenance_article_change", args=[article.pk])
    data = {
        "title": article.title,
        "body": article.body,
        "outlet": article.outlet_id,
        "language": "en",
        "published": "2031-03-01",
        "published_precision": "day",
        "needs_review": "",
        "review_note": "",
        "position_in_capture": "0",
        "derived_from-TOTAL_FORMS": "1",
        "derived_from-INITIAL_FORMS": "0",
        "derived_from-0-source_article": source.pk,
        "derived_from-0-kind": "excerpt",
        "derived_from-0-status": "proposed",
        "derived_from-0-evidence_text": "same quotes, checked by hand",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    edge = Derivation.objects.get(derived=article)
    assert (edge.source_article_id, edge.kind, edge.evidence, edge.status) == (
        source.pk,
        "excerpt",
        "manual",
        "confirmed",
    )


def test_bulk_confirm_and_reject_in_the_derivation_list(admin_client, make_article, make_source):
    _original, copy = detected_pair(make_article, make_source)
    edge = Derivation.objects.get(derived=copy)
    url = reverse("admin:provenance_derivation_changelist")
    admin_client.post(url, {"action": "confirm", ACTION_CHECKBOX_NAME: [edge.pk]})
    edge.refresh_from_db()
    assert edge.status == "confirmed"
    admin_client.post(url, {"action": "reject", ACTION_CHECKBOX_NAME: [edge.pk]})
    edge.refresh_from_db()
    assert edge.status == "rejected"


def test_an_unknown_id_in_an_action_is_named_and_nothing_changes(admin_client, make_article, make_source):
    _original, copy = detected_pair(make_article, make_source)
    edge = Derivation.objects.get(derived=copy)
    url = reverse("admin:provenance_derivation_changelist")
    response = admin_client.post(url, {"action": "confirm", ACTION_CHECKBOX_NAME: [edge.pk, 999999]}, follow=True)
    assert "unknown derivation id(s): 999999; nothing was changed" in messages_of(response)
    edge.refresh_from_db()
    assert edge.status == "proposed"
    articles = reverse("admin:provenance_article_changelist")
    response = admin_client.post(
        articles, {"action": "confirm_proposed_edges", ACTION_CHECKBOX_NAME: [copy.pk, 888888]}, follow=True
    )
    assert any("unknown article id(s): 888888" in message for message in messages_of(response))
    edge.refresh_from_db()
    assert edge.status == "proposed"


def test_confirming_the_proposed_edges_of_articles(admin_client, make_article, make_source):
    _original, copy = detected_pair(make_article, make_source)
    url = reverse("admin:provenance_article_changelist")
    admin_client.post(url, {"action": "confirm_proposed_edges", ACTION_CHECKBOX_NAME: [copy.pk]})
    assert Derivation.objects.get(derived=copy).status == "confirmed"


def test_an_edge_to_an_outlet_shows_in_the_tree(admin_client, make_article, make_source):
    article = make_article(BODY)
    add_derivation(derived=article, source_outlet=make_source("Ostrakai Wire"), evidence="attribution")
    page = admin_client.get(reverse("admin:provenance_article_change", args=[article.pk])).content.decode()
    assert "Ostrakai Wire (original not in the database)" in page


def test_the_derivation_add_page_refuses_a_self_edge_and_adds_a_good_one(admin_client, make_article):
    source = make_article(published=date(2031, 3, 1))
    article = make_article(published=date(2031, 3, 2))
    url = reverse("admin:provenance_derivation_add")
    base = {"derived": article.pk, "kind": "republication", "status": "proposed", "evidence_text": ""}
    response = admin_client.post(url, {**base, "source_article": article.pk})
    assert "cannot be derived from itself" in response.content.decode()
    assert not Derivation.objects.exists()
    response = admin_client.post(url, {**base, "source_article": source.pk})
    assert response.status_code == 302
    edge = Derivation.objects.get()
    assert (edge.source_article_id, edge.evidence, edge.status) == (source.pk, "manual", "confirmed")


def test_a_forged_confirm_post_by_an_annotator_is_refused_and_changes_nothing(client, django_user_model, make_article):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from claims.roles import sync_role_groups
    from provenance.models import Derivation
    from provenance.services import add_derivation

    sync_role_groups()
    annotator = django_user_model.objects.create_user("forger", password="x", is_staff=True)
    annotator.groups.add(Group.objects.get(name="annotator"))
    original, copy = make_article(), make_article()
    edge, _ = add_derivation(derived=copy, source_article=original)
    client.force_login(annotator)
    response = client.post(
        reverse("admin:provenance_derivation_changelist"),
        {"action": "confirm", "_selected_action": [edge.pk]},
    )
    assert response.status_code == 403
    edge.refresh_from_db()
    assert edge.status == Derivation.Status.PROPOSED
