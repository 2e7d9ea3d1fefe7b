"""Arabic numbers: number words, digits and their mixtures to values, and back.

``parse_number(text)`` reads a whole string as one number: cardinals in every gender and case
(ثلاث / ثلاثة / ثلاثين), teens (الخامس عشر is an ordinal, خمسة عشر a cardinal), tens joined by
و (خمسة وعشرون), hundreds written joined or apart (خمسمئة / خمسمائة / خمس مئة), duals (مليونين،
ألفي، مئتي), scale words in singular, dual and plural (ألف/آلاف، مليون/ملايين، مليار/مليارات),
digits with scale words ("750 ألف", "1.5 مليار", "5 ملايين و300 ألف"), Arabic-Indic digits and
separators (٥٠٠٬٠٠٠ ، ١٫٥) and fractions (نصف، ربع، ثلث، ثلاثة أرباع، مليون ونصف).
``parse_ordinal(text)`` reads ordinals (الأول، الحادي والعشرين، الخامس عشر).
``find_numbers(norm_text)`` finds every number expression in *normalised* text (see
``rasd.arabic.normalize``) and returns ``NumberSpan``s; the extractors build on it.
``number_to_words(n)`` writes an integer in Arabic words (used by the property tests).

Words that only look like numbers are not numbers: ثمن (price; "an eighth" only as a fraction
word we do not read), أحد/إحدى alone (someone, one of; Sunday) — they count only inside
أحد عشر / إحدى وعشرون.

All matching is on folded text: the lexicon is folded with the same normaliser as the
documents, so أربعة/اربعة, مئة/مائة/ميه, إحدى/احدى are one word each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple

from .normalize import fold, normalize

__all__ = [
    "parse_number",
    "parse_ordinal",
    "find_numbers",
    "NumberSpan",
    "number_to_words",
    "word_alt",
    "number_regex_source",
    "cardinal_words",
    "ordinal_regex_source",
    "PROCLITIC_RE_SOURCE",
]

# --- lexicon (surface spellings; folded at first use) ---------------------------------------

_UNIT_WORDS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة", "واحدا"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "ثنتان", "ثنتين", "إثنان", "إثنين"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية", "ثمانى"),
    9: ("تسع", "تسعة"),
}
# heads that are numbers only before عشر / عشرة (أحد عشر) or before و + tens (إحدى وعشرون)
_TEEN_HEADS: dict[int, tuple[str, ...]] = {1: ("أحد", "إحدى"), 2: ("اثنا", "اثني", "اثنتا", "اثنتي")}
_TEN_WORDS = ("عشر", "عشرة")
_TENS_WORDS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_HUNDRED = ("مئة", "مائة", "مية", "مئه")
_TWO_HUNDRED = ("مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي")
_HUNDRED_STEMS: dict[int, tuple[str, ...]] = {
    3: ("ثلاث", "ثلث"),
    4: ("أربع",),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان", "ثماني"),
    9: ("تسع",),
}
# scale words: singular (needs a multiplier or means one), plural (after 3..10; alone: vague),
# dual (a value by itself)
_SCALES: dict[float, dict[str, tuple[str, ...]]] = {
    1e3: {"S": ("ألف", "ألفا"), "SP": ("آلاف", "ألوف", "الوف"), "SD": ("ألفان", "ألفين", "ألفي")},
    1e6: {"S": ("مليون", "مليونا"), "SP": ("ملايين",), "SD": ("مليونان", "مليونين", "مليوني")},
    1e9: {
        "S": ("مليار", "مليارا", "بليون", "بليونا"),
        "SP": ("مليارات", "بلايين"),
        "SD": ("ملياران", "مليارين", "ملياري", "بليونين"),
    },
    1e12: {
        "S": ("تريليون", "تريليونا", "ترليون", "ترليونا"),
        "SP": ("تريليونات", "ترليونات"),
        "SD": ("تريليونان", "تريليونين", "ترليونين"),
    },
}
_FRACTIONS: dict[float, tuple[str, ...]] = {0.5: ("نصف",), 0.25: ("ربع",), 1 / 3: ("ثلث",), 2 / 3: ("ثلثا", "ثلثي")}
_FRACTION_PLURALS: dict[float, tuple[str, ...]] = {0.25: ("أرباع",)}  # ثلاثة أرباع = 0.75
_VAGUE: dict[float, tuple[str, ...]] = {10: ("عشرات",), 100: ("مئات", "مئآت", "مئات")}

# ordinals (masculine, feminine); tens ordinals are the cardinal tens (العشرين = 20th)
_ORDINAL_WORDS: dict[int, tuple[str, ...]] = {
    1: ("أول", "أولى", "حادي", "حادية"),
    2: ("ثاني", "ثانية", "ثانى"),
    3: ("ثالث", "ثالثة"),
    4: ("رابع", "رابعة"),
    5: ("خامس", "خامسة"),
    6: ("سادس", "سادسة"),
    7: ("سابع", "سابعة"),
    8: ("ثامن", "ثامنة"),
    9: ("تاسع", "تاسعة"),
    10: ("عاشر", "عاشرة"),
}

# folded surface strings that would otherwise read as proclitic + number word
_NOT_NUMBERS = ("لست", "لستم", "ولست", "فلست", "وست", "بست", "كست", "لسبع")

# proclitics before a number or a month name: و ف, ب ل ك, ال, لل (ل + ال)
PROCLITIC_RE_SOURCE = r"(?:[وف]?(?:[بلك]|لل)?(?:ال)?)"

_DIGITS_RE_SOURCE = (
    r"\d{1,3}(?:[,\u066c]\d{3})+(?:[.\u066b]\d+)?(?!\d)"  # 1,250,000  ٥٠٠٬٠٠٠
    r"|\d{1,3}(?:\.\d{3}){2,}(?!\d)"  # 1.250.000
    r"|\d+(?:[.\u066b]\d+)?(?:,\d{1,2}(?![\d,]))?"  # 750  1.5  ١٫٥  2,5
)


def word_alt(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words``, longest first (so a word is never cut short
    by a shorter alternative that is its prefix)."""
    uniq = sorted(set(w for w in words if w), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in uniq) + ")"


