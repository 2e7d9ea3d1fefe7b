"""Spark local[1] vs local[2]: the same ANT articles through `rasd spark run`.

    python bench/spark_scaling.py                   # 600 ANT multi-source articles, 3 runs each
    python bench/spark_scaling.py -n 1000 --runs 1 --corpus

The first N article files of the ANT multi-source tarball are unpacked into a temporary
directory (one TREC-style file each, as the corpus ships them). Each run is a fresh process,
pinned to K CPUs for local[K] (unless --no-pin: in local[1] Spark's JVM and driver otherwise use
the second core, which hides the scaling),
with its own SparkSession (``--master local[K]``, one BLAS thread per worker) that runs
``rasd.distributed.run_spark`` on that directory and writes Parquet to a temporary output; the
wall time is reported with and without Spark's start-up (the JVM, once per session); the job time
includes the model loads of each Python worker. Prints each run, the median articles/s for
local[1] and local[2], and the speed-ups.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "news" / "ant" / "ant_multisource_v2.1.tar.xz"


def unpack(tarball: Path, n: int, dest: Path) -> int:
    k = 0
    with tarfile.open(tarball) as tf:
        for m in tf:
            if not m.isfile() or not m.name.endswith(".txt"):
                continue
            data = tf.extractfile(m).read()  # type: ignore[union-attr]
            out = dest / m.name.replace("/", "__")
            out.write_bytes(data)
            k += 1
            if k >= n:
                break
    return k


class _RssSampler:
    """Samples, every 0.3 s, the resident memory of this process and all its descendants (the JVM,
    the PySpark daemon, the Python workers) from /proc; keeps the peak of the sum and of one process."""

    def __init__(self) -> None:
        self.stop = False
        self.peak_total = 0
        self.peak_one = 0

    def start(self) -> None:
        import threading

        threading.Thread(target=self._run, daemon=True).start()

    @staticmethod
    def _rss_kb(pid: str) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        me = str(os.getpid())
        while not self.stop:
            parent: dict[str, str] = {}
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        with open(f"/proc/{pid}/stat") as f:
                            parent[pid] = f.read().rsplit(")", 1)[1].split()[1]
                    except (OSError, IndexError):
                        pass
            tree, grew = {me}, True
            while grew:
                new = {p for p, pp in parent.items() if pp in tree and p not in tree}
                tree |= new
                grew = bool(new)
            sizes = [self._rss_kb(p) for p in tree]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_one = max(self.peak_one, max(sizes))
            time.sleep(0.3)


def one_run(src: str, master: str, corpus: bool, partitions: int, pin: bool) -> dict:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    k = int(master[len("local["):-1]) if master.startswith("local[") and master[6:-1].isdigit() else None
    if pin and k and hasattr(os, "sched_setaffinity"):
        # local[K] gets K CPUs: the JVM, the driver and the Python workers (inherited by the children)
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:k]))
    sys.path.insert(0, str(REPO / "src"))
    from rasd.distributed.spark import run_spark, spark_session

    sampler = _RssSampler()
    sampler.start()
    t0 = time.perf_counter()
    spark = spark_session(master, app="rasd-bench", conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": str(partitions),
        "spark.default.parallelism": str(partitions), "spark.executorEnv.OPENBLAS_NUM_THREADS": "1"})
    spark.sparkContext.setLogLevel("ERROR")
    t_start = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        rep = run_spark([src], str(Path(tmp) / "out"), spark=spark, partitions=partitions, corpus=corpus)
    secs = time.perf_counter() - t0
    sampler.stop = True
    spark.stop()
    return {"master": master, "articles": rep.documents, "seconds": round(secs, 2),
            "peak_rss_mb": round(sampler.peak_total / 1024), "peak_process_mb": round(sampler.peak_one / 1024),
            "startup_s": round(t_start, 2), "job_s": rep.seconds, "articles_per_s": round(rep.documents / secs, 2),
            "job_articles_per_s": round(rep.documents / rep.seconds, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tarball", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=600, help="articles (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--corpus", action="store_true", help="include the corpus stages (duplicates, entities)")
    ap.add_argument("--partitions", type=int, default=8, help="partitions (default: %(default)s)")
    ap.add_argument("--no-pin", action="store_true",
                    help="do not restrict local[K] to K CPUs (Spark's JVM then also uses the other cores in local[1])")
    ap.add_argument("--one", nargs=2, metavar=("DIR", "MASTER"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one_run(a.one[0], a.one[1], a.corpus, a.partitions, not a.no_pin)))
        return
    if not Path(a.tarball).exists():
        sys.exit(f"not found: {a.tarball} (the ANT corpus from ../shared/data)")
    with tempfile.TemporaryDirectory() as tmp:
        n = unpack(Path(a.tarball), a.n, Path(tmp))
        res: dict[str, list[dict]] = {"local[1]": [], "local[2]": []}
        for i in range(a.runs):
            for master in res:
                cmd = [sys.executable, __file__, "--one", tmp, master, "--partitions", str(a.partitions)]
                if a.corpus:
                    cmd.append("--corpus")
                if a.no_pin:
                    cmd.append("--no-pin")
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                res[master].append(r)
                print(f"run {i + 1} {master}: {r['articles']} articles in {r['seconds']} s "
                      f"({r['articles_per_s']}/s; the job alone {r['job_s']} s = {r['job_articles_per_s']}/s; "
                      f"Spark start-up {r['startup_s']} s; peak memory {r['peak_rss_mb']} MB in all processes, "
                      f"{r['peak_process_mb']} MB the largest)", file=sys.stderr)
    med = {m: statistics.median(x["articles_per_s"] for x in rs) for m, rs in res.items()}
    secs = {m: statistics.median(x["seconds"] for x in rs) for m, rs in res.items()}
    jmed = {m: statistics.median(x["job_articles_per_s"] for x in rs) for m, rs in res.items()}
    jsecs = {m: statistics.median(x["job_s"] for x in rs) for m, rs in res.items()}
    print(f"{n} ANT articles, {'with' if a.corpus else 'without'} corpus stages, {a.partitions} partitions, "
          f"{'local[K] pinned to K CPUs, ' if not a.no_pin else ''}median of {a.runs} runs")
    for m in res:
        print(f"  {m}: {secs[m]:.1f} s with Spark start-up, {med[m]:.1f} articles/s; "
              f"the job alone {jsecs[m]:.1f} s, {jmed[m]:.1f} articles/s")
    print("  peak resident memory, all processes (JVM, driver, Python workers): "
          + ", ".join(f"{m} {statistics.median(x['peak_rss_mb'] for x in rs):.0f} MB" for m, rs in res.items()))
    print(f"  speed-up local[2] / local[1]: {med['local[2]'] / med['local[1]']:.2f}x with start-up, "
          f"{jmed['local[2]'] / jmed['local[1]']:.2f}x the job alone")


if __name__ == "__main__":
    main()
