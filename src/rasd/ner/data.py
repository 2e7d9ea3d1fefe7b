"""Readers for the token-level NER benchmarks in ``../shared/data/ner``.

Every reader returns a list of sentences; a sentence is a list of ``(token, tag)`` pairs with
tags in IOB2 over the four coarse types ``PER ORG LOC MISC`` (``O`` outside). Source tag sets
are mapped here, in one place:

* ANERcorp (CAMeL split, rebuilt): ``B-PERS`` -> ``B-PER``.
* AQMAR: ``MIS`` -> ``MISC``.
* WikiFANE: 50 fine classes collapsed to coarse ones with :data:`WIKIFANE_COARSE`
  (classes mapped to ``None`` become ``O``).
"""

from __future__ import annotations

import lzma
from pathlib import Path

__all__ = [
    "Sentence",
    "TYPES",
    "WIKIFANE_COARSE",
    "read_conll",
    "read_anercorp",
    "read_aqmar",
    "read_wikifane",
    "to_iob2",
    "data_path",
]

Sentence = list[tuple[str, str]]
TYPES = ("PER", "ORG", "LOC", "MISC")

_TYPE_ALIASES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "MIS": "MISC"}

# WikiFANE fine classes (Alotaibi & Lee 2014, ACE-style hierarchy) -> our coarse types.
# GPE, LOC and FAC collapse to LOC (ANERcorp tags countries and cities LOC); PER.Group
# (nationalities, peoples: "the Arabs") is not a named person in ANERcorp, so it is dropped;
# products/works/weapons/vehicles are MISC; Police is the police organisation (ORG).
_PER = "Politician Athlete Artist Scientist Other_PER Religious_PER Businessperson Engineer Lawyer".split()
_ORG = ("Government Non-Governmental Commercial Media Educational Sports Religious_ORG Medical-Science "
        "Entertainment Police").split()
_LOC = ("Nation Population-Center State-or-Province GPE-Cluster County-or-District Continent Water-Body "
        "Land-Region-Natural Celestial Building-Grounds Path Airport Subarea-Facility").split()
_MISC = ("Book Software Hardware Movie Sound Air Water Land Projectile Drug Food Plant Nuclear Shooting Blunt "
         "Exploding Chemical Sharp").split()
WIKIFANE_COARSE: dict[str, str | None] = {
    **{k: "PER" for k in _PER},
    **{k: "ORG" for k in _ORG},
    **{k: "LOC" for k in _LOC},
    **{k: "MISC" for k in _MISC},
    "Group": None,
}


def data_path(root: str | Path, *parts: str) -> Path:
    return Path(root).joinpath(*parts)


def _coarse(tag: str) -> str:
    if tag in ("O", "o", ""):
        return "O"
    prefix, _, typ = tag.partition("-")
    typ = _TYPE_ALIASES.get(typ.upper())
    if typ is None or prefix not in ("B", "I"):
        return "O"
    return f"{prefix}-{typ}"


def to_iob2(tags: list[str]) -> list[str]:
    """Repair IOB1 / broken sequences: an ``I-X`` not following ``B-X``/``I-X`` becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read_conll(path: str | Path, sep: str | None = None) -> list[Sentence]:
    """Read ``token TAG`` lines with blank lines between sentences; tags are mapped to coarse IOB2."""
    sents: list[Sentence] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            parts = line.split(sep) if line.strip() else []
            if not parts:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            tok, tag = parts[0], parts[-1]
            cur.append((tok, _coarse(tag)))
    if cur:
        sents.append(cur)
    return [_fix(s) for s in sents]


def _fix(sent: Sentence) -> Sentence:
    tags = to_iob2([t for _, t in sent])
    return [(w, t) for (w, _), t in zip(sent, tags)]


def read_anercorp(root: str | Path, split: str) -> list[Sentence]:
    return read_conll(data_path(root, "ner", "anercorp", f"ANERCorp_CamelLabRecon_{split}.txt"))


def read_aqmar(root: str | Path, split: str) -> list[Sentence]:
    return read_conll(data_path(root, "ner", "aqmar", f"aqmar_{split}.txt"))


def read_wikifane(root: str | Path, max_len: int = 120) -> list[Sentence]:
    """WikiFANE gold, fine classes collapsed; sentences split on TAB-only lines and on '.'
    tokens, then capped at ``max_len`` tokens."""
    path = data_path(root, "ner", "wikifane", "WikiFANE_Gold_2014_500K.txt.xz")
    sents: list[Sentence] = []
    cur: list[tuple[str, str]] = []

    def flush() -> None:
        nonlocal cur
        if cur:
            for i in range(0, len(cur), max_len):
                sents.append(cur[i:i + max_len])
        cur = []

    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            tok, _, tag = line.partition("\t")
            tok = tok.replace("\u200e", "").replace("\ufeff", "").strip()
            if not tok:
                flush()
                continue
            tag = tag.strip()
            if tag and tag != "O":
                prefix, _, fine = tag.partition("-")
                coarse = WIKIFANE_COARSE.get(fine)
                tag = f"{prefix}-{coarse}" if coarse and prefix in ("B", "I") else "O"
            else:
                tag = "O"
            cur.append((tok, tag))
            if tok == ".":
                flush()
    flush()
    return [_fix(s) for s in sents]
