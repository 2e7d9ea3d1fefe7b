"""Gazetteer features built from the licensed name lists in ``../shared/data/names`` (training
time only; the result is shipped inside the model's lexicon file).

Tags (per folded word):
* ``gPF`` given name (arabic-person-names, MIT) / ``gPN`` Wikidata personal-name part (CC0)
* ``gPL`` family name (arabic-person-names, MIT)
* ``gCT`` country name, ``gCI`` city name, ``gCIm`` part of a multi-word city name
  (world-cities-ar-en, CC BY 4.0)
* ``gE:<TYPE>`` word seen mostly inside entities of that type in extra annotated corpora
  (WikiFANE / AQMAR, CC BY-SA), when those are given
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from .text import norm

__all__ = ["build_gazetteer"]


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [ln.strip().lstrip("\ufeff") for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
            if ln.strip()]


def build_gazetteer(data_root: str | Path, entity_corpora: list | None = None, wikidata_min_count: int = 1,
                    entity_min_count: int = 3, entity_ratio: float = 0.6) -> dict[str, tuple[str, ...]]:
    root = Path(data_root) / "names"
    tags: dict[str, set[str]] = defaultdict(set)
    names = root / "gazetteers" / "arabic-person-names"
    for f in ("male-first--names-in-arabic.txt", "female-first-names-in-arabic.txt"):
        for ln in _lines(names / f):
            for w in ln.split():
                tags[norm(w)].add("gPF")
    for ln in _lines(names / "last-names-in-arabic.txt"):
        for w in ln.split():
            tags[norm(w)].add("gPL")
    wd = root / "translit-wikidata-netranslit" / "wd_arabic.normalized.aligned.tokens"
    for ln in _lines(wd):
        parts = ln.split("\t")
        if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) >= wikidata_min_count:
            w = norm(parts[1].replace(" ", ""))
            if len(w) >= 2:
                tags[w].add("gPN")
    cities = root / "gazetteers" / "world-cities-ar-en" / "world-cities.csv"
    if cities.exists():
        with open(cities, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                country = norm(row.get("CountryNameAr", "").strip())
                if country:
                    for w in country.split():
                        tags[w].add("gCT" if len(country.split()) == 1 else "gCTm")
                city = norm(row.get("CityNameAr", "").strip())
                if city:
                    ws = city.split()
                    if len(ws) == 1:
                        tags[ws[0]].add("gCI")
                    else:
                        for w in ws:
                            tags[w].add("gCIm")
    if entity_corpora:
        inside: dict[str, Counter] = defaultdict(Counter)
        total: Counter = Counter()
        for sents in entity_corpora:
            for s in sents:
                for w, t in s:
                    n = norm(w)
                    total[n] += 1
                    if t != "O":
                        inside[n][t[2:]] += 1
        for n, c in inside.items():
            typ, k = c.most_common(1)[0]
            if k >= entity_min_count and k / total[n] >= entity_ratio:
                tags[n].add("gE:" + typ)
    return {w: tuple(sorted(t)) for w, t in tags.items() if w}


_CLUB_PREFIXES = ("نادي ", "فريق ")
_CLUB_SUFFIXES = (" لكرة القدم", " الرياضي", " لكرة السلة", " لكرة اليد")
_NOT_CLUBS = ("دوري", "الدوري", "بطولة", "كأس", "منتخب", "اتحاد", "الاتحاد")


def arwikicats_names() -> dict[str, str]:
    """Arabic names of sports clubs (ORG) and well-known people (PER) from the translation
    tables of the ``arwikicats`` package (MIT, PyPI; a training-time extra). Club names lose
    نادي/فريق and a trailing "لكرة القدم"-style sport, as news text writes them; leagues, cups and
    national teams are left out. Empty if the package is not installed."""
    import importlib.util
    import json
    import re

    spec = importlib.util.find_spec("ArWikiCats")
    if spec is None or not spec.submodule_search_locations:
        return {}
    base = Path(list(spec.submodule_search_locations)[0]) / "jsons"
    out: dict[str, str] = {}
    people = base / "people" / "peoples.json"
    if people.exists():
        for v in json.loads(people.read_text(encoding="utf-8")).values():
            v = re.sub(r"\s*\(.*?\)\s*", " ", str(v)).strip()
            if len(v.split()) >= 2:  # one-word entries are mostly stage names and ambiguous words
                out[v] = "PER"
    clubs = base / "sports" / "Clubs_key.json"
    if clubs.exists():
        for v in json.loads(clubs.read_text(encoding="utf-8")).values():
            v = re.sub(r"\s*\(.*?\)\s*", " ", str(v)).strip()
            if not v or v.startswith(_NOT_CLUBS) or "للسيدات" in v or any(c.isdigit() for c in v):
                continue
            for p in _CLUB_PREFIXES:
                if v.startswith(p):
                    v = v[len(p):]
            for s in _CLUB_SUFFIXES:
                if v.endswith(s):
                    v = v[: -len(s)]
            if v:
                out.setdefault(v, "ORG")
    return out


def kb_actor_names() -> dict[str, str]:
    """Arabic names of the sub-state and international actors of rasd's seed knowledge base
    (:data:`rasd.resolve.kb.ACTORS`, written for rasd: البيشمركة, داعش, الحشد الشعبي …) with
    their NER type (ORG or LOC)."""
    from ..resolve.kb import actor_entries

    out: dict[str, str] = {}
    for _id, typ, _cc, _en, names in actor_entries():
        for name in names:
            out.setdefault(name.strip(), typ)
    return out
