"""Match keys for names: folding, clitic/article stripping, titles and heads, skeletons, and a
learned model of Arabic spelling variation in names.

A mention's surface becomes a ``NameKey``: the folded words (``rasd.arabic.normalize.fold``:
alef/hamza seats, ى/ي, ة/ه, diacritics, tatweel), with a leading title (السيد، الرئيس …) split
off for persons, an organisation head (وزارة، حكومة …) kept as a separate field, the article
ال stripped from each word, and particles joined (عبد الله = عبدالله). Two words are compared
with ``VariantModel.distance``: a weighted edit distance whose costs are learned from variant
spellings of the same name (mined from the transliteration pairs in ``../shared/data/names``,
pivoted on the English side): long-vowel insertion/deletion (ي/ا/و), ج/غ/ك/ق for g, ت/ط, س/ص,
hamza seats, doubled letters, ة/ه. ``tok_skel`` is the coarse blocking key: words whose
skeletons differ are never compared.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from ..arabic.normalize import fold

__all__ = [
    "NameKey",
    "name_key",
    "words",
    "strip_article",
    "tok_skel",
    "VariantModel",
    "variant_model",
    "TITLES",
    "ORG_HEADS",
    "DROPPABLE_HEADS",
    "PLACE_DESCRIPTORS",
    "MAX_SURFACE",
    "MAX_WORDS",
]

MAX_SURFACE = 120  # characters: longer "mentions" are not names (tagger runaway); never merged
MAX_WORDS = 8

_F = fold


def _fset(s: str) -> frozenset[str]:
    return frozenset(_F(w).replace("_", " ") for w in s.split())


# Titles and honorifics before a person's name (one word each; multi-word titles use _).
TITLES = _fset(
    """السيد السيدة السادة الرئيس الرئيسة رئيس رئيسة الشيخ الشيخة الدكتور الدكتورة د الأمير الأميرة
    الملك الملكة الوزير الوزيرة وزير وزيرة النائب النائبة العميد اللواء الفريق العقيد المقدم الرائد
    النقيب الجنرال المشير المستشار المستشارة القاضي القاضية الإمام آية_الله المرجع الحاج الحاجة الأستاذ
    الأستاذة المهندس المهندسة السفير السفيرة المتحدث الناطق القائد زعيم الزعيم المطران البطريرك البابا
    الكاردينال الأب الشاعر الكاتب الكاتبة الفنان الفنانة المخرج الممثل الممثلة اللاعب اللاعبة المدرب
    الصحفي الصحفية المحامي المحامية السلطان المرشد المفتي الحاخام سمو صاحب_السمو جلالة فخامة معالي
    سعادة سماحة حضرة مستر مسيو مدام الآنسة"""
)
# Organisation heads: part of the name; an org never equals the place or person it is named after.
ORG_HEADS = _fset(
    """حكومة وزارة وزير جيش حزب مجلس جامعة شركة بنك مصرف هيئة منظمة اتحاد لجنة رئاسة برلمان محكمة
    مؤسسة وكالة جمعية نقابة مركز معهد مديرية إدارة قيادة شرطة أمن مكتب سفارة قنصلية بلدية محافظة_حكومة
    صندوق مجموعة ائتلاف تحالف كتلة جبهة تيار منتدى نادي فريق منتخب صحيفة قناة إذاعة تلفزيون مستشفى
    مطار ميناء البنك الجيش الحزب المجلس الحكومة الوزارة الشركة الاتحاد اللجنة الهيئة المنظمة الجامعة"""
)
# Heads that may be dropped when what remains is not a place: قوات البيشمركة = البيشمركة,
# تنظيم داعش = داعش, حركة حماس = حماس.
DROPPABLE_HEADS = _fset("قوات القوات تنظيم حركة جماعة ميليشيا ميليشيات مليشيا مليشيات فصيل فصائل كتائب")
# Generic place descriptors: مدينة الموصل = الموصل. Administrative units (إقليم، محافظة، ولاية)
# are kept: إقليم كردستان is the Region, and the KB lists it with its aliases.
PLACE_DESCRIPTORS = _fset("مدينة بلدة قرية العاصمة عاصمة ناحية قضاء مخيم حي منطقة")
# Name particles joined to the next word: عبد الله = عبدالله.
_JOIN = _fset("عبد ابو أبو ابن بن بنت آل ام أم ذو")
_JOIN_NEXT = frozenset({_F("عبد"), _F("ابو"), _F("أبو"), _F("ذو")})

_WORD_RE = re.compile(r"[\u0621-\u064aA-Za-z\u00c0-\u024f\u0671-\u06d3]+")
_ARABIC = re.compile(r"[\u0621-\u064a]")


def words(surface: str) -> list[str]:
    """Folded letter-words of ``surface`` (digits and punctuation dropped)."""
    return _WORD_RE.findall(_F(surface))


def strip_article(w: str, first: bool = False) -> str:
    """``w`` without the article (and, on the first word of a mention, the conjunction or
    preposition glued before it: والعراق، بالعراق، للعراق -> عراق). Short words stay."""
    if first:
        m = re.match(r"^[وف]?(?:[بكل]?ال|لل)", w)
        if m and len(w) - m.end() >= 2:
            return w[m.end():]
        return w
    if w.startswith("ال") and len(w) >= 4:
        return w[2:]
    return w


_SKEL_DROP = re.compile(r"(?<=.)[اويىء]")
_SKEL_MAP = str.maketrans({"ج": "ك", "غ": "ك", "ق": "ك", "ط": "ت", "ص": "س", "ث": "س", "ذ": "ز", "ظ": "ز",
                           "ض": "د", "ح": "ه", "ة": "ه", "ء": "", "أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي",
                           "ى": "ي", "ع": "ا", "ف": "ف"})


@lru_cache(maxsize=500_000)
def tok_skel(w: str) -> str:
    """Coarse skeleton of one folded word for blocking: non-initial long vowels and hamza
    dropped, letter classes merged (ج غ ك ق; ت ط; س ص ث; ز ذ ظ; د ض; ح ه; ع ا), doubles collapsed.
    Latin words: lower case, vowels after the first letter dropped."""
    if not _ARABIC.search(w):
        w = w.lower()
        return w[:1] + re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw]", "", w[1:]))
    s = w.translate(_SKEL_MAP)
    s = _SKEL_DROP.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


@dataclass(frozen=True, slots=True)
class NameKey:
    """The comparable form of a name. ``tokens`` are folded, article-stripped, particles joined;
    ``head`` is an organisation head (kept apart from the name); ``title`` what was dropped
    before a person's name; ``descriptor`` a dropped place descriptor; ``dropped_head`` a
    droppable head that was removed."""

    type: str
    tokens: tuple[str, ...]
    head: str = ""
    title: tuple[str, ...] = ()
    dropped_head: str = ""
    descriptor: str = ""
    latin: bool = False

    @property
    def text(self) -> str:
        return " ".join(((self.head,) if self.head else ()) + self.tokens)

    @property
    def skel(self) -> str:
        return " ".join(((self.head,) if self.head else ()) + tuple(tok_skel(t) for t in self.tokens))


def _join_particles(toks: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in _JOIN_NEXT and i + 1 < len(toks):
            nxt = toks[i + 1]
            nxt = nxt[2:] if nxt.startswith("ال") and len(nxt) >= 4 else nxt
            out.append(t + nxt)
            i += 2
            continue
        # عبدالله / عبدالرحمن written as one word
        if t.startswith("عبدال") and len(t) > 6:
            t = "عبد" + t[5:]
        out.append(t)
        i += 1
    return out


@lru_cache(maxsize=300_000)
def name_key(surface: str, type: str) -> NameKey | None:
    """The key of a mention, or None when the surface is not a usable name (too long, no
    letters, more than ``MAX_WORDS`` words): such mentions stay on their own and never merge."""
    if not surface or len(surface) > MAX_SURFACE:
        return None
    ws = words(surface)
    if not ws or len(ws) > MAX_WORDS:
        return None
    latin = not any(_ARABIC.search(w) for w in ws)
    if latin:
        ws = [w.lower() for w in ws]
        if sum(len(w) for w in ws) < 2:
            return None
        return NameKey(type, tuple(ws), latin=True)
    ws = [w for w in ws if _ARABIC.search(w)]  # Latin bits inside an Arabic name are noise
    title: list[str] = []
    head = dropped = descriptor = ""
    # leading words: clitic+article on the first only
    if type == "PER":
        while len(ws) > 1 and (ws[0] in TITLES or strip_article(ws[0], True) in TITLES or
                               (len(ws) > 2 and f"{ws[0]} {ws[1]}" in TITLES)):
            if len(ws) > 2 and f"{ws[0]} {ws[1]}" in TITLES:
                title.append(f"{ws[0]} {ws[1]}")
                ws = ws[2:]
            else:
                title.append(ws[0])
                ws = ws[1:]
    else:
        w0 = ws[0]
        base0 = strip_article(w0, True)
        if len(ws) > 1 and (w0 in DROPPABLE_HEADS or base0 in DROPPABLE_HEADS or "ال" + base0 in DROPPABLE_HEADS):
            dropped = base0
            ws = ws[1:]
        elif len(ws) > 1 and (w0 in ORG_HEADS or "ال" + base0 in ORG_HEADS or base0 in ORG_HEADS):
            head = base0
            ws = ws[1:]
        elif type == "LOC" and len(ws) > 1 and (w0 in PLACE_DESCRIPTORS or "ال" + base0 in PLACE_DESCRIPTORS
                                               or base0 in PLACE_DESCRIPTORS):
            descriptor = base0
            ws = ws[1:]
    toks = [strip_article(ws[0], True)] + [strip_article(w) for w in ws[1:]]
    toks = _join_particles(toks)
    toks = [t for t in toks if t]
    if not toks or sum(len(t) for t in toks) < 2:
        return None
    return NameKey(type, tuple(toks), head, tuple(title), dropped, descriptor)


# -- the learned variation model ---------------------------------------------------------------

_VOWELS = set("اوي")


def _align(a: str, b: str) -> list[tuple[str, str]]:
    """Levenshtein alignment of two words as (x, y) operations ('' = gap)."""
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    ops: list[tuple[str, str]] = []
    i, j = n, m
    while i or j:
        if i and j and d[i][j] == d[i - 1][j - 1] + (a[i - 1] != b[j - 1]):
            ops.append((a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append((a[i - 1], ""))
            i -= 1
        else:
            ops.append(("", b[j - 1]))
            j -= 1
    return ops[::-1]


@dataclass
class VariantModel:
    """Weighted edit distance over folded Arabic words. ``costs`` maps an operation
    ``"x>y"`` (substitution), ``">y"`` (insertion) or ``"x>"`` (deletion) — symmetric, stored
    with the smaller side first — to a cost in (0, 1]; unseen operations cost 1. Edits on the
    first or last letter pay ``edge_penalty`` more (ماريو ≠ ماريا). ``threshold`` (per word,
    scaled by length) decides "same name"."""

    costs: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.6
    per_char: float = 0.05
    edge_penalty: float = 0.5
    distinct: frozenset[tuple[str, str]] = frozenset()
    meta: dict = field(default_factory=dict)
    consonant_indel_min: float = 0.0  # floor on inserting/deleting a letter other than ا و ي ء ه
    weights: list[float] = field(default_factory=list)  # logistic layer over ``features`` (empty: threshold only)
    lr_threshold: float = 0.5

    def __post_init__(self) -> None:
        self._memo: dict[str, bool] = {}
        self._pair: dict[tuple[str, str], float] = {}
        if self.consonant_indel_min:
            for op in list(self.costs):
                x, _, y = op.partition(">")
                ch = x or y
                if (not x or not y) and ch not in "اويءه":
                    self.costs[op] = max(self.costs[op], self.consonant_indel_min)

    @staticmethod
    def _op(x: str, y: str) -> str:
        return f"{x}>{y}" if (x, y) <= (y, x) else f"{y}>{x}"

    def op_cost(self, x: str, y: str) -> float:
        if x == y:
            return 0.0
        c = self._pair.get((x, y))
        if c is None:
            c = self._pair[(x, y)] = self.costs.get(self._op(x, y), 1.0)
        return c

    def distance(self, a: str, b: str) -> float:
        return _distance(self, a, b)

    def limit(self, a: str, b: str) -> float:
        return self.threshold + self.per_char * max(0, min(len(a), len(b)) - 4)

    def same_word(self, a: str, b: str) -> bool:
        """Are two folded, article-stripped words spellings of one name?"""
        if a == b:
            return True
        memo = self._memo
        k = a + "|" + b
        v = memo.get(k)
        if v is None:
            v = self._same_word(a, b)
            if len(memo) > 2_000_000:
                memo.clear()
            memo[k] = memo[b + "|" + a] = v
        return v

    def _same_word(self, a: str, b: str) -> bool:
        if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 3:
            return False
        if (a, b) in self.distinct or (b, a) in self.distinct:
            return False
        d = _distance(self, a, b)
        if self.weights:
            if d > 2.5:  # far beyond anything the logistic layer accepts
                return False
            return self.score(a, b) >= self.lr_threshold
        return d <= self.limit(a, b)

    def features(self, a: str, b: str) -> list[float]:
        """Pair features for the logistic layer: weighted distance (and over the limit),
        counts of consonant insertions/deletions, consonant substitutions across letter classes,
        vowel/consonant swaps, edits on the first/last letter, equal skeletons, lengths."""
        d = _distance(self, a, b)
        ops = _align(a, b)
        c_indel = c_sub = vc_sub = v_edit = 0
        first = last = 0.0
        pos_a = 0
        for x, y in ops:
            if x == y:
                pos_a += 1
                continue
            edge_first = pos_a == 0
            edge_last = pos_a >= len(a) - 1
            if not x or not y:
                ch = x or y
                if ch in "اويءه":
                    v_edit += 1
                else:
                    c_indel += 1
            elif (x in "اوي") != (y in "اوي"):
                vc_sub += 1
            elif x in "اوي":
                v_edit += 1
            elif tok_skel(x) != tok_skel(y):
                c_sub += 1
            first = max(first, 1.0 if edge_first else 0.0)
            last = max(last, 1.0 if edge_last else 0.0)
            if x:
                pos_a += 1
        return [1.0, d, max(0.0, d - self.limit(a, b)), float(c_indel), float(c_sub), float(vc_sub), float(v_edit),
                first, last, float(tok_skel(a) == tok_skel(b)), min(len(a), len(b)) / 8.0,
                abs(len(a) - len(b)) / 4.0]

    def score(self, a: str, b: str) -> float:
        """Probability-like score that two words are spellings of one name (logistic layer)."""
        z = sum(w * f for w, f in zip(self.weights, self.features(a, b)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    # -- training ---------------------------------------------------------------------------

    @classmethod
    def train(cls, groups: Iterable[Iterable[str]], *, smoothing: float = 1.0, scale: float = 8.0) -> "VariantModel":
        """Learn operation costs from groups of spellings of one name: align every pair in a
        group, count operations per source letter, cost = 0.1 + -ln(p)/scale (capped at 1)."""
        ops: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        npairs = 0
        for g in groups:
            g = sorted(set(g))
            for i in range(len(g)):
                for j in range(i + 1, len(g)):
                    a, b = g[i], g[j]
                    npairs += 1
                    for x, y in _align(a, b):
                        chars[x or y] += 1
                        if x != y:
                            ops[cls._op(x, y)] += 1
        costs: dict[str, float] = {}
        for op, n in ops.items():
            x, _, y = op.partition(">")
            base = max(chars[x] if x else 0, chars[y] if y else 0, 1)
            p = (n + 0.0) / (base + smoothing)
            costs[op] = round(min(1.0, max(0.1, 0.1 + (-math.log(p)) / scale)), 3)
        return cls(costs=costs, meta={"pairs": npairs, "ops": sum(ops.values())})

    def fit_logistic(self, pos: list[tuple[str, str]], neg: list[tuple[str, str]], *, l2: float = 1.0,
                     iters: int = 300, lr: float = 0.5) -> None:
        """Fit the logistic layer (balanced classes, L2, batch gradient descent in numpy)."""
        import numpy as np

        X = np.array([self.features(a, b) for a, b in pos] + [self.features(a, b) for a, b in neg])
        y = np.array([1.0] * len(pos) + [0.0] * len(neg))
        sw = np.where(y == 1, 0.5 / max(1, len(pos)), 0.5 / max(1, len(neg)))
        w = np.zeros(X.shape[1])
        for _ in range(iters):
            p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
            g = X.T @ (sw * (p - y)) + l2 * w / len(y)
            w -= lr * g * 10
        self.weights = [round(float(v), 5) for v in w]

    def to_json(self) -> dict:
        return {"costs": self.costs, "threshold": self.threshold, "per_char": self.per_char,
                "edge_penalty": self.edge_penalty, "consonant_indel_min": self.consonant_indel_min,
                "weights": self.weights, "lr_threshold": self.lr_threshold, "distinct": sorted("|".join(p) for p in self.distinct),
                "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict) -> "VariantModel":
        return cls(costs=d["costs"], threshold=d["threshold"], per_char=d.get("per_char", 0.05),
                   edge_penalty=d.get("edge_penalty", 0.5), consonant_indel_min=d.get("consonant_indel_min", 0.0),
                   weights=d.get("weights", []), lr_threshold=d.get("lr_threshold", 0.5),
                   distinct=frozenset(tuple(p.split("|")) for p in d.get("distinct", [])), meta=d.get("meta", {}))


def _distance(model: VariantModel, a: str, b: str) -> float:
    return _dist_cached(id(model), a, b, model)


_CACHE: dict[tuple[int, str, str], float] = {}


def _dist_cached(mid: int, a: str, b: str, model: VariantModel) -> float:
    k = (mid, a, b) if a <= b else (mid, b, a)
    v = _CACHE.get(k)
    if v is not None:
        return v
    if len(_CACHE) > 1_000_000:
        _CACHE.clear()
    n, m = len(a), len(b)
    cost = model.op_cost
    ef = 1.0 + model.edge_penalty  # edits on the first or last letter cost more
    # deletion / insertion costs per position (a doubled letter written once is cheap)
    dl = [0.15 if i and a[i - 1] == a[i] else cost(a[i], "") * (ef if i in (0, n - 1) else 1.0) for i in range(n)]
    il = [0.15 if j and b[j - 1] == b[j] else cost("", b[j]) * (ef if j in (0, m - 1) else 1.0) for j in range(m)]
    prev = [0.0] * (m + 1)
    for j in range(m):
        prev[j + 1] = prev[j] + il[j]
    for i in range(n):
        ai = a[i]
        e_i = i == 0 or i == n - 1
        di = dl[i]
        cur = [prev[0] + di] + [0.0] * m
        for j in range(m):
            bj = b[j]
            if ai == bj:
                sub = prev[j]
            else:
                c = cost(ai, bj)
                sub = prev[j] + (c * ef if (e_i or j == 0 or j == m - 1) else c)
            dele = prev[j + 1] + di
            ins = cur[j] + il[j]
            cur[j + 1] = sub if sub <= dele and sub <= ins else (dele if dele <= ins else ins)
        prev = cur
    v = prev[m]
    _CACHE[k] = v
    return v


_MODEL: VariantModel | None = None


def variant_model() -> VariantModel:
    """The shipped variation model (``rasd/models/resolve/variants.json``); a rule-only
    fallback when it is absent."""
    global _MODEL
    if _MODEL is None:
        try:
            p = files("rasd").joinpath("models/resolve/variants.json")
            _MODEL = VariantModel.from_json(json.loads(p.read_text(encoding="utf-8")))
        except (FileNotFoundError, OSError):
            _MODEL = rule_model()
    return _MODEL


def rule_model() -> VariantModel:
    """Hand-written costs (used when no learned model is shipped, and as a baseline)."""
    c: dict[str, float] = {}
    for v in "اوي":
        c[VariantModel._op("", v)] = 0.25
    for x, y, w in [("ج", "غ", 0.3), ("ج", "ك", 0.4), ("غ", "ك", 0.3), ("ق", "ك", 0.4), ("ت", "ط", 0.3),
                    ("س", "ص", 0.3), ("ز", "ذ", 0.4), ("ه", "ة", 0.1), ("ا", "ي", 0.5), ("و", "ي", 0.6),
                    ("", "ء", 0.2), ("", "ه", 0.5), ("ث", "س", 0.4), ("د", "ض", 0.4), ("ف", "ب", 0.6)]:
        c[VariantModel._op(x, y)] = w
    return VariantModel(costs=c, meta={"source": "rules"})
