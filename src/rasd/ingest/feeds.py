"""RSS and Atom files via feedparser, always parsed from bytes (feedparser is never handed a
string, which it might take for a URL, so nothing is fetched).

One document per entry that has content or a summary: the longest ``content`` value, else the
``summary``; HTML in it is turned into plain text (tags dropped, entities decoded, paragraphs
kept as blank-line-separated lines; see ``common.html_fragment_to_text``). ``title``,
``url`` (the entry's link), ``outlet`` (the feed's title up to a separator such as `` - `` or
`` | ``; the whole title is ``meta['feed_title']``), ``published`` (the entry's
``published``, else ``updated``, with its offset; feedparser's UTC tuple only as a last resort)
and ``meta``: entry id, author, tags, feed link and language.

Problems: a feed that cannot be parsed and has no entries -> E106 (one skip for the file); a
well-formed feed without entries -> E104; an entry with neither content nor summary -> E104
for that entry (``path#N``, N counted from 1); the other entries are still read.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from typing import Any, Iterator

from ..document import Document
from ..errors import EmptyInputError, InputError, MalformedError
from .common import Ctx, Item, Skip, html_fragment_to_text, make_doc, one_line
from .dates import parse_date

__all__ = ["read_feed"]


def _as_text(detail: Any, value: str | None) -> str:
    if not value:
        return ""
    kind = (detail or {}).get("type", "text/html") if isinstance(detail, dict) else "text/html"
    if kind == "text/plain":
        return html_fragment_to_text(value.replace("&", "&amp;").replace("<", "&lt;"))
    return html_fragment_to_text(value)


def _entry_published(e: Any) -> tuple[str | None, str | None]:
    for key in ("published", "updated", "created"):
        raw = e.get(key)
        iso = parse_date(raw) if raw else None
        if iso:
            return iso, key
    for key in ("published_parsed", "updated_parsed"):
        t = e.get(key)
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=timezone.utc).isoformat(), key
    return None, None


_TITLE_SEP = re.compile(r"\s+[-|–—:»]\s+")


def outlet_name(feed_title: str | None) -> str | None:
    """The outlet from a feed's title: the part before a separator (``وكالة سومر نيوز - آخر
    الأخبار`` -> ``وكالة سومر نيوز``, ``BBC News | World`` -> ``BBC News``)."""
    if not feed_title:
        return None
    title = " ".join(feed_title.split())
    first = _TITLE_SEP.split(title, maxsplit=1)[0].strip()
    return first if len(first) >= 2 else title


def read_feed(data: bytes, source: str, ctx: Ctx) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            raise MalformedError(f"malformed feed: {type(exc).__name__}: {exc}" if exc else "malformed feed")
        if not parsed.get("version"):
            raise MalformedError("not an RSS or Atom feed")
        raise EmptyInputError("feed has no entries")
    feed = parsed.get("feed") or {}
    outlet = outlet_name(feed.get("title"))
    warning = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        warning = one_line(f"{type(exc).__name__}: {exc}")
    items = list(_entries(entries, source, ctx, parsed, outlet, warning))
    if warning and not any(isinstance(it, Document) for it in items):
        # a broken feed whose recovered entries are all unusable: one skip for the file
        raise MalformedError(f"malformed feed: {warning}")
    yield from items


def _entries(entries: list, source: str, ctx: Ctx, parsed: Any, outlet: str | None, warning: str | None) -> Iterator[Item]:
    feed = parsed.get("feed") or {}
    for i, e in enumerate(entries, 1):
        src = f"{source}#{i}"
        contents = [c for c in (e.get("content") or []) if c.get("value")]
        body = ""
        if contents:
            best = max(contents, key=lambda c: len(c.get("value") or ""))
            body = _as_text(best, best.get("value"))
        if not body.strip():
            body = _as_text(e.get("summary_detail"), e.get("summary"))
        if not body.strip():
            yield Skip(src, "E104", f"{src}: feed entry has no content or summary")
            continue
        title = _as_text(e.get("title_detail"), e.get("title")) or None
        published, published_from = _entry_published(e)
        meta: dict[str, Any] = {
            "format": "feed",
            "feed_format": parsed.get("version") or None,
            "entry_id": e.get("id"),
            "author": e.get("author"),
            "tags": [t.get("term") for t in e.get("tags") or [] if t.get("term")] or None,
            "feed_title": feed.get("title"),
            "feed_link": feed.get("link"),
            "feed_language": feed.get("language"),
            "published_from": published_from,
            "feed_warning": warning,
        }
        try:
            yield make_doc(
                body, ctx, source=src, title=title, url=e.get("link"), outlet=outlet, published=published, meta=meta
            )
        except InputError as err:
            yield Skip.from_error(src, err)
