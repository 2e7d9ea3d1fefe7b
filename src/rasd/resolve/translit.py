"""Arabic -> Latin transliteration of names: a joint-sequence (graphone) n-gram model.

Training (``train``): each Arabic letter of a name is aligned with 0-4 Latin letters by EM over
all segmentations (forward-backward); the Viterbi alignments give graphone sequences
(Arabic letter, Latin chunk) on which an interpolated trigram model (Witten-Bell) is estimated.
Decoding (``Transliterator.word``) is a beam search over the chunks each letter was seen with.
Trained on the CC0 Wikidata pairs (``translit-wikidata-netranslit``) and the Apache-2.0 Google
pairs (``translit-google``); the model file is ``rasd/models/resolve/translit.json.gz``.

``transliterate(name)`` transliterates a whole name word by word (a leading article becomes
"al-"... only when the model says so; the data keeps it glued: ``alhassan``), capitalised.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Iterable, Sequence

from ..arabic.normalize import fold

__all__ = ["Transliterator", "train", "transliterate", "load", "cer", "MODEL_PATH"]

MODEL_PATH = "models/resolve/translit.json.gz"
MAXLEN = 4
BOS = "^"
_AR = re.compile(r"[\u0621-\u064a]")
_LAT = re.compile(r"[^a-z]")


def _prep_ar(s: str) -> str:
    return "".join(c for c in fold(s) if "\u0621" <= c <= "\u064a")


def _prep_en(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s.lower())
    return _LAT.sub("", "".join(c for c in s if ord(c) < 128))


# -- EM alignment --------------------------------------------------------------------------------


def _em(pairs: list[tuple[str, str]], iters: int = 4) -> dict[tuple[str, str], float]:
    """P(latin chunk | arabic letter) by EM over all monotone segmentations."""
    # uniform start over chunks that occur
    prob: dict[tuple[str, str], float] = defaultdict(lambda: 1e-3)
    for it in range(iters):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        for a, e in pairs:
            n, m = len(a), len(e)
            if m > MAXLEN * n or n == 0:
                continue
            fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            fwd[0][0] = 1.0
            for i in range(1, n + 1):
                ai = a[i - 1]
                for j in range(0, m + 1):
                    s = 0.0
                    for k in range(0, min(MAXLEN, j) + 1):
                        f = fwd[i - 1][j - k]
                        if f:
                            s += f * prob[(ai, e[j - k:j])]
                    fwd[i][j] = s
            z = fwd[n][m]
            if z <= 0:
                continue
            bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            bwd[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                ai = a[i]
                for j in range(m, -1, -1):
                    s = 0.0
                    for k in range(0, min(MAXLEN, m - j) + 1):
                        b = bwd[i + 1][j + k]
                        if b:
                            p = prob[(ai, e[j:j + k])]
                            s += p * b
                            if fwd[i][j]:
                                counts[(ai, e[j:j + k])] += fwd[i][j] * p * b / z
                    bwd[i][j] = s
        tot: dict[str, float] = defaultdict(float)
        for (x, _), c in counts.items():
            tot[x] += c
        prob = defaultdict(lambda: 1e-6, {k: c / tot[k[0]] for k, c in counts.items() if c / tot[k[0]] > 1e-5})
    return dict(prob)


def _viterbi_align(a: str, e: str, prob: dict[tuple[str, str], float]) -> list[tuple[str, str]] | None:
    n, m = len(a), len(e)
    NEG = -1e18
    best = [[NEG] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        ai = a[i - 1]
        for j in range(0, m + 1):
            for k in range(0, min(MAXLEN, j) + 1):
                b = best[i - 1][j - k]
                if b <= NEG:
                    continue
                p = prob.get((ai, e[j - k:j]))
                if not p:
                    continue
                v = b + math.log(p)
                if v > best[i][j]:
                    best[i][j], back[i][j] = v, k
    if best[n][m] <= NEG:
        return None
    out = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        out.append((a[i - 1], e[j - k:j]))
        j -= k
    return out[::-1]


# -- the n-gram model ------------------------------------------------------------------------------


class Transliterator:
    """A trained graphone trigram model (see the module docstring)."""

    def __init__(self, data: dict) -> None:
        self.chunks: dict[str, list[str]] = data["chunks"]
        self.ngrams: dict[str, dict[str, list]] = data["ngrams"]  # context -> {graphone: count}, plus stats
        self.meta = data.get("meta", {})
        self._pcache: dict[tuple, float] = {}

    def _p(self, ctx: tuple[str, ...], g: str) -> float:
        """Witten-Bell interpolated probability of graphone ``g`` after ``ctx``."""
        key = (ctx, g)
        v = self._pcache.get(key)
        if v is None:
            v = self._pcache[key] = self._p_raw(ctx, g)
            if len(self._pcache) > 500_000:
                self._pcache.clear()
        return v

    def _p_raw(self, ctx: tuple[str, ...], g: str) -> float:
        p = 1e-7
        for n in range(0, len(ctx) + 1):
            c = "\x1f".join(ctx[len(ctx) - n:]) if n else ""
            row = self.ngrams.get(c)
            if not row:
                continue
            tot, types = row["\x00"]
            lam = tot / (tot + types)
            p = lam * (row.get(g, 0) / tot) + (1 - lam) * p
        return p

    @lru_cache(maxsize=100_000)
    def word(self, w: str, beam: int = 6, max_chunks: int = 8) -> str:
        """Latin form of one Arabic word (lower case)."""
        a = _prep_ar(w)
        if not a:
            return w
        order = int(self.meta.get("order", 3))
        beams: list[tuple[float, tuple[str, ...], str]] = [(0.0, (BOS,) * (order - 1), "")]
        for ch in a:
            opts = (self.chunks.get(ch) or [""])[:max_chunks]
            nxt: list[tuple[float, tuple[str, ...], str]] = []
            for lp, ctx, out in beams:
                for chunk in opts:
                    g = ch + "|" + chunk
                    nxt.append((lp + math.log(self._p(ctx, g)), ctx[1:] + (g,), out + chunk))
            nxt.sort(key=lambda t: -t[0])
            # merge identical states
            seen: set[tuple[tuple[str, ...], str]] = set()
            beams = []
            for t in nxt:
                key = (t[1], t[2])
                if key in seen:
                    continue
                seen.add(key)
                beams.append(t)
                if len(beams) >= beam:
                    break
        final = [(lp + math.log(self._p(ctx, "$")), out) for lp, ctx, out in beams]
        return max(final)[1] or w

    def name(self, s: str) -> str:
        """A whole name, word by word, capitalised; non-Arabic words are kept."""
        out = []
        for w in s.split():
            if _AR.search(fold(w)):
                lw = self.word(w)
                out.append(lw[:1].upper() + lw[1:])
            else:
                out.append(w)
        return " ".join(out)

    def to_json(self) -> dict:
        return {"chunks": self.chunks, "ngrams": self.ngrams, "meta": self.meta}

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, separators=(",", ":"))


def train(pairs: Iterable[tuple[str, str]], *, iters: int = 3, min_chunk: int = 2, order: int = 4,
          meta: dict | None = None) -> Transliterator:
    """Train on (arabic, latin) pairs."""
    clean = []
    for a, e in pairs:
        a2, e2 = _prep_ar(a), _prep_en(e)
        if a2 and e2 and len(e2) <= MAXLEN * len(a2):
            clean.append((a2, e2))
    prob = _em(clean, iters)
    ng: dict[str, Counter] = defaultdict(Counter)
    chunk_counts: dict[str, Counter] = defaultdict(Counter)
    aligned = 0
    for a, e in clean:
        al = _viterbi_align(a, e, prob)
        if al is None:
            continue
        aligned += 1
        seq = [f"{x}|{y}" for x, y in al] + ["$"]
        ctx = [BOS] * (order - 1)
        for g in seq:
            for n in range(0, order):
                c = "\x1f".join(ctx[len(ctx) - n:]) if n else ""
                ng[c][g] += 1
            ctx.append(g)
        for x, y in al:
            chunk_counts[x][y] += 1
    chunks = {x: [y for y, c in cnt.most_common(12) if c >= min_chunk] or [cnt.most_common(1)[0][0]]
              for x, cnt in chunk_counts.items()}
    ngrams: dict[str, dict] = {}
    for c, cnt in ng.items():
        if c and sum(cnt.values()) < 2:
            continue
        row: dict = {g: n for g, n in cnt.items()}
        row["\x00"] = [sum(cnt.values()), len(cnt)]
        ngrams[c] = row
    m = dict(meta or {})
    m.update({"pairs": len(clean), "aligned": aligned, "order": order})
    return Transliterator({"chunks": chunks, "ngrams": ngrams, "meta": m})


def load(path: str | Path | None = None) -> Transliterator | None:
    """The shipped model (or ``path``); None when absent."""
    try:
        if path is None:
            p = files("rasd").joinpath(MODEL_PATH)
            raw = p.read_bytes()
        else:
            raw = Path(path).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    return Transliterator(json.loads(gzip.decompress(raw).decode("utf-8")))


_DEFAULT: list[Transliterator | None] = []


def transliterate(name: str) -> str:
    """Latin form of an Arabic name with the shipped model (the name itself when no model)."""
    if not _DEFAULT:
        _DEFAULT.append(load())
    t = _DEFAULT[0]
    return t.name(name) if t is not None else name


def cer(hyp: str, ref: str) -> float:
    """Character error rate: edit distance / reference length."""
    prev = list(range(len(ref) + 1))
    for i, x in enumerate(hyp, 1):
        cur = [i]
        for j, y in enumerate(ref, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1] / max(1, len(ref))


def evaluate(model_fn, pairs: Sequence[tuple[str, str]]) -> dict:
    """Exact match and mean CER of ``model_fn(arabic) -> latin`` on (arabic, latin) pairs
    (compared lower-case, letters only)."""
    exact = 0
    total_cer = 0.0
    for a, e in pairs:
        h = _prep_en(model_fn(a))
        r = _prep_en(e)
        exact += h == r
        total_cer += cer(h, r)
    n = max(1, len(pairs))
    return {"n": len(pairs), "exact": round(exact / n, 4), "cer": round(total_cer / n, 4)}
