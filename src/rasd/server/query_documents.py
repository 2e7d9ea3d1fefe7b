"""Documents for the API and the pages: lists, search with facets, one document with all its
annotations and their surfaces. Plain functions over a ``ReadDB``; no HTTP here."""

from __future__ import annotations

import html
import re
from typing import Any

from ..arabic.normalize import fold
from ..errors import QueryError
from ..store.rows import STORED_LAYERS
from .readdb import LAYER_STAGE, ReadDB

__all__ = [
    "entity_key",
    "key_condition",
    "doc_filters",
    "list_documents",
    "search",
    "facets",
    "document_view",
    "overview",
    "check_date",
    "clip_snippet",
]

FACET_ROWS = 200_000  # facets count at most this many matches
SNIPPET_MAX = 2000  # longer snippets (a megabyte-long "word") are cut to plain text
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KEY_SQL = "coalesce(m.entity_id, '~' || m.norm)"  # the entity key of a mention row ``m``


def entity_key(entity_id: str | None, surface_or_norm: str, folded: bool = False) -> str:
    """The dashboard's key for what a mention names: its resolved entity id, else ``~`` + the
    folded surface (the name as written, for databases where resolution has not run)."""
    if entity_id:
        return entity_id
    return "~" + (surface_or_norm if folded else fold(surface_or_norm))


def key_condition(key: str, alias: str = "m") -> tuple[str, list[Any]]:
    """SQL condition (and params) selecting the mentions ``alias`` of entity ``key``."""
    if key.startswith("~"):
        return f"({alias}.entity_id IS NULL AND {alias}.norm = ?)", [key[1:]]
    return f"{alias}.entity_id = ?", [key]


def check_date(name: str, v: str | None) -> str | None:
    if v in (None, ""):
        return None
    if not _DATE.match(v):
        raise QueryError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {v!r}")
    return v


def doc_filters(
    db: ReadDB,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    alias: str = "d",
) -> tuple[list[str], list[Any]]:
    """WHERE clauses over documents ``alias`` (same meaning as ``Store.search``'s filters)."""
    where: list[str] = []
    params: list[Any] = []
    if check_date("date_from", date_from):
        where.append(f"{alias}.published_day >= ?")
        params.append(date_from)
    if check_date("date_to", date_to):
        where.append(f"substr({alias}.published_day, 1, ?) <= ?")
        params += [len(date_to or ""), date_to]
    if outlet:
        where.append(f"{alias}.outlet = ? COLLATE NOCASE")
        params.append(outlet)
    if language:
        where.append(f"{alias}.language = ?")
        params.append(language)
    if entity:
        if entity.startswith("~"):
            where.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {alias}.id AND m.norm = ?)")
            params.append(entity[1:])
        else:
            where.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {alias}.id AND (m.entity_id = ? OR m.norm = ?))"
            )
            params += [entity, fold(entity)]
    if event_type:
        where.append(f"EXISTS (SELECT 1 FROM events e WHERE e.doc_id = {alias}.id AND e.type = ?)")
        params.append(event_type)
    return where, params


def _doc_item(r: Any) -> dict[str, Any]:
    return {k: r[k] for k in ("id", "title", "outlet", "published", "language", "url", "status")}


