"""Exports (JSONL, CSV, Parquet) and statistics.

Flat tables follow ``rasd.store.schema.TABLES`` exactly: the CSV header order and the Parquet
schema come from there (the Spark runner writes the same). ``documents`` as JSONL is the JSON
form of ``Document`` (``Document.to_dict`` without tokens: the documented contract, one
document per line, with its annotations); every other table/format combination writes the
flat rows. Rows are streamed in document order (the order they were stored).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..errors import StoreError
from .rows import STORED_LAYERS
from .schema import EXPORT_TABLES, TABLES, arrow_schema, columns

__all__ = ["export", "iter_rows", "flat_rows", "write_rows", "stats", "FORMATS"]

FORMATS = ("jsonl", "csv", "parquet")
BATCH = 5000


def _span(text: str, s: Any, e: Any) -> str | None:
    return text[s:e] if s is not None and e is not None else None


def iter_rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of an export table (dicts in schema column order)."""
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(EXPORT_TABLES)})")
    cols = columns(table)
    conn = _dict_conn(conn)
    if table == "documents":
        for r in conn.execute(f"SELECT {', '.join(cols)} FROM documents ORDER BY rowid"):
            yield dict(r)
        return
    docs = conn.execute("SELECT id, text, url, published, outlet FROM documents ORDER BY rowid")
    order = "event_idx, idx" if table == "event_args" else "idx"
    for d in docs:
        args = None
        if table == "events":
            args = conn.execute("SELECT * FROM event_args WHERE doc_id=? ORDER BY event_idx, idx", (d["id"],))
        rows = conn.execute(f"SELECT * FROM {table} WHERE doc_id=? ORDER BY {order}", (d["id"],))
        yield from flat_rows(table, d, rows, args)


def flat_rows(table: str, doc: Mapping[str, Any], rows: Iterable[Mapping[str, Any]],
              event_args: Iterable[Mapping[str, Any]] | None = None) -> Iterator[dict[str, Any]]:
    """The flat export rows of one document's annotation ``table`` — pure, shared by ``rasd
    export`` (rows read back from SQLite) and the Spark runner (rows from ``rows.prepare``), so
    both write the same values. ``doc``: its ``id``, ``text``, ``url``, ``published``,
    ``outlet``; ``rows``: the table's stored rows (mappings by column name, in idx order);
    ``event_args``: for ``events``, the document's event_args rows (to fill ``args``)."""
    text = doc["text"]
    cols = columns(table)
    bools = {c for c, t in TABLES[table] if t == "bool"}
    args: dict[int, list[dict[str, Any]]] = {}
    for a in event_args or ():
        item = {k: a[k] for k in ("start", "end", "role", "mention", "entity_id", "sector")}
        item["surface"] = _span(text, a["start"], a["end"])
        args.setdefault(a["event_idx"], []).append(item)
    for a in rows:
        row = dict(a)
        row.update(url=doc["url"], published=doc["published"], outlet=doc["outlet"])
        row["surface"] = _span(text, a["start"], a["end"])
        if table == "quotes":
            row["cue"] = _span(text, a["cue_start"], a["cue_end"])
            row["speaker"] = _span(text, a["speaker_start"], a["speaker_end"])
        elif table == "events":
            row["args"] = json.dumps(args.get(a["idx"], []), ensure_ascii=False)
        for b in bools:
            if row.get(b) is not None:
                row[b] = bool(row[b])
        yield {c: row.get(c) for c in cols}


def _dict_conn(conn: sqlite3.Connection) -> sqlite3.Connection:
    if conn.row_factory is not sqlite3.Row:
        raise StoreError("export needs a connection with row_factory=sqlite3.Row")
    return conn


