"""Entities and quotes for the API and the pages.

An entity is addressed by a *key*: the resolved ``entity_id`` of its mentions when entity
resolution has run, else ``~`` + the folded name as written (``query_documents.entity_key``),
so the entity pages work on a database where only NER has run. When the resolve stage's
``entities`` table exists, its canonical name, Latin-script name and aliases are used; its
columns are looked up by name, so the page degrades (shows "not computed yet") rather than
breaking when a column is absent.
"""

from __future__ import annotations

import json
from typing import Any

from ..arabic.normalize import fold
from ..errors import NotFound
from .query_documents import KEY_SQL, doc_filters, key_condition
from .readdb import ReadDB

__all__ = ["list_entities", "entity_view", "list_quotes", "entity_info", "names_for"]

_NAME_COLS = ("name", "canonical", "canonical_name", "name_ar", "label")
_LATIN_COLS = ("name_latin", "latin", "latin_name", "name_en", "romanized", "translit")
_ALIAS_TABLES = ("entity_aliases", "aliases")
_ALIAS_COLS = ("alias", "surface", "name", "form")
_COUNT_COLS = ("count", "n", "mentions", "mention_count", "n_mentions")
MAX_COOC_DOCS = 5000


def _first(cols: set[str], names: tuple[str, ...]) -> str | None:
    return next((c for c in names if c in cols), None)


