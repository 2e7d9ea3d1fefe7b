"""API: documents (list, one with all annotations), search, status, and ingest over HTTP
(only when the server was started with an ingest token)."""

from __future__ import annotations

import hmac
import json
import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from ..document import Document
from . import query_documents as qd
from .readdb import ReadDB

__all__ = ["router", "MAX_ARTICLES", "check_token"]

router = APIRouter(prefix="/api", tags=["documents"])

MAX_LIMIT = 200
MAX_OFFSET = 100_000
MAX_ARTICLES = 1000
MAX_QUERY_CHARS = 500
_ARTICLE_FIELDS = ("text", "title", "url", "outlet", "published", "source")
_ingest_lock = threading.Lock()


def _db(request: Request) -> ReadDB:
    return request.app.state.db


Limit = Query(20, ge=1, le=MAX_LIMIT, description=f"page size (1–{MAX_LIMIT})")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip")
DateFrom = Query(None, max_length=10, description="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
DateTo = Query(None, max_length=10, description="published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")
Outlet = Query(None, max_length=200, description="outlet name (exact, case-insensitive)")
Language = Query(None, max_length=16, description="language code (ar, en, ckb …)")
Entity = Query(None, max_length=300, description="entity key (resolved id, or ~ + folded name) or a name")
EventType = Query(None, max_length=64, description="event type (PLOVER), e.g. ASSAULT")


@router.get("/documents", summary="List documents (newest first)")
def list_documents(
    request: Request,
    limit: int = Limit,
    offset: int = Offset,
    outlet: str | None = Outlet,
    language: str | None = Language,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    entity: str | None = Entity,
    event_type: str | None = EventType,
    sort: str = Query("published", pattern="^(published|ingested)$"),
) -> dict[str, Any]:
    return qd.list_documents(
        _db(request), limit=limit, offset=offset, sort=sort, outlet=outlet, language=language,
        date_from=date_from, date_to=date_to, entity=entity, event_type=event_type,
    )


@router.get("/documents/{doc_id}", summary="One document with all its annotations and their surfaces")
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    if len(doc_id) > 200:
        raise HTTPException(404, f"no document with id {doc_id[:40]!r}…")
    return qd.document_view(_db(request), doc_id)


@router.get("/search", summary="Full-text search (Arabic-normalised) with filters and facets")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_CHARS, description="query: words, \"phrases\", prefix*"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
    outlet: str | None = Outlet,
    language: str | None = Language,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    entity: str | None = Entity,
    event_type: str | None = EventType,
    advanced: bool = Query(False, description="FTS5 syntax (AND OR NOT NEAR, column:, ^); malformed → 400"),
    facets: bool = Query(False, description="add counts by outlet, language and month"),
) -> dict[str, Any]:
    db = _db(request)
    filters = dict(outlet=outlet, language=language, date_from=date_from, date_to=date_to, entity=entity, event_type=event_type)
    out = qd.search(db, q, limit=limit, offset=offset, advanced=advanced, **filters)
    if facets:
        out["facets"] = qd.facets(db, out["fts"], **filters)
    return out


@router.get("/status", summary="Counts, and which stages have been computed")
def status(request: Request) -> dict[str, Any]:
    db = _db(request)
    return {
        "ok": True,
        "counts": qd.overview(db),
        "computed": db.layer_status(),
        "read_only": True,
        "ingest": request.app.state.ingest_token is not None,
    }


def check_token(request: Request) -> None:
    """403 unless ingest is enabled and the request carries the token (constant-time compare)."""
    token = request.app.state.ingest_token
    if token is None:
        raise HTTPException(403, "ingest over HTTP is disabled (start the server with --ingest-token)")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "missing bearer token (Authorization: Bearer TOKEN)", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(403, "wrong ingest token")


def _articles(payload: Any) -> list[Document]:
    items = payload.get("articles") if isinstance(payload, dict) and "articles" in payload else payload
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not items:
        raise HTTPException(422, 'expected {"articles": [{"text": ..., "title": ...}, ...]} or a list of articles')
    if len(items) > MAX_ARTICLES:
        raise HTTPException(413, f"too many articles in one request ({len(items)}; limit {MAX_ARTICLES})")
    docs = []
    for i, a in enumerate(items):
        if not isinstance(a, dict):
            raise HTTPException(422, f"article {i} is not an object")
        if not isinstance(a.get("text"), str) or not a["text"].strip():
            raise HTTPException(422, f"article {i}: 'text' must be a non-empty string")
        for k in _ARTICLE_FIELDS[1:]:
            if a.get(k) is not None and not isinstance(a[k], str):
                raise HTTPException(422, f"article {i}: {k!r} must be a string")
        kw = {k: a.get(k) for k in _ARTICLE_FIELDS}
        kw["source"] = kw["source"] or f"http:{i}"
        docs.append(Document(**kw))
    return docs


@router.post(
    "/documents",
    summary="Ingest articles (only with --ingest-token and Authorization: Bearer TOKEN)",
    description='Body: {"articles": [{"text": "...", "title": "...", "url": "...", "outlet": "...", '
    '"published": "2026-11-01T10:00:00+03:00"}]}. Runs the configured pipeline and stores the articles. '
    "403 when the server was started without an ingest token or with a wrong token, 401 without one.",
)
async def ingest(request: Request) -> dict[str, Any]:
    check_token(request)
    raw = await request.body()
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise HTTPException(400, f"body is not UTF-8 JSON: {e}") from None
    docs = _articles(payload)
    db_path = request.app.state.db_path
    settings = request.app.state.settings

    def work() -> Any:
        from ..process import ingest_items

        with _ingest_lock:
            return ingest_items(docs, db=db_path, settings=settings, progress=False)

    report = await run_in_threadpool(work)
    return {"ok": True, "ids": [d.id for d in docs], "report": report.to_dict()}
