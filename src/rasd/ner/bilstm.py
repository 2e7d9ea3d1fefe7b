"""Numpy inference for the BiLSTM-CRF tagger (trained with PyTorch by :mod:`rasd.ner.nn_train`).

Per token the network sees: a pretrained word vector for the folded word and one for its
clitic-stripped stem (PPMI-SVD vectors learned from news text, frozen, stored int8 with a
per-row scale), a character CNN over the folded word, gazetteer bits, a coarse shape and,
optionally, name-memory features (:mod:`rasd.ner.spans`). A one-layer bidirectional LSTM
gives emission scores; a linear-chain CRF (transition, start and end scores) decodes with
Viterbi and gives per-token marginals by forward-backward. An ensemble averages the emission
and CRF scores of several such networks that share the word vectors.

Everything here is numpy; the char-CNN output and input vector of each word type are cached.
"""

from __future__ import annotations

import numpy as np

from .text import norm, shape, strip_proclitics

__all__ = ["BiLstmCrf", "GAZ_TAGS", "SHAPES", "token_extras"]

GAZ_TAGS = ("gPF", "gPN", "gPL", "gCT", "gCTm", "gCI", "gCIm")
SHAPES = ("A", "L", "U", "D", "P")
_CACHE_MAX = 20_000  # cached rows are 4 KB each: at most ~80 MB


