"""Claims across languages: figures, dates, places and actors link an Arabic report and its translation."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claims.models import Mention
from claims.services import accept_mentions, add_mention, create_claim
from provenance.batches import import_files, paste_as_file
from provenance.crosslang import _anchors_of, align, anchor_table, detect_translations, find_translations
from provenance.models import Article, Derivation
from provenance.services import create_article
from provenance.text.anchors import agreement, anchors, table
from tests.provenance.crosslang_pairs import FACTS, LOOKALIKES, TRANSLATIONS

FICTIONAL = str(Path(__file__).parent / "data" / "fictional_anchors.json")


@pytest.fixture
def fictional_world(settings):
    settings.CROSSLANG_EXTRA_ANCHORS = [FICTIONAL]


def _keys(text: str) -> list[tuple[str, str]]:
    return [anchor.key for anchor in anchors(text, using=table((FICTIONAL,)))]


def test_figures_are_read_in_both_scripts_and_with_separators():
    assert _keys("عاد ١٢ شخصا و3,500 غادروا") == [("num", "12"), ("big", "3500")]
    assert _keys("12 killed, 3,500 displaced; 2.5 tonnes; 1 dead") == [
        ("num", "12"),
        ("term", "killed"),
        ("big", "3500"),
        ("num", "2.5"),
        ("term", "killed"),
    ]


def test_arabic_clitics_and_case_endings_do_not_hide_a_name():
    assert ("name", "idlib") in _keys("وبإدلب")  # wa- + bi- + Idlib
    assert ("name", "veloria") in _keys("والفيلورية")
    assert ("term", "civilians") in _keys("مقتل 9 مدنيا")


def test_capitals_and_dates_are_read_only_where_they_mean_it():
    assert ("name", "united_states") not in _keys("they told us nothing")
    assert ("name", "united_states") in _keys("the US said nothing")
    assert ("month", "5") not in _keys("the ferry may resume")
    assert ("month", "5") in _keys("the ferry resumed on 2 May")
    assert ("month", "5") in _keys("استؤنفت الرحلات في 2 أيار")


def test_a_translation_agrees_and_a_lookalike_does_not():
    original, translation = TRANSLATIONS[0][1], TRANSLATIONS[0][2]
    lookalike = LOOKALIKES[0][1]
    using = table((FICTIONAL,))
    assert agreement(anchors(original, using=using), anchors(translation, using=using)).holds()
    assert not agreement(anchors(lookalike, using=using), anchors(translation, using=using)).holds()


def test_aligned_sentences_pair_each_figure_with_its_translation():
    _language, original, translation, *_ = TRANSLATIONS[0]
    passages = align(original, translation, using=table((FICTIONAL,)))
    pairs = [
        (original[p["source_start"] : p["source_end"]], translation[p["derived_start"] : p["derived_end"]])
        for p in passages
    ]
    assert any("40 stalls" in a and "40 بسطة" in b for a, b in pairs)
    assert all(("9 civilians" in a) == ("9 مدنيين" in b) for a, b in pairs)


def _store_all(order_seed: int) -> dict[str, Article]:
    """Every crafted text stored, in a shuffled order, each detected as it arrives."""
    texts = []
    for index, (language, original, translation, first, second) in enumerate(TRANSLATIONS):
        other = "ar" if language == "en" else "en"
        texts.append((f"pair{index}-original", language, original, first))
        texts.append((f"pair{index}-translation", other, translation, second))
    texts += [(f"lookalike{index}", language, text, day) for index, (language, text, day) in enumerate(LOOKALIKES)]
    random.Random(order_seed).shuffle(texts)
    stored = {}
    for name, language, body, day in texts:
        article, _ = create_article(title=name, body=body, language=language, published=day)
        detect_translations(article=article)
        stored[name] = article
    return stored


def _scores(stored: dict[str, Article]) -> tuple[float, float, float]:
    expected = {(stored[f"pair{i}-original"].pk, stored[f"pair{i}-translation"].pk) for i in range(len(TRANSLATIONS))}
    found = {
        frozenset((edge.source_article_id, edge.derived_id))
        for edge in Derivation.objects.filter(kind=Derivation.Kind.TRANSLATION)
    }
    correct = {frozenset(pair) for pair in expected} & found
    precision = len(correct) / len(found) if found else 0.0
    recall = len(correct) / len(expected)
    directed = Derivation.objects.filter(kind=Derivation.Kind.TRANSLATION, needs_review=False)
    right_way = sum(1 for edge in directed if (edge.source_article_id, edge.derived_id) in expected)
    return precision, recall, right_way / max(1, directed.count())


@pytest.mark.parametrize("order_seed", [1, 2])
def test_the_crafted_pairs_are_linked_whatever_the_order(db, fictional_world, order_seed):
    stored = _store_all(order_seed)
    precision, recall, direction = _scores(stored)
    assert precision == 1.0, "a lookalike or another pair was linked as a translation"
    assert recall >= 0.9
    assert direction == 1.0  # where the dates tell, the original is always the source
    same_day = Derivation.objects.get(derived__title__in=["pair1-original", "pair1-translation"])
    assert same_day.needs_review and "the dates do not tell" in same_day.evidence_text
    edge = Derivation.objects.get(derived=stored["pair0-translation"])
    assert edge.source_article == stored["pair0-original"] and edge.kind == "translation"
    assert "Marsk" in edge.evidence_text.title() or "marsk" in edge.evidence_text


def test_a_claim_accepted_in_the_original_is_carried_to_the_aligned_sentence(db, fictional_world):
    stored = _store_all(3)
    for index, (quote, expected) in FACTS.items():
        original = stored[f"pair{index}-original"]
        translation = stored[f"pair{index}-translation"]
        start = original.body.index(quote)
        claim = create_claim(text=f"Crafted fact {index}")
        mention = add_mention(claim=claim, article=original, start=start, end=start + len(quote), quote=quote)
        accept_mentions(mention_ids=[mention.pk])
        carried = Mention.objects.get(claim=claim, article=translation)
        assert carried.status == Mention.Status.PROPOSED and carried.is_altered
        assert expected in carried.quote, (index, carried.quote)
        assert carried.original_quote == quote


def test_a_translation_pasted_through_the_one_way_in_is_linked(db, fictional_world, reviewer):
    _language, original, translation, *_ = TRANSLATIONS[3]
    import_files(files=[paste_as_file(text=original)], origin="paste", created_by=reviewer)
    import_files(files=[paste_as_file(text=translation)], origin="paste", created_by=reviewer)
    edge = Derivation.objects.get(kind=Derivation.Kind.TRANSLATION)
    assert {edge.source_article.language, edge.derived.language} == {"ar", "en"}


def test_nothing_in_another_language_costs_one_query(db, fictional_world, django_assert_num_queries):
    article, _ = create_article(title="alone", body=TRANSLATIONS[0][1], language="en")
    with django_assert_num_queries(1):
        assert find_translations(article) == []


def test_source_aliases_in_both_scripts_are_anchors(db, make_source):
    make_source(name="Kessa Valley Radio", aliases=["إذاعة وادي كيسا"])
    using = anchor_table()
    english = [a.key for a in anchors("Kessa Valley Radio reported it", using=using)]
    arabic = [a.key for a in anchors("أفادت إذاعة وادي كيسا", using=using)]
    assert english == arabic and english[0][0] == "source"


def test_a_new_source_is_an_anchor_in_texts_read_before_it_was_added(db, make_source):
    # Anchors are kept per text while sources are only added; a new name must still be read in the
    # texts that hold it, and the texts that do not are not read again.
    naming, _ = create_article(title="a", body="Teller Ridge Weekly said 40 people left Orvel.", language="en")
    other, _ = create_article(title="b", body="Rain fell on 12 villages.", language="en")
    kept = _anchors_of(other, anchor_table())
    assert "source" not in [a.kind for a in _anchors_of(naming, anchor_table())]
    weekly = make_source(name="Teller Ridge Weekly")
    using = anchor_table()
    assert ("source", str(weekly.pk)) in [a.key for a in _anchors_of(naming, using)]
    assert _anchors_of(other, using) is kept


def test_an_embedding_backend_adds_recall_only_when_set(db, fictional_world, settings):
    # Two short reports under the anchor bar: three strong anchors shared, fewer than five.
    _english, _ = create_article(
        title="en", body="The Northern Brigade left Orvel, the Marsk Observatory said.", language="en"
    )
    arabic, _ = create_article(title="ar", body="قال مرصد مارسك إن لواء الشمال غادر أورفيل.", language="ar")
    assert detect_translations(article=arabic) == []
    settings.CROSSLANG_EMBEDDINGS = "tests.provenance.test_crosslang.anchor_vectors"
    edges = detect_translations(article=arabic)
    assert len(edges) == 1 and "embedding backend" in edges[0].evidence_text


def anchor_vectors(texts: list[str]) -> list[list[float]]:
    """A small embedding backend for the test: each text as counts of the anchors of our fictional world."""
    using = table((FICTIONAL,))
    keys = sorted({key for text in texts for key in (a.key for a in anchors(text, using=using))})
    return [[sum(1 for a in anchors(text, using=using) if a.key == key) for key in keys] for text in texts]
