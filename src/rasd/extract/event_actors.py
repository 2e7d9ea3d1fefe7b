"""Word tokens of a sentence with their match keys, and the actor phrases and places in it.

An *actor phrase* is a run of words naming who acts or is acted on: a named-entity mention
(when the ``entities`` stage ran), an entry of the actor dictionaries (PETRARCH actors and
agents, rasd's agent nouns: الجيش، المتظاهرون، وزير الخارجية …), a title followed by a name
(العميد جبار مساعد) or a country. It is extended to the right over what belongs to it:
genitive actors and places (حكومة إقليم كردستان, قوات الأمن), nisba adjectives (الباكستانية),
a few participles (المجهولين، المسلحة) and names. Numbers and quantifiers before it (ستة،
عشرات، آلاف من) are not part of the span but are remembered (``quant``) — the argument rules
use them to spot victims. Every search is bounded (``MAX_EXT`` words per phrase), so a
sentence of three hundred conjoined names costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..arabic.normalize import fold
from ..arabic.numbers import cardinal_words
from ..document import Document, Mention, Token
from .event_lexicon import Lexicon
from .event_morph import stem_key, strip_clitics

__all__ = ["Tok", "Actor", "sentence_toks", "find_actors", "find_places", "FUNCTION_WORDS", "is_quantifier", "MAX_EXT"]

MAX_EXT = 5  # words an actor phrase may grow by to the right

FUNCTION_WORDS = frozenset(
    fold(w)
    for w in """
