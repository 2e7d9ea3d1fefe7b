from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.arabic.normalize import fold
from rasd.arabic.sentences import MAX_SENTENCE_CHARS, split_sentences
from rasd.arabic.tokenize import split_clitics, tokenize


@pytest.mark.parametrize(
    "word,base",
    [
        ("لداعش", "داعش"),
        ("والعراق", "العراق"),
        ("بالعراق", "العراق"),
        ("وبغداد", "بغداد"),
        ("للقوات", "قوات"),
        ("للبنان", "لبنان"),
        ("وزير", "وزير"),
        ("وزارة", "وزارة"),
        ("فرنسا", "فرنسا"),
        ("وفرنسا", "فرنسا"),
        ("الله", "الله"),
        ("ولد", "ولد"),
        ("لكركوك", "كركوك"),
        ("كما", "كما"),
    ],
)
def test_split_clitics(word: str, base: str) -> None:
    pre, b = split_clitics(word)
    assert b == base and pre + b == word


def test_proclitic_base_makes_ldaesh_match_daesh() -> None:
    text = "وجهت الضربة لداعش في الموصل"
    toks = tokenize(text)
    bases = [fold(text[t.base_start : t.end]) for t in toks]
    assert "داعش" in bases


def test_token_kinds_and_offsets() -> None:
    text = "قال 750 ألف, Hello ١٢٫٥!"
    toks = tokenize(text)
    assert [(text[t.start : t.end], t.kind) for t in toks] == [
        ("قال", "word"),
        ("750", "number"),
        ("ألف", "word"),
        (",", "punct"),
        ("Hello", "latin"),
        ("١٢٫٥", "number"),
        ("!", "punct"),
    ]


def test_diacritics_stay_inside_word_tokens() -> None:
    text = "مُحَمَّدٌ قالَ"
    assert [text[t.start : t.end] for t in tokenize(text)] == ["مُحَمَّدٌ", "قالَ"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_tokens_are_ordered_nonoverlapping_and_nonblank(text: str) -> None:
    prev = 0
    for t in tokenize(text):
        assert prev <= t.start < t.end <= len(text)
        assert t.start <= t.base_start < t.end
        assert text[t.start : t.end].strip()
        prev = t.end


@pytest.mark.parametrize(
    "text,expected",
    [
        ("قال الوزير. وأضاف أن الأمر انتهى.", ["قال الوزير.", "وأضاف أن الأمر انتهى."]),
        ("هل انتهى؟ نعم!", ["هل انتهى؟", "نعم!"]),
        ("بلغت النسبة 1.5 بالمئة. ثم ارتفعت", ["بلغت النسبة 1.5 بالمئة.", "ثم ارتفعت"]),
        ("قال د. علي إن الأمر انتهى.", ["قال د. علي إن الأمر انتهى."]),
        ("سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
        ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
        ("He said so. Then left", ["He said so.", "Then left"]),
        ("  \n\n  ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected


def test_long_sentence_without_punctuation_is_cut() -> None:
    text = " ".join(["كلمة"] * 10_000)
    sents = split_sentences(text)
    assert len(sents) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sents)
    assert sents[0].start == 0 and sents[-1].end == len(text)


@pytest.mark.parametrize("word,pre", [("فؤاد", ""), ("وفؤاد", "و"), ("لفؤاد", "ل"), ("فئة", "")])
def test_no_split_before_a_letter_that_cannot_begin_a_word(word, pre):
    # folding writes ؤ as و, so ف + ؤاد looked like ف + واد ('valley'); no word begins with ؤ ئ ة ى
    assert split_clitics(word)[0] == pre
