"""Compiled patterns and word tables of the times stage (``rasd.extract.times``): one regex per
kind of expression, all on folded text, built once per process (``patterns()``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..arabic.normalize import fold
from ..arabic.numbers import cardinal_words, ordinal_regex_source, word_alt
from . import timelex as L
from .amounts import _QUALIFIERS

__all__ = ["patterns", "TimeLex", "SP", "SO", "S1", "key", "QUAL_MOD", "DECADES"]

SP = r"[^\S\n]+"
SO = r"[^\S\n]*"
S1 = r"[^\S\n]?"
PC = r"(?P<pc>[وفبل]{0,2})"  # proclitics before the first word (outside the span)


def _alt(words) -> str:
    """Alternation of folded words; a space inside a phrase matches any run of spaces."""
    return word_alt(fold(w) for w in words).replace(r"\ ", SP)


def key(s: str) -> str:
    return " ".join(s.split())


def _table(d: dict) -> dict[str, object]:
    return {key(fold(w)): k for k, ws in d.items() for w in ws}


_TRIGGERS = {
    "ago": ("قبل", "منذ", "مضى على"),
    "after": ("بعد",),
    "window": ("خلال", "لمدة", "مدة", "طوال", "طيلة", "على مدى", "على مدار", "في غضون", "غضون", "لفترة", "على امتداد"),
}
QUAL_MOD = {"about": "approx", "more_than": "more_than", "less_than": "less_than"}
_FUTURE_CUES = (
    "سوف", "المقرر", "المزمع", "يعتزم", "تعتزم", "سيتم", "سيعقد", "ستعقد", "سيجري", "ستجري", "سيصل", "سيزور",
    "ستبدأ", "سيبدأ", "ستنطلق", "سينطلق", "ستقام", "سيقام", "سيلتقي", "ستشهد", "سيشهد", "يرتقب", "المرتقب", "المنتظر",
)
_TODAY_NOT = (
    "التالي", "الوطني", "العالمي", "الأول", "الثاني", "الثالث", "الأخير", "الواحد", "نفسه", "ذاته", "السابق",
    "الدولي", "المفتوح", "الدراسي", "الذي", "التالية",
)
_HOUR_WORDS = {
    1: ("الواحدة",), 2: ("الثانية",), 3: ("الثالثة",), 4: ("الرابعة",), 5: ("الخامسة",), 6: ("السادسة",),
    7: ("السابعة",), 8: ("الثامنة",), 9: ("التاسعة",), 10: ("العاشرة",), 11: ("الحادية عشرة",), 12: ("الثانية عشرة",),
}
_PM_WORDS = ("مساء", "مساءً", "ليلا", "عصرا", "ظهرا", "م", "بعد الظهر")
_AM_WORDS = ("صباحا", "فجرا", "ص", "صباحاً")
DECADES = {2: "عشرين", 3: "ثلاثين", 4: "أربعين", 5: "خمسين", 6: "ستين", 7: "سبعين", 8: "ثمانين", 9: "تسعين"}


class TimeLex(NamedTuple):
    pats: list[tuple[str, re.Pattern[str], re.Pattern[str]]]  # name, pattern, gate
    unit_after: re.Pattern[str]
    before_num: re.Pattern[str]
    future_cue: re.Pattern[str]
    half_after: re.Pattern[str]
    count_after: re.Pattern[str]
    month: dict[str, object]
    hmonth: dict[str, object]
    wd: dict[str, object]
    dayw: dict[str, object]
    pod: dict[str, object]
    rel: dict[str, object]
    edge: dict[str, object]
    era: dict[str, object]
    season: dict[str, object]
    sets: dict[str, object]
    unit: dict[str, tuple[str, str, int, bool, bool]]
    trig: dict[str, object]
    qual: dict[str, str]
    hourw: dict[str, object]
    pm: frozenset[str]
    risky: frozenset[str]
    risky_h: frozenset[str]
    today_not: frozenset[str]
    plural_units: frozenset[str]
    wd_not_before: re.Pattern[str]
    merge_gap: re.Pattern[str]
    same_day_before: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> TimeLex:
    risky = frozenset(key(fold(w)) for w in L.RISKY_MONTHS)
    MON = _alt(w for ws in L.MONTHS.values() for w in ws)
    HMON = _alt(w for ws in L.HIJRI_MONTHS.values() for w in ws)
    WD = _alt(w for ws in L.WEEKDAYS.values() for w in ws)
    ORD = ordinal_regex_source()
    REL = _alt(L.REL_PAST + L.REL_FUTURE + L.REL_CURRENT)
    LAST = _alt(L.REL_LAST)
    EDGE = _alt(w for ws in L.EDGE_MODS.values() for w in ws)
    ERA = _alt(L.ERA_GREGORIAN + L.ERA_HIJRI)
    POD = _alt(w for ws in L.PARTS_OF_DAY.values() for w in ws)
    DAYW = _alt(w for ws in L.DAY_WORDS.values() for w in ws)
    PER = _alt(w for ws in L.PERIOD_WORDS.values() for w in ws)
    SEAS = _alt(w for ws in L.SEASONS.values() for w in ws)
    SETW = _alt(w for ws in L.SET_WORDS.values() for w in ws)
    YW = _alt(("عام", "العام", "سنة", "السنة", "عامي", "سنتي", "العامين"))
    TRIG = _alt(w for ws in _TRIGGERS.values() for w in ws)
    QUAL = _alt(w for ws in _QUALIFIERS.values() for w in ws)
    unit: dict[str, tuple[str, str, int, bool, bool]] = {}
    for name, (des, mult, forms, duals) in L.UNITS.items():
        for w in forms:
            f = fold(w)
            unit.setdefault(f, (name, des, mult, False, f.startswith("ال")))
        for w in duals:
            f = fold(w)
            unit.setdefault(f, (name, des, mult, True, f.startswith("ال")))
    UNIT = word_alt(unit)
    NUMDEF = "ال" + word_alt(cardinal_words())
    HOURW = _alt(w for ws in _HOUR_WORDS.values() for w in ws)
    AMPM = _alt(_PM_WORDS + _AM_WORDS)
    TO = _alt(("إلى", "حتى"))
    VAGUE = _alt(("عدة", "بضعة", "بضع"))
    HOUR_NOUN = fold("الساعة")
    year_part = (
        rf"(?:{SO}[،,/]?{SO}(?:من{SP})?(?:{YW}{SO})?\(?{SO}(?P<year>\d{{3,4}})(?!\d){SO}\)?(?:{SO}(?P<era>{ERA})(?!\w))?)"
    )
    numdate = rf"(?P<nd>\d{{1,2}}{S1}[/.\-]{S1}\d{{1,2}}{S1}[/.\-]{S1}\d{{2,4}})"
    pats = [
        (
            "dmy",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?:(?:يوم{SP})?(?P<wd>{WD}){SO}[،,]?{SO}(?:الموافق{SP})?)?(?:يوم{SP})?"
            rf"(?:(?P<day0>\d{{1,2}}){SO}(?:-|–|و?{TO}|و){SO})?"
            rf"(?P<day>\d{{1,2}}(?!\d)|{ORD})(?:{SP}من{SP}|{SO})(?:شهر{SP})?[وفبل]?(?P<mon>{MON})(?!\w)"
            rf"(?:{SO}[/\-(]{SO}(?P<mon2>{MON})(?!\w)(?:{SO}\))?)?{year_part}?(?:{SP}(?P<rel>{REL})(?!\w))?",
        ),
        (
            "my",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?P<shahr>(?:شهر|الشهر){SP})?(?P<mon>{MON})(?!\w)"
            rf"(?:{SO}[/\-(]{SO}(?P<mon2>{MON})(?!\w)(?:{SO}\))?)?"
            rf"(?:{SO}\({SO}{numdate}{SO}\)|{year_part})?(?:{SP}(?P<rel>{REL})(?!\w))?",
        ),
        (
            "hijri",
            rf"(?<!\w){PC}(?:يوم{SP})?(?:(?P<day>\d{{1,2}}(?!\d)|{ORD})(?:{SO}(?P<hsep>[/\-]){SO}|(?:{SP}من)?{SP}))?(?P<shahr>شهر{SP})?(?P<hmon>{HMON})(?!\w)"
            rf"{year_part}?(?:{SP}(?P<rel>{REL})(?!\w))?",
        ),
        (
            "numeric",
            rf"(?<![\d/.\-]){PC}(?:\({SO})?(?P<a>\d{{1,4}}){S1}(?P<sep>[/.\-]){S1}(?P<b>\d{{1,2}}){S1}(?P=sep){S1}"
            rf"\(?{S1}(?P<c>\d{{1,4}})(?!\d)(?:{SO}\))?(?![/.\-]\d)(?:{SO}(?P<era>{ERA})(?!\w))?",
        ),
        (
            "numrange",
            rf"(?<![\d/.\-]){PC}(?P<d0>\d{{1,2}}){S1}/{S1}(?P<d1>\d{{1,2}}){S1}/{S1}(?P<mm>\d{{1,2}}){S1}/{S1}"
            rf"\(?{S1}(?P<yy>\d{{4}})(?!\d)(?:{SO}\))?",
        ),
        (
            "yrange",
            rf"(?<![\w/.\-]){PC}(?:(?P<yw>{YW}){SO})?\(?{SO}(?P<y1>\d{{4}}){SO}(?P<conn>-|–|/|{TO}|و){SO}"
            rf"(?P<y2>\d{{4}}|\d{{2}})(?!\d)(?:{SO}\))?",
        ),
        ("monthyear", rf"(?<![\d/.\-])(?P<pc>)(?P<m>\d{{1,2}}){S1}/{S1}(?P<y>(?:1[89]|20)\d\d)(?![\d/])"),
        (
            "year",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?:(?P<yw>{YW}){SO})?(?P<par>\({SO})?(?P<y>\d{{1,4}})(?!\d)"
            rf"(?:{SO}\))?(?:{SO}(?P<era>{ERA})(?!\w))?",
        ),
        (
            "dayword",
            rf"(?<!\w){PC}(?:(?P<pod>{POD}){SP})?(?P<dw>{DAYW})(?!\w)(?:{SO}[،,]?{SO}(?P<wd>{WD})(?!\w))?"
            rf"(?:{SP}(?P<pod2>{POD})(?!\w))?",
        ),
        (
            "weekday",
            rf"(?<!\w){PC}(?:(?P<pod>{POD}){SP})?(?:يوم{SP})?(?P<wd>{WD})(?!\w)(?:{SP}(?P<rel>{REL})(?!\w))?",
        ),
        (
            "period",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?:(?P<this>هذا|هذه){SP})?(?P<per>{PER})(?!\w)"
            rf"(?:{SP}(?P<rel>{REL})(?!\w))?",
        ),
        (
            "unit",
            rf"(?<!\w){PC}(?:(?P<trig>{TRIG}){SP})?(?:(?P<q>{QUAL}){SP}(?:من{SP})?)?(?:[وفبل]?(?P<vague>{VAGUE}){SP})?"
            rf"[وفبل]?(?P<unit>{UNIT})(?!\w)"
            rf"(?:{SP}(?P<num>{NUMDEF})(?!\w))?(?:{SP}(?P<rel>{REL}|{LAST})(?!\w))?",
        ),
        ("set", rf"(?<!\w){PC}(?P<set>{SETW})(?!\w)"),
        (
            "clock",
            rf"(?<![\d:]){PC}(?:{HOUR_NOUN}{SP})?(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?![\d:])(?:{SO}(?P<ap>{AMPM})(?!\w))?",
        ),
        (
            "clockw",
            rf"(?<!\w){PC}{HOUR_NOUN}{SP}(?P<hw>{HOURW})(?!\w)(?:{SP}(?P<frac>والنصف|والربع|الا{SP}ربعا|الا{SP}ربع))?"
            rf"(?:{SP}(?P<ap>{AMPM})(?!\w))?",
        ),
        (
            "century",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?:ال)?قرن{SP}(?P<cord>{ORD}|{REL})(?!\w)",
        ),
        (
            "decade",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?:ال)?(?P<dec>{_alt(DECADES.values())})(?:يات|ات)(?!\w)"
            rf"(?:{SP}(?:من{SP})?(?:ال)?قرن{SP}(?P<cord>{ORD}|{REL})(?!\w))?",
        ),
        (
            "season",
            rf"(?<!\w){PC}(?:(?P<edge>{EDGE}){SP})?(?P<season>{SEAS})(?!\w)"
            rf"(?:{SP}(?P<rel>{REL})(?!\w)|{SO}(?:(?:عام|العام){SO})?(?P<y>\d{{4}})(?!\d)|{SP}(?P<this>هذا{SP}العام|العام{SP}{REL}))",
        ),
    ]
    # a cheap gate per pattern: a pattern whose required words do not occur in a document is
    # not run on it (same results, fewer full scans)
    digit_sep = r"\d[^\S\n]?[/.\-][^\S\n]?\(?[^\S\n]?\d"
    gates = {
        "dmy": MON, "my": MON, "hijri": HMON, "numeric": digit_sep, "numrange": digit_sep, "monthyear": digit_sep,
        "yrange": r"\d{4}", "year": r"\d{3}", "dayword": DAYW, "weekday": WD, "period": PER, "unit": UNIT,
        "set": SETW, "clock": r"\d:\d\d", "clockw": HOUR_NOUN, "century": "قرن", "decade": r"ين(?:يات|ات)(?!\w)",
        "season": SEAS,
    }
    compiled = [(name, re.compile(p), re.compile(gates[name])) for name, p in pats]
    return TimeLex(
        pats=compiled,
        unit_after=re.compile(rf"{SO}[وفبل]?(?P<unit>{UNIT})(?!\w)(?:{SP}(?P<rel>{REL}|{LAST})(?!\w))?"),
        before_num=re.compile(rf"(?<!\w)(?:(?P<trig>{TRIG}){SP})?(?:(?P<q>{QUAL}){SP}(?:من{SP})?)?(?:ال)?[وفبلك]?$"),
        future_cue=re.compile(rf"(?<!\w)[وف]?{_alt(_FUTURE_CUES)}(?!\w)"),
        half_after=re.compile(rf"{SP}و(?P<f>نصف|ربع)(?!\w)"),
        count_after=re.compile(rf"{SP}(?:{_alt(('ألف', 'آلاف', 'مليون', 'ملايين', 'مليار', 'شخص', 'قتيل', 'دولار', 'يورو', 'طن', 'جندي', 'حالة'))}|%|٪)"),
        month=_table(L.MONTHS),
        hmonth=_table(L.HIJRI_MONTHS),
        wd=_table(L.WEEKDAYS),
        dayw=_table(L.DAY_WORDS),
        pod=_table(L.PARTS_OF_DAY),
        rel={
            **{key(fold(w)): "past" for w in L.REL_PAST},
            **{key(fold(w)): "future" for w in L.REL_FUTURE},
            **{key(fold(w)): "current" for w in L.REL_CURRENT},
            **{key(fold(w)): "last" for w in L.REL_LAST},
        },
        edge=_table(L.EDGE_MODS),
        era={**{fold(w): "g" for w in L.ERA_GREGORIAN}, **{fold(w): "h" for w in L.ERA_HIJRI}},
        season=_table(L.SEASONS),
        sets=_table(L.SET_WORDS),
        unit=unit,
        trig=_table(_TRIGGERS),
        qual={key(fold(w)): k for k, ws in _QUALIFIERS.items() for w in ws},
        hourw=_table(_HOUR_WORDS),
        pm=frozenset(fold(w) for w in _PM_WORDS),
        risky=risky,
        risky_h=frozenset(key(fold(w)) for w in L.RISKY_HIJRI),
        today_not=frozenset(fold(w) for w in _TODAY_NOT),
        plural_units=frozenset(fold(w) for w in L.PLURAL_UNIT_WORDS),
        same_day_before=re.compile(rf"(?<!\w)(?:نفس|ذات|مثل|ذلك|تلك){SP}(?:هذا{SP})?$"),
        merge_gap=re.compile(rf"{SO}[،,]?{SO}(?:الموافق{SO}:?{SO})?"),
        wd_not_before=re.compile(rf"(?<!\w){_alt(('سوق', 'مسجد', 'جامع', 'شارع', 'ساحة', 'حي', 'مجلة', 'صحيفة', 'جريدة'))}{SP}$"),
    )
