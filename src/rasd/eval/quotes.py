"""Scores of the ``quotes`` stage against gold annotations (``rasd eval quotes``).

Gold (``tests/data/quotes_gold/ant.jsonl``, guideline in ``docs/quotes.md``): one JSON object per quote
with only ids, offsets and labels, never copied text::

    {"doc": "BBC/middleEast/BB-middleEast-143-20180306.txt", "split": "dev", "start": 10, "end": 90,
     "kind": "reported", "cue": [3, 7], "speaker": [8, 14], "speaker_key": [120, 131], "sha1": "…"}

``doc`` is the member path in the ANT multi-source tarball; offsets point into the article text as
``ant_text`` defines it (the stripped ``<TEXT>`` element content with CRLF turned into LF); ``sha1`` is the
SHA-1 of that text, so a different copy of the corpus is detected rather than silently mis-scored.
``speaker_key`` (optional) is the full-name mention of the speaker in the same article, for a quote
whose speaker is a later short reference or no word at all (continuations).

Scores per split:

* detection: a predicted quote matches a gold quote when their overlap covers at least 50% of the gold
  span (each gold and each prediction matched once, greedily by overlap); P/R/F1 over all quotes;
* speaker accuracy among matched quotes: the predicted speaker span overlaps the gold speaker span or
  the gold ``speaker_key``;
* kind accuracy (direct/reported) among matched quotes.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..document import Quote
from ..errors import RasdError
from ..extract.quotes import find_quotes

__all__ = [
    "ANT_TARBALL",
    "ant_text",
    "load_gold",
    "load_ant_texts",
    "match_quotes",
    "Scores",
    "score_docs",
    "evaluate",
    "format_report",
    "default_gold_path",
]

ANT_TARBALL = "news/ant/ant_multisource_v2.1.tar.xz"


def default_gold_path() -> Path:
    return Path(__file__).resolve().parents[3] / "tests" / "data" / "quotes_gold" / "ant.jsonl"


def ant_text(raw: bytes | str) -> str:
    """The article text of one ANT file: the ``<TEXT>`` element content, CRLF -> LF, stripped."""
    s = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    a = s.find("<TEXT>")
    if a < 0:
        return ""
    b = s.find("</TEXT>", a)
    body = s[a + 6 : b if b >= 0 else len(s)]
    return body.replace("\r\n", "\n").strip()


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise RasdError(f"gold file {p} not found")
    rows = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            for k in ("doc", "start", "end", "kind", "speaker"):
                r[k]
        except (ValueError, KeyError) as e:
            raise RasdError(f"{p}:{n}: not a gold quote ({e})") from None
        rows.append(r)
    return rows


def load_ant_texts(data: str | Path, members: Iterable[str]) -> dict[str, str]:
    """Texts of the named members of the ANT tarball under ``data``."""
    tar = Path(data) / ANT_TARBALL
    if not tar.is_file():
        raise RasdError(f"{tar} not found (pass --data with the shared data folder)")
    want = set(members)
    out: dict[str, str] = {}
    with tarfile.open(tar) as tf:
        for m in tf:
            if m.name in want and m.isfile():
                f = tf.extractfile(m)
                if f is not None:
                    out[m.name] = ant_text(f.read())
                if len(out) == len(want):
                    break
    missing = want - set(out)
    if missing:
        raise RasdError(f"{len(missing)} gold article(s) not in {tar}, e.g. {sorted(missing)[0]}")
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match_quotes(gold: list[dict[str, Any]], pred: list[Quote]) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index): overlap >= 50% of the gold span, greedy by overlap."""
    cands = []
    for gi, g in enumerate(gold):
        glen = max(1, g["end"] - g["start"])
        for pi, p in enumerate(pred):
            ov = _overlap(g["start"], g["end"], p.start, p.end)
            if ov * 2 >= glen:
                cands.append((ov, gi, pi))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def speaker_ok(g: dict[str, Any], p: Quote) -> bool:
    if p.speaker_start is None or p.speaker_end is None:
        return False
    for key in ("speaker", "speaker_key"):
        span = g.get(key)
        if span and _overlap(span[0], span[1], p.speaker_start, p.speaker_end) > 0:
            return True
    return False


