"""The event lexicons: building them from their sources and loading the compiled files.

Sources (see ``rasd/models/events/README.md``):

* ``extensions.txt`` and ``actors_ext.txt`` in ``rasd/models/events`` — rasd's own trigger and
  actor cues, hand-written (the format is described at the top of each file);
* the Universal-PETRARCH Arabic dictionaries (MIT, ``../shared/data/events/universal-petrarch-arabic``):
  ``CAMEO.ar.0.5.txt`` verb blocks and their ``verb * noun [code]`` patterns, ``actor_dict_ar_v4.txt``
  (named actors with CAMEO actor codes) and ``agents.all.ar_v3.txt`` (generic agents);
* the CAMEO→PLOVER table (``../shared/data/events/plover/CAMEO2PLOVER-2021.txt``, CC BY-SA 4.0)
  with rasd's overrides (:data:`CAMEO_OVERRIDES`);
* world cities with Arabic names (CC BY 4.0) for place names.

:func:`build` writes the compiled files (``triggers.tsv``, ``groups.tsv``, ``actors.tsv``,
``places.tsv``) into the package; :func:`load` reads them (the shared data is never needed at
run time). Verb and noun inflections are generated when loading (:mod:`.event_morph`), so the
compiled files stay readable: one line per lemma/entry.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..arabic.normalize import fold
from ..errors import ModelError, RasdError
from .event_morph import noun_forms, stem_key, strip_clitics, verb_forms

__all__ = [
    "EVENT_TYPES",
    "SECTORS",
    "CAMEO_OVERRIDES",
    "Entry",
    "Lexicon",
    "model_dir",
    "load",
    "build",
    "cameo_to_plover",
    "parse_options",
    "sector_of_code",
]

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "DEMAND",
    "ACCUSE", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# CAMEO actor role codes -> rasd sector names
SECTORS: dict[str, str] = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "rebel", "INS": "insurgent",
    "UAF": "insurgent", "IMG": "insurgent", "SEP": "rebel", "OPP": "opposition", "PTY": "party",
    "CVL": "civilian", "BUS": "business", "MNC": "business", "MED": "media", "NGO": "ngo", "NGM": "ngo",
    "HRI": "ngo", "IGO": "igo", "REF": "refugee", "EDU": "education", "REL": "religious",
    "JUD": "judiciary", "LEG": "legislature", "SPY": "intelligence", "LAB": "labor", "AGR": "agriculture",
    "HLH": "health", "CRM": "criminal", "ELI": "elite", "ENV": "ngo", "DEV": "ngo", "SPY ": "intelligence",
}
_COUNTRYLIKE = {"IGO": "igo", "NGO": "ngo", "IMG": "insurgent", "MNC": "business"}

# rasd's departures from CAMEO2PLOVER-2021 (PLOVER 0.8), following the older PLOVER types the
# issue asks for: APPEAL (02) is REQUEST and DEMAND (10) stays DEMAND; criticise/denounce
# (110, 111, 113) is DISAPPROVE; imposing sanctions (163) is SANCTION.
CAMEO_OVERRIDES: dict[str, str] = {
    "02": "REQUEST", "10": "DEMAND", "110": "DISAPPROVE", "111": "DISAPPROVE", "113": "DISAPPROVE", "163": "SANCTION",
}

_PKG_DIR = Path(__file__).resolve().parent.parent / "models" / "events"


def model_dir() -> Path:
    return _PKG_DIR


# ---------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """One trigger entry. ``pos`` is v (verb), n (noun), p (phrase) or f (literal form)."""

    type: str
    pos: str
    spec: str
    tgt: tuple[str, ...] = ()
    ctx: tuple[str, ...] = ()
    not_: tuple[str, ...] = ()
    need: str = ""
    rev: bool = False
    victim: bool = False
    hal: bool = False
    weight: float = 0.8
    origin: str = "rasd"
    cameo: str = ""

    def options(self) -> str:
        parts = []
        if self.tgt:
            parts.append("tgt=" + ",".join(self.tgt))
        if self.ctx:
            parts.append("ctx=" + ",".join(self.ctx))
        if self.not_:
            parts.append("not=" + ",".join(self.not_))
        if self.need:
            parts.append("need=" + self.need)
        if self.rev:
            parts.append("rev")
        if self.victim:
            parts.append("victim")
        if self.hal:
            parts.append("hal")
        parts.append(f"w={self.weight:g}")
        return " ".join(parts)


def parse_options(tokens: Iterable[str]) -> dict:
    out: dict = {}
    for t in tokens:
        if t in ("rev", "victim", "hal"):
            out[t] = True
            continue
        k, sep, v = t.partition("=")
        if not sep:
            raise ValueError(f"bad option {t!r}")
        if k in ("tgt", "ctx", "not"):
            out["not_" if k == "not" else k] = tuple(fold(x) if k == "tgt" and x != "obj" else x for x in v.split(",") if x)
        elif k == "w":
            out["weight"] = float(v)
        elif k == "need":
            out["need"] = (out.get("need", "") + "," + v).strip(",")
        elif k == "cameo":
            out["cameo"] = v
        elif k == "origin":
            out["origin"] = v
        else:
            raise ValueError(f"unknown option {k!r}")
    return out


@dataclass
class Lexicon:
    """The loaded lexicons (see :func:`load`)."""

    forms: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # form -> [(entry id | -1-block, tense)]
    entries: list[Entry] = field(default_factory=list)
    blocks: list[list[int]] = field(default_factory=list)  # PETRARCH verb block -> its pattern entry ids
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)  # first key -> [(keys, id)]
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    actors: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)  # first key -> [(keys, sector, code; @code = a name)]
    places: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # first key -> [(keys, kind)]
    titles: frozenset[str] = frozenset()
    victims: frozenset[str] = frozenset()
    stops: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # first key -> stop phrases

    def candidates(self, form: str) -> list[tuple[Entry, str]]:
        """Entries (with the tense of the form) a folded form answers to, in trial order."""
        out: list[tuple[Entry, str]] = []
        for i, tense in self.forms.get(form, ()):
            if i >= 0:
                out.append((self.entries[i], tense))
            else:
                out.extend((self.entries[j], tense) for j in self.blocks[-1 - i])
        return out

    def in_group(self, group: str, key: str) -> bool:
        g = self.groups.get(group)
        return bool(g) and key in g


# ---------------------------------------------------------------------------- parsing sources


def _spec_forms(e: Entry) -> list[tuple[str, str]]:
    """(folded form, tense) pairs an entry answers to (phrases: none; see Lexicon.phrases)."""
    if e.pos == "v":
        perf, _, imperf = e.spec.partition("/")
        forms = verb_forms(perf, None if imperf in ("", "-") else imperf)
        if imperf == "-":
            forms = {f: t for f, t in forms.items() if t == "perf"}
        return list(forms.items())
    if e.pos == "n":
        parts = e.spec.split("/")
        return [(f, "noun") for f in noun_forms(parts[0], *parts[1:])]
    if e.pos == "f":
        return [(fold(e.spec), "perf")]
    return []


@lru_cache(maxsize=4096)
def _lemma_forms(lemma: str) -> tuple[tuple[str, str], ...]:
    return tuple(verb_forms(lemma).items())


def parse_extensions(path: Path) -> tuple[list[Entry], dict[str, list[str]]]:
    """Entries and context groups of an ``extensions.txt``-format file (stop phrases are
    entries of type ``-``, kind ``s``)."""
    entries: list[Entry] = []
    groups: dict[str, list[str]] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        try:
            if parts[0].startswith("&"):
                groups[parts[0][1:]] = parts[1:]
                continue
            if parts[0] == "-":
                entries.append(Entry("-", "s", parts[1]))
                continue
            typ, pos, spec, *opts = parts
            if typ not in EVENT_TYPES or pos not in "vnpf" or len(pos) != 1:
                raise ValueError(f"unknown type or kind {typ} {pos}")
            entries.append(Entry(typ, pos, spec, **parse_options(opts)))
        except (ValueError, TypeError) as e:
            raise ModelError(f"{path.name}:{lineno}: {e}") from None
    return entries, groups


def cameo_to_plover(table_path: Path | None) -> dict[str, str]:
    """CAMEO code -> PLOVER type from CAMEO2PLOVER-2021.txt, with :data:`CAMEO_OVERRIDES`."""
    out: dict[str, str] = {}
    if table_path is not None:
        for line in table_path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def plover_type(code: str, table: dict[str, str]) -> str | None:
    """PLOVER type of a CAMEO event code (longest known prefix), rasd overrides first."""
    for n in range(len(code), 1, -1):
        p = code[:n]
        if p in CAMEO_OVERRIDES:
            t = CAMEO_OVERRIDES[p]
            break
        if p in table:
            t = table[p]
            break
    else:
        return None
    if t == "INVESTIGATE":
        t = "ACCUSE"
    return t if t in EVENT_TYPES else None


_PREPS = {fold(w) for w in "ل ب في من الى إلى على عن مع ضد هوو هو نحو ك".split()}


def _words(s: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", s) if w]


def parse_petrarch_verbs(
    path: Path, table: dict[str, str]
) -> tuple[list[Entry], dict[str, list[str]], dict[str, list[str]]]:
    """Trigger entries from the PETRARCH Arabic verb dictionary, its pattern word groups and its
    verb blocks (block name -> lemmas). A lemma line with its own code becomes a verb entry;
    each ``- * NOUN … [code]`` pattern becomes an entry on its block (``spec`` = the block name,
    any lemma of the block) that needs the pattern's first content word (or a word of its
    synset) to follow."""
    text = path.read_text(encoding="utf-8")
    synsets: dict[str, list[str]] = defaultdict(list)
    cur = None
    head, _, body = text.partition("####### VERB PATTERNS")
    for line in head.splitlines():
        line = line.strip()
        if line.startswith("&"):
            cur = line.split()[0][1:]
        elif line.startswith("+") and cur:
            w = _words(line[1:].strip("_"))
            if w:
                synsets[cur].append(w[0])
    entries: list[Entry] = []
    groups: dict[str, list[str]] = {}
    blocks: dict[str, list[str]] = {}
    lemmas: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^---\s*(\S+)\s*\[([^\]]*)\]\s*---", line)
        if m:
            lemmas = []
            block = f"B{len(blocks) + 1:03d}"
            blocks[block] = lemmas
            continue
        if line.startswith("-"):
            m = re.match(r"^-\s*(.*?)\[\s*([0-9]+)\s*\]", line)
            if not m or "*" not in m.group(1):
                continue
            before, _, after = m.group(1).partition("*")
            if before.strip():
                continue
            typ = plover_type(m.group(2), table)
            if not typ:
                continue
            words = [w for w in _words(re.sub(r"[(){}]", " ", after)) if fold(w) not in _PREPS]
            if not words:
                continue
            first = words[0]
            keys = synsets.get(first[1:], []) if first.startswith("&") else [first]
            keys = [k for k in keys if len(fold(k)) >= 3]
            if not keys:
                continue
            gname = f"P{len(groups) + 1:04d}"
            groups[gname] = keys
            entries.append(Entry(typ, "v", block, ctx=(gname,), weight=0.55, origin="petrarch", cameo=m.group(2)))
            continue
        if line.startswith("#") or line.startswith("&") or line.startswith("+"):
            continue
        word = line.split("#", 1)[0].split()
        if not word:
            continue
        lem = word[0].split("+")[0]
        if len(fold(lem)) < 3 or not re.fullmatch(r"[\u0621-\u064a\u0671]+", lem):
            continue
        lemmas.append(lem)
        # a lemma's or block's own code (no pattern) is not used: the Arabic blocks merge
        # translations of several English verbs, so a bare verb code is wrong too often
        # (وقع "happened" would be MOBILIZE, قدم SANCTION)
    return entries, groups, blocks


def sector_of_code(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code such as ``IRQGOV``, ``USAMIL``, ``~REB``, ``IGO``."""
    c = code.strip().lstrip("~").split()[0] if code.strip() else ""
    chunks = [c[i : i + 3] for i in range(0, len(c), 3)]
    country = None
    if chunks and chunks[0] not in SECTORS and chunks[0] not in _COUNTRYLIKE:
        country = chunks[0]
        chunks = chunks[1:]
    sector = None
    roles = [ch for ch in chunks if ch in SECTORS]
    if roles:
        specific = [r for r in roles if r not in ("CVL", "ELI")]
        sector = SECTORS[(specific or roles)[0]]
    elif chunks and chunks[0] in _COUNTRYLIKE:
        sector = _COUNTRYLIKE[chunks[0]]
    return country, sector


