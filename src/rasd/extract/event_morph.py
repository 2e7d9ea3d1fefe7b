"""Word forms for the event lexicons: match keys and generated inflections.

Everything here works on *folded* text (:func:`rasd.arabic.normalize.fold`: hamza seats,
alef forms, alef maksura -> ي, teh marbuta -> ه, no diacritics), so a key built from a
dictionary entry and a key built from article text compare equal.

* :func:`stem_key` — a crude lemma key for actor matching: proclitics and the article off,
  then the suffixes that distinguish gender/number of nouns and nisba adjectives
  (ة، ات، ون، ين، ية) off, so الأميركية / أميركي / الأميركيين share ``اميركي`` and
  قوات / قوة share ``قو``. Broken plurals (جنود / جندي) are not related; the lexicons list them.
* :func:`verb_forms` — the finite forms of a verb from its perfect and imperfect 3rd person
  masculine singular (هاجم / يهاجم): perfect and imperfect persons, and future with سـ.
* :func:`noun_forms` — a verbal noun with its accusative, dual and sound plural forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..arabic.normalize import fold

__all__ = [
    "stem_key",
    "strip_clitics",
    "verb_forms",
    "noun_forms",
    "OBJECT_SUFFIXES",
    "lookup_variants",
]

# object / possessive pronoun suffixes (folded), longest first
OBJECT_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ني", "ه", "ك")

_CONJ = "وف"
_PREP = "بلك"


_ARTICLE = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)")


@lru_cache(maxsize=100_000)
def strip_clitics(f: str) -> str:
    """Folded word without the article and the proclitics attached to it (والقوات -> قوات,
    للشرطة -> شرطه, بالعراق -> عراق). A bare و/ف/ب/ل/ك is *not* removed here (فلسطين,
    وزير): for article text use the tokenizer's ``base_start``, which decides that with
    corpus counts. Leaves at least two letters."""
    m = _ARTICLE.match(f)
    if m and len(f) - m.end() >= 2:
        return f[m.end():]
    return f


# names ending in ان whose stem would be a common word (طالبان / طالب "student", لبنان / لبن)
_KEEP_AN = frozenset(
    fold(w) for w in "طالبان لبنان إيران ايران سودان يابان عثمان سلمان رمضان عدنان حسان سليمان عمران شعبان بحرين البحرين".split()
)


@lru_cache(maxsize=200_000)
def stem_key(f: str) -> str:
    """Matching key of a folded word (see the module docstring)."""
    w = strip_clitics(f)
    if w in _KEEP_AN:
        return w[2:] if w.startswith("ال") else w
    n = len(w)
    if n >= 5 and (w.endswith("يون") or w.endswith("يين")):
        return w[:-2]
    if n >= 4 and w.endswith("يه"):
        return w[:-1]
    if n >= 4 and w.endswith("ات"):
        return w[:-2]
    if n >= 5 and (w.endswith("ون") or w.endswith("ين") or w.endswith("ان")):
        # plural and dual endings (جنديان، جنديين، مسلحون); names ending in ان (إيران) get
        # the same key on both sides, which is all matching needs
        return w[:-2]
    if n >= 3 and w.endswith("ه"):
        return w[:-1]
    if n >= 4 and w.endswith("ا") and w[-2] not in "او":
        # accusative tanwin alef: شخصا -> شخص, مدنيا -> مدني (and سوريا -> سوري, as wanted)
        return w[:-1]
    return w


def _imperfect_persons(y: str) -> list[str]:
    """Imperfect forms from the 3ms (يفعل): ي/ت/ن/ا persons, plural and dual endings."""
    base = y[1:]
    out = [y, "ت" + base, "ن" + base]
    if y.endswith("ي") or y.endswith("و"):  # final-weak: يلتقي، يدعو
        stem = base[:-1]
        out += [
            "ي" + stem + "ون", "ت" + stem + "ون", "ي" + stem + "وا", "ت" + stem + "وا",
            y + "ان", "ت" + base + "ان", "ي" + stem + "ين",
            "ي" + stem, "ت" + stem, "ن" + stem,  # jussive (لم يلتق، لم يدع)
        ]
    else:
        out += [
            y + "ون", "ت" + base + "ون", y + "وا", "ت" + base + "وا", y + "ان", "ت" + base + "ان", y + "ن",
            "ت" + base + "ين",
        ]
    return out


def verb_forms(perfect: str, imperfect: str | None = None) -> dict[str, str]:
    """Folded finite forms of a verb -> tense (``perf``, ``imperf`` or ``fut``).

    ``perfect``/``imperfect`` are the 3rd person masculine singular (هاجم / يهاجم); without
    ``imperfect`` it is guessed (ي + perfect, dropping a leading alef: استقبل -> يستقبل).
    Final-weak verbs (دعا، التقى) get their contracted forms (دعت، دعوا، التقت، التقوا)."""
    p = fold(perfect)
    y = fold(imperfect) if imperfect else "ي" + (p[1:] if p[:1] == "ا" else p)
    out: dict[str, str] = {}
    if p.endswith("ي") or p.endswith("ا"):
        stem = p[:-1]
        perf = [p, stem + "ت", stem + "وا", stem + "يا", stem + "تا", stem + "ينا", stem + "يت", stem + "وه"]
    else:
        perf = [p, p + "ت", p + "وا", p + "ا", p + "تا", p + "ن", p + "نا", p + "تم", p + "و"]
    for f in perf:
        out.setdefault(f, "perf")
    for f in _imperfect_persons(y):
        out.setdefault(f, "imperf")
        out.setdefault("س" + f, "fut")
    # 1st person singular (أناشد) last, marked: it collides with other verbs' perfects
    # (أضرب "went on strike" / أضرب "I hit"), so the lexicon tries it only after them
    out.setdefault("ا" + y[1:], "imperf1")
    out.setdefault("سا" + y[1:], "fut")
    return out


def noun_forms(singular: str, *plurals: str) -> list[str]:
    """Folded forms of a noun: itself, accusative -ا, dual, sound feminine plural and the
    given (broken or sound) plurals."""
    s = fold(singular)
    out = [s]
    if s.endswith("ه"):
        st = s[:-1]
        out += [st + "ات", st + "تان", st + "تين", st + "ت"]
    elif s.endswith("ي"):
        out += [s + "ا", s + "ان", s + "ين", s + "ون", s + "ه"]
    elif not s.endswith("ا"):
        out += [s + "ا", s + "ان", s + "ين"]
    for p in plurals:
        fp = fold(p)
        out.append(fp)
        if not fp.endswith("ات") and not fp.endswith("ا") and not fp.endswith("ه"):
            out.append(fp + "ا")
    seen: dict[str, None] = {}
    for f in out:
        seen.setdefault(f, None)
    return list(seen)


@lru_cache(maxsize=200_000)
def lookup_variants(f: str) -> tuple[tuple[str, str], ...]:
    """Candidate dictionary forms of a folded token, most literal first, each with what was
    removed: ``("", f)``, the token without conjunction/preposition/article, and those
    without an object/possessive pronoun suffix (a noun's ت before the suffix becomes ه:
    زيارته -> زياره). Each item is ``(form, how)`` with ``how`` in ``"" | "suffix" |
    "suffix-h"`` (the suffix was a bare ه, which in folded text may be a ة)."""
    seen: dict[str, str] = {}

    def add(w: str, how: str) -> None:
        if len(w) >= 2 and w not in seen:
            seen[w] = how

    add(f, "")
    bases = [f]
    if len(f) >= 3 and f[0] in _CONJ:
        add(f[1:], "")
        bases.append(f[1:])
        if len(f) > 4 and f[1] in _PREP:
            add(f[2:], "")
            bases.append(f[2:])
    elif len(f) > 3 and f[0] in _PREP:
        add(f[1:], "")
        bases.append(f[1:])
    s = strip_clitics(f)
    add(s, "")
    bases.append(s)
    for b in list(bases):
        for suf in OBJECT_SUFFIXES:
            if b.endswith(suf) and len(b) - len(suf) >= 3:
                r = b[: -len(suf)]
                how = "suffix-h" if suf == "ه" else "suffix"
                add(r, how)
                if r.endswith("ت"):
                    add(r[:-1] + "ه", how)
                if r.endswith("و") and len(r) >= 4:  # قتلوه -> قتلوا
                    add(r + "ا", how)
    return tuple((w, how) for w, how in seen.items())
