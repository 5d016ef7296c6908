"""Benchmark the claims engine: claims proposed per second, and the suggested status of 100,000 claims.

    .venv/bin/python bench/claims.py [--articles 300] [--claims 100000]

Runs in a fresh database created for the run and dropped after it (bench_claims), so development
data is untouched. Every text is invented (fictional places, outlets and people).

1. Proposals: generated fictional reports go through propose_for_article (segmentation, patterns,
   attribution, matching against the corpus, sources, denial links, inserts), one transaction per
   article. The text stage alone (read_proposals, no database) is timed on the same texts.
2. Status: 100,000 claims with about three mentions each (some attributed, some denying, some in
   chains of copies, some linked by "contradicts", some reviewed) are inserted set-wise in SQL; then
   the suggested status is computed for all of them (one GROUP BY over the view), and for list pages
   of 50 (the admin's query: claims_with_status with explanations).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PLACES = ["Tarnholm", "Sarnel", "Vetch", "Lorn", "Hollin Ford", "Kellen Ridge", "Marsk", "Orrow", "Brinmoor", "Kask"]
OUTLETS = ["Marsk Herald", "Veloria Wire", "Hollin Valley Radio", "Lorn Courier", "Korrin Daily Post", "Vetch Times"]
SPEAKERS = [
    "the Tarnholm Casualty Monitor",
    "a Dravonian military source",
    "the Dravonian Ministry of Defence",
    "local residents",
    "the Korrin Liberation Front",
]
TEMPLATES = [
    "Since {day}, {n} civilians have been killed in {place}, {speaker} said.",
    "The army took control of the village of {place} on {day} after {m} days of fighting, {speaker} told {outlet}.",
    "Drones struck a fuel depot near {place} overnight, according to {speaker}.",
    "{n} airstrikes hit the outskirts of {place} on {day}.",
    "The Korrin Liberation Front said it was behind the attack on the convoy near {place}.",
    "The Dravonian Ministry of Defence denied that its aircraft struck the market in {place}.",
    "Residents of {place} said the bridge to {other} was closed for repairs.",
    "The weather in {place} stayed dry and the ferry kept to its timetable.",
    '"We will rebuild the school in {place}," the mayor said.',
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def fictional_report(rng: random.Random, number: int) -> str:
    """A fictional report of 6-12 sentences in 3-5 paragraphs."""
    sentences = []
    for _ in range(rng.randint(6, 12)):
        place, other = rng.sample(PLACES, 2)
        sentences.append(
            rng.choice(TEMPLATES).format(
                day=rng.choice(DAYS),
                n=rng.randint(2, 60),
                m=rng.randint(2, 9),
                place=place,
                other=other,
                speaker=rng.choice(SPEAKERS),
                outlet=rng.choice(OUTLETS),
            )
        )
    paragraphs, index = [], 0
    while index < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[index : index + size]))
        index += size
    return f"Fictional report {number}\n\n" + "\n\n".join(paragraphs)


def bench_proposals(articles: int) -> None:
    from claims.models import Claim, Mention
    from claims.services.proposals import propose_for_article, read_proposals
    from provenance.services import create_article
    from sources.services import create_source

    rng = random.Random(11)
    outlets = [create_source(name=name) for name in OUTLETS]
    create_source(name="Tarnholm Casualty Monitor", kind="monitor")
    texts = [fictional_report(rng, n) for n in range(articles)]
    stored = [
        create_article(title=f"Report {n}", body=text, language="en", outlet=rng.choice(outlets))[0]
        for n, text in enumerate(texts)
    ]

    started = time.perf_counter()
    candidates = sentences = 0
    for text in texts:
        count, proposals = read_proposals(text, "en")
        sentences += count
        candidates += len(proposals)
    text_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for article in stored:
        propose_for_article(article=article)
    seconds = time.perf_counter() - started
    mentions, claims = Mention.objects.count(), Claim.objects.count()
    print(f"proposals: {articles} fictional articles, {sentences} sentences, {mentions} mentions of {claims} claims")
    print(
        f"  text stage only (segment + patterns + attribution): {sentences / text_seconds:,.0f} sentences/s, "
        f"{candidates / text_seconds:,.0f} candidates/s"
    )
    print(
        f"  propose_for_article end to end: {articles / seconds:,.1f} articles/s, "
        f"{mentions / seconds:,.0f} claim mentions proposed/s ({seconds:.1f} s)"
    )

    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    pages = sorted(seeds.glob("*.txt"))
    if pages:
        bodies = [page.read_text(encoding="utf-8") for page in pages]
        started = time.perf_counter()
        found = sum(len(read_proposals(body, "en")[1]) for body in bodies)
        seconds = time.perf_counter() - started
        size = sum(len(body) for body in bodies)
        print(
            f"  text stage on the {len(pages)} seed pages ({size:,} characters): {found} candidates in "
            f"{seconds * 1000:.0f} ms"
        )


# The history triggers (django-pghistory) of the claims tables are switched off for the synthetic load
# only: their per-row cost (a PL/pgSQL block with an exception handler) grows with the size of one
# transaction, and they play no part in computing a status. Origin and affiliation triggers stay on.
CLAIMS_TABLES = ["claims_claim", "claims_mention", "claims_claimrelation", "claims_review"]

STATUS_DATA_SQL = """
INSERT INTO sources_source (name, key, slug, kind, country, homepage, grade, notes, needs_review, created_at)
SELECT 'Bench outlet ' || i, 'benchoutlet' || i, 'bench-outlet-' || i,
       CASE WHEN i <= 1500 THEN 'outlet' WHEN i <= 1800 THEN 'monitor' ELSE 'anonymous' END,
       '', '', 'F', '', false, now()
