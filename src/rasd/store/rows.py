"""Documents <-> table rows, and the search form of text. Pure functions, no database.

``prepare(doc)`` turns a Document into everything the store writes (the documents row, one
row list per annotation table, the two full-text columns and a digest); it does no I/O, so it
can run in a worker process and the writer only executes inserts. ``document_from_rows``
goes back.

The search form of a text (``search_words``) is the list of its words, each folded with
``rasd.arabic.normalize.fold`` and, for Arabic, without its proclitics: لداعش -> داعش,
والعراق -> العراق, للقوات -> القوات (ل + the article: the article is kept, as in القوات). A
query is put in the same form, so any clitic form finds every other one.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable

from ..arabic.normalize import fold
from ..arabic.tokenize import split_clitics, tokenize
from ..document import Amount, Document, Event, EventArg, Mention, Quote, Sentence, TimeExpr, Token

__all__ = [
    "LAYERS",
    "STORED_LAYERS",
    "Prepared",
    "prepare",
    "search_words",
    "word_form",
    "variant_key",
    "variant_pairs",
    "document_from_rows",
    "published_day",
    "now_iso",
]

# layer -> (table, dataclass, [(column, attribute)]); every table also has doc_id, idx
LAYERS: dict[str, tuple[str, type, list[tuple[str, str]]]] = {
    "mentions": (
        "mentions",
        Mention,
        [(c, c) for c in ("start", "end", "type", "score", "source", "entity_id", "antecedent")],
    ),
    "quotes": (
        "quotes",
        Quote,
        [
            (c, c)
            for c in (
                "start", "end", "kind", "cue_start", "cue_end", "speaker_start", "speaker_end",
                "speaker_mention", "channel", "confidence",
            )
        ],
    ),
    "amounts": (
        "amounts",
        Amount,
        [(c, c) for c in ("start", "end", "kind", "value", "value_max", "unit", "qualifier", "unit_start", "unit_end")],
    ),
    "times": (
        "times",
        TimeExpr,
        [(c, c) for c in ("start", "end", "type", "value", "granularity", "anchored", "mod")],
    ),
    "events": (
        "events",
        Event,
        [
            ("start", "start"), ("end", "end"), ("type", "type"), ("mode", "mode"), ("time_idx", "time"),
            ("time_from_published", "time_from_published"), ("amount_idx", "amount"), ("quote_idx", "quote"),
            ("sentence_start", "sentence_start"), ("sentence_end", "sentence_end"), ("confidence", "confidence"),
        ],
    ),
}
_ARG_COLS = [(c, c) for c in ("start", "end", "role", "mention", "entity_id", "sector")]
_BOOL_COLS = {"anchored", "time_from_published"}

# layers the store keeps (tokens are recomputed on demand; sentences live in a JSON column)
STORED_LAYERS: tuple[str, ...] = ("sentences", *LAYERS)

DOC_COLUMNS = (
    "id", "title", "url", "source", "outlet", "published", "published_day", "language", "language_score",
    "status", "skip_code", "skip_reason", "text", "meta", "stages", "sentences", "digest",
)

_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_VDROP = re.compile(r"(?<=.)[وي]")
_ARABIC = re.compile(r"[\u0621-\u064a]")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def published_day(published: str | None) -> str | None:
    m = _DAY.match(published or "")
    return m.group(1) if m else None


def variant_key(form: str) -> str:
    """Spelling-variant key of a search form: without non-initial و and ي, so that
    الامريكيه/الاميركيه and البشمركه/البيشمركه meet (alef is kept: كتاب is not كتب)."""
    return _VDROP.sub("", form)


def variant_pairs(words: Iterable[str]) -> list[tuple[str, str]]:
    """(variant_key, word) for the distinct Arabic words whose key has 4+ letters."""
    out = []
    for w in set(words):
        if _ARABIC.match(w):
            k = variant_key(w)
            if len(k) >= 4:
                out.append((k, w))
    return sorted(out)


@lru_cache(maxsize=500_000)
def word_form(word: str) -> str:
    """The search form of one Arabic word: folded, proclitics removed, and ل + ال (لل…)
    written back with its article."""
    pre, base = split_clitics(word)
    fb = fold(base)
    if pre and fold(pre).endswith("لل") and not fb.startswith("ال"):
        fb = "ال" + fb
    return fb


def search_words(text: str, tokens: Iterable[Token] | None = None) -> list[str]:
    """The words of ``text`` in search form (punctuation dropped), in order. ``tokens``
    (``rasd.arabic.tokenize`` output for ``text``) is reused when given."""
    out: list[str] = []
    for t in tokens if tokens is not None else tokenize(text):
        if t.kind == "punct":
            continue
        w = text[t.start : t.end]
        out.append(word_form(w) if t.kind == "word" else fold(w))
    return out


def _val(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    return v


@dataclass
class Prepared:
    """A document ready to write: its documents row, annotation rows and full-text columns."""

    doc: Document
    row: dict[str, Any]
    layers: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    fts_title: str = ""
    fts_body: str = ""
    variants: list[tuple[str, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def digest(self) -> str:
        return self.row["digest"]


def prepare(doc: Document) -> Prepared:
    """Everything the store writes for ``doc`` (pure; see the module docstring)."""
    text = doc.text
    row: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "outlet": doc.outlet,
        "published": doc.published,
        "published_day": published_day(doc.published),
        "language": doc.language,
        "language_score": doc.language_score,
        "status": doc.status or "ok",
        "skip_code": doc.skip_code,
        "skip_reason": doc.skip_reason,
        "text": text,
        "meta": json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str),
        "stages": json.dumps(list(doc.stages), ensure_ascii=False),
        "sentences": json.dumps([[s.start, s.end] for s in doc.sentences]),
    }
    layers: dict[str, list[tuple[Any, ...]]] = {}
    for name, (table, _cls, cols) in LAYERS.items():
        rows = []
        for i, a in enumerate(getattr(doc, name)):
            vals = [doc.id, i] + [_val(getattr(a, attr)) for _c, attr in cols]
            if name == "mentions":
                surface = text[a.start : a.end]
                vals += [surface, fold(surface)]
            rows.append(tuple(vals))
        layers[table] = rows
    layers["event_args"] = [
        (doc.id, ei, ai, *[_val(getattr(arg, attr)) for _c, attr in _ARG_COLS])
        for ei, ev in enumerate(doc.events)
        for ai, arg in enumerate(ev.args)
    ]
    h = hashlib.sha1()
    h.update(json.dumps([row, layers], ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    row["digest"] = h.hexdigest()
    title_words = search_words(doc.title) if doc.title else []
    body_words = search_words(text, doc.tokens or None)
    variants = variant_pairs(title_words + body_words)
    return Prepared(doc, row, layers, " ".join(title_words), " ".join(body_words), variants)


def layer_columns(table: str) -> list[str]:
    """Column names of an annotation table, in insert order."""
    if table == "event_args":
        return ["doc_id", "event_idx", "idx"] + [c for c, _ in _ARG_COLS]
    name = next(n for n, (t, _c, _cols) in LAYERS.items() if t == table)
    cols = ["doc_id", "idx"] + [c for c, _ in LAYERS[name][2]]
    if name == "mentions":
        cols += ["surface", "norm"]
    return cols


def _from_row(cls: type, cols: list[tuple[str, str]], r: Any) -> Any:
    kw = {}
    for col, attr in cols:
        v = r[col]
        if col in _BOOL_COLS and v is not None:
            v = bool(v)
        kw[attr] = v
    return cls(**kw)


def document_from_rows(row: Any, layer_rows: dict[str, list[Any]], args: dict[int, list[Any]] | None = None) -> Document:
    """Rebuild a Document from its documents row (a mapping) and annotation rows (mappings,
    in idx order). ``args`` maps an event idx to its event_args rows."""
    doc = Document(
        text=row["text"],
        id=row["id"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        outlet=row["outlet"],
        published=row["published"],
        language=row["language"],
        language_score=row["language_score"],
        meta=json.loads(row["meta"] or "{}"),
        stages=json.loads(row["stages"] or "[]"),
        status=row["status"],
        skip_code=row["skip_code"],
        skip_reason=row["skip_reason"],
    )
    if "sentences" in row.keys():
        doc.sentences = [Sentence(s, e) for s, e in json.loads(row["sentences"] or "[]")]
    for name, rows in layer_rows.items():
        _table, cls, cols = LAYERS[name]
        items = [_from_row(cls, cols, r) for r in rows]
        if name == "events" and args:
            for i, ev in enumerate(items):
                ev.args = [_from_row(EventArg, _ARG_COLS, a) for a in args.get(i, [])]
        setattr(doc, name, items)
    return doc
