"""The shipped NER model: files, loading (once per process) and tagging.

A model directory holds:

* ``meta.json`` — kind (``bilstm-crf`` or ``crf``), tags, settings, scores
* ``lexicon.tsv.gz`` — ``word<TAB>cluster ids<TAB>gazetteer tags`` per folded word
* ``bilstm-crf``: ``bilstm.npz`` (numpy weights, word vectors int8) + ``vocab.txt.gz``
  (the words of the vector rows, one per line); with ``meta.json`` ``span_groups``, also
  ``spans.tsv.gz`` (the name memory, :mod:`rasd.ner.spans`)
* ``crf``: ``ner.crfsuite`` (python-crfsuite / CRFsuite binary format)

Inference needs only numpy or python-crfsuite (no PyTorch, no network).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import RasdError
from .features import Featurizer

__all__ = ["NerModel", "load_model", "default_model_dir", "save_lexicon", "read_lexicon", "MAX_SEQ",
           "MODEL_FILE", "LEXICON_FILE", "META_FILE", "NN_FILE", "VOCAB_FILE", "SPANS_FILE"]

MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "lexicon.tsv.gz"
META_FILE = "meta.json"
NN_FILE = "bilstm.npz"
VOCAB_FILE = "vocab.txt.gz"
SPANS_FILE = "spans.tsv.gz"
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
    """A loaded model (``meta.json`` ``kind``: ``crf`` or ``bilstm-crf``).

    ``tag(words)`` / ``tag_many(sequences)`` return IOB2 tags and per-token scores (marginal
    probabilities of the chosen tags when ``with_scores``). Thread-safe (one lock)."""

    def __init__(self, model_dir: str | Path) -> None:
        d = Path(model_dir)
        if not (d / META_FILE).is_file():
            raise RasdError(f"no NER model in {d} (expected {META_FILE}); run `rasd train ner`")
        self.dir = d
        self.meta = json.loads((d / META_FILE).read_text(encoding="utf-8"))
        self.kind = self.meta.get("kind", "crf")
        clusters = gazetteer = None
        if (d / LEXICON_FILE).is_file():
            clusters, gazetteer = read_lexicon(d / LEXICON_FILE, self.meta.get("cluster_ks", []))
        self._lock = threading.Lock()
        if self.kind == "crf":
            import pycrfsuite

            self.featurizer = Featurizer(self.meta.get("features"), clusters or None, gazetteer or None)
            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(str(d / MODEL_FILE))
        elif self.kind == "bilstm-crf":
            import numpy as np

            from .bilstm import BiLstmCrf

            with np.load(d / NN_FILE) as z:
                weights = {k: z[k] for k in z.files}
            with gzip.open(d / VOCAB_FILE, "rt", encoding="utf-8") as fh:
                words = fh.read().split("\n")
            spans = None
            if self.meta.get("span_groups"):
                from .spans import SpanMemory

                spans = SpanMemory.load(d / SPANS_FILE, int(self.meta["span_groups"]))
            self.net = BiLstmCrf(weights, words, self.meta["chars"], self.meta["tags"], gazetteer or {}, spans=spans)
            self.net.o_bias = float(self.meta.get("decode", {}).get("o_bias", 0.0))
            self._blas = _blas_controller()
        else:
            raise RasdError(f"unknown NER model kind {self.kind!r} in {d / META_FILE}")

    def clear_cache(self) -> None:
        if self.kind == "crf":
            self.featurizer._cache.clear()
        else:
            self.net.clear_cache()

    def _tag_chunks(self, seqs: list[list[str]], with_scores: bool) -> list[tuple[list[str], list[float]]]:
        with self._lock:
            if self.kind == "bilstm-crf":
                order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
                res: dict[int, tuple[list[str], list[float]]] = {}
                # small matrices: BLAS threads only add overhead (and spin on a busy machine)
                with self._blas.limit(limits=1, user_api="blas") if self._blas else contextlib.nullcontext():
                    for k in range(0, len(order), 64):
                        idx = order[k:k + 64]
                        for i, r in zip(idx, self.net.tag_batch([seqs[i] for i in idx], with_scores)):
                            res[i] = r
                return [res[i] for i in range(len(seqs))]
            out = []
            for words in seqs:
                tags = self._tagger.tag(self.featurizer.sentence(words))
                if with_scores:
                    scores = [self._tagger.marginal(t, i) for i, t in enumerate(tags)]
                else:
                    scores = [1.0] * len(tags)
                out.append((tags, scores))
            return out

    def tag_many(self, seqs: list[list[str]], with_scores: bool = False) -> list[tuple[list[str], list[float]]]:
        """Tag several token sequences (e.g. the sentences of one document). Sequences longer
        than ``MAX_SEQ`` are cut into chunks with a 20-token overlap on each side (bounded
        memory, linear time) and stitched back."""
        pieces: list[list[str]] = []
        plan: list[list[tuple[int, int, int]]] = []  # per seq: (piece index, keep from, keep to)
        ov, step = 20, MAX_SEQ - 40
        for words in seqs:
            p: list[tuple[int, int, int]] = []
            if len(words) <= MAX_SEQ:
                if words:
                    p.append((len(pieces), 0, len(words)))
                    pieces.append(words)
            else:
                for s in range(0, len(words), step):
                    a, b = max(0, s - ov), min(len(words), s + step + ov)
                    p.append((len(pieces), s - a, s - a + min(step, len(words) - s)))
                    pieces.append(words[a:b])
                    if b == len(words):
                        break
            plan.append(p)
        tagged = self._tag_chunks(pieces, with_scores) if pieces else []
        out = []
        for p in plan:
            tags: list[str] = []
            scores: list[float] = []
            for k, a, b in p:
                tags.extend(tagged[k][0][a:b])
                scores.extend(tagged[k][1][a:b])
            for i, t in enumerate(tags):  # a seam can leave I-X after O: make it B-X
                if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:]):
                    tags[i] = "B-" + t[2:]
            out.append((tags, scores))
        return out

    @property
    def doc_window(self) -> int:
        """Sentences either side whose names :meth:`decode_document` propagates (0: off)."""
        return int(self.meta.get("decode", {}).get("doc_window", 0))

    def decode_document(self, seqs: list[list[str]],
                        tagged: list[tuple[list[str], list[float]]]) -> list[tuple[list[str], list[float]]]:
        """The document steps after :meth:`tag_many` (``meta.json`` ``decode``): names are made
        consistent across nearby sentences (:func:`rasd.ner.consistency.propagate`, within
        ``doc_window`` sentences), then names of the name lists in ``fill_groups`` (rasd's
        knowledge-base actors: البيشمركة, داعش …) that the network missed are tagged
        (:meth:`rasd.ner.spans.SpanMemory.fill`); a filled token's score is the name's share."""
        from .consistency import propagate

        out = propagate(seqs, tagged, self.doc_window)
        groups = [int(g) for g in self.meta.get("decode", {}).get("fill_groups", [])]
        spans = getattr(getattr(self, "net", None), "spans", None)
        if groups and spans is not None:
            for k, (words, (tags, scores)) in enumerate(zip(seqs, out)):
                new, filled = spans.fill(words, tags, groups)
                if filled:
                    scores = list(scores)
                    for a, b, share in filled:
                        scores[a:b] = [share] * (b - a)
                    out[k] = (new, scores)
        return out

    def tag_document(self, seqs: list[list[str]], with_scores: bool = False) -> list[tuple[list[str], list[float]]]:
        """Tag the sentences of one document, in order: :meth:`tag_many`, then
        :meth:`decode_document`."""
        return self.decode_document(seqs, self.tag_many(seqs, with_scores))

    def tag(self, words: list[str], with_scores: bool = False) -> tuple[list[str], list[float]]:
        """Tag one token sequence."""
        return self.tag_many([words], with_scores)[0]


def _blas_controller():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: without it numpy uses its default BLAS threads
        return None
    return ThreadpoolController()


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(path: str) -> NerModel:
    return NerModel(path)


def load_model(model_dir: str | Path | None = None) -> NerModel:
    """The model in ``model_dir`` (default: the shipped one), loaded once per process."""
    path = str(Path(model_dir) if model_dir else default_model_dir())
    with _LOAD_LOCK:
        return _load(path)


@lru_cache(maxsize=4)
def person_name_words(tags: tuple[str, ...] = ("gPN", "gPF")) -> frozenset[str]:
    """Folded words the shipped NER gazetteer tags with any of ``tags`` — by default parts of
    person names (Wikidata name parts, CC0; Arabic given/family names, MIT — see the model card);
    ``("gPF",)`` for given names only. Empty if the file is missing. Noisy on its own (it contains
    في and إن): callers combine it with their own stop words."""
    try:
        _clusters, gazetteer = read_lexicon(default_model_dir() / LEXICON_FILE, [])
    except OSError:
        return frozenset()
    want = set(tags)
    return frozenset(w for w, ts in gazetteer.items() if want.intersection(ts))
