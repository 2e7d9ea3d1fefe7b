"""JSON Lines (one article object per line) and JSON documents (an array of articles, an object
holding such an array, or one article object) — e.g. SaudiNewsNet's daily files.

Fields of an article object (first present name wins):

========== =============================================================
text       ``text``, ``content``, ``body``, ``article``, ``maintext`` — required
title      ``title``, ``headline``
published  ``published``, ``date``, ``pubDate``, ``published_at``, ``date_published``,
           ``datePublished``, ``time``; else ``date_extracted`` (crawl time, noted in
           ``meta['published_from']``)
url        ``url``, ``link``
outlet     ``outlet``, ``site``, ``sitename``, ``publisher``, ``source`` (a string), ``src``
========== =============================================================

``id`` (if any) is kept as ``meta['source_id']``: the document id stays the content hash so the
same article is stored once. Every other scalar or list field goes to ``meta`` as is.

A JSONL file is streamed line by line, each line read with a bounded ``readline`` so a huge line
never sits in memory whole. Blank lines are ignored. A bad line is one skip for ``path:LINE``
(E106 invalid JSON / not an object, E104 no text, E103 not UTF-8, E105 too long) and the rest
of the file is read. Documents from JSONL have ``source`` = ``path:LINE``; from a JSON array
``path#INDEX`` (from 0).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO, Iterator

from ..errors import EmptyInputError, InputError, MalformedError
from .common import Ctx, Item, Skip, make_doc
from .dates import parse_date
from .text import decode_bytes

__all__ = ["read_jsonl", "read_json", "record_to_doc"]

_TEXT = ("text", "content", "body", "article", "maintext")
_TITLE = ("title", "headline")
_PUBLISHED = ("published", "date", "pubDate", "published_at", "date_published", "datePublished", "time")
_URL = ("url", "link")
_OUTLET = ("outlet", "site", "sitename", "publisher", "source", "src")
_USED = set(_TEXT + _TITLE + _PUBLISHED + _URL + _OUTLET + ("id", "date_extracted"))


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    for k in keys:
        v = obj.get(k)
        if v not in (None, ""):
            return k, v
    return None, None


def record_to_doc(obj: Any, source: str, ctx: Ctx, fmt: str) -> Item:
    if not isinstance(obj, dict):
        raise MalformedError(f"expected a JSON object, got {type(obj).__name__}")
    tkey, text = _first(obj, _TEXT)
    if text is None:
        raise EmptyInputError(f"no text field (one of {', '.join(_TEXT)})")
    if not isinstance(text, str):
        raise MalformedError(f"field {tkey!r} is a {type(text).__name__}, not a string")
    _, title = _first(obj, _TITLE)
    _, url = _first(obj, _URL)
    _, outlet = _first(obj, _OUTLET)
    if isinstance(outlet, dict):
        outlet = outlet.get("name")
    pkey, raw_pub = _first(obj, _PUBLISHED)
    published = parse_date(raw_pub) if raw_pub is not None else None
    published_from = pkey if published else None
    if published is None and obj.get("date_extracted"):
        published = parse_date(obj["date_extracted"])
        published_from = "date_extracted" if published else None
    meta: dict[str, Any] = {"format": fmt}
    if obj.get("id") not in (None, ""):
        meta["source_id"] = str(obj["id"])
    if raw_pub is not None and published is None:
        meta["published_raw"] = str(raw_pub)
    if published_from:
        meta["published_from"] = published_from
    for k, v in obj.items():
        if k not in _USED and isinstance(v, (str, int, float, bool, list)) and k not in meta:
            meta[k] = v
    if obj.get("date_extracted"):
        meta["date_extracted"] = obj["date_extracted"]
    return make_doc(
        text,
        ctx,
        source=source,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        outlet=outlet if isinstance(outlet, str) else None,
        published=published,
        meta=meta,
    )


def line_limit(ctx: Ctx) -> int:
    # a JSON string may escape each letter as \\uXXXX (6 bytes)
    return min(ctx.max_file_bytes, 6 * ctx.max_article_chars + 65536)


def read_jsonl(fp: BinaryIO, source: str, ctx: Ctx) -> Iterator[Item]:
    limit = line_limit(ctx)
    lineno = 0
    n_items = 0
    while True:
        line = fp.readline(limit + 1)
        if not line:
            break
        lineno += 1
        src = f"{source}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            # drain the rest of the long line without keeping it
            while True:
                chunk = fp.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            n_items += 1
            yield Skip(src, "E105", f"{src}: JSON line longer than {limit:,} bytes (article too large), not read")
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        n_items += 1
        try:
            try:
                s = line.decode("utf-8")
            except UnicodeDecodeError:
                s = decode_bytes(line)[0]
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as e:
                raise MalformedError(f"invalid JSON: {e.msg} (column {e.colno})") from None
            yield record_to_doc(obj, src, ctx, "jsonl")
        except InputError as e:
            yield Skip.from_error(src, e)
    if n_items == 0:
        raise EmptyInputError("no JSON lines (only blank lines)")


def read_json(data: bytes, source: str, ctx: Ctx) -> Iterator[Item]:
    s = decode_bytes(data)[0]
    try:
        obj = json.loads(s)
    except json.JSONDecodeError as e:
        raise MalformedError(f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    if isinstance(obj, dict):
        arr = next((obj[k] for k in ("articles", "items", "documents", "docs", "data") if isinstance(obj.get(k), list)), None)
        if arr is None:
            yield record_to_doc(obj, source, ctx, "json")
            return
        obj = arr
    if not isinstance(obj, list):
        raise MalformedError(f"expected a JSON array of articles or an article object, got {type(obj).__name__}")
    if not obj:
        raise EmptyInputError("JSON array is empty")
    for i, rec in enumerate(obj):
        src = f"{source}#{i}"
        try:
            yield record_to_doc(rec, src, ctx, "json")
        except InputError as e:
            yield Skip.from_error(src, e)
