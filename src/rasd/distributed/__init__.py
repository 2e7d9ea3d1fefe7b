"""rasd beyond one machine: the same readers and pipeline on Apache Spark (``rasd[spark]``).

* :func:`run_spark` (``rasd spark run``) — document stages per partition, Parquet tables with the
  local export's schema, corpus stages by Spark keys (:mod:`.spark`, :mod:`.corpus`);
* :func:`import_parquet` (``rasd import-parquet``) — load the tables into a SQLite store.

pyspark is imported only when a Spark job starts. See ``docs/spark.md``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["run_spark", "import_parquet"]


def run_spark(*args: Any, **kwargs: Any) -> Any:
    from .spark import run_spark as _run

    return _run(*args, **kwargs)


def import_parquet(*args: Any, **kwargs: Any) -> Any:
    from .importer import import_parquet as _imp

    return _imp(*args, **kwargs)
