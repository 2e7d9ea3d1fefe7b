"""rasd on Apache Spark: the same readers and the same pipeline, per partition, writing the
local export's Parquet tables.

::

    report = run_spark(["hdfs:///news/2024/", "s3a://bucket/crawl.warc.gz"], "out/",
                       master="spark://head:7077")

How it runs (``run_spark``):

1. **Read.** Local paths (on a cluster: a file system every executor mounts) are listed on the
   driver the way ``rasd ingest`` walks directories, and each file is read on an executor with
   :func:`rasd.ingest.read_paths` — streamed, with the same format sniffing, labels and skips as
   ``rasd ingest``. Hadoop-compatible URIs (``hdfs://``, ``s3a://``, ``file://`` …; directories
   recursively) are read with ``SparkContext.binaryFiles`` and :func:`rasd.ingest.read_bytes`.
   A file that cannot be read becomes a row of the ``errors`` table (path, code, reason); the job
   goes on.
2. **Deduplicate by id.** Documents are keyed by their content id; of the same article read
   twice the one with the smallest source path is kept (``rasd ingest`` keeps the first it
   reads, which is the same for sorted inputs). This shuffle also spreads the articles of one
   big archive or WARC file over all partitions.
3. **Process.** ``mapPartitions`` runs the settings' document stages with
   :func:`rasd.process.process_document`, the function ``rasd ingest`` uses. The pipeline (and
   so every model: NER weights, lexicons) is built once per executor Python process and kept
   in a module-level cache (:func:`executor_pipeline`); with Spark's default
   ``spark.python.worker.reuse=true`` a worker process serves many tasks, so models load once
   per worker, never per article.
4. **Write** ``documents``, ``mentions``, ``quotes``, ``amounts``, ``times``, ``events``,
   ``event_args`` and ``errors`` as Parquet directories under ``output`` with the schemas of
   :mod:`rasd.store.schema` (the values come from the same row functions as ``rasd export``; see
   :mod:`rasd.distributed.rows`). Each partition writes its own part file of every table with
   pyarrow (``TABLE/part-NNNNN.parquet``, named by partition index so a retried task overwrites
   its own file) to the output directory or URI (local, ``hdfs://``, ``s3://``, ``gs://`` through
   ``pyarrow.fs``): rows never pass through the JVM, which keeps Spark's own overhead small.
5. **Corpus stages at scale** (``corpus=True``, the default): near-duplicates by MinHash LSH
   bands used as Spark keys, and entity resolution by blocking keys (``groupBy`` on the
   normalised name key, then the resolver's matching per block) — see
   :mod:`rasd.distributed.corpus`.

``rasd import-parquet DIR`` loads the output into a SQLite store for the dashboard.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from ..errors import RasdError

log = logging.getLogger("rasd.spark")

__all__ = ["SparkReport", "run_spark", "spark_session", "executor_pipeline", "process_files"]

_SCHEME = ("hdfs://", "s3a://", "s3://", "s3n://", "gs://", "abfs://", "abfss://", "wasb://", "wasbs://",
           "file:", "viewfs://", "webhdfs://", "http://", "https://")


class SparkUnavailable(RasdError):
    """pyspark (the ``rasd[spark]`` extra) or Java is missing."""

    code = "E001"


@dataclass
class SparkReport:
    output: str
    master: str
    inputs: list[str]
    files: int = 0
    documents: int = 0
    duplicates_dropped: int = 0
    errors: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    corpus: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        rows = ", ".join(f"{k} {v}" for k, v in self.rows.items() if k not in ("documents", "errors"))
        return (f"{self.documents} documents from {self.files} files ({self.errors} errors, "
                f"{self.duplicates_dropped} duplicate copies dropped); {rows}; {self.seconds:.1f} s -> {self.output}")


# -- executor side -------------------------------------------------------------------------------

_PIPELINES: dict[str, Any] = {}


def executor_pipeline(settings_json: str) -> Any:
    """The pipeline for these settings, built once per Python process (models included)."""
    p = _PIPELINES.get(settings_json)
    if p is None:
        from ..process import build_pipeline
        from ..settings import load_settings

        p, _missing = build_pipeline(load_settings(**json.loads(settings_json)))
        _PIPELINES[settings_json] = p

    return p


def local_path(uri: str) -> str:
    """``file:/a/b`` and ``file:///a/b`` -> ``/a/b`` (so a document's source is the path that
    ``rasd ingest`` records); other URIs unchanged."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("file:"):
        return uri[len("file:"):]
    return uri


def _tag_items(make_items: Any, src: str) -> Iterator[tuple[str, Any]]:
    """``("doc", (id, Document))`` and ``("skip", row)`` for the items of ``make_items()``; a reader bug is recorded
    as a skip of that file, never a failed job."""
    from ..ingest.common import Skip
    from .rows import skip_row

    try:
        for item in make_items():
            if isinstance(item, Skip):
                yield "skip", skip_row(item)
            else:
                yield "doc", (item.id, item)
    except Exception as e:  # noqa: BLE001
        yield "skip", (src, "E100", f"{src}: unexpected {type(e).__name__}: {e}"[:400], None, None)


