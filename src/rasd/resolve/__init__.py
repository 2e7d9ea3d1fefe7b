"""Entity resolution: one canonical entity per real-world actor, across spellings and articles.

* ``resolve_document(doc)`` — in-document linking: a partial reference to a person (a family
  name alone, title + family name, first + family name of a longer name) gets
  ``Mention.antecedent`` = the index of the full-name mention in the same article; a partial
  name that fits two different people in the article is left unlinked.
* ``resolve_corpus(store, doc_ids, settings)`` — the corpus stage: reads the documents'
  mentions from the store, links within each article, matches against the stored entities
  (loaded by blocking key, so it is incremental), the seed knowledge base and each other, sets
  ``mentions.entity_id`` and writes ``entities``, ``entity_aliases``, ``entity_keys`` and
  ``entity_evidence`` (migration 0002_entities).
* ``entity_info(store, id, why=...)``, ``list_entities(store, ...)`` — what the CLI shows.

See ``docs/resolve.md`` for the rules and their evidence names.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..document import Document
from .keys import NameKey, name_key
from .matcher import Decision, Entity, MentionIn, Resolver, compare, link_in_document

__all__ = [
    "resolve_document",
    "resolve_corpus",
    "entity_info",
    "list_entities",
    "Resolver",
    "MentionIn",
    "Entity",
    "Decision",
    "NameKey",
    "name_key",
    "compare",
    "link_in_document",
]


def resolve_document(doc: Document) -> Document:
    """Set ``antecedent`` on the partial person references of ``doc`` (see the module
    docstring). Other mentions are left as they are; returns ``doc``."""
    keys = [name_key(doc.text[m.start:m.end], m.type) for m in doc.mentions]
    for m, (ante, _amb) in zip(doc.mentions, link_in_document(keys)):
        m.antecedent = ante
    return doc


def resolve_corpus(store: Any, doc_ids: Sequence[str] | None, settings: Any = None) -> dict[str, Any]:
    """Resolve the mentions of ``doc_ids`` (all stored documents when None) into canonical
    entities stored in ``store``; new articles join existing entities. Returns counts."""
    from .corpus import resolve_store

    return resolve_store(store, list(doc_ids) if doc_ids is not None else None)


def entity_info(store: Any, entity_id: str, *, why: bool = False, limit: int = 50) -> dict[str, Any]:
    """One entity with its aliases (and, with ``why``, the evidence of each join); raises
    ``rasd.errors.NotFound``."""
    from .query import entity_info as _info

    return _info(store, entity_id, why=why, limit=limit)


def list_entities(store: Any, *, type: str | None = None, limit: int = 50, status: str | None = None,
                  query: str | None = None) -> list[dict[str, Any]]:
    """Entities by mention count (optionally of one type or status, or whose aliases match
    ``query``)."""
    from .query import list_entities as _list

    return _list(store, type=type, limit=limit, status=status, query=query)