def _keys(words: Iterable[str]) -> tuple[str, ...]:
    out = []
    for w in words:
        f = fold(w)
        if not f or (len(f) == 1 and f in "لبوكف"):
            continue
        out.append(stem_key(f))
    return tuple(k for k in out if k)


_ACTOR_STOP = {stem_key(fold(w)) for w in """
عمل قال اضاف اكد يوم عام شهر حرب سلام امن دولة دول رئيس وزير مجلس حكومة جيش شرطة قوة قوات منطقة مدينة
العبسي مسؤول حزب حركة جماعة منظمة جدة وطن اسلام دين حق شعب ناس بلد بلاد الله ناسفة مفخخة
ناسفه مفخخه انتحارية عبوة عبوات سيارة ظهر صباح مساء فجر ليل ليلة قبل بعد
""".split()}


def parse_petrarch_actors(path: Path) -> Iterator[tuple[tuple[str, ...], str, str]]:
    """(keys, sector, code) from ``actor_dict_ar_v4.txt``; the code of the latest date range wins."""
    name: str | None = None
    codes: list[tuple[str, str]] = []

    def flush() -> Iterator[tuple[tuple[str, ...], str, str]]:
        if name and codes:
            code = sorted(codes)[-1][1]
            keys = _keys(_words(name.strip("_")))
            if keys and not (len(keys) == 1 and (keys[0] in _ACTOR_STOP or len(keys[0]) < 3)):
                _country, sector = sector_of_code(code)
                yield keys, sector or "", code

    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t" and raw.strip().startswith("["):
            m = re.match(r"\[\s*(\S+)\s*([^\]]*)\]", raw.strip())
            if m:
                dates = m.group(2).strip()
                start = re.sub(r"[^0-9]", "", dates.split("-")[0]) if dates else "0"
                codes.append((start or "0", m.group(1)))
            continue
        yield from flush()
        m = re.match(r"^\s*([^\[]+?)\s*(?:\[\s*([^\]\s]+)[^\]]*\])?\s*$", raw)
        name, codes = None, []
        if m:
            name = m.group(1)
            if m.group(2):
                codes.append(("0", m.group(2)))
    yield from flush()


def parse_petrarch_agents(path: Path) -> Iterator[tuple[tuple[str, ...], str, str]]:
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*([^\[#]+?)\s*\[\s*(~?[A-Z]+)\s*\]", raw)
        if not m:
            continue
        keys = _keys(_words(m.group(1).strip("_")))
        _c, sector = sector_of_code(m.group(2))
        if keys and sector and not (len(keys) == 1 and len(keys[0]) < 3):
            yield keys, sector, m.group(2)


def parse_actor_ext(path: Path) -> tuple[list[tuple[tuple[str, ...], str]], dict[str, list[str]]]:
    actors: list[tuple[tuple[str, ...], str]] = []
    lists: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        head, *words = line.split()
        if head.startswith("@"):
            lists[head] = words
            continue
        if head == "none":
            head = ""
        for w in words:
            keys = _keys(w.split("_"))
            if keys:
                # a single word written with the article (القاعدة) only matches with it:
                # قاعدة "base" is not al-Qaeda
                art = "_" not in w and fold(w).startswith("ال")
                actors.append((keys, head + ("+art" if art else "")))
    return actors, lists


_PLACE_PREFIX = {fold(w) for w in "ولاية محافظة قضاء ناحية مدينة إقليم منطقة".split()}
_PLACE_BAD = {fold(w) for w in "ملعب مطار معركة نادي جامعة مستشفى قاعدة فندق جسر نهر ميناء".split()}


# one-word city names in the table that are common Arabic words (Wikidata labels such as
# يوم، بين، مقر for places): never places
_PLACE_STOP = {
    stem_key(fold(w))
    for w in """
يوم بين كان غير نادي حول جديد ثاني وكان اعلام شاب ماي شيخ نار قرن مقر ظهر كاف كتاب ادي وادي علم جبل قصر مدن سلام
حمام ابيض ناس حديث عقب ساحل اسفر بلد ذكر اوت دار سيد موت قلب نفط ابي سير قبلي قمر تراب اوف بيضاء ليل قري سلط يهود
خمس سيف صحراء امور بير اذن كون شاطي ميل سوف فحص حديد جون قول طيور اراد قرش حي عين باب سوق مركز قاعدة حصن برج جسر
نهر بحيرة رأس راس خليج ميناء مطار سد منطقة بلدة قرية مدينة ولاية ساحة شارع جامعة كلية مسجد كنيسة قلعة سجن معسكر
""".split()
}


def parse_places(path: Path, min_population: int = 100000, first_names: Path | None = None) -> Iterator[tuple[tuple[str, ...], str]]:
    """(keys, kind) for countries and cities (population >= ``min_population``) of the
    world-cities table. One-word city names that are common words (:data:`_PLACE_STOP`) or
    Arabic first names (``first_names``, a list of files) are left out: the table's Arabic
    labels come from Wikidata and include يوم، بين، سعيد as city names."""
    seen: set[tuple[str, ...]] = set()
    names: set[str] = set()
    for fp in first_names or ():
        if Path(fp).is_file():
            names |= {stem_key(fold(w.strip())) for w in Path(fp).read_text(encoding="utf-8").splitlines() if w.strip()}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for name, kind in ((row.get("CountryNameAr", ""), "country"), (row.get("CityNameAr", ""), "city")):
                if kind == "city":
                    try:
                        if float(row.get("Population") or 0) < min_population:
                            continue
                    except ValueError:
                        continue
                words = [fold(w) for w in name.split()]
                if words and words[0] in _PLACE_PREFIX and len(words) > 1:
                    words = words[1:]
                if not words or len(words) > 3 or words[0] in _PLACE_BAD or not re.fullmatch(r"[\u0621-\u064a ]+", " ".join(words)):
                    continue
                keys = _keys(words)
                if not keys or (len(keys) == 1 and len(strip_clitics(words[0])) < 3) or keys in seen:
                    continue
                if kind == "city" and len(keys) == 1 and (keys[0] in _PLACE_STOP or keys[0] in names):
                    continue
                seen.add(keys)
                yield keys, kind


# ---------------------------------------------------------------------------- build / load


def build(data: str | Path = "../shared/data", out: str | Path | None = None) -> dict[str, int]:
    """Compile the lexicons from ``data`` (the shared data folder) and rasd's own files into
    ``out`` (default: the package's ``models/events``). Returns counts per file."""
    data = Path(data)
    out = Path(out) if out else _PKG_DIR
    up = data / "events" / "universal-petrarch-arabic"
    table_path = data / "events" / "plover" / "CAMEO2PLOVER-2021.txt"
    cities = data / "names" / "gazetteers" / "world-cities-ar-en" / "world-cities.csv"
    pn = data / "names" / "gazetteers" / "arabic-person-names"
    first_names = [pn / "male-first--names-in-arabic.txt", pn / "female-first-names-in-arabic.txt"]
    for p in (up / "CAMEO.ar.0.5.txt", up / "actor_dict_ar_v4.txt", up / "agents.all.ar_v3.txt", table_path, cities):
        if not p.is_file():
            raise RasdError(f"missing source file {p} (is --data the shared data folder?)")
    table = cameo_to_plover(table_path)
    ext_entries, ext_groups = parse_extensions(_PKG_DIR / "extensions.txt")
    pet_entries, pet_groups, blocks = parse_petrarch_verbs(up / "CAMEO.ar.0.5.txt", table)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "triggers.tsv").open("w", encoding="utf-8") as f:
        f.write("# type\tkind\tspec\toptions\torigin\tcameo  (built by rasd.extract.event_lexicon.build)\n")
        for e in ext_entries + pet_entries:
            f.write(f"{e.type}\t{e.pos}\t{e.spec}\t{e.options()}\t{e.origin}\t{e.cameo}\n")
    with (out / "verbs.tsv").open("w", encoding="utf-8") as f:
        f.write("# PETRARCH verb block\tlemmas  (built by rasd.extract.event_lexicon.build)\n")
        for name, lems in blocks.items():
            if lems:
                f.write(f"{name}\t{' '.join(lems)}\n")
    with (out / "groups.tsv").open("w", encoding="utf-8") as f:
        f.write("# group\tstem keys  (built by rasd.extract.event_lexicon.build)\n")
        ext_actor, lists = parse_actor_ext(_PKG_DIR / "actors_ext.txt")
        for name, words in list(ext_groups.items()) + list(pet_groups.items()) + list(lists.items()):
            keys = sorted({ks[0] for w in words if (ks := _keys(w.split("_")))})
            f.write(f"{name}\t{' '.join(keys)}\n")
    n_actors = 0
    seen: set[tuple[str, ...]] = set()
    with (out / "actors.tsv").open("w", encoding="utf-8") as f:
        f.write("# stem keys\tsector\tcode\torigin  (built by rasd.extract.event_lexicon.build)\n")
        rows: list[tuple[tuple[str, ...], str, str, str]] = [
            (k, s.replace("+art", ""), "", "rasd+art" if s.endswith("+art") else "rasd") for k, s in ext_actor
        ]
        rows += [(k, s, c, "petrarch-agents") for k, s, c in parse_petrarch_agents(up / "agents.all.ar_v3.txt")]
        rows += [(k, s, c, "petrarch-actors") for k, s, c in parse_petrarch_actors(up / "actor_dict_ar_v4.txt")]
        for keys, sector, code, origin in rows:
            if keys in seen:
                continue
            seen.add(keys)
            f.write(f"{' '.join(keys)}\t{sector}\t{code}\t{origin}\n")
            n_actors += 1
    n_places = 0
    with (out / "places.tsv").open("w", encoding="utf-8") as f:
        f.write("# stem keys\tkind  (built from world-cities-ar-en, CC BY 4.0, by rasd.extract.event_lexicon.build)\n")
        for keys, kind in parse_places(cities, first_names=first_names):
            f.write(f"{' '.join(keys)}\t{kind}\n")
            n_places += 1
    return {
        "triggers.rasd": len(ext_entries),
        "triggers.petrarch": len(pet_entries),
        "groups": len(ext_groups) + len(pet_groups) + len(lists),
        "actors": n_actors,
        "places": n_places,
    }


def _rows(path: Path) -> Iterator[list[str]]:
    if not path.is_file():
        raise ModelError(f"event lexicon file {path} is missing; run `rasd train events`")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def load(directory: str | Path | None = None, *, petrarch: bool = True) -> Lexicon:
    """Load the compiled lexicons (``petrarch=False`` leaves out the PETRARCH-derived trigger
    entries, for comparison)."""
    d = Path(directory) if directory else _PKG_DIR
    lx = Lexicon()
    for name, keys in ((r[0], r[1].split() if len(r) > 1 else []) for r in _rows(d / "groups.tsv")):
        lx.groups[name] = frozenset(keys)
    lx.titles = lx.groups.get("@title", frozenset())
    lx.victims = lx.groups.get("@victim", frozenset())
    forms: dict[str, list[tuple[int, str]]] = defaultdict(list)
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    blocks = {r[0]: r[1].split() for r in _rows(d / "verbs.tsv") if len(r) > 1} if petrarch else {}
    block_entries: dict[str, list[int]] = defaultdict(list)
    for r in _rows(d / "triggers.tsv"):
        typ, pos, spec, opts, origin, cameo = (r + [""] * 6)[:6]
        if origin == "petrarch" and not petrarch:
            continue
        e = Entry(typ, pos, spec, **{**parse_options(opts.split()), "origin": origin, "cameo": cameo})
        i = len(lx.entries)
        lx.entries.append(e)
        if pos == "s":
            keys = _keys(spec.split("_"))
            if keys:
                lx.stops.setdefault(keys[0], []).append(keys)
            continue
        if pos == "p":
            keys = _keys(spec.split("_"))
            if keys:
                phrases[keys[0]].append((keys, i))
            continue
        if spec in blocks:
            block_entries[spec].append(i)
            continue
        for form, tense in _spec_forms(e):
            forms[form].append((i, tense))
    # entries with a context requirement are tried first; otherwise file order (rasd before PETRARCH)
    for form, lst in forms.items():
        # 1st person singular forms last: أضرب "I hit" must not shadow أضرب "went on strike"
        lst.sort(key=lambda it: (it[1] == "imperf1", not lx.entries[it[0]].ctx, lx.entries[it[0]].origin != "rasd", it[0]))
    # PETRARCH pattern blocks come last, as one reference per form (-1 - block index)
    for name, ids in block_entries.items():
        b = len(lx.blocks)
        lx.blocks.append(ids)
        for lem in blocks[name]:
            for form, tense in _lemma_forms(lem):
                forms[form].append((-1 - b, tense))
    lx.forms = dict(forms)
    for lst in phrases.values():
        lst.sort(key=lambda it: -len(it[0]))
    lx.phrases = dict(phrases)
    actors: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
    for r in _rows(d / "actors.tsv"):
        keys = tuple(r[0].split())
        if keys:
            # the third field is the CAMEO code; names (PETRARCH named actors) get a leading @
            named = len(r) > 3 and r[3] == "petrarch-actors"
            code = ("@" if named else "") + (r[2] if len(r) > 2 else "")
            if len(r) > 3 and r[3] == "rasd+art":
                code = "!" + code  # needs the article in the text
            actors[keys[0]].append((keys, r[1] if len(r) > 1 else "", code))
    for lst in actors.values():
        lst.sort(key=lambda it: -len(it[0]))
    lx.actors = dict(actors)
    places: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for r in _rows(d / "places.tsv"):
        keys = tuple(r[0].split())
        if keys:
            places[keys[0]].append((keys, r[1] if len(r) > 1 else "city"))
    for lst in places.values():
        lst.sort(key=lambda it: -len(it[0]))
    lx.places = dict(places)
    return lx
