"""Reading stories and duplicate groups back from a store (for the CLI, the API and the dashboard)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..errors import NotFound

__all__ = ["list_stories", "get_story", "duplicates_of"]

_COLS = ("id", "title", "central_doc", "first_published", "last_published", "size", "n_outlets", "outlets",
         "languages", "top_entities", "events", "updated_at")


def _row(r: Any) -> dict[str, Any]:
    d = dict(zip(_COLS, tuple(r)))
    for k in ("outlets", "languages", "top_entities", "events"):
        d[k] = json.loads(d[k] or "[]")
    return d


def list_stories(store: Any, limit: int = 20, offset: int = 0, order: str = "size", min_size: int = 1,
                 ) -> list[dict[str, Any]]:
    """Stories, largest first (then latest) — or latest first with ``order='latest'``."""
    by = "size DESC, last_published DESC" if order == "size" else "last_published DESC, size DESC"
    q = f"SELECT {', '.join(_COLS)} FROM stories WHERE size >= ? ORDER BY {by}, id LIMIT ? OFFSET ?"
    return [_row(r) for r in store.conn.execute(q, (min_size, limit, offset))]


def get_story(store: Any, story_id: str) -> dict[str, Any]:
    """One story with its members (time order) and a per-day timeline; raises NotFound."""
    r = store.conn.execute(f"SELECT {', '.join(_COLS)} FROM stories WHERE id = ?", (story_id,)).fetchone()
    if r is None:
        raise NotFound(f"no story with id {story_id!r} (list them with `rasd stories`)")
    s = _row(r)
    members = []
    for m in store.conn.execute(
            "SELECT m.doc_id, d.title, d.outlet, d.published, d.language, d.url, m.similarity, m.dup_of"
            " FROM story_members m LEFT JOIN documents d ON d.id = m.doc_id WHERE m.story_id = ?"
            " ORDER BY m.published IS NULL, m.published, m.rowid", (story_id,)):
        members.append(dict(zip(("doc_id", "title", "outlet", "published", "language", "url", "similarity",
                                 "dup_of"), tuple(m))))
    s["members"] = members
    days = Counter((m["published"] or "")[:10] or "undated" for m in members)
    s["timeline"] = [{"day": d, "articles": n} for d, n in sorted(days.items())]
    return s


def duplicates_of(store: Any, doc_id: str) -> dict[str, Any] | None:
    """The duplicate group of a document (representative and members) or None."""
    g = store.conn.execute(
        "SELECT g.id, g.representative, g.size, g.first_published, g.last_published FROM dup_members m"
        " JOIN dup_groups g ON g.id = m.group_id WHERE m.doc_id = ?", (doc_id,)).fetchone()
    if g is None:
        return None
    out = dict(zip(("group", "representative", "size", "first_published", "last_published"), tuple(g)))
    out["members"] = [dict(zip(("doc_id", "kind", "matched", "similarity"), tuple(m))) for m in store.conn.execute(
        "SELECT doc_id, kind, matched, similarity FROM dup_members WHERE group_id = ? ORDER BY rowid", (g[0],))]
    return out
