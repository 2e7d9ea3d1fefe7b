"""Events stage throughput: articles/s of the ``events`` stage alone, on one core.

    python bench/events_speed.py                 # 500 ANT middle-East/international articles, 5 runs
    python bench/events_speed.py 2000 --runs 3
    python bench/events_speed.py --with-entities # mentions from the NER stage before (slower prep)

The articles are read from the ANT tarball and prepared once by the stages the events stage
builds on (language, normalize, sentences, tokens, amounts, times, quotes; entities with
--with-entities); then only ``find_events`` is timed, over all articles, ``--runs`` times
(the lexicon is loaded before timing; its load time is printed separately). Pin it to one core
with ``taskset -c 0`` for a one-core figure. Prints each run and the median articles/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DEFAULT = REPO.parent / "shared" / "data" / "news" / "ant" / "ant_multisource_v2.1.tar.xz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=500, help="articles (default: %(default)s)")
    ap.add_argument("--path", default=str(DEFAULT), help="news archive (default: the ANT multi-source tarball)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--with-entities", action="store_true", help="run the NER stage before (mentions as actors)")
    args = ap.parse_args()
    if not Path(args.path).exists():
        sys.exit(f"events_speed: {args.path} not found")

    from rasd.extract.events import find_events, load_lexicon
    from rasd.ingest import Skip, read_paths
    from rasd.pipeline import Pipeline, available_stages
    from rasd.settings import load_settings

    names = ["language", "normalize", "sentences", "tokens"]
    if args.with_entities:
        names.append("entities")
    names += [n for n in ("amounts", "times", "quotes") if n in available_stages()]
    pipe = Pipeline(names, settings=load_settings(on_error="record"))
    wanted = ("/middleEast/", "/internationalNews/")
    items = (d for d in read_paths([args.path]) if not isinstance(d, Skip) and any(w in (d.source or "") for w in wanted))
    t0 = time.perf_counter()
    docs = [pipe(d) for d in islice(items, args.n)]
    prep = time.perf_counter() - t0
    t0 = time.perf_counter()
    lx = load_lexicon()
    load = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} articles, {chars / max(1, len(docs)):.0f} chars each on average; "
          f"prepared by {' -> '.join(names)} in {prep:.1f} s; lexicon loaded in {load * 1000:.0f} ms")
    rates = []
    n_events = 0
    for i in range(args.runs):
        t0 = time.perf_counter()
        n_events = 0
        for d in docs:
            n_events += len(find_events(d, lx))
        dt = time.perf_counter() - t0
        rates.append(len(docs) / dt)
        print(f"run {i + 1}: {dt:.2f} s, {rates[-1]:.1f} articles/s, {n_events} events")
    print(f"median: {statistics.median(rates):.1f} articles/s ({n_events / max(1, len(docs)):.1f} events per article)")


if __name__ == "__main__":
    main()
