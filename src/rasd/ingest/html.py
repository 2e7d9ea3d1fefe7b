"""HTML pages: the main text and metadata via trafilatura (never fetches anything).

- Encoding: a BOM, else the charset the caller got from HTTP (WARC), else ``<meta charset>``
  / ``http-equiv`` in the first 4 KB, decoded strictly; if that fails or nothing is declared,
  the rules of :func:`rasd.ingest.text.decode_bytes`.
- Text: ``trafilatura.bare_extraction`` (precision defaults; when that finds under 200
  characters it is run again with ``favor_recall=True`` and the longer text wins). The text is
  kept as trafilatura gives it (it may begin with the headline).
- ``title``, ``url`` (canonical / og:url, else the URL the page was fetched from), ``outlet``
  (og:site_name, JSON-LD publisher, else host name), ``meta``: author, description,
  categories, tags, language (``<html lang>``), hostname.
- ``published``: the first of JSON-LD ``datePublished``, ``article:published_time``,
  ``og:published_time``, ``itemprop=datePublished``, ``<time datetime pubdate>`` and common
  ``<meta name=…date>`` tags that parses, keeping time and offset; else trafilatura's date
  (metadata only, ``extensive_search`` off, so no date is guessed from body text or today).

Problems: bytes that cannot be parsed as HTML -> E106; a page with no main text -> E104.
"""

from __future__ import annotations

import codecs
import json
import re
import warnings
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import DecodeError, EmptyInputError, MalformedError, TooLargeError
from .common import Ctx, Item, make_doc
from .dates import parse_date
from .text import decode_bytes

__all__ = ["read_html", "decode_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_DATE_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @property='og:published_time' or @property='og:article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate' or @name='publish-date'"
    " or @name='date' or @name='DC.date.issued' or @name='dc.date' or @name='dcterms.created'"
    " or @name='sailthru.date' or @name='parsely-pub-date' or @property='rnews:datePublished']/@content"
    " | //time[@itemprop='datePublished' or @pubdate]/@datetime"
    " | //*[@itemprop='datePublished']/@datetime"
)


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, int]:
    """Text of an HTML page and the encoding used (see the module docstring)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        return decode_bytes(data)
    declared = [charset] if charset else []
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", "replace"))
    for enc in declared:
        try:
            name = codecs.lookup(enc).name
        except LookupError:
            continue
        try:
            return data.decode(name), name, 0
        except UnicodeDecodeError:
            continue
    return decode_bytes(data)


def _jsonld_dates(tree: Any) -> tuple[list[str], str | None]:
    dates: list[str] = []
    publisher: str | None = None
    for node in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            obj = json.loads(node)
        except ValueError:
            continue
        stack = [obj]
        while stack:
            o = stack.pop()
            if isinstance(o, list):
                stack.extend(reversed(o))
            elif isinstance(o, dict):
                for key in ("datePublished", "dateCreated"):
                    if isinstance(o.get(key), str):
                        dates.append(o[key])
                pub = o.get("publisher")
                if publisher is None and isinstance(pub, dict) and isinstance(pub.get("name"), str):
                    publisher = pub["name"]
                if "@graph" in o:
                    stack.append(o["@graph"])
    return dates, publisher


def _published(tree: Any) -> tuple[str | None, str | None, str | None]:
    """(published ISO, where it came from, JSON-LD publisher name)."""
    ld_dates, publisher = _jsonld_dates(tree)
    candidates = [(d, "json-ld") for d in ld_dates] + [(d, "meta") for d in tree.xpath(_DATE_XPATH)]
    best: tuple[str, str] | None = None
    for raw, where in candidates:
        iso = parse_date(raw)
        if iso is None:
            continue
        if "T" in iso:  # has a time (and maybe an offset): take it
            return iso, where, publisher
        best = best or (iso, where)
    return (best[0], best[1], publisher) if best else (None, None, publisher)


def _extract(tree: Any, url: str | None, recall: bool) -> Any:
    from trafilatura import bare_extraction

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            favor_recall=recall,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def read_html(
    data: bytes,
    source: str,
    ctx: Ctx,
    *,
    url: str | None = None,
    charset: str | None = None,
    extra_meta: dict[str, Any] | None = None,
) -> Iterator[Item]:
    """One document from an HTML page."""
    from copy import deepcopy

    from lxml import etree
    from trafilatura import load_html

    if len(data) > ctx.max_html_bytes:
        raise TooLargeError(f"HTML page too large: {len(data):,} bytes (limit {ctx.max_html_bytes:,})")
    try:
        markup, enc, n_bad = decode_html(data, charset)
    except DecodeError as e:
        raise DecodeError(f"HTML page: {e.message}") from None
    if not markup.strip():
        raise EmptyInputError("empty HTML page")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = load_html(markup)
    except (ValueError, etree.LxmlError) as e:
        raise MalformedError(f"malformed HTML: {e}") from None
    if tree is None:
        raise MalformedError("malformed HTML: could not be parsed")
    published, published_from, publisher = _published(tree)
    lang = (tree.xpath("string(/html/@lang)") or "").strip() or None

    doc = _extract(deepcopy(tree), url, recall=False)
    text = (doc.text if doc is not None else None) or ""
    if len(text) < 200:
        doc2 = _extract(tree, url, recall=True)
        text2 = (doc2.text if doc2 is not None else None) or ""
        if len(text2) > len(text):
            doc, text = doc2, text2
    if doc is None or not text.strip():
        raise EmptyInputError("no article text found in the HTML page")
    if published is None and doc.date:
        published, published_from = parse_date(doc.date), "trafilatura"
    meta: dict[str, Any] = {
        "format": "html",
        "encoding": enc,
        "decode_errors": n_bad or None,
        "author": doc.author,
        "description": doc.description,
        "categories": list(doc.categories or []) or None,
        "tags": list(doc.tags or []) or None,
        "hostname": _host(doc.url or url) or doc.hostname,
        "html_lang": lang,
        "published_from": published_from if published else None,
    }
    if extra_meta:
        meta.update(extra_meta)
    yield make_doc(
        text,
        ctx,
        source=source,
        title=doc.title,
        url=doc.url or url,
        outlet=doc.sitename or publisher or doc.hostname,
        published=published,
        meta=meta,
    )
