"""Near-duplicate detection on SaudiNewsNet: recall on free positives, precision on judged pairs.

Free positives (no human labels needed; ``pairs`` below):

- *identical bodies*: every pair of articles whose ``content`` is byte-identical (texts of fewer
  than 8 words — empty pages, "Array" — are left out);
- *same title across outlets*: every pair of articles from two different outlets with the same
  title (at least two words) and a body of at least 8 words.

Some same-title pairs are not copies of one text (a daily "oil prices close lower" headline over two
different reports, two outlets' own write-ups of one event). Those the detector misses were judged by
hand: ``tests/data/stories_gold/dedup_positive_judgements.jsonl`` (``copy`` or ``not_copy``);
*verified recall* leaves out the pairs judged ``not_copy``. A positive pair is found when both
articles are in one duplicate group. Precision is measured on a random sample of the *found pairs*
— each group member with the document it was verified against (an exact copy, or the group's
representative) — judged by hand: ``dedup_precision_sample.jsonl`` (``dup`` / ``not_dup``).
Only ids (``day#index``) and labels are stored; SaudiNewsNet is CC BY-NC-SA and nothing derived
from its text ships.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
import time
from pathlib import Path
from typing import Iterable

from ..stories.cluster import Article
from ..stories.dedup import MIN_WORDS, find_duplicates, words
from .stories import read_saudinewsnet

__all__ = ["GOLD_DIR", "positive_pairs", "evaluate_dedup"]

GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "stories_gold"
PRECISION_SAMPLE = GOLD_DIR / "dedup_precision_sample.jsonl"
POSITIVE_JUDGEMENTS = GOLD_DIR / "dedup_positive_judgements.jsonl"


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def positive_pairs(arts: Iterable[Article]) -> dict[str, set[tuple[str, str]]]:
    """The free positives: ``identical`` and ``same_title`` pairs of ids."""
    body: dict[str, list[str]] = defaultdict(list)
    title: dict[str, list[Article]] = defaultdict(list)
    for a in arts:
        n = len(words(a.text))
        if n < MIN_WORDS:
            continue
        body[a.text or ""].append(a.doc_id)
        t = (a.title or "").strip()
        if len(words(t)) >= 2:
            title[t].append(a)
    ident = {_pair(v[i], v[j]) for v in body.values() for i in range(len(v)) for j in range(i + 1, len(v))}
    same = {_pair(v[i].doc_id, v[j].doc_id) for v in title.values() for i in range(len(v))
            for j in range(i + 1, len(v)) if v[i].outlet != v[j].outlet}
    return {"identical": ident, "same_title": same}


def _read_jsonl(p: Path) -> list[dict]:
    if not p.is_file():
        return []
    with open(p, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate_dedup(data: str | Path = "../shared/data", threshold: float | None = None, sample: int = 0,
                   seed: int = 8) -> dict:
    """Run the detector over SaudiNewsNet in time order and score it (see the module docstring)."""
    if threshold is None:
        from ..settings import load_settings

        threshold = float(load_settings()["dedup_threshold"])
    t0 = time.perf_counter()
    arts = list(read_saudinewsnet(data))
    arts.sort(key=lambda a: (a.published or "", a.doc_id))
    by_id = {a.doc_id: a for a in arts}
    t1 = time.perf_counter()
    groups, matches = find_duplicates(((a.doc_id, a.text, a.published) for a in arts), threshold)
    t2 = time.perf_counter()
    group_of = {m[0]: g.id for g in groups for m in g.members}

    def found(p: tuple[str, str]) -> bool:
        a, b = p
        return a in group_of and group_of.get(a) == group_of.get(b)

    pos = positive_pairs(arts)
    judged = {_pair(j["a"], j["b"]): j["label"] for j in _read_jsonl(POSITIVE_JUDGEMENTS)}
    report: dict = {"threshold": threshold, "articles": len(arts), "groups": len(groups),
                    "grouped_articles": sum(g.size for g in groups),
                    "largest_group": max((g.size for g in groups), default=0)}
    allpos: set[tuple[str, str]] = set()
    for name, ps in pos.items():
        hit = sum(1 for p in ps if found(p))
        report[f"recall_{name}"] = {"pairs": len(ps), "found": hit, "recall": round(hit / len(ps), 4) if ps else None}
        allpos |= ps
    hit = sum(1 for p in allpos if found(p))
    report["recall_all"] = {"pairs": len(allpos), "found": hit, "recall": round(hit / len(allpos), 4)}
    not_copy = {p for p, lab in judged.items() if lab == "not_copy"}
    ver = allpos - not_copy
    vhit = sum(1 for p in ver if found(p))
    unjudged_misses = sorted(p for p in allpos if not found(p) and p not in judged)
    report["recall_verified"] = {"pairs": len(ver), "found": vhit, "recall": round(vhit / len(ver), 4),
                                 "judged_not_copy": len(not_copy & allpos),
                                 "unjudged_misses": len(unjudged_misses)}
    # precision on the judged sample of found pairs: the pairs the detector asserts — each member
    # with the document it was verified against (exact copy or the group's representative)
    asserted = {_pair(m[0], m[2]) for g in groups for m in g.members if m[2]}
    report["found_pairs"] = len(asserted)
    smp = _read_jsonl(PRECISION_SAMPLE)
    scored = [s for s in smp if _pair(s["a"], s["b"]) in asserted]
    good = sum(1 for s in scored if s["label"] == "dup")
    report["precision_sample"] = {"judged": len(smp), "still_found": len(scored), "dup": good,
                                  "precision": round(good / len(scored), 4) if scored else None,
                                  "not_dup_found": [[s["a"], s["b"]] for s in scored if s["label"] != "dup"]}
    report["seconds"] = {"read": round(t1 - t0, 1), "dedup": round(t2 - t1, 1)}
    if sample:
        have = {_pair(s["a"], s["b"]) for s in smp}
        cand = sorted(asserted - have)
        rng = random.Random(seed)
        report["to_judge"] = [
            {"a": a, "b": b, "title_a": by_id[a].title, "title_b": by_id[b].title,
             "lead_a": " ".join((by_id[a].text or "").split()[:30]), "lead_b": " ".join((by_id[b].text or "").split()[:30])}
            for a, b in rng.sample(cand, min(sample, len(cand)))]
        report["misses_to_judge"] = [{"a": a, "b": b} for a, b in unjudged_misses[:sample]]
    return report