في من على إلى الى الي عن مع ضد بين حول نحو عند لدى منذ خلال بعد قبل إثر اثر جراء بسبب حتى أن إن ان أنه انه إنه
بأن بان لأن لان كأن بأنه بانه لأنه
أنها انها إنها كان كانت كانوا يكون تكون قد لقد ما لا لم لن هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين او أو
ثم بل كما حيث إذا اذا لو وقال قال قالت وقالت أضاف اضاف وأضاف أكد اكد وأكد أعلن اعلن وأعلن كل بعض غير دون عبر لدي
وفي ومن وعلى وإلى والى وعن ومع وضد وبين فيما بينما عندما حين وسط أمام امام خلف تحت فوق ضمن لكن لكنه ولكن إلا الا
أي اي هو هي هم هما نحن أنا انا أنت انت له لها لهم به بها بهم فيه فيها عليه عليها منه منها إليه اليه ذات نفس ايضا أيضا
وهو وهي وهم بعدما قبيل عقب ليل أمس امس اليوم غدا يوم صباح مساء الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت
الماضي الماضية المقبل المقبلة الجاري الحالي أول اول ثاني الثاني الأخير الاخير الأخيرة عام العام شهر الشهر أسبوع الأسبوع
""".split()
)

_QUANT = frozenset(
    {fold(w) for w in cardinal_words()}
    | {
        fold(w)
        for w in """
        عشرات مئات آلاف الاف ألف الف ألفي الفي آلافا مئة مائة مئتي مائتي مليون ملايين بضع بضعة عدد عددا نحو حوالي حوالى
        قرابة زهاء أكثر اكثر أقل اقل عشرة عشر احد أحد إحدى احدى مجموعة مجموعات عشرات الآلاف الآلاف المئات العشرات
        معظم معظمهم غالبية غالبيتهم أغلب أغلبهم بعض بعضهم عددا عدد عشرات مئات ألفي الفي مليون
        """.split()
    }
)

_MODIFIERS = frozenset(
    stem_key(fold(w))
    for w in """
    خاص خاصة مسلح مسلحة مسلحين مجهول مجهولين مجهولون انتحاري انتحارية معارض معارضة معارضين غاضب غاضبين حاكم الحاكم
    عام العام أعلى الأعلى أول مشترك مشتركة وطني وطنية مركزي مركزية محلي محلية إقليمي إقليمية اتحادي اتحادية
    دولي دولية شعبي شعبية إسلامي إسلامية ثوري ثورية سابق سابقة مؤقت مؤقتة حكومي حكومية عسكري عسكرية أمني أمنية
    """.split()
)

# words ending in ي that are not nisba (nationality/affiliation) adjectives
_NOT_NISBA = frozenset(
    stem_key(fold(w))
    for w in """
    الذي الماضي الماضية الحالي الحالية الثاني الثانية التالي الجاري القاضي الأيدي النادي العالي الراعي الداعي الساعي
    الباقي المباني الأراضي الضواحي النواحي الأهالي المعاني الليالي العادي الثاني الرئيسي الرئيسية الأساسي الأساسية
    السياسي السياسية الحقيقي الحقيقية الطبيعي الإضافي الكافي الفعلي النهائي النهائية الرسمي الرسمية الجماعي الفردي
    الصحفي الصحافي الإعلامي المدني المدنية الأمني الأمنية الفني الطبي الطبية الجوي الجوية البحري البحرية البري
    الميداني الإنساني الإنسانية المالي المالية الاقتصادي الاقتصادية الاجتماعي الثقافي التعليمي الصحي يومي شهري سنوي
    الداخلي الخارجي الخارجية الداخلية الحربي العلني الهاتفي هاتفي
    """.split()
)


_PLACE_HEADS = frozenset(stem_key(fold(w)) for w in "مدينة محافظة بلدة قرية منطقة ولاية إقليم قضاء ناحية حي مخيم العاصمة".split())


# nouns whose agent-looking nisba after them is an adjective (عملية انتحارية، سيارة مفخخة)
_ADJ_HOSTS = frozenset(stem_key(fold(w)) for w in "عملية عمليات سيارة عبوة حزام أحزمة خلية خلايا جماعة جماعات تنظيم هجوم هجمات تفجير".split())


@dataclass(slots=True)
class Tok:
    """A word (or number/punctuation) token of a sentence with its folded forms and keys."""

    i: int
    start: int
    end: int
    base_start: int
    kind: str
    f: str  # folded token
    b: str  # folded base (after the tokenizer's proclitics)
    key: str  # stem key of the base
    article: bool  # the word carries the article (ال، بال، لل …): a noun, not a finite verb
    prep: str  # preposition proclitic on the word (ب ل ك) or ""
    conj: bool  # begins with the conjunction و/ف (as split by the tokenizer)
    marbuta: bool = False  # ends in ة in the original (its folded ه is not a pronoun)
    in_time: bool = False  # inside a time expression of doc.times (skippable between verb and subject)


@dataclass(slots=True)
class Actor:
    """An actor phrase: tokens ``a``..``b`` (inclusive) of the sentence."""

    a: int
    b: int
    start: int
    end: int
    sector: str | None
    kind: str  # mention | dict | agent | title | country | place
    mention: int | None = None
    quant: bool = False  # a number/quantifier right before it (ستة جنود، عشرات المتظاهرين)
    victim: bool = False  # a typical victim noun heads it (مدنيين، أشخاص، جنود)
    partitive: bool = False  # introduced by من after a quantifier (أربعة من عناصر الشرطة)


def _tok(text: str, t: Token, i: int) -> Tok:
    f = fold(text[t.start : t.end])
    bs = t.base_start if t.base_start is not None else t.start
    b = fold(text[bs : t.end]) if bs > t.start else f
    pre = f[: len(f) - len(b)] if bs > t.start else ""
    article = b.startswith("ال") or pre.endswith("لل")
    prep = ""
    p = pre.lstrip("وف")
    if p[:1] in ("ب", "ل", "ك"):
        prep = p[:1]
    raw = text[t.start : t.end].rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")
    return Tok(i, t.start, t.end, bs, t.kind, f, b, stem_key(b), bool(article), prep, pre[:1] in ("و", "ف"), raw.endswith("ة"))


def sentence_toks(doc: Document, start: int, end: int, tokens: list[Token], lo: int) -> tuple[list[Tok], int]:
    """Toks of the sentence [start, end) from ``tokens`` beginning the search at index ``lo``;
    returns them and the index after the last one."""
    out: list[Tok] = []
    i = lo
    n = len(tokens)
    while i < n and tokens[i].start < start:
        i += 1
    while i < n and tokens[i].start < end:
        out.append(_tok(doc.text, tokens[i], len(out)))
        i += 1
    return out, i


def is_quantifier(t: Tok) -> bool:
    return t.kind == "number" or t.b in _QUANT or t.f in _QUANT or strip_clitics(t.b) in _QUANT


@lru_cache(maxsize=50_000)
def _is_nisba(key: str) -> bool:
    return len(key) >= 4 and key.endswith("ي") and key not in _NOT_NISBA


def _nisba_tok(t: Tok) -> bool:
    """A nisba adjective as written (الباكستانية، أميركيون) — not a plural in ات whose stem
    key happens to end in ي (الولايات)."""
    return _is_nisba(t.key) and strip_clitics(t.b).endswith(("ي", "يه", "يين", "يون", "يان", "يتان", "يتين"))


def _dict_match(toks: list[Tok], i: int, lx: Lexicon) -> tuple[int, str] | None:
    """Longest actor-dictionary match starting at token i: (last index, sector)."""
    t = toks[i]
    if t.kind != "word":
        return None
    for key in (t.key, stem_key(strip_clitics(t.f))):
        cands = lx.actors.get(key)
        if not cands:
            continue
        for keys, sector, code in cands:
            n = len(keys)
            if i + n > len(toks):
                continue
            if code.startswith("!") and not t.article:
                continue
            ok = True
            for k in range(1, n):
                tk = toks[i + k]
                if tk.kind != "word" or (tk.key != keys[k] and stem_key(strip_clitics(tk.f)) != keys[k]):
                    ok = False
                    break
            if ok:
                return i + n - 1, sector
    return None


def _place_match(toks: list[Tok], i: int, lx: Lexicon) -> tuple[int, str] | None:
    t = toks[i]
    if t.kind != "word":
        return None
    cands = lx.places.get(t.key) or lx.places.get(stem_key(strip_clitics(t.f)))
    if not cands:
        return None
    for keys, kind in cands:
        n = len(keys)
        if i + n <= len(toks) and all(toks[i + k].kind == "word" and toks[i + k].key == keys[k] for k in range(1, n)):
            return i + n - 1, kind
    return None


def _mention_at(mentions: dict[int, tuple[int, Mention]], toks: list[Tok], i: int) -> tuple[int, int, Mention] | None:
    """A mention starting in token i: (its index in doc.mentions, last token index, mention)."""
    hit = mentions.get(toks[i].start) or mentions.get(toks[i].base_start)
    if not hit:
        return None
    idx, m = hit
    j = i
    while j + 1 < len(toks) and toks[j + 1].start < m.end:
        j += 1
    return idx, j, m


def _in_mention(mentions: dict[int, tuple[int, Mention]], toks: list[Tok], k: int) -> bool:
    """Is token k inside some mention (not only at its start)?"""
    t = toks[k]
    for _idx, m in mentions.values():
        if m.start < t.end and t.start < m.end:
            return True
    return False


def _name_like(t: Tok, lx: Lexicon) -> bool:
    return t.kind == "word" and not t.conj and t.f not in FUNCTION_WORDS and t.b not in FUNCTION_WORDS and not t.prep and t.f not in lx.forms


_OFFICES = frozenset(
    stem_key(fold(w))
    for w in """
