"""The ``amounts`` stage: money, counts and percentages with values, units and qualifiers.

Built on ``rasd.arabic.numbers.find_numbers`` over the normalised text (one regex pass), then a
few anchored look-ups around each number: the currency or percent sign after it (or a symbol
before it), the counted noun after it, a qualifier before it (أكثر من، نحو …) and a range
(من 5 إلى 10، بين 3 و5 ملايين). Spans are reported in original offsets.

Span conventions (docs/amounts-times.md): money spans the number and the currency with its
adjective ("750 ألف دولار أمريكي"); percentages span the number and the sign or word ("5 في
المئة"); counts span the number only, the counted noun is ``unit_start``/``unit_end``; the
qualifier words are not in the span (they are the ``qualifier`` field); proclitics (بـ، و) are
never in the span. Numbers that are years, dates, clock times, durations (خمس سنوات belongs to
the times stage), ordinals or identifiers (المادة 5، القرار 2254) are not amounts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..arabic.normalize import Normalized, fold, normalize
from ..arabic.numbers import NumberSpan, find_numbers, word_alt
from ..document import Amount, Document
from ..pipeline import Context, stage
from .currencies import match_currency, match_currency_before
from .amtime_common import MATCH_RULES, doc_normalized, doc_numbers, is_arabic_doc
from .timelex import MONTHS, TIME_UNIT_WORDS

__all__ = ["find_amounts", "amounts_in", "amounts_stage"]

_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "more_than": (
        "أكثر من", "اكثر من", "ما يزيد عن", "ما يزيد على", "يزيد عن", "يزيد على", "ما يربو على", "ما يربو عن",
        "يربو على", "أزيد من", "ما لا يقل عن", "لا يقل عن", "لا تقل عن", "ما يفوق", "يفوق", "يتجاوز", "تتجاوز",
        "أكثر قليلا من", "فوق",
    ),
    "less_than": (
        "أقل من", "ما يقل عن", "دون", "ما دون", "لا يتجاوز", "لا تتجاوز", "ما لا يزيد عن", "ما لا يزيد على",
        "لا يزيد عن", "لا يزيد على", "أدنى من", "أقل قليلا من",
    ),
    "about": (
        "نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقارب", "يقارب", "تقارب", "ما يناهز", "يناهز", "تناهز",
        "ما يقرب من", "ما يعادل", "قرابه", "تقريبا", "نحوا من",
    ),
}
_PERCENT_WORDS = ("بالمئة", "بالمائة", "في المئة", "في المائة", "بالمية", "في المية", "%", "٪")
_POINT_WORDS = ("نقطة مئوية", "نقاط مئوية", "نقطه مئويه")
# the word before a number that makes it an identifier, a year or a clock time, not an amount
_ID_BEFORE = (
    "عام", "العام", "سنة", "السنة", "عامي", "سنتي", "رقم", "الرقم", "المادة", "مادة", "القرار", "قرار", "الفقرة",
    "البند", "صفحة", "الصفحة", "ص", "الساعة", "الدقيقة", "العدد", "الطبعة", "الجولة", "الأسبوع", "الموسم",
    "الطريق", "طريق", "شارع", "الشارع", "الحلقة", "الجزء", "الفصل", "المرتبة", "المركز", "الدورة", "القمة",
    "مجموعة", "المجموعة", "فئة", "كود", "موديل", "إصدار", "الإصدار", "نسخة", "قانون", "القانون", "منذ",
)
# a word after a number that is not the thing counted
_NOT_NOUN = (
    "في من إلى الى على عن مع منذ حتى بعد قبل خلال عند لدى نحو حول بين ضد دون عبر وفق وفقا حسب بحسب مقابل "
    "و أو ثم أم بل لكن لا لم لن قد إن أن إنه أنه كما ما ماذا لماذا هل هذا هذه ذلك تلك هؤلاء الذي التي الذين "
    "هو هي هم هن نحن أنا أنت كان كانت يكون تكون كانوا ليس ليست قال قالت يقول تقول أكد أعلن أضاف وقال وقالت "
    "تم يتم جرى سيتم فقط أيضا تقريبا نفسه نفسها ذاته ذاتها كل بعض جميع أي غير سوى أكثر أقل آخر آخرين "
    "بالمئة بالمائة مئوية المقبل الماضي القادم الجاري الحالي الماضية المقبلة الأخيرة الأخير الأولى الأول "
    "م هـ ه ميلادي ميلادية هجري هجرية ق بالضبط بتوقيت مقارنة ومقارنة مقابل"
).split()
_YEAR_COUNT_NOUNS = (
    "شخص أشخاص قتيل قتلى جريح جرحى مصاب مصابين إصابة إصابات حالة حالات طفل أطفال امرأة نساء رجل رجال جندي "
    "جنود عنصر عناصر مقاتل مقاتلين مدني مدنيين لاجئ لاجئين نازح نازحين معتقل معتقلين أسير أسرى سجين سجناء "
    "عامل عمال موظف موظفين طالب طلاب منزل منازل مبنى مباني سيارة سيارات طن برميل متر كيلومتر كيلو وحدة "
    "وحدات مشروع مشاريع شركة شركات مسافر مسافرين زائر زوار مشارك مشاركين عضو أعضاء صاروخ صواريخ سهم أسهم "
    "فرصة وظيفة وظائف ميغاواط هكتار دونم"
).split()
_CHANGE_VERBS = (
    "ارتفع", "ارتفاع", "يرتفع", "ترتفع", "انخفض", "انخفاض", "ينخفض", "تنخفض", "زاد", "زيادة", "يزيد", "تزيد", "رفع",
    "يرفع", "ترفع", "خفض", "يخفض", "تخفض", "تخفيض", "تراجع", "يتراجع", "تتراجع", "قفز", "يقفز", "تقفز", "هبط",
    "يهبط", "تهبط", "صعد", "يصعد", "تصعد", "نما", "ينمو", "تنمو", "تضاعف", "يتضاعف", "انتقل", "تحول", "تغير", "من المقرر",
)
_ORDINAL_WORDS = (
    "أول", "حادي", "حادية", "ثاني", "ثانية", "ثالث", "ثالثة", "رابع", "رابعة", "خامس", "خامسة", "سادس", "سادسة",
    "سابع", "سابعة", "ثامن", "ثامنة", "تاسع", "تاسعة", "عاشر", "عاشرة",
)
_COMPARE = ("مقارنة مع", "مقارنة ب", "مقارنة بـ", "مقابل", "بدلا من", "من أصل", "مقارنة")
_UNSAFE_BARE = ("ست", "سبع", "تسع", "عشر", "خمس", "ثمان", "ثماني", "اربع", "ثلاث", "واحد", "واحدة", "واحدا")


class _AmtLex(NamedTuple):
    qual_before: re.Pattern[str]
    qual_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    id_before: re.Pattern[str]
    noun_after: re.Pattern[str]
    unit_after: re.Pattern[str]
    range_between: re.Pattern[str]
    range_lead: re.Pattern[str]
    not_noun: frozenset[str]
    year_nouns: frozenset[str]
    unsafe_bare: frozenset[str]
    qual_kind: dict[str, str]
    change_verb: re.Pattern[str]
    list_marker: re.Pattern[str]
    compare_before: re.Pattern[str]


@lru_cache(maxsize=1)
def _lex() -> _AmtLex:
    qual_kind = {fold(w): k for k, ws in _QUALIFIERS.items() for w in ws}
    quals = word_alt(qual_kind)
    pct = word_alt(fold(w) for w in _PERCENT_WORDS)
    pts = word_alt(fold(w) for w in _POINT_WORDS)
    ids = word_alt(fold(w) for w in _ID_BEFORE)
    months = word_alt(fold(w) for ws in MONTHS.values() for w in ws)
    ordinals = word_alt(fold(w) for w in _ORDINAL_WORDS)
    units = word_alt(fold(w) for w in TIME_UNIT_WORDS)
    sp = r"[^\S\n]"
    return _AmtLex(
        qual_before=re.compile(rf"(?<!\w)[وفبل]?(?P<q>{quals}){sp}+(?:من{sp}+)?(?:ال)?$"),
        qual_after=re.compile(rf"{sp}*(?P<q>{word_alt([fold('تقريبا'), fold('فقط')])})(?!\w)"),
        percent_after=re.compile(rf"{sp}*(?:(?P<pts>{pts})|(?P<pct>{pct}))(?!\w)"),
        id_before=re.compile(rf"(?:(?<!\w)[وفبل]?{ids}{sp}*[(]?{sp}*|\d{sp}?[/:.]{sp}?|\d{sp}?-{sp}?|(?<!\w)(?:ال)?{ordinals}{sp}+(?:و(?:ال)?)?|{months}{sp}*[/-]?{sp}*)$"),
        noun_after=re.compile(rf"{sp}+(?P<min>من{sp}+)?(?:ال)?(?P<w>[\u0621-\u064a]{{2,}})"),
        unit_after=re.compile(
            rf"(?:{sp}?[/:.]{sp}?\d|-\d{{1,2}}-\d|{sp}?-{sp}?(?:\d|صفر)|[A-Za-z]|{sp}*(?:م|ه|هـ)(?!\w)|{sp}*(?:[وفبل]?ال)?(?:{units}|{months})(?!\w))"
        ),
        range_between=re.compile(rf"{sp}*(?:-|–|{word_alt([fold('إلى'), fold('حتى')])}|و|ل){sp}*(?:[وبل]?ال)?$"),
        range_lead=re.compile(rf"(?<!\w)(?P<lead>[وف]?(?:من|بين|ما{sp}+بين)){sp}+$"),
        not_noun=frozenset(fold(w) for w in _NOT_NOUN),
        year_nouns=frozenset(fold(w) for w in _YEAR_COUNT_NOUNS),
        unsafe_bare=frozenset(fold(w) for w in _UNSAFE_BARE),
        qual_kind=qual_kind,
        list_marker=re.compile(rf"{sp}*[.\-–)]"),
        compare_before=re.compile(rf"(?<!\w)[وب]?{word_alt(fold(w) for w in _COMPARE)}(?:{sp}+(?:ب|مع|نحو|حوالي))?{sp}*$"),
        # "ارتفع من 5 إلى 10" is a change between two amounts, not a range
        change_verb=re.compile(rf"(?<!\w)[وف]?(?:{word_alt(fold(w) for w in _CHANGE_VERBS)})\w{{0,3}}(?!\w)"),
    )


class _Cand(NamedTuple):
    start: int  # normalised offsets
    end: int
    kind: str
    value: float
    unit: str | None
    unit_start: int | None
    unit_end: int | None
    vague: bool
    num: NumberSpan


def _is_yearish(ns: NumberSpan, norm: str) -> bool:
    return ns.digits_only and 1800 <= ns.value <= 2100 and ns.value == int(ns.value) and (ns.end - ns.start) == 4


def _classify(norm: str, ns: NumberSpan, lx: _AmtLex, memory: dict[str, str]) -> _Cand | None:
    """What the number ``ns`` is: money, percent, count, number — or None (a year, a date part,
    an identifier, a duration)."""
    s, e = ns.start, ns.end
    # proclitics are outside the span; look at what precedes them
    pre = s
    while pre > 0 and norm[pre - 1] in "وفبلكـ":
        pre -= 1
    cur = match_currency(norm, e, memory)
    if cur is not None:
        return _Cand(s, cur.end, "money", ns.value, cur.code, cur.start, cur.end, ns.vague, ns)
    pm = lx.percent_after.match(norm, e)
    if pm is not None:
        return _Cand(s, pm.end(), "percent", ns.value, "pp" if pm.group("pts") else "%", pm.start(pm.lastgroup), pm.end(), ns.vague, ns)
    before = match_currency_before(norm, pre, memory)
    if before is not None and (before.explicit and before.family is None or (ns.value == 1 and ns.n_tokens == 1 and ns.words)):
        return _Cand(before.start, e, "money", ns.value, before.code, before.start, before.end, ns.vague, ns)
    if lx.unit_after.match(norm, e):
        return None
    if (pre == 0 or norm[pre - 1] == "\n") and lx.list_marker.match(norm, e):
        return None  # "3 - ..." at the start of a line: a list item number  # a duration, a date, a year with an era mark, a clock time
    if lx.id_before.search(norm, max(0, pre - 30), pre):
        return None
    if ns.definite and not ns.vague:
        return None  # الاثنين (Monday), الـ17 (17th), الثلاثة alone: not quantities
    yearish = _is_yearish(ns, norm)
    nm = None if ns.fraction_only else lx.noun_after.match(norm, e)
    if nm is not None:
        w = nm.group("w")
        noun_def = norm.startswith("ال", nm.start("w") - 2) if nm.start("w") >= 2 else False
        ok = w not in lx.not_noun and not (yearish and w not in lx.year_nouns)
        if ok and nm.group("min") and not noun_def:
            ok = False
        if ok and noun_def and not (ns.vague or nm.group("min")):
            ok = False
        if ok:
            us = nm.start("w") - (2 if noun_def else 0)
            return _Cand(s, e, "count", ns.value, None, us, nm.end("w"), ns.vague, ns)
    if yearish or ns.vague or ns.fraction_only:
        return None
    if ns.words and ns.n_tokens == 1 and norm[s:e] in lx.unsafe_bare:
        return None
    return _Cand(s, e, "number", ns.value, None, None, None, False, ns)


def amounts_in(norm: Normalized, numbers: list[NumberSpan] | None = None) -> list[Amount]:
    """Amounts in an already normalised text (spans mapped back to the original)."""
    lx = _lex()
    t = norm.text
    nums = find_numbers(t) if numbers is None else numbers
    memory: dict[str, str] = {}
    last_money_end = 0
    cands: list[_Cand | None] = [_classify(t, ns, lx, memory) for ns in nums]
    out: list[Amount] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if c is None:
            i += 1
            continue
        qual = "exact"
        value, vmax = c.value, None
        start, end = c.start, c.end
        kind, unit, us, ue = c.kind, c.unit, c.unit_start, c.unit_end
        # a range: من 5 إلى 10 دولارات، بين 3 و5 ملايين، 20-30%
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and c.kind in ("number", nxt.kind) and 0 <= nxt.start - c.end < 12:
            between = t[c.end : nxt.start]
            bm = lx.range_between.match(between) if between else None
            lead = lx.range_lead.search(t, max(0, c.start - 12), _before_proclitics(t, c.start))
            joined_by_wa = bm is not None and between.strip().startswith("و")
            both_units = c.kind != "number" and nxt.kind != "number"
            change = lx.change_verb.search(t, max(0, c.start - 60), c.start) is not None
            if bm is not None and (
                (joined_by_wa and lead is not None and "بين" in lead.group("lead"))
                or (not joined_by_wa and not both_units and not change)
            ):
                lo = c.value
                if c.num.digits_only and not nxt.num.digits_only and nxt.value >= 1000 * lo and lo < 1000:
                    scale = _scale_of(nxt.num.value)
                    lo = lo * scale if scale else lo
                if lo < nxt.value:
                    value, vmax, qual = lo, nxt.value, "range"
                    end = nxt.end
                    if nxt.kind != "number":
                        kind, unit, us, ue = nxt.kind, nxt.unit, nxt.unit_start, nxt.unit_end
                    i += 1
        if qual == "exact":
            qm = lx.qual_before.search(t, max(0, c.start - 30), _before_proclitics(t, c.start))
            if qm is not None:
                qual = lx.qual_kind.get(qm.group("q"), "exact")
            else:
                am = lx.qual_after.match(t, end)
                if am is not None and am.group("q") == fold("تقريبا"):
                    qual = "about"
        if c.vague and qual == "exact":
            qual = "more_than"
        if kind == "number" and c.num.words and _scale_of(value) and out and out[-1].kind == "money":
            # "1.9 مليار دولار مقارنة مع 1.6 مليار": the compared amount is in the same currency
            if lx.compare_before.search(t, max(0, c.start - 25), _before_proclitics(t, c.start)) and "\n" not in t[last_money_end:start]:
                kind, unit = "money", out[-1].unit
        if kind == "count":
            unit = norm.original[slice(*norm.span_to_orig(us, ue))]
        os_, oe = norm.span_to_orig(start, end)
        ous, oue = norm.span_to_orig(us, ue) if us is not None else (None, None)
        out.append(Amount(os_, oe, kind, value, vmax, unit, qual, ous, oue))
        if kind == "money":
            last_money_end = end
        i += 1
    return out


def _before_proclitics(t: str, s: int) -> int:
    while s > 0 and t[s - 1] in "وفبلكـ" and (s < 2 or not t[s - 2].isalpha() or t[s - 2] in "وفبلك"):
        s -= 1
    return s


def _scale_of(v: float) -> float:
    for sc in (1e12, 1e9, 1e6, 1e3):
        if v >= sc:
            return sc
    return 0.0


def find_amounts(text: str) -> list[Amount]:
    """Money, counts, percentages and plain numbers in ``text`` (no Document needed)."""
    if not text:
        return []
    return amounts_in(normalize(text, MATCH_RULES))


@stage("amounts", requires=["tokens", "sentences", "language"], provides=["amounts"], arabic_only=True)
def amounts_stage(doc: Document, ctx: Context) -> Document:
    """Money, counts and percentages with values, ISO 4217 currencies and qualifiers."""
    if not is_arabic_doc(doc, ctx):
        return doc
    norm = doc_normalized(doc)
    doc.amounts = amounts_in(norm, doc_numbers(doc, norm))
    return doc
