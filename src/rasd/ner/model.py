"""The shipped NER model: files, loading (once per process) and tagging.

A model directory holds:

* ``ner.crfsuite`` — the CRF (python-crfsuite / CRFsuite binary format)
* ``lexicon.tsv.gz`` — ``word<TAB>cluster ids<TAB>gazetteer tags`` per folded word
* ``meta.json`` — feature config, cluster granularities, training settings, scores

Inference needs only python-crfsuite (no PyTorch, no network).
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import RasdError
from .features import Featurizer

__all__ = ["NerModel", "load_model", "default_model_dir", "save_lexicon", "read_lexicon", "MAX_SEQ"]

MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "lexicon.tsv.gz"
META_FILE = "meta.json"
MAX_SEQ = 200  # longer token sequences are tagged in overlapping chunks


def default_model_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / "ner"


def save_lexicon(path: Path, clusters: dict[str, tuple[int, ...]] | None,
                 gazetteer: dict[str, tuple[str, ...]] | None) -> None:
    clusters = clusters or {}
    gazetteer = gazetteer or {}
    words = sorted(set(clusters) | set(gazetteer))
    # mtime=0 keeps the file byte-identical across rebuilds
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        for w in words:
            if "\t" in w or "\n" in w:
                continue
            c = ",".join(str(x) for x in clusters.get(w, ()))
            g = ",".join(gazetteer.get(w, ()))
            gz.write(f"{w}\t{c}\t{g}\n".encode())


def read_lexicon(path: Path, ks: list[int]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Cluster feature strings and gazetteer tags per folded word."""
    clusters: dict[str, tuple[str, ...]] = {}
    gazetteer: dict[str, tuple[str, ...]] = {}
    names = [f"c{k}=" for k in ks]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, c, g = line.rstrip("\n").split("\t")
            if c:
                clusters[w] = tuple(n + x for n, x in zip(names, c.split(",")))
            if g:
                gazetteer[w] = tuple(g.split(","))
    return clusters, gazetteer


class NerModel:
    """A loaded model: ``tag(words) -> (tags, marginal scores)``. Thread-safe (one lock)."""

    def __init__(self, model_dir: str | Path) -> None:
        import pycrfsuite

        d = Path(model_dir)
        if not (d / MODEL_FILE).is_file():
            raise RasdError(f"no NER model in {d} (expected {MODEL_FILE}); run `rasd train ner`")
        self.dir = d
        self.meta = json.loads((d / META_FILE).read_text(encoding="utf-8")) if (d / META_FILE).is_file() else {}
        clusters = gazetteer = None
        if (d / LEXICON_FILE).is_file():
            clusters, gazetteer = read_lexicon(d / LEXICON_FILE, self.meta.get("cluster_ks", []))
        self.featurizer = Featurizer(self.meta.get("features"), clusters or None, gazetteer or None)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(d / MODEL_FILE))
        self._lock = threading.Lock()

    def _tag_chunk(self, words: list[str], with_scores: bool) -> tuple[list[str], list[float]]:
        feats = self.featurizer.sentence(words)
        with self._lock:
            tags = self._tagger.tag(feats)
            if with_scores:
                scores = [self._tagger.marginal(t, i) for i, t in enumerate(tags)]
            else:
                scores = [1.0] * len(tags)
        return tags, scores

    def tag(self, words: list[str], with_scores: bool = False) -> tuple[list[str], list[float]]:
        """Tag one token sequence. Sequences longer than ``MAX_SEQ`` are cut into chunks with
        a 20-token overlap on each side (bounded memory, linear time)."""
        if not words:
            return [], []
        if len(words) <= MAX_SEQ:
            return self._tag_chunk(words, with_scores)
        ov = 20
        step = MAX_SEQ - 2 * ov
        tags: list[str] = []
        scores: list[float] = []
        for s in range(0, len(words), step):
            a = max(0, s - ov)
            b = min(len(words), s + step + ov)
            t, sc = self._tag_chunk(words[a:b], with_scores)
            keep = slice(s - a, s - a + min(step, len(words) - s))
            tags.extend(t[keep])
            scores.extend(sc[keep])
            if b == len(words):
                break
        # a chunk seam can leave I-X after O; make it a B-X
        for i, t in enumerate(tags):
            if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:]):
                tags[i] = "B-" + t[2:]
        return tags, scores


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(path: str) -> NerModel:
    return NerModel(path)


def load_model(model_dir: str | Path | None = None) -> NerModel:
    """The model in ``model_dir`` (default: the shipped one), loaded once per process."""
    path = str(Path(model_dir) if model_dir else default_model_dir())
    with _LOAD_LOCK:
        return _load(path)
