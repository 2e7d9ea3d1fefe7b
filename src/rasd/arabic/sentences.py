"""Sentence splitting for Arabic (and Latin-script) news text, with offsets.

Boundaries: after . ! ? ؟ ؛ … (and runs of them) followed by space, a closing quote or
bracket, or the end; and at every line break (news paragraphs are lines). Not a boundary: a
decimal point between digits (1.5), a period after a single letter or a known abbreviation
(د. ، م. ، ص. ، e.g. "د. علي"), a terminator inside an open quotation that continues on the
same line is still a boundary (quotes spanning sentences are the quotes stage's business).
Leading and trailing whitespace is excluded from each sentence span.
"""

from __future__ import annotations

import re

from ..document import Sentence

__all__ = ["split_sentences", "MAX_SENTENCE_CHARS"]

MAX_SENTENCE_CHARS = 2000  # a longer "sentence" (no punctuation) is cut at a space near this

_TERM = ".!?\u061f\u061b\u2026\u06d4"
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}\u00ab"  # closing quotes/brackets (« closes in some LTR texts)
_ABBREV = {"د", "م", "ص", "ج", "ق", "أ", "ا", "س", "ك", "ت", "Mr", "Dr", "Mrs", "Ms", "St", "No", "vs", "etc", "Jr", "Sr"}

_BOUNDARY = re.compile(rf"[{re.escape(_TERM)}]+[{re.escape(_CLOSERS)}]*(?=\s|$)|\n")
_WORD_BEFORE = re.compile(r"(\w+)$")


def _ranges(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            out.append((pos, m.start()))
            pos = m.end()
            continue
        if m.group()[0] == "." and len(m.group().rstrip(_CLOSERS)) == 1:
            w = _WORD_BEFORE.search(text, max(pos, m.start() - 12), m.start())
            if w and w.end() == m.start() and w.group(1) in _ABBREV:
                continue
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _cut_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    parts = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS)
        if cut <= s:
            cut = s + MAX_SENTENCE_CHARS
        parts.append((s, cut))
        s = cut
    parts.append((s, e))
    return parts


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as half-open spans (whitespace trimmed, empty ones dropped)."""
    out: list[Sentence] = []
    for s, e in _ranges(text):
        for a, b in _cut_long(text, s, e):
            a, b = _trim(text, a, b)
            if b > a:
                out.append(Sentence(a, b))
    return out
