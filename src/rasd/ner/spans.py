"""Name memory: multi-word names seen in the labelled corpora, as features of the tagger.

A frozen word vector says little about whether الليكود or سلتيك is an organisation; the
labelled corpora often do. This module keeps, for every name string annotated in a corpus
(all words folded, the first one clitic-stripped: لسلتيك -> سلتيك), how often it was
annotated with each type and how often the same word sequence occurs at all. At tagging time
the words of a sentence are matched against it (greedy, longest match first) and each matched
token gets, per type, the share of the string's occurrences annotated with that type, as a
B- or I- feature, plus a confidence that grows with the count.

Names are kept in *groups* (the main training corpus; the auxiliary corpora) so the network
can learn how far to trust each. To train, the features of a corpus's own sentences come from
a *jackknifed* memory: the corpus is cut into ``folds`` contiguous blocks and a sentence sees
the counts of every block but its own, so the network learns how reliable the memory is on
text it has not memorised — as at test time — not that the memory is always right.

The shipped file ``spans.tsv.gz`` has one line per (group, string):
``group<TAB>string<TAB>occurrences<TAB>PER<TAB>ORG<TAB>LOC<TAB>MISC`` (counts).
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .data import TYPES
from .metrics import chunks
from .text import norm, strip_proclitics

__all__ = ["SpanMemory", "TYPES", "span_key_words", "build_counts", "FEATURES_PER_GROUP"]

FEATURES_PER_GROUP = 2 * len(TYPES) + 1   # B-X and I-X shares per type, and a confidence
MAX_LEN = 8                                # longest name (in tokens) that is kept and matched
MIN_SHARE = 0.1                            # a match needs this share of occurrences annotated


def span_key_words(words: list[str]) -> list[str]:
    """The folded forms used as a name's key: the first word loses its proclitics."""
    ns = [norm(w) for w in words]
    if ns:
        ns[0] = strip_proclitics(ns[0])
    return ns


Counts = dict[str, list[int]]   # key -> [occurrences, PER, ORG, LOC, MISC]


def build_counts(sentences: list, keys: Iterable[str] | None = None) -> Counts:
    """Annotated names of ``sentences`` ((word, tag) pairs) with their type counts, and how
    often each name's word sequence occurs anywhere in them (annotated or not). With ``keys``,
    occurrences of those names are counted too (annotated in ``sentences`` or not)."""
    counts: Counts = {}
    tix = {t: i + 1 for i, t in enumerate(TYPES)}
    for s in sentences:
        words = [w for w, _ in s]
        for a, b, typ in chunks([t for _, t in s]):
            if b - a <= MAX_LEN and typ in tix:
                key = " ".join(span_key_words(words[a:b]))
                counts.setdefault(key, [0, 0, 0, 0, 0])[tix[typ]] += 1
    if keys:
        for key in keys:
            counts.setdefault(key, [0, 0, 0, 0, 0])
    prefixes = _prefixes(counts)
    for s in sentences:
        ns = [norm(w) for w, _ in s]
        for i in range(len(ns)):
            for _j, key in _runs(strip_proclitics(ns[i]), ns, i, prefixes):
                c = counts.get(key)
                if c is not None:
                    c[0] += 1
    for c in counts.values():  # an annotated name occurs at least as often as it is annotated
        c[0] = max(c[0], sum(c[1:]))
    return counts


def _runs(first: str, ns: list[str], i: int, prefixes: set[str]) -> Iterator[tuple[int, str]]:
    """``(end, key)`` for the runs of words from token ``i`` (its form ``first``, then the
    folded words ``ns``) that are prefixes of names, shortest first, up to ``MAX_LEN`` words."""
    key = first
    for j in range(i + 1, min(len(ns), i + MAX_LEN) + 1):
        if j > i + 1:
            key = key + " " + ns[j - 1]
        if key not in prefixes:
            return
        yield j, key


def _prefixes(counts: Counts) -> set[str]:
    out: set[str] = set()
    for key in counts:
        ws = key.split(" ")
        for k in range(1, len(ws) + 1):
            out.add(" ".join(ws[:k]))
    return out


def subtract(total: Counts, part: Counts) -> Counts:
    """``total`` minus ``part`` (the jackknife: a block's own names removed)."""
    out: Counts = {}
    for key, c in total.items():
        p = part.get(key)
        if p is None:
            out[key] = c
            continue
        d = [a - b for a, b in zip(c, p)]
        if sum(d[1:]) > 0:
            out[key] = d
    return out


