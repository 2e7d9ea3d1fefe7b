"""Article text with its annotations, as a flat list of pieces for the template.

The ORIGINAL text is sliced at annotation offsets; every text piece stays a plain string and
the template HTML-escapes it (Jinja autoescape). Annotations become nested spans: a quote
contains its speaker and cue, a speaker contains the speaker's mention; a span that crosses
the end of an enclosing one is clipped there (never emitted as mis-nested markup).

``pieces(view)`` yields ``("t", text)``, ``("o", Span)`` (open) and ``("c", Span)`` (close).
Span attributes are built here from trusted values only (kinds, indexes, sanitised type
names, URL-quoted keys); strings that come from the article (types, values) are escaped by
the template like everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import quote

__all__ = ["Span", "spans", "pieces", "css_token", "entity_href"]

WBR_RUN = 80  # a run of non-space characters longer than this gets <wbr> break points
_LONG = re.compile(r"\S{%d,}" % (WBR_RUN + 1))
_RANK = {"quote": 0, "speaker": 1, "cue": 1, "event": 2, "ent": 3, "amount": 3, "time": 3}
_CSS = re.compile(r"[^A-Za-z0-9_-]")


def css_token(s: Any, default: str = "x") -> str:
    """A value usable inside a class name: letters, digits, - and _ only."""
    t = _CSS.sub("", str(s or ""))[:24]
    return t or default


def entity_href(key: str, prefix: str = "") -> str:
    return f"{prefix}/entity/{quote(key, safe='')}"


@dataclass
class Span:
    start: int
    end: int
    kind: str  # quote | speaker | cue | event | ent | amount | time
    ref: str  # id of the annotation in the page: m3, q0, a1, t2, e4
    cls: str = ""
    title: str = ""
    href: str | None = None
    speaker_of: str | None = None  # quote ref this span is the speaker of
    speaker: str | None = None  # for a quote: the ref of its speaker span
    children: list["Span"] = field(default_factory=list)


def spans(view: dict[str, Any], prefix: str = "") -> list[Span]:
    """The spans to draw for a document view (``query_documents.document_view``)."""
    n = len(view["text"])
    out: list[Span] = []

    def ok(s: Any, e: Any) -> bool:
        return isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= n

    for m in view["mentions"]:
        if ok(m["start"], m["end"]):
            out.append(
                Span(m["start"], m["end"], "ent", f"m{m['idx']}", cls=f"ent-{css_token(m['type'])}",
                     title=f"{m['type']}" + (f" · {m['entity_id']}" if m.get("entity_id") else ""),
                     href=entity_href(m["entity_key"], prefix))
            )
    for q in view["quotes"]:
        ref = f"q{q['idx']}"
        sp = f"s{q['idx']}" if ok(q.get("speaker_start"), q.get("speaker_end")) else None
        if ok(q["start"], q["end"]):
            out.append(Span(q["start"], q["end"], "quote", ref, cls=f"quote-{css_token(q.get('kind'))}",
                            title=f"{q.get('kind') or ''} · {q.get('speaker') or '?'}", speaker=sp))
        if sp:
            out.append(Span(q["speaker_start"], q["speaker_end"], "speaker", sp, speaker_of=ref, title=q.get("speaker") or ""))
        if ok(q.get("cue_start"), q.get("cue_end")):
            out.append(Span(q["cue_start"], q["cue_end"], "cue", f"c{q['idx']}", title=q.get("cue") or ""))
    for a in view["amounts"]:
        if ok(a["start"], a["end"]):
            val = a.get("value")
            unit = a.get("unit") or ""
            out.append(Span(a["start"], a["end"], "amount", f"a{a['idx']}", cls=f"amount-{css_token(a.get('kind'))}",
                            title=f"{a.get('kind') or ''} {'' if val is None else f'{val:g}'} {unit}".strip()))
    for t in view["times"]:
        if ok(t["start"], t["end"]):
            out.append(Span(t["start"], t["end"], "time", f"t{t['idx']}", cls=f"time-{css_token(t.get('type'))}",
                            title=f"{t.get('type') or ''} {t.get('value') or ''}".strip()))
    for e in view["events"]:
        if ok(e["start"], e["end"]):
            out.append(Span(e["start"], e["end"], "event", f"e{e['idx']}", cls=f"ev-{css_token(e.get('type'))}",
                            title=f"{e.get('type')} · {e.get('mode') or ''}"))
    return out


def _tree(text_len: int, items: list[Span]) -> list[Span]:
    """Nest spans (outer first); a span crossing its parent's end is clipped to it."""
    items = sorted(items, key=lambda s: (s.start, -s.end, _RANK.get(s.kind, 9)))
    roots: list[Span] = []
    stack: list[Span] = []
    for s in items:
        while stack and stack[-1].end <= s.start:
            stack.pop()
        if stack and s.end > stack[-1].end:
            s.end = stack[-1].end
        if s.end <= s.start:
            continue
        (stack[-1].children if stack else roots).append(s)
        stack.append(s)
    return roots


def _text(s: str) -> Iterator[tuple[str, Any]]:
    """A text piece, with ``("w", None)`` (a <wbr>) every WBR_RUN characters of a very long
    word: browsers take minutes to lay out a megabyte-long word without break points."""
    pos = 0
    for m in _LONG.finditer(s):
        for cut in range(m.start() + WBR_RUN, m.end(), WBR_RUN):
            yield ("t", s[pos:cut])
            yield ("w", None)
            pos = cut
    if pos < len(s):
        yield ("t", s[pos:])


def pieces(text: str, items: list[Span], limit: int | None = None) -> Iterator[tuple[str, Any]]:
    """Text and open/close events, in order; text pieces are raw (escape them when output).
    ``limit`` draws only the first ``limit`` characters (spans beyond are dropped or clipped)."""
    if limit is not None and len(text) > limit:
        text = text[:limit]
        kept = []
        for s in items:
            if s.start < limit:
                s.end = min(s.end, limit)
                kept.append(s)
        items = kept

    def walk(nodes: list[Span], lo: int, hi: int) -> Iterator[tuple[str, Any]]:
        pos = lo
        for s in nodes:
            if s.start > pos:
                yield from _text(text[pos : s.start])
            yield ("o", s)
            yield from walk(s.children, s.start, s.end)
            yield ("c", s)
            pos = s.end
        if pos < hi:
            yield from _text(text[pos:hi])

    yield from walk(_tree(len(text), items), 0, len(text))
