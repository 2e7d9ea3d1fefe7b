"""The SQLite store: migrations, WAL, the one writer, round trips, idempotence, skips, stats,
exports (schemas from rasd.store.schema)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from rasd.document import Amount, Document, Event, EventArg, Mention, Quote, Sentence, TimeExpr
from rasd.errors import NotFound, StoreError
from rasd.store import TABLES, Store
from rasd.store import db as dbmod
from rasd.store.schema import arrow_schema, columns

TEXT = (
    "قال وزير المالية العراقي علي علاوي إن الحكومة ستصرف 5 مليارات دولار.\n"
    "وأضاف في 21 تشرين الأول: «لن نتأخر بعد اليوم»."
)


@dataclass
class FakeSkip:
    source: str
    code: str
    reason: str


def rich_doc(text: str = TEXT, **kw) -> Document:
    d = Document(text=text, title="علاوي: 5 مليارات", url="https://x.example/1", source="a.txt", outlet="X",
                 published="2021-10-21T09:00:00+03:00", language="ar", language_score=0.99, **kw)
    who = text.index("علي علاوي")
    d.sentences = [Sentence(0, text.index("\n")), Sentence(text.index("\n") + 1, len(text))]
    d.mentions = [Mention(who, who + 9, "PER", 0.9), Mention(text.index("العراقي"), text.index("العراقي") + 7, "LOC")]
    q0 = text.index("«") + 1
    d.quotes = [Quote(q0, text.index("»"), "direct", cue_start=text.index("وأضاف") + 1, cue_end=text.index("وأضاف") + 5,
                      speaker_mention=0, confidence=0.8)]
    a0 = text.index("5 مليارات")
    d.amounts = [Amount(a0, a0 + len("5 مليارات دولار"), "money", 5e9, unit="USD")]
    t0 = text.index("21 تشرين")
    d.times = [TimeExpr(t0, t0 + len("21 تشرين الأول"), "date", "2021-10-21", "day", anchored=True)]
    e0 = text.index("ستصرف")
    d.events = [Event(e0, e0 + 5, "AID", "future", args=[EventArg(who, who + 9, "source", mention=0)], amount=0,
                      time=0, sentence_start=0, sentence_end=d.sentences[0].end, confidence=0.7)]
    d.stages = ["language", "sentences"]
    d.meta = {"category": "economy"}
    return d


LAYERS = ("sentences", "mentions", "quotes", "amounts", "times", "events")


def test_creates_wal_database_with_migrations_recorded_once(db_path: Path) -> None:
    with Store(db_path) as s:
        assert s.migrations()[0] == "0001_core"
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        first = s.conn.execute("SELECT applied_at FROM migrations WHERE name='0001_core'").fetchone()[0]
    with Store(db_path) as s:
        assert s.migrate() == []
        assert tuple(s.conn.execute("SELECT count(*), max(applied_at) FROM migrations WHERE name='0001_core'").fetchone()) == (1, first)


def test_later_migrations_apply_in_name_order(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_path).close()
    shipped = dbmod.migration_files()
    extra = [("9999_c", "CREATE TABLE c(x REFERENCES b(x));"), ("9998_b", "CREATE TABLE b(x PRIMARY KEY);\n-- end\n")]
    monkeypatch.setattr(dbmod, "migration_files", lambda: sorted(shipped + extra))
    with Store(db_path) as s:
        assert s.migrations() == [n for n, _ in shipped] + ["9998_b", "9999_c"]


def test_failed_migration_is_rolled_back(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = dbmod.migration_files()
    monkeypatch.setattr(dbmod, "migration_files", lambda: shipped + [("0009_bad", "CREATE TABLE z(x);\nNOT SQL;")])
    with pytest.raises(StoreError, match="0009_bad"):
        Store(db_path)
    monkeypatch.setattr(dbmod, "migration_files", lambda: shipped)
    with Store(db_path) as s:
        assert "0009_bad" not in s.migrations()
        assert s.conn.execute("SELECT 1 FROM sqlite_master WHERE name='z'").fetchone() is None


def test_round_trip_keeps_every_stored_layer(db_path: Path) -> None:
    d = rich_doc()
    with Store(db_path) as s:
        assert s.add(d) is True
        got = s.get(d.id)
    assert got.to_dict(layers=LAYERS) == d.to_dict(layers=LAYERS)
    assert got.surface(got.mentions[0]) == "علي علاوي"


def test_add_is_idempotent_and_updates_changed_documents(db_path: Path) -> None:
    d = rich_doc()
    with Store(db_path) as s:
        assert s.add(d) is True
        assert s.add(rich_doc()) is False
        assert s.count() == 1
        changed = rich_doc()
        changed.mentions = changed.mentions[:1]
        changed.stages.append("entities")
        assert s.add(changed) is True
        assert s.count() == 1
        assert s.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 1
        assert s.get(d.id).stages == ["language", "sentences", "entities"]
        assert s.conn.execute("SELECT count(*) FROM docs_fts").fetchone()[0] == 1


def test_add_many_is_one_transaction(db_path: Path) -> None:
    docs = [Document(text=f"خبر رقم {i}") for i in range(5)]
    with Store(db_path) as s:
        assert s.add_many(docs + docs[:2]) == [True] * 5 + [False] * 2
        assert s.doc_ids() == [d.id for d in docs]


def test_write_rolls_back_on_error_and_nests(db_path: Path) -> None:
    with Store(db_path) as s:
        with pytest.raises(RuntimeError):
            with s.write():
                s.add(Document(text="يبقى؟"))
                with s.write():
                    s.add(Document(text="ولا هذا"))
                raise RuntimeError("boom")
        assert s.count() == 0


def test_second_writer_waits_then_gives_a_store_error(db_path: Path) -> None:
    a = Store(db_path)
    b = Store(db_path, timeout=0.2)
    try:
        with a.write():
            with pytest.raises(StoreError, match="cannot write"):
                with b.write():
                    pass
        with b.write():  # free again
            pass
    finally:
        a.close()
        b.close()


def test_writes_from_threads_are_serialised(db_path: Path) -> None:
    with Store(db_path) as s:
        def work(k: int) -> None:
            for i in range(20):
                s.add(Document(text=f"خبر {k} - {i}"))

        ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert s.count() == 80


def test_readonly_and_bad_paths_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not found"):
        Store(tmp_path / "missing.db", readonly=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "dir.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(junk)
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(StoreError, match="not a rasd database"):
        Store(plain, readonly=True)
    Store(tmp_path / "ok.db").close()
    with Store(tmp_path / "ok.db", readonly=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.add(Document(text="x"))


def test_get_missing_raises_not_found_and_iter_skips_missing(db_path: Path) -> None:
    with Store(db_path) as s:
        s.add(rich_doc())
        with pytest.raises(NotFound):
            s.get("nope")
        assert [d.id for d in s.iter_documents(["nope", rich_doc().id])] == [rich_doc().id]


def test_tokens_are_recomputed_on_request(db_path: Path) -> None:
    with Store(db_path) as s:
        s.add(rich_doc())
        d = s.get(rich_doc().id, layers=("tokens",))
        assert d.tokens and not d.mentions
        assert d.text[d.tokens[0].start : d.tokens[0].end] == "قال"
        with pytest.raises(StoreError, match="unknown layer"):
            s.get(rich_doc().id, layers=("bogus",))


def test_delete_cascades(db_path: Path) -> None:
    with Store(db_path) as s:
        s.add(rich_doc())
        assert s.delete(rich_doc().id)
        for t in ("documents", "mentions", "events", "event_args", "docs_fts"):
            assert s.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0
        assert not s.delete(rich_doc().id)


def test_skips_are_recorded_once_per_source_and_code(db_path: Path) -> None:
    with Store(db_path) as s:
        s.record_skip(FakeSkip("a.bin", "E102", "binary file"))
        s.record_skip(FakeSkip("a.bin", "E102", "binary file (again)"))
        s.record_skip(FakeSkip("b.txt", "E104", "empty"))
        s.record_skip(FakeSkip("c.bin", "E102", "binary file"))
        st = s.stats()["skips"]
    assert st["inputs"] == 3
    assert st["by_code"]["E102"]["count"] == 2
    assert {e["source"] for e in st["by_code"]["E102"]["examples"]} == {"a.bin", "c.bin"}
    assert st["by_code"]["E104"]["examples"] == [{"source": "b.txt", "reason": "empty"}]


def test_stats_counts(db_path: Path) -> None:
    with Store(db_path) as s:
        s.add(rich_doc())
        s.add(Document(text="An English item.", language="en", outlet="Y", status="skipped", skip_code="E200",
                       skip_reason="stage failed"))
        st = s.stats()
    assert st["documents"] == 2
    assert st["by_language"] == {"ar": 1, "en": 1}
    assert st["by_status"] == {"ok": 1, "skipped": 1}
    assert st["annotations"] == {"mentions": 2, "quotes": 1, "amounts": 1, "times": 1, "events": 1}
    assert st["published"] == {"from": "2021-10-21", "to": "2021-10-21"}
    assert st["skips"]["by_code"]["E200"]["count"] == 1
    assert st["db"]["bytes"] > 0


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_and_parquet_exports_follow_the_schema(db_path: Path, tmp_path: Path, table: str) -> None:
    import pyarrow.parquet as pq

    with Store(db_path) as s:
        s.add(rich_doc())
        s.add(Document(text="خبر بلا تعليقات"))
        n_csv = s.export("csv", tmp_path / "t.csv", table)
        n_pq = s.export("parquet", tmp_path / "t.parquet", table)
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert rows[0] == columns(table)
    assert len(rows) - 1 == n_csv == n_pq
    t = pq.read_table(tmp_path / "t.parquet")
    assert t.schema.equals(arrow_schema(table), check_metadata=False)
    for r in t.to_pylist():
        if "surface" in r and table != "documents":
            assert r["surface"] == TEXT[r["start"] : r["end"]]
            assert r["url"] == "https://x.example/1"


def test_export_details(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as s:
        s.add(rich_doc())
        assert s.export("jsonl", tmp_path / "d.jsonl") == 1
        s.export("jsonl", tmp_path / "q.jsonl", "quotes")
        s.export("jsonl", tmp_path / "e.jsonl", "events")
        buf = io.BytesIO()
        s.export("csv", buf, "times")
        with pytest.raises(StoreError, match="unknown table"):
            s.export("csv", buf, "tokens")
        with pytest.raises(StoreError, match="unknown export format"):
            s.export("xml", buf)
    doc = Document.from_dict(json.loads((tmp_path / "d.jsonl").read_text(encoding="utf-8")))
    assert doc.to_dict(layers=LAYERS) == rich_doc().to_dict(layers=LAYERS)
    q = json.loads((tmp_path / "q.jsonl").read_text(encoding="utf-8"))
    assert q["surface"] == "لن نتأخر بعد اليوم" and q["cue"] == "أضاف"
    e = json.loads((tmp_path / "e.jsonl").read_text(encoding="utf-8"))
    assert e["surface"] == "ستصرف" and json.loads(e["args"])[0]["surface"] == "علي علاوي"
    assert "true" in buf.getvalue().decode("utf-8")  # bools in CSV


def test_docs_schema_lists_the_export_schemas(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "schema.md").read_text(encoding="utf-8")
    for table, cols in TABLES.items():
        line = f"- `{table}`: " + ", ".join(f"`{c}` {t}" for c, t in cols)
        assert line in doc, f"docs/schema.md is out of date for {table}"


def test_documented_document_example_round_trips(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "schema.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    d = Document.from_dict(example)
    assert d.id == example["id"]  # the id is the content id
    assert d.to_dict(layers=LAYERS) == example
    for layer in LAYERS:
        for a in getattr(d, layer):
            assert 0 <= a.start <= a.end <= len(d.text)


def test_reindex_rebuilds_the_search_index(db_path: Path) -> None:
    with Store(db_path) as s:
        assert s.check_search_index()  # empty store: marked current
        s.add(rich_doc())
        s.add(Document(text="قوات البيشمركة في كركوك", title="خبر"))
        with s.write() as w:
            w.execute("DELETE FROM docs_fts")
            w.execute("UPDATE state SET value='old' WHERE key='search_form'")
        assert s.search("كركوك").total == 0 and not s.check_search_index()
        assert s.reindex() == 2
        assert s.check_search_index()
        assert s.search("كركوك").total == 1 and s.search("البشمركة").total == 1
        assert s.conn.execute("SELECT count(*) FROM docs_fts").fetchone()[0] == 2
