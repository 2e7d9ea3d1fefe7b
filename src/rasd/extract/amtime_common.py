"""Helpers shared by the ``amounts`` and ``times`` stages: the normalisation they match on and
per-document caches (the normalised text and the number spans are computed once for both)."""

from __future__ import annotations

from ..arabic.normalize import DEFAULT_RULES, Normalized, normalize
from ..arabic.numbers import NumberSpan, find_numbers
from ..document import Document
from ..pipeline import Context

__all__ = ["MATCH_RULES", "doc_normalized", "doc_numbers", "is_arabic_doc"]

# the lexicons are folded with rasd.arabic.normalize.fold (DEFAULT_RULES), so the text is
# matched with the same rules whatever the user's normalize_rules setting says
MATCH_RULES: tuple[str, ...] = tuple(DEFAULT_RULES)


def doc_normalized(doc: Document) -> Normalized:
    """The document text normalised with MATCH_RULES (cached on the document)."""
    n = getattr(doc, "_amtime_norm", None)
    if n is not None and n.original is doc.text:
        return n
    cached = getattr(doc, "_normalized", None)  # rasd.extract.basic.normalized
    if cached is not None and cached.rules == MATCH_RULES and cached.original is doc.text:
        n = cached
    else:
        n = normalize(doc.text, MATCH_RULES)
    object.__setattr__(doc, "_amtime_norm", n)
    return n


def doc_numbers(doc: Document, norm: Normalized) -> list[NumberSpan]:
    """Number spans of the normalised text (cached on the document for the other stage)."""
    cached = getattr(doc, "_amtime_numbers", None)
    if cached is not None and cached[0] is norm:
        return cached[1]
    nums = find_numbers(norm.text)
    object.__setattr__(doc, "_amtime_numbers", (norm, nums))
    return nums


def is_arabic_doc(doc: Document, ctx: Context | None) -> bool:
    langs = ("ar",)
    if ctx is not None:
        try:
            langs = tuple(ctx.settings["arabic_languages"])
        except (KeyError, AttributeError, TypeError):
            pass
    return doc.language in langs
