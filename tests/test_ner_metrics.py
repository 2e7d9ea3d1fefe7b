"""CoNLL-style entity scoring and the benchmark readers' tag mapping."""

from __future__ import annotations

import pytest

from rasd.ner.data import read_conll, to_iob2
from rasd.ner.metrics import chunks, score


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["O", "B-PER", "I-PER", "O"], [(1, 3, "PER")]),
        (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["I-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # conlleval: I after O opens a chunk
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "O"], []),
        ([], []),
        (["B-MISC", "I-MISC"], [(0, 2, "MISC")]),
    ],
)
def test_chunks(tags, expected):
    assert chunks(tags) == expected


def test_score_exact_span_and_type():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-LOC", "O"]]
    s = score(gold, pred)
    p, r, f = s.micro()
    assert (sum(s.tp.values()), sum(s.fp.values()), sum(s.fn.values())) == (1, 2, 2)
    assert p == pytest.approx(100 / 3) and r == pytest.approx(100 / 3) and f == pytest.approx(100 / 3)
    assert s.to_dict()["per_type"]["LOC"]["f1"] == pytest.approx(66.67)
    assert "micro" in s.table()


def test_score_rejects_length_mismatch():
    with pytest.raises(ValueError):
        score([["O", "O"]], [["O"]])


def test_to_iob2_repairs_sequences():
    assert to_iob2(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]


def test_read_conll_maps_tag_sets(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("غيث B-PERS\nالطراونة I-PERS\nفي O\n\nلينكس B-MIS\nجنو I-MIS\no o\n", encoding="utf-8")
    sents = read_conll(f)
    assert sents == [
        [("غيث", "B-PER"), ("الطراونة", "I-PER"), ("في", "O")],
        [("لينكس", "B-MISC"), ("جنو", "I-MISC"), ("o", "O")],
    ]
