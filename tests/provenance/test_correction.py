"""Correcting an article's text is a provenance write: its text-reuse keys and links follow the new text."""

from __future__ import annotations

from datetime import date

import pytest

from claims.services.reanchor import CorrectionError, correct_article_text
from provenance.models import Derivation, TextBand
from provenance.reuse import index_and_detect
from tests.provenance.reuse_texts import sentences, text

ORIGINAL = text(sentences(11))


@pytest.fixture
def store(make_article):
    def build(body: str, day: date, **fields):
        article = make_article(body, published=day, **fields)
        index_and_detect(article=article)
        return article

    return build


def test_a_corrected_copy_loses_the_link_its_old_text_had_and_gets_new_keys(store):
    original = store(ORIGINAL, date(2031, 3, 1))
    copy = store(ORIGINAL + "\n\nA closing line the copy added.", date(2031, 3, 2))
    assert Derivation.objects.filter(derived=copy, source_article=original).exists()
    old_keys = set(TextBand.objects.filter(article=copy).values_list("key", flat=True))

    unrelated = "\n\n".join(
        f"The Korrin ferry count for week {n} was {n * 13} crossings, the harbour office said." for n in range(12)
    )
    correct_article_text(article=copy, body=unrelated)

    new_keys = set(TextBand.objects.filter(article=copy).values_list("key", flat=True))
    assert new_keys and not new_keys & old_keys, "the index holds the corrected text, not the old one"
    assert not Derivation.objects.filter(
        derived=copy, source_article=original, status=Derivation.Status.PROPOSED
    ).exists(), "a detected link the new text no longer supports is withdrawn"


def test_an_original_corrected_into_another_of_its_outlets_texts_is_refused_and_nothing_changes(store, make_source):
    outlet = make_source()  # the same text is stored once per outlet; on another outlet it is a copy
    original = store(ORIGINAL, date(2031, 3, 1), outlet=outlet)
    twin = store(ORIGINAL + "\n\nOne more line.", date(2031, 3, 2), outlet=outlet)
    with pytest.raises(CorrectionError, match=f"already stored as article {twin.pk}"):
        correct_article_text(article=original, body=twin.body)
    original.refresh_from_db()
    assert original.body == ORIGINAL
