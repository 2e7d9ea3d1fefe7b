"""Walking paths and dispatching each file to its reader.

``read_paths`` takes files, directories (recursive; hidden names skipped; files in sorted
path order, the same on every run) and ``-`` (standard input, sniffed like a file). Every file
is sniffed (:mod:`.detect`) and read by one reader; whatever goes wrong with one file becomes
a :class:`Skip` and the next file is read. Only a bad *argument* (an invalid ``published``)
raises, before anything is read.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    MalformedError,
    TooLargeError,
    UnsupportedFormatError,
)
from .archive import _child, decompress_errors, open_compressed, peek_decompressed, read_tar, read_zip
from .common import Ctx, Item, Skip, human_bytes, iter_safely, read_bounded
from .dates import check_published
from .detect import HEAD, inner_name, sniff
from .feeds import read_feed
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import decode_bytes, read_text
from .trec import read_trec
from .warc import read_warc

__all__ = ["read_paths", "read_bytes", "dispatch", "make_ctx"]

STDIN = "<stdin>"


def make_ctx(settings: Mapping[str, Any] | None = None, published: str | None = None) -> Ctx:
    if settings is None:
        from ..settings import load_settings

        settings = load_settings()
    return Ctx(
        max_file_bytes=int(settings.get("max_file_bytes", 200_000_000)),
        max_article_chars=int(settings.get("max_article_chars", 2_000_000)),
        published=check_published(published),
    )


def read_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    published: str | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Iterator[Item]:
    """Documents and skips from files, directories and ``-`` (stdin), in a stable order.

    ``published`` (ISO 8601) is the publication date of plain-text documents, which carry none
    of their own; an invalid value raises :class:`rasd.errors.InputError` at once. Limits come
    from the ``max_file_bytes`` and ``max_article_chars`` settings. Never raises for a bad file:
    each problem is a :class:`Skip` and reading goes on."""
    ctx = make_ctx(settings, published)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _iter_paths([os.fspath(p) for p in paths], ctx)


def read_bytes(
    data: bytes,
    source: str = "<bytes>",
    name: str = "",
    *,
    published: str | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Iterator[Item]:
    """Documents and skips from bytes in memory (an upload, a message body); ``name`` (a file
    name) helps sniffing the format but content decides first."""
    ctx = make_ctx(settings, published)
    if len(data) > ctx.max_file_bytes:
        return iter([Skip(source, "E105", f"{source}: {human_bytes(len(data))} is over max_file_bytes")])
    return dispatch(io.BytesIO(data), source, name, ctx, len(data))


def _iter_paths(paths: list[str], ctx: Ctx) -> Iterator[Item]:
    for p in paths:
        if p == "-":
            yield from _read_stdin(ctx)
            continue
        try:
            st = os.stat(p)
        except FileNotFoundError:
            yield Skip(_label(p), "E101", f"{_label(p)}: no such file or directory")
            continue
        except OSError as e:
            yield Skip(_label(p), "E100", f"{_label(p)}: cannot read: {e.strerror or e}")
            continue
        if stat.S_ISDIR(st.st_mode):
            files = _walk(p)
            if not files:
                yield Skip(_label(p), "E104", f"{_label(p)}: directory has no files")
            for f in files:
                yield from _read_file(f, ctx)
        else:
            yield from _read_file(p, ctx)


# Passed over (silently) when walking a directory: code, docs and config that sit beside
# articles (a README, a generator script). Named explicitly on the command line they are read.
NOT_ARTICLES = frozenset(
    ".py .pyc .pyo .sh .bat .ps1 .js .mjs .ts .css .map .md .rst .toml .yaml .yml .ini .cfg .lock .log"
    " .sql .db .sqlite .sqlite3 .db-wal .db-shm .pkl .npy .parquet .ipynb".split()
)
NOT_ARTICLE_NAMES = frozenset({"readme", "license", "licence", "copying", "makefile", "manifest", "notice"})


def _not_article(fn: str) -> bool:
    low = fn.lower()
    stem, dot, ext = low.rpartition(".")
    if dot and "." + ext in NOT_ARTICLES:
        return True
    return (stem if dot else low) in NOT_ARTICLE_NAMES


def _walk(top: str) -> list[str]:
    """Files under ``top`` (not following directory symlinks; hidden names and the
    ``NOT_ARTICLES`` kinds skipped), sorted by their path components."""
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = Path(dirpath).relative_to(top).parts
        for fn in filenames:
            if fn.startswith(".") or _not_article(fn):
                continue
            found.append((rel + (fn,), os.path.join(dirpath, fn)))
    found.sort()
    return [f for _, f in found]


def _read_file(path: str, ctx: Ctx) -> Iterator[Item]:
    yield from _read_file_as(path, _label(path), ctx)


def _read_file_as(path: str, label: str, ctx: Ctx) -> Iterator[Item]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        yield Skip(label, "E101", f"{label}: no such file or directory (a broken link?)")
        return
    except OSError as e:
        yield Skip(label, "E100", f"{label}: cannot read: {e.strerror or e}")
        return
    regular = stat.S_ISREG(st.st_mode)
    if regular:
        if st.st_size == 0:
            yield Skip(label, "E104", f"{label}: empty file")
            return
        if st.st_size > ctx.max_file_bytes:
            yield Skip(
                label,
                "E105",
                f"{label}: file of {human_bytes(st.st_size)} is over max_file_bytes ({human_bytes(ctx.max_file_bytes)})",
            )
            return
    elif not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        yield Skip(label, "E107", f"{label}: not a regular file")
        return
    try:
        f = open(path, "rb")
    except OSError as e:
        yield Skip(label, "E100", f"{label}: cannot open: {e.strerror or e}")
        return
    with f:
        if regular:
            yield from dispatch(f, label, os.path.basename(label), ctx, st.st_size)
        else:  # a pipe: not seekable, read it (bounded) first
            yield from _read_stream(f, label, os.path.basename(label), ctx)


def _read_stdin(ctx: Ctx) -> Iterator[Item]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield Skip(STDIN, "E100", f"{STDIN}: standard input is closed or not readable")
        return
    yield from _read_stream(stream, STDIN, "", ctx)


def _label(path: str) -> str:
    """A path as it is shown and stored: file names that are not valid UTF-8 (kept by Python
    as surrogate escapes) get U+FFFD so the label can be written anywhere."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_stream(fp: BinaryIO, source: str, name: str, ctx: Ctx) -> Iterator[Item]:
    try:
        data = read_bounded(fp, ctx.max_file_bytes, "input")
    except TooLargeError as e:
        yield Skip.from_error(source, e)
        return
    except OSError as e:
        yield Skip(source, "E100", f"{source}: cannot read: {e}")
        return
    if not data:
        yield Skip(source, "E104", f"{source}: empty input")
        return
    yield from dispatch(io.BytesIO(data), source, name, ctx, len(data))


