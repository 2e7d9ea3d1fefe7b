"""CRF features for one sentence of tokens.

Each word type's own features are computed once and cached (bounded); window features are the
neighbours' "core" features with a position prefix. The feature set is described by a small
config dict stored in the model's metadata so that training and inference always agree.
"""

from __future__ import annotations

from .text import norm, shape, strip_proclitics

__all__ = ["DEFAULT_CONFIG", "Featurizer"]

DEFAULT_CONFIG: dict = {
    "window": 2,          # neighbours on each side
    "affix": 4,           # prefixes / suffixes up to this length (on the normalised form)
    "clusters": True,     # use word cluster ids when resources have them
    "gazetteer": True,    # use gazetteer membership when resources have them
    "bigrams": True,      # word bigrams w-1|w0, w0|w+1
    "cluster_window": 2,  # neighbours whose clusters are used
}

_CACHE_MAX = 50_000


class Featurizer:
    """Turns a list of token strings into a list of feature-string lists."""

    def __init__(self, config: dict | None = None, clusters: dict[str, tuple[str, ...]] | None = None,
                 gazetteer: dict[str, tuple[str, ...]] | None = None) -> None:
        self.config = {**DEFAULT_CONFIG, **(config or {})}
        self.clusters = clusters if self.config["clusters"] else None
        self.gazetteer = gazetteer if self.config["gazetteer"] else None
        self._cache: dict[str, tuple[list[str], list[str], list[str]]] = {}

    # -- per word type -------------------------------------------------------------------
    def _word(self, w: str) -> tuple[list[str], list[str], list[str]]:
        """(own features, core features for neighbours, cluster features for neighbours)."""
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        n = norm(w)
        st = strip_proclitics(n)
        own = ["b", "w=" + w, "n=" + n, "s=" + st, "sh=" + shape(w), "len=" + str(min(len(n), 8))]
        k = self.config["affix"]
        for i in range(1, k + 1):
            if len(n) > i:
                own.append(f"p{i}={n[:i]}")
                own.append(f"x{i}={n[-i:]}")
        for i in range(1, 4):
            if len(st) > i + 1 and st != n:
                own.append(f"sx{i}={st[-i:]}")
        core = ["n=" + n, "s=" + st]
        clus: list[str] = []
        if self.clusters is not None:
            c = self.clusters.get(n)
            if c is None and st != n:
                c = self.clusters.get(st)
                if c is not None:
                    c = tuple("s" + x for x in c)
            if c is not None:
                clus.extend(c)
            else:
                clus.append("c=?")
            own.extend(clus)
        if self.gazetteer is not None:
            g = self.gazetteer.get(n)
            if g:
                own.extend(g)
                core.extend(g)
            if st != n:
                g = self.gazetteer.get(st)
                if g:
                    gs = ["s" + x for x in g]
                    own.extend(gs)
                    core.extend(gs)
        res = (own, core, clus)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[w] = res
        return res

    # -- per sentence --------------------------------------------------------------------
    def sentence(self, words: list[str]) -> list[list[str]]:
        infos = [self._word(w) for w in words]
        L = len(words)
        win = self.config["window"]
        cwin = self.config["cluster_window"]
        bigrams = self.config["bigrams"]
        out: list[list[str]] = []
        for i in range(L):
            f = list(infos[i][0])
            if i == 0:
                f.append("BOS")
            if i == L - 1:
                f.append("EOS")
            for d in range(1, win + 1):
                for j, tag in ((i - d, f"-{d}"), (i + d, f"+{d}")):
                    if 0 <= j < L:
                        f.extend(tag + x for x in infos[j][1])
                        if d <= cwin:
                            f.extend(tag + x for x in infos[j][2])
                    elif d == 1:
                        f.append(tag + "PAD")
            if bigrams:
                n0 = infos[i][1][0]
                if i > 0:
                    f.append("bg-=" + infos[i - 1][1][0] + "|" + n0)
                if i < L - 1:
                    f.append("bg+=" + n0 + "|" + infos[i + 1][1][0])
            out.append(f)
        return out
