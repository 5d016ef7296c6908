"""Scale benchmark: a fictional corpus of 100,000 articles bulk-loaded into its own database, then measured.

    .venv/bin/python bench/scale.py --server embedded --server postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/scale.py --articles 20000 --keep

`make bench` runs it on the embedded PostgreSQL 16 and on the server of BENCH_SERVERS (the
PostgreSQL 15 at 127.0.0.1:5432), one after the other, and prints their figures side by side.
On each server it creates (and at the end drops) the database `bench_scale` (`--database NAME` for
another, so that two people's runs do not collide; on the configured server when no --server is
given), migrates it, loads sources, 100,000 articles
in cross-posting chains, about as many claims with their mentions, relations and reviews by COPY,
and measures:

1. the claim list API (GET /api/v1/claims/) under load: ApacheBench against gunicorn on loopback,
   bounded in requests and time; p50/p95 latency and requests per second;
2. the suggested status of every claim (the ClaimStatus view, read in full);
3. a streamed CSV export of every claim through the API (GET /api/v1/claims/?format=csv): time,
   size, and the peak memory growth of the gunicorn process that served it;
4. the ingest rate of the background jobs with 1 and then 2 worker processes.

Everything printed is also written to bench/out/scale.json. All names and texts are invented.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
BENCH_DATABASE = "bench_scale"
sys.path.insert(0, str(ROOT))

# --- the fictional world -------------------------------------------------------------------------

_SYLLABLES = [
    "ka", "lo", "mi", "ra", "ve", "to", "su", "an", "el", "or", "is", "ul", "da", "ne", "vo", "ri",
    "sa", "po", "te", "ma", "ki", "lu", "zo", "ha", "bre", "tal", "vin", "dor",
]  # fmt: skip
_PLACES = [
    "Marsk", "Vell", "Oradin", "Tessaly Ford", "Kuvar", "Lisk", "Brenmoor", "Askel", "Dunvar", "Perrow",
    "Saltreach", "Ilvy", "Corran", "Maddow", "Quessa", "Riven Cross", "Tolm", "Umber Flats", "Yarrow", "Zell",
]  # fmt: skip
_GROUPS = ["the Northern Brigade", "the Vell Militia", "the Coastal Guard", "the Free Marsk Front", "the Ridge Units"]
_THINGS = [
    "trucks",
    "drones",
    "shells",
    "families",
    "fighters",
    "soldiers",
    "tents",
    "buses",
    "checkpoints",
    "airstrikes",
]
_VERBS = ["reached", "shelled", "crossed", "blocked", "evacuated", "surrounded", "seized", "targeted", "left"]
_OPENERS = [
    "Residents described a tense night",
    "The situation in the district remained uncertain",
    "Independent verification was not possible",
    "Aid workers said access was limited",
    "Local officials gave few details",
    "Talks between the sides are expected to continue",
]
_ORGS = [
    "Observatory",
    "Monitoring Group",
    "Relief Council",
    "Ministry of Defence",
    "Press Office",
    "Human Rights Desk",
]


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _claim_sentence(rng: random.Random, n: int) -> str:
    place, group = rng.choice(_PLACES), rng.choice(_GROUPS)
    kind = n % 4
    if kind == 0:
        return f"At least {rng.randint(3, 900)} {rng.choice(_THINGS)} {rng.choice(_VERBS)} {place} on day {n % 97}."
    if kind == 1:
        return f"{group.capitalize()} took control of the {place} crossing after clash number {n}."
    if kind == 2:
        return f"{rng.randint(2, 60)} fighters and {rng.randint(2, 60)} civilians were killed near {place} ({n})."
    return f"{group.capitalize()} was behind attack {n} on the {place} depot."


# --- database set-up -----------------------------------------------------------------------------


def _server_url(database: str = BENCH_DATABASE) -> tuple[str, dict]:
    """The configured server as a URL for the bench database, and the admin connection's arguments."""
    from config.database import database_config

    settings = database_config()
    host = settings.get("HOST") or "localhost"
    netloc = quote(host, safe="") if host.startswith("/") else host
    user = settings.get("USER") or "postgres"
    password = settings.get("PASSWORD") or ""
    port = settings.get("PORT") or ""
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    url = f"postgresql://{auth}@{netloc}{':' + str(port) if port else ''}/{database}"
    admin = {"host": host, "user": user, "password": password, "dbname": settings["NAME"]}
    if port:
        admin["port"] = port
    return url, admin