FROM generate_series(1, 2000) i;

UPDATE sources_source SET parent_id = (SELECT min(id) FROM sources_source) + 7
WHERE name LIKE 'Bench outlet 1_' AND id <> (SELECT min(id) FROM sources_source) + 7;

INSERT INTO provenance_article (outlet_id, title, url, published, published_precision, language, body, text_hash,
                                position_in_capture, attribution_lines, needs_review, review_note, origin_depth,
                                created_at)
SELECT (SELECT min(id) FROM sources_source) + (i %% 1500), 'Bench article ' || i, '',
       date '2031-01-01' + (i %% 300), 'day', 'en', 'Fictional bench article ' || i || '.',
       md5('bench' || i) || md5('article' || i), 0, '[]', false, '', 0, now()
FROM generate_series(1, %(articles)s) i;

INSERT INTO provenance_derivation (derived_id, source_article_id, kind, evidence, evidence_text, passages, status,
                                   needs_review, created_at)
SELECT a.id, a.id - 1, 'republication', 'text_reuse', '', '[]', 'confirmed', false, now()
FROM provenance_article a
WHERE a.id %% 10 IN (2, 3, 4) AND a.id > (SELECT min(id) FROM provenance_article);

INSERT INTO claims_claim (text, kind, places, groups, match_keys, created_at, updated_at)
SELECT 'Fictional bench claim ' || i || ' about Tarnholm.', 'event', '{}', '{}', ARRAY['n:' || i], now(), now()
FROM generate_series(1, %(claims)s) i;

INSERT INTO claims_mention (claim_id, article_id, quote, prefix, suffix, start, "end", attributed_to_id, hedge,
                            stance, status, is_altered, original_quote, created_at, updated_at)
SELECT c.id,
       (SELECT min(id) FROM provenance_article) + ((c.id * 7 + j * 131) %% %(articles)s),
       'Fictional bench article.', '', '', j * 100, j * 100 + 24,
       CASE WHEN (c.id + j) %% 3 = 0 THEN (SELECT min(id) FROM sources_source) + 1500 + ((c.id + j) %% 500) END,
       'reported',
       CASE WHEN (c.id * 13 + j) %% 20 = 0 THEN 'denies' ELSE 'asserts' END,
       CASE WHEN j = 0 THEN 'accepted' ELSE 'proposed' END,
       false, '', now(), now()