class _Lex(NamedTuple):
    kind: dict[str, tuple[str, float]]  # folded word -> (kind, value)
    ordinal: dict[str, int]
    not_numbers: frozenset[str]
    number_re: re.Pattern[str]
    token_re: re.Pattern[str]


@lru_cache(maxsize=4)
def _lex() -> _Lex:
    kind: dict[str, tuple[str, float]] = {}

    def put(words: Iterable[str], k: str, v: float) -> None:
        for w in words:
            kind.setdefault(fold(w), (k, v))

    for v, ws in _UNIT_WORDS.items():
        put(ws, "U", v)
    for v, ws in _TEEN_HEADS.items():
        put(ws, "TH", v)
    put(_TEN_WORDS, "TEN", 10)
    for v, ws in _TENS_WORDS.items():
        put(ws, "T", v)
    put(_HUNDRED, "H", 100)
    put(_TWO_HUNDRED, "H", 200)
    for v, stems in _HUNDRED_STEMS.items():
        put([s + h for s in stems for h in ("مئة", "مائة")], "H", v * 100)
    for scale, forms in _SCALES.items():
        for k, ws in forms.items():
            put(ws, k, scale)
    for v, ws in _FRACTIONS.items():
        put(ws, "F", v)
    for v, ws in _FRACTION_PLURALS.items():
        put(ws, "FP", v)
    for v, ws in _VAGUE.items():
        put(ws, "V", v)
    ordinal: dict[str, int] = {}
    for v, ws in _ORDINAL_WORDS.items():
        for w in ws:
            ordinal[fold(w)] = v
    word = word_alt(kind)
    atom = rf"(?:(?:{_DIGITS_RE_SOURCE})|{word}(?!\w))"
    sep = r"(?:\s+(?:و\s?)?(?:ال)?|\s*و(?:ال)?)"
    number_re = re.compile(
        rf"(?<!\d[.,\u066b\u066c])(?:(?<!\w)(?P<pre>{PROCLITIC_RE_SOURCE})|(?<=[\u0621-\u064a])(?=\d))"
        rf"(?P<num>{atom}(?:{sep}{atom}){{0,39}})"
    )
    token_re = re.compile(rf"(?P<conj>و\s?)?(?P<al>ال)?(?P<atom>{atom})")
    return _Lex(kind, ordinal, frozenset(fold(w) for w in _NOT_NUMBERS), number_re, token_re)


def cardinal_words() -> list[str]:
    """Folded cardinal number words below one hundred (units, ten, tens), for patterns such as
    الأعوام الثلاثة that put the number after its noun."""
    lx = _lex()
    return sorted(w for w, (k, _) in lx.kind.items() if k in ("U", "TEN", "T"))


def number_regex_source() -> str:
    """The source of the compiled number-spotting regex (groups ``pre`` and ``num``)."""
    return _lex().number_re.pattern


# --- value of a token sequence ---------------------------------------------------------------

MAX_VALUE = 1e15  # larger values are dropped as implausible

_DIGIT_TRANS = str.maketrans({"\u066b": ".", "\u066c": ","})


_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DOT_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")
_PLAIN_DIGITS_RE = re.compile(r"\d{1,15}")


def _digits_value(s: str) -> float | None:
    s = s.translate(_DIGIT_TRANS)
    if len(s) > 40:
        return None  # more digits than any quantity has
    try:
        if _THOUSANDS_RE.fullmatch(s):
            return float(s.replace(",", ""))
        if _DOT_THOUSANDS_RE.fullmatch(s):
            return float(s.replace(".", ""))
        if _DECIMAL_COMMA_RE.fullmatch(s):
            return float(s.replace(",", "."))
        return float(s)
    except ValueError:
        return None


class _Tok(NamedTuple):
    start: int  # of the atom (after و / ال)
    end: int
    conj: bool
    kind: str
    value: float


@dataclass(slots=True)
class NumberSpan:
    """A number found in normalised text: ``[start, end)`` covers the number words/digits
    (not leading proclitics); ``value`` is the number (for vague plurals such as مئات or
    آلاف, the lower bound with ``vague=True``). ``definite``: the first word carried ال
    (الثلاثة); ``words``: the number is (partly) written in words; ``digits_only``: one plain
    digit group; ``n_tokens``: how many number words/digit groups."""

    start: int
    end: int
    value: float
    vague: bool = False
    definite: bool = False
    words: bool = False
    digits_only: bool = False
    n_tokens: int = 1
    fraction_only: bool = False


class _State:
    __slots__ = ("total", "small", "slots", "prev", "last_scale", "vague", "closed", "toks")

    def __init__(self) -> None:
        self.total = 0.0
        self.small = 0.0
        self.slots: set[str] = set()
        self.prev: _Tok | None = None
        self.last_scale = float("inf")
        self.vague = False
        self.closed = False
        self.toks: list[_Tok] = []

    def value(self) -> float:
        return self.total + self.small


def _accept(st: _State, t: _Tok, nxt: _Tok | None) -> bool:
    """Apply token ``t`` to the state if it continues the number; False if it cannot."""
    p = st.prev
    k, v = t.kind, t.value
    if st.closed:
        if k == "S" and not t.conj and v == st.last_scale and p is not None and p.kind == "F":
            return True  # مليون ونصف مليون: the scale repeated after the fraction
        return False
    if p is None:
        if k == "TH":  # أحد / إحدى / اثنا only before عشر or و + tens
            if nxt is None or not (
                (nxt.kind == "TEN" and not nxt.conj) or (nxt.kind == "T" and nxt.conj)
            ):
                return False
            st.small = v
            st.slots = {"u"}
        elif k in ("U", "D"):
            st.small = v
            st.slots = {"u"} if k == "U" else {"d"}
        elif k == "TEN":
            st.small = 10
            st.slots = {"u", "t"}
        elif k == "T":
            st.small = v
            st.slots = {"t"}
        elif k == "H":
            st.small = v
            st.slots = {"h"}
        elif k in ("S", "SP"):
            st.total = v
            st.last_scale = v
            st.vague = k == "SP"
        elif k == "SD":
            st.total = 2 * v
            st.last_scale = v
        elif k == "F":
            st.small = v
            st.slots = {"f"}
        elif k == "V":
            st.small = v
            st.slots = {"v"}
            st.vague = True
        else:
            return False
        return True
    pk = p.kind
    if not t.conj:
        if k == "TEN" and pk in ("U", "TH") and "t" not in st.slots and "u" in st.slots and st.small % 100 < 10:
            st.small += 10
            st.slots.add("t")
            return True
        if k == "H" and v == 100 and pk == "U" and st.slots == {"u"} and 3 <= st.small <= 9:
            st.small *= 100
            st.slots = {"h"}
            return True
        if k == "FP" and pk == "U" and st.slots == {"u"}:
            st.small *= v
            st.slots = {"f"}
            return True
        if k in ("S", "SP"):
            if pk in ("S", "SP", "SD"):  # ألف ألف = a million (chained scales multiply)
                if v < 1000 or st.small:
                    return False
                st.total *= v
                st.last_scale = min(st.last_scale, v) if st.last_scale != float("inf") else v
                return True
            if st.small == 0 or v >= st.last_scale:
                return False
            if k == "SP" and not (pk == "V" or st.small >= 3 or "d" in st.slots or "f" in st.slots):
                return False
            st.total += st.small * v
            st.small = 0
            st.slots = set()
            st.last_scale = v
            return True
        return False
    # joined by و
    if pk in ("S", "SP", "SD") or (pk == "F" and st.small == 0):
        # a new group below the last scale
        if k in ("S", "SP", "SD"):
            if v >= st.last_scale:
                return False
            st.total += v * (2 if k == "SD" else 1)
            st.last_scale = v
            return True
        if k == "F" and pk in ("S", "SP", "SD"):  # مليون ونصف، مليارين ونصف (المليار)
            st.total += v * st.last_scale
            st.closed = True
            return True
        if k in ("U", "TEN", "T", "H", "D", "TH"):
            if k == "TH" and not (nxt is not None and ((nxt.kind == "TEN" and not nxt.conj) or (nxt.kind == "T" and nxt.conj))):
                return False
            st.small = v if k != "TEN" else 10
            st.slots = {"U": {"u"}, "TH": {"u"}, "TEN": {"u", "t"}, "T": {"t"}, "H": {"h"}, "D": {"d"}}[k]
            return True
        return False
    if "d" in st.slots or "v" in st.slots or "f" in st.slots:
        return False
    if k == "T" and "t" not in st.slots:
        st.small += v
        st.slots.add("t")
        return True
    if k in ("U", "TH") and "u" not in st.slots:
        if k == "TH" and not (
            nxt is not None and ((nxt.kind == "T" and nxt.conj) or (nxt.kind == "TEN" and not nxt.conj))
        ):
            return False
        st.small += v
        st.slots.add("u")
        return True
    if k == "TEN" and not (st.slots & {"u", "t"}):
        st.small += 10
        st.slots |= {"u", "t"}
        return True
    if k == "F" and st.small:
        st.small += v
        st.slots.add("f")
        return True
    return False


def _tokens(norm: str, start: int, end: int) -> list[_Tok]:
    lx = _lex()
    out: list[_Tok] = []
    pos = start
    while pos < end:
        while pos < end and norm[pos].isspace():
            pos += 1
        m = lx.token_re.match(norm, pos, end)
        if not m:
            break
        a, b = m.span("atom")
        conj = bool(m.group("conj"))
        if not out and conj and not m.group("al") and norm[m.start() : b] in lx.kind:  # واحد, not و + احد
            a, conj = m.start(), False
        w = norm[a:b]
        if w[0].isdigit():
            val = _digits_value(w)
            if val is None:
                break
            out.append(_Tok(a, b, conj, "D", val))
        else:
            kv = lx.kind.get(w)
            if kv is None:
                break
            out.append(_Tok(a, b, conj, kv[0], kv[1]))
        pos = m.end()
    return out


def _split(toks: list[_Tok]) -> list[_State]:
    """Greedy split of a token run into valid numbers."""
    out: list[_State] = []
    st = _State()
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _accept(st, t, nxt):
            st.toks.append(t)
            st.prev = t
            i += 1
            continue
        if st.toks:
            out.append(st)
            st = _State()
            continue  # retry this token as the start of a new number
        i += 1  # cannot start a number: skip it
    if st.toks:
        out.append(st)
    return out


def find_numbers(norm: str, start: int = 0, end: int | None = None) -> list[NumberSpan]:
    """All number expressions in normalised text ``norm`` (positions are into ``norm``)."""
    lx = _lex()
    end = len(norm) if end is None else end
    out: list[NumberSpan] = []
    for m in lx.number_re.finditer(norm, start, end):
        a, b = m.span("num")
        pre = m.group("pre") or ""
        if _PLAIN_DIGITS_RE.fullmatch(norm, a, b):  # fast path: one plain digit group
            out.append(NumberSpan(a, b, float(norm[a:b]), False, pre.endswith("ال"), False, True, 1, False))
            continue
        if pre:
            if (pre + norm[a:b]) in lx.not_numbers:
                continue
            # واحد is not و + احد: prefer the longest lexicon word the proclitics may belong to
            t = lx.token_re.match(norm, a, b)
            if t is not None and not t.group("conj") and not t.group("al"):
                we = t.end("atom")
                for k in range(len(pre)):
                    if norm[m.start() + k : we] in lx.kind:
                        a = m.start() + k
                        pre = pre[:k]
                        break
        toks = _tokens(norm, a, b)
        if not toks:
            continue
        first_definite = pre.endswith("ال")
        for st in _split(toks):
            if st.value() > MAX_VALUE:  # ألف ألف ألف …: not a plausible quantity
                continue
            t0, t1 = st.toks[0], st.toks[-1]
            kinds = {t.kind for t in st.toks}
            out.append(
                NumberSpan(
                    t0.start,
                    t1.end,
                    st.value(),
                    vague=st.vague,
                    definite=(t0 is toks[0] and first_definite) or norm.endswith("ال", 0, t0.start),
                    words=kinds != {"D"},
                    digits_only=kinds == {"D"} and len(st.toks) == 1,
                    n_tokens=len(st.toks),
                    fraction_only=kinds <= {"F"},
                )
            )
    return out


def parse_number(text: str) -> float | None:
    """The value of ``text`` read as one number, or None if it is not exactly one number
    (surrounding spaces and leading proclitics such as و، بـ، ال are allowed)."""
    if not isinstance(text, str) or not text.strip() or len(text) > 1000:
        return None
    norm = normalize(text.strip()).text
    spans = find_numbers(norm)
    if len(spans) != 1:
        return None
    sp = spans[0]
    m = re.fullmatch(PROCLITIC_RE_SOURCE, norm[: sp.start])
    if m is None or norm[sp.end :].strip():
        return None
    return sp.value


# --- ordinals ---------------------------------------------------------------------------------


def ordinal_regex_source() -> str:
    """Regex source for an ordinal 1..99 in folded text, definite (الأول، الحادي عشر،
    الحادي والعشرين، العشرين) or not (ثاني، خامس عشر)."""
    lx = _lex()
    units = word_alt(lx.ordinal)
    tens = word_alt(fold(w) for ws in _TENS_WORDS.values() for w in ws)
    ten = word_alt(fold(w) for w in _TEN_WORDS)
    return (
        rf"(?:(?:ال)?{units}(?:\s+{ten}|\s+و\s?(?:ال)?{tens})?(?!\w)|(?:ال)?{tens}(?!\w))"
    )