def entity_info(db: ReadDB, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Rows of the resolve stage's ``entities`` table for ``ids`` (resolved keys only), as
    {id: {name, latin, type, aliases, first_seen, last_seen, extra}}; {} when it is absent."""
    ids = [i for i in ids if i and not i.startswith("~")]
    cols = db.columns("entities")
    if not ids or "id" not in cols:
        return {}
    out: dict[str, dict[str, Any]] = {}
    name_c, latin_c = _first(cols, _NAME_COLS), _first(cols, _LATIN_COLS)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in db.q(f"SELECT * FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            row = dict(r)
            for k in ("candidates",):
                if isinstance(row.get(k), str):
                    try:
                        row[k] = json.loads(row[k])
                    except ValueError:
                        pass
            aliases = row.get("aliases")
            if isinstance(aliases, str):
                try:
                    aliases = json.loads(aliases)
                except ValueError:
                    aliases = None
            out[row["id"]] = {
                "name": row.get(name_c) if name_c else None,
                "latin": row.get(latin_c) if latin_c else None,
                "type": row.get("type"),
                "aliases": aliases if isinstance(aliases, list) else None,
                "first_seen": row.get("first_seen"),
                "last_seen": row.get("last_seen"),
                "extra": {k: v for k, v in row.items() if k not in ("id", "aliases", name_c, latin_c) and v not in (None, "")},
            }
    return out


def _alias_rows(db: ReadDB, entity_id: str) -> list[tuple[str, int]] | None:
    for t in _ALIAS_TABLES:
        cols = db.columns(t)
        a, n = _first(cols, _ALIAS_COLS), _first(cols, _COUNT_COLS)
        if "entity_id" in cols and a:
            order = f"{n} DESC" if n else a
            rows = db.q(f"SELECT {a} AS a, {n or '1'} AS n FROM {t} WHERE entity_id = ? ORDER BY {order} LIMIT 100", (entity_id,))
            return [(r["a"], r["n"]) for r in rows]
    return None


def names_for(db: ReadDB, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Display name (canonical, else the most frequent surface), type and Latin name per key."""
    info = entity_info(db, keys)
    out: dict[str, dict[str, Any]] = {}
    for k in keys:
        i = info.get(k, {})
        r = None
        if not (i.get("name") and i.get("type")):  # only then ask the mentions (costly for a frequent name)
            cond, p = key_condition(k)
            r = db.one(
                f"SELECT m.surface, m.type, count(*) n FROM mentions m WHERE {cond} GROUP BY m.surface, m.type "
                f"ORDER BY n DESC LIMIT 1",
                p,
            )
        out[k] = {
            "name": i.get("name") or (r["surface"] if r else k.lstrip("~")),
            "type": i.get("type") or (r["type"] if r else None),
            "latin": i.get("latin"),
        }
    return out


def _list_resolved(db: ReadDB, q: str | None, type: str | None, limit: int, offset: int, sort: str) -> dict[str, Any] | None:
    """Entities from the resolve stage's table (None when it lacks the columns needed)."""
    cols = db.columns("entities")
    name_c, latin_c = _first(cols, _NAME_COLS), _first(cols, _LATIN_COLS)
    if not {"id", "mention_count", "doc_count"} <= cols or not name_c:
        return None
    where, params = ["e.mention_count > 0"], []
    if q:
        esc = fold(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        alias = (
            " OR EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = e.id AND a.norm LIKE ? ESCAPE '\\')"
            if {"entity_id", "norm"} <= db.columns("entity_aliases") else ""
        )
        where.append(f"(e.id = ? OR e.{name_c} LIKE ? ESCAPE '\\'{alias})")
        raw = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [q, f"%{raw}%"] + ([f"%{esc}%"] if alias else [])
    if type:
        where.append("e.type = ?")
        params.append(type)
    w = " WHERE " + " AND ".join(where)
    parts = [
        f"SELECT e.id AS k, e.mention_count AS n, e.doc_count AS docs, e.{name_c} AS name, e.type AS type, "
        f"{('e.' + latin_c) if latin_c else 'NULL'} AS latin FROM entities e{w}"
    ]
    if db.one("SELECT 1 FROM mentions WHERE entity_id IS NULL LIMIT 1"):  # mentions resolution has not reached yet
        mw, mp = ["m.entity_id IS NULL"], []
        if q:
            mw.append("m.norm LIKE ? ESCAPE '\\'")
            mp.append(f"%{fold(q).replace(chr(92), chr(92) * 2).replace('%', chr(92) + '%').replace('_', chr(92) + '_')}%")
        if type:
            mw.append("m.type = ?")
            mp.append(type)
        parts.append(
            "SELECT '~' || m.norm, count(*), count(DISTINCT m.doc_id), NULL, max(m.type), NULL FROM mentions m "
            f"WHERE {' AND '.join(mw)} GROUP BY m.norm"
        )
        params = params + mp
    union = " UNION ALL ".join(parts)
    order = {"mentions": "n DESC", "documents": "docs DESC", "name": "name"}.get(sort, "n DESC")
    total = db.scalar(f"SELECT count(*) FROM ({union})", params, 0)
    rows = db.q(f"SELECT * FROM ({union}) ORDER BY {order}, k LIMIT ? OFFSET ?", params + [limit, offset])
    missing = [r["k"] for r in rows if r["name"] is None]
    names = names_for(db, missing) if missing else {}
    items = [{"key": r["k"], "mentions": r["n"], "documents": r["docs"], "name": r["name"] or names[r["k"]]["name"],
              "type": r["type"], "latin": r["latin"]} for r in rows]
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": items, "computed": True, "resolved": True}


def list_entities(
    db: ReadDB, *, q: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0, sort: str = "mentions"
) -> dict[str, Any]:
    """Entities with mention and document counts: the resolve stage's entities when it has
    run, else mentions grouped by their folded name."""
    if db.has_rows("entities"):
        out = _list_resolved(db, q, type, limit, offset, sort)
        if out is not None:
            return out
    if not db.has_rows("mentions"):
        return {"ok": True, "total": 0, "limit": limit, "offset": offset, "items": [], "computed": False}
    where, params = [], []
    if q:
        where.append("(m.norm LIKE ? ESCAPE '\\' OR m.entity_id = ?)")
        esc = fold(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [f"%{esc}%", q]
    if type:
        where.append("m.type = ?")
        params.append(type)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    order = {"mentions": "n DESC, k", "documents": "docs DESC, k", "name": "k"}.get(sort, "n DESC, k")

    def build() -> list[tuple[str, int, int]]:
        rows = db.q(
            f"SELECT {KEY_SQL} AS k, count(*) AS n, count(DISTINCT m.doc_id) AS docs FROM mentions m{w} "
            f"GROUP BY k ORDER BY {order}",
            params,
        )
        return [(r["k"], r["n"], r["docs"]) for r in rows]

    allrows = db.cached(("entities", q, type, sort), build)
    page = allrows[offset : offset + limit]
    names = names_for(db, [k for k, _n, _d in page])
    items = [{"key": k, "mentions": n, "documents": d, **names[k]} for k, n, d in page]
    return {"ok": True, "total": len(allrows), "limit": limit, "offset": offset, "items": items, "computed": True, "resolved": False}


def _timeline(db: ReadDB, cond: str, p: list[Any]) -> list[tuple[str, int]]:
    rows = db.q(
        f"SELECT d.published_day AS day, count(*) AS n FROM mentions m JOIN documents d ON d.id = m.doc_id "
        f"WHERE {cond} AND d.published_day IS NOT NULL GROUP BY day ORDER BY day",
        p,
    )
    return [(r["day"], r["n"]) for r in rows]


def _quotes_sql(cond: str) -> str:
    return (
        "SELECT DISTINCT q.doc_id, q.idx, q.kind, q.confidence, substr(d.text, q.start + 1, q.end - q.start) AS surface, "
        "substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start) AS speaker, "
        "substr(d.text, q.cue_start + 1, q.cue_end - q.cue_start) AS cue, d.title, d.published, d.outlet "
        "FROM mentions m JOIN quotes q ON q.doc_id = m.doc_id AND (q.speaker_mention = m.idx OR "
        "(q.speaker_mention IS NULL AND m.start >= q.speaker_start AND m.end <= q.speaker_end)) "
        f"JOIN documents d ON d.id = q.doc_id WHERE {cond} ORDER BY d.published DESC, q.doc_id, q.idx LIMIT ? OFFSET ?"
    )


def _events(db: ReadDB, key: str, limit: int) -> list[dict[str, Any]]:
    cond, p = key_condition(key)
    sql = (
        "SELECT DISTINCT e.doc_id, e.idx, e.type, e.mode, e.confidence, a.role, "
        "substr(d.text, e.start + 1, e.end - e.start) AS trigger, d.title, d.published, d.outlet "
        "FROM mentions m JOIN event_args a ON a.doc_id = m.doc_id AND a.mention = m.idx "
        "JOIN events e ON e.doc_id = a.doc_id AND e.idx = a.event_idx JOIN documents d ON d.id = e.doc_id "
        f"WHERE {cond} AND a.role IN ('source', 'target')"
    )
    params = list(p)
    if not key.startswith("~"):  # arguments linked to the entity without a mention
        sql += (
            " UNION SELECT e.doc_id, e.idx, e.type, e.mode, e.confidence, a.role, "
            "substr(d.text, e.start + 1, e.end - e.start), d.title, d.published, d.outlet "
            "FROM event_args a JOIN events e ON e.doc_id = a.doc_id AND e.idx = a.event_idx "
            "JOIN documents d ON d.id = e.doc_id WHERE a.entity_id = ? AND a.role IN ('source', 'target')"
        )
        params.append(key)
    rows = db.q(f"SELECT * FROM ({sql}) ORDER BY published DESC LIMIT ?", params + [limit])
    return [dict(r) for r in rows]


def entity_view(db: ReadDB, key: str, *, quotes_limit: int = 50, events_limit: int = 50, cooc_limit: int = 20) -> dict[str, Any]:
    """Everything the entity page shows; raises NotFound for an unknown key."""
    info = entity_info(db, [key]).get(key)
    if not db.has_table("mentions"):
        raise NotFound(f"no entity {key!r} (entities are not computed yet)")
    cond, p = key_condition(key)
    r = db.one(f"SELECT count(*) n, count(DISTINCT m.doc_id) docs FROM mentions m WHERE {cond}", p)
    if not r["n"] and not info:
        raise NotFound(f"no entity {key!r}")
    aliases = [
        (a["surface"], a["n"])
        for a in db.q(f"SELECT m.surface, count(*) n FROM mentions m WHERE {cond} GROUP BY m.surface ORDER BY n DESC LIMIT 50", p)
    ]
    if not key.startswith("~"):
        stored = _alias_rows(db, key) or (info or {}).get("aliases")
        if stored:
            aliases = [tuple(a) if isinstance(a, (list, tuple)) else (str(a), None) for a in stored]
    types = [(t["type"], t["n"]) for t in db.q(f"SELECT m.type, count(*) n FROM mentions m WHERE {cond} GROUP BY m.type ORDER BY n DESC", p)]
    timeline = _timeline(db, cond, p)
    cooc_rows = db.q(
        f"WITH docs AS (SELECT DISTINCT m.doc_id FROM mentions m WHERE {cond} LIMIT {MAX_COOC_DOCS}) "
        f"SELECT {KEY_SQL} AS k, count(DISTINCT m.doc_id) AS n FROM mentions m JOIN docs ON docs.doc_id = m.doc_id "
        f"GROUP BY k HAVING k <> ? ORDER BY n DESC, k LIMIT ?",
        p + [key, cooc_limit],
    )
    names = names_for(db, [c["k"] for c in cooc_rows])
    cooc = [{"key": c["k"], "documents": c["n"], **names[c["k"]]} for c in cooc_rows]
    quotes = [dict(q) for q in db.q(_quotes_sql(cond), p + [quotes_limit, 0])] if db.has_rows("quotes") else []
    events = _events(db, key, events_limit) if db.has_rows("events") else []
    top = names_for(db, [key])[key]
    return {
        "ok": True,
        "key": key,
        "resolved": not key.startswith("~"),
        "name": (info or {}).get("name") or top["name"],
        "latin": (info or {}).get("latin"),
        "type": (info or {}).get("type") or (types[0][0] if types else None),
        "types": types,
        "mentions": r["n"],
        "documents": r["docs"],
        "aliases": aliases,
        "first_seen": (info or {}).get("first_seen") or (timeline[0][0] if timeline else None),
        "last_seen": (info or {}).get("last_seen") or (timeline[-1][0] if timeline else None),
        "timeline": timeline,
        "cooccurring": cooc,
        "quotes": quotes,
        "events": events,
        "computed": {"resolution": db.has_rows("entities"), "quotes": db.has_rows("quotes"), "events": db.has_rows("events")},
        "info": (info or {}).get("extra"),
    }


def list_quotes(
    db: ReadDB, *, speaker: str | None = None, doc_id: str | None = None, limit: int = 50, offset: int = 0, **filters: Any
) -> dict[str, Any]:
    """Quotes, newest first, with their speaker; ``speaker`` is an entity key."""
    if not db.has_rows("quotes"):
        return {"ok": True, "total": 0, "limit": limit, "offset": offset, "items": [], "computed": False}
    if speaker:
        cond, p = key_condition(speaker)
        rows = db.q(_quotes_sql(cond), p + [limit, offset])
        total = db.scalar(f"SELECT count(*) FROM ({_quotes_sql(cond)})", p + [-1, 0], 0)
        return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": [dict(r) for r in rows], "computed": True}
    where, params = doc_filters(db, **filters)
    if doc_id:
        where.append("q.doc_id = ?")
        params.append(doc_id)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.scalar(f"SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.doc_id{w}", params, 0)
    rows = db.q(
        "SELECT q.doc_id, q.idx, q.kind, q.confidence, substr(d.text, q.start + 1, q.end - q.start) AS surface, "
        "substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start) AS speaker, "
        "substr(d.text, q.cue_start + 1, q.cue_end - q.cue_start) AS cue, q.speaker_mention, "
        "(SELECT coalesce(m.entity_id, '~' || m.norm) FROM mentions m WHERE m.doc_id = q.doc_id AND m.idx = q.speaker_mention) "
        "AS speaker_key, d.title, d.published, d.outlet "
        f"FROM quotes q JOIN documents d ON d.id = q.doc_id{w} ORDER BY d.published DESC, q.doc_id, q.idx LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": [dict(r) for r in rows], "computed": True}
