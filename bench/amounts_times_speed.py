"""Throughput of the amounts and times stages together, on one core, on real news.

Reads ANT articles (multi-source v2.1, 5 outlets) from the tarball in
../shared/data/news/ant, takes every k-th article until --docs are collected, and times
``amounts_stage`` + ``times_stage`` (including the normalisation and number spotting they
share) over all of them, --repeats times. Prints the median tokens/second (whitespace tokens,
as ANT's MANIFEST counts them, and rasd tokens) and what was found.

    python bench/amounts_times_speed.py [--data ../shared/data] [--docs 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tarfile
import time
from pathlib import Path

from rasd.arabic.tokenize import tokenize
from rasd.document import Document
from rasd.extract.amounts import amounts_stage
from rasd.extract.timeres import parse_published
from rasd.extract.times import times_stage
from rasd.pipeline import Context

_FIELD = {k: re.compile(rf"<{k}>(.*?)</{k}>", re.S) for k in ("TEXT", "TIME")}


def load_ant(data: Path, n_docs: int, every: int = 15) -> list[tuple[str, str | None]]:
    tar = data / "news" / "ant" / "ant_multisource_v2.1.tar.xz"
    if not tar.is_file():
        sys.exit(f"not found: {tar}")
    out: list[tuple[str, str | None]] = []
    i = 0
    with tarfile.open(tar, "r:xz") as tf:
        for m in tf:
            if not m.isfile():
                continue
            i += 1
            if i % every:
                continue
            raw = tf.extractfile(m).read().decode("utf-8", "replace")  # type: ignore[union-attr]
            text = _FIELD["TEXT"].search(raw)
            when = _FIELD["TIME"].search(raw)
            if not text or not text.group(1).strip():
                continue
            pub = parse_published(when.group(1).strip()) if when else None
            out.append((text.group(1).strip(), pub.isoformat() if pub else None))
            if len(out) >= n_docs:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    corpus = load_ant(Path(args.data), args.docs)
    ws_tokens = sum(len(t.split()) for t, _ in corpus)
    rasd_tokens = sum(len(tokenize(t)) for t, _ in corpus)
    chars = sum(len(t) for t, _ in corpus)
    ctx = Context()
    times = []
    n_amounts = n_times = n_anchored = 0
    for _ in range(args.repeats):
        docs = [Document(text=t, published=p, language="ar") for t, p in corpus]
        t0 = time.perf_counter()
        for d in docs:
            amounts_stage(d, ctx)
            times_stage(d, ctx)
        times.append(time.perf_counter() - t0)
        n_amounts = sum(len(d.amounts) for d in docs)
        n_times = sum(len(d.times) for d in docs)
        n_anchored = sum(t.anchored for d in docs for t in d.times)
    med = statistics.median(times)
    print(f"corpus: {len(corpus)} ANT articles, {ws_tokens:,} whitespace tokens, {rasd_tokens:,} rasd tokens, {chars:,} chars")
    print(f"amounts+times, median of {args.repeats} runs: {med:.3f} s")
    print(f"  {ws_tokens / med:,.0f} whitespace tokens/s   {rasd_tokens / med:,.0f} rasd tokens/s   {chars / med / 1e6:.2f} M chars/s")
    print(f"  found {n_amounts:,} amounts and {n_times:,} time expressions ({n_anchored:,} resolved from the publication date)")


if __name__ == "__main__":
    main()
