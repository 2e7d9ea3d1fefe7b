"""Reading entities back: one entity with aliases and evidence, lists by type."""

from __future__ import annotations

import json
from typing import Any

from ..arabic.normalize import fold
from ..errors import NotFound, QueryError

__all__ = ["entity_info", "list_entities", "TYPES"]

TYPES = ("PER", "ORG", "LOC", "MISC")
_COLS = ("id", "type", "name_ar", "name_latin", "country_code", "first_seen", "last_seen", "mention_count",
         "doc_count", "status", "kb", "candidates")


def _has_tables(conn) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name='entities'").fetchone() is not None


def _row(r: Any) -> dict[str, Any]:
    d = dict(zip(_COLS, r))
    d["candidates"] = json.loads(d["candidates"]) if d["candidates"] else []
    return d


def entity_info(store: Any, entity_id: str, *, why: bool = False, limit: int = 50) -> dict[str, Any]:
    conn = store.conn
    if not _has_tables(conn):
        raise NotFound(f"no entity {entity_id!r} (the database has no entities yet: run `rasd resolve`)")
    r = conn.execute(f"SELECT {', '.join(_COLS)} FROM entities WHERE id=?", (entity_id,)).fetchone()
    if r is None:
        raise NotFound(f"no entity {entity_id!r}")
    out = _row(r)
    out["aliases"] = [
        {"alias": a, "count": n}
        for a, n in conn.execute(
            "SELECT alias, count FROM entity_aliases WHERE entity_id=? ORDER BY count DESC, alias LIMIT ?", (entity_id, limit)
        )
    ]
    if why:
        out["evidence"] = [
            {"alias": a, "joined_via": v, "evidence": e, "at": at}
            for a, v, e, at in conn.execute(
                "SELECT alias_norm, joined_via, evidence, at FROM entity_evidence WHERE entity_id=? ORDER BY id LIMIT ?",
                (entity_id, limit * 4),
            )
        ]
        out["candidate_entities"] = [
            {"id": c, "name_ar": n, "name_latin": la}
            for c in out["candidates"]
            for (n, la) in conn.execute("SELECT name_ar, name_latin FROM entities WHERE id=?", (c,)).fetchall()
        ]
    return out


def list_entities(store: Any, *, type: str | None = None, limit: int = 50, status: str | None = None,
                  query: str | None = None) -> list[dict[str, Any]]:
    if type is not None and type.upper() not in TYPES:
        raise QueryError(f"unknown entity type {type!r} (one of {', '.join(TYPES)})")
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    conn = store.conn
    if not _has_tables(conn):
        return []
    where, args = [], []
    if type:
        where.append("type=?")
        args.append(type.upper())
    if status:
        where.append("status=?")
        args.append(status)
    if query:
        where.append("id IN (SELECT entity_id FROM entity_aliases WHERE norm LIKE ?)")
        args.append(f"%{fold(query)}%")
    sql = f"SELECT {', '.join(_COLS)} FROM entities"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY mention_count DESC, id LIMIT ?"
    return [_row(r) for r in conn.execute(sql, (*args, limit))]
