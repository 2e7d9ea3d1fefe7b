"""Score a model on the benchmark test splits (``rasd eval ner``).

The benchmark files are already tokenised, so the model tags their tokens and the score is
entity-level exact span + type (CoNLL), per type and micro. Speed is tokens per second of
feature extraction + tagging + the document steps on one core (single process), measured on the
same run.

``wojood-sample`` is a third, modern out-of-domain check: the public sample of the Wojood
corpus (news, laws and web text of the 2010s-2020s; MIT), flattened to its outermost
person, organisation and place names (:func:`rasd.ner.data.read_wojood`). It has no MISC, so
the model's MISC predictions are dropped before scoring it. Never trained on.

Scores are those of the ``entities`` stage: the sentences of a benchmark, in file order (the
order of their articles), are tagged like one document's (:meth:`NerModel.tag_document`:
names propagate within ``decode.doc_window`` sentences, listed names the network missed are
filled in). ``sentence_micro_f1`` is the score of the sentence-by-sentence tags, before those
steps.
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
    "wojood-sample": D.read_wojood,
}
# types a benchmark annotates, when not all four: predictions of other types are dropped
SCORED_TYPES = {"wojood-sample": ("PER", "ORG", "LOC")}


def evaluate_split(model: NerModel, sents: list[D.Sentence], types: tuple[str, ...] | None = None) -> dict:
    model.clear_cache()  # time cold-cache feature extraction too
    gold = [[t for _, t in s] for s in sents]
    t0 = time.perf_counter()
    seqs = [[w for w, _ in s] for s in sents]
    tagged = model.tag_many(seqs)
    pred = [t for t, _ in model.decode_document(seqs, tagged)]
    dt = time.perf_counter() - t0

    def keep(p: list[str]) -> list[str]:
        return p if types is None else [t if t == "O" or t[2:] in types else "O" for t in p]

    sc = score(gold, [keep(p) for p in pred])
    out = sc.to_dict()
    out["sentence_micro_f1"] = round(score(gold, [keep(t) for t, _ in tagged]).micro()[2], 2)
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
        report[name] = evaluate_split(model, sents, SCORED_TYPES.get(name))
    if not report:
        raise RasdError(f"no NER benchmark files found under {root / 'ner'}")
    return report


def format_report(report: dict) -> str:
    parts = []
    for name, r in report.items():
        parts.append(f"== {name}: {r['tokens']} tokens, {r['tokens_per_second']} tokens/s (1 core); "
                     f"micro F1 {r['sentence_micro_f1']} tagging sentence by sentence")
        parts.append(r["table"])
    return "\n".join(parts)