رئيس رئيسة وزير وزيرة ملك أمير أميرة سفير سفيرة قنصل مبعوث ممثل متحدث متحدثة مدير مديرة قائد نائب زعيم
مستشار مستشارة أمين محافظ حاكم مندوب مندوبة نظير نظيره نظيرته عاهل ولي
""".split()
)


def _apposed_name(toks: list[Tok], end: int, lx: Lexicon, mentions: dict[int, tuple[int, Mention]],
                  blocked: set[int] | frozenset[int]) -> int:
    """After an office (رئيس حكومة إقليم كردستان، وزير الخارجية الأمريكي) the person's name may
    follow in apposition (… مسرور بارزاني): up to three name-like words, the first without the
    article. Without mentions this is how names are kept with their title."""
    k = end + 1
    if k >= len(toks) or k in blocked:
        return end
    mm = _mention_at(mentions, toks, k)
    if mm is not None:
        return mm[1] if mm[2].type == "PER" else end
    if mentions:
        return end  # with mentions, only a PER mention is taken as the name
    t = toks[k]
    if not _name_like(t, lx) or t.article or t.in_time or _dict_match(toks, k, lx) or _place_match(toks, k, lx):
        return end
    j = k
    while j + 1 < len(toks) and j + 1 - k < 3 and (j + 1) not in blocked:
        u = toks[j + 1]
        if not _name_like(u, lx) or u.in_time or _is_nisba(u.key) and u.article or _place_match(toks, j + 1, lx) or _is_name(toks, j + 1, lx):
            break
        j += 1
    return j


_NATIONALITY_PLURALS = frozenset(stem_key(fold(w)) for w in "الأفغان الأكراد العرب الأتراك الروس الفرس اليهود الأقباط الأرمن الشيشان".split())


def _is_name(toks: list[Tok], k: int, lx: Lexicon) -> bool:
    """A single-word name of the actor dictionary without a sector (a country or people:
    كردستان، إيران) — names do not govern a genitive."""
    t = toks[k]
    for keys, sector, code in lx.actors.get(t.key, ()):
        if len(keys) == 1 and (code.startswith("@") or not sector and re.fullmatch(r"[A-Z]{3}", code.lstrip("@!"))):
            return True
    return False


def _definite_or_name(toks: list[Tok], k: int, lx: Lexicon, mentions: dict[int, tuple[int, Mention]]) -> bool:
    t = toks[k]
    if t.article or _mention_at(mentions, toks, k) or _place_match(toks, k, lx):
        return True
    dm = _dict_match(toks, k, lx)
    return bool(dm) and _named(toks, k, dm[0], lx)


def _named(toks: list[Tok], a: int, b: int, lx: Lexicon) -> bool:
    """Is the dictionary match a name (a PETRARCH named actor: حماس، طالبان) rather than a
    generic agent noun (جنود، شرطة)?"""
    for keys, _sector, code in lx.actors.get(toks[a].key, ()):
        if len(keys) == b - a + 1:
            return code.startswith("@")
    return False


def _extend(
    toks: list[Tok], j: int, lx: Lexicon, mentions: dict[int, tuple[int, Mention]], blocked: set[int] | frozenset[int] = frozenset()
) -> tuple[int, str | None]:
    """Grow a phrase ending at j to the right; returns the new end and a sector found on the
    way. A genitive (an actor, a place, a mention or any definite noun) is taken only after a
    word in the construct state (no article: قوات الأمن، حراس الأمن، حكومة إقليم كردستان); nisba
    adjectives and a few participles are taken after anything (الجيش الإسرائيلي). So الملك
    الرئيس stays two phrases and الجيش الإسرائيلي عنصرين does not swallow the object."""
    sector = None
    grown = 0
    k = j + 1
    while k < len(toks) and grown < MAX_EXT:
        t = toks[k]
        if t.kind != "word" or t.conj or t.f in FUNCTION_WORDS or t.b in FUNCTION_WORDS or k in blocked:
            break
        if t.prep and t.prep != "ل":
            break
        prev = toks[k - 1]
        construct = (
            not prev.article and not prev.prep == "ل" and not _nisba_tok(prev)
            and not _place_match(toks, k - 1, lx) and not _in_mention(mentions, toks, k - 1) and not _is_name(toks, k - 1, lx)
        )
        if t.prep == "ل" and not t.article:
            break
        mm = _mention_at(mentions, toks, k)
        if mm and (construct or t.prep == "ل"):
            k = mm[1] + 1
            grown += 1
            continue
        dm = _dict_match(toks, k, lx)
        if dm and any(x in blocked for x in range(k, dm[0] + 1)):
            dm = None
        if dm and (construct or t.prep == "ل") and (t.article or _named(toks, k, dm[0], lx) or (dm[0] + 1 < len(toks) and _definite_or_name(toks, dm[0] + 1, lx, mentions))):
            sector = sector or (dm[1] if dm[1] and dm[1] != "proxy" else None)
            grown += dm[0] - k + 1
            k = dm[0] + 1
            continue
        pm = _place_match(toks, k, lx)
        if pm and (construct or t.prep == "ل"):
            grown += pm[0] - k + 1
            k = pm[0] + 1
            continue
        if t.prep == "ل":
            break
        if dm and dm[0] == k and not dm[1] and t.article and toks[k - 1].article and not pm and (
            _nisba_tok(t) or t.key in _NATIONALITY_PLURALS
        ):
            grown += dm[0] - k + 1  # a nationality as adjective: حراس الأمن الأفغان
            k = dm[0] + 1
            continue
        if _nisba_tok(t) or t.key in _MODIFIERS:
            grown += 1
            k += 1
            continue
        if not t.article and not t.prep and t.marbuta and not prev.article and prev.b.endswith("ات"):
            grown += 1  # a non-human plural takes a feminine singular adjective: طائرات مسيرة، عبوات ناسفة
            k += 1
            continue
        if construct and t.article:
            grown += 1  # any definite genitive noun: حراس الأمن
            k += 1
            continue
        break
    return k - 1, sector


def find_actors(
    toks: list[Tok], lx: Lexicon, mentions: dict[int, tuple[int, Mention]] | None = None, blocked: set[int] | frozenset[int] = frozenset(),
    verbal: set[int] | frozenset[int] = frozenset(),
) -> list[Actor]:
    """Actor phrases of a sentence, left to right, not overlapping. Tokens in ``blocked``
    (the triggers) neither start nor extend a phrase unless a mention covers them; ``verbal``
    are the triggers read as verbs. An agent word that is also an adjective (انتحاري،
    إرهابي) right after a noun is the noun's adjective (هجوم انتحاري), not an actor."""
    mentions = mentions or {}
    out: list[Actor] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind != "word" or t.f in FUNCTION_WORDS or (i in blocked and not _mention_at(mentions, toks, i)) or (
            is_quantifier(t) and not _mention_at(mentions, toks, i)
        ):
            i += 1
            continue
        head_end = None
        sector: str | None = None
        kind = ""
        midx = None
        mm = _mention_at(mentions, toks, i)
        if mm and mm[2].type in ("PER", "ORG", "LOC", "GPE", "NORP", "MISC"):
            midx, head_end, kind = mm[0], mm[1], "mention"
        dm = _dict_match(toks, i, lx)
        if dm and (any(k in blocked for k in range(i, dm[0] + 1)) or (dm[0] == i and t.key in _PLACE_HEADS)):
            dm = None
        if head_end is None and t.key in lx.titles:
            j = dm[0] if dm else i
            k0 = j
            while (
                j + 1 < n and j - k0 < 3 and (j + 1) not in blocked and _name_like(toks[j + 1], lx)
                and not _dict_match(toks, j + 1, lx) and not (toks[j + 1].article and _nisba_tok(toks[j + 1]))
            ):
                j += 1
            if j > k0:
                head_end, kind = j, "title"
                sector = dm[1] or None if dm else None
                dm = None
        if dm and dm[0] == i and t.key.endswith("ي") and i > 0 and (i - 1) not in verbal:
            prev = toks[i - 1]
            if ((i - 1) in blocked or prev.key in _ADJ_HOSTS) and prev.article == t.article:
                dm = None  # هجوم انتحاري، عملية إرهابية
        if dm and (head_end is None or dm[0] > head_end):
            head_end, sector, kind = dm[0], dm[1] or None, kind or "dict"
        elif dm and sector is None:
            sector = dm[1] or None
        if sector == "proxy":
            sector, kind = None, "proxy"
        if head_end is None:
            pm = _place_match(toks, i, lx)
            if pm and pm[1] == "country":
                head_end, kind = pm[0], "country"
        if head_end is None and i > 0 and is_quantifier(toks[i - 1]) and _is_nisba(t.key) and not t.article:
            head_end, kind = i, "np"  # خمسة بريطانيين، أربعة أوروبيين
        if head_end is None:
            i += 1
            continue
        end, ext_sector = _extend(toks, head_end, lx, mentions, blocked)
        if kind != "mention" and (t.key in _OFFICES or t.key in lx.titles):
            end = _apposed_name(toks, end, lx, mentions, blocked)
        quant = False
        partitive = False
        k = i - 1
        if k >= 0 and toks[k].b in ("من",) and k - 1 >= 0 and is_quantifier(toks[k - 1]):
            quant = partitive = True
        elif k >= 0 and is_quantifier(toks[k]) or is_quantifier(t):
            quant = True
        victim = t.key in lx.victims or stem_key(strip_clitics(t.f)) in lx.victims
        start = toks[i].base_start if toks[i].base_start < toks[i].end else toks[i].start
        out.append(
            Actor(i, end, start, toks[end].end, sector or ext_sector, kind, midx, quant, victim, partitive)
        )
        i = end + 1
    return out


