"""The text stages on every real page of ../shared/benchmarks/readability-pages (read there, never copied)."""

from __future__ import annotations

import lxml.html

from provenance.text.decode import decode_bytes
from provenance.text.normalise import words
from provenance.text.pipeline import NoArticleError, analyse_page
from provenance.text.split import MIN_CHOSEN_WORDS
from tests.conftest import BENCHMARKS_DIR, needs_shared

PAGES_DIR = BENCHMARKS_DIR / "readability-pages"

pytestmark = needs_shared(PAGES_DIR)


def test_every_real_page_gives_an_article_or_says_why_it_has_none():
    failed, missed, read = [], [], 0
    for folder in sorted(path for path in PAGES_DIR.iterdir() if (path / "source.html").is_file()):
        reference = lxml.html.fromstring((folder / "expected.html").read_text("utf-8")).text_content()
        try:
            decoded = decode_bytes((folder / "source.html").read_bytes(), filename="source.html")
            drafts = analyse_page(decoded.text, media_type=decoded.media_type, warnings=decoded.warnings).drafts
        except NoArticleError as reason:
            if len(words(reference)) >= MIN_CHOSEN_WORDS:  # the page has an article: "no article" is wrong
                missed.append(f"{folder.name}: {reason}")
            continue
        except Exception as error:  # noqa: BLE001 - every page that breaks is listed, not only the first
            failed.append(f"{folder.name}: {type(error).__name__}: {error}")
            continue
        assert all(draft.body.strip() and draft.title.strip() for draft in drafts), folder.name
        read += 1
    assert not failed
    assert not missed
    assert read >= 120
