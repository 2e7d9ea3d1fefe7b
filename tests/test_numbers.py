"""Arabic number words: the expression table, a words round trip (hypothesis), false friends
and bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.arabic.normalize import normalize
from rasd.arabic.numbers import find_numbers, number_to_words, parse_number, parse_ordinal
from rasd.eval.amounts_times import check_row, read_table

TABLE = Path(__file__).parent / "data" / "amounts_times_table.tsv"
ROWS = [r for r in read_table(TABLE) if r.kind in ("number", "ordinal")]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}:{r.text}" for r in ROWS])
def test_table_number(row):
    ok, got = check_row(row)
    assert ok, f"{row.text!r}: expected {row.expect}, got {got}"


@settings(max_examples=300, deadline=None)
@given(
    n=st.one_of(st.integers(1, 2_000), st.integers(1, 10**7), st.integers(1, 10**15 - 1)),
    feminine=st.booleans(),
    accusative=st.booleans(),
    hundred=st.sampled_from(["مئة", "مائة"]),
    joined=st.booleans(),
)
def test_words_round_trip(n, feminine, accusative, hundred, joined):
    words = number_to_words(n, feminine=feminine, accusative=accusative, hundred=hundred, joined_hundreds=joined)
    assert parse_number(words) == n, words


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 10**6), scale=st.sampled_from([("ألف", 1e3), ("مليون", 1e6), ("مليار", 1e9)]))
def test_digits_with_scale_word(n, scale):
    word, mult = scale
    assert parse_number(f"{n} {word}") == n * mult
    assert parse_number(f"{n:,} {word}".replace(",", "\u066c")) == n * mult


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**9))
def test_arabic_indic_digits(n):
    indic = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert parse_number(indic) == n


@pytest.mark.parametrize("text", ["ثمن", "أحد", "إحدى", "الأحد", "لست", "", "   ", "abc", "ثلاثة وأربعة"])
def test_not_one_number(text):
    assert parse_number(text) is None


def test_ordinals_are_not_cardinals():
    assert parse_number("الحادي والعشرين") is None
    assert parse_ordinal("الحادي والعشرين") == 21
    assert parse_ordinal("كلمة") is None


def test_absurd_chains_give_nothing_or_a_bounded_value():
    chain = " ".join(["ألف"] * 200)
    assert parse_number(chain) is None
    spans = find_numbers(normalize(chain).text)
    assert all(s.value <= 1e15 for s in spans)


def test_megabyte_of_digits_is_bounded():
    text = "1" * 1_000_000
    t0 = time.perf_counter()
    spans = find_numbers(text)
    assert time.perf_counter() - t0 < 5
    assert spans == []  # an implausible value is dropped, not reported as inf


def test_find_numbers_offsets_exclude_proclitics():
    text = normalize("اشترى المنزل بـ750 ألف دولار وخمسة آلاف").text
    spans = find_numbers(text)
    assert [text[s.start : s.end] for s in spans] == ["750 الف", "خمسه الاف"]
    assert [s.value for s in spans] == [750000, 5000]


@pytest.mark.parametrize("bad", [None, 5, b"\xd8\xa3"])
def test_parse_number_rejects_non_text(bad):
    assert parse_number(bad) is None


def test_number_to_words_range():
    with pytest.raises(ValueError):
        number_to_words(0)
    assert number_to_words(1) == "واحد"
    assert number_to_words(2_000_000) == "مليونان"
