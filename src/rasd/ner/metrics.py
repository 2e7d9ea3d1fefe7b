"""Entity-level scoring, CoNLL style: a predicted entity counts only if its span and type
both match a gold entity exactly. Chunks are read from IOB tags the way ``conlleval`` reads
them (an ``I-X`` after ``O`` or after another type opens a new chunk)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["chunks", "Scores", "score"]


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity chunks ``(start, end, type)`` (end exclusive) from one IOB tag sequence."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-")
        if typ is not None and (prefix != "I" or t != typ):
            out.append((start, i, typ))
            typ = None
        if prefix == "B" or (prefix == "I" and typ is None):
            start, typ = i, t
    return out


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    tokens: int = 0

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
        r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def per_type(self) -> dict[str, tuple[float, float, float, int]]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {t: (*self._prf(self.tp[t], self.fp[t], self.fn[t]), self.tp[t] + self.fn[t]) for t in types}

    def micro(self) -> tuple[float, float, float]:
        return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def to_dict(self) -> dict:
        p, r, f = self.micro()
        return {
            "micro": {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2)},
            "per_type": {t: {"precision": round(a, 2), "recall": round(b, 2), "f1": round(c, 2), "support": n}
                         for t, (a, b, c, n) in self.per_type().items()},
            "tokens": self.tokens,
        }

    def table(self) -> str:
        lines = [f"{'type':<6} {'prec':>6} {'rec':>6} {'f1':>6} {'gold':>6}"]
        for t, (p, r, f, n) in self.per_type().items():
            lines.append(f"{t:<6} {p:6.2f} {r:6.2f} {f:6.2f} {n:6d}")
        p, r, f = self.micro()
        lines.append(f"{'micro':<6} {p:6.2f} {r:6.2f} {f:6.2f} {sum(self.tp.values()) + sum(self.fn.values()):6d}")
        return "\n".join(lines)


def score(gold: list[list[str]], pred: list[list[str]]) -> Scores:
    """Score predicted tag sequences against gold ones (same lengths)."""
    s = Scores()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError("gold and predicted sequences differ in length")
        s.tokens += len(g)
        gc, pc = set(chunks(g)), set(chunks(p))
        for c in pc & gc:
            s.tp[c[2]] += 1
        for c in pc - gc:
            s.fp[c[2]] += 1
        for c in gc - pc:
            s.fn[c[2]] += 1
    return s
