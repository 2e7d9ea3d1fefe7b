"""Plain text files and the encoding detection every reader shares.

Detection is deterministic (no statistical guesser), in this order:

1. a byte-order mark: UTF-8 (EF BB BF), UTF-16 LE (FF FE) or BE (FE FF);
2. NUL bytes present: UTF-16 without BOM if the bytes decode as UTF-16 LE or BE into
   plausible text (Arabic, Latin, digits, punctuation, whitespace: ≥ 95 % of characters);
   otherwise the file is binary (E102);
3. other control bytes (not tab/newline/CR/form feed/ESC) above 5 % of the bytes: binary (E102);
4. strict UTF-8;
5. UTF-8 with a few broken sequences — at most one per 1,000 bytes and far fewer than the
   valid multi-byte characters (a file cut in the middle of a letter, a crawler's stray byte):
   decoded with U+FFFD for the broken bytes, counted in ``meta['decode_errors']``;
6. Windows-1256 (cp1256), when at least 80 % of the non-ASCII characters it decodes to are
   Arabic letters, marks or punctuation;
7. otherwise undecodable (E103).

charset-normalizer gets short cp1256 Arabic right too, but it is statistical; the rules above
are fixed and cheap, and the only legacy code page an Arabic news archive really needs is
cp1256 (ISO-8859-6 is accepted when an HTML page declares it).

The text of a plain-text document is the decoded file with only a leading BOM removed and CRLF
turned into LF (``common.clean_text``). Its title is the first line when that looks like a
headline (short, no sentence-final punctuation, followed by a blank line; the text keeps it);
``published`` comes from the caller (``--published``); without it, a date written in the file
name (``2026-10-28-story.txt``, ``news_20261028.txt``) is used, recorded as
``meta['published_from'] = 'filename'``; otherwise it stays unknown (never guessed).
"""

from __future__ import annotations

import codecs
import re
from typing import Iterator

from ..errors import BinaryInputError, DecodeError
from .common import Ctx, Item, make_doc
from .dates import parse_date

__all__ = ["decode_bytes", "is_binary", "read_text"]

_SAMPLE = 65536


def _plausible_char(c: str) -> bool:
    o = ord(c)
    if o < 0x80:
        return c.isprintable() or c in "\t\n\r\f"
    return (
        0xA0 <= o <= 0x24F  # Latin-1 supplement, Latin extended
        or 0x600 <= o <= 0x6FF  # Arabic
        or 0x750 <= o <= 0x77F  # Arabic supplement
        or 0x8A0 <= o <= 0x8FF  # Arabic extended-A
        or 0x2000 <= o <= 0x206F  # general punctuation, bidi controls
        or 0x20A0 <= o <= 0x20CF  # currency symbols
        or 0xFB50 <= o <= 0xFDFF  # Arabic presentation forms A
        or 0xFE70 <= o <= 0xFEFF  # Arabic presentation forms B, BOM
        or o in (0x2212, 0x2026, 0x00B0)
    )


def _plausibility(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for c in text if _plausible_char(c)) / len(text)


