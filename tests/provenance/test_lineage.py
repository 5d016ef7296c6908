"""The derivation graph is walked in one place (provenance.lineage), and its parent rule is the trigger's."""

from __future__ import annotations

import re
from pathlib import Path

from provenance.lineage import family_ids, is_ancestor, lineage, parent_edges
from provenance.models import Derivation
from provenance.selectors import chains_for, origins_for
from provenance.services import add_derivation, decide_derivations

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_parent_rule_is_the_one_the_origin_trigger_follows(make_article, make_source):
    copy, scored_low, scored_high = make_article(), make_article(), make_article()
    agency = make_source("Veloria Wire Service")
    add_derivation(derived=copy, source_article=scored_low, kind=Derivation.Kind.REPUBLICATION, score=0.4)
    add_derivation(derived=copy, source_article=scored_high, kind=Derivation.Kind.REPUBLICATION, score=0.9)
    edges = Derivation.objects.filter(derived=copy)
    # proposed edges: an article before an outlet, then the higher score
    assert parent_edges(edges)[copy.pk].source_article_id == scored_high.pk
    assert origins_for([copy.pk])[copy.pk].article_id == scored_high.pk
    assert chains_for([copy.pk])[copy.pk].origin.article.pk == scored_high.pk

    # a person's confirmation beats everything, even an edge to an outlet
    outlet_edge, _ = add_derivation(derived=copy, source_outlet=agency, kind=Derivation.Kind.REWRITE)
    decide_derivations(derivation_ids=[outlet_edge.pk], status=Derivation.Status.CONFIRMED)
    edges = Derivation.objects.filter(derived=copy)
    assert parent_edges(edges)[copy.pk].pk == outlet_edge.pk
    assert origins_for([copy.pk])[copy.pk].outlet_id == agency.pk
    assert chains_for([copy.pk])[copy.pk].origin.outlet.pk == agency.pk


def test_lineage_walks_up_and_down_and_knows_which_copies_hold_the_whole_text(make_article):
    original, copy, excerpt, unrelated = make_article(), make_article(), make_article(), make_article()
    add_derivation(derived=copy, source_article=original, kind=Derivation.Kind.REPUBLICATION)
    add_derivation(derived=excerpt, source_article=original, kind=Derivation.Kind.EXCERPT)
    assert set(family_ids(copy.pk)) == {original.pk, copy.pk, excerpt.pk}
    assert set(family_ids(copy.pk, descendants=False)) == {original.pk, copy.pk}
    assert lineage([original.pk]) == {original.pk: True, copy.pk: True, excerpt.pk: False}
    assert is_ancestor(original.pk, of=copy.pk) and not is_ancestor(copy.pk, of=original.pk)
    assert unrelated.pk not in family_ids(copy.pk)


def test_no_code_outside_provenance_reads_provenance_tables_in_raw_sql():
    offenders = []
    for folder in ("claims", "sources", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\b(FROM|JOIN|UPDATE|INTO)\s+provenance_\w+", line, re.IGNORECASE):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_derivation_graph_is_walked_only_in_provenance_lineage():
    walks = []
    for path in ROOT.glob("*/**/*.py"):
        if "migrations" in path.parts or ".venv" in path.parts or path.parts[-2:] == ("provenance", "lineage.py"):
            continue
        if path.is_relative_to(ROOT / "tests") or path.is_relative_to(ROOT / "bench"):
            continue
        if "WITH RECURSIVE" in path.read_text(encoding="utf-8"):
            walks.append(str(path.relative_to(ROOT)))
    assert walks == []


def test_the_cycle_check_is_one_query_and_still_sees_a_long_chain(make_article, django_assert_num_queries):
    chain = [make_article() for _ in range(6)]
    for derived, source in zip(chain[1:], chain, strict=False):
        add_derivation(derived=derived, source_article=source)
    fresh = make_article()
    with django_assert_num_queries(1):
        assert not is_ancestor(fresh.pk, of=chain[-1].pk)  # nothing is derived from it: one index probe
    with django_assert_num_queries(1):
        assert is_ancestor(chain[0].pk, of=chain[-1].pk)
    assert not is_ancestor(chain[-1].pk, of=chain[0].pk)
