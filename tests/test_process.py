"""rasd.process: ingest batches, idempotence, skips, stage selection, corpus stages,
interruption (Ctrl-C and SIGKILL), the bundled examples."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import rasd.stages
from rasd.document import Document
from rasd.errors import StageError
from rasd.pipeline import stage
from rasd.process import build_pipeline, demo_ingest, examples_dir, ingest, ingest_items, process_document, stage_table
from rasd.settings import load_settings
from rasd.store import Store

REPO = Path(__file__).resolve().parents[1]
BASIC = ["normalize", "sentences", "tokens"]


@dataclass
class Skip:
    source: str
    code: str
    reason: str


def S(**kw):
    kw.setdefault("pipeline", BASIC)
    kw.setdefault("corpus_stages", [])
    return load_settings(**kw)


def docs(n: int, prefix: str = "خبر") -> list[Document]:
    return [Document(text=f"{prefix} رقم {i} عن بغداد والبصرة.", title=f"عنوان {i}") for i in range(n)]


def test_ingest_items_stores_documents_and_skips(db_path: Path) -> None:
    items = docs(5) + [Skip("x.bin", "E102", "x.bin: binary"), Skip("/nope", "E101", "/nope: not found")]
    rep = ingest_items(items, db=db_path, settings=S(), progress=False)
    assert (rep.seen, rep.added, rep.unchanged, rep.skipped) == (5, 5, 0, 2)
    assert rep.by_code == {"E102": 1, "E101": 1}
    assert rep.stages == BASIC and rep.processed == 5
    assert "5 added" in rep.summary() and "E101×1" in rep.summary()
    with Store(db_path) as s:
        assert s.count() == 5
        d = s.get(items[0].id)
        assert d.stages == BASIC and d.sentences and d.meta["pipeline"] == BASIC
        assert s.stats()["skips"]["by_code"]["E102"]["count"] == 1


def test_rerun_does_no_pipeline_work(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_items(docs(4), db=db_path, settings=S(), progress=False)
    calls = []
    import rasd.process as proc

    monkeypatch.setattr(proc, "process_document", lambda d, p: calls.append(d) or pytest.fail("re-processed"))
    rep = ingest_items(docs(4), db=db_path, settings=S(), progress=False)
    assert (rep.added, rep.unchanged, calls) == (0, 4, [])


def test_duplicates_in_one_batch_are_stored_once(db_path: Path) -> None:
    rep = ingest_items(docs(3) + docs(3), db=db_path, settings=S(), progress=False)
    assert (rep.seen, rep.added, rep.unchanged) == (6, 3, 3)


def test_a_longer_pipeline_updates_stored_documents(db_path: Path) -> None:
    ingest_items(docs(2), db=db_path, settings=S(pipeline=["normalize"]), progress=False)
    rep = ingest_items(docs(2), db=db_path, settings=S(), progress=False)
    assert (rep.added, rep.updated) == (0, 2)
    with Store(db_path) as s:
        assert s.get(docs(1)[0].id).stages == BASIC
        assert s.conn.execute("SELECT count(*) FROM docs_fts").fetchone()[0] == 2


def test_stages_not_installed_are_left_out_and_reported(db_path: Path) -> None:
    settings = S(pipeline=["language", "normalize", "no_such_stage", "sentences", "tokens"])
    pipe, missing = build_pipeline(settings)
    assert pipe.names == ["language", "normalize", "sentences", "tokens"]
    assert missing == ["no_such_stage"]
    rep = ingest_items(docs(1), db=db_path, settings=settings, progress=False)
    assert rep.missing_stages == ["no_such_stage"]


@stage("explode", provides=["boom"])
def explode_stage(doc: Document, ctx) -> Document:
    raise ValueError("kaboom")


def test_failing_stage_is_recorded_and_retried_on_rerun(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(rasd.stages.BUILTIN, "explode", f"{__name__}:explode_stage")
    settings = S(pipeline=BASIC + ["explode"])
    rep = ingest_items(docs(2), db=db_path, settings=settings, progress=False)
    assert rep.added == 2 and rep.stage_errors == 2
    with Store(db_path) as s:
        d = s.get(docs(1)[0].id)
        assert d.meta["stage_errors"][0]["stage"] == "explode" and "explode" not in d.stages
    rep = ingest_items(docs(2), db=db_path, settings=settings, progress=False)
    assert rep.stage_errors == 2 and rep.unchanged == 2  # tried again, same result, nothing rewritten
    skip = ingest_items(docs(1, "آخر"), db=db_path, settings=S(pipeline=BASIC + ["explode"], on_error="skip"), progress=False)
    assert skip.skipped == 1 and skip.by_code == {"E200": 1}
    with pytest.raises(StageError):
        ingest_items(docs(1, "ثالث"), db=db_path, settings=S(pipeline=BASIC + ["explode"], on_error="raise"), progress=False)


CALLS: list[tuple[str, list[str]]] = []


def corpus_ok(store, doc_ids, settings):
    """test corpus stage"""
    CALLS.append(("ok", list(doc_ids)))


def corpus_bad(store, doc_ids, settings):
    raise RuntimeError("corpus broke")


def test_corpus_stages_run_on_new_documents(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    monkeypatch.setitem(rasd.stages.CORPUS, "ok", f"{__name__}:corpus_ok")
    monkeypatch.setitem(rasd.stages.CORPUS, "bad", f"{__name__}:corpus_bad")
    monkeypatch.setitem(rasd.stages.CORPUS, "later", "rasd.not_written_yet:run")
    settings = S(corpus_stages=["later", "ok", "bad"])
    first = docs(3)
    rep = ingest_items(first, db=db_path, settings=settings, progress=False)
    assert rep.corpus["later"] == "not installed" and rep.corpus["ok"] == "ok"
    assert rep.corpus["bad"].startswith("error: RuntimeError")
    assert CALLS == [("ok", [d.id for d in first])]
    time.sleep(0.01)
    more = docs(2, "جديد")
    ingest_items(first + more, db=db_path, settings=settings, progress=False)
    assert CALLS[-1] == ("ok", [d.id for d in more])
    rep = ingest_items(first, db=db_path, settings=settings, progress=False)
    assert rep.corpus["ok"] == "ok (nothing new)" and len(CALLS) == 2
    kinds = {r["name"]: r for r in stage_table(settings)}
    assert kinds["ok"]["installed"] and kinds["ok"]["kind"] == "corpus" and not kinds["later"]["installed"]


def test_stage_table_lists_builtin_stages() -> None:
    rows = {r["name"]: r for r in stage_table(S())}
    assert rows["tokens"]["installed"] and rows["tokens"]["provides"] == ["tokens"] and rows["tokens"]["configured"]
    assert rows["language"]["kind"] == "document"
    assert {"resolve", "dedup", "stories"} <= set(rows)


def test_process_document_is_pure() -> None:
    pipe, _ = build_pipeline(S())
    d = docs(1)[0]
    p = process_document(d, pipe)
    assert p.id == d.id and p.doc.stages == BASIC
    assert "بغداد" in p.fts_body and p.row["digest"]


def slow_items(n: int, interrupt_after: int | None = None):
    for i, d in enumerate(docs(n)):
        if interrupt_after is not None and i == interrupt_after:
            raise KeyboardInterrupt
        yield d


def test_ctrl_c_keeps_what_was_read(db_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        ingest_items(slow_items(50, interrupt_after=17), db=db_path, settings=S(), progress=False, batch_size=5)
    with Store(db_path) as s:
        assert s.count() == 17
    rep = ingest_items(slow_items(50), db=db_path, settings=S(), progress=False)
    assert (rep.added, rep.unchanged) == (33, 17)


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from rasd.document import Document
    from rasd.process import ingest_items
    from rasd.settings import load_settings

    def items():
        for i in range(int(sys.argv[2])):
            time.sleep(float(sys.argv[3]))
            yield Document(text=f"خبر رقم {i} عن الموصل وأربيل.", title=f"عنوان {i}")

    settings = load_settings(pipeline=["normalize", "sentences", "tokens"], corpus_stages=[])
    r = ingest_items(items(), db=sys.argv[1], settings=settings, progress=False, batch_size=10)
    print(r.summary())
    """
)


