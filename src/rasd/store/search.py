"""Full-text search over the store (SQLite FTS5) with snippets in the original text.

The index holds the *search form* of titles and texts (``rows.search_text``: folded, Arabic
proclitics removed); a query is put in the same form, so الامريكيه finds الأميركية and داعش
finds لداعش (and لداعش finds داعش).

Two query syntaxes:

* plain (default) — what a person types: words (all must occur), ``"quoted phrases"``, and a
  trailing ``*`` for a prefix (``اقتصاد*``). Everything else is text, never syntax: ``AND``,
  ``NEAR(``, a lone ``*`` or an unbalanced quote cannot break the query.
* advanced (``advanced=True``, ``rasd search --fts``) — FTS5 query syntax (``AND OR NOT``,
  ``NEAR(a b, 5)``, ``title:``, ``^``, ``"phrase"``, ``prefix*``); the words in it are still put
  in search form. A malformed query raises ``QueryError`` with FTS5's message.

Snippets are cut from ``documents.text`` (the original, not the folded form): the words whose
search form matches a query word are wrapped in ``<mark>``; all text is HTML-escaped, so
``<mark>`` is the only markup.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..arabic.normalize import fold
from ..arabic.tokenize import TOKEN_RE
from ..errors import QueryError, StoreError
from .rows import search_words, variant_key, word_form

__all__ = ["Hit", "SearchResult", "search", "parse_query", "Query", "snippet_html"]

TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
SNIPPET_WORDS = 32
MAX_LIMIT = 1000

_SUB = re.compile(r"\w+")
_PLAIN = re.compile(r'"([^"]*)"|(\S+)')
_ADV = re.compile(r'"(?:[^"]|"")*"|[(){}:^*+,-]|[^\s"(){}:^*+,-][^\s"(){}:^*+,]*|"')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_WS = re.compile(r"\s+")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Hit:
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet_html: str
    title_html: str = ""
    url: str | None = None
    language: str | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit] = field(default_factory=list)
    query: str = ""  # the FTS5 expression that ran
    limit: int = 20
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Query:
    """A parsed query: ``parts`` are FTS5 syntax tokens (str) or phrases (tuple of search-form
    words, with a prefix flag); ``terms``/``prefixes`` are what snippets highlight."""

    parts: list[str | tuple[tuple[str, ...], bool]]
    terms: frozenset[str]
    prefixes: tuple[str, ...] = ()
    advanced: bool = False

    @property
    def fts(self) -> str:
        return self.render()

    def render(self, variants: dict[str, list[str]] | None = None) -> str:
        """The FTS5 MATCH expression; ``variants`` maps a word to its spelling variants
        (plain queries only: each phrase becomes an OR of its spellings)."""
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
                continue
            words, prefix = p
            if prefix or not variants:
                out.append(_phrase(words) + ("*" if prefix else ""))
                continue
            combos = [()]  # type: list[tuple[str, ...]]
            for w in words:
                alts = variants.get(w, [w])[: 4 if len(words) == 1 else 2]
                combos = [c + (a,) for c in combos for a in alts][:8]
            phr = [_phrase(list(c)) for c in combos]
            out.append(phr[0] if len(phr) == 1 else "(" + " OR ".join(phr) + ")")
        # FTS5 allows implicit AND only between phrases; plain queries spell it out
        return " ".join(out) if self.advanced else " AND ".join(out)


def _key(s: str) -> str:
    """Highlight comparison key: FTS5's remove_diacritics also strips Latin accents."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _words(s: str) -> list[str]:
    """Search-form sub-words of a piece of query text, as FTS5's tokenizer will see them."""
    return search_words(s)


