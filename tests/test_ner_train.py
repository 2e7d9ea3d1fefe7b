"""Tiny training smoke tests (a few hundred sentences): the training path runs, writes a
loadable model and is deterministic given the seed. Needs ../shared/data (skips otherwise)."""

from __future__ import annotations

import shutil

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
    settings = {"max_sentences": 60, "max_news_docs": 150, "text_corpora": [], "vector_dim": 16, "ensemble": 1,
                "span_memory": False, "nn": {"epochs": 1, "hidden": 8, "char_filters": 8, "char_dim": 8, "delta": True}}
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        meta = train_model(shared_data, d, seed=3, settings=settings, log=lambda m: None, evaluate_after=False)
    assert meta["kind"] == "bilstm-crf"
    za, zb = np.load(a / "bilstm.npz"), np.load(b / "bilstm.npz")
    assert za.files == zb.files and all(np.array_equal(za[k], zb[k]) for k in za.files)
    m = NerModel(a)
    out = m.tag_many([["قال", "محمد"], [], ["x"] * 450], with_scores=True)
    assert [len(t) for t, _ in out] == [2, 0, 450]


def test_bilstm_aux_heads_smoke(shared_data, tmp_path):
    """Multi-task training: auxiliary corpora get their own heads, the shipped weights keep the
    main head's shapes only, and the run is deterministic."""
    pytest.importorskip("torch")
    settings = {"max_sentences": 40, "max_news_docs": 50, "text_corpora": [], "vector_dim": 8, "ensemble": 1,
                "span_memory": False, "aux_corpora": ["aqmar"],
                "nn": {"epochs": 1, "hidden": 8, "char_filters": 8, "char_dim": 8, "aux_ratio": 0.5}}
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        train_model(shared_data, d, seed=2, settings=settings, log=lambda m: None, evaluate_after=False)
    za, zb = np.load(a / "bilstm.npz"), np.load(b / "bilstm.npz")
    assert all(np.array_equal(za[k], zb[k]) for k in za.files)
    assert za["out_w"].shape == (9, 16) and za["trans"].shape == (9, 9)
    assert not any(k.startswith("heads") or k.startswith("aux") for k in za.files)


def test_bilstm_span_memory_smoke(shared_data, tmp_path):
    """Name-memory features: the memory ships beside the weights, the network's last inputs
    read it, and the run is deterministic."""
    pytest.importorskip("torch")
    pytest.importorskip("ArWikiCats")
    settings = {"max_sentences": 80, "max_news_docs": 50, "text_corpora": [], "vector_dim": 8, "span_memory": True,
                "ensemble": 1, "span_lists": ["arwikicats"], "aux_corpora": ["aqmar"],
                "nn": {"epochs": 1, "hidden": 8, "char_filters": 8, "char_dim": 8, "aux_ratio": 0.5}}
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        meta = train_model(shared_data, d, seed=2, settings=settings, log=lambda m: None, evaluate_after=False)
    assert meta["span_groups"] == 3  # main corpus, auxiliary corpora, arwikicats lists
    assert (a / "spans.tsv.gz").read_bytes() == (b / "spans.tsv.gz").read_bytes()
    za, zb = np.load(a / "bilstm.npz"), np.load(b / "bilstm.npz")
    assert all(np.array_equal(za[k], zb[k]) for k in za.files)
    m = NerModel(a)
    assert m.net.spans is not None and m.net.wih_span.shape == (m.net.spans.dim, 8 * 8)
    out = m.tag_many([["قال", "محمد"], [], ["x"] * 450], with_scores=True)
    assert [len(t) for t, _ in out] == [2, 0, 450]


def test_bilstm_ensemble_smoke(shared_data, tmp_path):
    """An ensemble: members trained in parallel processes give the same file as one at a time;
    the loaded model averages them (its CRF scores are the members' mean)."""
    pytest.importorskip("torch")
    settings = {"max_sentences": 40, "max_news_docs": 50, "text_corpora": [], "vector_dim": 8, "ensemble": 2,
                "span_memory": False, "aux_corpora": [], "nn": {"epochs": 1, "hidden": 8, "char_filters": 8, "char_dim": 8}}
    a, b = tmp_path / "a", tmp_path / "b"
    train_model(shared_data, a, seed=2, settings=settings | {"workers": 2}, log=lambda m: None, evaluate_after=False)
    train_model(shared_data, b, seed=2, settings=settings | {"workers": 1}, log=lambda m: None, evaluate_after=False)
    za, zb = np.load(a / "bilstm.npz"), np.load(b / "bilstm.npz")
    assert sorted(za.files) == sorted(zb.files) and all(np.array_equal(za[k], zb[k]) for k in za.files)
    assert "m1/out_w" in za.files and "m1/emb_q" not in za.files and "m2/out_w" not in za.files
    assert not np.array_equal(za["out_w"], za["m1/out_w"])
    net = NerModel(a).net
    assert len(net.members) == 1
    assert np.allclose(net.trans, (za["trans"] + za["m1/trans"]) / 2)
    # each member on its own, as a one-network model directory
    singles = []
    for k, keep in enumerate((lambda n: "/" not in n, lambda n: n.startswith("m1/") or n.startswith("emb_"))):
        d = tmp_path / f"single{k}"
        shutil.copytree(a, d)
        np.savez(d / "bilstm.npz", **{n.split("/", 1)[-1]: za[n] for n in za.files if keep(n)})
        singles.append(NerModel(d).net)
    assert not singles[0].members and not singles[1].members
    words = [["قال", "محمد", "في", "بغداد"], ["أمس"]]
    for got, e0, e1 in zip(net.emissions(words), singles[0].emissions(words), singles[1].emissions(words)):
        assert np.allclose(got, (e0 + e1) / 2, atol=1e-5)


@pytest.mark.parametrize("bad", [{"no_such_setting": 1}, {"nn": {"hiden": 64}}])
def test_train_rejects_unknown_settings(shared_data, tmp_path, bad):
    with pytest.raises(RasdError, match="unknown NER training settings"):
        train_model(shared_data, tmp_path / "out", settings=bad, log=lambda m: None)


def test_cli_train_rejects_bad_settings_json(tmp_path, capsys):
    from rasd.cli import main

    assert main(["train", "ner", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--settings", "{x"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["train", "ner", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--settings", "[1]"]) == 2


def test_o_bias_trades_precision_for_recall():
    """A positive O bias can only add entity tags on a sentence; a large negative one removes them all."""
    from rasd.ner.model import load_model

    words = "وقال وزير الخارجية العراقي فؤاد حسين في بغداد إن وفدا من الاتحاد الأوروبي سيزور أربيل".split()
    m = NerModel(load_model().dir)
    base = m.tag(words)[0]
    m.net.o_bias = 3.0
    more = m.tag(words)[0]
    m.net.o_bias = -50.0
    none = m.tag(words)[0]
    assert sum(t != "O" for t in more) >= sum(t != "O" for t in base) > 0
    assert all(t == "O" for t in none)


def test_train_rejects_wrong_data_folder(tmp_path):
    with pytest.raises(RasdError):
        train_model(tmp_path, tmp_path / "out", log=lambda m: None)
