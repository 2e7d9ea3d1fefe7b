"""The FastAPI application: ``create_app(db_path, *, ingest_token=None)``.

* Read-only by default: the database is opened with SQLite ``mode=ro`` (``ReadDB``); the one
  route that writes (``POST /api/documents``) answers 403 unless the app was created with an
  ``ingest_token``, and then needs ``Authorization: Bearer <token>`` (constant-time compare).
* One JSON error shape for every API error: ``{"ok": false, "error": "...", "status": N}``
  (404, 405, 413, 414, 422, 400 for malformed queries, 500 …). Dashboard pages answer an
  HTML page with the same message when the client asks for HTML.
* Limits: request bodies (64 KiB, ingest ``max_ingest_bytes``), query strings (8 KiB),
  ``limit``/``offset`` caps on every list.
* Security headers on every response (a strict Content-Security-Policy: only the bundled
  script and style, no inline script, no framing).
* ``/docs`` is a bundled, server-rendered reference of ``/openapi.json`` (no CDN).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from importlib.resources import files
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..errors import NotFound, QueryError, RasdError, StoreError
from .readdb import ReadDB

__all__ = ["create_app", "error_response", "BodyTooLarge", "MAX_BODY", "MAX_INGEST_BYTES", "MAX_QUERY_STRING"]

log = logging.getLogger("rasd.server")

MAX_BODY = 64 * 1024
MAX_INGEST_BYTES = 20 * 1024 * 1024
MAX_QUERY_STRING = 8 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body too large (limit {limit} bytes)")
        self.limit = limit


def _is_api(path: str) -> bool:
    return path.startswith("/api") or path == "/openapi.json"


def error_response(request: Request | None, status: int, message: str) -> Response:
    """The one error shape (JSON), or the error page for a browser on a dashboard page."""
    body = {"ok": False, "error": message, "status": status}
    if request is not None and not _is_api(request.url.path) and "text/html" in request.headers.get("accept", ""):
        from .web import render

        try:
            return render(request, "error.html", {"status": status, "message": message}, status=status)
        except Exception:  # noqa: BLE001 - never fail while reporting a failure
            log.exception("error page failed")
    return JSONResponse(body, status_code=status)


class _Limits:
    """ASGI middleware: query-string and body size limits, security headers."""

    def __init__(self, app: Any, max_body: int, max_ingest: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_ingest = max_ingest

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_h(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + _HEADERS
            await send(message)

        async def reject(status: int, msg: str) -> None:
            await JSONResponse({"ok": False, "error": msg, "status": status}, status_code=status)(scope, receive, send_h)

        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
            await reject(414, f"query string too long (limit {MAX_QUERY_STRING} bytes)")
            return
        limit = self.max_ingest if scope["method"] == "POST" and scope["path"] == "/api/documents" else self.max_body
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    n = int(v)
                except ValueError:
                    await reject(400, "bad Content-Length header")
                    return
                if n > limit:
                    await reject(413, f"request body too large (limit {limit} bytes)")
                    return
        seen = 0

        async def receive_l() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, receive_l, send_h)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        where = loc[0] if len(loc) == 1 else ".".join(loc)
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return "invalid request: " + "; ".join(parts)


def create_app(
    db_path: str | Path,
    *,
    ingest_token: str | None = None,
    max_body: int = MAX_BODY,
    max_ingest_bytes: int = MAX_INGEST_BYTES,
    settings: Any = None,
) -> FastAPI:
    """The dashboard and HTTP API over the rasd database at ``db_path`` (opened read-only;
    raises StoreError when it is missing or not a rasd database). ``settings`` (a
    ``rasd.settings.Settings``; default: ``load_settings()``) is what HTTP ingest runs with."""
    db = ReadDB(db_path)
    if ingest_token is not None and len(ingest_token) < 8:
        raise RasdError("the ingest token must be at least 8 characters")
    app = FastAPI(
        title="rasd",
        version=__version__,
        description="Arabic-first news intelligence: articles, search, entities, quotes, events and stories "
        "from a rasd database. Read-only unless the server was started with an ingest token.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db = db
    app.state.db_path = Path(db_path)
    app.state.ingest_token = ingest_token
    app.state.settings = settings

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"not found: {request.url.path}"
        resp = error_response(request, exc.status_code, msg)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, exc.message)

    @app.exception_handler(NotFound)
    async def _notfound(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, exc.message)

    @app.exception_handler(BodyTooLarge)
    async def _large(request: Request, exc: BodyTooLarge) -> Response:
        return error_response(request, 413, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        return error_response(request, 500, f"database error: {exc.message}")

    @app.exception_handler(RasdError)
    async def _rasd(request: Request, exc: RasdError) -> Response:
        return error_response(request, 400, exc.message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, "internal server error")

    from . import api_documents, api_entities, api_events, api_stories, pages

    for mod in (api_documents, api_entities, api_events, api_stories, pages):
        app.include_router(mod.router)
    app.mount("/static", StaticFiles(directory=str(files("rasd.server").joinpath("static"))), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(_Limits, max_body=max_body, max_ingest=max_ingest_bytes)
    return app
