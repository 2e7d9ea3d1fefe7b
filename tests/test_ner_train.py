"""Tiny training smoke tests (a few hundred sentences): the training path runs, writes a
loadable model and is deterministic given the seed. Needs ../shared/data (skips otherwise)."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.errors import RasdError
from rasd.ner.model import NerModel
from rasd.ner.train import train_model

CRF_SMOKE = {"kind": "crf", "max_sentences": 200, "max_iterations": 15, "features": {"clusters": False}}


def test_crf_smoke_is_deterministic(shared_data, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    meta = train_model(shared_data, a, seed=1, settings=CRF_SMOKE, log=lambda m: None, evaluate_after=False)
    train_model(shared_data, b, seed=1, settings=CRF_SMOKE, log=lambda m: None, evaluate_after=False)
    assert meta["train_sentences"] == 200 and meta["kind"] == "crf"
    assert (a / "ner.crfsuite").read_bytes() == (b / "ner.crfsuite").read_bytes()
    assert (a / "lexicon.tsv.gz").read_bytes() == (b / "lexicon.tsv.gz").read_bytes()
    tags, scores = NerModel(a).tag("قال الرئيس الأمريكي في واشنطن".split(), with_scores=True)
    assert len(tags) == len(scores) == 5 and all(0 <= s <= 1 for s in scores)


def test_bilstm_smoke_is_deterministic(shared_data, tmp_path):
    pytest.importorskip("torch")
    settings = {"max_sentences": 60, "max_news_docs": 150, "text_corpora": [], "vector_dim": 16,
                "nn": {"epochs": 1, "hidden": 8, "char_filters": 8, "char_dim": 8, "delta": True}}
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        meta = train_model(shared_data, d, seed=3, settings=settings, log=lambda m: None, evaluate_after=False)
    assert meta["kind"] == "bilstm-crf"
    za, zb = np.load(a / "bilstm.npz"), np.load(b / "bilstm.npz")
    assert za.files == zb.files and all(np.array_equal(za[k], zb[k]) for k in za.files)
    m = NerModel(a)
    out = m.tag_many([["قال", "محمد"], [], ["x"] * 450], with_scores=True)
    assert [len(t) for t, _ in out] == [2, 0, 450]


def test_train_rejects_wrong_data_folder(tmp_path):
    with pytest.raises(RasdError):
        train_model(tmp_path, tmp_path / "out", log=lambda m: None)
