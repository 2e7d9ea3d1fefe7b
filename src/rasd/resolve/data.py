"""Readers for the name data in ``../shared/data/names`` and mining of in-script variant groups.

Only the CC0 (``translit-wikidata-netranslit``) and Apache-2.0 (``translit-google``) sets are
used for anything rasd ships. ANETAC (no license) is read only by the evaluation, never for
training.

Variant groups: Arabic spellings of the same English name (pivot on the lower-cased,
accent-stripped English side), joined into components; a precision pass keeps only spellings
whose consonant skeletons agree, drops components that chain too far, and marks pairs of groups
whose English forms are near-identical (karim/kareem) as "unknown" rather than "different".
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..arabic.normalize import fold
from ..errors import InputError
from .keys import strip_article, tok_skel

__all__ = [
    "TRANSLIT_SPLITS",
    "read_pairs",
    "VariantGroup",
    "mine_variant_groups",
    "english_key",
    "group_split",
]

WD = "names/translit-wikidata-netranslit"
GG = "names/translit-google"
AN = "names/anetac"

# (source, split) -> file; wikidata: 64/16/20 split, google: train/eval/test
TRANSLIT_SPLITS: dict[tuple[str, str], str] = {
    ("wikidata", "train"): f"{WD}/wd_arabic_64",
    ("wikidata", "dev"): f"{WD}/wd_arabic_16",
    ("wikidata", "test"): f"{WD}/wd_arabic_20",
    ("wikidata", "all"): f"{WD}/wd_arabic.normalized.aligned.tokens",
    ("google", "train"): f"{GG}/ar2en-train.txt",
    ("google", "dev"): f"{GG}/ar2en-eval.txt",
    ("google", "test"): f"{GG}/ar2en-test.txt",
    ("google", "all"): f"{GG}/ar2en.txt",
    ("anetac", "test"): f"{AN}/translit_test",
}


def read_pairs(data: str | Path, source: str, split: str) -> Iterator[tuple[str, str, int]]:
    """(arabic, latin, line number) pairs of one split. ``data`` is ``../shared/data``."""
    data = Path(data)
    rel = TRANSLIT_SPLITS.get((source, split))
    if rel is None:
        raise InputError(f"unknown transliteration split {source}/{split}")
    if source == "anetac":
        ar = (data / (rel + ".ar")).read_text(encoding="utf-8").splitlines()
        en = (data / (rel + ".en")).read_text(encoding="utf-8").splitlines()
        for i, (a, e) in enumerate(zip(ar, en), 1):
            a, e = a.replace(" ", "").replace("\u0640", ""), e.replace(" ", "")
            if a and e:
                yield a, e, i
        return
    p = data / rel
    if not p.is_file():
        raise InputError(f"transliteration data not found: {p}")
    with p.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            if source == "wikidata":
                a, e = parts[1].replace(" ", ""), parts[0]
            else:
                a, e = parts[0], parts[1]
            if a and e:
                yield a, e, i


def english_key(e: str) -> str:
    s = unicodedata.normalize("NFKD", e.lower())
    return "".join(c for c in s if c.isalpha() and ord(c) < 128)


def _en_skel(e: str) -> str:
    import re

    e = re.sub(r"^[aeiouy]+", "a", e)  # an initial vowel is one alef in Arabic: ader/eder/adair
    e = e.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("c", "k")
    return e[:1] + re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw]", "", e[1:]))


def group_split(key: str) -> str:
    """train or dev, by a hash of the group's key (stable)."""
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "train"


@dataclass
class VariantGroup:
    gid: str
    english: list[str]
    spellings: list[str]  # folded, article-stripped Arabic spellings
    refs: list[str]  # source:line of each contributing pair
    split: str


def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def _compatible(a: str, b: str) -> bool:
    """Precision pass for two spellings of one English name: skeletons within one edit and
    the spellings within a third of their length."""
    if min(len(a), len(b)) < 3:
        return False
    sa, sb = tok_skel(a), tok_skel(b)
    if _lev(sa, sb) > 1 or sa[0] != sb[0] or sa[-1] != sb[-1]:
        return False
    return _lev(a, b) <= max(2, min(len(a), len(b)) // 3)


def mine_variant_groups(data: str | Path, *, max_size: int = 6) -> tuple[list[VariantGroup], set[frozenset[str]]]:
    """Variant groups from the CC0 and Apache pairs, and the set of group-id pairs whose
    English forms are near-identical ("unknown" for evaluation)."""
    by_en: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source, rel_split in (("wikidata", "all"), ("google", "all")):
        for a, e, line in read_pairs(data, source, rel_split):
            k = english_key(e)
            s = strip_article(fold(a).replace("\u0640", ""), True)
            if len(k) < 2 or len(s) < 2 or not all("\u0621" <= c <= "\u064a" for c in s):
                continue
            by_en[k][s].append(f"{source}:{line}")
    # union-find over spellings; edges between compatible spellings of one English name
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    en_of: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, list[str]] = defaultdict(list)
    for k, sp in by_en.items():
        spl = sorted(sp)
        for s in spl:
            find(s)
            en_of[s].add(k)
            refs[s].extend(sp[s])
        for i in range(len(spl)):
            for j in range(i + 1, len(spl)):
                if _compatible(spl[i], spl[j]):
                    parent[find(spl[i])] = find(spl[j])
    comps: dict[str, list[str]] = defaultdict(list)
    for s in list(parent):
        comps[find(s)].append(s)
    groups: list[VariantGroup] = []
    for members in comps.values():
        if len(members) < 2 or len(members) > max_size:
            continue
        members.sort()
        ens = sorted(set().union(*(en_of[m] for m in members)))
        gid = hashlib.sha1("|".join(members).encode()).hexdigest()[:10]
        groups.append(VariantGroup(gid, ens, members, sorted(set(r for m in members for r in refs[m]))[:8],
                                   group_split(members[0])))
    # groups whose English forms are near-identical may be one name: "unknown", not "different"
    by_skel: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for e in g.english:
            by_skel[_en_skel(e)].append(i)
    unknown: set[frozenset[str]] = set()
    for idx in by_skel.values():
        for i in idx:
            for j in idx:
                if i < j:
                    unknown.add(frozenset((groups[i].gid, groups[j].gid)))
    return groups, unknown


def singletons(data: str | Path, exclude: set[str]) -> list[tuple[str, str]]:
    """(spelling, english) of names with a single attested spelling, for negatives."""
    out: dict[str, str] = {}
    for source in ("wikidata", "google"):
        for a, e, _ in read_pairs(data, source, "all"):
            s = strip_article(fold(a), True)
            if s not in exclude and len(s) >= 3 and all("\u0621" <= c <= "\u064a" for c in s):
                out.setdefault(s, english_key(e))
    return sorted(out.items())
