"""Format sniffing: magic bytes first, then the first characters of the text, then the
file extension as a tie-breaker.

``sniff(head, name)`` looks at the first bytes of a file (``HEAD`` = 64 KiB is plenty) and its
name and returns one of::

    empty      no bytes at all                                   -> E104
    binary     NUL bytes that are not UTF-16, many control bytes -> E102
    unsupported:<what>  PDF, images, Office files, 7z, rar, …    -> E107
    zip        PK\\x03\\x04 (or an empty zip's PK\\x05\\x06)
    tar        'ustar' at offset 257
    gzip xz bz2  compressed: the dispatcher looks inside (tar, WARC or one compressed file)
    warc       starts with 'WARC/'
    trec       starts with '<DOC>' (ANT, TREC-style SGML)
    feed       '<rss', '<feed' or '<rdf:RDF' near the start (RSS 0.9x/2.0, Atom, RSS 1.0)
    html       '<!DOCTYPE html', '<html', a leading tag with <head>/<body> nearby, or .htm(l)
    jsonl      starts with '{' and the first line is one JSON value (one article per line)
    json       '[' then a JSON value, or '{"' spread over several lines (one JSON document);
               "[فيديو] …" or "{عاجل} …" at the start of an article stays text
    text       anything else that decodes as text

Content wins over the extension (ANT's files are ``.txt`` but hold ``<DOC>`` records); the
extension decides only where the content is ambiguous (an XML file that is neither a feed nor
XHTML is read as a feed if named .rss/.atom/.xml so that the feed parser reports what is wrong).
"""

from __future__ import annotations

import codecs
import json
import re

from .text import _guess_utf16, is_binary

__all__ = ["sniff", "HEAD", "COMPRESSED_SUFFIXES", "inner_name"]

HEAD = 65536

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"BZh", "bz2"),
    (b"%PDF-", "unsupported:PDF document"),
    (b"\x89PNG\r\n\x1a\n", "unsupported:PNG image"),
    (b"\xff\xd8\xff", "unsupported:JPEG image"),
    (b"GIF87a", "unsupported:GIF image"),
    (b"GIF89a", "unsupported:GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "unsupported:7-Zip archive"),
    (b"Rar!\x1a\x07", "unsupported:RAR archive"),
    (b"\x28\xb5\x2f\xfd", "unsupported:Zstandard-compressed file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "unsupported:old Microsoft Office document"),
    (b"SQLite format 3\x00", "unsupported:SQLite database"),
    (b"\x7fELF", "unsupported:executable"),
    (b"PAR1", "unsupported:Parquet file"),
)

_OFFICE = {
    ".docx": "Word document",
    ".xlsx": "Excel workbook",
    ".pptx": "PowerPoint file",
    ".odt": "OpenDocument text",
    ".ods": "OpenDocument spreadsheet",
    ".epub": "EPUB book",
    ".doc": "Word document",
    ".xls": "Excel workbook",
}

COMPRESSED_SUFFIXES = {".gz": "gzip", ".tgz": "gzip", ".xz": "xz", ".txz": "xz", ".bz2": "bz2", ".tbz2": "bz2"}

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]", re.I)
_FEED = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.I)


_JSON_OBJECT = re.compile(r'\{\s*(?:"|\})')
_JSON_ARRAY = re.compile(r'\[\s*(?:[\[{"\]\d-]|true|false|null)')


def _suffixes(name: str) -> list[str]:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    parts = base.split(".")
    return ["." + p for p in parts[1:]]


def ext_of(name: str) -> str:
    s = _suffixes(name)
    return s[-1] if s else ""


def inner_name(name: str) -> str:
    """``a/b.jsonl.gz`` -> ``a/b.jsonl``; ``x.tgz`` -> ``x.tar``."""
    low = name.lower()
    for suf, repl in ((".tgz", ".tar"), (".txz", ".tar"), (".tbz2", ".tar")):
        if low.endswith(suf):
            return name[: -len(suf)] + repl
    for suf in (".gz", ".xz", ".bz2"):
        if low.endswith(suf):
            return name[: -len(suf)]
    return name


def _head_text(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("utf-8", "replace")
    if head.startswith(codecs.BOM_UTF16_LE):
        return head[2 : len(head) & ~1].decode("utf-16-le", "replace")
    if head.startswith(codecs.BOM_UTF16_BE):
        return head[2 : len(head) & ~1].decode("utf-16-be", "replace")
    if b"\x00" in head:
        enc = _guess_utf16(head)
        if enc:
            return head[: len(head) & ~1].decode(enc, "replace")
    return head.decode("utf-8", "replace")


def sniff(head: bytes, name: str = "") -> str:
    """The format of a file from its first bytes and its name (see the module docstring)."""
    if not head:
        return "empty"
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            if fmt == "zip" and ext_of(name) in _OFFICE:
                return "unsupported:" + _OFFICE[ext_of(name)]
            return fmt
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"WARC/"):
        return "warc"  # before the binary test: records may hold images
    ext = ext_of(name)
    if ext in _OFFICE:
        return "unsupported:" + _OFFICE[ext]
    if is_binary(head):
        return "binary"
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    if not text:
        return "text"  # whitespace only: the text reader reports it as empty
    start = text[:4096]
    low = start.lower()
    if start.startswith("WARC/"):
        return "warc"
    if low.startswith("<doc>") or low.startswith("<doc "):
        return "trec"
    if start.startswith("<"):
        if _FEED.search(low[:2048]) and not re.search(r"<html[\s>]", low[:2048]):
            return "feed"
        if _HTML_START.search(low) or ext in (".html", ".htm", ".xhtml", ".shtml"):
            return "html"
        if ext in (".rss", ".atom", ".xml", ".rdf"):
            return "feed"
        if re.match(r"<(?:p|div|article|section|h[1-6]|span|table)[\s>]", low):
            return "html"
    if ext in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if start.startswith("{"):
        first = text.split("\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            pass
        if ext in (".jsonl", ".ndjson"):
            return "jsonl"
        if ext == ".json" or _JSON_OBJECT.match(start):
            return "json"
        return "text"  # e.g. "{عاجل} ..." in a plain-text article
    if start.startswith("["):
        # a JSON array, not "[فيديو] ..." at the start of a plain-text article
        return "json" if ext == ".json" or _JSON_ARRAY.match(start) else "text"
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext == ".warc":
        return "warc"
    if ext in (".rss", ".atom"):
        return "feed"
    return "text"