def read_file(path: str, data: bytes, settings: dict[str, Any], published: str | None) -> Iterator[tuple[str, Any]]:
    """Items of one file read by Hadoop (``binaryFiles``): its bytes through ``read_bytes``."""
    from ..ingest import read_bytes

    src = local_path(path)
    name = os.path.basename(src.rstrip("/"))
    return _tag_items(lambda: read_bytes(data, source=src, name=name, published=published, settings=settings), src)


def read_local(path: str, settings: dict[str, Any], published: str | None) -> Iterator[tuple[str, Any]]:
    """Items of one local file, read exactly as ``rasd ingest`` reads it (streamed, not loaded whole)."""
    from ..ingest import read_paths

    return _tag_items(lambda: read_paths([path], published=published, settings=settings), path)


def process_files(docs: Iterable[Any], settings_json: str, ingested_at: str) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The mapPartitions function: documents -> ``(table, row)`` for every output row."""
    from ..process import process_document
    from .rows import document_rows

    pipeline = executor_pipeline(settings_json)
    for doc in docs:
        yield from document_rows(process_document(doc, pipeline), ingested_at)


# -- driver side ---------------------------------------------------------------------------------


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        raise SparkUnavailable("rasd spark needs pyspark: pip install 'rasd[spark]' (and Java 17+)") from e


def spark_session(master: str | None = None, app: str = "rasd", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession (``master`` None: whatever spark-submit or the environment configured)."""
    _require_pyspark()
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(master)
    defaults = {"spark.ui.showConsoleProgress": "false", "spark.sql.session.timeZone": "UTC"}
    for k, v in {**defaults, **(conf or {})}.items():
        b = b.config(k, v)
    try:
        return b.getOrCreate()
    except Exception as e:  # noqa: BLE001 - usually Java missing or too old
        raise SparkUnavailable(f"could not start Spark ({type(e).__name__}: {str(e).splitlines()[0][:200]}); "
                               "Spark needs Java 17+ (JAVA_HOME)") from e


def _spark_type(t: str) -> Any:
    from pyspark.sql import types as T

    return {"string": T.StringType(), "int64": T.LongType(), "float64": T.DoubleType(), "bool": T.BooleanType()}[t]


def spark_schema(table: str) -> Any:
    from pyspark.sql import types as T

    from .rows import table_types

    return T.StructType([T.StructField(c, _spark_type(t), True) for c, t in table_types(table)])


def _check_inputs(inputs: Sequence[str]) -> list[str]:
    out = []
    for p in inputs:
        p = str(p)
        if p.startswith(_SCHEME):
            out.append(p)
            continue
        if not os.path.exists(p):
            raise RasdError(f"input not found: {p}")
        out.append(os.path.abspath(p))
    if not out:
        raise RasdError("no input given")
    return out


def _expand(paths: list[str]) -> tuple[list[str], list[str], list[tuple[Any, ...]]]:
    """Local files (directories walked as ``rasd ingest`` walks them), URIs, and skip rows for
    empty directories."""
    from ..ingest.reader import _walk

    files: list[str] = []
    uris: list[str] = []
    skips: list[tuple[Any, ...]] = []
    for p in paths:
        if p.startswith(_SCHEME):
            uris.append(p)
        elif os.path.isdir(p):
            found = _walk(p)
            if not found:
                skips.append((p, "E104", f"{p}: directory has no files", None, None))
            files.extend(found)
        else:
            files.append(p)
    return files, uris, skips


def _settings_json(settings: Any) -> str:
    from ..settings import load_settings

    s = settings if settings is not None else load_settings()
    return json.dumps(dict(s), sort_keys=True, default=str)


