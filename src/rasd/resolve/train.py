"""Rebuilding what the resolve stage ships (``rasd train translit --data ../shared/data``):

* ``models/resolve/translit.json.gz`` — the transliteration model (CC0 Wikidata 64% split +
  Apache-2.0 Google train split);
* ``models/resolve/variants.json`` — the spelling-variation costs, learned from the *train*
  half of the mined variant groups (the dev half is kept for ``rasd eval resolve``);
* ``models/kb/places.tsv.gz`` — the seed knowledge base (uses the transliterator to check
  the world-cities labels).
"""

from __future__ import annotations

import json
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import InputError
from .data import mine_variant_groups, read_pairs
from .keys import VariantModel

__all__ = ["train_all", "train_translit", "train_variants", "models_dir", "VARIANT_PARAMS"]

# chosen on the train half of the variant groups (see docs/resolve.md)
VARIANT_PARAMS = {"scale": 8.0, "edge_penalty": 0.6, "threshold": 0.6, "per_char": 0.05, "lr_threshold": 0.99}


def models_dir() -> Path:
    return Path(str(files("rasd").joinpath("models")))


def train_translit(data: str | Path, out: str | Path | None = None, *, iters: int = 3, order: int = 4) -> dict[str, Any]:
    from . import translit

    pairs = [(a, e) for src in ("wikidata", "google") for a, e, _ in read_pairs(data, src, "train")]
    t0 = time.monotonic()
    model = translit.train(pairs, iters=iters, order=order,
                           meta={"data": ["translit-wikidata-netranslit wd_arabic_64 (CC0)",
                                          "translit-google ar2en-train (Apache-2.0)"]})
    out = Path(out) if out else models_dir() / "resolve" / "translit.json.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    translit._DEFAULT.clear()
    return {"model": str(out), "pairs": len(pairs), "seconds": round(time.monotonic() - t0, 1), **model.meta}


def train_variants(data: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    import itertools
    from collections import defaultdict

    from .matcher import _nkeys

    groups, unknown = mine_variant_groups(data)
    tr = [g for g in groups if g.split == "train"]
    train = [g.spellings for g in tr]
    m = VariantModel.train(train, scale=VARIANT_PARAMS["scale"])
    m.edge_penalty = VARIANT_PARAMS["edge_penalty"]
    m.threshold = VARIANT_PARAMS["threshold"]
    m.per_char = VARIANT_PARAMS["per_char"]
    # the logistic layer: same-group pairs against different-group pairs that share a block
    owner = {s: g.gid for g in tr for s in g.spellings}
    pos = [(a, b) for g in tr for a, b in itertools.combinations(g.spellings, 2)]
    blocks: dict[str, set[str]] = defaultdict(set)
    for s in owner:
        for k in _nkeys(s):
            blocks[k].add(s)
    neg = sorted({(a, b) for bl in blocks.values() for a, b in itertools.combinations(sorted(bl), 2)
                  if owner[a] != owner[b] and frozenset((owner[a], owner[b])) not in unknown})
    m.fit_logistic(pos, neg, iters=2000)
    m.lr_threshold = VARIANT_PARAMS["lr_threshold"]
    m.meta.update({"groups_train": len(train), "data": "variant groups mined from translit-wikidata-netranslit (CC0) "
                   "and translit-google (Apache-2.0), train half"})
    out = Path(out) if out else models_dir() / "resolve" / "variants.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(m.to_json(), ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    from . import keys

    keys._MODEL = None
    keys._CACHE.clear()
    return {"model": str(out), "groups_train": len(train), "operations": len(m.costs), "pairs": [len(pos), len(neg)],
            "weights": m.weights}


def train_all(data: str | Path, *, skip_translit: bool = False) -> dict[str, Any]:
    """Rebuild the variation model, the transliterator and the knowledge base from ``data``."""
    data = Path(data)
    if not (data / "names").is_dir():
        raise InputError(f"name data not found under {data} (expected {data / 'names'})")
    out: dict[str, Any] = {"variants": train_variants(data)}
    if not skip_translit:
        out["translit"] = train_translit(data)
    from .kb import build_kb
    from .translit import load

    tr = load()
    out["kb"] = build_kb(data, models_dir() / "kb" / "places.tsv.gz", translit=tr.name if tr else None)
    return out
