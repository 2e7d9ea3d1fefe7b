"""Calendar arithmetic for the times stage: reading the publication date, shifting dates by
units, ISO weeks, choosing the year of a day-month date, and the tabular Hijri calendar.

Every function returns None rather than raising on impossible input (31 February, year 0 or
99999, a shift past year 9999), so a bad date becomes an unresolved expression, never a crash.
"""

from __future__ import annotations

import calendar
import email.utils
from datetime import date, datetime, timedelta

__all__ = [
    "parse_published",
    "make_date",
    "shift",
    "iso_week",
    "fmt",
    "year_for_month",
    "weekday_date",
    "hijri_to_gregorian",
    "hijri_year_to_gregorian",
    "two_digit_year",
    "gregorian_to_hijri",
]

MIN_YEAR, MAX_YEAR = 1, 9999


def parse_published(published: str | datetime | date | None) -> date | None:
    """The publication date (the local calendar date of the timestamp) or None. Accepts ISO
    8601 strings (with or without time and offset, 'Z'), RFC 2822 strings and datetimes."""
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if not isinstance(published, str) or not published.strip():
        return None
    s = published.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        d = email.utils.parsedate_to_datetime(s)
        return d.date() if d is not None else None
    except (TypeError, ValueError, IndexError):
        return None


def make_date(y: int, m: int, d: int) -> date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    if d > calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def shift(d: date, n: float, unit: str) -> date | None:
    """``d`` moved by ``n`` units (day, week, month, year, decade, century); month and year
    shifts clamp the day (31 March - 1 month = 28/29 February)."""
    try:
        if unit == "day":
            return d + timedelta(days=round(n))
        if unit == "week":
            return d + timedelta(days=round(7 * n))
        months = {"month": 1, "year": 12, "decade": 120, "century": 1200}.get(unit)
        if months is None:
            return None
        total = d.year * 12 + (d.month - 1) + round(n * months)
        y, m = divmod(total, 12)
        m += 1
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
    except (OverflowError, ValueError):
        return None


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def fmt(d: date, granularity: str) -> str:
    """ISO 8601 value of ``d`` at ``granularity`` (day, week, month, year, decade, century)."""
    if granularity == "day":
        return d.isoformat()
    if granularity == "week":
        return iso_week(d)
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def year_for_month(month: int, pub: date, rel: str | None, day: int | None = None) -> int:
    """The year of a month named without a year: ``past`` (الماضي) is the latest such month
    before the publication month, ``future`` (المقبل) the next one after it, ``current``
    (الجاري) the publication year; with no relative word the year that puts the date closest
    to the publication date, a future date counting twice as far (news mostly reports the
    recent past), or as far when ``rel`` is ``ahead`` (a future cue in the sentence)."""
    if rel == "past":
        return pub.year if month < pub.month else pub.year - 1
    if rel == "future":
        return pub.year if month > pub.month else pub.year + 1
    if rel == "current":
        return pub.year
    best, best_gap = pub.year, None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        dd = make_date(y, month, min(day or 15, calendar.monthrange(y, month)[1])) if MIN_YEAR <= y <= MAX_YEAR else None
        if dd is None:
            continue
        # news mostly reports the past: a future date counts twice as far (unless the text
        # says it is ahead, ``rel == "ahead"``)
        gap = (dd - pub).days
        gap = gap * (1 if rel == "ahead" else 2) if gap > 0 else -gap
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def weekday_date(pub: date, weekday: int, direction: str | None) -> date:
    """The date of ``weekday`` relative to ``pub``: ``past`` — the latest before pub;
    ``future`` — the next after pub; ``None`` — the latest on or before pub (a bare weekday in a
    report is usually this week's, possibly today); ``future_or_today`` for future-tense verbs."""
    delta = (pub.weekday() - weekday) % 7
    if direction == "past":
        return pub - timedelta(days=delta or 7)
    if direction == "future":
        ahead = (weekday - pub.weekday()) % 7
        return pub + timedelta(days=ahead or 7)
    if direction == "future_or_today":
        return pub + timedelta(days=(weekday - pub.weekday()) % 7)
    return pub - timedelta(days=delta)


# --- Hijri (tabular Islamic calendar; Umm al-Qura can differ by a day or two) ------------------

_ISLAMIC_EPOCH_ORDINAL = 227015  # calibrated so 1 Ramadan 1442 = 2021-04-13 (as Umm al-Qura)


def hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
    if not (1 <= y <= 3000 and 1 <= m <= 12 and 1 <= d <= 30):
        return None
    days = d + (29 * (m - 1) + m // 2) + (y - 1) * 354 + (3 + 11 * y) // 30
    try:
        return date.fromordinal(_ISLAMIC_EPOCH_ORDINAL + days - 1)
    except (ValueError, OverflowError):
        return None


def hijri_year_to_gregorian(y: int) -> int | None:
    """The Gregorian year in which most of Hijri year ``y`` falls."""
    a, b = hijri_to_gregorian(y, 1, 1), hijri_to_gregorian(y, 12, 29)
    if a is None or b is None:
        return None
    if a.year == b.year:
        return a.year
    mid = a + (b - a) / 2
    return mid.year


def gregorian_to_hijri(d: date) -> tuple[int, int, int] | None:
    """(year, month, day) of the tabular Hijri date of ``d``."""
    n = d.toordinal() - _ISLAMIC_EPOCH_ORDINAL + 1
    if n < 1:
        return None
    y = (30 * n + 10646) // 10631
    start = hijri_to_gregorian(y, 1, 1)
    if start is None:
        return None
    if start > d:
        y -= 1
    for m in range(12, 0, -1):
        first = hijri_to_gregorian(y, m, 1)
        if first is not None and first <= d:
            return y, m, (d - first).days + 1
    return None


def two_digit_year(yy: int, pub: date | None) -> int:
    """21 -> 2021; 95 -> 1995 (a two-digit year up to ten years after the publication year)."""
    ref = pub.year % 100 + 10 if pub else 30
    return 2000 + yy if yy <= ref else 1900 + yy