def dispatch(fp: BinaryIO, source: str, name: str, ctx: Ctx, size: int | None = None) -> Iterator[Item]:
    """Sniff ``fp`` (seekable, at offset 0) and read it with the matching reader; never
    raises for bad input (a problem part-way keeps what was read and adds one Skip)."""
    return iter_safely(source, _dispatch(fp, source, name, ctx, size), "cannot read")


def _limit(fmt: str, ctx: Ctx) -> tuple[int, str]:
    if fmt == "text":
        return ctx.max_text_bytes, (
            f"too large for one article: a text file over {human_bytes(ctx.max_text_bytes)} "
            f"cannot fit max_article_chars={ctx.max_article_chars:,}"
        )
    if fmt == "html":
        return ctx.max_html_bytes, f"HTML page over {human_bytes(ctx.max_html_bytes)} (10 x max_article_chars), too large"
    return ctx.max_file_bytes, f"{fmt} file over max_file_bytes ({human_bytes(ctx.max_file_bytes)})"


def _dispatch(fp: BinaryIO, source: str, name: str, ctx: Ctx, size: int | None) -> Iterator[Item]:
    head = fp.read(HEAD)
    fp.seek(0)
    fmt = sniff(head, name)
    if fmt == "empty":
        raise EmptyInputError("empty file")
    if fmt == "binary":
        try:
            decode_bytes(head)
        except BinaryInputError as e:
            raise BinaryInputError(e.message) from None
        raise BinaryInputError("binary file, not text")
    if fmt.startswith("unsupported:"):
        raise UnsupportedFormatError(f"{fmt.split(':', 1)[1]}: not a format rasd reads")
    if fmt in ("gzip", "xz", "bz2"):
        yield from _compressed(fp, source, name, ctx, fmt)
        return
    if fmt == "tar":
        yield from read_tar(fp, source, ctx, dispatch)
        return
    if fmt == "zip":
        yield from read_zip(fp, source, ctx, dispatch)
        return
    if fmt == "warc":
        yield from read_warc(fp, source, ctx)
        return
    if fmt == "jsonl":
        yield from read_jsonl(fp, source, ctx)
        return
    limit, why = _limit(fmt, ctx)
    if size is not None and size > limit:
        raise TooLargeError(f"{human_bytes(size)}: {why}; not read")
    data = fp.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{why}; not read further")
    if fmt == "text":
        yield from read_text(data, source, ctx)
    elif fmt == "html":
        yield from read_html(data, source, ctx)
    elif fmt == "feed":
        yield from read_feed(data, source, ctx)
    elif fmt == "trec":
        yield from read_trec(data, source, ctx)
    elif fmt == "json":
        yield from read_json(data, source, ctx)
    else:  # pragma: no cover - sniff returns only the formats above
        raise UnsupportedFormatError(f"unknown format {fmt}")


def _compressed(fp: BinaryIO, source: str, name: str, ctx: Ctx, kind: str) -> Iterator[Item]:
    errors = decompress_errors()
    try:
        ihead = peek_decompressed(fp, kind, HEAD)
    except errors as e:
        raise MalformedError(f"corrupt {kind} data: {type(e).__name__}: {e}") from None
    iname = inner_name(name)
    if ihead.startswith(b"WARC/"):
        fp.seek(0)
        yield from read_warc(fp, source, ctx)
        return
    if (len(ihead) > 262 and ihead[257:262] == b"ustar") or iname.lower().endswith(".tar"):
        fp.seek(0)
        yield from read_tar(fp, source, ctx, dispatch)
        return
    if not ihead:
        raise EmptyInputError("compressed file holds no data")
    dec = open_compressed(fp, kind)
    try:
        yield from _dispatch(dec, source, iname, _child(ctx), None)
    except errors as e:
        raise MalformedError(f"truncated or corrupt {kind} data: {type(e).__name__}: {e}") from None
