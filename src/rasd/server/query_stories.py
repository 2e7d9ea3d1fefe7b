"""Stories (clusters of articles about one happening, from the stories stage's tables
``stories`` and ``story_members``) for the API and the pages."""

from __future__ import annotations

import json
from typing import Any

from ..errors import NotFound
from .query_documents import check_date
from .readdb import ReadDB

__all__ = ["list_stories", "story_view"]

_SORTS = {"last": "s.last_published DESC", "first": "s.first_published DESC", "size": "s.size DESC", "outlets": "s.n_outlets DESC"}


def _json(v: Any) -> Any:
    try:
        return json.loads(v) if isinstance(v, str) else (v or [])
    except ValueError:
        return []


def _story(r: Any) -> dict[str, Any]:
    d = dict(r)
    for k in ("outlets", "languages", "top_entities", "events"):
        if k in d:
            d[k] = _json(d[k])
    return d


def list_stories(
    db: ReadDB,
    *,
    limit: int = 50,
    offset: int = 0,
    sort: str = "last",
    min_size: int = 1,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict[str, Any]:
    if not db.has_rows("stories"):
        return {"ok": True, "total": 0, "limit": limit, "offset": offset, "items": [], "computed": False}
    where, params = ["s.size >= ?"], [min_size]
    if check_date("date_from", date_from):
        where.append("substr(s.last_published, 1, 10) >= ?")
        params.append(date_from)
    if check_date("date_to", date_to):
        where.append("substr(s.first_published, 1, ?) <= ?")
        params += [len(date_to or ""), date_to]
    if outlet:
        where.append(
            "EXISTS (SELECT 1 FROM story_members sm JOIN documents d ON d.id = sm.doc_id "
            "WHERE sm.story_id = s.id AND d.outlet = ? COLLATE NOCASE)"
        )
        params.append(outlet)
    w = " WHERE " + " AND ".join(where)
    total = db.scalar(f"SELECT count(*) FROM stories s{w}", params, 0)
    rows = db.q(
        f"SELECT s.* FROM stories s{w} ORDER BY {_SORTS.get(sort, _SORTS['last'])}, s.id LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": [_story(r) for r in rows], "computed": True}


def story_view(db: ReadDB, story_id: str, *, limit: int = 500) -> dict[str, Any]:
    """A story with its members (articles, oldest first), outlets and timeline."""
    if not db.has_table("stories"):
        raise NotFound(f"no story {story_id!r} (stories are not computed yet)")
    r = db.one("SELECT * FROM stories WHERE id = ?", (story_id,))
    if r is None:
        raise NotFound(f"no story {story_id!r}")
    s = _story(r)
    members = db.q(
        "SELECT sm.doc_id, sm.similarity, sm.dup_of, d.title, d.outlet, d.published, d.published_day, d.language, d.url "
        "FROM story_members sm JOIN documents d ON d.id = sm.doc_id WHERE sm.story_id = ? "
        "ORDER BY d.published IS NULL, d.published, sm.doc_id LIMIT ?",
        (story_id, limit),
    )
    s["members"] = [dict(m) for m in members]
    outlets: dict[str, int] = {}
    days: dict[str, int] = {}
    for m in members:
        outlets[m["outlet"] or ""] = outlets.get(m["outlet"] or "", 0) + 1
        if m["published_day"]:
            days[m["published_day"]] = days.get(m["published_day"], 0) + 1
    s["outlet_counts"] = sorted(outlets.items(), key=lambda x: -x[1])
    s["timeline"] = sorted(days.items())
    s["ok"] = True
    return s
