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