def _phrase(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def close_variant(a: str, b: str) -> bool:
    """Whether two search forms with the same ``variant_key`` are spelling variants rather
    than different words: و/ي swapped with a neighbour (الامريكيه / الاميركيه; keys of 5+
    letters), or one و/ي added inside the word, not at its end (البشمركه / البيشمركه; keys of 6+
    letters). So محمد/محمود, سلمان/سليمان (short) and العراق/العراقي (a suffix) stay apart."""
    key = variant_key(a)
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (
            len(key) >= 5 and len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    if abs(len(a) - len(b)) != 1 or len(key) < 6:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    i = next((k for k in range(len(short)) if long[k] != short[k]), len(short))
    return long[i] in "وي" and 0 < i < len(long) - 1 and long[:i] + long[i + 1 :] == short


def spelling_variants(conn: sqlite3.Connection, form: str, limit: int = 6) -> list[str]:
    """Indexed words that are spelling variants of ``form`` (same ``variant_key`` and
    ``close_variant``): ``form`` first, then the others by document frequency."""
    key = variant_key(form)
    if len(key) < 5 or not _ARABIC.search(form):
        return [form]
    others = []
    for (t,) in conn.execute("SELECT term FROM search_variants WHERE key=? AND term<>?", (key, form)):
        if not close_variant(form, t):
            continue
        n = conn.execute("SELECT doc FROM docs_vocab WHERE term=?", (t,)).fetchone()
        if n:
            others.append((-n[0], t))
    return [form] + [t for _n, t in sorted(others)[: limit - 1]]


def parse_query(q: str, advanced: bool = False) -> Query:
    """Turn user input into a ``Query`` (see the module docstring for the two syntaxes)."""
    if not q or not q.strip():
        raise QueryError("empty search query")
    terms: set[str] = set()
    prefixes: list[str] = []
    parts: list[str | tuple[tuple[str, ...], bool]] = []
    if not advanced:
        for m in _PLAIN.finditer(q):
            chunk = m.group(1) if m.group(1) is not None else m.group(2)
            prefix = m.group(2) is not None and chunk.endswith("*")
            words = _words(chunk)
            if not words:
                continue
            terms.update(words)
            if prefix:
                prefixes.append(words[-1])
            parts.append((tuple(words), prefix))
        if not parts:
            raise QueryError(f"nothing to search for in {q!r} (no words)")
        return Query(parts, frozenset(terms), tuple(prefixes))
    if q.count('"') % 2:
        raise QueryError(f"malformed search query {q!r}: unbalanced double quote")
    toks = _ADV.findall(q)
    in_braces = False
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        prev = toks[i - 1] if i else ""
        if t in ("{", "}"):
            in_braces = t == "{"
            parts.append(t)
        elif t.startswith('"'):
            words = _words(t[1:-1].replace('""', '"'))
            if not words:
                raise QueryError(f"malformed search query {q!r}: empty phrase {t}")
            terms.update(words)
            parts.append((tuple(words), False))
        elif t in _OPERATORS or not _SUB.search(t) or in_braces or nxt == ":" or (t.isdigit() and prev == ","):
            parts.append(t)  # syntax, a column name, or a NEAR distance
        else:
            words = _words(t)
            if not words:
                continue
            terms.update(words)
            if nxt == "*":
                prefixes.append(words[-1])
            parts.append((tuple(words), False))
    return Query(parts, frozenset(terms), tuple(prefixes), advanced=True)


def _token_matches(form: str, q: Query) -> bool:
    for sub in _SUB.findall(form):
        k = _key(sub)
        if k in q.terms or any(k.startswith(p) for p in q.prefixes):
            return True
    return False


def _esc(s: str) -> str:
    return html.escape(_WS.sub(" ", s))


def snippet_html(text: str, q: Query, words: int = SNIPPET_WORDS, whole: bool = False) -> str:
    """HTML of the best window of ``text`` (or all of it, ``whole``) with matches in <mark>."""
    toks: list[tuple[int, int]] = []
    hit: list[bool] = []
    seen: dict[str, bool] = {}
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup == "punct":
            continue
        w = m.group()
        h = seen.get(w)
        if h is None:
            h = seen[w] = _token_matches(word_form(w), q)
        toks.append(m.span())
        hit.append(h)
    if not toks:
        return _esc(text)
    if whole:
        lo, hi = 0, len(toks)
    else:
        lo = 0
        best = -1
        lead = words // 4
        for i in (i for i, h in enumerate(hit) if h):
            s = max(0, i - lead)
            window = toks[s : s + words]
            distinct = {text[t[0] : t[1]] for t, h in zip(window, hit[s : s + words]) if h}
            score = len(distinct) * 100 + sum(hit[s : s + words])
            if score > best:
                best, lo = score, s
        hi = min(len(toks), lo + words)
    pos = 0 if whole else toks[lo][0]
    end = len(text.rstrip()) if whole or hi == len(toks) else toks[hi - 1][1]
    out: list[str] = ["… " if lo > 0 else ""]
    for t, h in zip(toks[lo:hi], hit[lo:hi]):
        if h:
            out.append(_esc(text[pos : t[0]]))
            out.append("<mark>" + _esc(text[t[0] : t[1]]) + "</mark>")
            pos = t[1]
    out.append(_esc(text[pos:end]))
    if hi < len(toks):
        out.append(" …")
    return "".join(out)


def _check_date(name: str, v: str | None) -> str | None:
    if v is None:
        return None
    if not _DATE.match(v):
        raise QueryError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {v!r}")
    return v


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    advanced: bool = False,
    variants: bool = True,
) -> SearchResult:
    """Ranked hits (BM25, title weighted ×3) with snippets; see the module docstring.
    ``variants`` (plain queries) lets each word also match its indexed spelling variants
    (``spelling_variants``). ``entity`` matches a resolved entity id or a mention's folded
    surface."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be >= 0, not {offset}")
    q = parse_query(query, advanced)
    alts: dict[str, list[str]] = {}
    if variants and not q.advanced:
        for w in sorted(q.terms):
            alts[w] = spelling_variants(conn, w)
        q.terms = frozenset(a for vs in alts.values() for a in vs) | q.terms
    fts = q.render(alts)
    where = ["docs_fts MATCH :q"]
    params: dict[str, Any] = {"q": fts, "limit": limit, "offset": offset}
    if _check_date("--from", date_from):
        where.append("d.published_day >= :dfrom")
        params["dfrom"] = date_from
    if _check_date("--to", date_to):
        where.append("substr(d.published_day, 1, length(:dto)) <= :dto")
        params["dto"] = date_to
    if outlet:
        where.append("d.outlet = :outlet COLLATE NOCASE")
        params["outlet"] = outlet
    if language:
        where.append("d.language = :lang")
        params["lang"] = language
    if entity:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND (m.entity_id = :ent OR m.norm = :entf))")
        params.update(ent=entity, entf=fold(entity))
    if event_type:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id AND e.type = :etype)")
        params["etype"] = event_type
    rank = f"bm25(docs_fts, 0.0, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    cols = "d.id, d.title, d.outlet, d.published, d.url, d.language, d.text"
    try:
        if len(where) == 1:
            # no document filters: rank inside the index, then read only the page's documents
            total = conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH :q", params).fetchone()[0]
            top = conn.execute(
                f"SELECT doc_id, {rank} AS rank FROM docs_fts WHERE docs_fts MATCH :q "
                "ORDER BY rank LIMIT :limit OFFSET :offset",
                params,
            ).fetchall() if total > offset else []
            rows = []
            for doc_id, r in top:
                d = conn.execute(f"SELECT {cols} FROM documents d WHERE d.id = ?", (doc_id,)).fetchone()
                if d is not None:
                    rows.append((*d, r))
        else:
            frm = "FROM docs_fts JOIN documents d ON d.id = docs_fts.doc_id WHERE " + " AND ".join(where)
            total = conn.execute(f"SELECT count(*) {frm}", params).fetchone()[0]
            sql = f"SELECT {cols}, {rank} AS rank {frm} ORDER BY rank, d.published DESC LIMIT :limit OFFSET :offset"
            rows = conn.execute(sql, params).fetchall() if total > offset else []
    except sqlite3.OperationalError as e:
        msg = str(e)
        if any(x in msg for x in ("fts5", "syntax error", "no such column", "unknown special query", "expected integer")):
            raise QueryError(f"malformed search query {query!r}: {msg}") from None
        raise StoreError(f"search failed: {msg}") from None
    hits = [
        Hit(
            doc_id=r[0],
            title=r[1],
            outlet=r[2],
            published=r[3],
            score=round(-r[7], 4),
            snippet_html=snippet_html(r[6], q),
            title_html=snippet_html(r[1], q, whole=True) if r[1] else "",
            url=r[4],
            language=r[5],
        )
        for r in rows
    ]
    return SearchResult(total, hits, fts, limit, offset)
