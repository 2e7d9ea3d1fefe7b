"""Near-duplicates and story clusters (corpus stages ``dedup`` and ``stories``).

- ``dedup_corpus(store, doc_ids, settings)``: exact duplicates (content hash) and near-duplicates
  (MinHash + LSH over word shingles, persisted in SQLite, incremental) grouped with a representative.
- ``stories_corpus(store, doc_ids, settings)``: online clustering of articles into stories within
  ``story_window_days`` (TF-IDF over stemmed text, shared entities, multilingual embeddings across
  languages).
- Pure functions for use without a store: ``find_duplicates`` and ``cluster_articles``.
- Reading back: ``list_stories``, ``get_story``, ``duplicates_of``.
"""

from __future__ import annotations

from .cluster import Article, ClusterParams, Story, cluster_articles
from .corpus import dedup_corpus, stories_corpus
from .dedup import DedupIndex, find_duplicates, fingerprint
from .query import duplicates_of, get_story, list_stories

__all__ = [
    "dedup_corpus",
    "stories_corpus",
    "find_duplicates",
    "fingerprint",
    "DedupIndex",
    "cluster_articles",
    "Article",
    "ClusterParams",
    "Story",
    "list_stories",
    "get_story",
    "duplicates_of",
]
