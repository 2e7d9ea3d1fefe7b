"""Shared pieces of the readers: the ``Skip`` record, the reading context, bounded reads,
text clean-up and the HTML-fragment-to-text helper used for feed entries.

The only changes ever made to an article's text after extraction are the two in
``clean_text``: a leading byte-order mark (U+FEFF) is removed and CRLF line ends become LF.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, BinaryIO, Iterator, Union

from ..document import Document
from ..errors import InputError, TooLargeError

__all__ = ["Skip", "Ctx", "Item", "clean_text", "one_line", "read_bounded", "html_fragment_to_text", "make_doc"]


@dataclass(frozen=True, slots=True)
class Skip:
    """A bad input that was not read: ``source`` (path, ``path#member``, ``path:line``…),
    a stable error ``code`` from :mod:`rasd.errors` (E101 … E107) and a one-line ``reason``
    that names the file."""

    source: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code} {self.reason}"

    @classmethod
    def from_error(cls, source: str, err: InputError) -> "Skip":
        return cls(source, err.code, one_line(f"{source}: {err.message}"))


Item = Union[Document, Skip]


@dataclass
class Ctx:
    """What a reader needs besides its bytes: limits and the ``published`` fallback."""

    max_file_bytes: int = 200_000_000
    max_article_chars: int = 2_000_000
    published: str | None = None
    depth: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def max_text_bytes(self) -> int:
        """Largest single plain-text file worth reading: beyond 4 bytes per character
        (the widest UTF-8 letter) it cannot fit under ``max_article_chars``."""
        return min(self.max_file_bytes, 4 * self.max_article_chars)

    @property
    def max_html_bytes(self) -> int:
        """Largest single HTML page read (markup around an article is often 10x its text)."""
        return min(self.max_file_bytes, 10 * self.max_article_chars)


def one_line(s: str, limit: int = 400) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def human_bytes(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return str(n)


def read_bounded(fp: BinaryIO, limit: int, what: str = "file") -> bytes:
    """Read at most ``limit + 1`` bytes; more than ``limit`` raises TooLargeError without
    reading the rest."""
    data = fp.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{what} is larger than the limit of {human_bytes(limit)} (not read further)")
    return data


def clean_text(text: str) -> str:
    """The only edits made to extracted text: drop a leading BOM, CRLF -> LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text


def check_length(text: str, ctx: Ctx) -> None:
    if len(text) > ctx.max_article_chars:
        raise TooLargeError(
            f"article too large: {len(text):,} characters (max_article_chars is {ctx.max_article_chars:,})"
        )


def make_doc(
    text: str,
    ctx: Ctx,
    *,
    source: str,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Document:
    """Build a Document from extracted fields (text cleaned by ``clean_text``, length checked,
    empty title/url/outlet become None)."""
    from ..errors import EmptyInputError

    text = clean_text(text)
    if not text.strip():
        raise EmptyInputError("no article text")
    if not any(c.isalpha() for c in text):
        raise EmptyInputError("no article text (not a single letter)")
    check_length(text, ctx)
    m = {k: v for k, v in (meta or {}).items() if v not in (None, "", [], {})}
    return Document(
        text=text,
        title=_blank(title),
        url=_blank(url),
        source=source,
        outlet=_blank(outlet),
        published=published,
        meta=m,
    )


def _blank(s: str | None) -> str | None:
    if s is None:
        return None
    s = " ".join(str(s).split())
    return s or None


# ---------------------------------------------------------------- HTML fragment -> text

_BLOCK = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_WS = re.compile(r"[ \t\f\v\u00a0]+")


class _Fragment(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.drop = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _DROP:
            self.drop += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.drop:
            self.parts.append(data)


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): tags dropped, entities
    decoded, block elements become paragraphs (blank line), ``<br>`` a line break, runs of
    spaces collapsed. Text without any markup is returned with only spaces collapsed."""
    if "<" not in fragment and "&" not in fragment:
        lines = [_WS.sub(" ", ln).strip() for ln in clean_text(fragment).split("\n")]
        return _join_lines(lines)
    p = _Fragment()
    try:
        p.feed(fragment)
        p.close()
    except Exception:  # html.parser is very tolerant; this is a last resort
        return _join_lines([_WS.sub(" ", _html.unescape(re.sub(r"<[^>]*>", " ", fragment))).strip()])
    raw = clean_text("".join(p.parts)).replace("\r", "\n")
    lines = [_WS.sub(" ", ln).strip() for ln in raw.split("\n")]
    return _join_lines(lines)


def _join_lines(lines: list[str]) -> str:
    out: list[str] = []
    blank = False
    for ln in lines:
        if ln:
            if blank and out:
                out.append("")
            out.append(ln)
            blank = False
        else:
            blank = True
    return "\n".join(out)


def iter_safely(source: str, it: Iterator[Item], what: str) -> Iterator[Item]:
    """Run a reader's iterator; an exception part-way becomes one Skip for ``source`` and the
    items already yielded are kept."""
    from ..errors import MalformedError

    try:
        yield from it
    except InputError as e:
        yield Skip.from_error(source, e)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except Exception as e:  # a reader's library failed on bad bytes: record, never raise
        yield Skip.from_error(source, MalformedError(f"{what}: {type(e).__name__}: {e}"))
