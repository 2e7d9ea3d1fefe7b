"""Documents <-> table rows, and the search form of text. Pure functions, no database.

``prepare(doc)`` turns a Document into everything the store writes (the documents row, one
row list per annotation table, the two full-text columns and a digest); it does no I/O, so it
can run in a worker process and the writer only executes inserts. ``document_from_rows``
goes back.

The search form of a text (``search_text``) is the text folded with
``rasd.arabic.normalize.fold`` and each Arabic word without its proclitics: لداعش -> داعش,
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
from ..arabic.tokenize import split_clitics
from ..document import Amount, Document, Event, EventArg, Mention, Quote, Sentence, TimeExpr

__all__ = [
    "LAYERS",
    "STORED_LAYERS",
    "Prepared",
    "prepare",
    "search_text",
    "search_words",
    "word_form",
    "folded_form",
    "search_form_signature",
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
_AR_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff]+")
_CLITIC_WORD = re.compile(
    "(?<![\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff])[وفبلك]"
    "[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff]+"
)
_SUB = re.compile(r"\w+")
_VDROP = re.compile(r"(?<=.)[وي]")
_ARABIC = re.compile(r"[\u0621-\u064a]")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def published_day(published: str | None) -> str | None:
    m = _DAY.match(published or "")
    return m.group(1) if m else None


SEARCH_FORM_VERSION = 2  # bump when search_text changes in a way that needs a reindex


@lru_cache(maxsize=1)
def search_form_signature() -> str:
    """A fingerprint of everything the search form depends on: this module's version, the
    folding rules, and the proclitic splitter's word lists (NOT_CLITIC and the shipped lexicon).
    An index built under another signature must be rebuilt (``Store.reindex``)."""
    from ..arabic.normalize import rule_table
    from ..arabic.tokenize import NOT_CLITIC

    h = hashlib.sha1(f"v{SEARCH_FORM_VERSION}".encode())
    h.update(repr(sorted(rule_table().items())).encode("utf-8"))
    h.update(repr(sorted(NOT_CLITIC)).encode("utf-8"))
    try:
        from importlib.resources import files

        from ..arabic.lexicon import LEXICON_PATH

        p = files("rasd.models").joinpath(LEXICON_PATH)
        if p.is_file():
            h.update(p.read_bytes())
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        pass
    return h.hexdigest()[:16]


@lru_cache(maxsize=100_000)
def variant_key(form: str) -> str:
    """Spelling-variant key of a search form: without non-initial و and ي, so that
    الامريكيه/الاميركيه and البشمركه/البيشمركه meet (alef is kept: كتاب is not كتب)."""
    return _VDROP.sub("", form)


def variant_pairs(words: Iterable[str]) -> list[tuple[str, str]]:
    """(variant_key, word) for the distinct Arabic words whose key has 4+ letters."""
    out = []
    for w in set(words):
        k = variant_key(w)
        if len(k) >= 4 and _ARABIC.match(w):
            out.append((k, w))
    return out


@lru_cache(maxsize=200_000)
def folded_form(f: str) -> str:
    """The search form of one folded Arabic word: proclitics removed, and ل + ال (لل…)
    written back with its article. Depends only on the folded word, so the index (which folds
    whole texts) and the highlighter (which folds one token) agree."""
    pre, base = split_clitics(f)
    if pre.endswith("لل") and not base.startswith("ال"):
        return "ال" + base
    return base


@lru_cache(maxsize=100_000)
def word_form(word: str) -> str:
    """The search form of one word of original text (see ``folded_form``)."""
    f = fold(word)
    return folded_form(f) if _AR_WORD.fullmatch(f) else f


def search_text(text: str) -> str:
    """The search form of a text: folded, each Arabic word in ``folded_form``. FTS5's
    tokenizer (unicode61) then splits it into words."""
    # only words that begin with a proclitic letter can change (the article alone stays)
    return _CLITIC_WORD.sub(lambda m: folded_form(m.group()), fold(text))


def search_words(text: str) -> list[str]:
    """The words of ``search_text(text)`` (as FTS5 sees them, give or take ``_``)."""
    return _SUB.findall(search_text(text))


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
    fts_title = search_text(doc.title) if doc.title else ""
    fts_body = search_text(text)
    variants = variant_pairs(_AR_WORD.findall(fts_title) + _AR_WORD.findall(fts_body))
    return Prepared(doc, row, layers, fts_title, fts_body, variants)


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
