"""Flat export rows of one processed document, without a database — what the Spark runner
writes. Pure functions: the values come from ``rasd.store.rows.prepare`` (what the SQLite store
writes) and ``rasd.store.export.flat_rows`` (what ``rasd export`` reads back), so a Parquet table
written by Spark has the same columns, types and values as the local export of the same
articles (``ingested_at`` aside, which is the time each was processed).

The ``errors`` table is the distributed form of the store's ``skips``: one row per input that
could not be read (``stage`` empty) or per document on which a stage failed (``stage`` set).
"""

from __future__ import annotations

from typing import Any, Iterator

from ..store.export import flat_rows
from ..store.rows import Prepared, layer_columns, now_iso
from ..store.schema import TABLES, columns

__all__ = ["ANNOTATION_TABLES", "ERROR_COLUMNS", "OUTPUT_TABLES", "document_rows", "skip_row", "stage_error_rows",
           "table_types"]

ANNOTATION_TABLES: tuple[str, ...] = ("mentions", "quotes", "amounts", "times", "events", "event_args")
ERROR_COLUMNS: list[tuple[str, str]] = [
    ("source", "string"),
    ("code", "string"),
    ("reason", "string"),
    ("doc_id", "string"),
    ("stage", "string"),
]
OUTPUT_TABLES: tuple[str, ...] = ("documents", *ANNOTATION_TABLES, "errors")


def table_types(table: str) -> list[tuple[str, str]]:
    """(column, arrow type name) of an output table."""
    return ERROR_COLUMNS if table == "errors" else TABLES[table]


def document_rows(p: Prepared, ingested_at: str | None = None) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``(table, row tuple in schema column order)`` for every output row of a prepared document."""
    doc_row = dict(p.row)
    doc_row["ingested_at"] = ingested_at or now_iso()
    yield "documents", tuple(doc_row.get(c) for c in columns("documents"))
    layer = {t: [dict(zip(layer_columns(t), r)) for r in p.layers.get(t, ())] for t in ANNOTATION_TABLES}
    for table in ANNOTATION_TABLES:
        if not layer[table]:
            continue
        args = layer["event_args"] if table == "events" else None
        cols = columns(table)
        for r in flat_rows(table, doc_row, layer[table], args):
            yield table, tuple(r[c] for c in cols)
    for r in stage_error_rows(p):
        yield "errors", r


def stage_error_rows(p: Prepared) -> list[tuple[Any, ...]]:
    """Rows of the errors table for the stages that failed on a document (``meta.stage_errors``)."""
    out = []
    for e in p.doc.meta.get("stage_errors") or ():
        out.append((p.doc.source, e.get("code"), e.get("reason"), p.doc.id, e.get("stage")))
    return out


def skip_row(skip: Any) -> tuple[Any, ...]:
    """The errors-table row of an input that could not be read (a ``rasd.ingest.Skip``)."""
    return (str(skip.source), str(skip.code), str(skip.reason), None, None)
