"""Online story clustering: articles in time order join the most similar open story.

Each article becomes a TF-IDF vector over stemmed, folded terms (``stemmer.terms``) of its title
(weighted up) and first ``lead_words`` words. A story keeps the sum of its members' unit vectors
(its centroid). An article is compared with every story still *open* — one it can join without
two of its articles ending up more than ``window_days`` apart — that shares one of its strongest terms (an inverted index), and joins
the best one when the score reaches ``threshold``; otherwise it founds a new story. The score is

- the cosine with the centroid (lexical), mixed with the overlap of named entities when the
  entities stage ran (``entity_weight``);
- across languages (an English report of an Arabic story), where words cannot match, the cosine
  of multilingual sentence embeddings (``embed.Embedder``, USE multilingual v3) of the title and
  lead, which must reach ``cross_threshold``. Embeddings are computed only when a story and an
  article do not share a language (``embed="cross"``), or for every article (``embed="all"``).

Duplicates (``dedup``) are not clustered again: the caller passes ``dup_of`` and the copy joins its
representative's story. Memory is bounded by the window: a story that closes keeps its ids and
counters but drops its member vectors.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from .stemmer import terms

__all__ = ["Article", "ClusterParams", "Story", "DocFreq", "StoryClusterer", "cluster_articles", "parse_time",
           "story_id"]


@dataclass
class Article:
    doc_id: str
    title: str | None
    text: str | None
    published: str | None = None
    outlet: str | None = None
    language: str | None = "ar"
    entities: Sequence[str] = ()
    events: Sequence[str] = ()


@dataclass
class ClusterParams:
    window_days: float = 3.0
    threshold: float = 0.18  # chosen on the dev half of tests/data/stories_gold (docs/stories.md)
    title_weight: float = 2.0
    lead_words: int = 60
    max_terms: int = 60
    probe_terms: int = 12
    centroid_terms: int = 300
    entity_weight: float = 0.3
    embed: str = "cross"  # off | cross | all
    embed_weight: float = 0.5
    cross_threshold: float = 0.5


@dataclass
class Story:
    id: str
    doc_ids: list[str]
    central_doc: str
    title: str | None
    first_published: str | None
    last_published: str | None
    outlets: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    similarity: dict[str, float] = field(default_factory=dict)  # doc_id -> score when it joined
    dup_of: dict[str, str] = field(default_factory=dict)  # duplicate doc_id -> its representative

    @property
    def size(self) -> int:
        return len(self.doc_ids)


def parse_time(s: str | None) -> datetime | None:
    """An ISO 8601 string (date or date-time, offset or not) as an aware UTC datetime."""
    if not s:
        return None
    try:
        d = datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            d = datetime.fromisoformat(s.strip()[:10])
        except ValueError:
            return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(timezone.utc)


def story_id(founder: str) -> str:
    return "s" + hashlib.blake2b(founder.encode("utf-8"), digest_size=6).hexdigest()


class DocFreq:
    """Document frequencies of terms; ``idf`` is smoothed, so unseen terms get the largest weight."""

    def __init__(self, df: Mapping[str, int] | None = None, n: int = 0) -> None:
        self.df: Counter = Counter(df or {})
        self.n = n

    def add(self, ts: Iterable[str]) -> None:
        self.df.update(set(ts))
        self.n += 1

    def idf(self, t: str) -> float:
        return math.log((self.n + 1) / (self.df.get(t, 0) + 1)) + 1.0


def _unit(v: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / n for k, x in v.items()} if n else {}


class _Cluster:
    __slots__ = ("sid", "founder", "members", "vectors", "centroid", "norm", "first", "last", "first_s",
                 "last_s", "outlets", "languages", "entities", "events", "emb", "emb_n", "indexed", "sims",
                 "titles", "dup_of", "central")

    def __init__(self, sid: str, founder: str) -> None:
        self.sid = sid
        self.founder = founder
        self.members: list[str] = []
        self.vectors: dict[str, dict[str, float]] = {}
        self.centroid: dict[str, float] = {}
        self.norm = 0.0
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.first_s: str | None = None
        self.last_s: str | None = None
        self.outlets: Counter = Counter()
        self.languages: Counter = Counter()
        self.entities: Counter = Counter()
        self.events: Counter = Counter()
        self.emb: np.ndarray | None = None
        self.emb_n = 0
        self.indexed: set[str] = set()
        self.sims: dict[str, float] = {}
        self.titles: dict[str, str | None] = {}
        self.dup_of: dict[str, str] = {}
        self.central: str | None = None


class StoryClusterer:
    """Stateful online clusterer. ``add`` articles in (roughly) time order; ``stories()`` at the end.

    ``df`` supplies IDF weights (count the corpus first for a batch; the store keeps them for later
    batches). ``embedder`` is a callable ``list[str] -> (n, d) array`` of unit vectors, or ``None``
    (then articles in another language than a story's never join it)."""

    def __init__(self, params: ClusterParams | None = None, df: DocFreq | None = None,
                 embedder: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.p = params or ClusterParams()
        self.df = df or DocFreq()
        self.embedder = embedder
        self.window = timedelta(days=float(self.p.window_days))
        self.clusters: dict[str, _Cluster] = {}
        self.open: dict[str, _Cluster] = {}
        self.index: dict[str, set[str]] = defaultdict(set)
        self.clock: datetime | None = None
        self.of_doc: dict[str, str] = {}
        self._emb_cache: dict[str, np.ndarray] = {}
        self._texts: dict[str, str] = {}
        self.embedded = 0

    # -- vectors ---------------------------------------------------------------------------
    def vector(self, a: Article) -> dict[str, float]:
        lang = a.language or "ar"
        tf: Counter = Counter(terms(a.text, lang, limit=self.p.lead_words))
        for t in terms(a.title, lang):
            tf[t] += self.p.title_weight
        if not tf:
            return {}
        w = {t: (1.0 + math.log(c)) * self.df.idf(t) for t, c in tf.items()}
        if len(w) > self.p.max_terms:
            w = dict(sorted(w.items(), key=lambda kv: -kv[1])[: self.p.max_terms])
        return _unit(w)

    def _embed(self, doc_id: str, text: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        e = self._emb_cache.get(doc_id)
        if e is None:
            e = np.asarray(self.embedder([text])[0], dtype=np.float32)
            self._emb_cache[doc_id] = e
            self.embedded += 1
        return e

    @staticmethod
    def embed_text(a: Article) -> str:
        lead = " ".join((a.text or "").split()[:40])
        return f"{a.title or ''}. {lead}".strip(". ")

    def _cluster_emb(self, c: _Cluster) -> np.ndarray | None:
        if c.emb is None and self.embedder is not None:
            # lazily: the embedding of the first members (their texts are kept while the story is open)
            embs = [self._embed(d, self._texts[d]) for d in c.members[:3] if d in self._texts]
            embs = [e for e in embs if e is not None]
            if embs:
                c.emb = np.sum(embs, axis=0)
                c.emb_n = len(embs)
        if c.emb is None:
            return None
        n = float(np.linalg.norm(c.emb))
        return c.emb / n if n else None

    # -- time --------------------------------------------------------------------------------
    def _advance(self, t: datetime | None) -> datetime | None:
        if t is not None and (self.clock is None or t > self.clock):
            self.clock = t
            cutoff = t - self.window
            for sid in [s for s, c in self.open.items() if c.first is not None and c.first < cutoff]:
                self._close(self.open.pop(sid))
        return t or self.clock

    def _close(self, c: _Cluster) -> None:
        c.central = self._central(c)
        for term in c.indexed:
            s = self.index.get(term)
            if s is not None:
                s.discard(c.sid)
                if not s:
                    del self.index[term]
        c.indexed = set()
        for d in c.members:
            self._texts.pop(d, None)
            self._emb_cache.pop(d, None)
        c.vectors = {}
        c.centroid = {}

    @staticmethod
    def _central(c: _Cluster) -> str:
        if c.central is not None and not c.vectors:
            return c.central
        best, best_s = c.founder, -1.0
        for d, v in c.vectors.items():
            s = sum(x * c.centroid.get(t, 0.0) for t, x in v.items())
            if s > best_s:
                best, best_s = d, s
        return best

    # -- adding ------------------------------------------------------------------------------
    def add(self, a: Article, dup_of: str | None = None) -> tuple[str, float]:
        """Place one article; returns (story id, score). ``dup_of`` names the representative of
        its duplicate group when that one was already added (it then joins the same story)."""
        t = self._advance(parse_time(a.published))
        if a.doc_id in self.of_doc:
            return self.of_doc[a.doc_id], 1.0
        if dup_of is not None and dup_of in self.of_doc:
            c = self.clusters[self.of_doc[dup_of]]
            self._attach(c, a, t, None, 1.0)
            c.dup_of[a.doc_id] = dup_of
            return c.sid, 1.0
        v = self.vector(a)
        best, best_s = self._best(a, v, t)
        if best is None or best_s < self.p.threshold:
            sid = story_id(a.doc_id)
            while sid in self.clusters:  # the same founder id twice (never in a store)
                sid = story_id(sid)
            best = _Cluster(sid, a.doc_id)
            self.clusters[sid] = best
            self.open[sid] = best
            best_s = 1.0
        self._attach(best, a, t, v, best_s)
        return best.sid, best_s

    def _best(self, a: Article, v: dict[str, float], t: datetime | None) -> tuple[_Cluster | None, float]:
        lang = a.language or "ar"
        cands: set[str] = set()
        for term, _w in sorted(v.items(), key=lambda kv: -kv[1])[: self.p.probe_terms]:
            cands |= self.index.get(term, set())
        mode = self.p.embed
        foreign = [] if mode == "off" else [c for c in self.open.values() if lang not in c.languages]
        a_emb = None
        if (mode == "all" and (cands or foreign)) or foreign:
            a_emb = self._embed(a.doc_id, self.embed_text(a))
        best, best_s = None, -1.0
        ents = set(a.entities)
        for sid in cands:
            c = self.open.get(sid)
            if c is None or not self._in_window(c, t) or lang not in c.languages:
                continue
            lex = sum(x * c.centroid.get(term, 0.0) for term, x in v.items()) / (c.norm or 1.0)
            s = lex
            if ents and c.entities:
                ent = sum(1 for e in ents if e in c.entities) / len(ents)
                s = (1 - self.p.entity_weight) * s + self.p.entity_weight * ent
            if mode == "all" and a_emb is not None:
                ce = self._cluster_emb(c)
                if ce is not None:
                    s = (1 - self.p.embed_weight) * s + self.p.embed_weight * max(0.0, float(a_emb @ ce) - 0.3) / 0.7
            if s > best_s:
                best, best_s = c, s
        if a_emb is not None:
            for c in foreign:
                if not self._in_window(c, t):
                    continue
                ce = self._cluster_emb(c)
                if ce is None:
                    continue
                cos = float(a_emb @ ce)
                if cos >= self.p.cross_threshold:
                    # map onto the lexical scale so both kinds of evidence compare
                    s = self.p.threshold + (cos - self.p.cross_threshold)
                    if s > best_s:
                        best, best_s = c, s
        return best, best_s

    def _in_window(self, c: _Cluster, t: datetime | None) -> bool:
        if t is None or c.last is None:
            return True
        # every pair of articles in a story is at most window_days apart
        return (c.last - self.window) <= t <= (c.first + self.window)  # type: ignore[operator]

    def _attach(self, c: _Cluster, a: Article, t: datetime | None, v: dict[str, float] | None, s: float) -> None:
        c.members.append(a.doc_id)
        c.sims[a.doc_id] = round(float(s), 4)
        c.titles[a.doc_id] = a.title
        self.of_doc[a.doc_id] = c.sid
        if t is not None:
            if c.first is None or t < c.first:
                c.first, c.first_s = t, a.published
            if c.last is None or t > c.last:
                c.last, c.last_s = t, a.published
        if a.outlet:
            c.outlets[a.outlet] += 1
        c.languages[a.language or "ar"] += 1
        c.entities.update(set(a.entities))
        c.events.update(a.events)
        if v is None:
            return
        if c.sid in self.open:
            if self.embedder is not None:
                self._texts[a.doc_id] = self.embed_text(a)
            c.vectors[a.doc_id] = v
            for term, x in v.items():
                c.centroid[term] = c.centroid.get(term, 0.0) + x
            if len(c.centroid) > self.p.centroid_terms * 2:
                keep = sorted(c.centroid.items(), key=lambda kv: -kv[1])[: self.p.centroid_terms]
                c.centroid = dict(keep)
            c.norm = math.sqrt(sum(x * x for x in c.centroid.values()))
            for term, _w in sorted(v.items(), key=lambda kv: -kv[1])[: self.p.probe_terms]:
                if term not in c.indexed:
                    c.indexed.add(term)
                    self.index[term].add(c.sid)
            e = self._emb_cache.get(a.doc_id)
            if e is not None and c.emb is not None and c.emb_n < 20:
                c.emb = c.emb + e
                c.emb_n += 1

    def restore(self, sid: str, founder: str, members: Sequence[tuple[Article, float, str | None]]) -> None:
        """Re-open a stored story (members in time order as (article, score, dup_of)) so that new
        articles can join it; nothing is re-scored."""
        c = _Cluster(sid, founder)
        self.clusters[sid] = c
        self.open[sid] = c
        for a, score, dup in members:
            t = parse_time(a.published)
            if t is not None and (self.clock is None or t > self.clock):
                self.clock = t
            self._attach(c, a, t, None if dup else self.vector(a), score)
            if dup:
                c.dup_of[a.doc_id] = dup

    def touched(self) -> list[str]:
        """Ids of every story this clusterer holds (restored or new)."""
        return list(self.clusters)

    # -- results -----------------------------------------------------------------------------
    def stories(self) -> list[Story]:
        """All stories, largest first (then latest)."""
        out = []
        for c in self.clusters.values():
            central = self._central(c)
            out.append(Story(
                id=c.sid, doc_ids=list(c.members), central_doc=central, title=c.titles.get(central),
                first_published=c.first_s, last_published=c.last_s, outlets=Counter(c.outlets),
                languages=Counter(c.languages), entities=Counter(c.entities), events=Counter(c.events),
                similarity=dict(c.sims), dup_of=dict(c.dup_of)))
        out.sort(key=lambda s: s.last_published or "", reverse=True)
        out.sort(key=lambda s: -s.size)
        return out


def cluster_articles(articles: Iterable[Article], params: ClusterParams | None = None,
                     dup_of: Mapping[str, str] | None = None, df: DocFreq | None = None,
                     embedder: Callable[[list[str]], np.ndarray] | None = None) -> list[Story]:
    """Pure entry point: cluster ``articles`` (any order; they are sorted by time, undated last).
    ``dup_of`` maps a duplicate's id to its group's representative. Without ``df`` the IDF is
    counted over the articles themselves."""
    arts = list(articles)
    params = params or ClusterParams()
    if df is None:
        df = DocFreq()
        for a in arts:
            df.add(terms(a.text, a.language or "ar", limit=params.lead_words) + terms(a.title, a.language or "ar"))
    arts.sort(key=lambda a: (parse_time(a.published) is None,
                             parse_time(a.published) or datetime.min.replace(tzinfo=timezone.utc)))
    dup_of = dict(dup_of or {})
    ids = {a.doc_id for a in arts}
    # representatives first within equal times: a copy must not found a story before its original
    def is_copy(a: Article) -> bool:
        r = dup_of.get(a.doc_id)
        return r is not None and r != a.doc_id and r in ids

    reps = [a for a in arts if not is_copy(a)]
    copies = [a for a in arts if is_copy(a)]
    cl = StoryClusterer(params, df, embedder)
    for a in reps:
        cl.add(a)
    for a in copies:
        cl.add(a, dup_of=dup_of[a.doc_id])
    return cl.stories()
