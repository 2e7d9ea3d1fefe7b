"""Archives: tar (plain, .gz, .xz, .bz2), zip, and single compressed files (.gz/.xz/.bz2 of any
format rasd reads). Nothing is extracted to disk.

- tar is read as a stream (``tarfile`` mode ``r|*``): one member in memory at a time, so the
  31,525-file ANT tarball streams in bounded memory. Members keep the archive's order.
- zip members are read one at a time in the archive's order.
- Each member is sniffed and read like a file (``archive#member`` is its source; documents
  inside get ``archive#member#…`` or ``archive#member:LINE``). Archives inside archives are
  read down to 3 levels.
- Directories, ``__MACOSX/`` entries, AppleDouble ``._*`` files and other hidden names are
  passed over silently. A member over ``max_file_bytes`` is an E105 skip (not read); an
  encrypted zip member E107; a zip member with a bad CRC E106; the rest continue.
- A tar or compressed file cut short (truncated gzip/xz) keeps every document read before the
  cut and records one E106 skip for the archive.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from typing import BinaryIO, Callable, Iterator

from ..errors import MalformedError, UnsupportedFormatError
from .common import Ctx, Item, Skip, human_bytes

__all__ = ["read_tar", "read_zip", "open_compressed", "ignored_member", "decompress_errors", "peek_decompressed"]

Dispatch = Callable[[BinaryIO, str, str, Ctx], Iterator[Item]]
MAX_DEPTH = 3


def ignored_member(name: str) -> bool:
    parts = [p for p in name.replace("\\", "/").split("/") if p and p != "."]
    if not parts:
        return True
    if parts[0] == "__MACOSX":
        return True
    return any(p.startswith(".") for p in parts) or parts[-1] in ("Thumbs.db", "desktop.ini")


def _child(ctx: Ctx) -> Ctx:
    if ctx.depth + 1 > MAX_DEPTH:
        raise UnsupportedFormatError(f"archives nested more than {MAX_DEPTH} deep")
    return Ctx(ctx.max_file_bytes, ctx.max_article_chars, ctx.published, ctx.depth + 1, ctx.extra)


def read_tar(fp: BinaryIO, source: str, ctx: Ctx, dispatch: Dispatch) -> Iterator[Item]:
    child = _child(ctx)
    n = 0
    try:
        tf = tarfile.open(fileobj=fp, mode="r|*")
    except (tarfile.TarError, EOFError, OSError, lzma.LZMAError) as e:
        raise MalformedError(f"not a readable tar archive: {type(e).__name__}: {e}") from None
    try:
        for member in tf:
            if not member.isfile() or ignored_member(member.name):
                continue
            n += 1
            msrc = f"{source}#{member.name}"
            if member.size > ctx.max_file_bytes:
                yield Skip(msrc, "E105", f"{msrc}: archive member of {human_bytes(member.size)} is over max_file_bytes")
                continue
            f = tf.extractfile(member)
            if f is None:
                continue
            data = f.read()
            if len(data) < member.size:
                raise EOFError(f"member {member.name} is cut short")
            if not data:
                yield Skip(msrc, "E104", f"{msrc}: empty file")
                continue
            yield from dispatch(io.BytesIO(data), msrc, member.name, child)
    except (tarfile.TarError, EOFError, OSError, lzma.LZMAError, ValueError) as e:
        raise MalformedError(
            f"tar archive truncated or corrupt after {n} member{'s' if n != 1 else ''}: {type(e).__name__}: {e}"
        ) from None
    finally:
        tf.close()
    if n == 0:
        yield Skip(source, "E104", f"{source}: archive has no files")


def read_zip(fp: BinaryIO, source: str, ctx: Ctx, dispatch: Dispatch) -> Iterator[Item]:
    child = _child(ctx)
    try:
        zf = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise MalformedError(f"not a readable zip archive (truncated?): {e}") from None
    n = 0
    with zf:
        for info in zf.infolist():
            if info.is_dir() or ignored_member(info.filename):
                continue
            n += 1
            msrc = f"{source}#{info.filename}"
            if info.flag_bits & 0x1:
                yield Skip(msrc, "E107", f"{msrc}: encrypted zip member, not supported")
                continue
            if info.file_size > ctx.max_file_bytes:
                yield Skip(msrc, "E105", f"{msrc}: archive member of {human_bytes(info.file_size)} is over max_file_bytes")
                continue
            try:
                with zf.open(info) as f:
                    data = f.read(ctx.max_file_bytes + 1)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, lzma.LZMAError) as e:
                code = "E107" if isinstance(e, NotImplementedError) else "E106"
                yield Skip(msrc, code, f"{msrc}: cannot read zip member: {type(e).__name__}: {e}")
                continue
            if len(data) > ctx.max_file_bytes:
                yield Skip(msrc, "E105", f"{msrc}: archive member is over max_file_bytes")
                continue
            if not data:
                yield Skip(msrc, "E104", f"{msrc}: empty file")
                continue
            yield from dispatch(io.BytesIO(data), msrc, info.filename, child)
            del data
    if n == 0:
        yield Skip(source, "E104", f"{source}: archive has no files")


def open_compressed(fp: BinaryIO, kind: str) -> BinaryIO:
    """A seekable decompressing reader over ``fp`` (``gzip``, ``xz`` or ``bz2``)."""
    if kind == "gzip":
        return gzip.GzipFile(fileobj=fp, mode="rb")  # type: ignore[return-value]
    if kind == "xz":
        return lzma.LZMAFile(fp, mode="rb")  # type: ignore[return-value]
    if kind == "bz2":
        return bz2.BZ2File(fp, mode="rb")  # type: ignore[return-value]
    raise ValueError(kind)


def peek_decompressed(fp: BinaryIO, kind: str, n: int) -> bytes:
    """Up to ``n`` bytes from the start of the decompressed stream, without failing on a
    stream that is cut short (only on one that is corrupt); ``fp`` is rewound."""
    import zlib

    raw = fp.read(max(n, 65536))
    fp.seek(0)
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, n)
    if kind == "xz":
        return lzma.LZMADecompressor().decompress(raw, max_length=n)
    if kind == "bz2":
        return bz2.BZ2Decompressor().decompress(raw, max_length=n)
    raise ValueError(kind)


def decompress_errors() -> tuple[type[BaseException], ...]:
    import zlib

    return (EOFError, OSError, zlib.error, lzma.LZMAError, gzip.BadGzipFile, ValueError)

