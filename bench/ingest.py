"""Ingest throughput: articles/s and peak memory of `rasd ingest` into a fresh temporary DB.

    python bench/ingest.py                       # ANT multi-source, first 2000 articles, 3 runs
    python bench/ingest.py -n 0 --runs 1         # the whole corpus, once
    python bench/ingest.py ../shared/data/news/ant -n 5000 --stages language,normalize,sentences,tokens

Each run is a fresh process (so its peak RSS, from resource.getrusage, is its own) ingesting
into a new database in a temporary directory with the given document stages and no corpus
stages. Prints each run and the medians of articles per wall-clock second and per CPU-second
(the latter is steadier on a shared machine); `--read-only` times the readers alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "news" / "ant" / "ant_multisource_v2.1.tar.xz"
BASIC = "language,normalize,sentences,tokens"


def one_run(paths: list[str], n: int, stages: list[str], read_only: bool) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from rasd.ingest import read_paths
    from rasd.process import ingest_items
    from rasd.settings import load_settings

    settings = load_settings(pipeline=stages, corpus_stages=[])
    items = read_paths(paths, settings=settings)
    if n:
        items = islice(items, n)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        if read_only:
            seen = sum(1 for it in items if not hasattr(it, "code"))
            secs, size = time.perf_counter() - t0, 0
        else:
            rep = ingest_items(items, db=db, settings=settings, progress=False)
            seen, secs = rep.seen, time.perf_counter() - t0
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    ru = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (ru.ru_utime - ru0.ru_utime) + (ru.ru_stime - ru0.ru_stime)
    rss_mb = ru.ru_maxrss / 1024
    return {"articles": seen, "seconds": round(secs, 2), "articles_per_s": round(seen / secs, 1),
            "articles_per_cpu_s": round(seen / max(cpu, 1e-9), 1),
            "peak_rss_mb": round(rss_mb, 1), "db_mb": round(size / 1e6, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("-n", type=int, default=2000, help="articles per run, 0 = all (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stages", default=BASIC, help="document stages (default: %(default)s)")
    ap.add_argument("--read-only", action="store_true", help="time the readers alone (no pipeline, no DB)")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    stages = [s for s in a.stages.split(",") if s]
    if a.one:
        print(json.dumps(one_run(a.paths, a.n, stages, a.read_only)))
        return 0
    for p in a.paths:
        if not Path(p).exists():
            print(f"bench/ingest.py: {p} not found (needs ../shared/data)", file=sys.stderr)
            return 0
    results = []
    for i in range(a.runs):
        cmd = [sys.executable, __file__, "--one", "-n", str(a.n), "--stages", ",".join(stages), *a.paths]
        if a.read_only:
            cmd.append("--read-only")
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        if out.returncode:
            print(out.stderr, file=sys.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"run {i + 1}: {r['articles']} articles in {r['seconds']} s = {r['articles_per_s']} articles/s "
              f"({r['articles_per_cpu_s']} per CPU-second), peak RSS {r['peak_rss_mb']} MB, DB {r['db_mb']} MB")
    med = statistics.median(r["articles_per_s"] for r in results)
    med_cpu = statistics.median(r["articles_per_cpu_s"] for r in results)
    what = "read only" if a.read_only else f"stages {','.join(stages)}"
    print(f"median: {med} articles/s wall, {med_cpu} articles per CPU-second, over {len(results)} runs ({what}); "
          f"max peak RSS {max(r['peak_rss_mb'] for r in results)} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
