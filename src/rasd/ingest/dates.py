"""Publication dates to ISO 8601.

``parse_date`` accepts what news metadata carries: ISO 8601 (``2018-07-15T21:56:56+04:00``,
``...Z``, ``2018-07-15 21:56``, ``2018-07-15``), RFC 2822 (``Sun, 15 Jul 2018 21:56:56 +0400``,
``... GMT``) and compact ``20180715``. The result keeps the offset when the input had one
(``GMT``/``Z`` become ``+00:00``), is a naive date-time when it had none, and a bare date
(``2018-07-15``) when only the day is known. Anything else gives ``None``.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

__all__ = ["parse_date", "check_published"]

_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RFC = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")
_ISO_Z = re.compile(r"(?<=\d)Z$")
_ISO_OFF = re.compile(r"([+-]\d{2})(\d{2})$")  # +0300 -> +03:00 for fromisoformat on old forms


def _plausible(y: int) -> bool:
    return 1900 <= y <= 2100


def parse_date(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    if not s:
        return None
    m = _COMPACT.match(s)
    if m:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return d.isoformat() if _plausible(d.year) else None
    if _DATE_ONLY.match(s):
        try:
            d = date.fromisoformat(s)
        except ValueError:
            return None
        return d.isoformat() if _plausible(d.year) else None
    if _RFC.match(s):
        try:
            dt = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            return None
        if not _plausible(dt.year):
            return None
        # parsedate_to_datetime gives naive for "-0000"; GMT/UT/Z/+0000 all become UTC
        return dt.isoformat()
    iso = _ISO_Z.sub("+00:00", s)
    iso = _ISO_OFF.sub(r"\1:\2", iso) if re.search(r"T.*[+-]\d{4}$", iso) else iso
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if not _plausible(dt.year):
        return None
    if dt.microsecond:
        dt = dt.replace(microsecond=0)
    return dt.isoformat()


def check_published(value: str | None) -> str | None:
    """Validate a user-given ``published`` (``--published``); returns its ISO form or raises
    InputError for a value that is not a date."""
    from ..errors import InputError

    if value is None:
        return None
    iso = parse_date(value)
    if iso is None:
        raise InputError(f"--published {value!r} is not a date (use ISO 8601, e.g. 2024-05-01 or 2024-05-01T10:00+03:00)")
    return iso
