"""Events for the API and the pages: a filterable, sortable table, its download and a
timeline. Plain functions over a ``ReadDB``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

from .query_documents import check_date, key_condition
from .readdb import ReadDB

__all__ = ["event_filters", "list_events", "iter_events", "event_timeline", "event_facets", "to_csv", "to_jsonl", "EXPORT_COLUMNS", "SORTS"]

SORTS = {
    "published": "d.published",
    "type": "e.type",
    "mode": "e.mode",
    "confidence": "e.confidence",
    "outlet": "d.outlet",
}
EXPORT_COLUMNS = [
    "doc_id", "idx", "published", "outlet", "type", "mode", "trigger", "start", "end", "sources", "targets",
    "places", "time", "amount", "confidence", "title", "url",
]
_BASE = (
    "SELECT e.doc_id, e.idx, e.type, e.mode, e.confidence, e.start, e.end, e.time_idx, e.amount_idx, "
    "substr(d.text, e.start + 1, e.end - e.start) AS trigger, d.title, d.published, d.outlet, d.url, "
    "(SELECT t.value FROM times t WHERE t.doc_id = e.doc_id AND t.idx = e.time_idx) AS time, "
    "(SELECT substr(d.text, a.start + 1, a.end - a.start) FROM amounts a WHERE a.doc_id = e.doc_id AND a.idx = e.amount_idx) "
    "AS amount FROM events e JOIN documents d ON d.id = e.doc_id"
)


def event_filters(
    *,
    type: str | None = None,
    mode: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    doc_id: str | None = None,
    min_confidence: float | None = None,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if type:
        where.append("e.type = ?")
        params.append(type)
    if mode:
        where.append("e.mode = ?")
        params.append(mode)
    if outlet:
        where.append("d.outlet = ? COLLATE NOCASE")
        params.append(outlet)
    if language:
        where.append("d.language = ?")
        params.append(language)
    if check_date("date_from", date_from):
        where.append("d.published_day >= ?")
        params.append(date_from)
    if check_date("date_to", date_to):
        where.append("substr(d.published_day, 1, ?) <= ?")
        params += [len(date_to or ""), date_to]
    if doc_id:
        where.append("e.doc_id = ?")
        params.append(doc_id)
    if min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(min_confidence)
    if entity:
        cond, p = key_condition(entity)
        extra = "" if entity.startswith("~") else " OR a.entity_id = ?"
        where.append(
            "EXISTS (SELECT 1 FROM event_args a LEFT JOIN mentions m ON m.doc_id = a.doc_id AND m.idx = a.mention "
            f"WHERE a.doc_id = e.doc_id AND a.event_idx = e.idx AND a.role IN ('source', 'target') AND ({cond}{extra}))"
        )
        params += p + ([] if entity.startswith("~") else [entity])
    return where, params


def _args(db: ReadDB, rows: list[Any]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    pairs = [(r["doc_id"], r["idx"]) for r in rows]
    for i in range(0, len(pairs), 300):
        chunk = pairs[i : i + 300]
        vals = ",".join("(?, ?)" for _ in chunk)
        flat = [x for pr in chunk for x in pr]
        for a in db.q(
            "SELECT a.doc_id, a.event_idx, a.role, a.start, a.end, a.sector, "
            "substr(d.text, a.start + 1, a.end - a.start) AS surface, "
            "coalesce(a.entity_id, m.entity_id, '~' || m.norm) AS entity_key "
            "FROM event_args a JOIN documents d ON d.id = a.doc_id "
            "LEFT JOIN mentions m ON m.doc_id = a.doc_id AND m.idx = a.mention "
            f"WHERE (a.doc_id, a.event_idx) IN (VALUES {vals}) ORDER BY a.doc_id, a.event_idx, a.idx",
            flat,
        ):
            out.setdefault((a["doc_id"], a["event_idx"]), []).append(
                {k: a[k] for k in ("role", "start", "end", "surface", "entity_key", "sector")}
            )
    return out


def _item(r: Any, args: list[dict[str, Any]]) -> dict[str, Any]:
    it = {k: r[k] for k in ("doc_id", "idx", "type", "mode", "confidence", "start", "end", "trigger", "time", "amount", "title", "published", "outlet", "url")}
    it["args"] = args
    return it


def list_events(
    db: ReadDB, *, limit: int = 50, offset: int = 0, sort: str = "published", order: str = "desc", **filters: Any
) -> dict[str, Any]:
    if not db.has_rows("events"):
        return {"ok": True, "total": 0, "limit": limit, "offset": offset, "items": [], "computed": False}
    where, params = event_filters(**filters)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    col = SORTS.get(sort, "d.published")
    direction = "ASC" if order == "asc" else "DESC"
    total = db.scalar(f"SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id{w}", params, 0)
    rows = db.q(f"{_BASE}{w} ORDER BY {col} {direction}, e.doc_id, e.idx LIMIT ? OFFSET ?", params + [limit, offset])
    args = _args(db, rows)
    items = [_item(r, args.get((r["doc_id"], r["idx"]), [])) for r in rows]
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": items, "computed": True}


def iter_events(db: ReadDB, *, max_rows: int = 1_000_000, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every matching event as a flat export row (``EXPORT_COLUMNS``), oldest first."""
    if not db.has_rows("events"):
        return
    where, params = event_filters(**filters)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    cur = db.conn.execute(f"{_BASE}{w} ORDER BY d.published, e.doc_id, e.idx LIMIT ?", params + [max_rows])
    while True:
        rows = cur.fetchmany(500)
        if not rows:
            return
        args = _args(db, rows)
        for r in rows:
            a = args.get((r["doc_id"], r["idx"]), [])

            def role(name: str) -> list[dict[str, Any]]:
                return [{"surface": x["surface"], "entity": x["entity_key"], "start": x["start"], "end": x["end"]} for x in a if x["role"] == name]

            yield {
                "doc_id": r["doc_id"], "idx": r["idx"], "published": r["published"], "outlet": r["outlet"],
                "type": r["type"], "mode": r["mode"], "trigger": r["trigger"], "start": r["start"], "end": r["end"],
                "sources": role("source"), "targets": role("target"), "places": role("place"), "time": r["time"],
                "amount": r["amount"], "confidence": r["confidence"], "title": r["title"], "url": r["url"],
            }