@dataclass
class Scores:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0
    kind_ok: int = 0
    docs: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.matched if self.matched else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "kind_accuracy": round(self.kind_accuracy, 4),
        }


def score_docs(texts: dict[str, str], gold: list[dict[str, Any]], docs: Iterable[str], keep_errors: bool = False) -> Scores:
    """Score the stage on the given docs (all their gold quotes; every prediction in them counts)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    sc = Scores()
    for doc in docs:
        text = texts[doc]
        gq = sorted(by_doc.get(doc, []), key=lambda g: g["start"])
        pq = find_quotes(text)
        sc.docs += 1
        sc.gold += len(gq)
        sc.pred += len(pq)
        pairs = match_quotes(gq, pq)
        sc.matched += len(pairs)
        mg = {gi for gi, _ in pairs}
        mp = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = gq[gi], pq[pi]
            sok = speaker_ok(g, p)
            sc.speaker_ok += sok
            sc.kind_ok += g["kind"] == p.kind
            if keep_errors and not sok:
                sc.errors.append({"doc": doc, "type": "speaker", "quote": text[g["start"] : g["end"]][:70],
                                  "gold": text[g["speaker"][0] : g["speaker"][1]],
                                  "pred": text[p.speaker_start : p.speaker_end] if p.speaker_start is not None else None})
            if keep_errors and g["kind"] != p.kind:
                sc.errors.append({"doc": doc, "type": "kind", "quote": text[g["start"] : g["end"]][:70],
                                  "gold": g["kind"], "pred": p.kind})
        if keep_errors:
            for gi, g in enumerate(gq):
                if gi not in mg:
                    near = [p for p in pq if _overlap(g["start"], g["end"], p.start, p.end)]
                    sc.errors.append({"doc": doc, "type": "missed", "quote": text[g["start"] : g["end"]][:90],
                                      "near": [text[p.start : p.end][:60] for p in near]})
            for pi, p in enumerate(pq):
                if pi not in mp:
                    sc.errors.append({"doc": doc, "type": "spurious", "quote": text[p.start : p.end][:90]})
    return sc


def evaluate(gold_path: str | Path | None = None, data: str | Path = "../shared/data", keep_errors: bool = False) -> dict[str, Any]:
    """Scores per split (``dev``, ``test``, ``all``) of the gold file against the ANT articles."""
    gold = load_gold(gold_path or default_gold_path())
    docs = sorted({g["doc"] for g in gold})
    texts = load_ant_texts(data, docs)
    for g in gold:
        want = g.get("sha1")
        if want and hashlib.sha1(texts[g["doc"]].encode("utf-8")).hexdigest() != want:
            raise RasdError(f"article text of {g['doc']} differs from the annotated one (sha1 mismatch)")
    report: dict[str, Any] = {}
    splits = sorted({g.get("split", "dev") for g in gold})
    for split in splits + ["all"]:
        sd = sorted({g["doc"] for g in gold if split == "all" or g.get("split", "dev") == split})
        sc = score_docs(texts, gold, sd, keep_errors=keep_errors and split == "all")
        report[split] = sc.as_dict()
        if keep_errors and split == "all":
            report["errors"] = sc.errors
    return report


def format_report(report: dict[str, Any], show_errors: int = 0) -> str:
    lines = [f"{'split':<6} {'docs':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'kind':>6}"]
    for split, r in report.items():
        if split == "errors":
            continue
        lines.append(
            f"{split:<6} {r['docs']:>4} {r['gold']:>5} {r['pred']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} "
            f"{r['f1']:>6.3f} {r['speaker_accuracy']:>8.3f} {r['kind_accuracy']:>6.3f}"
        )
    lines.append("match: overlap >= 50% of the gold span; speaker/kind accuracy among matched quotes")
    if show_errors and report.get("errors"):
        lines.append("")
        for e in report["errors"][:show_errors]:
            lines.append(json.dumps(e, ensure_ascii=False))
    return "\n".join(lines)