def _admin_execute(admin: dict, sql: str) -> None:
    import psycopg

    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(sql)


def _run(args: list[str], env: dict, *, timeout: float = 900) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.start


def log(message: str) -> None:
    print(message, flush=True)


# --- bulk loading --------------------------------------------------------------------------------


def _copy(model, rows, *, connection) -> int:
    """COPY rows (dicts keyed by attname; missing fields take the model default) into the model's table."""
    from psycopg.types.json import Jsonb

    fields = list(model._meta.concrete_fields)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {f.attname: f.get_default() for f in fields}  # "" for text, None for nullable, or the default
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    count = 0
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for f in fields:
                value = row[f.attname] if f.attname in row else defaults.get(f.attname)
                if f.attname in json_fields and value is not None:
                    value = Jsonb(value)
                values.append(value)
            copy.write_row(values)
            count += 1
    return count


def _reset_sequence(model, *, connection) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM \"{table}\"), 1))",
            [f'"{table}"'],
        )


def load_corpus(*, articles: int, seed: int) -> dict:
    """Generate and COPY the fictional corpus; returns counts and timings."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, connection
    from django.utils import timezone

    from claims.models import Claim, ClaimRelation, Mention, Review
    from provenance.models import Article, Derivation
    from provenance.text.normalise import text_hash
    from sources.models import Source
    from sources.names import name_key

    rng = random.Random(seed)
    now = timezone.now()
    figures: dict = {}
    reviewer = get_user_model().objects.create_user(username="bench-reviewer", password=secrets.token_urlsafe(16))

    timer = Timer()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        # Triggers (history, origins, append-only checks) and foreign-key checks are off for the
        # load; origins and roots are then computed set-wise, as the triggers would have.
        try:
            cursor.execute("SET session_replication_role = replica")
            figures["triggers_during_load"] = "off (origins computed set-wise after)"
        except DatabaseError:  # not a superuser: load with the triggers on, only slower
            figures["triggers_during_load"] = "on"
        # The full-text index is built once after the load rather than row by row.
        cursor.execute("DROP INDEX IF EXISTS article_search_idx")

    # Sources: parents (state media groups), outlets, and sources that claims are attributed to.
    sources, used_keys, outlet_ids, attributed_ids = [], set(), [], []
    next_id = 1

    def add_source(name: str, kind: str, parent_id: int | None = None, root_id: int | None = None) -> int:
        nonlocal next_id
        while name_key(name) in used_keys:
            name += " " + _name(rng, 1)
        used_keys.add(name_key(name))
        source_id = next_id
        next_id += 1
        sources.append(
            {
                "id": source_id,
                "name": name,
                "key": name_key(name),
                "slug": f"{name_key(name)}-{source_id}",
                "kind": kind,
                "grade": rng.choice("ABCDEF"),
                "parent_id": parent_id,
                "root_id": root_id or source_id,
                "created_at": now,
            }
        )
        return source_id

    parents = [add_source(f"{_name(rng, 2)} State Media", Source.Kind.STATE_MEDIA) for _ in range(30)]
    for _ in range(400):
        if rng.random() < 0.25:  # under a state-media group: not independent of its siblings
            parent = rng.choice(parents)
            name = f"{_name(rng, 3)} {rng.choice(['Times', 'News', 'Post'])}"
            outlet_ids.append(add_source(name, Source.Kind.STATE_MEDIA, parent, root_id=parent))
        else:
            name = f"{_name(rng, 3)} {rng.choice(['Courier', 'Daily', 'Report'])}"
            outlet_ids.append(add_source(name, Source.Kind.OUTLET))
    for _ in range(300):
        attributed_ids.append(add_source(f"{_name(rng, 2)} {rng.choice(_ORGS)}", Source.Kind.ORGANISATION))
    _copy(Source, sources, connection=connection)

    # Articles in chains: originals carry claim sentences; copies repeat their source's text.
    start_day = date(2031, 1, 1)
    bodies: dict[int, str] = {}
    article_rows, derivation_rows = [], []
    claim_rows, mention_rows = [], []
    claim_spans: dict[int, list[tuple[int, int, int, str]]] = {}  # original id -> (claim, start, end, quote)
    derived_from: dict[int, int] = {}
    originals: list[int] = []
    claim_id = 0
    for article_id in range(1, articles + 1):
        day = start_day + timedelta(days=article_id * 1460 // articles)
        outlet = rng.choice(outlet_ids)
        recent = originals[-400:]
        if recent and rng.random() < 0.62:
            source_id = rng.choice(recent)
            # a copy of a copy sometimes: chains a few links deep
            candidates = [a for a in range(max(1, article_id - 50), article_id) if derived_from.get(a)]
            if candidates and rng.random() < 0.3:
                source_id = rng.choice(candidates)
            body = bodies[source_id] + f"\n\nRepublished by outlet {outlet} as item {article_id}."
            derived_from[article_id] = source_id
            derivation_rows.append(
                {
                    "id": len(derivation_rows) + 1,
                    "derived_id": article_id,
                    "source_article_id": source_id,
                    "kind": rng.choice(["republication", "republication", "excerpt"]),
                    "evidence": rng.choice(["attribution", "text_reuse"]),
                    "score": round(rng.uniform(0.6, 1.0), 3),
                    "status": rng.choice(["proposed", "confirmed"]),
                    "created_at": now,
                }
            )
        else:
            originals.append(article_id)
            parts, spans = [rng.choice(_OPENERS) + f" in report {article_id}."], []
            offset = len(parts[0]) + 1
            borrowed = []
            if len(originals) > 10 and rng.random() < 0.3:  # an independent report of an earlier claim
                earlier = claim_spans.get(rng.choice(originals[-2000:-1]))
                if earlier:
                    borrowed = [rng.choice(earlier)]
            for n in range(3):
                if claim_id >= articles:
                    break
                claim_id += 1
                sentence = _claim_sentence(rng, claim_id)
                claim_rows.append(
                    {
                        "id": claim_id,
                        "text": sentence,
                        "kind": ["casualty", "territory", "casualty", "responsibility"][claim_id % 4],
                        "places": [p for p in _PLACES if p in sentence][:1],
                        "groups": [],
                        "event_date": day,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                spans.append((claim_id, offset, offset + len(sentence), sentence))
                parts.append(sentence)
                offset += len(sentence) + 1
                if n == 0 and borrowed:
                    other_claim, _, _, quote_text = borrowed[0]
                    spans.append((other_claim, offset, offset + len(quote_text), quote_text))
                    parts.append(quote_text)
                    offset += len(quote_text) + 1
            body = " ".join(parts) + f" Filed by outlet {outlet}."
            claim_spans[article_id] = spans
        bodies[article_id] = body
        article_rows.append(
            {
                "id": article_id,
                "outlet_id": outlet,
                "title": f"Report {article_id} from {rng.choice(_PLACES)}",
                "published": day,
                "published_precision": "day",
                "language": "en",
                "body": body,
                "text_hash": text_hash(body),
                "origin_article_id": article_id,
                "origin_outlet_id": outlet,
                "origin_depth": 0,
                "created_at": now,
            }
        )
    figures["generate_seconds"] = round(timer.seconds, 1)

    # Mentions: each claim in the article where it is said, and in every copy down its chain.
    copies: dict[int, list[int]] = {}
    for child, parent in derived_from.items():
        copies.setdefault(parent, []).append(child)
    mention_id = 0
    for original, spans in claim_spans.items():
        family, queue = [original], [original]
        while queue:
            for child in copies.get(queue.pop(), []):
                family.append(child)
                queue.append(child)
        for claim, start, end, quote_text in spans:
            denies = rng.random() < 0.04
            attributed = rng.choice(attributed_ids) if rng.random() < 0.3 else None
            for article_id in family:
                mention_id += 1
                body = bodies[article_id]
                assert body[start:end] == quote_text, (article_id, claim)
                mention_rows.append(
                    {
                        "id": mention_id,
                        "claim_id": claim,
                        "article_id": article_id,
                        "quote": quote_text,
                        "prefix": body[max(0, start - 32) : start],
                        "suffix": body[end : end + 32],
                        "start": start,
                        "end": end,
                        "attributed_to_id": attributed,
                        "hedge": "reported" if attributed else "asserted",
                        "stance": "denies" if denies and article_id == original else "asserts",
                        "status": "accepted" if rng.random() < 0.4 else "proposed",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
    review_rows = []
    for claim in range(1, claim_id + 1):
        if rng.random() < 0.2:
            for _ in range(1 if rng.random() < 0.85 else 2):
                review_rows.append(
                    {
                        "id": len(review_rows) + 1,
                        "claim_id": claim,
                        "verdict": rng.choice(["corroborated", "contradicted", "single_sourced", "unverified"]),
                        "rationale": "Checked against the fictional record for the benchmark.",
                        "reviewer_id": reviewer.pk,
                        "created_at": now,
                    }
                )
    relation_rows = []
    for n in range(claim_id // 50):
        a, b = rng.randint(1, claim_id), rng.randint(1, claim_id)
        if a != b:
            relation_rows.append(
                {"id": n + 1, "from_claim_id": a, "to_claim_id": b, "kind": "contradicts", "created_at": now}
            )
    figures["generate_seconds"] = round(timer.seconds, 1)

    load = Timer()
    counts = {
        "articles": _copy(Article, article_rows, connection=connection),
        "derivations": _copy(Derivation, derivation_rows, connection=connection),
        "claims": _copy(Claim, claim_rows, connection=connection),
        "mentions": _copy(Mention, mention_rows, connection=connection),
        "reviews": _copy(Review, review_rows, connection=connection),
        "claim_relations": _copy(ClaimRelation, relation_rows, connection=connection),
        "sources": len(sources),
    }
    figures["copy_seconds"] = round(load.seconds, 1)
    for model in (Source, Article, Derivation, Claim, Mention, Review, ClaimRelation):
        _reset_sequence(model, connection=connection)

    # Still with triggers off: the origins of every article, then every claim's suggested status (what the
    # triggers of claims migration 0013 keep), each in one set-wise statement.
    derived = Timer()
    with connection.cursor() as cursor:
        cursor.execute("SELECT provenance_refresh_origins(ARRAY(SELECT id FROM provenance_article))")
    figures["origins_seconds"] = round(derived.seconds, 1)
    statuses = Timer()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_suggestedstatus (claim_id, suggested_status) "
            "SELECT claim_id, suggested_status FROM claims_claimstatus "
            "ON CONFLICT (claim_id) DO UPDATE SET suggested_status = EXCLUDED.suggested_status"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    figures["suggested_statuses_seconds"] = round(statuses.seconds, 1)
    index = Timer()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(
            "CREATE INDEX article_search_idx ON provenance_article "
            "USING gin (to_tsvector(search_config(language), title || ' ' || body))"
        )
        cursor.execute("ANALYZE")
    figures["index_and_analyze_seconds"] = round(index.seconds, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM provenance_article WHERE origin_depth > 0")
        figures["articles_with_a_chain"] = cursor.fetchone()[0]
        cursor.execute("SELECT max(origin_depth) FROM provenance_article")
        figures["deepest_chain"] = cursor.fetchone()[0]
    figures["counts"] = counts
    figures["load_total_seconds"] = round(timer.seconds, 1)
    return figures


# --- measurements --------------------------------------------------------------------------------


def measure_status() -> dict:
    """Read the suggested status of every claim through the ClaimStatus view."""
    from django.db import connection

    from claims.models import ClaimStatus

    runs = []
    for _ in range(3):
        timer = Timer()
        rows = list(ClaimStatus.objects.values_list("claim_id", "suggested_status").iterator(chunk_size=10_000))
        runs.append(timer.seconds)
    counts: dict[str, int] = {}
    for _, status in rows:
        counts[status] = counts.get(status, 0) + 1
    with connection.cursor() as cursor:
        timer = Timer()
        cursor.execute("SELECT suggested_status, count(*) FROM claims_claimstatus GROUP BY 1")
        cursor.fetchall()
        aggregate = timer.seconds
    return {
        "claims": len(rows),
        "all_statuses_seconds_best": round(min(runs), 2),
        "all_statuses_seconds_runs": [round(r, 2) for r in runs],
        "count_by_status_sql_seconds": round(aggregate, 2),
        "by_status": counts,
    }


def _proc_status(pid: int, field: str) -> float:
    """A memory figure of a process from /proc/PID/status, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _stream_export(port: int, path: str, headers: dict, server_pid: int) -> dict:
    """Download the whole CSV export through gunicorn; the serving process's peak memory growth."""
    import http.client

    workers = _children(server_pid)
    before = {}
    for pid in workers:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak resident size to the current one
        before[pid] = _proc_status(pid, "VmRSS")
    timer = Timer()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    first_byte = timer.seconds
    size = lines = 0
    while chunk := response.read(65536):
        size += len(chunk)
        lines += chunk.count(b"\n")
    connection.close()
    growth = {pid: _proc_status(pid, "VmHWM") - before[pid] for pid in workers}
    serving = max(growth, key=growth.get)
    return {
        "path": path,
        "status": response.status,
        "content_type": response.getheader("Content-Type"),
        "seconds": round(timer.seconds, 1),
        "first_byte_seconds": round(first_byte, 2),
        "bytes": size,
        "lines": lines,
        "worker_rss_before_mb": round(before[serving], 1),
        "worker_peak_rss_mb": round(before[serving] + growth[serving], 1),
        "worker_peak_growth_mb": round(growth[serving], 1),
    }


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(port: int, path: str, headers: dict, timeout: float = 60) -> int:
    import http.client

    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers)
            status = connection.getresponse().status
            connection.close()
            return status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def _ab(url: str, headers: dict, *, requests: int, concurrency: int, seconds: int) -> dict:
    # -t before -n: ab's -t resets the request count, so the later -n bounds it as well as the time.
    args = ["ab", "-q", "-k", "-t", str(seconds), "-n", str(requests), "-c", str(concurrency), "-s", "60"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 120, check=False).stdout
    figures: dict = {"concurrency": concurrency}
    for label, key in (
        ("Complete requests", "requests"),
        ("Failed requests", "failed"),
        ("Non-2xx responses", "non_2xx"),
    ):
        match = re.search(rf"{label}:\s+(\d+)", output)
        figures[key] = int(match.group(1)) if match else 0
    match = re.search(r"Requests per second:\s+([\d.]+)", output)
    figures["requests_per_second"] = float(match.group(1)) if match else None
    for percent in ("50%", "95%", "99%"):
        match = re.search(rf"^\s*{percent}\s+(\d+)", output, re.M)
        figures[f"p{percent[:-1]}_ms"] = int(match.group(1)) if match else None
    return figures


