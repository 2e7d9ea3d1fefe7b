"""The flat event table: one row per event, every field with its text and character span —
the shape an event-data user loads into pandas or R (``pd.read_parquet``, ``arrow::read_parquet``,
``read.csv``).

Columns (``EVENT_COLUMNS``, snake_case, Arrow type names as in :mod:`rasd.store.schema`):
document context (``doc_id``, ``url``, ``published``, ``outlet``), the event (``event_idx``,
``type``, ``mode``, ``confidence``), its trigger (text, start, end), the sentence span, the
sources and targets (names joined with ``"; "``, their entity ids and sectors joined the same
way, and the full list as JSON with spans and mention indexes), the place, the bound time
(value, text, span, ``time_from_published``), the amount (value, unit, text, span) and the
quote index for reported events. Offsets are half-open character offsets into the stored
article text. JSON columns are JSON strings; absent values are nulls (empty in CSV).
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from ..document import Document, Event, EventArg
from ..errors import RasdError
from ..store.export import write_rows

__all__ = ["EVENT_COLUMNS", "FORMATS", "columns", "arrow_schema", "event_rows", "iter_event_rows", "export_events", "list_events"]

FORMATS = ("jsonl", "csv", "parquet")
SEP = "; "

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "string"),
    ("event_idx", "int64"),
    ("url", "string"),
    ("published", "string"),
    ("outlet", "string"),
    ("type", "string"),
    ("mode", "string"),
    ("confidence", "float64"),
    ("trigger", "string"),
    ("trigger_start", "int64"),
    ("trigger_end", "int64"),
    ("sentence_start", "int64"),
    ("sentence_end", "int64"),
    ("source_names", "string"),
    ("source_entity_ids", "string"),
    ("source_sectors", "string"),
    ("sources_json", "string"),
    ("target_names", "string"),
    ("target_entity_ids", "string"),
    ("target_sectors", "string"),
    ("targets_json", "string"),
    ("place", "string"),
    ("place_start", "int64"),
    ("place_end", "int64"),
    ("place_entity_id", "string"),
    ("time_value", "string"),
    ("time_text", "string"),
    ("time_start", "int64"),
    ("time_end", "int64"),
    ("time_from_published", "bool"),
    ("amount_value", "float64"),
    ("amount_unit", "string"),
    ("amount_text", "string"),
    ("amount_start", "int64"),
    ("amount_end", "int64"),
    ("quote_idx", "int64"),
]


def columns() -> list[str]:
    return [c for c, _ in EVENT_COLUMNS]


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of the event table."""
    from ..store.schema import arrow_schema_of

    return arrow_schema_of(EVENT_COLUMNS)


def _arg_item(doc: Document, a: EventArg) -> dict[str, Any]:
    return {
        "text": doc.text[a.start : a.end],
        "start": a.start,
        "end": a.end,
        "entity_id": a.entity_id,
        "sector": a.sector,
        "mention": a.mention,
    }


def _join(vals: Iterable[str | None]) -> str | None:
    vals = [v for v in vals if v]
    return SEP.join(vals) if vals else None


def _row(doc: Document, i: int, ev: Event) -> dict[str, Any]:
    row: dict[str, Any] = {c: None for c in columns()}
    row.update(
        doc_id=doc.id, event_idx=i, url=doc.url, published=doc.published, outlet=doc.outlet, type=ev.type,
        mode=ev.mode, confidence=ev.confidence, trigger=doc.text[ev.start : ev.end], trigger_start=ev.start,
        trigger_end=ev.end, sentence_start=ev.sentence_start, sentence_end=ev.sentence_end,
        time_from_published=bool(ev.time_from_published), quote_idx=ev.quote,
    )
    for role, key in (("source", "source"), ("target", "target")):
        items = [_arg_item(doc, a) for a in ev.args if a.role == role]
        row[f"{key}_names"] = _join(x["text"] for x in items)
        row[f"{key}_entity_ids"] = _join(x["entity_id"] for x in items)
        row[f"{key}_sectors"] = _join(x["sector"] for x in items)
        row[f"{key}s_json"] = json.dumps(items, ensure_ascii=False) if items else None
    place = next((a for a in ev.args if a.role == "place"), None)
    if place is not None:
        row.update(place=doc.text[place.start : place.end], place_start=place.start, place_end=place.end,
                   place_entity_id=place.entity_id)
    if ev.time is not None and 0 <= ev.time < len(doc.times):
        t = doc.times[ev.time]
        row.update(time_value=t.value, time_text=doc.text[t.start : t.end], time_start=t.start, time_end=t.end)
    if ev.amount is not None and 0 <= ev.amount < len(doc.amounts):
        am = doc.amounts[ev.amount]
        row.update(amount_value=am.value, amount_unit=am.unit, amount_text=doc.text[am.start : am.end],
                   amount_start=am.start, amount_end=am.end)
    return row


def event_rows(doc: Document, types: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Flat rows of one document's events (optionally only some types)."""
    want = {t.upper() for t in types} if types else None
    for i, ev in enumerate(doc.events):
        if want is None or ev.type in want:
            yield _row(doc, i, ev)


def iter_event_rows(store: Any, types: Iterable[str] | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Flat rows of every event in ``store`` (a :class:`rasd.store.Store`), in document order."""
    n = 0
    ids = _ids_with_events(store, types)
    for doc in store.iter_documents(ids, layers=("events", "times", "amounts", "mentions")):
        for row in event_rows(doc, types):
            yield row
            n += 1
            if limit is not None and n >= limit:
                return


def _ids_with_events(store: Any, types: Iterable[str] | None) -> list[str] | None:
    """Ids of the documents that have (matching) events, in storage order, straight from the
    events table when the store has one (so documents without events are not loaded)."""
    conn = getattr(store, "conn", None)
    if conn is None:
        return None
    try:
        if types:
            tl = sorted({t.upper() for t in types})
            q = f"SELECT DISTINCT e.doc_id FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.type IN ({','.join('?' * len(tl))}) ORDER BY d.rowid"
            return [r[0] for r in conn.execute(q, tl)]
        return [r[0] for r in conn.execute("SELECT DISTINCT e.doc_id FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY d.rowid")]
    except Exception:  # noqa: BLE001 - an older store layout: read every document
        return None


def list_events(store: Any, types: Iterable[str] | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The first ``limit`` event rows (for ``rasd events``)."""
    return list(iter_event_rows(store, types, limit))


def export_events(store: Any, fmt: str, out: Any = "-", *, types: Iterable[str] | None = None, limit: int | None = None,
                  batch: int = 5000) -> int:
    """Write the flat event table of ``store`` as ``fmt`` (jsonl, csv, parquet) to ``out`` (a
    path, ``-`` for stdout, or a binary file object). Returns the number of rows."""
    if fmt not in FORMATS:
        raise RasdError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return write_rows(iter_event_rows(store, types, limit), fmt, out, columns(), arrow_schema, batch=batch)
