"""Throughput and peak memory of the corpus stages `dedup` + `stories` on all ANT articles.

    python bench/stories_speed.py [--data ../shared/data] [--runs 3] [--limit N]

Prepares (once, not timed) a store holding the ANT multi-source articles
(``/tmp/rasd_bench_stories.db``), then for each run copies it and runs ``dedup_corpus`` and
``stories_corpus`` over every document in a fresh child process, reporting wall seconds per stage
and the child's peak RSS. Prints one JSON line per run and the medians. Target (issue 8): all
31k ANT articles in <= 10 minutes on 2 cores with <= 2 GB peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def prepare(data: str, db: Path, limit: int | None) -> int:
    from rasd.document import Document
    from rasd.eval.stories import read_ant
    from rasd.store import Store

    if db.exists():
        with Store(db, readonly=True) as st:
            return st.count()
    t = time.perf_counter()
    tmp = db.with_suffix(".partial")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    with Store(tmp) as st:
        batch = []
        for i, a in enumerate(read_ant(data)):
            if limit and i >= limit:
                break
            batch.append(Document(a.text or "", title=a.title, outlet=a.outlet, published=a.published,
                                  language="ar", source=f"ant#{a.doc_id}"))
            if len(batch) == 2000:
                st.add_many(batch)
                batch = []
        if batch:
            st.add_many(batch)
        n = st.count()
    tmp.rename(db)
    print(json.dumps({"prepared": str(db), "documents": n, "seconds": round(time.perf_counter() - t, 1)}),
          flush=True)
    return n


def child(db: str) -> None:
    from rasd.settings import load_settings
    from rasd.stories import dedup_corpus, stories_corpus
    from rasd.store import Store

    settings = load_settings()
    with Store(db) as st:
        ids = st.doc_ids()
        t0 = time.perf_counter()
        d = dedup_corpus(st, ids, settings)
        t1 = time.perf_counter()
        s = stories_corpus(st, ids, settings)
        t2 = time.perf_counter()
        n_stories = st.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        multi = st.conn.execute("SELECT COUNT(*) FROM stories WHERE n_outlets > 1").fetchone()[0]
    print(json.dumps({"documents": len(ids), "dedup_s": round(t1 - t0, 1), "stories_s": round(t2 - t1, 1),
                      "total_s": round(t2 - t0, 1), "dedup": d, "stories": n_stories,
                      "multi_outlet_stories": multi, "embedded": s.get("embedded", 0),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--db", default="/tmp/rasd_bench_stories.db", help="prepared store (built if missing)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (quick check)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    db = Path(args.db)
    n = prepare(args.data, db, args.limit)
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as d:
            work = Path(d) / "bench.db"
            shutil.copy(db, work)
            out = subprocess.run([sys.executable, __file__, "--child", str(work)], capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
            if out.returncode:
                sys.exit(out.stderr)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(json.dumps(r, ensure_ascii=False), flush=True)
            results.append(r)
    print(json.dumps({"documents": n, "runs": len(results),
                      "median_total_s": statistics.median(r["total_s"] for r in results),
                      "median_dedup_s": statistics.median(r["dedup_s"] for r in results),
                      "median_stories_s": statistics.median(r["stories_s"] for r in results),
                      "max_peak_rss_mb": max(r["peak_rss_mb"] for r in results)}))


if __name__ == "__main__":
    main()
