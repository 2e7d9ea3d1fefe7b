"""Corpus stages on Spark, after the document stages wrote their Parquet tables.

**Near-duplicates** (``duplicates`` table: ``doc_id``, ``group_id``, ``representative``,
``kind`` exact|near|seed, ``similarity``). Each article's fingerprint is computed with
:func:`rasd.stories.dedup.fingerprint` (the same words, shingles and MinHash signatures as the
local index). Exact copies meet by ``content_hash``; near-duplicate candidates meet by their
LSH **band hashes used as Spark keys** (a ``groupByKey`` per band, buckets read at most
``MAX_CANDIDATES`` deep as locally), and every candidate pair is verified exactly with
:func:`rasd.stories.dedup.similarity` against ``dedup_threshold``. Groups are then formed on
the driver from the verified pairs only (few: duplicates are sparse) as stars around a
representative — the earliest published, then the longest — exactly as the local index forms
them: an article joins the group of its best-matching earlier representative, and groups
never merge. (The local index additionally down-weights shingles frequent in the whole corpus;
the Spark run does not, so borderline pairs of templated texts can differ.)

**Entity resolution** (``entities`` and ``mention_entities`` tables). Mentions are linked
inside each article first (:func:`rasd.resolve.link_in_document`), then grouped by a
**blocking key** — type, organisation head and the spelling skeleton of the name's last word —
with ``groupByKey``, and each block is resolved by the same :class:`rasd.resolve.Resolver`
(seed knowledge base and transliteration included) that the local stage uses. Spelling
variants whose last words have different skeletons fall into different blocks and are not
compared: the price of independent blocks (the local stage also looks up a deletion
neighbourhood of the key). ``rasd import-parquet`` re-runs the local corpus stages on the
imported articles, so the dashboard's entities and stories are the local ones.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable, Iterator

__all__ = ["run_corpus", "dedup_pairs", "group_pairs", "block_key"]

DUP_COLUMNS = [("doc_id", "string"), ("group_id", "string"), ("representative", "string"), ("kind", "string"),
               ("similarity", "float64")]
ENTITY_COLUMNS = [("entity_id", "string"), ("type", "string"), ("name_ar", "string"), ("name_latin", "string"),
                  ("country_code", "string"), ("status", "string"), ("kb", "string"), ("mentions", "int64"),
                  ("documents", "int64"), ("first_seen", "string"), ("last_seen", "string"), ("aliases", "string")]
MENTION_ENTITY_COLUMNS = [("doc_id", "string"), ("idx", "int64"), ("entity_id", "string"), ("via", "string"),
                          ("evidence", "string"), ("antecedent", "int64")]


def _schema(cols: list[tuple[str, str]]) -> Any:
    from .spark import _spark_type
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, _spark_type(t), True) for c, t in cols])


# -- near-duplicates -----------------------------------------------------------------------------


def _rep_key(published: str | None, n_words: int, doc_id: str) -> tuple[int, str, int, str]:
    return (0 if published else 1, published or "", -int(n_words or 0), doc_id)


def dedup_pairs(fps: Iterable[tuple[str, Any]], threshold: float) -> Iterator[tuple[str, str, float, str]]:
    """Verified pairs ``(a, b, similarity, kind)`` among the fingerprints of one bucket."""
    from ..stories.dedup import similarity

    items = list(fps)
    for i in range(len(items)):
        a, fa = items[i]
        for j in range(i + 1, len(items)):
            b, fb = items[j]
            if fa.n_words and fa.content_hash == fb.content_hash:
                yield (min(a, b), max(a, b), 1.0, "exact")
                continue
            if fa.shingles is None or fb.shingles is None:
                continue
            cont, _jac = similarity(fa, fb)
            if cont >= threshold:
                yield (min(a, b), max(a, b), float(cont), "near")


def group_pairs(pairs: Iterable[tuple[str, str, float, str]], info: dict[str, tuple[str | None, int]]
                ) -> list[tuple[str, str, str, str, float]]:
    """Star groups around representatives from verified pairs: rows (doc_id, group_id,
    representative, kind, similarity). ``info``: doc_id -> (published, n_words)."""
    nbr: dict[str, dict[str, tuple[float, str]]] = {}
    for a, b, sim, kind in pairs:
        for x, y in ((a, b), (b, a)):
            old = nbr.setdefault(x, {}).get(y)
            if old is None or sim > old[0]:
                nbr[x][y] = (sim, kind)
    order = sorted(nbr, key=lambda d: _rep_key(*info.get(d, (None, 0)), d))
    group_of: dict[str, str] = {}
    reps: set[str] = set()
    out: list[tuple[str, str, str, str, float]] = []
    for d in order:
        best = None
        for other, (sim, kind) in nbr[d].items():
            if other in reps and (best is None or (sim, other) > (best[0], best[1])):
                best = (sim, other, kind)
        if best is None:
            reps.add(d)
            group_of[d] = d
            continue
        sim, rep, kind = best
        group_of[d] = rep
        out.append((d, rep, rep, kind, round(sim, 4)))
    for d in reps:
        if any(g == d for x, g in group_of.items() if x != d):
            out.append((d, d, d, "seed", 1.0))
    return sorted(out)


def _spark_dedup(spark: Any, docs_df: Any, threshold: float, partitions: int) -> Any:
    from ..stories.dedup import MAX_CANDIDATES

    def fp_partition(rows: Iterable[Any]) -> Iterator[tuple[str, Any]]:
        from ..stories.dedup import fingerprint

        for r in rows:
            yield r["id"], (r["published"], fingerprint(r["text"]))

    fps = docs_df.select("id", "text", "published").rdd.mapPartitions(fp_partition).persist()
    info = dict(fps.map(lambda x: (x[0], (x[1][0], x[1][1].n_words))).collect())

    def keys(x: tuple[str, Any]) -> Iterator[tuple[Any, tuple[str, Any]]]:
        doc_id, (_pub, fp) = x
        if fp.n_words:
            yield ("h", fp.content_hash), (doc_id, fp)
        if fp.shingles is not None:
            for h in fp.band_hashes():
                yield ("b", h), (doc_id, fp)

    def bucket(kv: tuple[Any, Iterable[tuple[str, Any]]]) -> Iterator[tuple[str, str, float, str]]:
        items = sorted(kv[1], key=lambda x: x[0])
        if len(items) < 2:
            return iter(())
        return dedup_pairs(items[:MAX_CANDIDATES], threshold)

    pairs = (fps.flatMap(keys).groupByKey(numPartitions=partitions).flatMap(bucket)
             .map(lambda p: ((p[0], p[1]), p)).reduceByKey(lambda a, b: a if a[2] >= b[2] else b).values().collect())
    fps.unpersist()
    rows = group_pairs(pairs, info)
    return spark.createDataFrame(rows, schema=_schema(DUP_COLUMNS))


# -- entity resolution ---------------------------------------------------------------------------

_RESOLVER_PARTS: dict[str, Any] = {}


def block_key(k: Any) -> str:
    """The one blocking key of a name key: type, organisation head, skeleton of the last word."""
    from ..resolve.keys import tok_skel

    t = "LOC" if k.type in ("LOC", "GPE") else k.type
    return f"{t}|{k.head}|{tok_skel(k.tokens[-1])}"


def _resolver() -> Any:
    """A fresh Resolver per block, sharing the knowledge base and transliterator loaded once
    per executor process."""
    from ..resolve import Resolver

    if "parts" not in _RESOLVER_PARTS:
        from ..resolve.corpus import make_resolver

        r = make_resolver()
        _RESOLVER_PARTS["parts"] = (getattr(r, "kb", None), getattr(r, "translit", None))
    kb, tr = _RESOLVER_PARTS["parts"]
    return Resolver(kb=kb, translit=tr)


def _link_doc(kv: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, tuple[Any, Any]]]:
    from ..resolve import MentionIn, link_in_document, name_key

    doc_id, rows = kv
    rows = sorted(rows, key=lambda r: r[1])
    ms = [MentionIn(r[3] or "", r[2], doc_id, r[1], day=r[4]) for r in rows]
    keys = [name_key(m.surface, m.type) for m in ms]
    for pos, (ante, amb) in enumerate(link_in_document(keys)):
        ms[pos].antecedent = ms[ante].idx if ante is not None else None
        ms[pos].ambiguous_in_doc = amb
    for m, k in zip(ms, keys):
        bk = block_key(k) if k is not None and k.tokens else f"none|{doc_id}"
        yield bk, (m, k)


def _resolve_block(kv: tuple[str, Iterable[tuple[Any, Any]]]) -> Iterator[tuple[str, Any]]:
    items = sorted(kv[1], key=lambda x: (x[0].doc_id, x[0].idx))
    ms = [m for m, _k in items]
    keys = [k for _m, k in items]
    if kv[0].startswith("none|"):
        for m in ms:
            yield "m", (m.doc_id, m.idx, None, "skipped", "no name key", m.antecedent)
        return
    r = _resolver()
    decisions = r.resolve(ms, keys)
    for m, d in zip(ms, decisions):
        yield "m", (m.doc_id, m.idx, d.entity_id, d.via, d.evidence, m.antecedent)
    used: dict[str, list[Any]] = {}
    for m, d in zip(ms, decisions):
        if d.entity_id:
            used.setdefault(d.entity_id, []).append(m)
    for eid, mlist in used.items():
        e = r.entities[eid]
        days = [m.day for m in mlist if m.day]
        yield "e", (eid, (e.type, e.name_ar, e.name_latin, e.country_code, e.status, e.kb,
                          Counter(m.surface for m in mlist), {m.doc_id for m in mlist},
                          min(days) if days else None, max(days) if days else None))


def _merge_entity(a: tuple, b: tuple) -> tuple:
    days_lo = [x for x in (a[8], b[8]) if x]
    days_hi = [x for x in (a[9], b[9]) if x]
    return (*a[:6], a[6] + b[6], a[7] | b[7], min(days_lo) if days_lo else None, max(days_hi) if days_hi else None)


def _spark_resolve(spark: Any, out: str, partitions: int) -> tuple[Any, Any, Any]:
    mentions = spark.read.parquet(out.rstrip("/") + "/mentions").select("doc_id", "idx", "type", "surface")
    days = spark.read.parquet(out.rstrip("/") + "/documents").select("id", "published_day")
    rows = mentions.join(days, mentions.doc_id == days.id, "left").select(
        "doc_id", "idx", "type", "surface", "published_day")
    by_doc = rows.rdd.map(lambda r: (r[0], tuple(r))).groupByKey(numPartitions=partitions)
    res = by_doc.flatMap(_link_doc).groupByKey(numPartitions=partitions).flatMap(_resolve_block).persist()
    me = res.filter(lambda x: x[0] == "m").map(lambda x: x[1])
    ents = (res.filter(lambda x: x[0] == "e").map(lambda x: x[1]).reduceByKey(_merge_entity)
            .map(lambda kv: (kv[0], *kv[1][:6], int(sum(kv[1][6].values())), len(kv[1][7]), kv[1][8], kv[1][9],
                             json.dumps(dict(kv[1][6].most_common()), ensure_ascii=False))))
    me_df = spark.createDataFrame(me, schema=_schema(MENTION_ENTITY_COLUMNS))
    ent_df = spark.createDataFrame(ents, schema=_schema(ENTITY_COLUMNS))
    return ent_df, me_df, res


def run_corpus(spark: Any, out: str, settings: dict[str, Any], partitions: int = 2) -> dict[str, Any]:
    """Run the Spark corpus stages named in the settings over the tables in ``out``; writes
    ``duplicates``, ``entities`` and ``mention_entities``. Returns row counts."""
    base = out.rstrip("/")
    stages = list(settings.get("corpus_stages") or ())
    report: dict[str, Any] = {}
    if "dedup" in stages:
        docs = spark.read.parquet(base + "/documents").where("status = 'ok'")
        dup = _spark_dedup(spark, docs, float(settings.get("dedup_threshold", 0.6)), partitions)
        dup.write.mode("overwrite").parquet(base + "/duplicates")
        report["duplicates"] = spark.read.parquet(base + "/duplicates").count()
    if "resolve" in stages:
        ent, me, res = _spark_resolve(spark, base, partitions)
        ent.write.mode("overwrite").parquet(base + "/entities")
        me.write.mode("overwrite").parquet(base + "/mention_entities")
        res.unpersist()
        report["entities"] = spark.read.parquet(base + "/entities").count()
        report["mention_entities"] = spark.read.parquet(base + "/mention_entities").count()
    return report
