"""Rebuild the shipped NER model from ``../shared/data`` (``rasd train ner``).

Steps (deterministic given the seed): read the training corpora, learn word clusters from
unlabelled news text, build the gazetteer from the licensed name lists, train the CRF
(L-BFGS, fixed iteration count, so no randomness besides the cluster seed), write the model
directory and score it with :func:`rasd.ner.evaluate.evaluate`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import RasdError
from . import data as D
from .clusters import build_clusters
from .corpus import news_sentences
from .features import DEFAULT_CONFIG, Featurizer
from .gazetteer import build_gazetteer
from .model import LEXICON_FILE, META_FILE, MODEL_FILE, read_lexicon, save_lexicon

__all__ = ["TRAIN_DEFAULTS", "train_model"]

TRAIN_DEFAULTS: dict = {
    "corpora": ["anercorp"],          # anercorp | aqmar | wikifane
    "cluster_ks": [64, 256, 1024],
    "cluster_dim": 128,
    "cluster_min_count": 5,
    "cluster_max_vocab": 150_000,
    "gazetteer_entity_corpora": [],   # extra corpora whose entity words become gazetteer tags
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "features": dict(DEFAULT_CONFIG),
}


def _corpus(root: Path, name: str) -> list[D.Sentence]:
    if name == "anercorp":
        return D.read_anercorp(root, "train")
    if name == "aqmar":
        return D.read_aqmar(root, "train") + D.read_aqmar(root, "dev")
    if name == "wikifane":
        return D.read_wikifane(root)
    raise RasdError(f"unknown NER corpus {name!r} (anercorp, aqmar, wikifane)")


def train_model(data_root: str | Path, out_dir: str | Path, seed: int = 0, settings: dict | None = None,
                log=print, evaluate_after: bool = True) -> dict:
    """Train and write a model directory; returns its metadata (with scores when evaluated)."""
    import pycrfsuite

    root = Path(data_root)
    if not (root / "ner" / "anercorp").is_dir():
        raise RasdError(f"{root} does not look like the shared data folder (no ner/anercorp)")
    cfg = {**TRAIN_DEFAULTS, **(settings or {})}
    cfg["features"] = {**DEFAULT_CONFIG, **cfg.get("features", {})}
    t0 = time.time()
    train = [s for name in cfg["corpora"] for s in _corpus(root, name)]
    log(f"ner: {len(train)} training sentences, {sum(map(len, train))} tokens from {', '.join(cfg['corpora'])}")

    clusters = None
    if cfg["features"]["clusters"] and cfg["cluster_ks"]:
        def text():
            yield from news_sentences(root / "news" / "ant")
            for name in ("anercorp", "aqmar", "wikifane"):
                for s in _corpus(root, name):
                    yield [w for w, _ in s]

        clusters = build_clusters(text(), ks=tuple(cfg["cluster_ks"]), dim=cfg["cluster_dim"],
                                  min_count=cfg["cluster_min_count"], max_vocab=cfg["cluster_max_vocab"],
                                  seed=seed, log=log)
        log(f"ner: clusters for {len(clusters)} words ({time.time() - t0:.0f} s)")
    gazetteer = None
    if cfg["features"]["gazetteer"]:
        extra = [_corpus(root, n) for n in cfg["gazetteer_entity_corpora"]]
        gazetteer = build_gazetteer(root, entity_corpora=extra)
        log(f"ner: gazetteer of {len(gazetteer)} words")

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        save_lexicon(tmpd / LEXICON_FILE, clusters, gazetteer)
        # features are computed from the lexicon as shipped, exactly as at inference
        cl, gz = read_lexicon(tmpd / LEXICON_FILE, cfg["cluster_ks"])
        feat = Featurizer(cfg["features"], cl or None, gz or None)
        trainer = pycrfsuite.Trainer(verbose=False)
        for s in train:
            trainer.append(feat.sentence([w for w, _ in s]), [t for _, t in s])
        trainer.set_params({"c1": cfg["c1"], "c2": cfg["c2"], "max_iterations": cfg["max_iterations"],
                            "feature.possible_transitions": True})
        trainer.train(str(tmpd / MODEL_FILE))
        log(f"ner: CRF trained ({time.time() - t0:.0f} s)")
        meta = {
            "name": "rasd-ner-crf",
            "tags": ["O"] + [f"{p}-{t}" for t in D.TYPES for p in "BI"],
            "features": cfg["features"],
            "cluster_ks": cfg["cluster_ks"],
            "training": {k: v for k, v in cfg.items() if k != "features"} | {"seed": seed},
            "train_sentences": len(train),
            "train_tokens": sum(map(len, train)),
            "train_seconds": round(time.time() - t0),
        }
        (tmpd / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for f in (MODEL_FILE, LEXICON_FILE, META_FILE):
            shutil.copyfile(tmpd / f, out / f)
    if evaluate_after:
        from .evaluate import evaluate

        report = evaluate(root, out, fresh=True)
        meta["scores"] = report
        (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta
