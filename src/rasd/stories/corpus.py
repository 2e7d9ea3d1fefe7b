"""The two corpus stages over a store: ``dedup_corpus`` and ``stories_corpus``.

Both take ``(store, doc_ids, settings)``, read the documents they need straight from the
``documents`` table (in time order, in chunks: memory stays flat whatever the corpus size) and
write their own tables (migration ``0003_stories.sql``) through ``store.write()``, one
transaction per chunk, so an interrupted run keeps what it finished and a re-run continues.
Documents already processed are passed over (both stages are idempotent).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Mapping, Sequence

from .cluster import Article, ClusterParams, DocFreq, StoryClusterer, parse_time
from .dedup import DedupIndex, fingerprint
from .stemmer import terms

__all__ = ["dedup_corpus", "stories_corpus", "cluster_params"]

log = logging.getLogger(__name__)
CHUNK = 1000
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _time_order(conn: Any, ids: Sequence[str]) -> list[tuple[str, str | None]]:
    """(id, published) of the ok documents among ``ids``, earliest first, undated last."""
    rows: list[tuple[str, str | None]] = []
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        q = ",".join("?" * len(chunk))
        rows += [(r[0], r[1]) for r in conn.execute(
            f"SELECT id, published FROM documents WHERE id IN ({q}) AND status = 'ok'", chunk)]
    key = {r[0]: parse_time(r[1]) for r in rows}
    rows.sort(key=lambda r: (key[r[0]] is None, key[r[0]] or datetime.min.replace(tzinfo=timezone.utc), r[0]))
    return rows


def _guess_language(text: str) -> str:
    sample = text[:2000]
    ar, la = len(_ARABIC.findall(sample)), len(_LATIN.findall(sample))
    return "ar" if ar >= la else "en"


def _articles(conn: Any, ids: Sequence[str], with_layers: bool = True) -> Iterator[Article]:
    """Articles for ``ids`` in the order given (entities and event types when stored)."""
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        q = ",".join("?" * len(chunk))
        rows = {r[0]: r for r in conn.execute(
            f"SELECT id, title, text, published, outlet, language FROM documents WHERE id IN ({q})", chunk)}
        ents: dict[str, list[str]] = {}
        evs: dict[str, list[str]] = {}
        if with_layers:
            for d, eid, norm in conn.execute(
                    f"SELECT doc_id, entity_id, norm FROM mentions WHERE doc_id IN ({q})"
                    " AND type IN ('PER', 'ORG', 'LOC')", chunk):
                ents.setdefault(d, []).append(eid or norm)
            for d, typ in conn.execute(f"SELECT doc_id, type FROM events WHERE doc_id IN ({q})", chunk):
                evs.setdefault(d, []).append(typ)
        for d in chunk:
            r = rows.get(d)
            if r is None:
                continue
            lang = (r[5] or "").split("-")[0].lower() or _guess_language(r[2] or "")
            yield Article(r[0], r[1], r[2] or "", r[3], r[4], lang, ents.get(d, []), evs.get(d, []))


# -- dedup ----------------------------------------------------------------------------------


def dedup_corpus(store: Any, doc_ids: Sequence[str], settings: Mapping[str, Any]) -> dict[str, int]:
    """Add ``doc_ids`` to the persistent near-duplicate index (earliest first) and update the
    duplicate groups. Returns counts by outcome (new, exact, near, short, seen)."""
    threshold = float(settings.get("dedup_threshold", 0.6))
    order = _time_order(store.conn, doc_ids)
    counts: Counter = Counter()
    t0 = time.perf_counter()
    for i in range(0, len(order), CHUNK):
        chunk = order[i : i + CHUNK]
        texts = {r[0]: (r[1], r[2]) for r in _text_rows(store.conn, [c[0] for c in chunk])}
        fps = {d: fingerprint(texts[d][0]) for d, _p in chunk if d in texts}
        with store.write() as conn:
            idx = DedupIndex(conn, threshold)
            for d, pub in chunk:
                if d in fps:
                    counts[idx.add(d, None, pub, fp=fps[d]).kind] += 1
            idx.flush()
    log.info("dedup: %d documents in %.1f s: %s", len(order), time.perf_counter() - t0, dict(counts))
    return dict(counts)


def _text_rows(conn: Any, ids: Sequence[str]) -> list[tuple[str, str, str | None]]:
    q = ",".join("?" * len(ids))
    return [(r[0], r[1], r[2]) for r in conn.execute(f"SELECT id, text, published FROM documents WHERE id IN ({q})",
                                                     list(ids))] if ids else []


# -- stories --------------------------------------------------------------------------------


def cluster_params(settings: Mapping[str, Any]) -> ClusterParams:
    p = ClusterParams()
    p.window_days = float(settings.get("story_window_days", p.window_days))
    for name, attr in (("story_threshold", "threshold"), ("story_embedding", "embed")):
        if name in settings:
            setattr(p, attr, settings[name])
    return p


def _load_df(conn: Any) -> DocFreq:
    n = conn.execute("SELECT value FROM story_state WHERE name = 'n_docs'").fetchone()
    df = DocFreq(dict(conn.execute("SELECT term, df FROM story_terms").fetchall()), int(n[0]) if n else 0)
    return df


def stories_corpus(store: Any, doc_ids: Sequence[str], settings: Mapping[str, Any],
                   embedder: Any = "auto") -> dict[str, int]:
    """Cluster ``doc_ids`` into stories, continuing the stories still open (within the window)
    in the store. Duplicates (when the dedup stage ran) join their representative's story."""
    params = cluster_params(settings)
    conn = store.conn
    done = set()
    order = []
    for d, pub in _time_order(conn, doc_ids):
        order.append((d, pub))
    for i in range(0, len(order), 500):
        chunk = [d for d, _p in order[i : i + 500]]
        q = ",".join("?" * len(chunk))
        done |= {r[0] for r in conn.execute(f"SELECT doc_id FROM story_members WHERE doc_id IN ({q})", chunk)}
    order = [(d, p) for d, p in order if d not in done]
    if not order:
        return {"added": 0, "stories": 0}
    if embedder == "auto":
        from .embed import get_embedder

        embedder = get_embedder() if params.embed != "off" else None
    t0 = time.perf_counter()
    rep = dict(conn.execute(
        "SELECT m.doc_id, g.representative FROM dup_members m JOIN dup_groups g ON g.id = m.group_id").fetchall())

    # document frequencies: stored counts plus the new documents
    df = _load_df(conn)
    new_df: Counter = Counter()
    ids = [d for d, _p in order]
    for a in _articles(conn, ids, with_layers=False):
        ts = set(terms(a.text, a.language, limit=params.lead_words)) | set(terms(a.title, a.language))
        new_df.update(ts)
    df.df.update(new_df)
    df.n += len(ids)

    cl = StoryClusterer(params, df, embedder)
    first = parse_time(order[0][1])
    if first is not None:
        _restore_open(conn, cl, first, params)
    restored = set(cl.touched())
    members_before = {sid: len(cl.clusters[sid].members) for sid in restored}

    for a in _articles(conn, ids):
        r = rep.get(a.doc_id)
        cl.add(a, dup_of=r if r and r != a.doc_id else None)

    stories = {s.id: s for s in cl.stories()}
    now = _now()
    n_new = 0
    with store.write() as w:
        w.executemany("INSERT INTO story_terms(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + ?",
                      [(t, c, c) for t, c in new_df.items()])
        w.execute("INSERT INTO story_state(name, value) VALUES ('n_docs', ?) ON CONFLICT(name) DO UPDATE SET"
                  " value = excluded.value", (str(df.n),))
        for sid, s in stories.items():
            new_members = s.doc_ids[members_before.get(sid, 0):]
            if not new_members and sid in restored:
                continue
            if sid not in restored:
                n_new += 1
            _write_story(w, s, now)
            w.executemany(
                "INSERT OR REPLACE INTO story_members(doc_id, story_id, published, similarity, dup_of)"
                " VALUES (?, ?, (SELECT published FROM documents WHERE id = ?), ?, ?)",
                [(d, sid, d, s.similarity.get(d), s.dup_of.get(d)) for d in new_members])
    log.info("stories: %d documents in %.1f s, %d new stories, %d embedded", len(ids), time.perf_counter() - t0,
             n_new, cl.embedded)
    return {"added": len(ids), "stories": n_new, "embedded": cl.embedded}


