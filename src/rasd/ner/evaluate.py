"""Score a model on the benchmark test splits (``rasd eval ner``).

The benchmark files are already tokenised, so the model tags their tokens and the score is
entity-level exact span + type (CoNLL), per type and micro. Speed is tokens per second of
feature extraction + tagging on one core (single process), measured on the same run.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import RasdError
from . import data as D
from .metrics import score
from .model import NerModel, load_model

__all__ = ["BENCHMARKS", "evaluate", "evaluate_split", "format_report"]

BENCHMARKS = {
    "anercorp-test": lambda root: D.read_anercorp(root, "test"),
    "aqmar-test": lambda root: D.read_aqmar(root, "test"),
}


def evaluate_split(model: NerModel, sents: list[D.Sentence]) -> dict:
    model.clear_cache()  # time cold-cache feature extraction too
    gold = [[t for _, t in s] for s in sents]
    t0 = time.perf_counter()
    pred = [t for t, _ in model.tag_many([[w for w, _ in s] for s in sents])]
    dt = time.perf_counter() - t0
    sc = score(gold, pred)
    out = sc.to_dict()
    out["tokens_per_second"] = round(sc.tokens / dt) if dt > 0 else None
    out["table"] = sc.table()
    return out


def evaluate(data_root: str | Path, model_dir: str | Path | None = None, fresh: bool = False,
             benchmarks: list[str] | None = None) -> dict:
    """Scores on each benchmark whose files exist under ``data_root``."""
    root = Path(data_root)
    if not (root / "ner").is_dir():
        raise RasdError(f"{root} does not look like the shared data folder (no ner/)")
    model = NerModel(model_dir) if (fresh and model_dir) else load_model(model_dir)
    report: dict = {}
    for name in benchmarks or list(BENCHMARKS):
        try:
            sents = BENCHMARKS[name](root)
        except FileNotFoundError:
            continue
        report[name] = evaluate_split(model, sents)
    if not report:
        raise RasdError(f"no NER benchmark files found under {root / 'ner'}")
    return report


def format_report(report: dict) -> str:
    parts = []
    for name, r in report.items():
        parts.append(f"== {name}: {r['tokens']} tokens, {r['tokens_per_second']} tokens/s (1 core)")
        parts.append(r["table"])
    return "\n".join(parts)
