"""Subword-informed word vectors (fastText skip-gram, via gensim) learned from the same unlabelled
text as :mod:`rasd.ner.clusters` (training time only; ``pip install gensim``).

Only the vectors of the vocabulary words are kept and shipped (as the PPMI-SVD vectors are), so
inference needs nothing new. Character n-grams make the vectors of rare words — most names are
rare — share strength with their frequent relatives (the same stem with other clitics).
Deterministic given the seed: one worker thread and a fixed (not per-process salted) hash.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np

from ..errors import RasdError
from .text import norm

__all__ = ["fasttext_vectors"]


def _hash(s: str) -> int:  # gensim seeds each word's vector with hashfxn(word + seed)
    return zlib.crc32(s.encode("utf-8"))


def fasttext_vectors(sentences: Iterable[list[str]], dim: int = 128, min_count: int = 3, seed: int = 0,
                     epochs: int = 5, window: int = 3, log=None) -> tuple[list[str], np.ndarray]:
    """(words, unit-length float32 rows): words with ``count >= min_count`` in the folded text,
    most frequent first (ties by the word), as :func:`rasd.ner.clusters.build_clusters` orders them."""
    try:
        from gensim.models import FastText
    except ImportError:
        raise RasdError("fastText vectors need gensim: pip install gensim") from None
    log = log or (lambda *a: None)
    seqs = [[norm(w) for w in s] for s in sentences]
    counts: Counter[str] = Counter(w for s in seqs for w in s)
    words = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]
    log(f"fasttext: {sum(counts.values())} tokens, vocab {len(words)}")
    model = FastText(vector_size=dim, window=window, min_count=min_count, sg=1, negative=5, min_n=2, max_n=5,
                     bucket=500_000, epochs=epochs, workers=1, seed=seed, hashfxn=_hash, sorted_vocab=1)
    model.build_vocab(corpus_iterable=seqs)
    model.train(corpus_iterable=seqs, total_examples=len(seqs), epochs=epochs)
    X = np.stack([model.wv[w] for w in words]).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    return words, X
