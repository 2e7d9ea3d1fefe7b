"""The HTTP API against a real server: ``rasd serve`` in a subprocess on a free loopback port,
over a real SQLite file built by ingesting examples/ plus hand-annotated fixture articles."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from rasd.server.testing import LiveServer, build_test_db

ERROR_KEYS = {"ok", "error", "status"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("api") / "api.db"
    return build_test_db(path)


@pytest.fixture(scope="module")
def server(built: dict[str, Any]) -> Any:
    with LiveServer(built["path"]) as srv:
        yield srv
        assert srv.alive(), f"server died during the tests:\n{srv.output}"


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Any:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def ok(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 200, r.text[:500]
    body = r.json()
    assert body["ok"] is True
    return body


def error(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == status and body["error"]
    return body["error"]


# -- documents ---------------------------------------------------------------------------------


def test_status_counts_and_computed_layers(client: httpx.Client, built: dict[str, Any]) -> None:
    body = ok(client.get("/api/status"))
    assert body["counts"]["documents"] >= 19 + 4
    assert body["computed"]["mentions"] and body["computed"]["events"] and body["computed"]["quotes"]
    assert body["read_only"] is True and body["ingest"] is False


def test_documents_list_paginates(client: httpx.Client) -> None:
    first = ok(client.get("/api/documents", params={"limit": 5}))
    second = ok(client.get("/api/documents", params={"limit": 5, "offset": 5}))
    assert first["total"] == second["total"] >= 23
    assert len(first["items"]) == 5 and len(second["items"]) == 5
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in second["items"]}
    pubs = [d["published"] for d in first["items"] + second["items"] if d["published"]]
    assert pubs == sorted(pubs, reverse=True)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"offset": 10**9}, {"sort": "x"}, {"limit": "abc"}])
def test_documents_list_caps_are_422(client: httpx.Client, params: dict[str, Any]) -> None:
    msg = error(client.get("/api/documents", params=params), 422)
    assert "invalid request" in msg


def test_documents_list_filters(client: httpx.Client) -> None:
    body = ok(client.get("/api/documents", params={"outlet": "وكالة رصد التجريبية", "limit": 50}))
    assert body["total"] == 2 and {d["outlet"] for d in body["items"]} == {"وكالة رصد التجريبية"}
    body = ok(client.get("/api/documents", params={"language": "en"}))
    assert body["total"] >= 1 and all(d["language"] == "en" for d in body["items"])
    body = ok(client.get("/api/documents", params={"date_from": "2026-11-16", "date_to": "2026-11-16"}))
    assert body["total"] >= 2 and all(d["published"].startswith("2026-11-16") for d in body["items"])
    body = ok(client.get("/api/documents", params={"event_type": "DEFEND"}))
    assert body["total"] == 1
    error(client.get("/api/documents", params={"date_from": "yesterday"}), 400)


def test_document_has_all_annotations_with_surfaces(client: httpx.Client, built: dict[str, Any]) -> None:
    doc_id = built["annotated"][0]
    d = ok(client.get(f"/api/documents/{doc_id}"))
    text = d["text"]
    assert d["id"] == doc_id and d["schema"] == 1 and "tokens" not in d
    assert d["computed"] == {"mentions": True, "quotes": True, "amounts": True, "times": True, "events": True}
    for layer in ("mentions", "quotes", "amounts", "times", "events"):
        assert d[layer], layer
        for a in d[layer]:
            assert a["surface"] == text[a["start"] : a["end"]]
    m = {x["surface"]: x for x in d["mentions"]}
    assert m["مسرور بارزاني"]["entity_key"] == "E_MASROUR"
    assert m["مارك غوردون"]["entity_key"] == "~مارك غوردون"
    q = d["quotes"][0]
    assert q["speaker"] == "بارزاني" and q["speaker_key"] == "E_MASROUR" and q["cue"] == "قال"
    ev = {e["type"]: e for e in d["events"]}
    assert ev["AID"]["amount_surface"] == "25 مليون دولار" and ev["AID"]["time_value"] == "2026-W48"
    assert [(a["role"], a["surface"], a["entity_key"]) for a in ev["CONSULT"]["args"]] == [
        ("source", "مسرور بارزاني", "E_MASROUR"), ("target", "مارك غوردون", "~مارك غوردون")]
    assert d["story"] and d["story"]["id"] == built["story"]


def test_unknown_document_is_404(client: httpx.Client) -> None:
    assert "no document" in error(client.get("/api/documents/0000000000"), 404)


# -- search ------------------------------------------------------------------------------------


def test_search_is_arabic_normalised(client: httpx.Client) -> None:
    # الأمريكية (with ي) finds articles that spell it الأميركية, and the clitic form لداعش finds داعش
    body = ok(client.get("/api/search", params={"q": "الأمريكية"}))
    assert body["total"] >= 2
    assert any("الأميركية" in h["snippet_html"] or "الأميركي" in h["snippet_html"] for h in body["hits"])
    body = ok(client.get("/api/search", params={"q": "لداعش"}))
    assert body["total"] >= 3 and any("<mark>" in h["snippet_html"] for h in body["hits"])


def test_search_filters_and_facets(client: httpx.Client, built: dict[str, Any]) -> None:
    allhits = ok(client.get("/api/search", params={"q": "البيشمركة", "facets": True, "limit": 100}))
    assert allhits["total"] >= 5
    outlets = dict(map(tuple, allhits["facets"]["outlet"]))
    assert sum(outlets.values()) == allhits["total"]
    assert allhits["facets"]["language"] and allhits["facets"]["month"]
    one = ok(client.get("/api/search", params={"q": "البيشمركة", "outlet": "شبكة رصد التجريبية"}))
    assert [h["doc_id"] for h in one["hits"]] == [built["annotated"][1]]
    ent = ok(client.get("/api/search", params={"q": "البيشمركة", "entity": "E_MASROUR"}))
    assert {h["doc_id"] for h in ent["hits"]} == set(built["annotated"])
    byname = ok(client.get("/api/search", params={"q": "البيشمركة", "entity": "~مارك غوردون"}))
    named = {h["doc_id"] for h in byname["hits"]}  # any article with a mention written so (examples too, with NER)
    assert built["annotated"][0] in named and built["annotated"][1] not in named
    evt = ok(client.get("/api/search", params={"q": "البيشمركة", "event_type": "AID"}))
    assert built["annotated"][0] in {h["doc_id"] for h in evt["hits"]}
    dated = ok(client.get("/api/search", params={"q": "البيشمركة", "date_from": "2026-11-17", "date_to": "2026-11"}))
    assert dated["total"] >= 1 and all(h["published"][:10] >= "2026-11-17" for h in dated["hits"])


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(", "*", "AND", "((", "title:", "^", '""', "NOT x", "NEAR(a b, x)"])
def test_malformed_advanced_queries_are_400(client: httpx.Client, q: str) -> None:
    r = client.get("/api/search", params={"q": q, "advanced": True})
    msg = error(r, 400)
    assert "query" in msg.lower() or "search" in msg.lower()


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(", "*", "AND OR", "((", "'; DROP TABLE documents; --", "\u202e", "<script>"])
def test_odd_plain_queries_never_500(client: httpx.Client, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 400:
        error(r, 400)


def test_search_query_limits(client: httpx.Client) -> None:
    error(client.get("/api/search"), 422)
    error(client.get("/api/search", params={"q": "x" * 501}), 422)
    error(client.get("/api/search", params={"q": "داعش", "limit": 101}), 422)


# -- entities, quotes --------------------------------------------------------------------------


def test_entities_list(client: httpx.Client) -> None:
    body = ok(client.get("/api/entities", params={"limit": 100}))
    keys = {e["key"]: e for e in body["items"]}
    assert keys["E_MASROUR"]["mentions"] >= 3 and keys["E_MASROUR"]["documents"] >= 2
    assert keys["E_MASROUR"]["name"] == "مسرور بارزاني" and keys["E_MASROUR"]["type"] == "PER"
    per = ok(client.get("/api/entities", params={"type": "PER", "limit": 100}))
    assert all(e["type"] == "PER" for e in per["items"])
    found = ok(client.get("/api/entities", params={"q": "غوردون"}))
    assert any(e["name"] == "مارك غوردون" for e in found["items"])


def test_entity_detail(client: httpx.Client, built: dict[str, Any]) -> None:
    e = ok(client.get("/api/entities/E_MASROUR"))
    assert e["name"] == "مسرور بارزاني" and e["type"] == "PER" and e["resolved"]
    assert dict(map(tuple, e["aliases"])) == {"مسرور بارزاني": 2, "بارزاني": 1}
    assert e["timeline"] == [["2026-11-16", 2], ["2026-11-18", 1]]
    assert (e["first_seen"], e["last_seen"]) == ("2026-11-16", "2026-11-18")
    cooc = {c["key"]: c["documents"] for c in e["cooccurring"]}
    assert cooc["E_PESH"] == 2 and cooc["E_ISIS"] == 2 and "E_MASROUR" not in cooc
    assert {q["surface"] for q in e["quotes"]} == {
        "سنواصل التنسيق مع التحالف الدولي في الحرب على داعش", "قوات البيشمركة أحبطت هجوما لداعش قرب مخمور"}
    assert [(x["type"], x["role"]) for x in e["events"]] == [("CONSULT", "source")]
    assert e["latin"] == ("Masrour Barzani" if built["entities"] else None)  # from the resolve stage's table
    pesh = ok(client.get("/api/entities/E_PESH"))
    assert {(x["type"], x["role"]) for x in pesh["events"]} == {("AID", "target"), ("DEFEND", "source"), ("ACCUSE", "source")}


def test_unresolved_entity_by_name(client: httpx.Client) -> None:
    e = ok(client.get("/api/entities/" + quote("~مارك غوردون", safe="")))
    assert e["name"] == "مارك غوردون" and not e["resolved"] and e["mentions"] == 1
    assert [(x["type"], x["role"]) for x in e["events"]] == [("CONSULT", "target")]


def test_unknown_entity_is_404(client: httpx.Client) -> None:
    error(client.get("/api/entities/E_NOPE"), 404)
    error(client.get("/api/entities/" + quote("~لا احد", safe="")), 404)


def test_quotes(client: httpx.Client, built: dict[str, Any]) -> None:
    body = ok(client.get("/api/quotes", params={"limit": 200}))
    assert body["total"] >= 3
    mine = [q for q in body["items"] if q["doc_id"] in built["annotated"]]
    assert {q["speaker"] for q in mine} == {"بارزاني", "مسرور بارزاني"}
    assert all(q["speaker_key"] == "E_MASROUR" for q in mine)
    by = ok(client.get("/api/quotes", params={"speaker": "E_MASROUR"}))
    assert by["total"] == 2 and len(by["items"]) == 2
    one = ok(client.get("/api/quotes", params={"doc_id": built["annotated"][1]}))
    assert one["total"] == 1 and one["items"][0]["kind"] == "reported"


# -- events ------------------------------------------------------------------------------------


def test_events_filter_sort_paginate(client: httpx.Client, built: dict[str, Any]) -> None:
    mine = ok(client.get("/api/events", params={"outlet": "شبكة رصد التجريبية"}))
    assert {e["type"] for e in mine["items"]} == {"DEFEND", "ACCUSE"}
    aid = ok(client.get("/api/events", params={"type": "AID", "outlet": "وكالة رصد التجريبية"}))
    assert aid["total"] == 1
    e = aid["items"][0]
    assert (e["trigger"], e["mode"], e["amount"], e["time"]) == ("تقديم", "future", "25 مليون دولار", "2026-W48")
    assert [(a["role"], a["surface"]) for a in e["args"]] == [("source", "واشنطن"), ("target", "البيشمركة")]
    asc = ok(client.get("/api/events", params={"sort": "confidence", "order": "asc", "limit": 500}))
    confs = [x["confidence"] for x in asc["items"]]
    assert confs == sorted(confs)
    page = ok(client.get("/api/events", params={"limit": 2, "offset": 1}))
    assert len(page["items"]) == 2 and page["total"] == asc["total"]
    ent = ok(client.get("/api/events", params={"entity": "E_PESH"}))
    assert {x["type"] for x in ent["items"]} == {"AID", "DEFEND", "ACCUSE"}
    error(client.get("/api/events", params={"sort": "nope"}), 422)
    error(client.get("/api/events", params={"min_confidence": 2}), 422)


def test_events_download_csv_and_jsonl(client: httpx.Client) -> None:
    r = client.get("/api/events/export", params={"format": "csv", "outlet": "وكالة رصد التجريبية"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [x["type"] for x in rows] == ["CONSULT", "AID"]
    assert json.loads(rows[0]["sources"])[0]["surface"] == "مسرور بارزاني"
    r = client.get("/api/events/export", params={"format": "jsonl", "type": "DEFEND"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 1 and lines[0]["targets"][0]["entity"] == "E_ISIS"
    error(client.get("/api/events/export", params={"format": "xml"}), 422)
    error(client.get("/api/events/export", params={"date_to": "soon"}), 400)


def test_events_timeline(client: httpx.Client) -> None:
    body = ok(client.get("/api/events/timeline", params={"outlet": "شبكة رصد التجريبية"}))
    assert sorted((x["day"], x["type"], x["count"]) for x in body["items"]) == [
        ("2026-11-18", "ACCUSE", 1), ("2026-11-18", "DEFEND", 1)]


# -- stories -----------------------------------------------------------------------------------


def test_stories(client: httpx.Client, built: dict[str, Any]) -> None:
    body = ok(client.get("/api/stories", params={"sort": "size"}))
    assert any(s["id"] == built["story"] for s in body["items"])
    s = ok(client.get(f"/api/stories/{built['story']}"))
    assert [m["doc_id"] for m in s["members"]] == built["annotated"]
    assert dict(map(tuple, s["outlet_counts"])) == {"وكالة رصد التجريبية": 1, "شبكة رصد التجريبية": 1}
    assert s["timeline"] == [["2026-11-16", 1], ["2026-11-18", 1]]
    error(client.get("/api/stories/s_nope"), 404)


# -- errors, docs --------------------------------------------------------------------------------


def test_one_error_shape(client: httpx.Client) -> None:
    error(client.get("/api/nothing-here"), 404)
    error(client.put("/api/documents"), 405)
    error(client.delete("/api/documents/x"), 405)
    error(client.get("/api/search", params={"q": "x" * 9000}), 414)
    big = client.post("/api/search", content=b"x" * 200_000, headers={"content-type": "application/json"})
    assert big.status_code in (405, 413)
    error(big, big.status_code)


def test_openapi_and_offline_docs(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/entities", "/api/entities/{key}",
                 "/api/quotes", "/api/events", "/api/events/export", "/api/stories", "/api/stories/{story_id}"):
        assert path in spec["paths"], path
    html = client.get("/docs").text
    assert "/api/search" in html and "/api/events/export" in html
    assert "cdn" not in html.lower() and "https://" not in html
    for asset in ("/static/rasd.css", "/static/rasd.js", "/static/fonts/NotoNaskhArabic-Regular.ttf", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200, asset


def test_pages_answer_and_api_errors_stay_json(client: httpx.Client, built: dict[str, Any]) -> None:
    for path in ("/", "/?q=داعش", "/documents", "/entities", "/entity/E_MASROUR", "/events", "/quotes", "/stories",
                 f"/story/{built['story']}", f"/doc/{built['annotated'][0]}", "/docs"):
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
        assert '<html lang="ar" dir="rtl">' in r.text
    r = client.get("/doc/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    error(client.get("/doc/nope"), 404)  # a client that does not ask for HTML gets the JSON shape
    error(client.get("/api/documents/nope", headers={"accept": "text/html"}), 404)


def test_english_interface_toggle(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as c:  # its own cookie jar
        r = c.get("/entities", params={"lang": "en"})
        assert '<html lang="en" dir="ltr">' in r.text and "Entities" in r.text
        assert "rasd_lang=en" in r.headers.get("set-cookie", "")
        again = c.get("/events")  # the cookie keeps the choice
        assert '<html lang="en" dir="ltr">' in again.text
        back = c.get("/events", params={"lang": "ar"})
        assert '<html lang="ar" dir="rtl">' in back.text
        assert '<html lang="ar" dir="rtl">' in c.get("/stories").text


def test_db_path_is_real_file(built: dict[str, Any]) -> None:
    assert Path(built["path"]).stat().st_size > 100_000
