"""Rebuild the shipped NER model from ``../shared/data`` (``rasd train ner``).

Steps (deterministic given the seed), for the default ``bilstm-crf`` kind: read the training
corpora; learn frozen word vectors from unlabelled licensed text (PPMI-SVD); build the gazetteer
from the licensed name lists and the name memory from the labelled corpora (and the arwikicats
lists); train the networks of the ensemble with PyTorch, two at a time in separate processes;
write the model directory and score it with :func:`rasd.ner.evaluate.evaluate`. The ``crf``
kind (python-crfsuite, L-BFGS, fixed iteration count) uses word clusters instead of vectors.
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

SPAN_LISTS = ("arwikicats", "kb")  # name lists the name memory can take as extra groups

TRAIN_DEFAULTS: dict = {
    "kind": "bilstm-crf",             # bilstm-crf (numpy inference) | crf (python-crfsuite)
    "corpora": ["anercorp"],          # anercorp | aqmar | wikifane
    "vector_dim": 128,
    "vector_min_count": 2,
    "aux_corpora": ["wikifane", "aqmar"],  # bilstm-crf: corpora learned by auxiliary heads (multi-task), not shipped
    "pseudo_sentences": 0,            # bilstm-crf: > 0 = self-training on this many news sentences tagged by a teacher
    "pseudo_min_prob": 0.9,           # keep a pseudo-labelled sentence if every tag's marginal is at least this
    "ensemble": 2,                    # bilstm-crf: networks trained with seeds seed, seed+100, ...; scores averaged
    "member_seeds": None,             # explicit seeds of the networks (default: seed + 100 * k, k < ensemble)
    "workers": 0,                     # processes training ensemble members at once (0: min(ensemble, CPUs))
    "span_memory": True,              # bilstm-crf: name-memory features from the labelled corpora (rasd.ner.spans)
    "span_folds": 5,                  # jackknife blocks for the name memory's training features
    "span_lists": ["arwikicats", "kb"],  # name lists as further name-memory groups: arwikicats (pip install
                                      # arwikicats), kb (rasd's knowledge-base actors)
    "fill_lists": ["kb"],             # of span_lists: names the network missed are tagged after it (meta.json
                                      # "decode" "fill_groups"; rasd.ner.spans.SpanMemory.fill); by default
                                      # those of these that span_lists has
    "o_bias": 0.0,                    # bilstm-crf: decoding bias against O (meta.json "decode"), chosen on dev_tail runs
    "doc_window": 20,                 # bilstm-crf: names propagate within this many sentences of a document
                                      # (meta.json "decode"; rasd.ner.consistency; 0: off), chosen on dev_tail runs
    "dev_tail": 0,                    # > 0: hold out the last N training sentences and score on them, not on test
    "max_sentences": None,            # cap on training sentences (smoke tests)
    "max_news_docs": None,            # cap on news articles read for vectors/clusters (smoke tests)
    "text_corpora": ["anercorp", "aqmar", "wikifane"],  # labelled corpora whose words join the news text
    "nn": {},                         # overrides of rasd.ner.nn_train.NN_DEFAULTS
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
    from .nn_train import NN_DEFAULTS

    settings = settings or {}
    unknown = sorted(set(settings) - set(TRAIN_DEFAULTS)) + sorted(
        f"nn.{k}" for k in set(settings.get("nn") or {}) - set(NN_DEFAULTS))
    if unknown:
        raise RasdError(f"unknown NER training settings: {', '.join(unknown)}")
    bad_lists = sorted(set(settings.get("span_lists") or []) - set(SPAN_LISTS))
    if bad_lists:
        raise RasdError(f"unknown name list(s) in span_lists: {', '.join(bad_lists)} ({', '.join(SPAN_LISTS)})")
    cfg = {**TRAIN_DEFAULTS, **settings}
    if "fill_lists" in settings:
        bad_fill = sorted(set(cfg["fill_lists"] or []) - set(cfg["span_lists"] or []))
        if bad_fill:
            raise RasdError(f"fill_lists must be among span_lists: {', '.join(bad_fill)} is not")
    else:  # the default follows span_lists
        cfg["fill_lists"] = [n for n in cfg["fill_lists"] if n in (cfg["span_lists"] or [])]
    cfg["features"] = {**DEFAULT_CONFIG, **cfg.get("features", {})}
    t0 = time.time()
    train = [s for name in cfg["corpora"] for s in _corpus(root, name)]
    if cfg["max_sentences"]:
        train = train[: cfg["max_sentences"]]
    dev: list[D.Sentence] = []
    if cfg["dev_tail"]:
        train, dev = train[: -cfg["dev_tail"]], train[-cfg["dev_tail"]:]
        log(f"ner: the last {len(dev)} sentences are held out as the development set")
    log(f"ner: {len(train)} training sentences, {sum(map(len, train))} tokens from {', '.join(cfg['corpora'])}")

    def text():
        yield from news_sentences(root / "news" / "ant", max_docs=cfg.get("max_news_docs"))
        for name in cfg["text_corpora"]:
            for s in _corpus(root, name):
                yield [w for w, _ in s]

    if cfg["kind"] == "bilstm-crf":
        return _train_bilstm(root, Path(out_dir), cfg, train, text, seed, log, t0, evaluate_after, dev)
    clusters = None
    if cfg["features"]["clusters"] and cfg["cluster_ks"]:
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
            "kind": "crf",
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
    return _finish(root, out, meta, evaluate_after, dev)


def _finish(root: Path, out: Path, meta: dict, evaluate_after: bool, dev: list | None = None) -> dict:
    if evaluate_after:
        from .evaluate import evaluate, evaluate_split
        from .model import NerModel

        if dev:  # a development run: the test splits are not looked at
            report = {"anercorp-train-tail": evaluate_split(NerModel(out), dev)}
        else:
            report = evaluate(root, out, fresh=True)
        meta["scores"] = {k: {kk: vv for kk, vv in v.items() if kk != "table"} for k, v in report.items()}
        (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        meta["report"] = report
    return meta


def _vectors(cfg: dict, text, seed: int, log):
    """Frozen word vectors for the network (PPMI-SVD): (words, rows)."""
    vo: dict = {}
    build_clusters(text(), ks=(), dim=cfg["vector_dim"], min_count=cfg["vector_min_count"],
                   max_vocab=cfg["cluster_max_vocab"], seed=seed, log=log, vectors_out=vo)
    return vo["words"], vo["vectors"]


def _pseudo_label(root: Path, cfg: dict, weights: dict, words: list[str], chars: str, tags: list[str],
                  gazetteer: dict, log, spans=None) -> list[D.Sentence]:
    """News sentences (JawharaFM, licensed) tagged by the teacher network, kept when the
    teacher is confident about every token and the sentence has an entity."""
    from .bilstm import BiLstmCrf

    net = BiLstmCrf(weights, words, chars, tags, gazetteer, spans=spans)
    seen: set[tuple[str, ...]] = set()
    cand: list[list[str]] = []
    for s in news_sentences(root / "news" / "ant", max_docs=cfg.get("max_news_docs")):
        if 5 <= len(s) <= 60 and tuple(s) not in seen:
            seen.add(tuple(s))
            cand.append(s)
        if len(cand) >= cfg["pseudo_sentences"]:
            break
    out: list[D.Sentence] = []
    for k in range(0, len(cand), 64):
        batch = cand[k:k + 64]
        for s, (ts, ps) in zip(batch, net.tag_batch(batch, with_scores=True)):
            if min(ps) >= cfg["pseudo_min_prob"] and any(t != "O" for t in ts):
                out.append(list(zip(s, ts)))
    log(f"ner: {len(out)} of {len(cand)} news sentences kept as pseudo-labelled training data")
    return out


def _member_log(msg: str) -> None:
    import os
    import sys

    print(f"[{os.getpid()}] {msg}", file=sys.stderr, flush=True)


def _train_member(job: tuple) -> tuple:
    from .nn_train import train_bilstm

    args, kwargs, seed = job
    return train_bilstm(*args, seed=seed, log=_member_log, **kwargs)


def _train_ensemble(seeds: list[int], workers: int, log, args: tuple, kwargs: dict) -> tuple[dict, str]:
    """Train one network per seed, ``workers`` at a time in separate processes; each is
    deterministic on its own, so the result does not depend on ``workers``.
    Member k > 0's weights are stored as ``m<k>/<name>``; the word vectors once."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np

    from .bilstm import BiLstmCrf

    workers = workers or min(len(seeds), os.cpu_count() or 1)
    log(f"ner: training an ensemble of {len(seeds)} networks (seeds {seeds}), {workers} at a time")
    jobs = [(args, kwargs, s) for s in seeds]
    if workers <= 1:
        results = [_train_member(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
            results = list(ex.map(_train_member, jobs))
    weights = dict(results[0][0])
    for k, (w, chars) in enumerate(results[1:], 1):
        if chars != results[0][1]:
            raise RasdError("ensemble members disagree on the character alphabet")
        for name, v in w.items():
            if name in BiLstmCrf.SHARED:
                if not np.array_equal(v, weights[name]):
                    raise RasdError(f"ensemble members disagree on the shared {name}")
            else:
                weights[f"m{k}/{name}"] = v
    return weights, results[0][1]


def _train_bilstm(root: Path, out: Path, cfg: dict, train, text, seed: int, log, t0: float,
                  evaluate_after: bool, dev: list | None = None) -> dict:
    import gzip

    import numpy as np

    from .model import NN_FILE, SPANS_FILE, VOCAB_FILE
    from .nn_train import NN_DEFAULTS, train_bilstm

    words, vectors = _vectors(cfg, text, seed, log)
    log(f"ner: {len(words)} word vectors ({time.time() - t0:.0f} s)")
    gazetteer = build_gazetteer(root)
    tags = ["O"] + [f"{p}-{t}" for t in D.TYPES for p in "BI"]
    nn_cfg = {**NN_DEFAULTS, **cfg.get("nn", {})}
    subword = None
    if nn_cfg.get("subword_dim"):
        from .subword import fit_projection

        vocab = sorted({w for s in train for w, _ in s} | set(words))
        subword = fit_projection(vocab, int(nn_cfg["subword_dim"]), seed=seed)
        log(f"ner: subword projection fitted on {len(vocab)} words ({time.time() - t0:.0f} s)")
    aux = [_corpus(root, name) for name in cfg["aux_corpora"]]
    spans = None
    fill_groups: list[int] = []
    span_args: dict = {}
    if cfg["span_memory"]:
        from .gazetteer import arwikicats_names, kb_actor_names
        from .spans import jackknife_features, list_counts

        fixed = []
        for name in cfg["span_lists"]:  # names checked against SPAN_LISTS in train_model
            names = {"arwikicats": arwikicats_names, "kb": kb_actor_names}[name]()
            if not names:
                raise RasdError(f"span_lists {name} is empty (arwikicats needs: pip install arwikicats)")
            fixed.append(list_counts(names, train + [s for a in aux for s in a]))
        # group 0: names of the main training corpora; group 1: of the auxiliary ones; then the lists
        spans, feats = jackknife_features([[train], aux], cfg["span_folds"], fixed)
        span_args = {"span_feats": feats[0], "aux_span_feats": feats[1:], "span_dim": spans.dim}
        log(f"ner: name memory of {', '.join(str(len(g)) for g in spans.groups)} names ({time.time() - t0:.0f} s)")
        fill_groups = [2 + cfg["span_lists"].index(n) for n in cfg["fill_lists"]]
    seeds = list(cfg["member_seeds"] or [seed + 100 * k for k in range(int(cfg["ensemble"]))])
    if len(seeds) > 1:
        if cfg["pseudo_sentences"]:
            raise RasdError("ensemble and pseudo_sentences cannot be combined")
        weights, chars = _train_ensemble(seeds, cfg["workers"], log, (train, words, vectors, gazetteer, tags),
                                         dict(settings=nn_cfg, subword=subword, aux=aux, **span_args))
    else:
        weights, chars = train_bilstm(train, words, vectors, gazetteer, tags, seed=seeds[0], settings=nn_cfg,
                                      log=log, subword=subword, aux=aux, **span_args)
    if cfg["pseudo_sentences"]:
        log(f"ner: teacher trained ({time.time() - t0:.0f} s); tagging news sentences")
        pseudo = _pseudo_label(root, cfg, weights, words, chars, tags, gazetteer, log, spans)
        if spans is not None:
            span_args["pseudo_span_feats"] = [spans.features([w for w, _ in s]).tolist() for s in pseudo]
        weights, chars = train_bilstm(train, words, vectors, gazetteer, tags, seed=seed + 1, settings=nn_cfg,
                                      log=log, subword=subword, aux=aux, pseudo=pseudo, **span_args)
    log(f"ner: network trained ({time.time() - t0:.0f} s)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        np.savez_compressed(tmpd / NN_FILE, **weights)
        with open(tmpd / VOCAB_FILE, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write("\n".join(words).encode())
        save_lexicon(tmpd / LEXICON_FILE, None, gazetteer)
        files = [NN_FILE, VOCAB_FILE, LEXICON_FILE, META_FILE]
        if spans is not None:
            spans.save(tmpd / SPANS_FILE)
            files.append(SPANS_FILE)
        meta = {
            "name": "rasd-ner-bilstm-crf",
            "kind": "bilstm-crf",
            "tags": tags,
            "chars": chars,
            "training": {k: v for k, v in cfg.items() if k not in ("features", "cluster_ks", "c1", "c2",
                                                                    "max_iterations", "gazetteer_entity_corpora")}
            | {"seed": seed, "nn": nn_cfg},
            "train_sentences": len(train),
            "train_tokens": sum(map(len, train)),
            "vocab": len(words),
            "train_seconds": round(time.time() - t0),
            "decode": {"o_bias": cfg["o_bias"], "doc_window": cfg["doc_window"], "fill_groups": fill_groups},
        }
        if spans is not None:
            meta["span_groups"] = len(spans.groups)
        if dev:
            meta["dev_sentences"] = len(dev)
        (tmpd / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for f in files:
            shutil.copyfile(tmpd / f, out / f)
        for f in (MODEL_FILE, SPANS_FILE):  # left from an earlier kind or setting
            if f not in files and (out / f).exists():
                (out / f).unlink()
    return _finish(root, out, meta, evaluate_after, dev)
