"""API: stories (clusters of articles about one happening) and one story with its articles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from . import query_stories as qs
from .api_documents import DateFrom, DateTo, Offset, Outlet, _db

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["stories"])


@router.get("/stories", summary="Stories (latest first, or by size / number of outlets)")
def list_stories(
    request: Request,
    sort: str = Query("last", pattern="^(last|first|size|outlets)$"),
    min_size: int = Query(1, ge=1, le=100_000),
    outlet: str | None = Outlet,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Offset,
) -> dict[str, Any]:
    return qs.list_stories(_db(request), limit=limit, offset=offset, sort=sort, min_size=min_size, outlet=outlet,
                           date_from=date_from, date_to=date_to)


@router.get("/stories/{story_id}", summary="One story: its articles, outlets and timeline")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    return qs.story_view(_db(request), story_id[:200])