def _write_story(w: Any, s: Any, now: str) -> None:
    w.execute(
        "INSERT INTO stories(id, title, central_doc, first_published, last_published, size, n_outlets, outlets,"
        " languages, top_entities, events, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET title = excluded.title, central_doc = excluded.central_doc,"
        " first_published = excluded.first_published, last_published = excluded.last_published,"
        " size = excluded.size, n_outlets = excluded.n_outlets, outlets = excluded.outlets,"
        " languages = excluded.languages, top_entities = excluded.top_entities, events = excluded.events,"
        " updated_at = excluded.updated_at",
        (s.id, s.title, s.central_doc, s.first_published, s.last_published, s.size, len(s.outlets),
         json.dumps(s.outlets.most_common(), ensure_ascii=False),
         json.dumps(s.languages.most_common(), ensure_ascii=False),
         json.dumps(s.entities.most_common(10), ensure_ascii=False),
         json.dumps(s.events.most_common(), ensure_ascii=False), now))


def _restore_open(conn: Any, cl: StoryClusterer, first: datetime, params: ClusterParams) -> None:
    """Re-open the stored stories whose last article is within the window of ``first``."""
    lo = first - cl.window
    day = (lo - timedelta(days=1)).date().isoformat()  # ISO strings: a cheap, generous prefilter
    rows = conn.execute("SELECT id, first_published FROM stories WHERE last_published >= ?", (day,)).fetchall()
    sids = [sid for sid, fp in rows if (parse_time(fp) or lo) >= lo]
    for sid in sids:
        mem = conn.execute("SELECT doc_id, similarity, dup_of FROM story_members WHERE story_id = ?"
                           " ORDER BY published, rowid", (sid,)).fetchall()
        if not mem:
            continue
        arts = {a.doc_id: a for a in _articles(conn, [m[0] for m in mem])}
        founder = conn.execute("SELECT doc_id FROM story_members WHERE story_id = ? ORDER BY rowid LIMIT 1",
                               (sid,)).fetchone()[0]
        cl.restore(sid, founder, [(arts[m[0]], m[1] or 0.0, m[2]) for m in mem if m[0] in arts])
