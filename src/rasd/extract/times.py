"""The ``times`` stage: dates, durations, sets and clock times, TIMEX3-style.

Recognised (docs/amounts-times.md has the full list): day-month-year dates in both month-name
systems and the slash form (الحادي والعشرين من أكتوبر/ تشرين الأول الماضي), numeric dates
(21/10/2021, 2021-10-21), years (عام 2014، 1948م، عام 1320 هجري), Hijri dates, relative days
(اليوم، أمس، أول أمس، غدا، صباح أمس الثلاثاء), weekdays (السبت الماضي، يوم الخميس), periods
(الأسبوع الماضي، هذا الشهر، مطلع العام الجاري), ago/after expressions (قبل يومين، منذ خمس سنوات،
بعد أسبوع), durations and windows (خمس سنوات، نحو ثلاثة أشهر، خلال الأعوام الثلاثة المقبلة،
العامين الماضيين), sets (يوميا، كل عام), clock times (الساعة 10:30 صباحا، الساعة العاشرة مساء),
centuries and decades (القرن العشرين، الخمسينيات) and seasons (صيف 2014، الشتاء المقبل).

Relative expressions are resolved against ``published`` (``anchored=True``); without it they
keep their type and span with ``value=None`` — never a guessed date. Impossible dates (31
فبراير, year 0) also get ``value=None``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Callable, NamedTuple

from ..arabic.normalize import Normalized, fold, normalize
from ..arabic.numbers import NumberSpan, find_numbers, parse_number, parse_ordinal
from ..document import Document, TimeExpr
from ..pipeline import Context, stage
from . import timelex as L
from .timepatterns import DECADES, QUAL_MOD, SP, TimeLex, key, patterns
from .amtime_common import MATCH_RULES, doc_normalized, doc_numbers, is_arabic_doc
from .timeres import (
    fmt,
    gregorian_to_hijri,
    hijri_to_gregorian,
    hijri_year_to_gregorian,
    make_date,
    parse_published,
    shift,
    two_digit_year,
    weekday_date,
    year_for_month,
)

__all__ = ["find_times", "times_in", "times_stage"]


class _Cand(NamedTuple):
    start: int
    end: int
    type: str
    value: str | None
    gran: str | None
    anchored: bool
    mod: str | None
    src: str = ""


def _g(m: re.Match[str], name: str) -> str | None:
    try:
        v = m.group(name)
    except IndexError:
        return None
    return key(v) if v else None


def _start(m: re.Match[str]) -> int:
    return m.end("pc")


def _edge_mod(lx: TimeLex, m: re.Match[str]) -> str | None:
    e = _g(m, "edge")
    return str(lx.edge[e]).lower() if e and e in lx.edge else None


def _year_value(y: int, era: str | None, lx: TimeLex) -> tuple[int | None, bool]:
    """Gregorian year of a written year; ``era`` may mark it Hijri. (year, is_hijri)."""
    if era and lx.era.get(era) == "h":
        return hijri_year_to_gregorian(y), True
    return (y if 1 <= y <= 9999 else None), False


# --- handlers: one per pattern; each returns a candidate or None -----------------------------

def _h_dmy(m, t, pub, lx):
    mon = lx.month.get(_g(m, "mon") or "")
    d_raw = m.group("day")
    day = int(d_raw) if d_raw.isdigit() else parse_ordinal(d_raw)
    if mon is None or day is None:
        return None
    rel = lx.rel.get(_g(m, "rel") or "")
    mod = _edge_mod(lx, m)
    day0 = int(m.group("day0")) if m.group("day0") else None
    if day0 is not None and not day0 < day:
        return None
    if m.group("year"):
        y, hij = _year_value(int(m.group("year")), _g(m, "era"), lx)
        anchored = False
    elif pub is None:
        return _Cand(_start(m), m.end(), "date", None, "day", False, mod)
    else:
        y = year_for_month(int(mon), pub, _rel_or_cue(rel, m, t, lx), day)
        anchored = True
    d = make_date(y, int(mon), day) if y else None
    if d is None:
        return _Cand(_start(m), m.end(), "date", None, "day", anchored, mod)
    v = d.isoformat()
    if day0 is not None:  # من 13 وحتى 15 نوفمبر: an interval
        d0 = make_date(d.year, d.month, day0)
        v = f"{d0.isoformat()}/{v}" if d0 else v
    return _Cand(_start(m), m.end(), "date", v, "day", anchored, mod)


def _h_my(m, t, pub, lx):
    mkey = _g(m, "mon") or ""
    mon = lx.month.get(mkey)
    if mon is None:
        return None
    rel = lx.rel.get(_g(m, "rel") or "")
    has_year = bool(m.group("year") or m.group("nd"))
    if mkey in lx.risky and not (m.group("shahr") or m.group("mon2") or has_year or rel):
        return None
    mod = _edge_mod(lx, m)
    if m.group("nd"):
        c = _numeric(re.split(r"\s*[/.\-]\s*", m.group("nd")), pub)
        return _Cand(_start(m), m.end(), "date", c, "day", False, mod)
    if m.group("year"):
        y, _ = _year_value(int(m.group("year")), _g(m, "era"), lx)
        v = f"{y:04d}-{int(mon):02d}" if y else None
        return _Cand(_start(m), m.end(), "date", v, "month", False, mod)
    if rel == "last":
        rel = "past"
    if pub is None:
        return _Cand(_start(m), m.end(), "date", None, "month", False, mod)
    y = year_for_month(int(mon), pub, _rel_or_cue(rel, m, t, lx))
    return _Cand(_start(m), m.end(), "date", f"{y:04d}-{int(mon):02d}", "month", True, mod)


def _rel_or_cue(rel, m, t, lx) -> str | None:
    if rel in ("past", "future", "current"):
        return str(rel)
    a = _start(m)
    return "ahead" if lx.future_cue.search(t, max(0, a - 60), a) else None


def _h_hijri(m, t, pub, lx):
    hkey = _g(m, "hmon") or ""
    hm = lx.hmonth.get(hkey)
    if hm is None:
        return None
    d_raw = m.group("day")
    day = (int(d_raw) if d_raw.isdigit() else parse_ordinal(d_raw)) if d_raw else None
    era = _g(m, "era")
    yr = int(m.group("year")) if m.group("year") else None
    rel = lx.rel.get(_g(m, "rel") or "")
    if m.group("hsep") and not m.group("year"):
        return None  # 2-صفر is a score, not 2 Safar
    if hkey in lx.risky_h and day is None and not (yr and era and lx.era.get(era) == "h") and not rel and not m.group("shahr"):
        return None
    if yr is not None and (era and lx.era.get(era) == "g" or (not era and yr >= 1600)):
        # شهر رمضان عام 1992: a Hijri month in a Gregorian year
        if day is not None:
            return None
        for hy in range(max(1, round((yr - 622) * 33 / 32) - 1), round((yr - 622) * 33 / 32) + 3):
            g = hijri_to_gregorian(hy, int(hm), 15)
            if g is not None and g.year == yr:
                return _Cand(_start(m), m.end(), "date", fmt(g, "month"), "month", False, "approx")
        return None
    if yr is None:
        if pub is None:
            return _Cand(_start(m), m.end(), "date", None, "day" if day else "month", False, None)
        h = gregorian_to_hijri(pub)
        if h is None:
            return None
        hy = h[0]
        if rel == "past" and int(hm) >= h[1]:
            hy -= 1
        elif rel == "future" and int(hm) <= h[1]:
            hy += 1
        yr, anchored = hy, True
    else:
        anchored = False
    g = hijri_to_gregorian(yr, int(hm), day or 15)
    if g is None:
        return _Cand(_start(m), m.end(), "date", None, "day" if day else "month", anchored, None)
    if day:
        return _Cand(_start(m), m.end(), "date", g.isoformat(), "day", anchored, None)
    return _Cand(_start(m), m.end(), "date", fmt(g, "month"), "month", anchored, "approx")


def _numeric(parts: list[str], pub: date | None) -> str | None:
    try:
        a, b, c = (int(x) for x in parts)
    except ValueError:
        return None
    la, lc = len(parts[0]), len(parts[2])
    if la == 4:
        d = make_date(a, b, c)
    else:
        y = c if lc >= 3 else two_digit_year(c, pub) if lc == 2 else None
        if y is None:
            return None
        d = make_date(y, b, a)
        if d is None and a <= 12 < b:
            d = make_date(y, a, b)  # month/day/year
    return d.isoformat() if d else None


def _h_numeric(m, t, pub, lx):
    la, lc = len(m.group("a")), len(m.group("c"))
    if not (la == 4 and lc <= 2 or la <= 2 and lc in (2, 4)):
        return None
    if m.group("sep") == "." and lc == 2:
        return None  # 1.5.20: a version or a score, not a date
    era = _g(m, "era")
    if era and lx.era.get(era) == "h" and la <= 2 and lc >= 3:
        g = hijri_to_gregorian(int(m.group("c")), int(m.group("b")), int(m.group("a")))
        return _Cand(_start(m), m.end(), "date", g.isoformat() if g else None, "day", False, None)
    v = _numeric([m.group("a"), m.group("b"), m.group("c")], pub)
    if v is None:
        return None
    return _Cand(_start(m), m.end(), "date", v, "day", False, None)


def _h_numrange(m, t, pub, lx):
    d0, d1, mo, y = (int(m.group(k)) for k in ("d0", "d1", "mm", "yy"))
    a, b = make_date(y, mo, d0), make_date(y, mo, d1)
    if a is None or b is None or not d0 < d1:
        return None
    return _Cand(_start(m), m.end(), "date", f"{a.isoformat()}/{b.isoformat()}", "day", False, None)


def _h_yrange(m, t, pub, lx):
    y1, y2s = int(m.group("y1")), m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    conn = m.group("conn")
    if conn == "/" and y2 == y1 - 1:
        y1, y2 = y2, y1  # 2022/21: a fiscal year written backwards
    if not (1000 <= y1 < y2 <= 2200 and y2 - y1 <= 100):
        return None
    if conn == "و" and not m.group("yw"):
        return None
    if conn == "/" and not (m.group("yw") or y2 == y1 + 1):
        return None
    return _Cand(_start(m), m.end(), "date", f"{y1:04d}/{y2:04d}", "year", False, None)


def _h_monthyear(m, t, pub, lx):
    mo, y = int(m.group("m")), int(m.group("y"))
    if not 1 <= mo <= 12:
        return None
    return _Cand(m.start("m"), m.end(), "date", f"{y:04d}-{mo:02d}", "month", False, None)


def _h_year(m, t, pub, lx):
    y = int(m.group("y"))
    yw, era, edge = m.group("yw"), _g(m, "era"), m.group("edge")
    ylen = len(m.group("y"))
    s = _start(m)
    if not (yw or era):
        # a bare number is a year only if it looks like one and is not a quantity
        if ylen != 4 or not 1800 <= y <= 2100:
            return None
        a = m.start("y")
        if a >= 1 and t[a - 1] in "/.:":
            return None
        e = m.end("y")
        if re.match(r"[/.:٫,]\d|\s*[%٪]", t[e : e + 3]) or lx.count_after.match(t, e):
            return None
        if not m.group("par") and not edge:
            s = m.start("y")
    elif yw and (ylen < 3 or lx.count_after.match(t, m.end("y"))):
        return None  # الدين العام 35 مليار: "public", not "year"
    elif era and not yw and (ylen < 3 or re.match(rf"{SP}(?:مربع|مكعب)", t[m.end() : m.end() + 8])):
        return None  # 1000 م مربع: metres
    gy, hij = _year_value(y, era, lx)
    if gy is None or (yw and not 100 <= y <= 9999 and not hij):
        return None if not yw else _Cand(s, m.end(), "date", None, "year", False, None)
    return _Cand(s, m.end(), "date", f"{gy:04d}", "year", False, _edge_mod(lx, m) or ("approx" if hij else None))


def _h_dayword(m, t, pub, lx):
    dw = _g(m, "dw") or ""
    off = lx.dayw.get(dw)
    if off is None:
        return None
    if dw in (fold("اليوم"), fold("هذا اليوم")) and not m.group("wd"):
        nxt = re.match(rf"{SP}(\w+)", t[m.end() : m.end() + 20])
        if nxt and nxt.group(1) in lx.today_not:
            return None
        if lx.same_day_before.search(t, max(0, _start(m) - 10), _start(m)):
            return None  # في نفس اليوم، في مثل هذا اليوم: not the publication day
    pod = lx.pod.get(_g(m, "pod") or "") or lx.pod.get(_g(m, "pod2") or "")
    typ = "time" if pod else "date"
    if pub is None:
        return _Cand(_start(m), m.end(), typ, None, "day", False, None)
    d = shift(pub, int(off), "day")
    if d is None:
        return None
    v = d.isoformat() + (f"T{pod}" if pod else "")
    return _Cand(_start(m), m.end(), typ, v, "day", True, None)


def _h_weekday(m, t, pub, lx):
    wd = lx.wd.get(_g(m, "wd") or "")
    if wd is None:
        return None
    rel = lx.rel.get(_g(m, "rel") or "")
    pod = lx.pod.get(_g(m, "pod") or "")
    if not (rel or pod) and lx.wd_not_before.search(t, max(0, _start(m) - 12), _start(m)):
        return None  # سوق الجمعة، مسجد الجمعة: names, not days
    typ = "time" if pod else "date"
    if pub is None:
        return _Cand(_start(m), m.end(), typ, None, "day", False, None)
    if rel in ("past", "last"):
        direction = "past"
    elif rel == "future":
        direction = "future"
    elif rel == "current":
        direction = "future_or_today"
    else:
        a = _start(m)
        direction = "future" if lx.future_cue.search(t, max(0, a - 60), a) else None
    d = weekday_date(pub, int(wd), direction)
    return _Cand(_start(m), m.end(), typ, d.isoformat() + (f"T{pod}" if pod else ""), "day", True, None)


_PER_GRAN = {"week": "week", "month": "month", "year": "year", "decade": "decade"}


def _h_period(m, t, pub, lx):
    per = _g(m, "per") or ""
    unit = {key(fold(w)): k for k, ws in L.PERIOD_WORDS.items() for w in ws}.get(per)
    if unit is None:
        return None
    rel = lx.rel.get(_g(m, "rel") or "")
    this = m.group("this")
    edge = _edge_mod(lx, m)
    if not per.startswith("ال") and not this:
        return None
    if not (rel in ("past", "future", "current") or this or (edge and per.startswith("ال"))):
        return None
    if edge and not (rel or this) and re.match(rf"{SP}\d", t[m.end() : m.end() + 3]):
        return None  # مطلع العام 2019: the year pattern
    gran = _PER_GRAN[unit]
    if pub is None:
        return _Cand(_start(m), m.end(), "date", None, gran, False, edge)
    n = {"past": -1, "future": 1}.get(rel or "", 0)
    d = shift(pub, n, unit)
    if d is None:
        return None
    return _Cand(_start(m), m.end(), "date", fmt(d, gran), gran, True, edge)


def _duration_value(n: float | None, des: str, mult: int) -> str | None:
    if n is None or n <= 0 or n > 1e6:
        return None
    n = n * mult
    num = str(int(n)) if n == int(n) else f"{n:.2f}".rstrip("0").rstrip(".")
    if des in ("H", "MIN", "S"):
        return f"PT{num}{'M' if des == 'MIN' else des}"
    return f"P{num}{des}"


def _timed(start, end, n, uname, des, mult, trig, qual, rel, pub, t_after) -> _Cand:
    """A number of units with its trigger (قبل/منذ/بعد/خلال …) and qualifier."""
    mod = QUAL_MOD.get(qual or "")
    relative_to_other = bool(re.match(rf"{SP}(?:من|علي)(?!\w)", t_after))  # folded على
    if trig in ("ago", "after") and not relative_to_other:
        gran = {"hour": "day", "minute": "day", "second": "day", "decade": "year", "century": "year"}.get(uname, uname)
        if pub is None or n is None:
            return _Cand(start, end, "date", None, gran, False, mod)
        d = shift(pub, (-n if trig == "ago" else n),
                  {"decade": "decade", "century": "century"}.get(uname, uname if uname in ("day", "week", "month", "year") else "day"))
        if d is None:
            return _Cand(start, end, "date", None, gran, False, mod)
        return _Cand(start, end, "date", fmt(d, gran), gran, True, mod)
    if mod is None and rel in ("past", "last"):
        mod = "past"
    elif mod is None and rel == "future":
        mod = "future"
    return _Cand(start, end, "duration", _duration_value(n, des, 1 if uname not in ("decade", "century") else mult) if n is not None else None, uname, False, mod)


def _h_unit(m, t, pub, lx):
    uw = m.group("unit")
    uname, des, mult, dual, definite = lx.unit[uw]
    trig = lx.trig.get(_g(m, "trig") or "")
    qual = lx.qual.get(_g(m, "q") or "")
    rel = lx.rel.get(_g(m, "rel") or "")
    num = m.group("num")
    s = m.start("trig") if trig in ("ago", "after") else m.start("unit")
    if m.group("q") and trig not in ("ago", "after"):
        s = m.start("unit")
    if m.group("vague") and trig not in ("ago", "after"):
        s = m.start("vague")
    if m.group("vague"):
        if uw not in lx.plural_units:
            return None
        n: float | None = None
    elif dual:
        n = 2.0
    elif num:
        if not (dual or uw[2:] in lx.plural_units):
            return None  # القرن العشرين is the 20th century, not twenty centuries
        n = parse_number(num)
        if n is None:
            return None
    elif definite:
        if not rel or rel == "current" or uname in ("hour", "minute", "second"):
            return None
        if rel not in ("past", "future", "last") or uw[2:] not in lx.plural_units:
            return None  # القرن الماضي، العام المقبل are periods, not windows
        n = None  # السنوات الأخيرة، الأيام الماضية
    elif trig or qual:
        n = None if uw in lx.plural_units else 1.0  # منذ سنوات (unknown number) / قبل عام / أقل من أسبوع
    else:
        return None
    half = lx.half_after.match(t, m.end())
    e = m.end()
    if half and n is not None and not num:
        n += 0.5 if half.group("f") == "نصف" else 0.25
        e = half.end()
    return _timed(s, e, n, uname, des, mult, trig, qual, rel, pub, t[e : e + 8])


def _h_set(m, t, pub, lx):
    v = lx.sets.get(_g(m, "set") or "")
    if v is None:
        return None
    gran = {"P1D": "day", "P1W": "week", "P1M": "month", "P1Y": "year", "PT1H": "hour"}[str(v)]
    return _Cand(_start(m), m.end(), "set", str(v), gran, False, None)


def _clock(h: int, mi: int, ap: str | None, lx: TimeLex) -> str | None:
    if ap and ap in lx.pm and h < 12:
        h += 12
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return None
    return f"T{h % 24:02d}:{mi:02d}"


def _h_clock(m, t, pub, lx):
    v = _clock(int(m.group("h")), int(m.group("mi")), m.group("ap"), lx)
    if v is None:
        return None
    return _Cand(_start(m), m.end(), "time", v, "minute", False, None)


def _h_clockw(m, t, pub, lx):
    h = lx.hourw.get(_g(m, "hw") or "")
    if h is None:
        return None
    frac = m.group("frac") or ""
    mi = 30 if "نصف" in frac else 15 if frac.startswith("والربع") else 0
    hh = int(h)
    if frac.startswith("الا"):
        hh, mi = hh - 1, 45
    v = _clock(hh, mi, m.group("ap"), lx)
    return _Cand(_start(m), m.end(), "time", v, "minute", False, None) if v else None


def _century_of(cord: str, pub: date | None, lx: TimeLex) -> tuple[int | None, bool]:
    rel = lx.rel.get(cord)
    if rel:
        if pub is None:
            return None, False
        c = pub.year // 100 + 1 + {"past": -1, "future": 1}.get(str(rel), 0)
        return c, True
    return parse_ordinal(cord), False


def _h_century(m, t, pub, lx):
    c, anchored = _century_of(_g(m, "cord") or "", pub, lx)
    if c is None:
        return _Cand(_start(m), m.end(), "date", None, "century", False, _edge_mod(lx, m))
    if not 1 <= c <= 99:
        return None
    return _Cand(_start(m), m.end(), "date", f"{c - 1:02d}", "century", anchored, _edge_mod(lx, m))


def _h_decade(m, t, pub, lx):
    dec = {fold(w): k for k, w in DECADES.items()}.get(m.group("dec"))
    if dec is None:
        return None
    c, anchored = (None, False)
    if m.group("cord"):
        c, anchored = _century_of(_g(m, "cord") or "", pub, lx)
    century = (c - 1) if c else 19
    return _Cand(_start(m), m.end(), "date", f"{century:02d}{dec}", "decade", anchored, _edge_mod(lx, m))


def _h_season(m, t, pub, lx):
    code = lx.season.get(_g(m, "season") or "")
    if code is None:
        return None
    mod = _edge_mod(lx, m)
    if m.group("y"):
        return _Cand(_start(m), m.end(), "date", f"{m.group('y')}-{code}", "season", False, mod)
    rel_word = _g(m, "rel") or (_g(m, "this") or "").split(" ")[-1]
    rel = lx.rel.get(rel_word or "", "current" if m.group("this") else None)
    if pub is None:
        return _Cand(_start(m), m.end(), "date", None, "season", False, mod)
    y = pub.year
    if rel == "past":
        y -= 1 if code != "WI" or pub.month > 3 else 0
        if m.group("this") and "past" == rel:
            y = pub.year - 1
    elif rel == "future":
        y += 1 if (code == "WI" and pub.month >= 12) or (code != "WI" and _season_started(code, pub)) else 0
    return _Cand(_start(m), m.end(), "date", f"{y:04d}-{code}", "season", True, mod)


def _season_started(code: str, pub: date) -> bool:
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    return pub.month >= first


_HANDLERS: dict[str, Callable] = {
    "dmy": _h_dmy, "my": _h_my, "hijri": _h_hijri, "numeric": _h_numeric, "monthyear": _h_monthyear,
    "year": _h_year, "dayword": _h_dayword, "weekday": _h_weekday, "period": _h_period, "unit": _h_unit,
    "set": _h_set, "numrange": _h_numrange, "yrange": _h_yrange, "clock": _h_clock, "clockw": _h_clockw, "century": _h_century, "decade": _h_decade,
    "season": _h_season,
}


def _number_durations(t: str, nums: list[NumberSpan], pub: date | None, lx: TimeLex) -> list[_Cand]:
    """Durations led by a number: خمس سنوات، نحو ثلاثة أشهر، قبل 3 أيام، منذ عشرين عاما."""
    out = []
    for ns in nums:
        um = lx.unit_after.match(t, ns.end)
        if um is None or ns.vague:
            continue
        uname, des, mult, dual, definite = lx.unit[um.group("unit")]
        if dual or (definite and not ns.definite):
            continue
        bm = lx.before_num.search(t, max(0, ns.start - 40), ns.start)
        trig = lx.trig.get(key(bm.group("trig"))) if bm and bm.group("trig") else None
        qual = lx.qual.get(key(bm.group("q"))) if bm and bm.group("q") else None
        rel = lx.rel.get(key(um.group("rel") or ""))
        s = bm.start("trig") if trig in ("ago", "after") and bm else ns.start
        n = ns.value
        e = um.end()
        half = lx.half_after.match(t, e)
        if half and not ns.words:
            pass
        elif half:
            n += 0.5 if half.group("f") == "نصف" else 0.25
            e = half.end()
        out.append(_timed(s, e, n, uname, des, mult, trig, qual, rel, pub, t[e : e + 8]))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest non-overlapping candidates, in text order."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if c.end <= c.start:
            continue
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _merge(t: str, cands: list[_Cand], lx: TimeLex) -> list[_Cand]:
    """A weekday or relative day directly before the date it names is one expression: يوم
    الثلاثاء الموافق 5/8/2008، أمس الأحد 3 مارس."""
    out: list[_Cand] = []
    for c in cands:
        if out:
            p = out[-1]
            if (
                p.src in ("weekday", "dayword")
                and c.type == "date"
                and c.gran == "day"
                and c.value is not None
                and lx.merge_gap.fullmatch(t, p.end, c.start)
            ):
                out[-1] = _Cand(p.start, c.end, "date", c.value, "day", c.anchored, c.mod, c.src)
                continue
        out.append(c)
    return out


def times_in(norm: Normalized, published: str | datetime | date | None, numbers: list[NumberSpan] | None = None) -> list[TimeExpr]:
    """Time expressions of an already normalised text, resolved against ``published``."""
    lx = patterns()
    t = norm.text
    pub = parse_published(published)
    cands: list[_Cand] = []
    for name, pat, gate in lx.pats:
        if gate.search(t) is None:
            continue
        h = _HANDLERS[name]
        for m in pat.finditer(t):
            c = h(m, t, pub, lx)
            if c is not None:
                cands.append(c._replace(src=name))
    nums = find_numbers(t) if numbers is None else numbers
    cands.extend(_number_durations(t, nums, pub, lx))
    out = []
    for c in _merge(t, _select(cands), lx):
        s, e = c.start, c.end
        if t[s] == "(" and (t[e - 1] == ")" or ")" not in t[s:e]):  # ( 1948 ): brackets are not in the span
            s += 1
            if t[e - 1] == ")" and "(" not in t[s : e - 1]:
                e -= 1
        while s < e and t[s].isspace():
            s += 1
        while e > s and t[e - 1].isspace():
            e -= 1
        os_, oe = norm.span_to_orig(s, e)
        out.append(TimeExpr(os_, oe, c.type, c.value, c.gran, c.anchored, c.mod))
    return out


def find_times(text: str, published: datetime | date | str | None = None) -> list[TimeExpr]:
    """Time expressions in ``text``; relative ones are resolved against ``published``
    (value None without it)."""
    if not text:
        return []
    return times_in(normalize(text, MATCH_RULES), published)


@stage("times", requires=["tokens", "sentences", "language"], provides=["times"], arabic_only=True)
def times_stage(doc: Document, ctx: Context) -> Document:
    """Dates, durations and sets (TIMEX3-like), resolved against the publication date."""
    if not is_arabic_doc(doc, ctx):
        return doc
    norm = doc_normalized(doc)
    doc.times = times_in(norm, doc.published, doc_numbers(doc, norm))
    return doc
