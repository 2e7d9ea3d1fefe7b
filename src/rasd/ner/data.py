"""Readers for the token-level NER benchmarks in ``../shared/data/ner``.

Every reader returns a list of sentences; a sentence is a list of ``(token, tag)`` pairs with
tags in IOB2 over the four coarse types ``PER ORG LOC MISC`` (``O`` outside). Source tag sets
are mapped here, in one place:

* ANERcorp (CAMeL split, rebuilt): ``B-PERS`` -> ``B-PER``.
* AQMAR: ``MIS`` -> ``MISC``.
* WikiFANE: 50 fine classes collapsed to coarse ones with :data:`WIKIFANE_COARSE`
  (classes mapped to ``None`` become ``O``).
* Wojood sample (nested, 21 OntoNotes-like types; evaluation only, never trained on):
  :func:`read_wojood` keeps the outermost PERS / ORG / GPE+LOC+FAC names as PER / ORG / LOC.
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
    "read_wojood",
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


# Wojood's types that are names in the ANERcorp sense, as coarse types. NORP (nationalities),
# OCC (job titles), EVENT, LAW, PRODUCT … have no consistent ANERcorp counterpart (its MISC is
# narrower), so they are not scored.
WOJOOD_COARSE = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_wojood(root: str | Path, splits: tuple[str, ...] = ("train", "val", "test")) -> list[Sentence]:
    """The public Wojood sample (modern Arabic, nested annotation) as flat coarse PER/ORG/LOC
    sentences: per type the B-/I- tags of a token (it carries one per nesting level) form spans;
    spans of a type in :data:`WOJOOD_COARSE` are kept unless they lie inside another kept span
    (جامعة بيرزيت is one ORG; in an unscored title such as وزير خارجية العراق, العراق stays a LOC).
    Wojood tags a country acting as a government ORG (حرصت روسيا); ANERcorp tags it LOC whatever
    its role, so an ORG whose words are annotated GPE elsewhere in the sample becomes LOC.
    Wojood's spans start with a descriptor that ANERcorp leaves outside the name (مدينة القدس,
    قضاء مدينة جنين, جريدة فلسطين, حركة حماس): leading :data:`WOJOOD_DESCRIPTORS` are dropped, and
    a بلدية X (municipality) becomes the place X, as ANERcorp tags it.
    ``$#$`` lines are segment breaks. Missing split files are skipped; none at all raises
    FileNotFoundError."""
    base = data_path(root, "ner", "wojood-sample")
    sents: list[Sentence] = []
    found = False
    for split in splits:
        path = base / f"{split}.txt"
        if not path.exists():
            continue
        found = True
        cur: list[tuple[str, list[str]]] = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if not parts or parts[0] == "$#$":
                    if cur:
                        sents.append(_flatten_nested(cur))
                        cur = []
                    continue
                cur.append((parts[0], parts[1:]))
        if cur:
            sents.append(_flatten_nested(cur))
    if not found:
        raise FileNotFoundError(base)
    return _anercorp_conventions(sents)


# Words that open a Wojood span but stand before the name in ANERcorp (counted there: مدينة
# precedes a LOC 97 times and is never inside one), with the type of what follows them.
WOJOOD_DESCRIPTORS = {
    **{w: "LOC" for w in "مدينة منطقة بلدة محافظة ولاية قرية مخيم قضاء لواء العاصمة بلدية".split()},
    **{w: "ORG" for w in "صحيفة جريدة مجلة حركة".split()},
}


def _strip_descriptors(words: list[str], a: int, b: int, typ: str) -> tuple[int, str]:
    while b - a > 1:
        w = words[a]
        bare = w[1:] if w[:1] in "وفبل" and w[1:] in WOJOOD_DESCRIPTORS else w
        to = WOJOOD_DESCRIPTORS.get(bare)
        if to is None or (to == "ORG" and typ != "ORG"):
            break
        a, typ = a + 1, to
    return a, typ


def _anercorp_conventions(sents: list[Sentence]) -> list[Sentence]:
    """Descriptors dropped from spans; an ORG whose words are a place elsewhere becomes LOC."""
    from .metrics import chunks

    spans = []
    for s in sents:
        words = [w for w, _ in s]
        spans.append([(*_strip_descriptors(words, a, b, t), b) for a, b, t in chunks([t for _, t in s])])
    places = {" ".join(w for w, _ in s[a:b]) for s, sp in zip(sents, spans) for a, t, b in sp if t == "LOC"}
    out: list[Sentence] = []
    for s, sp in zip(sents, spans):
        tags = ["O"] * len(s)
        for a, t, b in sp:
            if t == "ORG" and " ".join(w for w, _ in s[a:b]) in places:
                t = "LOC"
            tags[a:b] = [f"B-{t}"] + [f"I-{t}"] * (b - a - 1)
        out.append([(w, t) for (w, _), t in zip(s, tags)])
    return out


def _flatten_nested(toks: list[tuple[str, list[str]]]) -> Sentence:
    spans: list[tuple[int, int, str]] = []
    open_: dict[str, int] = {}  # type -> start of its current span
    for i, (_, tags) in enumerate(toks + [("", [])]):
        here = {}
        for t in tags:
            prefix, _, typ = t.partition("-")
            if prefix in ("B", "I") and typ:
                # a B- wins over an I- of the same type on one token (a new span starts)
                if here.get(typ) != "B":
                    here[typ] = prefix
        for typ in list(open_):
            if here.get(typ) != "I":
                spans.append((open_.pop(typ), i, typ))
        for typ, prefix in here.items():
            if typ not in open_:
                open_[typ] = i
    kept = [(a, b, WOJOOD_COARSE[t]) for a, b, t in spans if t in WOJOOD_COARSE]
    kept.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    tags = ["O"] * len(toks)
    taken = [False] * len(toks)
    for a, b, typ in kept:
        if any(taken[a:b]):
            continue  # inside (or overlapping) an outer kept name
        for j in range(a, b):
            tags[j] = ("B-" if j == a else "I-") + typ
            taken[j] = True
    return [(w, t) for (w, _), t in zip(toks, tags)]
