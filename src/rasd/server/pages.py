"""Dashboard pages (server-rendered HTML): search, documents, article view, entities, entity,
events, quotes, stories, story, and the bundled API reference at /docs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from importlib.resources import files

from ..errors import QueryError
from . import query_documents as qd
from . import query_entities as qe
from . import query_events as qv
from . import query_stories as qs
from .annotate import entity_href, pieces, spans
from .charts import bar_chart, stacked_chart, star_graph
from .readdb import ReadDB
from .web import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE = 20
DISPLAY_CHARS = 200_000  # the article page draws at most this much text (the API has all of it)


def _db(request: Request) -> ReadDB:
    return request.app.state.db


def _int(v: Any, default: int, lo: int, hi: int) -> int:
    try:
        return max(lo, min(hi, int(v)))
    except (TypeError, ValueError):
        return default


def _s(request: Request, name: str, maxlen: int = 300) -> str | None:
    v = request.query_params.get(name)
    return v[:maxlen] if v else None


def _doc_filters(request: Request) -> dict[str, Any]:
    return {k: _s(request, k) for k in ("outlet", "language", "date_from", "date_to", "entity", "event_type")}


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    db = _db(request)
    q = (_s(request, "q", 500) or "").strip()
    advanced = request.query_params.get("advanced") in ("1", "true", "on")
    offset = _int(request.query_params.get("offset"), 0, 0, 10_000)
    filters = _doc_filters(request)
    ctx: dict[str, Any] = {"q": q, "advanced": advanced, "result": None, "facets": None, "error": None}
    status = 200
    if q:
        try:
            res = qd.search(db, q, limit=PAGE, offset=offset, advanced=advanced, **filters)
            ctx["result"] = res
            ctx["facets"] = qd.facets(db, res["fts"], **filters)
        except QueryError as e:
            ctx["error"] = e.message
            status = 400
    if not ctx["result"]:
        ctx["overview"] = qd.overview(db)
        ctx["recent"] = qd.list_documents(db, limit=12)
    return render(request, "search.html", ctx, status=status)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> Response:
    db = _db(request)
    offset = _int(request.query_params.get("offset"), 0, 0, 1_000_000)
    try:
        data = qd.list_documents(db, limit=50, offset=offset, **_doc_filters(request))
    except QueryError as e:
        return render(request, "error.html", {"status": 400, "message": e.message}, status=400)
    return render(request, "documents.html", {"data": data, "overview": qd.overview(db)})


@router.get("/doc/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    view = qd.document_view(_db(request), doc_id[:200])
    items = spans(view)
    ents: dict[str, dict[str, Any]] = {}
    for m in view["mentions"]:
        e = ents.setdefault(m["entity_key"], {"key": m["entity_key"], "name": m["surface"], "type": m["type"], "count": 0, "first": f"m{m['idx']}"})
        e["count"] += 1
    event_args = {
        f"e{ev['idx']}": " ".join(f"ann-m{a['mention']}" for a in ev.get("args", []) if isinstance(a.get("mention"), int))
        for ev in view["events"]
    }
    ctx = {
        "doc": view,
        "pieces": list(pieces(view["text"], items, limit=DISPLAY_CHARS)),
        "truncated": len(view["text"]) > DISPLAY_CHARS,
        "display_limit": DISPLAY_CHARS,
        "ents": sorted(ents.values(), key=lambda e: (-e["count"], e["name"])),
        "event_args": event_args,
    }
    return render(request, "doc.html", ctx)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request) -> Response:
    offset = _int(request.query_params.get("offset"), 0, 0, 1_000_000)
    sort = request.query_params.get("sort") or "mentions"
    data = qe.list_entities(_db(request), q=_s(request, "q", 200), type=_s(request, "type", 16), limit=50, offset=offset, sort=sort)
    return render(request, "entities.html", {"data": data})


@router.get("/entity/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str) -> Response:
    e = qe.entity_view(_db(request), key[:300])
    others = [{**c, "href": entity_href(c["key"])} for c in e["cooccurring"][:16]]
    return render(request, "entity.html", {"e": e, "chart": bar_chart(e["timeline"]), "graph": star_graph(e["name"], others)})


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    db = _db(request)
    f = {k: _s(request, k) for k in ("type", "mode", "outlet", "language", "date_from", "date_to", "entity")}
    sort = request.query_params.get("sort") if request.query_params.get("sort") in qv.SORTS else "published"
    order = "asc" if request.query_params.get("order") == "asc" else "desc"
    offset = _int(request.query_params.get("offset"), 0, 0, 1_000_000)
    try:
        data = qv.list_events(db, limit=50, offset=offset, sort=sort, order=order, **f)
        chart = stacked_chart(qv.event_timeline(db, **f))
    except QueryError as e:
        return render(request, "error.html", {"status": 400, "message": e.message}, status=400)
    active = {k: v for k, v in f.items() if v}
    entity_name = qe.names_for(db, [f["entity"]])[f["entity"]]["name"] if f["entity"] and db.has_rows("mentions") else None
    ctx = {
        "data": data, "chart": chart, "facets": qv.event_facets(db), "sort": sort, "order": order, "entity_name": entity_name,
        "export_csv": "/api/events/export?" + urlencode({**active, "format": "csv"}),
        "export_jsonl": "/api/events/export?" + urlencode({**active, "format": "jsonl"}),
    }
    return render(request, "events.html", ctx)


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request) -> Response:
    offset = _int(request.query_params.get("offset"), 0, 0, 1_000_000)
    data = qe.list_quotes(_db(request), speaker=_s(request, "speaker"), limit=50, offset=offset)
    return render(request, "quotes.html", {"data": data})


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request) -> Response:
    offset = _int(request.query_params.get("offset"), 0, 0, 1_000_000)
    sort = request.query_params.get("sort") or "last"
    data = qs.list_stories(_db(request), limit=50, offset=offset, sort=sort,
                           min_size=_int(request.query_params.get("min_size"), 1, 1, 100_000))
    return render(request, "stories.html", {"data": data})


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    s = qs.story_view(_db(request), story_id[:200])
    return render(request, "story.html", {"s": s, "chart": bar_chart(s["timeline"])})


_EXAMPLES = {
    "/api/documents": "/api/documents?limit=5",
    "/api/search": "/api/search?q=%D8%A7%D9%84%D8%A8%D9%8A%D8%B4%D9%85%D8%B1%D9%83%D8%A9&facets=true",
    "/api/entities": "/api/entities?limit=10",
    "/api/events": "/api/events?limit=10",
    "/api/events/export": "/api/events/export?format=jsonl",
    "/api/quotes": "/api/quotes?limit=10",
    "/api/stories": "/api/stories",
    "/api/status": "/api/status",
}


def _ops(spec: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                sch = p.get("schema", {})
                typ = sch.get("type") or "/".join(x.get("type", "") for x in sch.get("anyOf", []) if x.get("type") != "null")
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required", False), "type": typ,
                               "default": sch.get("default", ""), "description": p.get("description") or sch.get("description", "")})
            ops.append({"id": op.get("operationId", path), "method": method, "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params,
                        "example": _EXAMPLES.get(path) if method == "get" else None})
    return ops


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    return render(request, "apidocs.html", {"spec": spec, "ops": _ops(spec)})


@router.get("/favicon.ico")
def favicon() -> Response:
    return FileResponse(str(files("rasd.server").joinpath("static/favicon.svg")), media_type="image/svg+xml")
