"""Small, frozen text helpers for NER features.

These are deliberately independent of :mod:`rasd.arabic.normalize`: the shipped model's
features were computed with exactly these rules, so they must not change when the general
normaliser does. Changing anything here requires retraining the model.
"""

from __future__ import annotations

import re

__all__ = ["norm", "strip_proclitics", "shape", "PROCLITICS"]

_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640\u200e\u200f\u200c\u200d"
_TABLE = str.maketrans({**{c: None for c in _DIACRITICS}, "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
                        "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء",
                        **{chr(0x0660 + i): str(i) for i in range(10)},
                        **{chr(0x06F0 + i): str(i) for i in range(10)}})


def norm(word: str) -> str:
    """Orthographic fold: no diacritics or tatweel, one alef, ى->ي, ة->ه, hamza seats -> ء,
    Arabic-Indic digits -> ASCII, Latin lowercased."""
    return word.translate(_TABLE).lower()


# longest first; applied to the *normalised* form
PROCLITICS = ("وبال", "وكال", "فبال", "فال", "وال", "بال", "كال", "ولل", "فلل", "لل", "ال",
              "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def strip_proclitics(n: str) -> str:
    """Strip the longest proclitic sequence that leaves at least 2 letters (on a normalised word)."""
    for p in PROCLITICS:
        if n.startswith(p) and len(n) - len(p) >= 2:
            # لل + word: the second lam is the article's (للعراق = ل + العراق)
            return n[len(p):]
    return n


_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]")


def shape(word: str) -> str:
    """A coarse word shape: A (Arabic), L (Latin), D (digit), P (other), run-length collapsed."""
    out = []
    for ch in word:
        if _ARABIC.match(ch):
            c = "A"
        elif _LATIN.match(ch):
            c = "L" if ch.islower() else "U"
        elif _DIGIT.match(ch):
            c = "D"
        else:
            c = ch if len(word) <= 2 else "P"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:6])
