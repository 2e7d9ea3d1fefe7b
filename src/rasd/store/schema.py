"""The flat export schemas, as data: table name -> list of (column, arrow type name).

One schema serves every writer of flat tables: ``rasd export`` (CSV header order, Parquet
schema) and the Spark runner, which must write the same columns with the same types. Type
names are Arrow's (``string``, ``int64``, ``float64``, ``bool``); ``arrow_schema(table)``
turns them into a ``pyarrow.Schema`` (pyarrow is imported only there).

Every annotation table carries its document's ``url``, ``published`` and ``outlet`` and the
``surface`` (``text[start:end]``) so one row stands on its own. JSON-valued columns (``meta``,
``stages``, ``args``) are JSON strings. ``docs/schema.md`` documents all of it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXPORT_TABLES", "TABLES", "ARROW_TYPES", "columns", "arrow_schema", "arrow_schema_of"]

ARROW_TYPES = ("string", "int64", "float64", "bool")

_DOC_CONTEXT = [("url", "string"), ("published", "string"), ("outlet", "string")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("id", "string"),
        ("title", "string"),
        ("url", "string"),
        ("source", "string"),
        ("outlet", "string"),
        ("published", "string"),
        ("published_day", "string"),
        ("language", "string"),
        ("language_score", "float64"),
        ("status", "string"),
        ("skip_code", "string"),
        ("skip_reason", "string"),
        ("text", "string"),
        ("meta", "string"),
        ("stages", "string"),
        ("ingested_at", "string"),
    ],
    "mentions": [
        ("doc_id", "string"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("type", "string"),
        ("score", "float64"),
        ("source", "string"),
        ("entity_id", "string"),
        ("antecedent", "int64"),
        ("norm", "string"),
        *_DOC_CONTEXT,
    ],
    "quotes": [
        ("doc_id", "string"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("kind", "string"),
        ("cue_start", "int64"),
        ("cue_end", "int64"),
        ("cue", "string"),
        ("speaker_start", "int64"),
        ("speaker_end", "int64"),
        ("speaker", "string"),
        ("speaker_mention", "int64"),
        ("channel", "string"),
        ("confidence", "float64"),
        *_DOC_CONTEXT,
    ],
    "amounts": [
        ("doc_id", "string"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("kind", "string"),
        ("value", "float64"),
        ("value_max", "float64"),
        ("unit", "string"),
        ("qualifier", "string"),
        ("unit_start", "int64"),
        ("unit_end", "int64"),
        *_DOC_CONTEXT,
    ],
    "times": [
        ("doc_id", "string"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("type", "string"),
        ("value", "string"),
        ("granularity", "string"),
        ("anchored", "bool"),
        ("mod", "string"),
        *_DOC_CONTEXT,
    ],
    "events": [
        ("doc_id", "string"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("type", "string"),
        ("mode", "string"),
        ("time_idx", "int64"),
        ("time_from_published", "bool"),
        ("amount_idx", "int64"),
        ("quote_idx", "int64"),
        ("sentence_start", "int64"),
        ("sentence_end", "int64"),
        ("confidence", "float64"),
        ("args", "string"),
        *_DOC_CONTEXT,
    ],
    "event_args": [
        ("doc_id", "string"),
        ("event_idx", "int64"),
        ("idx", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("surface", "string"),
        ("role", "string"),
        ("mention", "int64"),
        ("entity_id", "string"),
        ("sector", "string"),
        *_DOC_CONTEXT,
    ],
}

EXPORT_TABLES: tuple[str, ...] = tuple(TABLES)


def columns(table: str) -> list[str]:
    return [c for c, _ in TABLES[table]]


def arrow_schema(table: str) -> Any:
    """The ``pyarrow.Schema`` of an export table."""
    return arrow_schema_of(TABLES[table])


def arrow_schema_of(cols: list[tuple[str, str]]) -> Any:
    """The ``pyarrow.Schema`` of (column, Arrow type name) pairs (also for tables outside ``TABLES``:
    the flat event table, Spark's errors table)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(c, types[t]) for c, t in cols])