def parse_ordinal(text: str) -> int | None:
    """The value of an ordinal (الأول 1, الحادي والعشرين 21, الخامسة عشرة 15, الثلاثين 30) or
    of a plain cardinal/digits; None otherwise."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    lx = _lex()
    f = fold(text).strip()
    words = [w for w in re.split(r"\s+", f) if w]
    if not words:
        return None
    total = 0
    seen_ten = False
    for i, w in enumerate(words):
        if i and w.startswith("و"):
            w = w[1:]
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        if w in lx.ordinal:
            if total or seen_ten:
                return None
            total += lx.ordinal[w]
        elif w in ("عشر", "عشره") and 1 <= total <= 9 and not seen_ten:
            total += 10
            seen_ten = True
        elif w in lx.kind and lx.kind[w][0] == "T" and total < 10:
            total += int(lx.kind[w][1])
        else:
            v = parse_number(text)
            return int(v) if v is not None and v == int(v) else None
    return total or None


# --- number -> words (for tests and display) --------------------------------------------------

_U_MASC = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_U_FEM = ["", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"]
_TENS_NOM = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUND_STEM = ["", "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"]
_SCALE_FORMS = [  # (singular, dual nom, dual acc, plural, accusative singular)
    (1e3, ("ألف", "ألفان", "ألفين", "آلاف", "ألفا")),
    (1e6, ("مليون", "مليونان", "مليونين", "ملايين", "مليونا")),
    (1e9, ("مليار", "ملياران", "مليارين", "مليارات", "مليارا")),
    (1e12, ("تريليون", "تريليونان", "تريليونين", "تريليونات", "تريليونا")),
]


def _below_100(n: int, fem: bool, acc: bool) -> str:
    units = _U_FEM if fem else _U_MASC
    if n <= 10:
        if n == 2:
            return ("اثنتين" if fem else "اثنين") if acc else units[2]
        return units[n]
    if n < 20:
        u = n - 10
        ten = "عشرة" if fem else "عشر"
        if u == 1:
            head = "إحدى" if fem else "أحد"
        elif u == 2:
            head = ("اثنتي" if fem else "اثني") if acc else ("اثنتا" if fem else "اثنا")
        else:
            # gender polarity: masculine counted noun -> ثلاثة عشر, feminine -> ثلاث عشرة
            head = _U_FEM[u] if fem else _U_MASC[u]
        return f"{head} {ten}"
    t, u = divmod(n, 10)
    tens = _TENS_NOM[t][:-2] + ("ين" if acc else "ون")
    if u == 0:
        return tens
    if u == 1:
        unit = "إحدى" if fem else "واحد"
    elif u == 2:
        unit = ("اثنتين" if fem else "اثنين") if acc else ("اثنتان" if fem else "اثنان")
    else:
        unit = units[u]
    return f"{unit} و{tens}"


def _below_1000(n: int, fem: bool, acc: bool, construct: bool, hundred: str, joined: bool) -> str:
    h, r = divmod(n, 100)
    parts = []
    if h == 1:
        parts.append(hundred)
    elif h == 2:
        stem = hundred[:-1] if hundred.endswith("ة") else hundred
        if construct:
            parts.append(stem + ("تي" if acc else "تا"))
        else:
            parts.append(stem + ("تين" if acc else "تان"))
    elif h >= 3:
        parts.append(_HUND_STEM[h] + ("" if joined else " ") + hundred)
    if r:
        parts.append(_below_100(r, fem, acc))
    return " و".join(parts)


def number_to_words(
    n: int,
    *,
    feminine: bool = False,
    accusative: bool = False,
    hundred: str = "مئة",
    joined_hundreds: bool = True,
) -> str:
    """Write ``n`` (1 <= n < 10**15) in Arabic words: ``feminine`` gives the forms used with a
    feminine counted noun (ثلاث، إحدى عشرة), ``accusative`` the -ين/-ي case forms (عشرين،
    اثنين، مئتين، ألفين); ``hundred`` is مئة or مائة, written joined (خمسمئة) or apart."""
    if not isinstance(n, int) or n < 1 or n >= 10**15:
        raise ValueError("number_to_words covers 1 <= n < 10**15")
    parts: list[str] = []
    rest = n
    for scale, (sing, dual_nom, dual_acc, plural, acc_sing) in reversed(_SCALE_FORMS):
        s = int(scale)
        g, rest = divmod(rest, s)
        if not g:
            continue
        if g == 1:
            parts.append(sing)
        elif g == 2:
            parts.append(dual_acc if accusative else dual_nom)
        else:
            r100 = g % 100
            head = _below_1000(g, False, accusative, construct=r100 == 0, hundred=hundred, joined=joined_hundreds)
            if 3 <= r100 <= 10:
                noun = plural
            elif r100 >= 11:
                noun = acc_sing
            else:
                noun = sing
            parts.append(f"{head} {noun}")
    if rest:
        parts.append(_below_1000(rest, feminine, accusative, construct=False, hundred=hundred, joined=joined_hundreds))
    return " و".join(parts)