def to_jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for r in rows:
        yield (json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_cell(v: Any) -> Any:
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False) if v else ""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v  # no formula injection when opened in a spreadsheet
    return "" if v is None else v


def to_csv(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(EXPORT_COLUMNS)
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets read Arabic as UTF-8
    for r in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow([_csv_cell(r[c]) for c in EXPORT_COLUMNS])
        yield buf.getvalue().encode("utf-8")


def event_timeline(db: ReadDB, **filters: Any) -> list[tuple[str, str, int]]:
    """(day, type, count) of the matching events by their article's publication day."""
    if not db.has_rows("events"):
        return []
    where, params = event_filters(**filters)
    where.append("d.published_day IS NOT NULL")
    rows = db.q(
        f"SELECT d.published_day AS day, e.type, count(*) n FROM events e JOIN documents d ON d.id = e.doc_id "
        f"WHERE {' AND '.join(where)} GROUP BY day, e.type ORDER BY day",
        params,
    )
    return [(r["day"], r["type"], r["n"]) for r in rows]


def event_facets(db: ReadDB) -> dict[str, list[tuple[str, int]]]:
    if not db.has_rows("events"):
        return {"type": [], "mode": []}

    def build() -> dict[str, list[tuple[str, int]]]:
        return {
            "type": [(r[0], r[1]) for r in db.q("SELECT type, count(*) n FROM events GROUP BY type ORDER BY n DESC")],
            "mode": [(r[0] or "", r[1]) for r in db.q("SELECT mode, count(*) n FROM events GROUP BY mode ORDER BY n DESC")],
        }

    return db.cached("event_facets", build)
