"""API: events (filterable, sortable), their download as CSV or JSON Lines, and counts by day."""

from __future__ import annotations

from typing import Any, Iterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from . import query_events as qv
from .readdb import PinnedDB
from .api_documents import DateFrom, DateTo, Language, Offset, Outlet, _db

__all__ = ["router", "event_params"]

router = APIRouter(prefix="/api", tags=["events"])

_SORT = "^(" + "|".join(qv.SORTS) + ")$"


def event_params(
    type: str | None = None, mode: str | None = None, outlet: str | None = None, language: str | None = None,
    date_from: str | None = None, date_to: str | None = None, entity: str | None = None, doc_id: str | None = None,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    return dict(type=type, mode=mode, outlet=outlet, language=language, date_from=date_from, date_to=date_to,
                entity=entity, doc_id=doc_id, min_confidence=min_confidence)


Type = Query(None, max_length=64, description="event type (PLOVER), e.g. ASSAULT")
Mode = Query(None, max_length=32, description="asserted, future, negated, hypothetical, reported")
Ent = Query(None, max_length=300, description="entity key of a source or target")
Doc = Query(None, max_length=200)
MinConf = Query(None, ge=0.0, le=1.0)


@router.get("/events", summary="Events (filter, sort, paginate)")
def list_events(
    request: Request,
    type: str | None = Type, mode: str | None = Mode, outlet: str | None = Outlet, language: str | None = Language,
    date_from: str | None = DateFrom, date_to: str | None = DateTo, entity: str | None = Ent, doc_id: str | None = Doc,
    min_confidence: float | None = MinConf,
    sort: str = Query("published", pattern=_SORT), order: str = Query("desc", pattern="^(asc|desc)$"),
    limit: int = Query(50, ge=1, le=500), offset: int = Offset,
) -> dict[str, Any]:
    f = event_params(type, mode, outlet, language, date_from, date_to, entity, doc_id, min_confidence)
    return qv.list_events(_db(request), limit=limit, offset=offset, sort=sort, order=order, **f)


@router.get("/events/export", summary="Download the matching events as CSV or JSON Lines")
def export_events(
    request: Request,
    format: str = Query("csv", pattern="^(csv|jsonl)$"),
    type: str | None = Type, mode: str | None = Mode, outlet: str | None = Outlet, language: str | None = Language,
    date_from: str | None = DateFrom, date_to: str | None = DateTo, entity: str | None = Ent, doc_id: str | None = Doc,
    min_confidence: float | None = MinConf,
) -> StreamingResponse:
    f = event_params(type, mode, outlet, language, date_from, date_to, entity, doc_id, min_confidence)
    _db(request)  # the same checks as the other routes, before anything is streamed
    qv.event_filters(**{k: v for k, v in f.items()})  # a bad date is a 400 now, not a broken stream
    pinned = PinnedDB(request.app.state.db_path)

    def rows() -> Iterator[dict[str, Any]]:
        try:
            yield from qv.iter_events(pinned, **f)
        finally:
            pinned.close()

    body = qv.to_csv(rows()) if format == "csv" else qv.to_jsonl(rows())
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="rasd-events.{format}"'})


@router.get("/events/timeline", summary="Matching events by publication day and type")
def events_timeline(
    request: Request,
    type: str | None = Type, mode: str | None = Mode, outlet: str | None = Outlet, language: str | None = Language,
    date_from: str | None = DateFrom, date_to: str | None = DateTo, entity: str | None = Ent,
) -> dict[str, Any]:
    f = event_params(type, mode, outlet, language, date_from, date_to, entity)
    rows = qv.event_timeline(_db(request), **f)
    return {"ok": True, "items": [{"day": d, "type": t, "count": n} for d, t, n in rows]}
