"""The dashboard and HTTP API: ``create_app(db_path, *, ingest_token=None) -> FastAPI``.

Read-only over a rasd database (SQLite ``mode=ro``); see ``rasd.server.app`` and docs/api.md,
docs/dashboard.md.
"""

from .app import create_app

__all__ = ["create_app"]
