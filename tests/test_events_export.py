"""The flat event export (JSONL, CSV, Parquet) from a real SQLite store, and the event
commands of the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.document import Document
from rasd.errors import RasdError
from rasd.extract.event_export import EVENT_COLUMNS, columns, event_rows, export_events, list_events
from rasd.extract.events import find_events
from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.store import Store

TEXTS = [
    ("قدمت ألمانيا معدات بقيمة 750 ألف يورو إلى الجيش العراقي يوم الاثنين في بغداد.", "https://example.org/a", "wire"),
    ("استقبل رئيس حكومة إقليم كردستان القنصل الأمريكي في أربيل. وقصف الجيش التركي مواقع المسلحين.", "https://example.org/b", "daily"),
    ("الطقس جميل اليوم.", None, None),
]


def _docs() -> list[Document]:
    pipe = Pipeline(["language", "normalize", "sentences", "tokens", "amounts", "times"], settings=load_settings(on_error="raise"))
    out = []
    for text, url, outlet in TEXTS:
        d = pipe(Document(text, language="ar", url=url, outlet=outlet, published="2024-05-01T10:00:00+03:00"))
        d.events = find_events(d)
        d.stages.append("events")
        out.append(d)
    return out


@pytest.fixture
def store_path(db_path: Path) -> Path:
    with Store(db_path) as s:
        for d in _docs():
            s.add(d)
    return db_path


def _n_events() -> int:
    return sum(len(d.events) for d in _docs())


def test_rows_of_one_document():
    doc = _docs()[0]
    rows = list(event_rows(doc))
    assert rows and all(list(r) == columns() for r in rows)
    aid = next(r for r in rows if r["type"] == "AID")
    assert aid["trigger"] == doc.text[aid["trigger_start"] : aid["trigger_end"]]
    assert aid["amount_value"] == 750000 and aid["amount_unit"] == "EUR"
    assert aid["amount_text"] == doc.text[aid["amount_start"] : aid["amount_end"]]
    assert aid["time_value"] and aid["time_from_published"] is False
    assert aid["place"] == "بغداد"
    assert "ألمانيا" in aid["source_names"] and "الجيش العراقي" in aid["target_names"]
    items = json.loads(aid["targets_json"])
    assert doc.text[items[0]["start"] : items[0]["end"]] == items[0]["text"]


def test_jsonl_export_round_trip(store_path: Path, tmp_path: Path):
    out = tmp_path / "events.jsonl"
    with Store(store_path, readonly=True) as s:
        n = export_events(s, "jsonl", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(rows) == _n_events() > 0
    with Store(store_path, readonly=True) as s:
        docs = {d.id: d for d in s.iter_documents()}
    for r in rows:
        text = docs[r["doc_id"]].text
        assert text[r["trigger_start"] : r["trigger_end"]] == r["trigger"]
        assert r["published"].startswith("2024-05-01")
        assert r["sentence_start"] <= r["trigger_start"] < r["trigger_end"] <= r["sentence_end"]


def test_csv_export_has_header_and_rows(store_path: Path, tmp_path: Path):
    out = tmp_path / "events.csv"
    with Store(store_path, readonly=True) as s:
        n = export_events(s, "csv", out, types=["ASSAULT", "consult"])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == columns()
    assert n == len(rows) and {r["type"] for r in rows} <= {"ASSAULT", "CONSULT"} and len(rows) >= 2


def test_parquet_export_schema(store_path: Path, tmp_path: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    with Store(store_path, readonly=True) as s:
        n = export_events(s, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == n == _n_events()
    assert table.schema.names == columns()
    types = {f.name: str(f.type) for f in table.schema}
    assert types["trigger_start"] == "int64" and types["confidence"] == "double" and types["time_from_published"] == "bool"


def test_empty_parquet_still_has_the_schema(db_path: Path, tmp_path: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    with Store(db_path) as s:
        n = export_events(s, "parquet", tmp_path / "e.parquet")
    assert n == 0 and pq.read_table(tmp_path / "e.parquet").schema.names == [c for c, _ in EVENT_COLUMNS]


def test_bad_format_and_directory(store_path: Path, tmp_path: Path):
    with Store(store_path, readonly=True) as s:
        with pytest.raises(RasdError):
            export_events(s, "xlsx", tmp_path / "x")
        with pytest.raises(RasdError):
            export_events(s, "csv", tmp_path / "missing" / "x.csv")


def test_list_events_limit_and_type(store_path: Path):
    with Store(store_path, readonly=True) as s:
        assert len(list_events(s, limit=1)) == 1
        assert all(r["type"] == "AID" for r in list_events(s, ["AID"], 10))


# ---------------------------------------------------------------- CLI


def test_cli_events_and_export(store_path: Path, tmp_path: Path, capsys):
    assert main(["events", "--db", str(store_path), "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "AID" in out and "->" in out
    assert main(["events", "--db", str(store_path), "--type", "consult", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows and all(r["type"] == "CONSULT" for r in rows)
    target = tmp_path / "ev.csv"
    assert main(["export-events", "--format", "csv", "--out", str(target), "--db", str(store_path)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("doc_id,event_idx,url")


@pytest.mark.parametrize(
    "argv",
    [
        ["events", "--type", "FIGHTING"],
        ["export-events", "--format", "csv", "--out", "-", "--type", "nope"],
    ],
)
def test_cli_user_mistakes_exit_2(argv, store_path: Path, capsys):
    assert main(argv + ["--db", str(store_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rasd: error:") and "Traceback" not in err


def test_cli_missing_database_exits_2(tmp_path: Path, capsys):
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 2
    assert main(["eval", "events", "--data", str(tmp_path / "nothing")]) == 2
    assert "Traceback" not in capsys.readouterr().err