def _guess_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` (which has NUL bytes) reads as one of them."""
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    order = ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    for enc in order:
        try:
            text = sample[: len(sample) & ~1].decode(enc)
        except UnicodeDecodeError:
            # a sample may end inside a surrogate pair
            text = sample[: len(sample) & ~1].decode(enc, "replace")
            if text.count("\ufffd") > 2:
                continue
        if _plausibility(text) >= 0.95:
            return enc
    return None


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    kept = sample.translate(None, _CONTROL)
    return (len(sample) - len(kept)) / len(sample)


def is_binary(head: bytes) -> bool:
    """True for bytes that are not text in any encoding rasd reads: NUL bytes that are not
    UTF-16, or more than 5 % control bytes."""
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return False
    if b"\x00" in head:
        return _guess_utf16(head) is None
    return _control_ratio(head[:_SAMPLE]) > 0.05


def _is_arabicish(c: str) -> bool:
    o = ord(c)
    return (
        0x600 <= o <= 0x6FF
        or 0x750 <= o <= 0x77F
        or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
        or o in (0xA0, 0x200C, 0x200D, 0x200E, 0x200F, 0xAB, 0xBB, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026)
    )


def decode_bytes(data: bytes) -> tuple[str, str, int]:
    """Decode ``data`` following the rules in the module docstring. Returns
    ``(text, encoding, n_replaced)``; raises BinaryInputError (E102) or DecodeError (E103)."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], "utf-8-sig")
    if data.startswith(codecs.BOM_UTF16_LE) and not data.startswith(codecs.BOM_UTF32_LE):
        return _utf16(data[2:], "utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return _utf16(data[2:], "utf-16-be")
    if b"\x00" in data:
        enc = _guess_utf16(data)
        if enc is None:
            nul = data.count(0)
            raise BinaryInputError(f"binary file ({nul:,} NUL byte{'s' if nul != 1 else ''}), not text")
        return _utf16(data, enc)
    ratio = _control_ratio(data[:_SAMPLE])
    if ratio > 0.05:
        raise BinaryInputError(f"binary file ({ratio:.0%} control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError as e:
        first_error = e
    text, n_bad = _utf8_lenient(data)
    multibyte = sum(1 for c in text if ord(c) >= 0x80) - n_bad
    if n_bad <= max(1, len(data) // 1000) and multibyte >= 20 * n_bad:
        return text, "utf-8", n_bad
    cp = data.decode("cp1256", "replace")
    non_ascii = [c for c in cp[:_SAMPLE] if ord(c) >= 0x80]
    if non_ascii and sum(1 for c in non_ascii if _is_arabicish(c)) / len(non_ascii) >= 0.8:
        return cp, "cp1256", 0
    raise DecodeError(
        f"undecodable bytes: not UTF-8 (invalid byte 0x{data[first_error.start]:02x} at offset "
        f"{first_error.start:,}), not UTF-16 and not Arabic Windows-1256"
    )


def _utf8(data: bytes, name: str) -> tuple[str, str, int]:
    try:
        return data.decode("utf-8"), name, 0
    except UnicodeDecodeError:
        text, n_bad = _utf8_lenient(data)
        multibyte = sum(1 for c in text if ord(c) >= 0x80) - n_bad
        if n_bad <= max(1, len(data) // 1000) and multibyte >= 20 * n_bad:
            return text, name, n_bad
        raise DecodeError(f"file starts with a UTF-8 byte-order mark but has {n_bad:,} invalid UTF-8 sequences") from None


def _utf16(data: bytes, enc: str) -> tuple[str, str, int]:
    if len(data) % 2:
        data = data[:-1]  # a truncated last code unit
    try:
        return data.decode(enc), enc, 0
    except UnicodeDecodeError:
        text = data.decode(enc, "replace")
        n_bad = text.count("\ufffd")
        if n_bad <= max(1, len(data) // 2000):
            return text, enc, n_bad
        raise DecodeError(f"invalid {enc.upper()} ({n_bad:,} broken surrogates)") from None


def _utf8_lenient(data: bytes) -> tuple[str, int]:
    real = data.count(b"\xef\xbf\xbd")
    text = data.decode("utf-8", "replace")
    return text, text.count("\ufffd") - real


_SENTENCE_END = tuple(".!?؟:؛;…,،")


def headline(text: str) -> str | None:
    """The first line of ``text`` when it looks like a headline: at most 200 characters, not
    ending like a sentence, and followed by a blank line and more text."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > 200 or first.endswith(_SENTENCE_END):
        return None
    if not rest.startswith(("\n", "\r\n")) or not rest.strip():
        return None
    return first


def read_text(data: bytes, source: str, ctx: Ctx) -> Iterator[Item]:
    """One plain-text document from ``data``."""
    text, enc, n_bad = decode_bytes(data)
    meta = {"format": "text", "encoding": enc, "decode_errors": n_bad or None}
    published = ctx.published
    if published:
        meta["published_from"] = "argument"
    else:
        published = date_in_name(source)
        if published:
            meta["published_from"] = "filename"
    title = headline(text.replace("\r\n", "\n"))
    if title:
        meta["title_from"] = "first_line"
    yield make_doc(text, ctx, source=source, title=title, published=published, meta=meta)


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


def date_in_name(source: str) -> str | None:
    """A calendar date written in the file name of ``source`` (not its folders), or None."""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    for m in _NAME_DATE.finditer(name):
        iso = parse_date(f"{m[1]}-{m[2]}-{m[3]}")
        if iso:
            return iso
    return None