def _count(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return c.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def test_sigkill_midway_keeps_committed_documents_and_rerun_completes(db_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "kill_me.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, str(script), str(db_path), "400", "0.005"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db_path) < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = _count(db_path)
    assert 30 <= kept < 400
    with Store(db_path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("SELECT count(*) FROM docs_fts").fetchone()[0] == kept
    out = subprocess.run([sys.executable, str(script), str(db_path), "400", "0"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"{400 - kept} added" in out.stdout and f"{kept} unchanged" in out.stdout
    with Store(db_path) as s:
        assert s.count() == 400
        assert s.conn.execute("SELECT count(DISTINCT doc_id), count(*) FROM docs_fts").fetchone()[:] == (400, 400)


def test_ingest_paths_with_bad_input(db_path: Path, tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("قال مسؤول عراقي إن الحكومة ستعلن الموازنة غدا.\n", encoding="utf-8")
    (d / "cp.txt").write_bytes("وصل وفد كردي إلى بغداد لبحث ملف النفط والرواتب.".encode("cp1256"))
    (d / "empty.txt").write_bytes(b"")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    rep = ingest([d, tmp_path / "missing"], db=db_path, settings=S(), progress=False, published="2021-10-21")
    assert rep.added == 2 and rep.skipped == 3
    assert set(rep.by_code) == {"E101", "E102", "E104"}
    with Store(db_path) as s:
        assert s.stats()["skips"]["inputs"] == 3
        assert s.search("الموازنة").total == 1
        assert {x.published[:10] for x in s.iter_documents()} == {"2021-10-21"}


def test_demo_ingests_the_bundled_examples(db_path: Path) -> None:
    if not (REPO / "examples").is_dir():
        pytest.skip("no examples/ in this checkout")
    assert examples_dir() == REPO / "examples"
    rep = demo_ingest(db_path, settings=S(pipeline=["language"] + BASIC), progress=False)
    assert rep.added >= 12, rep.summary()
    with Store(db_path) as s:
        langs = s.stats()["by_language"]
    assert langs.get("ar", 0) >= 10 and len(langs) >= 2


def test_a_stage_failing_everywhere_is_reported_once(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(rasd.stages.BUILTIN, "explode", f"{__name__}:explode_stage")
    with caplog.at_level("WARNING"):
        rep = ingest_items(docs(10), db=db_path, settings=S(pipeline=BASIC + ["explode"]), progress=False)
    assert rep.stage_errors == 10
    msgs = [r.getMessage() for r in caplog.records]
    assert [m for m in msgs if "kaboom" in m] == ["stage 'explode' failed on 10 documents (E200), e.g.: ValueError: kaboom"]


def test_progress_modes_do_not_change_results(db_path: Path, tmp_path: Path) -> None:
    seen: list[int] = []
    rep = ingest_items(docs(5), db=db_path, settings=S(), progress=lambda r: seen.append(r.seen))
    assert rep.added == 5 and seen and seen[-1] <= 5
    rep = ingest_items(docs(5, "بار") + [Skip("x", "E104", "x: empty")], db=tmp_path / "b.db", settings=S(),
                       progress=True)  # a rich bar on a non-terminal stderr must not break anything
    assert (rep.added, rep.skipped) == (5, 1)