def measure_api(env: dict, *, seconds: int) -> dict:
    """p50/p95 of the claim list API under load: gunicorn on loopback, ApacheBench as the client."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    from claims.api.authentication import issue_token

    if not shutil.which("ab"):
        return {"skipped": "ApacheBench (ab) is not installed: apt-get install apache2-utils (make bench does)"}
    from django.contrib.auth.models import Group

    user = get_user_model().objects.get(username="bench-reviewer")
    reviewers = Group.objects.filter(name="reviewer").first()  # the role that reads the API
    if reviewers is not None:
        user.groups.add(reviewers)
    else:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    key = issue_token(user=user)
    try:
        path = reverse("api:claim-list")
    except NoReverseMatch:
        path = "/api/v1/claims/"
    port = _free_port()
    server_env = dict(env)
    server_env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        API_USER_RATE="1000000/second",  # measure the server, not the throttle
        PYTHONWARNINGS="ignore::UserWarning",  # whitenoise: no collected static files, none needed here
    )
    # the production settings keep the throttle counters in a database cache: its table, as a release makes it
    _run([sys.executable, "manage.py", "createcachetable"], server_env)
    workers = os.cpu_count() or 2
    server = subprocess.Popen(
        [
            *("gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--timeout", "300", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=server_env | {"PATH": f"{Path(sys.executable).parent}:{server_env.get('PATH', '')}"},
        start_new_session=True,
    )
    headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
    try:
        status = _wait_for_http(port, path, headers)
        if status != 200:
            return {"skipped": f"GET {path} answered {status}", "path": path}
        base = f"http://127.0.0.1:{port}{path}"
        from claims.models import Claim

        results = {"path": path, "gunicorn_workers": workers, "claims_in_database": Claim.objects.count()}
        results["first_page"] = _ab(base, headers, requests=20_000, concurrency=4, seconds=seconds)
        results["filtered"] = _ab(
            base + "?suggested_status=corroborated", headers, requests=20_000, concurrency=4, seconds=seconds
        )
        csv_headers = headers | {"Accept": "text/csv"}
        results["csv_export"] = _stream_export(port, path + "?format=csv", csv_headers, server.pid)
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _fictional_page(n: int) -> bytes:
    place = _PLACES[n % len(_PLACES)]
    sentences = " ".join(
        f"Observers in {place} counted {n * 11 + i} trucks on the road to {_PLACES[(n + i) % 20]} in dispatch {n}."
        for i in range(14)
    )
    return (
        f"<html><head><title>{place} dispatch {n}</title></head><body><article><h1>{place} dispatch {n}</h1>"
        f"<p>By {_name(random.Random(n), 2)} {_name(random.Random(-n), 3)}, Bench Courier, 4 May 2034.</p>"
        f"<p>{sentences}</p><p>The {place} council said convoy {n} carried grain.</p></article></body></html>"
    ).encode()


def measure_ingest(env: dict, *, files: int) -> dict:
    """Files and articles per second through the background jobs, with 1 and then 2 worker processes."""
    from django.db.models import Max, Min

    from provenance import batches
    from provenance.models import IngestBatch

    try:
        import provenance.ingestion  # noqa: F401
    except ImportError:
        return {"skipped": "provenance.ingestion is not there yet"}
    results = {}
    for workers in (1, 2):
        offset = workers * 1_000_000
        incoming = batches.accept_files(
            (f"dispatch-{offset + n}.html", _fictional_page(offset + n)) for n in range(files)
        )
        batch = batches.create_batch(files=incoming, origin="bench")
        batches.start_batch(batch=batch, inline=False)
        timer = Timer()
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot", "--queues", "ingest"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        for process in processes:
            process.wait(timeout=3600)
        seconds = timer.seconds
        batch = IngestBatch.objects.get(pk=batch.pk)
        # Steady rate: between the first and the last file done, without the workers' start-up
        # (Django set-up, and the date parser's first-use warm-up inside trafilatura).
        span = batch.items.aggregate(first=Min("processed_at"), last=Max("processed_at"))
        steady = (span["last"] - span["first"]).total_seconds() if span["first"] else 0.0
        results[f"{workers}_worker{'s' if workers > 1 else ''}"] = {
            "files": batch.files_total,
            "files_done": batch.files_done,
            "files_failed": batch.files_failed,
            "articles_created": batch.articles_created,
            "seconds_with_start_up": round(seconds, 1),
            "files_per_second_with_start_up": round(batch.files_done / seconds, 2),
            "steady_seconds": round(steady, 1),
            "steady_files_per_second": round((batch.files_done - workers) / steady, 2) if steady else None,
            "steady_articles_per_second": round((batch.articles_created - workers) / steady, 2) if steady else None,
            "status": batch.status,
        }
    return results


def machine() -> dict:
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": server_version,
        "os": platform.platform(),
    }


EMBEDDED = "embedded"


def _server_label(results: dict) -> str:
    version = results.get("machine", {}).get("postgresql", "?")
    return f"PostgreSQL {version.split()[0]}"


def _figure(results: dict, *keys: str):
    for key in keys:
        results = results.get(key, {}) if isinstance(results, dict) else {}
    return results if results != {} else None


SUMMARY_ROWS = (
    ("claim list API p50 / p95 ms", ("api", "first_page", "p50_ms"), ("api", "first_page", "p95_ms")),
    ("filtered by suggested status p50 / p95 ms", ("api", "filtered", "p50_ms"), ("api", "filtered", "p95_ms")),
    ("claim list API requests/s", ("api", "first_page", "requests_per_second"), None),
    ("filtered requests/s", ("api", "filtered", "requests_per_second"), None),
    ("all suggested statuses (view) s", ("status", "all_statuses_seconds_best"), None),
    ("CSV export of all claims s", ("api", "csv_export", "seconds"), None),
    ("ingest, 1 worker, files/s (steady)", ("ingest", "1_worker", "steady_files_per_second"), None),
    ("ingest, 2 workers, files/s (steady)", ("ingest", "2_workers", "steady_files_per_second"), None),
    ("load: total s", ("load", "load_total_seconds"), None),
)


def print_comparison(runs: dict[str, dict]) -> None:
    """One table, a column per server, of the figures the issue's targets name."""
    labels = list(runs)
    log("\n| measurement | " + " | ".join(labels) + " |")
    log("| --- |" + " ---: |" * len(labels))
    for title, first, second in SUMMARY_ROWS:
        cells = []
        for label in labels:
            value = _figure(runs[label], *first)
            if second is not None:
                value = f"{value} / {_figure(runs[label], *second)}"
            cells.append(str(value))
        log(f"| {title} | " + " | ".join(cells) + " |")


