"""`rasd spark run`, `rasd import-parquet`: each calls one function of ``rasd.distributed``."""

from __future__ import annotations

import argparse
import json
import os
import sys

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "spark", help="run the pipeline on Apache Spark (needs the rasd[spark] extra and Java 17+)",
        description="Run rasd on Apache Spark. See docs/spark.md for a standalone cluster and spark-submit.")
    ss = p.add_subparsers(dest="spark_what", metavar="WHAT", required=True)
    r = ss.add_parser(
        "run", help="read files, run the document stages per partition, write Parquet tables",
        description="Read text, JSONL, HTML, feeds, WARC and archives from local paths or Hadoop URIs "
        "(hdfs://, s3a://, file://; directories recursively), run the configured document stages on Spark "
        "and write Parquet tables documents, mentions, quotes, amounts, times, events, event_args and errors "
        "(the local export's schema) under --output; then near-duplicates and entity resolution at scale "
        "(duplicates, entities, mention_entities). Load the result with `rasd import-parquet`.")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory or Hadoop-compatible URI")
    r.add_argument("--output", required=True, help="output directory or URI (replaced if it exists)")
    r.add_argument("--master", default=None,
                   help="Spark master, e.g. local[2], spark://host:7077, yarn (default: local[2], or what "
                   "spark-submit set)")
    r.add_argument("--partitions", type=int, default=None, help="partitions (default: Spark's default parallelism)")
    r.add_argument("--published", default=None, help="publication date (ISO 8601) for articles that carry none")
    r.add_argument("--config", help="settings file (TOML); default $RASD_CONFIG")
    r.add_argument("--no-corpus", action="store_true", help="skip the corpus stages (duplicates, entities)")
    r.add_argument("--json", action="store_true", help="print the report as JSON")
    r.set_defaults(func=_run)

    i = sub.add_parser(
        "import-parquet", help="load the Parquet output of `rasd spark run` into a SQLite database",
        description="Load the Parquet tables of `rasd spark run` into a SQLite store (then the dashboard, "
        "search and API work on them) and run the local corpus stages on the imported articles.")
    i.add_argument("directory", help="the --output directory of `rasd spark run`")
    i.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting, rasd.db)")
    i.add_argument("--config", help="settings file (TOML); default $RASD_CONFIG")
    i.add_argument("--no-corpus", action="store_true", help="do not run the corpus stages after loading")
    i.add_argument("--json", action="store_true", help="print the report as JSON")
    i.set_defaults(func=_import)


def _master(args: argparse.Namespace) -> str | None:
    if args.master:
        return args.master
    # under spark-submit the master comes from its configuration
    return None if os.environ.get("SPARK_ENV_LOADED") or os.environ.get("PYSPARK_GATEWAY_PORT") else "local[2]"


def _run(args: argparse.Namespace) -> int:
    from ..distributed import run_spark
    from ..settings import load_settings

    rep = run_spark(args.inputs, args.output, master=_master(args), settings=load_settings(args.config),
                    partitions=args.partitions, published=args.published, corpus=not args.no_corpus)
    if args.json:
        sys.stdout.write(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        print(rep.summary())
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..distributed import import_parquet
    from ..settings import load_settings

    settings = load_settings(args.config)
    db = args.db or os.environ.get("RASD_DB") or settings["db"]
    rep = import_parquet(args.directory, db, settings=settings, corpus=not args.no_corpus)
    if args.json:
        sys.stdout.write(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        print(rep.summary())
    return 0
