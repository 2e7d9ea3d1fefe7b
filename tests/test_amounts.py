"""The amounts stage: the expression table, the stage on a Document, offsets, bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.arabic.normalize import fold
from rasd.document import Document
from rasd.eval.amounts_times import check_row, read_table
from rasd.extract.amounts import amounts_stage, find_amounts
from rasd.pipeline import Context

TABLE = Path(__file__).parent / "data" / "amounts_times_table.tsv"
ROWS = [r for r in read_table(TABLE) if r.kind in ("amount", "no_amount")]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}:{r.text}" for r in ROWS])
def test_table_amount(row):
    ok, got = check_row(row)
    assert ok, f"{row.text!r}: expected {row.expect} on {row.span!r}, got {got}"


def test_stage_fills_amounts_with_original_offsets():
    text = "أعلنت الوزارة أمسِ تخصيص بـ٧٥٠ ألف دولار أمريكي، وقُتل ثلاثة أشخاص، وارتفع التضخم ٥٪."
    doc = Document(text=text, language="ar")
    amounts_stage(doc, Context())
    got = [(doc.surface(a), a.kind, a.value, a.unit) for a in doc.amounts]
    assert got == [
        ("٧٥٠ ألف دولار أمريكي", "money", 750000, "USD"),
        ("ثلاثة", "count", 3, "أشخاص"),
        ("٥٪", "percent", 5, "%"),
    ]
    money = doc.amounts[0]
    assert text[money.unit_start : money.unit_end] == "دولار أمريكي"


def test_stage_skips_other_languages():
    doc = Document(text="The ministry paid 750,000 dollars.", language="en")
    amounts_stage(doc, Context())
    assert doc.amounts == []


def test_diacritics_and_tatweel_do_not_break_offsets():
    text = "دفعَ خمسـةَ آلافِ دينارٍ"
    (a,) = find_amounts(text)
    assert text[a.start : a.end] == "خمسـةَ آلافِ دينارٍ"
    assert (a.kind, a.value, a.unit) == ("money", 5000, "IQD")


def test_currency_named_once_carries_to_bare_mentions():
    got = find_amounts("بلغت الكلفة 5 آلاف دينار تونسي، ثم 3 آلاف دينار.")
    assert [a.unit for a in got] == ["TND", "TND"]


def test_change_is_not_a_range():
    got = find_amounts("ارتفع عدد القتلى من 5 إلى 10 أشخاص")
    assert [(a.value, a.qualifier) for a in got] == [(5, "exact"), (10, "exact")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("٠١٢٣٤٥٦٧٨٩0123456789 ,.٬٫%$ألفمليونداريوروخمسةثلاثعشرنبمئةو\n")), max_size=80))
def test_spans_are_inside_the_text(text):
    for a in find_amounts(text):
        assert 0 <= a.start < a.end <= len(text)
        assert fold(text[a.start : a.end]).strip() == fold(text[a.start : a.end]).strip()
        if a.unit_start is not None:
            assert 0 <= a.unit_start < a.unit_end <= len(text)


@pytest.mark.parametrize("text", [" ".join(["ألف"] * 500), "٩" * 100_000, "دولار " * 1000, "", "   "])
def test_bad_input_never_crashes(text):
    for a in find_amounts(text):
        assert a.value is None or a.value <= 1e15


def test_megabyte_of_digits_is_bounded():
    t0 = time.perf_counter()
    find_amounts("7" * 1_000_000)
    assert time.perf_counter() - t0 < 5
