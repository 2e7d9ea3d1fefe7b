"""Throughput of the quotes stage on one core: articles/s over ANT articles (median of runs).

    python bench/quotes_speed.py [--data ../shared/data] [--n 2000] [--runs 3]

Reads the first N articles of the middleEast/internationalNews categories of the ANT multi-source
tarball once, then times ``find_quotes`` alone (the stage's work; sentences/tokens are not needed by it)
and the stage through a pipeline of ``sentences, tokens, quotes`` for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from rasd.eval.quotes import ANT_TARBALL, ant_text
    from rasd.extract.quotes import find_quotes

    tar = Path(args.data) / ANT_TARBALL
    if not tar.is_file():
        print(f"{tar} not found", file=sys.stderr)
        return 2
    texts: list[str] = []
    with tarfile.open(tar) as tf:
        for m in tf:
            if m.isfile() and m.name.split("/")[1] in ("middleEast", "internationalNews"):
                f = tf.extractfile(m)
                if f is not None:
                    texts.append(ant_text(f.read()))
                if len(texts) >= args.n:
                    break
    chars = sum(map(len, texts))
    rates = []
    nq = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        nq = sum(len(find_quotes(t)) for t in texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    med = statistics.median(rates)
    print(f"find_quotes: {len(texts)} articles ({chars / len(texts):.0f} chars avg), {nq} quotes; "
          f"median {med:.0f} articles/s, {med * chars / len(texts) / 1e6:.2f} M chars/s (runs: "
          + ", ".join(f"{r:.0f}" for r in rates) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
