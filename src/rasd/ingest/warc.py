"""WARC and WARC.gz files via warcio, streamed record by record.

Only ``response`` records whose HTTP status is 2xx and whose ``Content-Type`` is HTML
(``text/html``, ``application/xhtml+xml``) are articles: each goes through the HTML reader with
the HTTP charset and the ``WARC-Target-URI`` as hints. Every other record (``warcinfo``,
``request``, ``metadata``, redirects, images, CSS, robots.txt…) is passed over silently: it is
not an article, not an error. Transfer and content encodings (chunked, gzip) are undone by
warcio.

``source`` is ``path#OFFSET`` (the record's byte offset in the file, so ``warcio extract``
finds it); ``meta`` has ``warc_date`` (crawl time — not the publication date) and
``warc_target_uri``. A page without article text is an E104 skip for that record. A file cut
short (truncated gzip or record) keeps the documents read before the cut and records one E106
skip for the rest.
"""

from __future__ import annotations

from typing import BinaryIO, Iterator

from ..errors import InputError, MalformedError
from .common import Ctx, Item, Skip, human_bytes
from .html import read_html

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.strip().lower() == "charset" and v.strip():
            return v.strip().strip("\"'")
    return None


def _cut(record: object) -> bool:
    """True when a record's block ended before its Content-Length (file cut short)."""
    return getattr(getattr(record, "raw_stream", None), "limit", 0) > 0


def read_warc(fp: BinaryIO, source: str, ctx: Ctx) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    end = 0
    try:
        it = ArchiveIterator(fp)
        for record in it:
            if record.rec_type != "response" or record.http_headers is None:
                end = it.get_record_offset() + it.get_record_length()
                if _cut(record):
                    raise MalformedError(f"truncated WARC: cut inside a record after {_records(n)}")
                n += 1
                continue
            status = record.http_headers.get_statuscode() or ""
            ctype = record.http_headers.get_header("Content-Type") or ""
            if not status.startswith("2") or ctype.split(";")[0].strip().lower() not in _HTML_TYPES:
                end = it.get_record_offset() + it.get_record_length()
                if _cut(record):
                    raise MalformedError(f"truncated WARC: cut inside a record after {_records(n)}")
                n += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read(ctx.max_html_bytes + 1)
            offset = it.get_record_offset()  # reads the record to its end: only after the body
            end = offset + it.get_record_length()
            if _cut(record):
                raise MalformedError(f"truncated WARC: cut inside a record after {_records(n)}")
            n += 1
            src = f"{source}#{offset}"
            if len(body) > ctx.max_html_bytes:
                yield Skip(src, "E105", f"{src}: HTML response larger than {human_bytes(ctx.max_html_bytes)}, not read")
                continue
            extra = {"warc_date": record.rec_headers.get_header("WARC-Date"), "warc_target_uri": uri, "format": "warc"}
            try:
                yield from read_html(body, src, ctx, url=uri, charset=_charset(ctype), extra_meta=extra)
            except InputError as e:
                yield Skip.from_error(src, e)
            except Exception as e:  # the HTML parser failed on this page only
                yield Skip.from_error(src, MalformedError(f"HTML response: {type(e).__name__}: {e}"))
    except InputError:
        raise
    except Exception as e:  # warcio / gzip / zlib on a cut or corrupt file
        raise MalformedError(f"truncated or corrupt WARC after {_records(n)}: {type(e).__name__}: {e}") from None
    # warcio stops quietly at a cut: anything but blank lines after the last whole record
    # means the file was truncated (or has garbage at its end)
    fp.seek(end)
    rest = fp.read(4096)
    if rest.strip(b"\r\n\t \x00"):
        raise MalformedError(f"truncated or corrupt WARC after {_records(n)} (offset {end:,})")
    if n == 0:
        raise MalformedError("no complete WARC records")


def _records(n: int) -> str:
    return f"{n} complete record{'s' if n != 1 else ''}"
