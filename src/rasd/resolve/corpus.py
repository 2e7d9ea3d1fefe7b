"""The ``resolve`` corpus stage against the store: read mentions, link within each article,
load the candidate entities of the batch from the database (blocking keys), match, write.

Incremental by construction: only the entities whose blocking keys the batch's mentions share
are loaded, so a new article joins existing entities without a rebuild.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Iterable, Sequence

from ..arabic.normalize import fold
from ..store.rows import now_iso
from .keys import NameKey, name_key
from .matcher import Entity, MentionIn, Resolver, block_keys, display_name, link_in_document, query_keys

__all__ = ["resolve_store", "recompute_stats", "make_resolver"]

log = logging.getLogger(__name__)
CHUNK = 500


def _chunks(xs: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


def make_resolver(*, use_kb: bool = True, use_translit: bool = True) -> Resolver:
    kb_lookup = None
    if use_kb:
        from .kb import load_kb

        kb = load_kb()
        if len(kb):
            kb_lookup = kb.lookup
    tr = None
    if use_translit:
        from .translit import load

        model = load()
        if model is not None:
            tr = model.name
    return Resolver(kb=kb_lookup, translit=tr)


def _load_mentions(conn, doc_ids: Sequence[str], prev: dict[tuple[str, int], str] | None = None
                   ) -> tuple[list[MentionIn], dict[tuple[str, int], str | None]]:
    """The mentions of ``doc_ids`` and their stored entity ids; ``prev`` (filled when given) gets
    the text just before each person mention (for :func:`given_name_before`)."""
    out: list[MentionIn] = []
    old: dict[tuple[str, int], str | None] = {}
    prev = {} if prev is None else prev
    for chunk in _chunks(list(doc_ids)):
        q = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT m.doc_id, m.idx, m.type, m.surface, m.entity_id, d.published_day, "
            f"CASE WHEN m.type = 'PER' THEN substr(d.text, max(1, m.start - {BEFORE - 1}), min(m.start, {BEFORE})) END "
            f"FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.doc_id IN ({q}) ORDER BY m.doc_id, m.idx",
            list(chunk),
        ).fetchall()
        for doc_id, idx, typ, surface, eid, day, before in rows:
            out.append(MentionIn(surface, typ, doc_id, idx, day=day))
            old[(doc_id, idx)] = eid
            if before:
                prev[(doc_id, idx)] = before
    return out, old


BEFORE = 30  # characters of text read before a person mention
_PREV_WORD = re.compile(r"([\u0621-\u064a\u0671-\u06d3]{3,})[\u064b-\u0652\u0640]* $")
_NOT_GIVEN = frozenset(
    fold(w) for w in """في إن أن على من عن إلى الى مع ضد بين حول لدى عند بعد قبل منذ حتى كما لكن بل ثم أو أم لا لم لن
    قد هذا هذه ذلك تلك هو هي هم كان كانت يكون اليوم أمس غدا قال قالت أكد أكدت أضاف أشار أعلن صرح ذكر أفاد وقال وأكد
    وأضاف وأشار وأعلن وذكر وصرح نفى ونفى دعا ودعا طالب وطالب التقى والتقى استقبل واستقبل زار وزار""".split()
)


def given_name_before(key: NameKey | None, surface: str, before: str) -> NameKey | None:
    """The key of *given name + surname* when a bare person name (بارزاني) follows, with only a
    space between, a word that is a given name the NER left out of the mention (مسرور بارزاني):
    then the mention must not be linked as a bare surname to another person of that family
    (مسعود بارزاني). The word counts as a given name when the NER gazetteer lists it as a given
    name, or as a name part that is not a common word (the clitic lexicon's counts), or when it
    is a word the lexicon has never seen — never a function word, title, or word with the
    article. None: leave the key as it is."""
    if key is None or key.type != "PER" or len(key.tokens) != 1 or key.title:
        return None
    m = _PREV_WORD.search(before)
    if m is None:
        return None
    word = m.group(1)
    f = fold(word)
    if f in _NOT_GIVEN or f.startswith(("ال", "لل", "وال", "بال", "فال")) or _is_title(f):
        return None
    if not _given_name_like(f):
        return None
    k = name_key(f"{word} {surface}", "PER")
    return k if k is not None and len(k.tokens) == 2 else None


def _is_title(f: str) -> bool:
    from ..extract.quote_lexicon import TITLES

    return f in TITLES


def _given_name_like(f: str) -> bool:
    from ..arabic.lexicon import word_counts
    from ..ner.model import person_name_words

    counts = word_counts()
    n = counts.get(f)
    if n is None:
        return f in person_name_words() or not counts or len(f) >= 4
    return f in person_name_words() and (n < _common_count() or f in person_name_words(("gPF",)))


@lru_cache(maxsize=1)
def _common_count() -> int:
    """The count of the 1,500th commonest word of the clitic lexicon: a word seen more often is a
    common word."""
    from ..arabic.lexicon import word_counts

    top = sorted(word_counts().values(), reverse=True)
    return top[min(1500, len(top) - 1)] if top else 0


def _link(mentions: list[MentionIn], keys: list[NameKey | None]) -> None:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc_id].append(i)
    for doc_id, idxs in by_doc.items():
        links = link_in_document([keys[i] for i in idxs])
        for pos, (ante, amb) in zip(idxs, links):
            m = mentions[pos]
            m.antecedent = mentions[idxs[ante]].idx if ante is not None else None
            m.ambiguous_in_doc = amb


def _load_entities(conn, r: Resolver, keys: Iterable[NameKey | None]) -> int:
    """Put into ``r`` the stored entities that share a blocking key with ``keys``."""
    bkeys: set[str] = set()
    for k in keys:
        if k is not None:
            bkeys |= query_keys(k)
    ids: set[str] = set()
    bl = sorted(bkeys)
    for chunk in _chunks(bl, 900):
        q = ",".join("?" * len(chunk))
        ids.update(x[0] for x in conn.execute(f"SELECT DISTINCT entity_id FROM entity_keys WHERE bkey IN ({q})", list(chunk)))
    ids -= set(r.entities)
    n = 0
    for chunk in _chunks(sorted(ids), 900):
        q = ",".join("?" * len(chunk))
        ks: dict[str, list[NameKey]] = defaultdict(list)
        for eid, typ, head, toks in conn.execute(
            f"SELECT DISTINCT entity_id, type, head, tokens FROM entity_keys WHERE entity_id IN ({q})", list(chunk)
        ):
            ks[eid].append(NameKey(typ, tuple(toks.split(" ")), head))
        for eid, typ, name_ar, latin, cc, status, kb, cands in conn.execute(
            f"SELECT id, type, name_ar, name_latin, country_code, status, kb, candidates FROM entities WHERE id IN ({q})",
            list(chunk),
        ):
            aks = ks.get(eid, [])
            e = Entity(eid, typ, name_ar, aks[0] if aks else name_key(name_ar, typ), status=status, name_latin=latin,
                       country_code=cc, kb=kb, alias_keys=aks[1:], is_new=False,
                       candidates=tuple(json.loads(cands)) if cands else ())
            r.add_entity(e)
            n += 1
    return n


def resolve_store(store, doc_ids: Sequence[str] | None = None, *, resolver: Resolver | None = None) -> dict[str, Any]:
    """Resolve the mentions of ``doc_ids`` (all documents when None) and write the result.
    Returns counts (mentions, entities created, decisions by rule, seconds)."""
    t0 = time.monotonic()
    conn = store.conn
    if doc_ids is None:
        doc_ids = store.doc_ids()
    before: dict[tuple[str, int], str] = {}
    mentions, old = _load_mentions(conn, doc_ids, before)
    keys = [name_key(m.surface, m.type) for m in mentions]
    for i, m in enumerate(mentions):
        b = before.get((m.doc_id, m.idx))
        if b:
            keys[i] = given_name_before(keys[i], m.surface, b) or keys[i]
    _link(mentions, keys)
    r = resolver or make_resolver()
    loaded = _load_entities(conn, r, keys)
    known_ids = {eid for eid, e in r.entities.items() if not e.is_new}
    decisions = r.resolve(mentions, keys)
    t1 = time.monotonic()
    now = now_iso()
    touched: set[str] = {d.entity_id for d in decisions if d.entity_id} | {v for v in old.values() if v}
    with store.write() as w:
        # entities first (mentions refer to them)
        exists = set()
        new = [e for e in r.entities.values() if e.id in touched and e.id not in known_ids]
        for chunk in _chunks([e.id for e in new], 900):
            q = ",".join("?" * len(chunk))
            exists.update(x[0] for x in w.execute(f"SELECT id FROM entities WHERE id IN ({q})", list(chunk)))
        w.executemany(
            "INSERT INTO entities(id, type, name_ar, name_latin, country_code, status, kb, candidates, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(e.id, e.type, e.name_ar, e.name_latin, e.country_code, e.status, e.kb,
              json.dumps(list(e.candidates)) if e.candidates else None, now) for e in new if e.id not in exists],
        )
        for e in r.entities.values():
            if e.status == "ambiguous" and e.id in touched and e.candidates:
                w.execute("UPDATE entities SET candidates=? WHERE id=?", (json.dumps(list(e.candidates)), e.id))
        # blocking keys of every alias key the run added
        krows = []
        for e in r.entities.values():
            if e.id not in touched:
                continue
            for k in ([e.key] if e.key is not None and e.id not in known_ids else []) + e.alias_keys:
                for b in block_keys(k):
                    krows.append((b, e.id, k.type, k.head, " ".join(k.tokens)))
        w.executemany("INSERT OR IGNORE INTO entity_keys(bkey, entity_id, type, head, tokens) VALUES (?, ?, ?, ?, ?)", krows)
        w.executemany(
            "INSERT OR IGNORE INTO entity_evidence(entity_id, alias_norm, joined_via, evidence, at) VALUES (?, ?, ?, ?, ?)",
            [(e.id, a, via, why, now) for e in r.entities.values() if e.id in touched for a, via, why in e.evidence],
        )
        w.executemany(
            "UPDATE mentions SET entity_id=?, antecedent=? WHERE doc_id=? AND idx=?",
            [(d.entity_id, m.antecedent, m.doc_id, m.idx) for m, d in zip(mentions, decisions)],
        )
        recompute_stats(w, sorted(touched), r)
    counts = Counter(d.via for d in decisions)
    return {
        "mentions": len(mentions),
        "documents": len(doc_ids),
        "entities_loaded": loaded,
        "entities_new": sum(1 for e in r.entities.values() if e.id in touched and e.id not in known_ids),
        "decisions": dict(counts),
        "seconds_match": round(t1 - t0, 3),
        "seconds": round(time.monotonic() - t0, 3),
    }


def recompute_stats(w, ids: Sequence[str], r: Resolver | None = None) -> None:
    """Counts, first/last seen, aliases and canonical names of ``ids`` from the mentions."""
    from .translit import transliterate

    for chunk in _chunks(list(ids), 900):
        q = ",".join("?" * len(chunk))
        stats = {
            row[0]: row[1:]
            for row in w.execute(
                f"SELECT m.entity_id, count(*), count(DISTINCT m.doc_id), "
                f"min(coalesce(d.published_day, substr(d.ingested_at, 1, 10))), "
                f"max(coalesce(d.published_day, substr(d.ingested_at, 1, 10))) "
                f"FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id IN ({q}) GROUP BY m.entity_id",
                list(chunk),
            )
        }
        aliases: dict[str, Counter] = defaultdict(Counter)
        for eid, surface, n in w.execute(
            f"SELECT entity_id, surface, count(*) FROM mentions WHERE entity_id IN ({q}) GROUP BY entity_id, surface",
            list(chunk),
        ):
            aliases[eid][surface] = n
        w.execute(f"DELETE FROM entity_aliases WHERE entity_id IN ({q})", list(chunk))
        w.executemany(
            "INSERT INTO entity_aliases(entity_id, alias, norm, count) VALUES (?, ?, ?, ?)",
            [(eid, a, fold(a), n) for eid, c in aliases.items() for a, n in c.items()],
        )
        info = {row[0]: row[1:] for row in w.execute(
            f"SELECT id, type, name_ar, name_latin, kb FROM entities WHERE id IN ({q})", list(chunk))}
        ups = []
        for eid in chunk:
            mc, dc, fs, ls = stats.get(eid, (0, 0, None, None))
            typ, name_ar, latin, kb = info.get(eid, (None, None, None, None))
            if typ is None:
                continue
            if not kb and aliases.get(eid):
                best = _canonical(typ, aliases[eid])
                if best and best != name_ar:
                    name_ar = best
                    try:
                        latin = transliterate(best)
                    except Exception:  # noqa: BLE001
                        pass
            ups.append((mc, dc, fs, ls, name_ar, latin, eid))
        w.executemany(
            "UPDATE entities SET mention_count=?, doc_count=?, first_seen=?, last_seen=?, name_ar=?, name_latin=? WHERE id=?",
            ups,
        )


def _canonical(typ: str, counts: Counter) -> str | None:
    """The canonical Arabic name: among the fullest forms (most words after titles), the
    commonest; titles dropped."""
    best: tuple[int, int, str] | None = None
    for surface, n in counts.items():
        k = name_key(surface, typ)
        if k is None:
            continue
        cand = (len(k.tokens), n, display_name(surface, k))
        if best is None or cand[:2] > best[:2]:
            best = cand
    return best[2] if best else None
