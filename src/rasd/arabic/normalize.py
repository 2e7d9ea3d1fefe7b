"""Named Arabic normalisation rules with an exact offset map.

Each rule is data: a map from one character to its replacement (possibly empty, possibly
several characters). ``normalize(text, rules)`` applies the chosen rules in one pass and returns
a ``Normalized`` whose ``to_orig``/``span_to_orig`` map positions in the normalised text back to
``text``. ``fold(s)`` is the same transformation without the map, for building match keys and
search queries: search and matching use the same normaliser on the query and the documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

__all__ = [
    "RULES",
    "DEFAULT_RULES",
    "Normalized",
    "normalize",
    "fold",
    "rule_table",
    "skeleton",
]


def _range(a: int, b: int) -> Iterable[str]:
    return (chr(c) for c in range(a, b + 1))


def _presentation_forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in list(_range(0xFB50, 0xFDFF)) + list(_range(0xFE70, 0xFEFF)):
        if unicodedata.category(c) == "Cn":
            continue
        n = unicodedata.normalize("NFKC", c)
        if n != c and n.strip():
            out[c] = n
    return out


_DIACRITICS = (
    # fathatan … sukun (incl. tanwin), superscript alef, Quranic marks
    list(_range(0x064B, 0x065F))
    + ["\u0670"]
    + list(_range(0x0610, 0x061A))
    + list(_range(0x06D6, 0x06DC))
    + list(_range(0x06DF, 0x06E8))
    + list(_range(0x06EA, 0x06ED))
)

RULES: dict[str, dict[str, str]] = {
    # zero-width and bidi controls: ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, LRE..RLO, LRI..PDI, BOM, soft hyphen
    "bidi_controls": {
        c: ""
        for c in ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
        + list(_range(0x202A, 0x202E))
        + list(_range(0x2066, 0x2069))
    },
    # Arabic presentation forms A and B (ligatures, isolated/final/initial/medial forms) -> letters
    "presentation_forms": _presentation_forms(),
    "diacritics": {c: "" for c in _DIACRITICS},
    "tatweel": {"\u0640": ""},
    # alef with hamza above/below, madda, wasla -> bare alef
    "alef": {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627", "\u0673": "\u0627"},
    # hamza on waw / on yeh -> the seat letter
    "hamza_seats": {"\u0624": "\u0648", "\u0626": "\u064a"},
    "alef_maksura": {"\u0649": "\u064a"},
    "teh_marbuta": {"\u0629": "\u0647"},
    # Arabic-Indic and extended (Persian) digits, Arabic decimal and thousands separators
    "digits": {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
    },
    # Persian/Kurdish letter shapes common in Arabic-script news
    "persian_letters": {"\u06a9": "\u0643", "\u06cc": "\u064a", "\u06c1": "\u0647", "\u06be": "\u0647"},
    "latin_case": {chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
}

DEFAULT_RULES: tuple[str, ...] = (
    "bidi_controls",
    "presentation_forms",
    "diacritics",
    "tatweel",
    "alef",
    "hamza_seats",
    "alef_maksura",
    "teh_marbuta",
    "digits",
    "persian_letters",
    "latin_case",
)


@lru_cache(maxsize=32)
def rule_table(rules: tuple[str, ...] = DEFAULT_RULES) -> dict[str, str]:
    """The composed character map of ``rules`` applied in order (a replacement produced by
    one rule is passed through the later ones, e.g. a lam-alef ligature becomes ل + bare alef)."""
    for r in rules:
        if r not in RULES:
            from ..errors import ConfigError

            raise ConfigError(f"unknown normalisation rule {r!r} (known: {', '.join(RULES)})")
    keys: set[str] = set()
    for r in rules:
        keys.update(RULES[r])
    table: dict[str, str] = {}
    for c in keys:
        s = c
        for r in rules:
            m = RULES[r]
            s = "".join(m.get(ch, ch) for ch in s)
        if s != c:
            table[c] = s
    return table


@lru_cache(maxsize=32)
def _compiled(rules: tuple[str, ...]) -> tuple[dict[int, str], re.Pattern[str]]:
    table = rule_table(rules)
    trans = {ord(k): v for k, v in table.items()}
    pat = re.compile("[" + "".join(re.escape(k) for k in sorted(table)) + "]")
    return trans, pat


def fold(s: str, rules: Sequence[str] = DEFAULT_RULES) -> str:
    """Normalise ``s`` (no offset map): the match key used by search and matching."""
    trans, _ = _compiled(tuple(rules))
    return s.translate(trans)


@dataclass(frozen=True)
class Normalized:
    """Normalised text and its map back to the original.

    ``starts[i]`` is the original offset of the character that produced normalised character
    ``i``; ``starts[len(text)]`` is ``len(original)``.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None  # None: identity map (nothing changed)
    rules: tuple[str, ...]

    def to_orig(self, i: int) -> int:
        """Original offset of normalised position ``i`` (0 <= i <= len(text))."""
        if self.starts is None:
            return i
        return self.starts[i]

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original half-open span covering normalised ``[start, end)``. The end extends over
        characters that were deleted just before the next kept one only if they sit inside
        the span (a diacritic on the last letter belongs to the span)."""
        if self.starts is None:
            return start, end
        if end <= start:
            o = self.starts[start]
            return o, o
        o_start = self.starts[start]
        o_end = self.starts[end - 1] + 1
        limit = self.starts[end] if end < len(self.text) else len(self.original)
        # marks deleted by normalisation (diacritics, tatweel) right after the span's last
        # letter belong to it; controls and spaces do not
        while o_end < limit and unicodedata.category(self.original[o_end]) in ("Mn", "Lm"):
            o_end += 1
        return o_start, o_end

    def from_orig(self, o: int) -> int:
        """Normalised position of original offset ``o`` (the first normalised char produced at
        or after ``o``)."""
        if self.starts is None:
            return o
        import bisect

        return bisect.bisect_left(self.starts, o, 0, len(self.text))


def normalize(text: str, rules: Sequence[str] = DEFAULT_RULES) -> Normalized:
    """Apply the named ``rules`` to ``text`` and keep an exact map back to ``text``."""
    rules_t = tuple(rules)
    trans, pat = _compiled(rules_t)
    out = text.translate(trans)
    if out == text and not pat.search(text):
        return Normalized(text, out, None, rules_t)
    table = rule_table(rules_t)
    starts: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in pat.finditer(text):
        i = m.start()
        if i > pos:
            pieces.append(text[pos:i])
            starts.extend(range(pos, i))
        rep = table[text[i]]
        pieces.append(rep)
        starts.extend([i] * len(rep))
        pos = i + 1
    if pos < len(text):
        pieces.append(text[pos:])
        starts.extend(range(pos, len(text)))
    starts.append(len(text))
    norm = "".join(pieces)
    assert norm == out
    return Normalized(text, norm, tuple(starts), rules_t)


_SKEL_DROP = re.compile(r"(?<=\w)[اويى]")
_SKEL_DOUBLE = re.compile(r"(\w)\1")


def skeleton(s: str) -> str:
    """A variant-tolerant key: the folded text without non-initial long vowels (ا و ي) and
    with doubled letters collapsed, so spelling variants of one word meet: الأميركية and
    الأمريكية, البيشمركة and البشمركة, غوردون and غوردن. Coarser than ``fold``: use it as a
    fallback or a blocking key, never as proof that two words are the same."""
    return _SKEL_DOUBLE.sub(r"\1", _SKEL_DROP.sub("", fold(s)))
