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


def _wojood(tmp_path, text, name="val.txt"):
    d = tmp_path / "ner" / "wojood-sample"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_read_wojood_keeps_outermost_names_and_drops_unscored_types(tmp_path):
    from rasd.ner.data import read_wojood

    root = _wojood(tmp_path, "\n".join([
        "قال O", "وزير B-OCC", "خارجية I-OCC", "العراق I-OCC B-GPE", "إن O",  # title unscored: العراق a LOC
        "جامعة B-ORG", "بيرزيت I-ORG B-GPE",                                # one ORG, the GPE inside it dropped
        "$#$ O", "", "استقبل O", "محمد B-PERS", "علي I-PERS", "الوفد O", "الأردني B-NORP", "أمس B-DATE", "",
    ]))
    sents = read_wojood(root)
    assert [[t for _, t in s] for s in sents] == [
        ["O", "O", "O", "B-LOC", "O", "B-ORG", "I-ORG"],
        ["O", "B-PER", "I-PER", "O", "O", "O"],
    ]


def test_read_wojood_follows_anercorp_conventions(tmp_path):
    from rasd.ner.data import read_wojood

    root = _wojood(tmp_path, "\n".join([
        "في O", "مدينة B-GPE", "القدس I-GPE", "و O", "بلدية B-ORG", "نابلس I-ORG B-GPE", "نشرت O",
        "جريدة B-ORG", "فلسطين I-ORG B-GPE", "أن O", "روسيا B-ORG", "حرصت O", "مدينة O", "",
        "زار O", "روسيا B-GPE", "",
    ]))
    s = read_wojood(root)[0]
    got = [(w, t) for w, t in s if t != "O"]
    # the descriptor stays outside the name; بلدية X is the place X; a country acting is still a place
    assert got == [("القدس", "B-LOC"), ("نابلس", "B-LOC"), ("فلسطين", "B-ORG"), ("روسيا", "B-LOC")]


def test_read_wojood_without_files_raises(tmp_path):
    from rasd.ner.data import read_wojood

    with pytest.raises(FileNotFoundError):
        read_wojood(tmp_path)
