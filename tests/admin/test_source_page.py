"""The Source page: profile (originates vs copies), affiliation tree, grades in bulk, history."""

from __future__ import annotations

from django.urls import reverse

from sources.models import Source
from tests.admin.conftest import confirmed_action

SOURCES = "/admin/sources/source/"


def source_page(client, source: Source):
    response = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert response.status_code == 200
    return response


def test_source_page_counts_what_it_originates_and_what_it_copies(admin_client, demo_corpus):
    dnb = Source.objects.get(slug="dnb")
    profile = source_page(admin_client, dnb).context["profile"]
    assert profile["published"] == dnb.articles.count()
    assert profile["originals"] == dnb.articles.filter(origin_depth=0).count() > 0
    # Dravonia Today (part of DNB) and others republish DNB's reports
    assert profile["copied_elsewhere"] >= 3
    assert "Dravonia Today" in {row["outlet_name"] for row in profile["copied_by"]}

    today = Source.objects.get(slug="dravonia-today")
    profile = source_page(admin_client, today).context["profile"]
    assert profile["copies"] >= 1
    assert {row["origin"] for row in profile["copies_from"]} == {"Dravonian National Broadcaster"}

    vocs = Source.objects.get(slug="vocs")
    profile = source_page(admin_client, vocs).context["profile"]
    assert profile["published"] == 0
    assert profile["mentions"] == vocs.attributed_mentions.count() > 0
    assert profile["claims"] == 3


def test_source_page_shows_the_affiliation_tree_aliases_and_domains(admin_client, demo_corpus):
    today = Source.objects.get(slug="dravonia-today")
    response = source_page(admin_client, today)
    tree = [(node.source.slug, node.depth, node.is_current) for node in response.context["tree"]]
    assert tree == [("dnb", 0, False), ("dravonia-today", 1, True)]
    content = response.content.decode()
    assert "Dravonian National Broadcaster" in content
    for alias in today.aliases.all():
        assert f'value="{alias.name}"' in content
    for domain in today.domains.all():
        assert domain.domain in content


def test_grade_action_confirms_then_sets_the_grade(client_for, demo_corpus):
    client = client_for("reviewer")
    picked = Source.objects.filter(slug__in=["frontline-digest", "borderland-centre"])
    chosen = list(picked.values_list("pk", flat=True))
    grade = next(g for g in "ABCDEF" if not picked.filter(grade=g).exists())
    page = client.post(SOURCES, {"action": "set_reliability_grade", "_selected_action": chosen, "index": "0"})
    assert page.status_code == 200
    assert "Frontline Digest" in page.content.decode() and "Set the grade" in page.content.decode()
    assert grade not in set(Source.objects.filter(pk__in=chosen).values_list("grade", flat=True))
    done = client.post(
        SOURCES,
        confirmed_action("set_reliability_grade", chosen, grade=grade),
        follow=True,
    )
    assert f"2 of 2 source(s) now graded {grade}" in done.content.decode()
    assert set(Source.objects.filter(pk__in=chosen).values_list("grade", flat=True)) == {grade}


def test_an_unknown_grade_is_a_form_error_and_changes_nothing(client_for, demo_corpus):
    client = client_for("reviewer")
    source = Source.objects.get(slug="frontline-digest")
    response = client.post(
        SOURCES,
        confirmed_action("set_reliability_grade", [source.pk], grade="Z"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Source.objects.get(pk=source.pk).grade == source.grade


def test_grade_changes_are_in_the_source_history_with_who(client_for, demo_corpus):
    client = client_for("reviewer")
    source = Source.objects.get(slug="frontline-digest")
    client.post(
        SOURCES,
        confirmed_action("set_reliability_grade", [source.pk], grade="A" if source.grade != "A" else "B"),
    )
    history = source_page(client, source).context["history"]
    changed = next(entry for entry in history if entry.action == "changed" and entry.changes)
    assert changed.user.startswith("reviewer")
    assert ("grade", source.grade, "A" if source.grade != "A" else "B") in changed.changes
    assert client.get(reverse("admin:sources_source_history", args=[source.pk])).status_code == 200
