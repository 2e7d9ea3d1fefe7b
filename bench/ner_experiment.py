"""Run one NER training experiment and print its scores (used for the model card's experiment table).

    python bench/ner_experiment.py --dev-tail 400 --settings '{"aux_corpora": ["wikifane"]}' --out /tmp/exp

With ``--dev-tail N`` the last N sentences of ANERcorp train are held out and the model is scored on
them only (the test splits are not looked at); with ``--dev-tail 0`` it trains on all of train and
scores the benchmark test splits, as ``rasd train ner`` does. The word vectors (the slow, unchanging
first step) are cached in ``--cache`` between experiments with the same vector settings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import rasd.ner.train as T
from rasd.ner.evaluate import format_report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--settings", default="{}", help="JSON merged into rasd.ner.train.TRAIN_DEFAULTS")
    ap.add_argument("--dev-tail", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default="/tmp/rasd-ner-cache")
    a = ap.parse_args()
    settings = json.loads(a.settings)
    settings["dev_tail"] = a.dev_tail
    real = T._vectors

    def cached(cfg, text, seed, log):
        key = {k: cfg[k] for k in ("vector_dim", "vector_min_count", "cluster_max_vocab",
                                   "text_corpora", "max_news_docs")} | {"seed": seed}
        path = Path(a.cache) / (hashlib.sha1(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16] + ".pkl")
        if path.exists():
            return pickle.loads(path.read_bytes())
        res = real(cfg, text, seed, log)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(res))
        return res

    T._vectors = cached
    t0 = time.time()
    meta = T.train_model(a.data, a.out, seed=a.seed, settings=settings,
                         log=lambda m: print(m, file=sys.stderr, flush=True))
    print(f"settings {json.dumps(settings, ensure_ascii=False)}  ({time.time() - t0:.0f} s)")
    print(format_report(meta["report"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
