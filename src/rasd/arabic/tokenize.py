"""Tokenisation with offsets, exposing Arabic proclitics.

``tokenize(text)`` returns ``Token``s (half-open offsets into ``text``). For Arabic words,
``base_start`` is where the word proper begins after its proclitics — the conjunctions و ف, the
prepositions ب ل ك, the article ال, and لل (ل + ال) — so that لداعش matches داعش and والعراق
matches العراق. ``split_clitics(word)`` gives the split for one word.

Splitting a single-letter proclitic is ambiguous (وزير is not و + زير). The rule: the article
combinations (ال، وال، بال، فال، كال، لل، ولل …) are always split; a bare و/ف/ب/ل/ك is split when
what remains is at least three letters and the unsplit word is not a known word that merely
begins with that letter (``NOT_CLITIC``), and corpus counts (``rasd.arabic.lexicon``) say the
remainder is a word in its own right: وفرنسا splits, وصلت and كتاب do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Token
from .lexicon import MIN_COUNT, RATIO, word_counts
from .normalize import fold

__all__ = ["tokenize", "split_clitics", "TOKEN_RE", "NOT_CLITIC", "strip_proclitics"]

_AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
_AR_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_AR_PRES = "\ufb50-\ufdff\ufe70-\ufefc"
_JOINERS = "\u200c\u200d"

TOKEN_RE = re.compile(
    rf"(?P<word>[{_AR_LETTERS}{_AR_PRES}][{_AR_LETTERS}{_AR_MARKS}{_AR_PRES}{_JOINERS}]*)"
    rf"|(?P<number>[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*)"
    r"|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*)"
    r"|(?P<punct>[^\w\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]|_)"
    r"|(?P<other>[^\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+?(?=\s|$|[^\w]))",
    re.UNICODE,
)

# Frequent words that begin with a letter that could be a proclitic but is part of the word.
# Folded spelling (rasd.arabic.normalize.fold). Deliberately general-vocabulary, not names from
# our examples; the lexicon below extends it from corpus counts.
NOT_CLITIC = frozenset(
    fold(w)
    for w in """
    وزير وزيرة وزارة وزراء ولاية ولايات وكالة وكالات وطني وطنية وقت وضع وصل وصول وفد وفود وقع وقوع ولد
    وسط وسيلة وسائل وجه وجود وحدة وحدات واقع واحد واحدة وثيقة وجهة ورقة وعد وعود وقف وقود ورد وزن ولي
    وسع وصف وظيفة وفاة وفق وكيل وكلاء
    بلد بلاد بلدة بلدية بيان بيانات بين بعد بعض بحث بحر بحرية برلمان برنامج بنك بيت بشكل بسبب بدء بداية
    بدون بناء بريد بطل بطولة بقاء بقية بلغ بات باب بغداد بيروت برلين بريطانيا بلجيكا بنغلادش باريس بكين
    لقاء لجنة لجان لبنان لكن لدى لها له لهم لم لن لا ليبيا لندن لواء لحظة لغة لعب لاعب لاعبين لائحة لون ليلة
    فرنسا فريق فرق فيه فيها فترة فكرة فعل فقط فوق فوز فلسطين فنزويلا فيينا فصيل فصائل فندق فرع فرص فرصة
    كان كانت كبير كبيرة كل كما كلمة كتاب كتلة كتائب كرة كردستان كركوك كندا كوريا كيلو كمية كلفة كافة كأس
    """.split()
)

_ARTICLE_RE = re.compile(r"^(?:(?P<conj>[وف])?(?P<prep>[بكل])?(?P<al>ال)|(?P<conj2>[وف])?(?P<lil>لل))")
_SINGLE_RE = re.compile(r"^(?P<conj>[وف])?(?P<prep>[بكل])?")


def _protected(folded: str) -> bool:
    return folded in NOT_CLITIC


@lru_cache(maxsize=200_000)
def _split_folded(f: str) -> int:
    """Number of leading characters of the folded word that are proclitics."""
    if len(f) < 3 or _protected(f):
        return 0
    m = _ARTICLE_RE.match(f)
    if m:
        if m.group("lil"):
            # ل + لبنان is also written لل…: keep a protected word whole
            n = m.start("lil")
            if _protected(f[n + 1 :]):
                return n + 1
            # للقوات = ل + (ا)لقوات: the article's alef is dropped, the base is قوات
            return m.end() if len(f) - m.end() >= 2 else 0
        # the article stays on the base: والعراق -> العراق
        return m.start("al") if len(f) - m.end() >= 2 else 0
    m = _SINGLE_RE.match(f)
    cands = [n for n in range(m.end() if m else 0, 0, -1) if len(f) - n >= 3]
    if not cands:
        return 0
    counts = word_counts()
    cw = counts.get(f, 0)
    best, best_count = 0, -1
    for n in cands:  # the remainder must be a word in its own right; the commonest wins
        rest = f[n:]
        cr = 10**9 if _protected(rest) else counts.get(rest, 0)
        if cr >= max(MIN_COUNT, RATIO[f[0]] * cw) and cr > best_count:
            best, best_count = n, cr
    if best:
        return best
    if cw or not counts:
        # a known word whose remainder is not (وصلت, كتاب), or no lexicon to ask
        return 0 if counts else cands[0]
    # an unknown word with unknown remainders: only the conjunctions are likely
    return 1 if f[0] in "وف" else 0


@lru_cache(maxsize=200_000)
def split_clitics(word: str) -> tuple[str, str]:
    """Split ``word`` into (proclitics, base) on its original characters."""
    n = _split_folded(fold(word))
    if n == 0:
        return "", word
    # walk the original word counting letters (diacritics/tatweel do not count)
    i = count = 0
    while i < len(word) and count < n:
        if fold(word[i]):
            count += 1
        i += 1
    while i < len(word) and not fold(word[i]):
        i += 1
    if i < len(word) and word[i] in _NO_WORD_START:
        return "", word  # فؤاد is not ف + ؤاد: no Arabic word begins with ؤ ئ ة ى
    return word[:i], word[i:]


_NO_WORD_START = frozenset("ؤئةى")


def strip_proclitics(word: str) -> str:
    """The base of ``word`` (``split_clitics(word)[1]``)."""
    return split_clitics(word)[1]


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets; Arabic words carry ``base_start`` after proclitics."""
    out: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        s, e = m.span()
        if kind == "word":
            w = m.group()
            pre, _ = split_clitics(w)
            out.append(Token(s, e, "word", s + len(pre)))
        else:
            out.append(Token(s, e, kind, s))
    return out
