"""Read-only database access for the server.

The server never writes: every connection is a ``rasd.store.Store(path, readonly=True)``
(SQLite URI ``mode=ro``). Request handlers run in a thread pool, so each thread gets its own
Store (SQLite connections are not shared between threads here).

Other stages land their tables (entities, stories …) as separate migrations; a page asks
``has_table`` / ``count`` before querying one, so a database without them still serves every
page ("not computed yet").
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable

from ..store import Store

__all__ = ["ReadDB", "LAYER_STAGE"]

# annotation table -> the document stage that fills it
LAYER_STAGE = {"mentions": "entities", "quotes": "quotes", "amounts": "amounts", "times": "times", "events": "events"}

_TTL = 5.0


class ReadDB:
    """A read-only view of one rasd database, safe to use from many threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._meta: dict[str, tuple[float, Any]] = {}
        self._cache: dict[Any, tuple[float, Any, Any]] = {}
        self.store  # open once now: a missing or foreign file fails at start-up, not per request

    @property
    def store(self) -> Store:
        s = getattr(self._local, "store", None)
        if s is None:
            s = Store(self.path, readonly=True)
            self._local.store = s
        return s

    @property
    def conn(self) -> Any:
        return self.store.conn

    def q(self, sql: str, params: Any = ()) -> list[Any]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Any = (), default: Any = None) -> Any:
        r = self.conn.execute(sql, params).fetchone()
        return default if r is None or r[0] is None else r[0]

    # -- schema introspection (cached a few seconds: migrations may land while serving) -----

    def _memo(self, key: str, fn: Callable[[], Any]) -> Any:
        now = time.monotonic()
        hit = self._meta.get(key)
        if hit and now - hit[0] < _TTL:
            return hit[1]
        val = fn()
        with self._lock:
            self._meta[key] = (now, val)
        return val

    def tables(self) -> set[str]:
        return self._memo(
            "tables", lambda: {r[0] for r in self.q("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        )

    def has_table(self, name: str) -> bool:
        return name in self.tables()

    def columns(self, table: str) -> set[str]:
        if not self.has_table(table):
            return set()
        return self._memo(f"cols:{table}", lambda: {r[1] for r in self.q(f"PRAGMA table_info({table})")})

    def has_rows(self, table: str) -> bool:
        """True when ``table`` exists and holds at least one row."""
        if not self.has_table(table):
            return False
        return self._memo(f"rows:{table}", lambda: self.one(f"SELECT 1 FROM {table} LIMIT 1") is not None)

    def fingerprint(self) -> tuple[Any, ...]:
        """Changes when documents or annotations are added (cheap: max rowids)."""
        return self._memo(
            "fp",
            lambda: tuple(
                self.scalar(f"SELECT max(rowid) FROM {t}", default=0) if self.has_table(t) else None
                for t in ("documents", "mentions", "events")
            ),
        )

    def cached(self, key: Any, fn: Callable[[], Any], ttl: float = 60.0) -> Any:
        """``fn()`` memoised for ``ttl`` seconds and while the data fingerprint holds."""
        fp = self.fingerprint()
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit and hit[1] == fp and now - hit[0] < ttl:
            return hit[2]
        val = fn()
        with self._lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = (now, fp, val)
        return val

    def layer_status(self) -> dict[str, bool]:
        """layer -> computed anywhere in the database (has rows)."""
        out = {t: self.has_rows(t) for t in LAYER_STAGE}
        out["entities"] = self.has_rows("entities")
        out["stories"] = self.has_rows("stories")
        return out


class PinnedDB(ReadDB):
    """A ReadDB on one dedicated connection (for a streamed response, whose chunks may be
    produced on different threads); ``close()`` it when done."""

    def __init__(self, path: str | Path) -> None:
        self._pinned = Store(path, readonly=True)
        super().__init__(path)

    @property
    def store(self) -> Store:
        return self._pinned

    def close(self) -> None:
        self._pinned.close()
