"""Throughput of the whole local pipeline on ANT articles, on ONE core, stage by stage.

    python bench/pipeline_throughput.py                 # 500 ANT multi-source articles, 3 runs
    python bench/pipeline_throughput.py -n 1000 --runs 5
    python bench/pipeline_throughput.py --no-corpus     # document stages + store only

Each run is a fresh process pinned to one CPU (os.sched_setaffinity) with one BLAS thread. It
reads the first N articles of the corpus (reading is timed apart), runs the default pipeline's
document stages one at a time on every article — the same functions, in the same order, as
``rasd ingest`` — timing each stage by CPU time (time.process_time, steadier than wall time on
a shared machine) and wall time, writes the results to a fresh SQLite store (timed), then runs
the corpus stages (resolve, dedup, stories) on them (timed). Prints per run and the medians:
articles/s per stage and overall, each stage's share, and peak RSS (resource.getrusage).
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


def one_run(paths: list[str], n: int, corpus: bool) -> dict:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(REPO / "src"))
    from rasd.document import Document
    from rasd.ingest import read_paths
    from rasd.process import build_pipeline, run_corpus_stages
    from rasd.settings import load_settings
    from rasd.store import Store
    from rasd.store.rows import prepare

    settings = load_settings()
    t0 = time.process_time()
    docs = [d for d in islice((x for x in read_paths(paths, settings=settings) if isinstance(x, Document)), n)]
    read_cpu = time.process_time() - t0
    pipeline, _missing = build_pipeline(settings)
    load0 = time.process_time()
    pipeline(Document(id="warm", text="قال الرئيس العراقي في بغداد إن الحكومة خصصت مليون دولار أمس."))
    load_cpu = time.process_time() - load0  # models load lazily on first use
    names = pipeline.names
    arabic = frozenset(settings["arabic_languages"])
    cpu = {s: 0.0 for s in names}
    wall = {s: 0.0 for s in names}
    prepared = []
    w0 = time.perf_counter()
    for d in docs:
        d.meta["pipeline"] = names
        for spec in pipeline.stages:  # what Pipeline.__call__ does, minus the time limit
            if d.status == "skipped":
                break
            if spec.arabic_only and d.language not in arabic:
                continue
            a, b = time.process_time(), time.perf_counter()
            d = spec.func(d, pipeline.ctx)
            d.stages.append(spec.name)
            cpu[spec.name] += time.process_time() - a
            wall[spec.name] += time.perf_counter() - b
        a = time.process_time()
        prepared.append(prepare(d))
        cpu["prepare rows"] = cpu.get("prepare rows", 0.0) + time.process_time() - a
    doc_wall = time.perf_counter() - w0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        a = time.process_time()
        with store.write():
            store.add_many(prepared)
        cpu["store write"] = time.process_time() - a
        corpus_cpu: dict[str, float] = {}
        if corpus:
            for name in settings["corpus_stages"]:
                a = time.process_time()
                out = run_corpus_stages(store, load_settings(corpus_stages=[name]))
                corpus_cpu[f"{name} (corpus)"] = time.process_time() - a
                assert all(v.startswith("ok") for v in out.values()), out
        store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    doc_total = sum(cpu.values())
    n_docs = len(docs)
    return {
        "articles": n_docs,
        "tokens_per_article": round(sum(len(d.tokens) for d in docs) / max(1, n_docs), 1),
        "read_cpu_s": round(read_cpu, 2),
        "model_load_cpu_s": round(load_cpu, 2),
        "stage_cpu_s": {k: round(v, 3) for k, v in cpu.items()},
        "corpus_cpu_s": {k: round(v, 3) for k, v in corpus_cpu.items()},
        "document_stages_articles_per_cpu_s": round(n_docs / max(doc_total, 1e-9), 1),
        "document_stages_wall_s": round(doc_wall, 2),
        "whole_articles_per_cpu_s": round(n_docs / max(doc_total + sum(corpus_cpu.values()), 1e-9), 1),
        "peak_rss_mb": round(rss, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("-n", type=int, default=500, help="articles per run (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus stages")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print the medians as JSON")
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one_run(a.paths, a.n, not a.no_corpus)))
        return
    if not Path(a.paths[0]).exists():
        sys.exit(f"not found: {a.paths[0]} (the ANT corpus from ../shared/data)")
    runs = []
    for i in range(a.runs):
        cmd = [sys.executable, __file__, *a.paths, "-n", str(a.n), "--one"] + (["--no-corpus"] if a.no_corpus else [])
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        runs.append(r)
        print(f"run {i + 1}: {r['articles']} articles, document stages {r['document_stages_articles_per_cpu_s']} "
              f"articles/CPU-s, with corpus stages {r['whole_articles_per_cpu_s']}, peak {r['peak_rss_mb']} MB",
              file=sys.stderr)
    med = lambda xs: round(statistics.median(xs), 3)  # noqa: E731
    stages = list(runs[0]["stage_cpu_s"]) + list(runs[0]["corpus_cpu_s"])
    n = runs[0]["articles"]
    table = []
    total = med([sum(r["stage_cpu_s"].values()) + sum(r["corpus_cpu_s"].values()) for r in runs])
    for s in stages:
        v = med([r["stage_cpu_s"].get(s, r["corpus_cpu_s"].get(s, 0.0)) for r in runs])
        table.append((s, v))
    result = {
        "articles": n,
        "runs": len(runs),
        "tokens_per_article": runs[0]["tokens_per_article"],
        "document_stages_articles_per_cpu_s": med([r["document_stages_articles_per_cpu_s"] for r in runs]),
        "whole_articles_per_cpu_s": med([r["whole_articles_per_cpu_s"] for r in runs]),
        "model_load_cpu_s": med([r["model_load_cpu_s"] for r in runs]),
        "read_articles_per_cpu_s": med([n / max(r["read_cpu_s"], 1e-9) for r in runs]),
        "peak_rss_mb": med([r["peak_rss_mb"] for r in runs]),
        "stages": {s: {"ms_per_article": round(1000 * v / n, 2), "articles_per_s": round(n / max(v, 1e-9), 1),
                       "share": round(v / max(total, 1e-9), 3)} for s, v in table},
    }
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{n} ANT articles ({result['tokens_per_article']} tokens each), one core, median of {len(runs)} runs "
          f"(CPU time)")
    print(f"{'stage':<22}{'ms/article':>12}{'articles/s':>12}{'share':>8}")
    for s, v in result["stages"].items():
        print(f"{s:<22}{v['ms_per_article']:>12.2f}{v['articles_per_s']:>12.1f}{v['share']:>8.1%}")
    print(f"document stages + rows + store: {result['document_stages_articles_per_cpu_s']} articles/s per core")
    print(f"whole pipeline incl. corpus stages: {result['whole_articles_per_cpu_s']} articles/s per core")
    print(f"reading: {result['read_articles_per_cpu_s']:.0f} articles/s; model load {result['model_load_cpu_s']} s; "
          f"peak RSS {result['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
