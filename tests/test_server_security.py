"""Hostile input and the server's promises: article text and metadata render as inert text,
malformed queries are 400s, limits hold, and the server never writes unless started with an
ingest token (and then only for requests that carry it). Real servers in subprocesses."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from rasd.server.testing import LiveServer, build_test_db

TOKEN = "s3cret-token-for-tests"
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "header", "a", "span", "small", "nav", "main", "footer",
    "h1", "h2", "h3", "div", "p", "label", "input", "bdi", "aside", "ul", "li", "strong", "article", "wbr", "form",
    "button", "details", "summary", "select", "option", "table", "thead", "tbody", "tr", "th", "td", "ol", "mark",
    "blockquote", "section", "svg", "rect", "line", "text", "circle", "dl", "dt", "dd", "code", "br",
}


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    p = Tags()
    p.feed(html)
    names = {t for t, _ in p.tags}
    assert names <= ALLOWED_TAGS, names - ALLOWED_TAGS
    scripts = [a for t, a in p.tags if t == "script"]
    assert scripts == [{"src": "/static/rasd.js", "defer": None}]
    for tag, attrs in p.tags:
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, k, v)
            assert k in {"href", "src", "class", "id", "title", "lang", "dir", "rel", "type", "charset", "name", "content",
                         "value", "placeholder", "maxlength", "autofocus", "checked", "role", "tabindex", "aria-label",
                         "aria-hidden", "aria-current", "data-speaker", "data-quote", "data-args", "data-layer",
                         "data-target", "data-doc-id", "data-state", "data-facet", "data-type", "x", "y", "x1", "y1", "x2",
                         "y2", "width", "height", "viewbox", "fill", "text-anchor", "direction", "preserveaspectratio",
                         "stroke-width", "cx", "cy", "r", "hreflang", "target", "size", "selected", "download", "open",
                         "action", "method", "start", "inputmode", "defer"}, (tag, k)
            if k in ("href", "src", "action") and v:
                assert v.startswith(("/", "#", "http://", "https://", "?")), (tag, k, v)
                assert "javascript:" not in v.lower()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_test_db(tmp_path_factory.mktemp("sec") / "sec.db", examples=False)


@pytest.fixture(scope="module")
def server(built: dict[str, Any]) -> Any:
    with LiveServer(built["path"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Any:
    with httpx.Client(base_url=server.url, timeout=60, headers={"accept": "text/html"}) as c:
        yield c


def test_hostile_article_page_is_inert(client: httpx.Client, built: dict[str, Any]) -> None:
    r = client.get(f"/doc/{built['hostile'][0]}")
    assert r.status_code == 200
    html = r.text
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=2" in html
    assert "&lt;img src=x onerror=" in html and "<img" not in html
    assert 'href="javascript:' not in html and "javascript:window.__pwned=9" in html  # shown as text, not a link
    assert "<style>" not in html and "</main><style>" not in html
    assert "{{ 7*7 }}" in html  # never evaluated as a template
    assert "\u202e" not in html.split("<title>")[1].split("</title>")[0]  # no bidi override in the tab title


@pytest.mark.parametrize("path", ["/", "/?q=window", "/?q=script", "/documents", "/entities", "/events", "/quotes",
                                  "/stories", "/?q=%22&advanced=1", "/entity/E_MASROUR"])
def test_every_page_is_inert(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 400), r.text[:300]
    assert_inert(r.text)


def test_hostile_entity_key_and_type(client: httpx.Client) -> None:
    key = '"><script>window.__pwned=7</script>'
    r = client.get("/entity/" + quote(key, safe=""))
    assert r.status_code == 200
    assert_inert(r.text)
    assert "&lt;script&gt;window.__pwned=7" not in r.text or "<script>window.__pwned=7" not in r.text
    api = httpx.get(str(client.base_url) + "/api/entities/" + quote(key, safe=""))
    assert api.json()["key"] == key


def test_long_word_article_is_bounded(client: httpx.Client, built: dict[str, Any]) -> None:
    doc_id = built["hostile"][1]
    r = client.get(f"/doc/{doc_id}")
    assert r.status_code == 200
    assert len(r.content) < 600_000  # the page draws the beginning only
    assert 'id="truncated"' in r.text and r.text.count("<wbr>") > 1000
    full = httpx.get(str(client.base_url) + f"/api/documents/{doc_id}").json()
    assert len(full["text"]) == 1_050_000
    hits = httpx.get(str(client.base_url) + "/api/search", params={"q": "طويلة"}).json()
    assert hits["total"] == 1 and len(hits["hits"][0]["snippet_html"]) < 3000


def test_csp_and_security_headers(client: httpx.Client) -> None:
    for path in ("/", "/api/status", "/static/rasd.css", "/api/nope"):
        h = client.get(path).headers
        assert "script-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("q", ['"', '"abc', "NEAR(", "*", "NEAR(a b", "(", ")", "a OR", "title:", "^"])
def test_malformed_fts_is_400_in_api_and_page(client: httpx.Client, q: str) -> None:
    api = httpx.get(str(client.base_url) + "/api/search", params={"q": q, "advanced": "true"})
    assert api.status_code == 400, api.text
    assert api.json()["ok"] is False and api.json()["status"] == 400
    page = client.get("/", params={"q": q, "advanced": "1"})
    assert page.status_code == 400 and 'id="search-error"' in page.text


def test_size_limits(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        r = c.post("/api/search", content=b"{}" * 40_000, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["status"] == 413
        r = c.get("/api/documents", params={"outlet": "x" * 10_000})
        assert r.status_code == 414 and r.json()["ok"] is False
        r = c.get("/api/search", params={"q": "x" * 600})
        assert r.status_code == 422


def test_read_only_server_never_writes(built: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    shutil.copy(built["path"], db)
    before = (sha(db), db.stat().st_mtime_ns)
    with LiveServer(db) as srv, httpx.Client(base_url=srv.url, timeout=30) as c:
        article = {"articles": [{"text": "خبر جديد عن بغداد.", "title": "جديد"}]}
        for headers in ({}, {"authorization": "Bearer anything-at-all"}, {"authorization": f"Bearer {TOKEN}"}):
            r = c.post("/api/documents", json=article, headers=headers)
            assert r.status_code == 403, r.text
            assert "disabled" in r.json()["error"]
        for path in ("/", "/?q=بغداد", "/api/documents", "/api/entities", "/api/events/export", "/entity/E_MASROUR"):
            assert c.get(path).status_code == 200
        assert c.get("/api/status").json()["counts"]["documents"] == 4
    assert (sha(db), db.stat().st_mtime_ns) == before


def test_ingest_needs_the_token(built: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "rw.db"
    shutil.copy(built["path"], db)
    article = {"articles": [{"text": "أعلنت وزارة الداخلية في بغداد اعتقال خمسة متهمين.", "title": "اعتقال خمسة",
                             "outlet": "اختبار", "published": "2026-11-21T09:00:00+03:00"}]}
    light = tmp_path / "light.toml"  # the basic stages only: this tests the HTTP side, not the extractors
    light.write_text('pipeline = ["language", "normalize", "sentences", "tokens", "amounts"]\ncorpus_stages = []\n')
    with LiveServer(db, ingest_token=TOKEN, extra=["--config", str(light)]) as srv, \
            httpx.Client(base_url=srv.url, timeout=120) as c:
        assert TOKEN not in " ".join(srv.proc.args)  # type: ignore[union-attr]  # not visible in the process list
        before = sha(db)
        r = c.post("/api/documents", json=article)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/documents", json=article, headers={"authorization": "Bearer wrong-token-x"}).status_code == 403
        assert c.post("/api/documents", json=article, headers={"authorization": f"Basic {TOKEN}"}).status_code == 401
        assert c.post("/api/documents", json=article, headers={"authorization": f"Bearer {TOKEN}x"}).status_code == 403
        assert sha(db) == before
        auth = {"authorization": f"Bearer {TOKEN}"}
        bad = c.post("/api/documents", content=b"not json", headers=auth)
        assert bad.status_code == 400 and bad.json()["ok"] is False
        assert c.post("/api/documents", json={"articles": [{"title": "no text"}]}, headers=auth).status_code == 422
        assert c.post("/api/documents", json={"articles": [{"text": 5}]}, headers=auth).status_code == 422
        r = c.post("/api/documents", json=article, headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["ok"] and body["report"]["added"] == 1
        doc = c.get(f"/api/documents/{body['ids'][0]}").json()
        assert doc["title"] == "اعتقال خمسة" and doc["outlet"] == "اختبار"
        again = c.post("/api/documents", json=article, headers=auth).json()
        assert again["report"]["added"] == 0  # idempotent
        assert c.get("/api/status").json()["ingest"] is True


def test_streamed_body_over_the_limit_is_413(built: dict[str, Any]) -> None:
    # a chunked body has no Content-Length: the limit is enforced while reading (in-process app)
    from fastapi.testclient import TestClient

    from rasd.server import create_app

    app = create_app(built["path"], ingest_token=TOKEN, max_ingest_bytes=1000)

    def chunks() -> Any:
        for _ in range(10):
            yield b'{"articles": [' + b" " * 500

    with TestClient(app) as c:
        r = c.post("/api/documents", content=chunks(), headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and r.json() == {"ok": False, "error": "request body too large (limit 1000 bytes)", "status": 413}


def test_short_token_is_refused(built: dict[str, Any]) -> None:
    from rasd.errors import RasdError
    from rasd.server import create_app

    with pytest.raises(RasdError):
        create_app(built["path"], ingest_token="short")
