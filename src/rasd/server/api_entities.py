"""API: entities (list, one: aliases, Latin name, mentions over time, co-occurring entities,
quotes, events as source/target) and quotes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from . import query_entities as qe
from .api_documents import DateFrom, DateTo, Language, Offset, Outlet, _db

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities", summary="List entities by number of mentions")
def list_entities(
    request: Request,
    q: str | None = Query(None, max_length=200, description="part of a name (normalised match)"),
    type: str | None = Query(None, max_length=16, description="PER, ORG, LOC or MISC"),
    sort: str = Query("mentions", pattern="^(mentions|documents|name)$"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Offset,
) -> dict[str, Any]:
    return qe.list_entities(_db(request), q=q, type=type, limit=limit, offset=offset, sort=sort)


@router.get(
    "/entities/{key:path}",
    summary="One entity: aliases, Latin name, mentions over time, co-occurring entities, quotes, events",
    description="key: a resolved entity id, or ~ followed by the folded name as written "
    "(for mentions that entity resolution has not linked yet); URL-encode it.",
)
def get_entity(
    request: Request,
    key: str,
    quotes_limit: int = Query(50, ge=0, le=500),
    events_limit: int = Query(50, ge=0, le=500),
) -> dict[str, Any]:
    if not key or len(key) > 300:
        raise HTTPException(404, "no such entity")
    return qe.entity_view(_db(request), key, quotes_limit=quotes_limit, events_limit=events_limit)


@router.get("/quotes", summary="Quotes with their speakers (newest first)")
def list_quotes(
    request: Request,
    speaker: str | None = Query(None, max_length=300, description="entity key of the speaker"),
    doc_id: str | None = Query(None, max_length=200),
    outlet: str | None = Outlet,
    language: str | None = Language,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Offset,
) -> dict[str, Any]:
    return qe.list_quotes(
        _db(request), speaker=speaker, doc_id=doc_id, limit=limit, offset=offset,
        outlet=outlet, language=language, date_from=date_from, date_to=date_to,
    )