@contextmanager
def _binary_out(out: Any) -> Iterator[Any]:
    if hasattr(out, "write"):
        yield out
        return
    if str(out) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    p = Path(out)
    if not p.parent.is_dir():
        raise StoreError(f"cannot write {p}: directory {p.parent} does not exist")
    with open(p, "wb") as f:
        yield f


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: Any, cols: Sequence[str], schema: Any = None,
               batch: int = BATCH) -> int:
    """Write flat ``rows`` (dicts keyed by ``cols``) as ``fmt`` (jsonl, csv, parquet) to ``out`` (a path,
    ``-`` for stdout, or a binary file object); ``schema`` is a zero-argument callable giving the
    ``pyarrow.Schema`` (only called for parquet). Returns the number of rows. Shared by every flat export."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    n = 0
    with _binary_out(out) as f:
        if fmt == "jsonl":
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
                n += 1
        elif fmt == "csv":
            text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=True)
            try:
                w = csv.writer(text)
                w.writerow(cols)
                for r in rows:
                    w.writerow([_csv_value(r.get(c)) for c in cols])
                    n += 1
                text.flush()
            finally:
                text.detach()
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pschema = schema()
            with pq.ParquetWriter(f, pschema, compression="zstd") as pw:
                buf: list[dict[str, Any]] = []
                for r in rows:
                    buf.append(r)
                    if len(buf) >= batch:
                        pw.write_table(pa.Table.from_pylist(buf, schema=pschema))
                        n += len(buf)
                        buf = []
                if buf or n == 0:
                    pw.write_table(pa.Table.from_pylist(buf, schema=pschema))
                    n += len(buf)
    return n


def export(store: Any, fmt: str, out: Any = "-", table: str = "documents") -> int:
    """Write ``table`` of ``store`` as ``fmt`` to ``out`` (path, ``-`` or binary file object).
    Returns the number of rows (documents for documents.jsonl)."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(EXPORT_TABLES)})")
    if fmt == "jsonl" and table == "documents":
        layers = tuple(x for x in STORED_LAYERS)
        docs = (d.to_dict(layers=layers) for d in store.iter_documents(layers=layers))
        return write_rows(docs, fmt, out, ())
    return write_rows(iter_rows(store.conn, table), fmt, out, columns(table), lambda: arrow_schema(table))


def _counts(conn: sqlite3.Connection, sql: str) -> dict[str, int]:
    return {(k if k is not None else "unknown"): v for k, v in conn.execute(sql)}


def stats(conn: sqlite3.Connection, examples: int = 3) -> dict[str, Any]:
    """Counts for ``rasd stats`` (see ``Store.stats``)."""
    q = conn.execute
    out: dict[str, Any] = {"documents": q("SELECT count(*) FROM documents").fetchone()[0]}
    out["by_language"] = _counts(conn, "SELECT language, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")
    out["by_outlet"] = _counts(conn, "SELECT outlet, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")
    out["by_status"] = _counts(conn, "SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")
    lo, hi = q("SELECT min(published_day), max(published_day) FROM documents").fetchone()
    out["published"] = {"from": lo, "to": hi}
    out["annotations"] = {
        t: q(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("mentions", "quotes", "amounts", "times", "events")
    }
    by_code: dict[str, Any] = {}
    for code, n in q("SELECT code, count(*) FROM skips GROUP BY code ORDER BY code"):
        ex = q("SELECT source, reason FROM skips WHERE code=? ORDER BY at DESC, id DESC LIMIT ?", (code, examples))
        by_code[code] = {"count": n, "examples": [{"source": s, "reason": r} for s, r in ex]}
    for code, n in q("SELECT skip_code, count(*) FROM documents WHERE status='skipped' GROUP BY 1 ORDER BY 1"):
        ex = q(
            "SELECT id, skip_reason FROM documents WHERE status='skipped' AND skip_code IS ? LIMIT ?", (code, examples)
        )
        entry = by_code.setdefault(code or "unknown", {"count": 0, "examples": []})
        entry["count"] += n
        entry["examples"] += [{"source": f"document {i}", "reason": r} for i, r in ex]
    out["skips"] = {
        "inputs": q("SELECT count(*) FROM skips").fetchone()[0],
        "documents": out["by_status"].get("skipped", 0),
        "by_code": by_code,
    }
    return out