FROM claims_claim c CROSS JOIN LATERAL generate_series(0, (c.id %% 5)) j;

INSERT INTO claims_claimrelation (from_claim_id, to_claim_id, kind, note, created_at)
SELECT id, id + 1, 'contradicts', '', now() FROM claims_claim
WHERE id %% 40 = 0 AND id < (SELECT max(id) FROM claims_claim);
"""


def bench_status(claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims.models import Claim, Mention, Review
    from claims.selectors import claims_in_disagreement, claims_with_status, status_explanation
    from claims.selectors.status import StatusPaginator

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in CLAIMS_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(STATUS_DATA_SQL, {"articles": max(1000, claims // 3), "claims": claims})
        user = get_user_model().objects.create_user(username="bench-reviewer")
        cursor.execute(
            """INSERT INTO claims_review (claim_id, verdict, rationale, evidence, reviewer_id, created_at)
               SELECT id, CASE WHEN id %% 2 = 0 THEN 'corroborated' ELSE 'single_sourced' END, 'Bench review.',
                      '', %s, now() FROM claims_claim WHERE id %% 5 = 0""",
            [user.pk],
        )
        for table in CLAIMS_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("ANALYZE")
    print(
        f"\nstatus: {Claim.objects.count():,} claims, {Mention.objects.count():,} mentions, "
        f"{Review.objects.count():,} reviews inserted in {time.perf_counter() - started:.1f} s"
    )

    def timed(label: str, run, repeat: int = 3) -> None:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - started)
        print(f"  {label}: median {statistics.median(times) * 1000:,.0f} ms ({result})")

    def all_statuses() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT suggested_status, count(*) FROM claims_claimstatus GROUP BY 1 ORDER BY 1")
            return ", ".join(f"{status} {count:,}" for status, count in cursor.fetchall())

    timed(f"suggested status of all {claims:,} claims (one GROUP BY over the view)", all_statuses)

    total = Claim.objects.count()
    newest_first = claims_with_status().order_by("-created_at", "-id")

    def first_page() -> str:
        rows = [status_explanation(c.status) for c in newest_first[:50]]
        return f"{len(rows)} claims with explanations"

    def deep_page_sliced() -> str:
        offset = random.randrange(total // 2, max(total // 2 + 1, total - 50))
        rows = [status_explanation(c.status) for c in newest_first[offset : offset + 50]]
        return f"{len(rows)} claims at offset {offset:,}"

    paginator = StatusPaginator(newest_first, per_page=50)

    def any_page_paginated() -> str:
        number = random.randrange(1, paginator.num_pages + 1)
        rows = [status_explanation(c.status) for c in paginator.page(number)]
        return f"{len(rows)} claims on page {number:,} of {paginator.num_pages:,}"

    timed("first list page of 50 claims with status and explanation (one query)", first_page, repeat=20)
    timed("a page in the second half, plainly sliced (computes the skipped claims too)", deep_page_sliced)
    timed("any page through StatusPaginator (one query, the page's claims only)", any_page_paginated, repeat=20)

    def disagreements() -> str:
        rows = [status_explanation(c.status) for c in claims_in_disagreement().order_by("id")[:50]]
        return f"{len(rows)} claims whose verdict disagrees"

    timed("first page of claims whose verdict disagrees (filters on the status)", disagreements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="fictional articles to propose claims for")
    parser.add_argument("--claims", type=int, default=100_000, help="claims for the status benchmark")
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    configured = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_claims"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.conf import settings

        settings.CLAIMS_PROPOSE_ON_STORE = False
        bench_proposals(options.articles)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE claims_review, claims_claimrelation, claims_mention, claims_claim, provenance_derivation, "
                "provenance_article, sources_source CASCADE"
            )
        bench_status(options.claims)
    finally:
        connection.creation.destroy_test_db(configured, verbosity=0)


if __name__ == "__main__":
    main()