class SpanMemory:
    """Matches token sequences against per-group name counts and returns features."""

    def __init__(self, groups: list[Counts]) -> None:
        self.groups = groups
        self.prefixes = [_prefixes(g) for g in groups]
        self.dim = FEATURES_PER_GROUP * len(groups)

    # -- files -----------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            for gi, g in enumerate(self.groups):
                for key in sorted(g):
                    gz.write(("\t".join([str(gi), key, *map(str, g[key])]) + "\n").encode())

    @classmethod
    def load(cls, path: str | Path, n_groups: int) -> "SpanMemory":
        groups: list[Counts] = [{} for _ in range(n_groups)]
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for ln in fh:
                parts = ln.rstrip("\n").split("\t")
                if len(parts) == 7:
                    groups[int(parts[0])][parts[1]] = [int(x) for x in parts[2:]]
        return cls(groups)

    # -- matching --------------------------------------------------------------------------
    def _longest(self, gi: int, ns: list[str], st: list[str], i: int, ok) -> tuple[int, list[int]] | None:
        """The longest name of group ``gi`` starting at token ``i`` whose counts pass ``ok``, as
        ``(end, counts)``, or None (``ns``: folded words; ``st``: the same without proclitics,
        used for the first word)."""
        g = self.groups[gi]
        best = None
        for j, key in _runs(st[i], ns, i, self.prefixes[gi]):
            c = g.get(key)
            if c is not None and ok(c):
                best = (j, c)
        return best

    def fill(self, words: list[str], tags: list[str], groups: list[int],
             min_share: float = 0.5) -> tuple[list[str], list[tuple[int, int, float]]]:
        """Tag untagged names of ``groups`` (name lists) the network missed. A sentence is
        matched as for :meth:`features` (greedily, longest name first, the first word's
        proclitics ignored); a match whose words are all tagged O gets the name's type when at
        least ``min_share`` of its occurrences in the labelled text are annotated with it (a
        listed name the labelled text never or rarely shows counts as annotated; فتح, mostly
        the verb there, does not qualify). Returns the new tags and the filled ``(start, end,
        share)`` spans."""
        tags = list(tags)
        filled: list[tuple[int, int, float]] = []
        n = len(words)
        if not n or not groups:
            return tags, filled
        ns = [norm(w) for w in words]
        st = [strip_proclitics(x) for x in ns]

        def share(c: list[int]) -> float:
            return max(c[1:]) / max(c[0], 1)

        for gi in groups:
            i = 0
            while i < n:
                m = self._longest(gi, ns, st, i, lambda c: share(c) >= min_share)  # the longest qualifying
                if m is not None and all(t == "O" for t in tags[i:m[0]]):
                    j, c = m
                    typ = TYPES[max(range(len(TYPES)), key=lambda t: c[1 + t])]
                    tags[i:j] = ["B-" + typ] + ["I-" + typ] * (j - i - 1)
                    filled.append((i, j, round(min(share(c), 1.0), 4)))
                    i = j
                else:
                    i += 1
        return tags, filled

    # -- features --------------------------------------------------------------------------
    def features(self, words: list[str]) -> np.ndarray:
        """(len(words), ``dim``) float32: for each group, B-X shares, I-X shares, confidence."""
        n = len(words)
        out = np.zeros((n, self.dim), np.float32)
        if not n:
            return out
        ns = [norm(w) for w in words]
        st = [strip_proclitics(x) for x in ns]
        nt = len(TYPES)
        for gi in range(len(self.groups)):
            off = gi * FEATURES_PER_GROUP
            i = 0
            while i < n:
                best = self._longest(gi, ns, st, i, lambda c: sum(c[1:]) >= MIN_SHARE * c[0])
                if best is None:
                    i += 1
                    continue
                j, c = best
                occ = max(c[0], 1)
                shares = [x / occ for x in c[1:]]
                out[i, off:off + nt] = shares
                out[i + 1:j, off + nt:off + 2 * nt] = shares
                out[i:j, off + 2 * nt] = min(1.0, math.log1p(sum(c[1:])) / math.log(50.0))
                i = j
        return out


def list_counts(names: dict[str, str], labelled: list, min_seen: int = 3) -> Counts:
    """Counts for a group of names from a list (``name -> type``) rather than from annotation.
    How far a listed name is a name is estimated from the labelled sentences: a name seen there
    at least ``min_seen`` times keeps its occurrences and, under the list's type, how many of
    them are annotated as any entity (ليل or العربي as a club are mostly not); a rarer name
    counts as one occurrence, annotated."""
    keys = {" ".join(span_key_words(n.split())): t for n, t in names.items() if n.split()}
    keys = {k: t for k, t in keys.items() if k and len(k.split(" ")) <= MAX_LEN}
    seen = build_counts(labelled, keys=keys)
    tix = {t: i + 1 for i, t in enumerate(TYPES)}
    out: Counts = {}
    for k, t in sorted(keys.items()):
        c = [0, 0, 0, 0, 0]
        occ = seen.get(k, [0] * 5)
        if occ[0] >= min_seen:
            c[0], c[tix[t]] = occ[0], sum(occ[1:])
        else:
            c[0], c[tix[t]] = 1, 1
        if c[tix[t]]:
            out[k] = c
    return out


def jackknife_features(groups: list[list[list]], folds: int,
                       fixed: list[Counts] | None = None) -> tuple[SpanMemory, list[list[list[list[float]]]]]:
    """``groups``: per group, its corpora (lists of sentences). Returns the full memory (to ship)
    and, for each group's corpora in order, every sentence's features from a memory whose own
    group counts leave out the sentence's fold (contiguous blocks of its corpus). ``fixed``:
    further groups (name lists) used as they are."""
    full = [build_counts([s for c in corpora for s in c]) for corpora in groups] + list(fixed or [])
    feats: list[list[list[list[float]]]] = []
    for gi, corpora in enumerate(groups):
        for corpus in corpora:
            out: list[list[list[float]]] = []
            n = len(corpus)
            k = max(1, min(folds, n))
            for f in range(k):
                block = corpus[f * n // k:(f + 1) * n // k]
                own = build_counts(block, keys=full[gi])
                mem = SpanMemory([subtract(g, own) if h == gi else g for h, g in enumerate(full)])
                out.extend(mem.features([w for w, _ in s]).tolist() for s in block)
            feats.append(out)
    return SpanMemory(full), feats
