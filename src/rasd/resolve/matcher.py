"""Matching mentions to canonical entities: blocking, comparison rules, the in-memory index.

``Resolver`` holds entities and their blocking keys; ``Resolver.resolve(mentions)`` assigns
each ``MentionIn`` to an entity (existing, from the knowledge base, or new) and records why.
The store glue (``rasd.resolve.corpus``) fills a Resolver with the candidate entities of a
batch from the database and writes the result back, so new articles join existing entities
without a rebuild.

Rules (in order; see ``compare``):

* type consistency: a PER never joins an ORG; an ORG mention that is exactly a known place
  (واشنطن) is the place, recorded as a metonym;
* an organisation head is part of the name: حكومة إقليم كردستان ≠ إقليم كردستان, وزارة X ≠ X;
* every word of two names must be spellings of one word (``VariantModel.same_word``); extra
  middle names are allowed when first and last names agree;
* different first names never merge, whatever the family name (مسرور بارزاني ≠ مسعود بارزاني);
* a bare family name joins the one full name it fits; with two or more candidates it stays
  unresolved (an entity of status ``ambiguous``);
* an unusable mention (``name_key`` None: thousands of characters, only digits or punctuation)
  gets no entity and never touches another.

Blocking: each entity is indexed under the type, the organisation head and the deletion
neighbourhood of its last word's skeleton (``tok_skel`` minus one letter), so a mention is
compared with a handful of candidates whatever the corpus size. Mentions join at most one
entity and entities never merge with each other here, so one bad decision cannot chain many
entities together.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ..arabic.normalize import fold
from .keys import NameKey, VariantModel, name_key, tok_skel, variant_model

__all__ = [
    "MentionIn",
    "Entity",
    "Decision",
    "Resolver",
    "compare",
    "block_keys",
    "query_keys",
    "link_in_document",
    "entity_id_for",
    "MAX_ALIAS_KEYS",
]

MAX_ALIAS_KEYS = 12  # alias keys compared per entity (beyond these only exact hits count)
MAX_CANDIDATES = 200  # per mention after blocking; a block larger than this is cut


@dataclass(slots=True)
class MentionIn:
    """What resolution needs of a mention: its surface, type and where it is."""

    surface: str
    type: str
    doc_id: str = ""
    idx: int = 0
    antecedent: int | None = None  # in-document link (index of the fuller mention)
    ambiguous_in_doc: bool = False
    day: str | None = None


@dataclass
class Entity:
    id: str
    type: str
    name_ar: str
    key: NameKey | None
    status: str = "ok"  # ok | ambiguous
    name_latin: str | None = None
    country_code: str | None = None
    kb: str | None = None  # knowledge-base id when seeded from it
    alias_keys: list[NameKey] = field(default_factory=list)
    new_aliases: Counter = field(default_factory=Counter)  # surface -> count in this run
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # (alias norm, joined_via, evidence)
    is_new: bool = True
    candidates: tuple[str, ...] = ()  # for ambiguous entities: the entity ids it could be
    population: float = 0.0  # knowledge-base places
    kb_via: str = "kb"  # kb | metonym: how a knowledge-base lookup fitted
    seen_evidence: set = field(default_factory=set)


@dataclass(slots=True)
class Decision:
    entity_id: str | None
    via: str  # exact | variant | middle_name | surname | in_document | kb | metonym | new | ambiguous | skipped
    evidence: str = ""


def entity_id_for(type: str, text: str, salt: str = "") -> str:
    return "e" + hashlib.sha1(f"{type}|{text}|{salt}".encode()).hexdigest()[:12]


def _nkeys(w: str) -> set[str]:
    k = tok_skel(w)
    out = {k}
    if len(k) >= 3:
        out.update(k[:i] + k[i + 1:] for i in range(len(k)))
    return out


def block_keys(k: NameKey) -> set[str]:
    """Blocking keys an entity is indexed under: type, org head, the first letter of the
    first word's skeleton (for names of two words or more; ``*`` for one word) and the
    deletion neighbourhood of the last word's skeleton. A person's full name is also indexed
    under ``*`` so that a bare family name finds it."""
    t = "LOC" if k.type in ("LOC", "GPE") else k.type
    last = _nkeys(k.tokens[-1])
    if len(k.tokens) == 1:
        return {f"{t}|{k.head}|*|{n}" for n in last}
    c = tok_skel(k.tokens[0])[:1]
    out = {f"{t}|{k.head}|{c}|{n}" for n in last}
    if k.type == "PER":
        out |= {f"{t}|{k.head}|*|{n}" for n in last}
    return out


def query_keys(k: NameKey) -> set[str]:
    """Blocking keys a mention looks up: the first-letter keys for a name of two words or
    more, the ``*`` keys for one word."""
    t = "LOC" if k.type in ("LOC", "GPE") else k.type
    c = "*" if len(k.tokens) == 1 else tok_skel(k.tokens[0])[:1]
    return {f"{t}|{k.head}|{c}|{n}" for n in _nkeys(k.tokens[-1])}


def _same_words(m: VariantModel, a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(m.same_word(x, y) for x, y in zip(a, b))


def _subseq(m: VariantModel, short: Sequence[str], long: Sequence[str]) -> bool:
    j = 0
    for w in long:
        if j < len(short) and m.same_word(short[j], w):
            j += 1
    return j == len(short)


def compare(mk: NameKey, ek: NameKey, model: VariantModel | None = None) -> str | None:
    """How a mention key fits an entity key: ``exact``, ``variant``, ``middle_name``,
    ``surname`` (a bare family name; the caller checks it is the only candidate),
    ``latin_exact``, or None (different)."""
    m = model or variant_model()
    if mk.type != ek.type or mk.head != ek.head:
        return None
    if mk.latin or ek.latin:
        return "latin_exact" if mk.latin and ek.latin and mk.tokens == ek.tokens else None
    a, b = mk.tokens, ek.tokens
    if a == b:
        return "exact"
    if len(a) == len(b):
        return "variant" if _same_words(m, a, b) else None
    if mk.type == "PER":
        if len(a) == 1 and len(b) >= 2:
            return "surname" if m.same_word(a[0], b[-1]) else None
        if len(a) >= 2 and len(b) >= 2:
            short, long = (a, b) if len(a) < len(b) else (b, a)
            # first and last must agree: a different first name is a different person
            if m.same_word(short[0], long[0]) and m.same_word(short[-1], long[-1]) and _subseq(m, short, long):
                return "middle_name"
        return None
    # multi-word non-persons: a name and its longer form (الأمم المتحدة / منظمة الأمم المتحدة
    # is handled by heads); different word counts stay apart
    return None


# -- in-document linking -------------------------------------------------------------------------


def link_in_document(keys: Sequence[NameKey | None], model: VariantModel | None = None) -> list[tuple[int | None, bool]]:
    """For each mention key of one article: (index of the fuller mention it refers to, or
    None; True when it is a partial reference that fits two or more different people).
    Partial references: a bare family name (also after a title: الرئيس ترامب), first + family
    name of a longer name. The fuller mention is looked for before the mention, then after it
    (a lead may use the short form first)."""
    m = model or variant_model()
    out: list[tuple[int | None, bool]] = [(None, False)] * len(keys)
    full = [i for i, k in enumerate(keys) if k is not None and k.type == "PER" and len(k.tokens) >= 2]
    for i, k in enumerate(keys):
        if k is None or k.type != "PER" or k.latin:
            continue
        cands = [j for j in full if j != i and len(keys[j].tokens) > len(k.tokens)]  # type: ignore[union-attr]
        if not cands:
            continue
        fits = [j for j in cands if compare(k, keys[j], m) in ("surname", "middle_name")]  # type: ignore[arg-type]
        if not fits:
            continue
        # distinct people among the fits: group full names that are spellings of each other
        people: list[list[int]] = []
        for j in fits:
            for p in people:
                kj, kp = keys[j], keys[p[0]]
                if compare(kj, kp, m) in ("exact", "variant", "middle_name"):  # type: ignore[arg-type]
                    p.append(j)
                    break
            else:
                people.append([j])
        if len(people) > 1:
            out[i] = (None, True)
            continue
        group = people[0]
        before = [j for j in group if j < i]
        ante = (before or group)[0]
        # point at the root of a chain
        while out[ante][0] is not None and out[ante][0] != i:
            ante = out[ante][0]  # type: ignore[assignment]
        out[i] = (ante, False)
    return out


# -- the resolver ------------------------------------------------------------------------------------


class Resolver:
    """Entities, blocking index and decisions. ``kb`` (optional) is a callable returning the
    knowledge-base entities that fit a key (see ``rasd.resolve.kb``); ``translit`` gives a
    Latin name for new entities."""

    def __init__(
        self,
        model: VariantModel | None = None,
        kb: Callable[[NameKey], list[Entity]] | None = None,
        translit: Callable[[str], str] | None = None,
    ) -> None:
        self.model = model or variant_model()
        self.kb = kb
        self.translit = translit
        self.entities: dict[str, Entity] = {}
        self.blocks: dict[str, set[str]] = {}
        self.exact: dict[tuple[str, str], set[str]] = {}
        self.stats: Counter = Counter()
        self._cmp: dict[tuple[NameKey, NameKey], str | None] = {}

    # -- index ----------------------------------------------------------------------------

    def add_entity(self, e: Entity) -> Entity:
        old = self.entities.get(e.id)
        if old is not None:
            return old
        self.entities[e.id] = e
        keys = [e.key] if e.key is not None else []
        keys += [k for k in e.alias_keys if k is not None]
        for k in keys:
            self._index_key(e, k)
        return e

    def _index_key(self, e: Entity, k: NameKey) -> None:
        self.exact.setdefault((k.type, k.text), set()).add(e.id)
        for b in block_keys(k):
            self.blocks.setdefault(b, set()).add(e.id)

    def add_alias(self, e: Entity, k: NameKey) -> None:
        if k is None:
            return
        if (k.type, k.text) in self.exact and e.id in self.exact[(k.type, k.text)]:
            return
        if len(e.alias_keys) < MAX_ALIAS_KEYS:
            e.alias_keys.append(k)
            self._index_key(e, k)
        else:
            self.exact.setdefault((k.type, k.text), set()).add(e.id)

    def candidates(self, k: NameKey) -> list[Entity]:
        ids: set[str] = set()
        for b in query_keys(k):
            s = self.blocks.get(b)
            if s:
                ids |= s
                if len(ids) > MAX_CANDIDATES:
                    break
        return [self.entities[i] for i in sorted(ids)[:MAX_CANDIDATES]]

    # -- entity creation ------------------------------------------------------------------

    def _new_entity(self, k: NameKey, surface: str, status: str = "ok", salt: str = "") -> Entity:
        eid = entity_id_for(k.type, k.text, salt + ("#amb" if status == "ambiguous" else ""))
        n = 1
        while eid in self.entities and not (self.entities[eid].key and self.entities[eid].key.text == k.text
                                            and self.entities[eid].status == status):
            eid = entity_id_for(k.type, k.text, f"{salt}#{n}")
            n += 1
        if eid in self.entities:
            return self.entities[eid]
        latin = None
        if self.translit is not None and not k.latin:
            try:
                latin = self.translit(display_name(surface, k))
            except Exception:  # noqa: BLE001 - a Latin name is a nicety, never a failure
                latin = None
        elif k.latin:
            latin = " ".join(w.capitalize() for w in k.tokens)
        e = Entity(eid, k.type, display_name(surface, k), k, status=status, name_latin=latin)
        return self.add_entity(e)

    # -- resolution -------------------------------------------------------------------------

    def resolve_one(self, k: NameKey | None, surface: str) -> tuple[Entity | None, Decision]:
        """Resolve one mention key with no in-document link."""
        if k is None:
            self.stats["skipped"] += 1
            return None, Decision(None, "skipped", "not a usable name")
        # 1. exact alias hit among resolved entities
        hits = [self.entities[i] for i in self.exact.get((k.type, k.text), ()) if i in self.entities]
        ok_hits = [e for e in hits if e.status == "ok"]
        if len(ok_hits) == 1:
            return ok_hits[0], Decision(ok_hits[0].id, "exact", k.text)
        # 2. knowledge base (places, countries, sub-state actors)
        if self.kb is not None and not ok_hits:
            kbe = self.kb(k)
            if kbe:
                chosen, via, why = _choose_kb(kbe)
                if chosen is not None:
                    e = self.add_entity(chosen)
                    return e, Decision(e.id, via, why)
        # a bare name already found ambiguous stays so (more candidates cannot make it less so)
        amb = [e for e in hits if e.status == "ambiguous"]
        if amb and not ok_hits:
            return amb[0], Decision(amb[0].id, "ambiguous", "bare name with several candidates")
        # 3. blocked candidates and the comparison rules
        fits: dict[str, list[Entity]] = {}
        for e in self.candidates(k):
            if e.status != "ok":
                continue
            how = None
            for ek in ([e.key] if e.key else []) + e.alias_keys:
                ck = (k, ek)
                h = self._cmp.get(ck, 0)
                if h == 0:
                    h = self._cmp[ck] = compare(k, ek, self.model)
                if h is not None and (how is None or _RANK[h] < _RANK[how]):
                    how = h
                if how == "exact":
                    break
            if how is not None:
                fits.setdefault(how, []).append(e)
        for how in ("exact", "variant", "latin_exact", "middle_name"):
            es = fits.get(how)
            if es:
                if len(es) == 1 or how != "middle_name":
                    best = es[0] if len(es) == 1 else max(es, key=lambda x: sum(x.new_aliases.values()))
                    return best, Decision(best.id, how, f"{k.text} ~ {best.key.text if best.key else best.name_ar}")
                return self._ambiguous(k, surface, es)
        if "surname" in fits:
            es = fits["surname"]
            if len(es) == 1:
                return es[0], Decision(es[0].id, "surname", f"the only full name with family name {k.text}")
            return self._ambiguous(k, surface, es)
        if len(ok_hits) > 1:
            return self._ambiguous(k, surface, ok_hits)
        # a proclitic glued to the name (لداعش, وبغداد): the remainder must be a known name
        t0 = k.tokens[0]
        if not hits and t0[:1] in "وفبلك" and len(t0) >= 4:
            k2 = NameKey(k.type, (t0[1:],) + k.tokens[1:], k.head, k.title, k.dropped_head, k.descriptor)
            hit2 = [self.entities[i] for i in self.exact.get((k2.type, k2.text), ()) if i in self.entities]
            hit2 = [e for e in hit2 if e.status == "ok"]
            if len(hit2) == 1:
                return hit2[0], Decision(hit2[0].id, "clitic", f"{k.text} = {t0[0]} + {k2.text}")
            if not hit2 and self.kb is not None:
                kbe = self.kb(k2)
                if kbe:
                    chosen, via, why = _choose_kb(kbe)
                    if chosen is not None:
                        e = self.add_entity(chosen)
                        return e, Decision(e.id, "clitic", f"{k.text} = {t0[0]} + {k2.text}; {why}")
        # an existing ambiguous entity for this bare name
        amb = [e for e in hits if e.status == "ambiguous"]
        if amb:
            return amb[0], Decision(amb[0].id, "ambiguous", "bare name with several candidates")
        e = self._new_entity(k, surface)
        return e, Decision(e.id, "new", "first seen")

    def _ambiguous(self, k: NameKey, surface: str, es: list[Entity]) -> tuple[Entity, Decision]:
        e = self._new_entity(k, surface, status="ambiguous")
        e.candidates = tuple(sorted(set(e.candidates) | {x.id for x in es}))
        why = "fits " + ", ".join(f"{x.id} ({x.name_ar})" for x in es[:5])
        return e, Decision(e.id, "ambiguous", why)

    def resolve(self, mentions: Sequence[MentionIn], keys: Sequence[NameKey | None] | None = None) -> list[Decision]:
        """Assign every mention. Full names first, then bare names (so a family name sees all
        the full names of the batch), then in-document links (which take their antecedent's
        entity)."""
        if keys is None:
            keys = [name_key(m.surface, m.type) for m in mentions]
        out: list[Decision | None] = [None] * len(mentions)
        pos: dict[tuple[str, int], int] = {(m.doc_id, m.idx): i for i, m in enumerate(mentions)}

        def order(i: int) -> tuple[int, int]:
            k, m = keys[i], mentions[i]
            if m.antecedent is not None and (m.doc_id, m.antecedent) in pos:
                return (3, i)
            if k is not None and k.type == "PER" and len(k.tokens) == 1:
                return (2, i)
            return (0 if k is not None and len(k.tokens) > 1 else 1, i)

        for i in sorted(range(len(mentions)), key=order):
            m, k = mentions[i], keys[i]
            if m.antecedent is not None and (m.doc_id, m.antecedent) in pos:
                j = pos[(m.doc_id, m.antecedent)]
                dj = out[j]
                if dj is not None and dj.entity_id is not None:
                    e = self.entities[dj.entity_id]
                    self._record(e, k, m.surface, "in_document", f"refers to '{mentions[j].surface}' in {m.doc_id}")
                    out[i] = Decision(e.id, "in_document", mentions[j].surface)
                    continue
            if m.ambiguous_in_doc and k is not None:
                e = self._new_entity(k, m.surface, status="ambiguous")
                self._record(e, k, m.surface, "ambiguous", f"fits several people in {m.doc_id}")
                out[i] = Decision(e.id, "ambiguous", "several full names in the article")
                continue
            e, d = self.resolve_one(k, m.surface)
            if e is not None:
                self._record(e, k, m.surface, d.via, d.evidence)
            self.stats[d.via] += 1
            out[i] = d
        return out  # type: ignore[return-value]

    def _record(self, e: Entity, k: NameKey | None, surface: str, via: str, why: str) -> None:
        e.new_aliases[surface] += 1
        if k is not None:
            known = (k.type, k.text) in self.exact and e.id in self.exact[(k.type, k.text)]
            # the key joins the entity's index only when it is a full-name form, so a bare
            # family name never becomes a bridge to another person
            if not known and (via in _INDEXED or (via == "middle_name" and len(k.tokens) >= 2)):
                self.add_alias(e, k)
        norm = fold(" ".join(surface.split()))[:200]
        if (norm, via) not in e.seen_evidence:
            e.seen_evidence.add((norm, via))
            e.evidence.append((norm, via, why))


_INDEXED = frozenset({"exact", "variant", "new", "kb", "latin_exact", "metonym", "kb_most_populous", "clitic"})
_RANK = {"exact": 0, "variant": 1, "latin_exact": 2, "middle_name": 3, "surname": 4}


def _choose_kb(cands: list[Entity]) -> tuple[Entity | None, str, str]:
    """One knowledge-base entity among those a key fits: a country beats a city of the same
    name, a much larger city beats smaller ones; otherwise none (left to the normal rules)."""
    if len(cands) == 1:
        c = cands[0]
        return c, c.kb_via, f"knowledge base {c.kb}"
    countries = [c for c in cands if c.kb and c.kb.startswith("country:")]
    if len(countries) == 1:
        return countries[0], "kb", f"knowledge base {countries[0].kb} (country over cities of that name)"
    pops = sorted(cands, key=lambda c: -c.population)
    if pops[0].population >= 5 * max(pops[1].population, 1):
        return pops[0], "kb_most_populous", f"knowledge base {pops[0].kb}, most populous of {len(cands)}"
    return None, "", ""


def display_name(surface: str, k: NameKey | None) -> str:
    """The surface without a leading title (الرئيس دونالد ترامب -> دونالد ترامب) and with
    whitespace collapsed."""
    ws = surface.split()
    if k is not None and k.title:
        drop = sum(len(t.split()) for t in k.title)
        if len(ws) > drop:
            ws = ws[drop:]
    return " ".join(ws)[:200]


def resolve_mentions(items: Iterable[tuple[str, str]], **kw) -> list[Decision]:
    """Convenience: resolve (surface, type) pairs in memory (no documents, no store)."""
    r = Resolver(**kw)
    ms = [MentionIn(s, t, idx=i) for i, (s, t) in enumerate(items)]
    return r.resolve(ms)
