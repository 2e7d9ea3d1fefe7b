"""rasd on Spark (local mode): the Parquet tables equal the local pipeline's export of the same
articles; a corrupt file is recorded in the errors table and the job completes; the output
loads back into SQLite. Skipped, with the reason, where pyspark or Java is missing."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'rasd[spark]')")
pq = pytest.importorskip("pyarrow.parquet")

from rasd.distributed.rows import OUTPUT_TABLES  # noqa: E402
from rasd.settings import load_settings  # noqa: E402
from rasd.store.schema import TABLES, columns  # noqa: E402

pytestmark = pytest.mark.spark
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _java_ok() -> bool:
    java = shutil.which("java")
    if not java:
        return False
    try:
        return subprocess.run([java, "-version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="module")
def spark():
    if not _java_ok():
        pytest.skip("Java is not installed (Spark needs Java 17+; .ci/run installs default-jre-headless)")
    from rasd.distributed.spark import spark_session

    s = spark_session("local[2]", app="rasd-tests", conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"})
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """examples/ plus a corrupt gzip, a binary file, an empty file and the same article twice."""
    d = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, d / "examples")
    bad = d / "bad"
    bad.mkdir()
    (bad / "truncated.txt.gz").write_bytes(gzip.compress("نص عربي ".encode() * 200)[:40])
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (bad / "empty.txt").write_bytes(b"")
    text = "أعلنت وزارة الداخلية في إقليم كردستان اليوم الأحد اعتقال خلية إرهابية في أربيل.\n"
    (bad / "2026-11-01-copy-a.txt").write_text(text, encoding="utf-8")
    (bad / "2026-11-01-copy-b.txt").write_text(text, encoding="utf-8")
    return d


def _settings(**kw):
    return load_settings(corpus_stages=[], **kw)


@pytest.fixture(scope="module")
def spark_out(spark, corpus, tmp_path_factory) -> tuple[Path, object]:
    from rasd.distributed.spark import run_spark

    out = tmp_path_factory.mktemp("spark") / "out"
    rep = run_spark([str(corpus)], str(out), settings=_settings(), partitions=2, spark=spark, corpus=False)
    return out, rep


@pytest.fixture(scope="module")
def local_out(corpus, tmp_path_factory) -> Path:
    from rasd.process import ingest
    from rasd.store import Store
    from rasd.store.export import export

    d = tmp_path_factory.mktemp("local")
    db = d / "local.db"
    ingest([str(corpus)], db=db, settings=_settings(), progress=False)
    s = Store(db)
    try:
        for t in TABLES:
            export(s, "parquet", d / f"{t}.parquet", table=t)
        skips = s.conn.execute("SELECT source, code FROM skips ORDER BY source").fetchall()
    finally:
        s.close()
    (d / "skips.txt").write_text("\n".join(f"{a}\t{b}" for a, b in skips), encoding="utf-8")
    return d


def _rows(path: Path, table: str) -> list[tuple]:
    t = pq.read_table(path)
    assert t.column_names == columns(table) if table in TABLES else True
    drop = {"ingested_at"}
    cols = [c for c in t.column_names if c not in drop]
    return sorted(tuple(repr(r[c]) for c in cols) for r in t.to_pylist())


@pytest.mark.parametrize("table", list(TABLES))
def test_spark_tables_equal_the_local_export(spark_out, local_out, table):
    out, _rep = spark_out
    a = _rows(out / table, table)
    b = _rows(local_out / f"{table}.parquet", table)
    assert len(a) == len(b)
    assert a == b
    if table in ("documents", "mentions", "quotes", "amounts", "times", "events"):
        assert a, f"no {table} rows: the comparison would be empty"


def test_spark_schema_is_the_export_schema(spark_out):
    out, _rep = spark_out
    from rasd.store.schema import arrow_schema

    for table in TABLES:
        got = pq.read_schema(next((out / table).glob("*.parquet")))
        want = arrow_schema(table)
        assert [(f.name, str(f.type)) for f in got] == [(f.name, str(f.type)) for f in want]


def test_corrupt_inputs_are_recorded_and_the_job_completes(spark_out, local_out):
    out, rep = spark_out
    errs = pq.read_table(out / "errors").to_pylist()
    by_src = {Path(e["source"]).name: e for e in errs}
    assert {"truncated.txt.gz", "image.txt", "empty.txt"} <= set(by_src), by_src
    for e in errs:
        assert e["code"].startswith("E1") and e["reason"]
    local = {Path(line.split("\t")[0]).name: line.split("\t")[1]
             for line in (local_out / "skips.txt").read_text(encoding="utf-8").splitlines()}
    assert {k: v["code"] for k, v in by_src.items()} == local
    assert rep.documents > 15 and rep.errors == len(errs)
    assert rep.duplicates_dropped == 1  # copy-a and copy-b are one article


def test_import_parquet_loads_a_searchable_store(spark_out, tmp_path):
    from rasd.distributed.importer import import_parquet
    from rasd.store import Store

    out, rep = spark_out
    db = tmp_path / "imported.db"
    r = import_parquet(out, db, settings=_settings())
    assert r.documents == rep.documents and r.added == rep.documents
    assert r.errors >= 3
    s = Store(db)
    try:
        n = s.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        assert n == rep.rows["mentions"]
        hits = s.search("البيشمركة")
        assert hits, "imported articles are searchable"
        doc = s.get(rep_doc := s.conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0])
        assert doc.id == rep_doc and doc.sentences
    finally:
        s.close()
    again = import_parquet(out, db, settings=_settings(), corpus=False)
    assert again.added == 0 and again.unchanged == rep.documents


def test_corpus_stages_at_scale(spark, corpus, tmp_path):
    from rasd.distributed.spark import run_spark

    out = tmp_path / "out"
    base = "قالت مصادر أمنية في محافظة كركوك إن قوة مشتركة من الجيش والشرطة نفذت عملية تفتيش واسعة في القرى " \
           "الواقعة جنوب غربي المدينة بحثا عن عناصر تنظيم داعش، وأسفرت العملية عن اعتقال أربعة مطلوبين وضبط أسلحة."
    d = tmp_path / "in"
    d.mkdir()
    (d / "2026-11-02-a.txt").write_text(base, encoding="utf-8")
    (d / "2026-11-03-b.txt").write_text(base + " وأكد مصدر أن العملية مستمرة.", encoding="utf-8")
    (d / "2026-11-03-c.txt").write_text("خبر مختلف تماما عن الطقس في أربيل حيث تتساقط الأمطار بغزارة منذ الصباح "
                                        "وتتوقع الأرصاد استمرارها حتى نهاية الأسبوع.", encoding="utf-8")
    shutil.copytree(EXAMPLES / "txt", d / "txt")
    rep = run_spark([str(d)], str(out), settings=load_settings(), partitions=2, spark=spark)
    dups = pq.read_table(out / "duplicates").to_pylist()
    docs = {r["id"]: Path(r["source"]).name for r in pq.read_table(out / "documents").to_pylist()}
    grouped = {docs[r["doc_id"]]: docs[r["group_id"]] for r in dups}
    assert grouped.get("2026-11-03-b.txt") == "2026-11-02-a.txt"  # the earlier one is the representative
    assert "2026-11-03-c.txt" not in grouped
    ents = pq.read_table(out / "entities").to_pylist()
    me = pq.read_table(out / "mention_entities").to_pylist()
    assert len(me) == rep.rows["mentions"] and ents
    assert {r["entity_id"] for r in me if r["entity_id"]} <= {e["entity_id"] for e in ents}
    assert sum(e["mentions"] for e in ents) == sum(1 for r in me if r["entity_id"])


def test_missing_input_is_a_clear_error(spark, tmp_path):
    from rasd.distributed.spark import run_spark
    from rasd.errors import RasdError

    with pytest.raises(RasdError, match="input not found"):
        run_spark([str(tmp_path / "nope")], str(tmp_path / "o"), spark=spark)


def test_output_tables_are_the_documented_ones():
    assert set(OUTPUT_TABLES) == set(TABLES) | {"errors"}