def _option(args: list[str], name: str) -> str | None:
    """The value of `name VALUE` or `name=VALUE` in args, if given."""
    for n, arg in enumerate(args):
        if arg == name and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith(f"{name}="):
            return arg.split("=", 1)[1]
    return None


def run_on_servers(servers: list[str], passed: list[str]) -> None:
    """Run this benchmark once per server (a process each: the database is chosen at start-up), then compare."""
    runs: dict[str, dict] = {}
    database = _option(passed, "--database") or BENCH_DATABASE
    stem = "scale" if database == BENCH_DATABASE else f"scale-{database}"
    for server in servers:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        if server != EMBEDDED:
            env["DATABASE_URL"] = server
        log(f"\n=== {server} ===")
        out = OUT_DIR / f"{stem}-{len(runs) + 1}.json"
        subprocess.run([sys.executable, __file__, *passed, "--out", str(out)], cwd=ROOT, env=env, check=True)
        results = json.loads(out.read_text())
        runs[f"{_server_label(results)} ({'embedded' if server == EMBEDDED else 'server'})"] = results
    (OUT_DIR / f"{stem}.json").write_text(json.dumps(runs, indent=2, default=str))
    print_comparison(runs)
    log(f"figures written to {OUT_DIR / f'{stem}.json'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--api-seconds", type=int, default=20, help="time limit of each load test")
    parser.add_argument("--ingest-files", type=int, default=200, help="files per ingest run")
    parser.add_argument("--keep", action="store_true", help="keep the bench database at the end")
    parser.add_argument("--database", default=BENCH_DATABASE, help="the bench database's name on each server")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the corpus a run with --keep left (migrated again, not reloaded); with --keep, for "
        "measuring one change after another on the same data",
    )
    parser.add_argument("--skip-ingest", action="store_true", help="leave out the ingest measurement")
    parser.add_argument(
        "--server",
        action="append",
        default=[],
        help=f"'{EMBEDDED}' (the embedded PostgreSQL) or a postgresql:// URL; repeat it to run on each "
        "in turn and compare (default: the configured database's server)",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / "scale.json", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if len(options.server) > 1:
        passed = [
            arg
            for arg in sys.argv[1:]
            if arg not in options.server and arg != "--server" and not arg.startswith("--server=")
        ]
        run_on_servers(options.server, passed)
        return
    if options.server:
        os.environ.pop("DATABASE_URL", None)
        if options.server[0] != EMBEDDED:
            os.environ["DATABASE_URL"] = options.server[0]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.pop("TEST_DATABASE_NAME", None)
    database = options.database
    url, admin = _server_url(database)
    log(f"bench database: {database} on {admin['host']}")
    if not options.reuse:
        _admin_execute(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _admin_execute(admin, f'CREATE DATABASE "{database}"')
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.local", PYTHONPATH=str(ROOT))
    os.environ["DATABASE_URL"] = url
    results: dict = {"articles_requested": options.articles}
    try:
        timer = Timer()
        _run([sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks"], env)
        results["migrate_seconds"] = round(timer.seconds, 1)
        log(f"migrated in {results['migrate_seconds']} s")

        import django

        django.setup()
        results["machine"] = machine()
        log(f"machine: {results['machine']}")

        if options.reuse:
            results["load"] = {"reused": database}
        else:
            results["load"] = load_corpus(articles=options.articles, seed=options.seed)
        log(f"loaded: {json.dumps(results['load'])}")

        # The machine is shared: the load average says how much else ran during each measurement.
        results["load_average_before"] = {}
        results["load_average_before"]["status"] = os.getloadavg()
        results["status"] = measure_status()
        log(f"suggested status, all claims: {json.dumps(results['status'])}")

        results["load_average_before"]["api"] = os.getloadavg()
        results["api"] = measure_api(env, seconds=options.api_seconds)
        log(f"claim list API and CSV export: {json.dumps(results['api'])}")

        if not options.skip_ingest:
            results["load_average_before"]["ingest"] = os.getloadavg()
            results["ingest"] = measure_ingest(env, files=options.ingest_files)
            log(f"ingest: {json.dumps(results['ingest'])}")
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            _admin_execute(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            log(f"dropped {database}")
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(results, indent=2, default=str))
    log(f"figures written to {options.out}")


if __name__ == "__main__":
    main()
