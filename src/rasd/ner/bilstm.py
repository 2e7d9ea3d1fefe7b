"""Numpy inference for the BiLSTM-CRF tagger (trained with PyTorch by :mod:`rasd.ner.nn_train`).

Per token the network sees: a pretrained word vector for the folded word and one for its
clitic-stripped stem (PPMI-SVD vectors learned from news text, frozen, stored int8 with a
per-row scale), a character CNN over the folded word, gazetteer bits and a coarse shape.
A one-layer bidirectional LSTM gives emission scores; a linear-chain CRF (transition, start
and end scores) decodes with Viterbi and gives per-token marginals by forward-backward.

Everything here is numpy; the char-CNN output and input vector of each word type are cached.
"""

from __future__ import annotations

import numpy as np

from .text import norm, shape, strip_proclitics

__all__ = ["BiLstmCrf", "GAZ_TAGS", "SHAPES", "token_extras"]

GAZ_TAGS = ("gPF", "gPN", "gPL", "gCT", "gCTm", "gCI", "gCIm")
SHAPES = ("A", "L", "U", "D", "P")
_CACHE_MAX = 200_000


def token_extras(word: str, n: str, st: str, gazetteer: dict) -> list[float]:
    """Gazetteer bits, shape one-hot and a length feature (shared with training)."""
    g = set(gazetteer.get(n, ())) | set(gazetteer.get(st, ()))
    sh = shape(word)[:1]
    return [1.0 if t in g else 0.0 for t in GAZ_TAGS] + [1.0 if sh == x else 0.0 for x in SHAPES] + [
        min(len(n), 10) / 10]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


class BiLstmCrf:
    def __init__(self, weights: dict[str, np.ndarray], words: list[str], chars: str, tags: list[str],
                 gazetteer: dict[str, tuple[str, ...]]) -> None:
        w = weights
        self.tags = tags
        self.word_index = {x: i + 2 for i, x in enumerate(words)}  # 0 pad, 1 unknown
        self.char_index = {c: i + 2 for i, c in enumerate(chars)}
        emb = w["emb_q"].astype(np.float32) * w["emb_scale"][:, None]
        self.emb = np.vstack([np.zeros((2, emb.shape[1]), np.float32), emb])
        self.cemb = w["cemb"]                        # (C, 32)
        k = w["conv_w"]                              # torch Conv1d: (out, in, width)
        self.conv_w = k.transpose(2, 1, 0).reshape(-1, k.shape[0])  # (width*in, out)
        self.conv_b = w["conv_b"]
        self.width = k.shape[2]
        self.lstm = [(w[f"{d}_wih"].T.copy(), w[f"{d}_whh"].T.copy(), w[f"{d}_b"]) for d in ("fw", "bw")]
        self.out_w, self.out_b = w["out_w"].T.copy(), w["out_b"]
        self.trans, self.start, self.end = w["trans"], w["start"], w["end"]
        self.H = self.lstm[0][1].shape[0]
        self.gazetteer = gazetteer
        self._cache: dict[str, np.ndarray] = {}

    # -- inputs ----------------------------------------------------------------------------
    def _char_repr(self, n: str) -> np.ndarray:
        ids = [self.char_index.get(c, 1) for c in n[:20]] or [1]
        x = self.cemb[ids]                               # (n, 32)
        pad = self.width // 2
        xp = np.vstack([np.zeros((pad, x.shape[1]), np.float32), x, np.zeros((pad, x.shape[1]), np.float32)])
        win = np.hstack([xp[i:i + len(ids)] for i in range(self.width)])  # (n, width*32)
        h = win @ self.conv_w + self.conv_b
        return np.maximum(h, 0).max(0)

    def _input(self, word: str) -> np.ndarray:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        n = norm(word)
        st = strip_proclitics(n)
        v = np.concatenate([
            self.emb[self.word_index.get(n, 1)],
            self.emb[self.word_index.get(st, 1)],
            self._char_repr(n),
            np.asarray(token_extras(word, n, st, self.gazetteer), np.float32),
        ]).astype(np.float32)
        # input-to-hidden products are per word type too: cache them
        res = np.concatenate([v @ self.lstm[0][0] + self.lstm[0][2], v @ self.lstm[1][0] + self.lstm[1][2]])
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[word] = res
        return res

    # -- network ---------------------------------------------------------------------------
    def emissions(self, batch: list[list[str]]) -> list[np.ndarray]:
        """Emission scores (len x tags) for each sequence; sequences are run as one batch."""
        B = len(batch)
        L = max(len(s) for s in batch)
        G = 4 * self.H
        X = np.zeros((B, L, 2 * G), np.float32)
        lens = np.array([len(s) for s in batch])
        for b, s in enumerate(batch):
            X[b, :len(s)] = np.stack([self._input(x) for x in s])
        out = np.zeros((B, L, 2 * self.H), np.float32)
        for d, (_, whh, _) in enumerate(self.lstm):
            h = np.zeros((B, self.H), np.float32)
            c = np.zeros((B, self.H), np.float32)
            steps = range(L) if d == 0 else range(L - 1, -1, -1)
            for t in steps:
                active = (t < lens)[:, None]
                if d == 1 and not active.any():
                    continue
                g = X[:, t, d * G:(d + 1) * G] + h @ whh
                i = _sigmoid(g[:, :self.H])
                f = _sigmoid(g[:, self.H:2 * self.H])
                gg = np.tanh(g[:, 2 * self.H:3 * self.H])
                o = _sigmoid(g[:, 3 * self.H:])
                c_new = f * c + i * gg
                h_new = o * np.tanh(c_new)
                # padded positions keep a zero state (the backward pass starts at each end)
                c = np.where(active, c_new, c if d == 0 else 0.0)
                h = np.where(active, h_new, h if d == 0 else 0.0)
                out[:, t, d * self.H:(d + 1) * self.H] = h
        em = out @ self.out_w + self.out_b
        return [em[b, :lens[b]] for b in range(B)]

    # -- CRF ---------------------------------------------------------------------------------
    def viterbi(self, em: np.ndarray) -> list[int]:
        score = self.start + em[0]
        back = []
        for t in range(1, len(em)):
            s = score[:, None] + self.trans
            back.append(s.argmax(0))
            score = s.max(0) + em[t]
        score = score + self.end
        best = [int(score.argmax())]
        for bp in reversed(back):
            best.append(int(bp[best[-1]]))
        return best[::-1]

    def marginals(self, em: np.ndarray) -> np.ndarray:
        L, K = em.shape
        alpha = np.zeros((L, K))
        beta = np.zeros((L, K))
        alpha[0] = self.start + em[0]
        for t in range(1, L):
            alpha[t] = _logsumexp(alpha[t - 1][:, None] + self.trans, 0) + em[t]
        beta[-1] = self.end
        for t in range(L - 2, -1, -1):
            beta[t] = _logsumexp(self.trans + (em[t + 1] + beta[t + 1])[None, :], 1)
        z = _logsumexp(alpha[-1] + self.end, 0)
        return np.exp(alpha + beta - z)

    def tag_batch(self, batch: list[list[str]], with_scores: bool = False) -> list[tuple[list[str], list[float]]]:
        res = []
        for em in self.emissions(batch):
            path = self.viterbi(em)
            if with_scores:
                m = self.marginals(em)
                scores = [float(m[t, k]) for t, k in enumerate(path)]
            else:
                scores = [1.0] * len(path)
            res.append(([self.tags[k] for k in path], scores))
        return res