_PLACE_PREPS = frozenset(fold(w) for w in "في ب قرب بالقرب شمال جنوب شرق غرب وسط داخل أمام امام شمالي جنوبي شرقي غربي".split())


def find_places(toks: list[Tok], lx: Lexicon, mentions: dict[int, tuple[int, Mention]] | None = None) -> list[tuple[int, int, int | None]]:
    """Places governed by a place preposition (في، بـ، قرب، شمال …): (first tok, last tok,
    mention index or None). LOC mentions when there are mentions; gazetteer names and
    مدينة/محافظة/قرية + name otherwise."""
    mentions = mentions or {}
    out: list[tuple[int, int, int | None]] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind != "word":
            continue
        governed = t.prep == "ب" or (i > 0 and (toks[i - 1].f in _PLACE_PREPS or toks[i - 1].b in _PLACE_PREPS))
        if not governed:
            continue
        mm = _mention_at(mentions, toks, i)
        if mm and mm[2].type in ("LOC", "GPE"):
            out.append((i, mm[1], mm[0]))
            continue
        j = i
        if t.key in _PLACE_HEADS and i + 1 < n and toks[i + 1].kind == "word":
            j = i + 1
            pm = _place_match(toks, j, lx)
            last = pm[0] if pm else j
            out.append((i, last, None))
            continue
        pm = _place_match(toks, i, lx)
        if pm:
            out.append((i, pm[0], None))
    return out


def place_after(toks: list[Tok], lx: Lexicon, mentions: dict[int, tuple[int, Mention]] | None, pos: int, prep: str,
                window: int = 5) -> Actor | None:
    """A place introduced by ``prep`` (folded) within ``window`` words after ``pos``, as an
    actor-like target (غارات على غزة)."""
    mentions = mentions or {}
    for k in range(pos + 2, min(len(toks), pos + 1 + window)):
        if toks[k - 1].f != prep or toks[k].kind != "word":
            continue
        mm = _mention_at(mentions, toks, k)
        if mm and mm[2].type in ("LOC", "GPE"):
            end, midx = mm[1], mm[0]
        else:
            pm = _place_match(toks, k, lx)
            if not pm:
                continue
            end, midx = pm[0], None
        t = toks[k]
        return Actor(k, end, t.base_start if t.base_start < t.end else t.start, toks[end].end, None, "place", midx)
    return None