def token_extras(word: str, n: str, st: str, gazetteer: dict) -> list[float]:
    """Gazetteer bits, shape one-hot and a length feature (shared with training)."""
    g = set(gazetteer.get(n, ())) | set(gazetteer.get(st, ()))
    sh = shape(word)[:1]
    return [1.0 if t in g else 0.0 for t in GAZ_TAGS] + [1.0 if sh == x else 0.0 for x in SHAPES] + [
        min(len(n), 10) / 10]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class BiLstmCrf:
    """One network, or an ensemble: weights named ``m<k>/<name>`` belong to member network k
    (the unprefixed ones to the first); members share the word vectors, their emission scores
    are averaged and so are their CRF scores."""

    SHARED = ("emb_q", "emb_scale", "sub_q", "sub_scale", "sub_bias")

    def __init__(self, weights: dict[str, np.ndarray], words: list[str], chars: str, tags: list[str],
                 gazetteer: dict[str, tuple[str, ...]], spans=None, _emb: np.ndarray | None = None) -> None:
        w = {k: v for k, v in weights.items() if "/" not in k}
        self.tags = tags
        self.word_index = {x: i + 2 for i, x in enumerate(words)}  # 0 pad, 1 unknown
        self.char_index = {c: i + 2 for i, c in enumerate(chars)}
        if _emb is None:
            emb = w["emb_q"].astype(np.float32) * w["emb_scale"][:, None]
            _emb = np.vstack([np.zeros((2, emb.shape[1]), np.float32), emb])
        self.emb = emb = _emb
        # optional learned corrections of the vectors of frequent training words
        self.delta_index: dict[str, int] = {}
        if "delta" in w:
            self.delta_index = {str(x): i + 1 for i, x in enumerate(w["delta_words"])}
            self.delta = np.vstack([np.zeros((1, emb.shape[1]), np.float32), w["delta"]])
        self.cemb = w["cemb"]                        # (C, 32)
        k = w["conv_w"]                              # torch Conv1d: (out, in, width)
        self.conv_w = k.transpose(2, 1, 0).reshape(-1, k.shape[0])  # (width*in, out)
        self.conv_b = w["conv_b"]
        self.width = k.shape[2]
        self.lstm = [(w[f"{d}_wih"].T.copy(), w[f"{d}_whh"].T.copy(), w[f"{d}_b"]) for d in ("fw", "bw")]
        self.wih = np.hstack([self.lstm[0][0], self.lstm[1][0]])
        # name-memory features (rasd.ner.spans) are the LSTM's last inputs; they depend on the
        # sentence, not only on the word, so they are added per sequence, not cached per word
        self.spans = spans
        if spans is not None:
            self.wih_span = self.wih[-spans.dim:]
            self.wih = self.wih[:-spans.dim]
        self.bih = np.concatenate([self.lstm[0][2], self.lstm[1][2]])
        self.whh = np.stack([self.lstm[0][1], self.lstm[1][1]])  # (2, H, 4H)
        self.out_w, self.out_b = w["out_w"].T.copy(), w["out_b"]
        self.trans, self.start, self.end = w["trans"], w["start"], w["end"]
        self.H = self.lstm[0][1].shape[0]
        self.gazetteer = gazetteer
        self.subword = None
        if "sub_q" in w:
            from .subword import SubwordFeatures

            self.subword = SubwordFeatures(w["sub_q"], w["sub_scale"], w["sub_bias"])
        self._cache: dict[str, np.ndarray] = {}
        # subtracted from the O tag's emission score before decoding: > 0 trades precision for
        # recall (chosen on held-out training sentences; meta.json "decode")
        self.o_bias = 0.0
        self.members: list[BiLstmCrf] = []
        for p in sorted({k.split("/", 1)[0] for k in weights if "/" in k}, key=lambda p: int(p[1:])):
            sub = {k.split("/", 1)[1]: v for k, v in weights.items() if k.startswith(p + "/")}
            sub.update({k: weights[k] for k in self.SHARED if k in weights and k not in sub})
            self.members.append(BiLstmCrf(sub, words, chars, tags, gazetteer, spans, _emb=self.emb))
        self._whh_all = np.concatenate([m.whh for m in [self] + self.members])  # (2 * nets, H, 4H)
        if self.members:
            nets = [self] + self.members
            if any(m.H != self.H for m in nets):
                raise ValueError("ensemble members must have the same hidden size")
            self.trans = np.mean([m.trans for m in nets], 0)
            self.start = np.mean([m.start for m in nets], 0)
            self.end = np.mean([m.end for m in nets], 0)

    def clear_cache(self) -> None:
        for m in [self] + self.members:
            m._cache.clear()

    # -- inputs ----------------------------------------------------------------------------
    def _compute_inputs(self, words: list[str]) -> dict[str, np.ndarray]:
        """Input-to-hidden pre-activations of new word types, all at once (cached per type)."""
        ns = [norm(w) for w in words]
        sts = [strip_proclitics(n) for n in ns]
        wi = [self.word_index.get(n, 1) for n in ns]
        si = [self.word_index.get(st, 1) for st in sts]
        # character CNN, batched: zero padding of width//2 at both ends of each word, max over
        # the word's own positions only (a word's vector never depends on the other words)
        cids = [[self.char_index.get(c, 1) for c in n[:20]] or [1] for n in ns]
        lens = np.array([len(c) for c in cids])
        Lm = int(lens.max())
        pad = self.width // 2
        ids = np.zeros((len(words), Lm + 2 * pad), np.int64)
        for k, c in enumerate(cids):
            ids[k, pad:pad + len(c)] = c
        x = self.cemb[ids]                                            # (N, Lm+2, dim); row 0 is zeros
        win = np.concatenate([x[:, i:i + Lm] for i in range(self.width)], axis=2)
        h = np.maximum(win @ self.conv_w + self.conv_b, 0)            # (N, Lm, filters), >= 0
        h[np.arange(Lm)[None, :] >= lens[:, None]] = 0.0              # relu >= 0: zeros never win
        ch = h.max(1)
        extras = np.asarray([token_extras(w, n, st, self.gazetteer) for w, n, st in zip(words, ns, sts)],
                            np.float32)
        if self.subword is not None:
            extras = np.concatenate([extras, self.subword(words)], axis=1)
        wv = self.emb[wi]
        if self.delta_index:
            wv = wv + self.delta[[self.delta_index.get(n, 0) for n in ns]]
        v = np.concatenate([wv, self.emb[si], ch, extras], axis=1)
        pre = v @ self.wih + self.bih                                 # (N, 8H): forward | backward
        rows = dict(zip(words, pre))
        if len(self._cache) + len(words) > _CACHE_MAX:
            self._cache.clear()
        if len(words) <= _CACHE_MAX:
            self._cache.update(rows)
        return rows

    # -- network ---------------------------------------------------------------------------
    def emissions(self, batch: list[list[str]]) -> list[np.ndarray]:
        """Emission scores (len x tags) for each sequence (the members' mean for an ensemble).
        The sequences run as one batch, and the LSTMs of all members step together."""
        B = len(batch)
        L = max(len(s) for s in batch)
        H = self.H
        feats = None
        if self.spans is not None:  # name-memory features: computed once, read by every member
            feats = [self.spans.features(s) for s in batch]
        # longest first, so the sequences still running at step t are a prefix of the batch
        order = sorted(range(B), key=lambda b: -len(batch[b]))
        lens = [len(batch[b]) for b in order]
        active = [sum(1 for n in lens if n > t) for t in range(L)]
        nets = [self] + self.members
        X = np.concatenate([n._inputs(batch, feats, order, L) for n in nets])  # (2 * nets, L, B, 4H)
        D = X.shape[0]
        h = np.zeros((D, B, H), np.float32)
        c = np.zeros((D, B, H), np.float32)
        hs = np.zeros((D, L, B, H), np.float32)
        whh = self._whh_all
        for t in range(L):
            na = active[t]
            g = X[:, t, :na] + h[:, :na] @ whh                       # (D, na, 4H)
            sg = _sigmoid(g)
            cn = sg[:, :, H:2 * H] * c[:, :na] + sg[:, :, :H] * np.tanh(g[:, :, 2 * H:3 * H])
            hn = sg[:, :, 3 * H:] * np.tanh(cn)
            c[:, :na] = cn
            h[:, :na] = hn
            hs[:, t, :na] = hn
        em = np.zeros((B, L, len(self.tags)), np.float32)
        for k, n in enumerate(nets):
            out = np.zeros((B, L, 2 * H), np.float32)
            for j, b in enumerate(order):
                m = lens[j]
                out[b, :m, :H] = hs[2 * k, :m, j]
                out[b, :m, H:] = hs[2 * k + 1, m - 1::-1, j]
            em += out @ n.out_w + n.out_b
        if self.members:
            em /= len(nets)
        return [em[b, :len(batch[b])] for b in range(B)]

    def _inputs(self, batch: list[list[str]], feats: list[np.ndarray] | None, order: list[int],
                L: int) -> np.ndarray:
        """This network's LSTM input pre-activations (2, L, B, 4H): direction 0 reads each
        sequence forwards, direction 1 reversed; both left-aligned, so neither needs masking."""
        G = 4 * self.H
        cache = {}
        for x in {x for s in batch for x in s}:
            row = self._cache.get(x)
            if row is not None:
                cache[x] = row
        new = sorted({x for s in batch for x in s} - cache.keys())
        if new:
            cache.update(self._compute_inputs(new))
        X = np.zeros((2, L, len(batch), G), np.float32)
        for j, b in enumerate(order):
            rows = np.asarray([cache[x] for x in batch[b]])
            if feats is not None:
                f = feats[b]
                hit = f.any(1)
                if hit.any():
                    rows = rows.copy()
                    rows[hit] += f[hit] @ self.wih_span
            X[0, :len(rows), j] = rows[:, :G]
            X[1, :len(rows), j] = rows[::-1, G:]
        return X

    # -- CRF (batched over sequences) ------------------------------------------------------------
    def viterbi(self, em: np.ndarray, lens: np.ndarray) -> list[list[int]]:
        B, L, K = em.shape
        score = self.start + em[:, 0]
        back = np.zeros((L, B, K), np.int64)
        for t in range(1, L):
            s = score[:, :, None] + self.trans[None]
            back[t] = s.argmax(1)
            new = s.max(1) + em[:, t]
            score = np.where((t < lens)[:, None], new, score)
        last = (score + self.end).argmax(1)
        paths = []
        for b in range(B):
            k = int(last[b])
            path = [k]
            bb = back[:, b]
            for t in range(int(lens[b]) - 1, 0, -1):
                k = int(bb[t, k])
                path.append(k)
            paths.append(path[::-1])
        return paths

    def marginals(self, em: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Per-token tag marginals (L, B, K) by the scaled forward-backward algorithm."""
        B, L, K = em.shape
        E = np.exp(em - em.max(axis=2, keepdims=True))
        T = np.exp(self.trans - self.trans.max())
        alpha = np.empty((L, B, K))
        beta = np.ones((L, B, K))
        a = np.exp(self.start - self.start.max()) * E[:, 0]
        alpha[0] = a = a / a.sum(1, keepdims=True)
        for t in range(1, L):
            a = (a @ T) * E[:, t]
            alpha[t] = a = a / a.sum(1, keepdims=True)
        lastpos = lens - 1
        end = np.exp(self.end - self.end.max())
        b = np.broadcast_to(end, (B, K)).copy()
        beta[L - 1] = b
        for t in range(L - 2, -1, -1):
            step = (E[:, t + 1] * b) @ T.T
            step /= step.sum(1, keepdims=True)
            b = np.where((t < lastpos)[:, None], step, end[None, :])
            beta[t] = b
        m = alpha * beta
        return m / m.sum(2, keepdims=True)

    def tag_batch(self, batch: list[list[str]], with_scores: bool = False) -> list[tuple[list[str], list[float]]]:
        ems = self.emissions(batch)
        lens = np.array([len(e) for e in ems])
        B, L, K = len(ems), int(lens.max()), len(self.tags)
        em = np.zeros((B, L, K))
        for b, e in enumerate(ems):
            em[b, :len(e)] = e
        if self.o_bias:
            em[:, :, self.tags.index("O")] -= self.o_bias
        paths = self.viterbi(em, lens)
        marg = self.marginals(em, lens) if with_scores else None
        res = []
        for b, path in enumerate(paths):
            scores = [float(marg[t, b, k]) for t, k in enumerate(path)] if marg is not None else [1.0] * len(path)
            res.append(([self.tags[k] for k in path], scores))
        return res
