"""Reader throughput: documents/s of ``rasd.ingest.read_paths`` alone (no pipeline, no store).

    python bench/read_speed.py                  # ANT multi-source tarball, first 10,000 items, 3 runs
    python bench/read_speed.py 0                # the whole tarball (31,525 items)
    python bench/read_speed.py 5000 --path ../shared/data/news/saudinewsnet/zips

Each run is a fresh process (its own import cost excluded, its own peak RSS from
``resource.getrusage``). Prints every run and the median documents/s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "news" / "ant" / "ant_multisource_v2.1.tar.xz"

_CHILD = r"""
import json, resource, sys, time
from itertools import islice
sys.path.insert(0, sys.argv[1])
from rasd.ingest import Skip, read_paths
n, paths = int(sys.argv[2]), sys.argv[3:]
t0 = time.perf_counter()
items = read_paths(paths)
docs = skips = chars = 0
for it in (islice(items, n) if n else items):
    if isinstance(it, Skip):
        skips += 1
    else:
        docs += 1
        chars += len(it.text)
dt = time.perf_counter() - t0
print(json.dumps({"docs": docs, "skips": skips, "chars": chars, "seconds": dt,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000, help="items to read per run (0 = all)")
    ap.add_argument("--path", action="append", help=f"input path(s) (default {DEFAULT})")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    paths = args.path or [str(DEFAULT)]
    for p in paths:
        if not Path(p).exists():
            sys.exit(f"read_speed: {p} not found")
    rates = []
    for i in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(REPO / "src"), str(args.n), *paths],
            check=True, capture_output=True, text=True,
        ).stdout
        r = json.loads(out)
        rate = r["docs"] / r["seconds"]
        rates.append(rate)
        print(
            f"run {i + 1}: {r['docs']:,} docs + {r['skips']:,} skips in {r['seconds']:.2f} s = {rate:,.0f} docs/s "
            f"({r['chars'] / r['seconds'] / 1e6:.1f} M chars/s), peak RSS {r['peak_rss_mb']:.0f} MB"
        )
    print(f"median: {statistics.median(rates):,.0f} docs/s over {args.runs} runs ({', '.join(paths)}, n={args.n or 'all'})")


if __name__ == "__main__":
    main()