def list_documents(db: ReadDB, *, limit: int = 20, offset: int = 0, sort: str = "published", **filters: Any) -> dict[str, Any]:
    """Documents, newest first (``sort='published'``) or in ingest order (``sort='ingested'``)."""
    where, params = doc_filters(db, **filters)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.scalar(f"SELECT count(*) FROM documents d{w}", params, 0)
    order = "d.published IS NULL, d.published DESC, d.rowid DESC" if sort == "published" else "d.rowid DESC"
    rows = db.q(
        f"SELECT d.id, d.title, d.outlet, d.published, d.language, d.url, d.status, length(d.text) AS n "
        f"FROM documents d{w} ORDER BY {order} LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    items = []
    for r in rows:
        it = _doc_item(r)
        it["chars"] = r["n"]
        items.append(it)
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": items}


def clip_snippet(s: str, max_chars: int = SNIPPET_MAX) -> str:
    """A snippet (escaped text with <mark> tags) of at most about ``max_chars``: a longer one
    becomes its plain text, cut, escaped again (its marks are dropped)."""
    if len(s) <= max_chars:
        return s
    plain = html.unescape(s.replace("<mark>", "").replace("</mark>", ""))
    return html.escape(plain[: max_chars // 4]) + " …"


def search(db: ReadDB, q: str, *, limit: int = 20, offset: int = 0, advanced: bool = False, **filters: Any) -> dict[str, Any]:
    """``Store.search`` (Arabic-normalised FTS5) as JSON-ready data."""
    for name in ("date_from", "date_to"):
        check_date(name, filters.get(name))
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    if str(filters.get("entity", "")).startswith("~"):
        filters["entity"] = filters["entity"][1:]  # the name as written: Store.search matches its folded form
    res = db.store.search(q, limit=limit, offset=offset, advanced=advanced, **filters)
    out = res.to_dict()
    for h in out["hits"]:
        h["snippet_html"] = clip_snippet(h["snippet_html"])
        h["title_html"] = clip_snippet(h["title_html"])
    out["ok"] = True
    out["fts"] = out.pop("query")
    out["q"] = q
    return out


def facets(db: ReadDB, fts: str, **filters: Any) -> dict[str, list[tuple[str, int]]]:
    """Counts by outlet, language and month of the documents matching the FTS5 expression
    ``fts`` (from a search result), each facet under the other active filters. One query
    reads the matches' outlet/language/day (entity and event-type filters applied in SQL);
    the per-facet filtering happens here. Cached while the data does not change."""
    fixed = {k: filters.get(k) for k in ("entity", "event_type") if filters.get(k)}
    where, params = doc_filters(db, **fixed)

    def rows() -> list[tuple[str, str, str]]:
        sql = (
            "SELECT coalesce(d.outlet, ''), coalesce(d.language, ''), coalesce(d.published_day, '') "
            "FROM docs_fts JOIN documents d ON d.id = docs_fts.doc_id WHERE docs_fts MATCH ?"
            + "".join(" AND " + x for x in where) + f" LIMIT {FACET_ROWS}"
        )
        return [tuple(r) for r in db.q(sql, [fts] + params)]

    matches = db.cached(("facet-rows", fts, tuple(sorted(fixed.items()))), rows)
    outlet = (filters.get("outlet") or "").casefold()
    language = filters.get("language") or ""
    dfrom, dto = filters.get("date_from") or "", filters.get("date_to") or ""

    def keep(o: str, lang: str, day: str, skip: str) -> bool:
        if skip != "outlet" and outlet and o.casefold() != outlet:
            return False
        if skip != "language" and language and lang != language:
            return False
        if skip != "month" and (dfrom or dto):
            if not day or (dfrom and day < dfrom) or (dto and day[: len(dto)] > dto):
                return False
        return True

    out: dict[str, list[tuple[str, int]]] = {}
    for i, name in enumerate(("outlet", "language", "month")):
        counts: dict[str, int] = {}
        for r in matches:
            if keep(r[0], r[1], r[2], name):
                v = r[2][:7] if name == "month" else r[i]
                counts[v] = counts.get(v, 0) + 1
        top = sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:40]
        out[name] = sorted(top) if name == "month" else top
    return out


def _span(text: str, s: Any, e: Any) -> str | None:
    return text[s:e] if s is not None and e is not None and 0 <= s <= e <= len(text) else None


def document_view(db: ReadDB, doc_id: str) -> dict[str, Any]:
    """One document (the Document JSON form, no tokens) with every annotation's ``surface``,
    quote cue/speaker surfaces, entity keys, which layers were computed, and its story."""
    doc = db.store.get(doc_id, layers=STORED_LAYERS)  # NotFound -> 404
    d = doc.to_dict(layers=STORED_LAYERS)
    text = doc.text
    mkeys: list[str] = []
    for i, m in enumerate(d["mentions"]):
        m["idx"] = i
        m["surface"] = _span(text, m["start"], m["end"]) or ""
        m["entity_key"] = entity_key(m.get("entity_id"), m["surface"])
        mkeys.append(m["entity_key"])

    def mkey(i: Any) -> str | None:
        return mkeys[i] if isinstance(i, int) and 0 <= i < len(mkeys) else None

    for i, qt in enumerate(d["quotes"]):
        qt["idx"] = i
        qt["surface"] = _span(text, qt["start"], qt["end"])
        qt["cue"] = _span(text, qt.get("cue_start"), qt.get("cue_end"))
        qt["speaker"] = _span(text, qt.get("speaker_start"), qt.get("speaker_end"))
        qt["speaker_key"] = mkey(qt.get("speaker_mention"))
    for layer in ("amounts", "times"):
        for i, a in enumerate(d[layer]):
            a["idx"] = i
            a["surface"] = _span(text, a["start"], a["end"])
    for i, ev in enumerate(d["events"]):
        ev["idx"] = i
        ev["surface"] = _span(text, ev["start"], ev["end"])
        for a in ev.get("args", []):
            a["surface"] = _span(text, a["start"], a["end"])
            a["entity_key"] = a.get("entity_id") or mkey(a.get("mention")) or (
                entity_key(None, a["surface"]) if a["surface"] and a.get("role") in ("source", "target") else None
            )
        t = ev.get("time")
        ev["time_value"] = d["times"][t].get("value") if isinstance(t, int) and 0 <= t < len(d["times"]) else None
        am = ev.get("amount")
        ev["amount_surface"] = d["amounts"][am]["surface"] if isinstance(am, int) and 0 <= am < len(d["amounts"]) else None
    stages = set(doc.stages)
    d["computed"] = {layer: stage in stages for layer, stage in LAYER_STAGE.items()}
    d["ok"] = True
    d["story"] = None
    if db.has_table("story_members") and db.has_table("stories"):
        r = db.one(
            "SELECT s.id, s.title, s.size, s.n_outlets FROM story_members sm JOIN stories s ON s.id = sm.story_id "
            "WHERE sm.doc_id = ?",
            (doc_id,),
        )
        if r:
            d["story"] = {"id": r["id"], "title": r["title"], "size": r["size"], "n_outlets": r["n_outlets"]}
    return d


def overview(db: ReadDB) -> dict[str, Any]:
    """Small counts for the home page and /api/status (cached)."""

    def build() -> dict[str, Any]:
        out: dict[str, Any] = {"documents": db.scalar("SELECT count(*) FROM documents", default=0)}
        for t in ("mentions", "quotes", "amounts", "times", "events", "stories", "entities"):
            out[t] = db.scalar(f"SELECT count(*) FROM {t}", default=0) if db.has_table(t) else None
        out["outlets"] = [
            (r[0], r[1])
            for r in db.q(
                "SELECT outlet, count(*) n FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC LIMIT 12"
            )
        ]
        out["languages"] = [
            (r[0] or "", r[1]) for r in db.q("SELECT language, count(*) n FROM documents GROUP BY language ORDER BY n DESC LIMIT 12")
        ]
        r = db.one("SELECT min(published_day), max(published_day) FROM documents")
        out["published"] = {"from": r[0], "to": r[1]}
        return out

    return db.cached("overview", build)
