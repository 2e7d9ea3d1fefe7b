"""The one place where built-in stages are registered, by name, the way a plugin registers
its own (an entry point in the ``rasd.stages`` group maps a name to ``module:function``)."""

from __future__ import annotations

__all__ = ["BUILTIN", "CORPUS"]

BUILTIN: dict[str, str] = {
    "language": "rasd.extract.basic:language_stage",
    "normalize": "rasd.extract.basic:normalize_stage",
    "sentences": "rasd.extract.basic:sentences_stage",
    "tokens": "rasd.extract.basic:tokens_stage",
    "entities": "rasd.extract.entities:entities_stage",
    "amounts": "rasd.extract.amounts:amounts_stage",
    "times": "rasd.extract.times:times_stage",
    "quotes": "rasd.extract.quotes:quotes_stage",
    "events": "rasd.extract.events:events_stage",
}

# corpus stages: name -> 'module:function(store, doc_ids, settings)'
CORPUS: dict[str, str] = {
    "resolve": "rasd.resolve:resolve_corpus",
    "dedup": "rasd.stories:dedup_corpus",
    "stories": "rasd.stories:stories_corpus",
}
