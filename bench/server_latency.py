"""Latency of the dashboard and API on a real database: p50/p95 over N sequential requests.

Starts ``rasd serve`` on the database in a subprocess (127.0.0.1, a free port) unless --url
points at a running server, then times, per endpoint, N requests with a keep-alive client:

* ``api-search``   GET /api/search?q=…            (queries cycled from --queries)
* ``page-search``  GET /?q=…                       (the search page: hits, snippets, facets)
* ``api-document`` GET /api/documents/{id}         (ids sampled from the database, fixed seed)
* ``page-article`` GET /doc/{id}                   (the article page with its annotations)
* ``page-entity``  GET /entity/{key}               (the most mentioned entities; if computed)
* ``page-events``  GET /events                     (if computed)

The 31k-article ANT database::

    rasd ingest ../shared/data/news/ant/ant_multisource_v2.1.tar.xz --db ant.db
    python bench/server_latency.py --db ant.db -n 200
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import httpx

QUERIES = ["الحكومة", "الرئيس الأمريكي", "كرة القدم", "الأمم المتحدة", "النفط", "سوريا", "الانتخابات", "اقتصاد*",
           '"وزير الخارجية"', "فلسطين القدس", "تونس", "البرلمان", "الإرهاب", "المغرب", "الدولار", "فرنسا"]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def timeit(client: httpx.Client, paths: Callable[[int], str], n: int, warmup: int) -> tuple[list[float], int]:
    times, errors = [], 0
    for i in range(-warmup, n):
        path = paths(i % max(1, n))
        t0 = time.perf_counter()
        r = client.get(path)
        dt = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            errors += 1
        if i >= 0:
            times.append(dt)
    return times, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="rasd database")
    ap.add_argument("-n", type=int, default=100, help="requests per endpoint (default: %(default)s)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed requests first (default: %(default)s)")
    ap.add_argument("--url", help="a running server (default: start `rasd serve` on --db)")
    ap.add_argument("--queries", nargs="*", default=QUERIES, help="search queries to cycle through")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    db = Path(args.db)
    if not db.is_file():
        print(f"no database at {db}; build one with: rasd ingest PATH --db {db}", file=sys.stderr)
        return 2
    con = sqlite3.connect(f"file:{db.absolute()}?mode=ro", uri=True)
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    ids = [r[0] for r in con.execute("SELECT id FROM documents WHERE length(text) < 200000")]
    random.Random(args.seed).shuffle(ids)
    ids = ids[: args.n + args.warmup] or ["-"]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    ents: list[str] = []
    if con.execute("SELECT 1 FROM mentions LIMIT 1").fetchone():
        ents = [r[0] for r in con.execute(
            "SELECT coalesce(entity_id, '~' || norm) k FROM mentions GROUP BY k ORDER BY count(*) DESC LIMIT 50")]
    has_events = "events" in tables and con.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None
    mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    con.close()

    server = None
    url = args.url
    if not url:
        from rasd.server.testing import LiveServer

        server = LiveServer(db, timeout=120).start()
        url = server.url
    qs = args.queries
    plan: list[tuple[str, Callable[[int], str]]] = [
        ("api-search", lambda i: "/api/search?q=" + quote(qs[i % len(qs)])),
        ("page-search", lambda i: "/?q=" + quote(qs[i % len(qs)])),
        ("api-document", lambda i: f"/api/documents/{ids[i % len(ids)]}"),
        ("page-article", lambda i: f"/doc/{ids[i % len(ids)]}"),
    ]
    if ents:
        plan.append(("page-entity", lambda i: "/entity/" + quote(ents[i % len(ents)], safe="")))
    if has_events:
        plan.append(("page-events", lambda i: "/events?offset=" + str((i % 5) * 50)))
    print(f"database {db}: {n_docs} documents, {mentions} mentions; {args.n} requests per endpoint after {args.warmup} warm-up")
    print(f"{'endpoint':<14} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8} {'errors':>6}")
    try:
        with httpx.Client(base_url=url, timeout=60, headers={"accept": "text/html"}) as client:
            for name, paths in plan:
                times, errors = timeit(client, paths, args.n, args.warmup)
                print(f"{name:<14} {statistics.median(times):8.1f} {pct(times, 95):8.1f} {statistics.mean(times):8.1f} "
                      f"{max(times):8.1f} {errors:6d}", flush=True)
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
