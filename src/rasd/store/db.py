"""The SQLite store: connections, named migrations, the one writer, documents in and out.

``Store(path)`` opens (creating if needed) a SQLite file in WAL mode with foreign keys on and
applies the pending migrations (``migrations/NNNN_name.sql`` of this package, in name order,
each once, recorded in ``migrations(name, applied_at)``; several helpers own one file each).

One writer: ``with store.write() as conn:`` is the only way to write — a transaction on the
single writer connection (``BEGIN IMMEDIATE``, so two processes queue instead of failing
half-way), committed on exit, rolled back on error; nested ``write()`` blocks join the outer
transaction. Reads use ``store.conn``. An interrupted process loses only its open transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import quote

from ..document import Document
from ..errors import NotFound, StoreError
from .rows import (
    _AR_WORD,
    DOC_COLUMNS,
    LAYERS,
    STORED_LAYERS,
    Prepared,
    document_from_rows,
    layer_columns,
    now_iso,
    prepare,
    search_form_signature,
    search_text,
    variant_pairs,
)

__all__ = ["Store", "migration_files"]

_ANN_TABLES = [t for t, _c, _cols in LAYERS.values()] + ["event_args"]


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped with the package, in name order."""
    d = files("rasd.store").joinpath("migrations")
    out = [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8")) for p in d.iterdir() if p.name.endswith(".sql")]
    return sorted(out)


def _statements(sql: str) -> Iterator[str]:
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise StoreError(f"incomplete SQL statement at the end of a migration: {buf.strip()[:80]!r}")


class Store:
    """A rasd database. See the module docstring; ``readonly=True`` never writes (and needs an
    existing database)."""

    def __init__(self, path: str | Path = "rasd.db", *, readonly: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        self._depth = 0
        self._w: sqlite3.Connection | None = None
        if readonly and not self.path.is_file():
            raise StoreError(f"database not found: {self.path} (create it with `rasd ingest PATH --db {self.path}`)")
        if not readonly and not self.path.parent.is_dir():
            raise StoreError(f"cannot create database {self.path}: directory {self.path.parent} does not exist")
        try:
            if not readonly:
                self._w = self._connect(self._uri(), timeout)
                mode = self._w.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})")
                self._w.execute("PRAGMA synchronous=NORMAL")
                self.migrate()
            self.conn = self._connect(self._uri("?mode=ro"), timeout)
            self.conn.row_factory = sqlite3.Row
            if readonly:
                ok = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name='migrations'").fetchone()
                if not ok:
                    raise StoreError(f"{self.path} is not a rasd database")
        except sqlite3.DatabaseError as e:
            self.close()
            raise StoreError(f"cannot open database {self.path}: {e}") from None

    def _uri(self, query: str = "") -> str:
        return "file:" + quote(str(self.path.absolute())) + query

    @staticmethod
    def _connect(uri: str, timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        for name in ("conn", "_w"):
            c = getattr(self, name, None)
            if c is not None:
                c.close()
        self._w = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The writer connection inside one transaction (see the module docstring)."""
        if self._w is None:
            raise StoreError(f"{self.path} is open read-only")
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._w
                finally:
                    self._depth -= 1
                return
            try:
                self._w.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                raise StoreError(f"cannot write to {self.path}: {e}") from None
            self._depth = 1
            try:
                yield self._w
            except BaseException:
                self._depth = 0
                if self._w.in_transaction:
                    self._w.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self._w.execute("COMMIT")
            except sqlite3.OperationalError as e:
                raise StoreError(f"cannot commit to {self.path}: {e}") from None

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied."""
        assert self._w is not None
        self._w.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done: list[str] = []
        for name, sql in migration_files():
            if self._w.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                continue
            with self.write() as w:
                # another process may have applied it while we waited for the lock
                if w.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                    continue
                try:
                    for stmt in _statements(sql):
                        w.execute(stmt)
                except sqlite3.Error as e:
                    raise StoreError(f"migration {name} failed: {e}") from None
                w.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, now_iso()))
            done.append(name)
        return done

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    def add(self, doc: Document | Prepared) -> bool:
        """Store ``doc`` (upsert by id). False if it was already stored unchanged."""
        with self.write() as w:
            return self._add(w, doc if isinstance(doc, Prepared) else prepare(doc))

    def add_many(self, docs: Iterable[Document | Prepared]) -> list[bool]:
        """Store several documents in one transaction; one bool per document (see ``add``)."""
        with self.write() as w:
            return [self._add(w, d if isinstance(d, Prepared) else prepare(d)) for d in docs]

    def _add(self, w: sqlite3.Connection, p: Prepared) -> bool:
        old = w.execute("SELECT digest, title, text FROM documents WHERE id=?", (p.id,)).fetchone()
        if old and old[0] == p.digest:
            return False
        now = now_iso()
        row = p.row
        if old:
            sets = ", ".join(f"{c}=:{c}" for c in DOC_COLUMNS if c != "id")
            w.execute(f"UPDATE documents SET {sets}, updated_at=:now WHERE id=:id", {**row, "now": now})
            for t in _ANN_TABLES:
                w.execute(f"DELETE FROM {t} WHERE doc_id=?", (p.id,))
            fts_changed = (old[1], old[2]) != (row["title"], row["text"])
            if fts_changed:
                w.execute("DELETE FROM docs_fts WHERE doc_id=?", (p.id,))
        else:
            cols = ", ".join(DOC_COLUMNS)
            vals = ", ".join(f":{c}" for c in DOC_COLUMNS)
            w.execute(
                f"INSERT INTO documents({cols}, ingested_at, updated_at) VALUES ({vals}, :now, :now)",
                {**row, "now": now},
            )
            fts_changed = True
        for table, rows in p.layers.items():
            if rows:
                cols = layer_columns(table)
                w.executemany(
                    f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
                )
        if fts_changed:
            w.execute("INSERT INTO docs_fts(doc_id, title, body) VALUES (?, ?, ?)", (p.id, p.fts_title, p.fts_body))
            w.executemany("INSERT OR IGNORE INTO search_variants(key, term) VALUES (?, ?)", p.variants)
        return True

    def check_search_index(self) -> bool:
        """True if the full-text index was built with the current search form (or the store is
        empty, in which case it is marked as such); False if it needs ``reindex``."""
        sig = search_form_signature()
        have = self.get_state("search_form")
        if have == sig:
            return True
        if have is None and self.conn.execute("SELECT count(*) FROM docs_fts").fetchone()[0] == 0:
            self.set_state("search_form", sig)
            return True
        return False

    def reindex(self, batch: int = 500) -> int:
        """Rebuild the full-text index and the spelling-variant table from the stored texts
        (after the normalisation rules or the clitic lexicon changed). Returns the number of
        documents indexed."""
        n = 0
        with self.write() as w:
            w.execute("DELETE FROM docs_fts")
            w.execute("DELETE FROM search_variants")
            rows = self.conn.execute("SELECT id, title, text FROM documents ORDER BY rowid")
            while chunk := rows.fetchmany(batch):
                for doc_id, title, text in chunk:
                    ft, fb = search_text(title) if title else "", search_text(text)
                    w.execute("INSERT INTO docs_fts(doc_id, title, body) VALUES (?, ?, ?)", (doc_id, ft, fb))
                    pairs = variant_pairs(_AR_WORD.findall(ft) + _AR_WORD.findall(fb))
                    w.executemany("INSERT OR IGNORE INTO search_variants(key, term) VALUES (?, ?)", pairs)
                    n += 1
            w.execute(
                "INSERT INTO state(key, value) VALUES ('search_form', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (search_form_signature(),),
            )
        return n

    def record_skip(self, skip: Any) -> None:
        """Record an input that could not be read (any object with source, code, reason).
        One row per (source, code); seeing it again updates the reason and counts it."""
        with self.write() as w:
            w.execute(
                "INSERT INTO skips(source, code, reason, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(source, code) DO UPDATE SET reason=excluded.reason, at=excluded.at, seen=seen+1",
                (str(skip.source), str(skip.code), str(skip.reason), now_iso()),
            )

    def delete(self, doc_id: str) -> bool:
        """Remove a document and its annotations. False if it was not there."""
        with self.write() as w:
            w.execute("DELETE FROM docs_fts WHERE doc_id=?", (doc_id,))
            return w.execute("DELETE FROM documents WHERE id=?", (doc_id,)).rowcount > 0

    def set_state(self, key: str, value: str | None) -> None:
        """Keep a small named value (e.g. when a corpus stage last completed)."""
        with self.write() as w:
            w.execute("INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                      (key, value))

    # -- reading -----------------------------------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        r = self.conn.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return r[0] if r else default

    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def processed_with(self, doc_id: str) -> list[str] | None:
        """The stages a stored document has been through: the pipeline it was processed with
        (``meta.pipeline``, set by ``rasd.process``) minus stages that failed on it
        (``meta.stage_errors``), so a re-run retries them. ``[]`` if unknown, ``None`` if the
        document is not stored."""
        r = self.conn.execute(
            "SELECT json_extract(meta, '$.pipeline'), json_extract(meta, '$.stage_errors') FROM documents WHERE id=?",
            (doc_id,),
        ).fetchone()
        if r is None:
            return None
        failed = {e.get("stage") for e in json.loads(r[1])} if r[1] else set()
        return [s for s in (json.loads(r[0]) if r[0] else []) if s not in failed]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def doc_ids(self, since: str | None = None) -> list[str]:
        """Ids of stored documents in insertion order; ``since`` (ISO 8601 UTC timestamp) keeps
        those added or changed at or after it."""
        if since:
            q = self.conn.execute("SELECT id FROM documents WHERE updated_at >= ? ORDER BY rowid", (since,))
        else:
            q = self.conn.execute("SELECT id FROM documents ORDER BY rowid")
        return [r[0] for r in q]

    def changed_since(self, mark: str | None) -> tuple[list[str], str | None]:
        """Ids of documents added or changed strictly after ``mark`` (an ``updated_at`` value;
        None: all), and the new mark (the latest ``updated_at`` among them)."""
        q = "SELECT id, updated_at FROM documents" + (" WHERE updated_at > ?" if mark else "") + " ORDER BY rowid"
        rows = self.conn.execute(q, (mark,) if mark else ()).fetchall()
        return [r[0] for r in rows], max((r[1] for r in rows), default=mark)

    def get(self, doc_id: str, layers: Sequence[str] | None = None) -> Document:
        """The document with all stored layers (or ``layers``); raises NotFound."""
        for d in self.iter_documents([doc_id], layers=layers):
            return d
        raise NotFound(f"no document with id {doc_id!r}")

    def iter_documents(self, ids: Iterable[str] | None = None, layers: Sequence[str] | None = None) -> Iterator[Document]:
        """Documents by id (missing ids are passed over) or all of them. ``layers`` defaults to
        every stored layer; ``tokens`` may be asked for and is recomputed."""
        want = tuple(STORED_LAYERS if layers is None else layers)
        unknown = [x for x in want if x not in STORED_LAYERS and x != "tokens"]
        if unknown:
            raise StoreError(f"unknown layer(s) {', '.join(unknown)} (stored: {', '.join(STORED_LAYERS)}, tokens)")
        if ids is None:
            rows: Iterable[Any] = self.conn.execute("SELECT * FROM documents ORDER BY rowid")
        else:
            rows = (self.conn.execute("SELECT * FROM documents WHERE id=?", (i,)).fetchone() for i in ids)
        for row in rows:
            if row is None:
                continue
            yield self._load(row, want)

    def _load(self, row: Any, want: tuple[str, ...]) -> Document:
        doc_id = row["id"]
        layer_rows = {}
        for name, (table, _cls, _cols) in LAYERS.items():
            if name in want:
                layer_rows[name] = self.conn.execute(f"SELECT * FROM {table} WHERE doc_id=? ORDER BY idx", (doc_id,)).fetchall()
        args: dict[int, list[Any]] = {}
        if "events" in want:
            for a in self.conn.execute("SELECT * FROM event_args WHERE doc_id=? ORDER BY event_idx, idx", (doc_id,)):
                args.setdefault(a["event_idx"], []).append(a)
        doc = document_from_rows(row, layer_rows, args)
        if "sentences" not in want:
            doc.sentences = []
        if "tokens" in want:
            from ..arabic.tokenize import tokenize

            doc.tokens = tokenize(doc.text)
        return doc

    # -- search, stats, export (see search.py, export.py) ------------------------------------

    def search(self, query: str, **kw: Any) -> Any:
        """Ranked full-text search; see ``rasd.store.search.search``."""
        from .search import search

        return search(self.conn, query, **kw)

    def stats(self) -> dict[str, Any]:
        """Counts: documents by language/outlet/status, annotations, skips by code with examples."""
        from .export import stats

        out = stats(self.conn)
        out["db"] = {"path": str(self.path), "bytes": sum(p.stat().st_size for p in self._files())}
        return out

    def export(self, fmt: str, out: Any = "-", table: str = "documents") -> int:
        """Write ``table`` as jsonl/csv/parquet to ``out`` (a path, ``-`` for stdout, or a binary
        file object); returns the number of rows. See ``rasd.store.export``."""
        from .export import export

        return export(self, fmt, out, table)

    def _files(self) -> list[Path]:
        ps = [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]
        return [p for p in ps if p.exists()]
