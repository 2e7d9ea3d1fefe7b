"""The SQLite store: documents, annotations, skips, full-text search, exports.

``Store(path)`` is the one entry point (see ``rasd.store.db``); ``Store.search`` returns a
``SearchResult`` of ``Hit``s. Export schemas are data in ``rasd.store.schema``.
"""

from .db import Store
from .rows import Prepared, prepare
from .schema import EXPORT_TABLES, TABLES
from .search import Hit, SearchResult

__all__ = ["Store", "SearchResult", "Hit", "Prepared", "prepare", "TABLES", "EXPORT_TABLES"]