def run_spark(
    inputs: Sequence[str],
    output: str,
    *,
    master: str | None = "local[2]",
    settings: Any = None,
    partitions: int | None = None,
    published: str | None = None,
    corpus: bool = True,
    spark: Any = None,
) -> SparkReport:
    """Run rasd's document stages on Spark over ``inputs`` and write Parquet tables to ``output``
    (a local directory or a Hadoop URI; replaced if it exists). See the module docstring."""
    from ..store.rows import now_iso
    from .rows import OUTPUT_TABLES

    t0 = time.monotonic()
    paths = _check_inputs(inputs)
    sjson = _settings_json(settings)
    sdict = json.loads(sjson)
    own = spark is None
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    try:
        n_parts = partitions or max(2, sc.defaultParallelism)
        local_files, uris, dir_skips = _expand(paths)
        parts = []
        if local_files:  # local (or shared, e.g. NFS) paths: listed here, read by the executors like `rasd ingest`
            parts.append(sc.parallelize([(f, None) for f in local_files], min(n_parts, len(local_files))))
        if uris:
            hconf = sc._jsc.hadoopConfiguration()
            hconf.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
            parts.append(sc.binaryFiles(",".join(uris), minPartitions=n_parts))
        files = parts[0] if len(parts) == 1 else sc.union(parts) if parts else sc.parallelize([], 1)
        ingested_at = now_iso()

        def read_partition(it: Iterable[tuple[str, bytes | None]]) -> Iterator[tuple[str, Any]]:
            from ..ingest.reader import _not_article

            for path, data in it:
                if data is None:
                    yield ("file", None)
                    yield from read_local(path, sdict, published)
                    continue
                lp = local_path(path)
                if _not_article(os.path.basename(lp)):
                    continue  # found in a directory: skipped as `rasd ingest` skips it (README, .py …)
                yield ("file", None)
                yield from read_file(path, data, sdict, published)

        items = files.mapPartitions(read_partition).persist()
        n_files = items.filter(lambda x: x[0] == "file").count()
        log.info("read %d files in %.1f s", n_files, time.monotonic() - t0)
        skips = items.filter(lambda x: x[0] == "skip").map(lambda x: ("errors", x[1]))
        if dir_skips:
            skips = skips.union(sc.parallelize([("errors", r) for r in dir_skips], 1))
        raw_docs = items.filter(lambda x: x[0] == "doc").map(lambda x: x[1])
        n_raw = raw_docs.count()
        log.info("%d documents read at %.1f s", n_raw, time.monotonic() - t0)
        docs = raw_docs.reduceByKey(lambda a, b: a if (a.source or "") <= (b.source or "") else b,
                                    numPartitions=n_parts).values()

        # process and write: each partition writes its own part file of every table with pyarrow
        # (named by partition index, so a retried task overwrites its own files), and returns counts
        out_fs, out_root = _output_fs(output)
        for table in OUTPUT_TABLES:
            _reset_dir(out_fs, f"{out_root}/{table}")

        def process_partition(index: int, it: Iterable[Any]) -> Iterator[dict[str, int]]:
            rows = process_files(it, sjson, ingested_at)
            yield write_part(rows, output, index)

        skip_part = n_parts  # the read errors are written by one more "partition"
        part_counts = docs.mapPartitionsWithIndex(process_partition).collect()
        part_counts.append(write_part(skips.collect(), output, skip_part))
        counts: dict[str, int] = {}
        for pc in part_counts:
            for k, v in pc.items():
                counts[k] = counts.get(k, 0) + v
        for table in OUTPUT_TABLES:  # a table without rows still gets its schema
            if not counts.get(table):
                write_part([], output, 0, tables=(table,))
        log.info("processed and written at %.1f s: %s", time.monotonic() - t0, counts)
        report = SparkReport(output=output, master=sc.master, inputs=list(inputs), files=n_files)
        report.rows = {t: int(counts.get(t, 0)) for t in OUTPUT_TABLES}
        report.documents = report.rows["documents"]
        report.errors = report.rows["errors"]
        report.duplicates_dropped = n_raw - report.documents
        if corpus:
            from .corpus import run_corpus

            report.corpus = run_corpus(spark, output, sdict, partitions=n_parts)
        items.unpersist()
    finally:
        if own:
            spark.stop()
    report.seconds = round(time.monotonic() - t0, 3)
    return report


def _output_fs(output: str) -> tuple[Any, str]:
    """(pyarrow filesystem, path in it) of an output directory or URI (local, hdfs://, s3://, gs://)."""
    import pyarrow.fs as pafs

    if "://" not in output and not output.startswith("file:"):
        return pafs.LocalFileSystem(), os.path.abspath(output)
    return pafs.FileSystem.from_uri(output if "://" in output else "file://" + local_path(output))


def _reset_dir(fs: Any, path: str) -> None:
    import pyarrow.fs as pafs

    info = fs.get_file_info(path)
    if info.type == pafs.FileType.Directory:
        fs.delete_dir_contents(path)
    else:
        if info.type != pafs.FileType.NotFound:
            fs.delete_file(path)
        fs.create_dir(path, recursive=True)


def write_part(rows: Iterable[tuple[str, tuple[Any, ...]]], output: str, index: int,
               tables: Sequence[str] | None = None) -> dict[str, int]:
    """Write one partition's rows as ``OUTPUT/TABLE/part-INDEX.parquet`` files (pyarrow, the local
    export's Arrow schema); returns rows per table. Only tables with rows get a file, unless
    ``tables`` names them (then an empty file carries the schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..store.schema import arrow_schema_of
    from .rows import OUTPUT_TABLES, table_types

    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for t, r in rows:
        by_table.setdefault(t, []).append(r)
    fs, root = _output_fs(output)
    for t in tables or OUTPUT_TABLES:
        rs = by_table.get(t, [])
        if not rs and tables is None:
            continue
        schema = arrow_schema_of(table_types(t))
        arrays = [pa.array([r[i] for r in rs], type=schema.field(i).type) for i in range(len(schema))]
        tbl = pa.Table.from_arrays(arrays, schema=schema)
        pq.write_table(tbl, f"{root}/{t}/part-{index:05d}.parquet", filesystem=fs, compression="zstd")
    return {t: len(v) for t, v in by_table.items()}


