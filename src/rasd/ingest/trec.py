"""TREC-style SGML ``<DOC>`` files, as in the ANT corpus: one or several per file, e.g.::

    <DOC>
    <DOCNO>AL-culture-590-20180715</DOCNO>
    <URL>https://www.alarabiya.net/…</URL>
    <SRC>alarabia</SRC>
    <CAT>culture</CAT>
    <TITLE>هكذا ردت إليسا على اتهامها بالسرقة</TITLE>
    <TIME>Sun, 15 Jul 2018 21:56:56 +0400</TIME>
    <AUTHOR>القاهرة- أحمد الريدي</AUTHOR>
    <ABSTRACT>…</ABSTRACT>
    <TEXT>
    …
    </TEXT>
    </DOC>

``text`` is the content of ``<TEXT>`` (``<BODY>`` as a fallback) without the whitespace around
it; if it holds markup (``<P>`` paragraphs in LDC-style files) that is turned into plain text.
``title`` from ``<TITLE>``/``<HEADLINE>``, ``url`` from ``<URL>``, ``outlet`` from ``<SRC>``,
``published`` from ``<TIME>``/``<DATE_TIME>``/``<DATE>`` (RFC 2822 or ISO, offset kept), else the
``YYYYMMDD`` at the end of ``<DOCNO>`` (a bare date). ``meta``: docno, category (``<CAT>``),
author. Field values are taken verbatim (no entity decoding: ANT has none).

Source: the file (``path`` or ``archive#member``) when it holds one ``<DOC>``, else
``…#DOCNO``. A ``<DOC>`` with no ``</DOC>`` (a cut file) -> E106; one without text -> E104.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import EmptyInputError, InputError, MalformedError
from .common import Ctx, Item, Skip, html_fragment_to_text, make_doc
from .dates import parse_date
from .text import decode_bytes

__all__ = ["read_trec", "parse_trec"]

_DOC_OPEN = re.compile(r"<DOC>", re.I)
_DOC_CLOSE = re.compile(r"</DOC>", re.I)
_OPEN_TAG = re.compile(r"<([A-Za-z_]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_DOCNO_DATE = re.compile(r"(\d{8})\s*$")


def _fields(body: str) -> dict[str, str]:
    """``{TAG: content}`` for the first ``<TAG>…</TAG>`` of each tag name (scanning with
    ``str.find``: much faster than a back-referencing regex over long texts)."""
    out: dict[str, str] = {}
    pos = 0
    while True:
        m = _OPEN_TAG.search(body, pos)
        if m is None:
            return out
        tag = m.group(1)
        end = body.find(f"</{tag}>", m.end())
        if end < 0 and not tag.isupper():
            end = body.find(f"</{tag.upper()}>", m.end())
        if end < 0:
            pos = m.end()
            continue
        out.setdefault(tag.upper(), body[m.end() : end])
        pos = end + len(tag) + 3


def _split_docs(text: str) -> list[tuple[str, bool]]:
    starts = [m.end() for m in _DOC_OPEN.finditer(text)]
    out = []
    for i, a in enumerate(starts):
        b = starts[i + 1] - 5 if i + 1 < len(starts) else len(text)
        seg = text[a:b]
        m = _DOC_CLOSE.search(seg)
        out.append((seg[: m.start()] if m else seg, m is not None))
    return out


def parse_trec(text: str, source: str, ctx: Ctx) -> Iterator[Item]:
    docs = _split_docs(text)
    if not docs:
        raise MalformedError("no <DOC> records")
    single = len(docs) == 1
    for i, (body, closed) in enumerate(docs, 1):
        f = _fields(body)
        docno = (f.get("DOCNO") or "").strip() or None
        src = source if single else f"{source}#{docno or i}"
        try:
            if not closed:
                raise MalformedError(f"<DOC> {docno or i} has no closing </DOC> (file cut?)")
            yield _to_doc(f, docno, src, ctx)
        except InputError as e:
            yield Skip.from_error(src, e)


def _to_doc(f: dict[str, str], docno: str | None, src: str, ctx: Ctx) -> Item:
    raw = f.get("TEXT")
    if raw is None:
        raw = f.get("BODY")
    label = f"<DOC> {docno}" if docno else "<DOC>"
    if raw is None:
        raise EmptyInputError(f"{label} has no <TEXT>")
    if not raw.strip():
        raise EmptyInputError(f"{label} has an empty <TEXT>")
    text = raw.strip()
    if _TAG.search(text):
        text = html_fragment_to_text(text)
    published = None
    published_from = None
    for key in ("TIME", "DATE_TIME", "DATE"):
        if f.get(key):
            published = parse_date(f[key])
            if published:
                published_from = key
                break
    if published is None and docno:
        m = _DOCNO_DATE.search(docno)
        if m:
            published = parse_date(m.group(1))
            published_from = "DOCNO" if published else None
    title = f.get("TITLE") or f.get("HEADLINE")
    if title and _TAG.search(title):
        title = html_fragment_to_text(title)
    meta = {
        "format": "trec",
        "docno": docno,
        "category": (f.get("CAT") or "").strip(),
        "author": (f.get("AUTHOR") or "").strip(),
        "published_from": published_from,
    }
    return make_doc(
        text,
        ctx,
        source=src,
        title=title,
        url=(f.get("URL") or "").strip(),
        outlet=f.get("SRC"),
        published=published,
        meta=meta,
    )


def read_trec(data: bytes, source: str, ctx: Ctx) -> Iterator[Item]:
    text, _, _ = decode_bytes(data)
    yield from parse_trec(text, source, ctx)
