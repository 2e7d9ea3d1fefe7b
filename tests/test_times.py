"""The times stage: the expression table, resolution against the publication date, bad input,
the Hijri calendar, and the quality floors on the Wojood sample and our table."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.cli import main
from rasd.document import Document
from rasd.eval.amounts_times import check_row, evaluate, read_table
from rasd.extract.timeres import gregorian_to_hijri, hijri_to_gregorian, parse_published
from rasd.extract.times import find_times, times_stage
from rasd.pipeline import Context

TABLE = Path(__file__).parent / "data" / "amounts_times_table.tsv"
ROWS = [r for r in read_table(TABLE) if r.kind in ("time", "no_time")]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}:{r.text}" for r in ROWS])
def test_table_time(row):
    ok, got = check_row(row)
    assert ok, f"{row.text!r} (published {row.published}): expected {row.expect} on {row.span!r}, got {got}"


def test_stage_resolves_against_published():
    text = "قال الوزير أمس الثلاثاء إن الاتفاق وُقّع في الحادي والعشرين من أكتوبر/ تشرين الأول الماضي، وسيستمر خمس سنوات."
    doc = Document(text=text, language="ar", published="2021-11-10T09:30:00+03:00")
    times_stage(doc, Context())
    got = [(doc.surface(t), t.type, t.value, t.anchored) for t in doc.times]
    assert got == [
        ("أمس الثلاثاء", "date", "2021-11-09", True),
        ("الحادي والعشرين من أكتوبر/ تشرين الأول الماضي", "date", "2021-10-21", True),
        ("خمس سنوات", "duration", "P5Y", False),
    ]


def test_without_publication_date_relative_stays_unresolved():
    doc = Document(text="وصل أمس ويغادر الأسبوع المقبل، بعد زيارته عام 2014.", language="ar")
    times_stage(doc, Context())
    got = [(doc.surface(t), t.type, t.value, t.anchored) for t in doc.times]
    assert got == [
        ("أمس", "date", None, False),
        ("الأسبوع المقبل", "date", None, False),
        ("عام 2014", "date", "2014", False),
    ]


def test_stage_skips_other_languages():
    doc = Document(text="yesterday, 21/10/2021", language="fr", published="2021-11-10")
    times_stage(doc, Context())
    assert doc.times == []


@pytest.mark.parametrize("published", ["2099-06-15", "0001-01-01", "9999-12-31", "garbage", "", None, "Fri, 20 Jul 2018 23:18:07 +0400"])
def test_odd_publication_dates_never_crash(published):
    for t in find_times("وصل أمس، الأسبوع المقبل، قبل خمسة قرون، بعد ثلاثة آلاف عام، 31 فبراير، عام 0، عام 99999", published):
        assert t.type in ("date", "duration", "set", "time")


def test_rfc2822_publication_date():
    assert parse_published("Fri, 20 Jul 2018 23:18:07 +0400") == date(2018, 7, 20)
    assert parse_published("2018-07-20T23:18:07Z") == date(2018, 7, 20)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(700, 1, 1), max_value=date(2500, 12, 31)))
def test_hijri_round_trip(d):
    h = gregorian_to_hijri(d)
    assert h is not None
    assert hijri_to_gregorian(*h) == d


def test_known_hijri_dates():
    assert hijri_to_gregorian(1442, 9, 1) == date(2021, 4, 13)  # 1 Ramadan 1442
    assert hijri_to_gregorian(1442, 10, 1) == date(2021, 5, 13)  # Eid al-Fitr
    assert hijri_to_gregorian(1442, 13, 1) is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("٠١٢٣٤٥٦٧٨٩0123456789 /-.:()أمساليومغدقبلمنذعامسنةشهرأكتوبرتشرينالأولماضيمقبل\n")), max_size=80),
    st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
)
def test_fuzz_spans_inside_text(text, pub):
    for t in find_times(text, pub):
        assert 0 <= t.start < t.end <= len(text)


def test_megabyte_of_digits_is_bounded():
    t0 = time.perf_counter()
    find_times("1" * 1_000_000, "2022-03-01")
    find_times("1/" * 50_000, "2022-03-01")
    assert time.perf_counter() - t0 < 10


def test_weekday_this_week_iso():
    pub = date(2022, 3, 1)
    (t,) = find_times("هذا الأسبوع", pub)
    assert t.value == "2022-W09"
    for back in range(1, 8):  # "السبت الماضي" is always within the last 7 days
        (t,) = find_times("السبت الماضي", pub + timedelta(days=back))
        d = date.fromisoformat(t.value)
        assert d.weekday() == 5 and 1 <= (pub + timedelta(days=back) - d).days <= 7


def test_quality_floor_on_wojood_val(shared_data):
    report = evaluate(shared_data, splits=("val",), table=False)
    scores = report["wojood_val"]["scores"]
    assert scores["DATE"]["exact"]["f1"] >= 0.85
    assert scores["MONEY"]["exact"]["f1"] >= 0.85


def test_quality_floor_on_table():
    report = evaluate(None, table=TABLE)
    assert report["table"]["rows"] >= 300
    assert report["table"]["value_accuracy"] >= 0.95


def test_cli_eval(capsys, shared_data):
    assert main(["eval", "amounts-times", "--data", str(shared_data), "--table", str(TABLE)]) == 0
    out = capsys.readouterr().out
    assert "DATE" in out and "value accuracy" in out


def test_cli_eval_bad_data_dir(capsys, tmp_path):
    assert main(["eval", "amounts-times", "--data", str(tmp_path), "--no-table"]) == 2
    err = capsys.readouterr().err
    assert "wojood" in err and "Traceback" not in err
