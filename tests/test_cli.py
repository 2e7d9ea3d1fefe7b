"""The core commands end to end: `python -m rasd ...` against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BASIC = '["language", "normalize", "sentences", "tokens"]'


def run(*args: str, cwd: Path, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "RASD_CONFIG": str(cwd / "rasd.toml")}
    env.pop("RASD_DB", None)
    p = subprocess.run([sys.executable, "-m", "rasd", *args], cwd=cwd, env=env, input=stdin, capture_output=True,
                       text=True, timeout=120)
    if check:
        assert p.returncode == 0, (args, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr, p.stderr
    return p


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with a settings file (basic stages only) and an input folder with good and
    bad files, ingested once into rasd.db."""
    w = Path(tmp_path_factory.mktemp("cli"))
    (w / "rasd.toml").write_text(f"pipeline = {BASIC}\ncorpus_stages = []\n", encoding="utf-8")
    src = w / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(
        "غارات أميركية على مواقع لداعش\n\nقال مسؤول إن القوات الأميركية شنت غارات على مواقع لداعش قرب الموصل، "
        "فيما تقدمت قوات البيشمركة. وأضاف: <الوضع> تحت السيطرة & مستقر.\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("استعادت قوات البشمركة قرية قرب كركوك بعد معارك مع تنظيم داعش.\n", encoding="utf-8")
    (src / "news.jsonl").write_text(
        json.dumps({"title": "النفط يرتفع", "text": "ارتفعت أسعار النفط في الأسواق العالمية اليوم.", "outlet": "Beta",
                    "published": "2018-05-01", "url": "https://beta.example/oil"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    p = run("ingest", "in", "missing.txt", "--published", "2018-02-04", cwd=w)
    assert "3 documents: 3 added" in p.stdout and "3 skipped" in p.stdout, p.stdout
    return w


def test_help_for_every_command(tmp_path: Path) -> None:
    (tmp_path / "rasd.toml").write_text("", encoding="utf-8")
    top = run("--help", cwd=tmp_path).stdout
    for cmd in ("ingest", "search", "show", "export", "stats", "stages"):
        assert cmd in top
        assert "usage: rasd " + cmd in run(cmd, "--help", cwd=tmp_path).stdout


def test_ingest_with_bad_input_stores_the_good_and_reports_skips(work: Path) -> None:
    p = run("stats", "--json", cwd=work)
    st = json.loads(p.stdout)
    assert st["documents"] == 3
    codes = st["skips"]["by_code"]
    assert set(codes) >= {"E101", "E104"} and ("E102" in codes or "E107" in codes)
    assert "missing.txt" in codes["E101"]["examples"][0]["source"]
    text = run("stats", cwd=work).stdout
    assert "3 documents" in text and "E101" in text and "missing.txt" in text


def test_rerun_is_idempotent_and_pipes_show_no_progress(work: Path) -> None:
    p = run("ingest", "in", cwd=work)
    assert "0 added" in p.stdout and "3 unchanged" in p.stdout
    assert "\x1b[" not in p.stderr and "ingesting" not in p.stderr  # quiet in pipes
    assert p.stderr.count("\n") == 2  # one line per skipped input (empty.txt, logo.png)
    assert json.loads(run("stats", "--json", cwd=work).stdout)["documents"] == 3


def test_ingest_nothing_readable_exits_1_with_one_line(work: Path) -> None:
    p = run("ingest", "nope/", "--db", "other.db", cwd=work, check=False)
    assert p.returncode == 1
    assert p.stderr.strip().count("\n") == 0 and "E101" in p.stderr
    assert "0 documents" in p.stdout and "1 skipped (E101×1)" in p.stdout


def test_usage_errors_exit_2_with_one_line(work: Path) -> None:
    for args in (["search", "داعش", "--db", "nope.db"], ["search", "NEAR(", "--fts"], ["show", "nope"],
                 ["ingest", "in", "--published", "yesterday-ish"], ["search", "داعش", "--from", "March"]):
        p = run(*args, cwd=work, check=False)
        assert p.returncode == 2, (args, p.stderr)
        assert p.stderr.startswith("rasd: error: E") and p.stderr.count("\n") == 1, (args, p.stderr)


def test_search_terminal_and_json(work: Path) -> None:
    p = run("search", "الامريكيه", cwd=work)
    assert "1 articles match" in p.stdout and "الأميركية" in p.stdout
    j = json.loads(run("search", "داعش", "--json", cwd=work).stdout)
    assert j["total"] == 2
    hit = next(h for h in j["hits"] if "<mark>لداعش</mark>" in h["snippet_html"])
    assert "&lt;الوضع&gt;" in hit["snippet_html"] or "&lt;" not in hit["snippet_html"]
    assert json.loads(run("search", "البشمركة", "--json", "--exact", cwd=work).stdout)["total"] == 1
    assert json.loads(run("search", "البشمركة", "--json", cwd=work).stdout)["total"] == 2
    assert json.loads(run("search", "AND", "--json", cwd=work).stdout)["total"] == 0
    assert json.loads(run("search", "داعش OR النفط", "--fts", "--json", cwd=work).stdout)["total"] == 3
    assert json.loads(run("search", "النفط", "--outlet", "beta", "--from", "2018-05", "--json", cwd=work).stdout)["total"] == 1


def test_show_text_and_json(work: Path) -> None:
    j = json.loads(run("search", "النفط", "--json", cwd=work).stdout)
    doc_id = j["hits"][0]["doc_id"]
    p = run("show", doc_id, cwd=work)
    assert doc_id in p.stdout and "ارتفعت أسعار النفط" in p.stdout and "sentences (1)" in p.stdout
    d = json.loads(run("show", doc_id, "--json", cwd=work).stdout)
    assert d["id"] == doc_id and d["outlet"] == "Beta" and d["schema"] == 1 and "tokens" not in d


def test_export_formats(work: Path) -> None:
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv", cwd=work).stdout)))
    assert rows[0][:3] == ["id", "title", "url"] and len(rows) == 4
    lines = run("export", "--format", "jsonl", "--table", "documents", cwd=work).stdout.splitlines()
    assert len(lines) == 3 and all(json.loads(x)["text"] for x in lines)
    p = run("export", "--format", "parquet", "--table", "times", "--out", "times.parquet", cwd=work)
    assert "rows of times written" in p.stderr
    import pyarrow.parquet as pq

    assert "surface" in pq.read_table(work / "times.parquet").column_names


def test_stages(work: Path) -> None:
    out = run("stages", cwd=work).stdout
    assert "tokens" in out and "installed" in out and "corpus" in out
    rows = json.loads(run("stages", "--json", cwd=work).stdout)
    assert {r["name"] for r in rows} >= {"language", "normalize", "sentences", "tokens", "resolve"}


def test_stdin(work: Path) -> None:
    p = run("ingest", "-", "--db", "stdin.db", cwd=work, stdin="خبر عاجل من أربيل عن اجتماع البرلمان.\n")
    assert "1 added" in p.stdout
    assert json.loads(run("search", "اربيل", "--db", "stdin.db", "--json", cwd=work).stdout)["total"] == 1


def test_killed_cli_ingest_keeps_committed_and_rerun_completes(tmp_path: Path) -> None:
    (tmp_path / "rasd.toml").write_text(f"pipeline = {BASIC}\ncorpus_stages = []\n", encoding="utf-8")
    src = tmp_path / "many"
    src.mkdir()
    n = 1500
    for i in range(n):
        (src / f"{i:05d}.txt").write_text(f"خبر رقم {i} عن اجتماع في بغداد حول الموازنة والنفط والرواتب.\n" * 3,
                                          encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "RASD_CONFIG": str(tmp_path / "rasd.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "ingest", "many", "--db", "k.db"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = tmp_path / "k.db"

    def count() -> int:
        try:
            c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                return c.execute("SELECT count(*) FROM documents").fetchone()[0]
            finally:
                c.close()
        except sqlite3.Error:
            return 0

    deadline = time.monotonic() + 90
    while count() < 200 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip(f"ingest finished before it could be killed: {proc.communicate()}")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = count()
    assert 200 <= kept < n
    p = run("ingest", "many", "--db", "k.db", cwd=tmp_path)
    assert f"{n - kept} added" in p.stdout and f"{kept} unchanged" in p.stdout
    st = json.loads(run("stats", "--db", "k.db", "--json", cwd=tmp_path).stdout)
    assert st["documents"] == n
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT count(DISTINCT doc_id), count(*) FROM docs_fts").fetchone() == (n, n)
