"""Currency names, adjectives and symbols -> ISO 4217 codes (data for the amounts stage).

A currency is a *family* noun (دولار، دينار، ريال، جنيه، ليرة …) in any number/definiteness,
optionally followed by a nationality adjective that picks the code (دينار عراقي -> IQD, دينار
أردني -> JOD). A family noun without an adjective takes the family's default code, unless the
same document named the family with an adjective before (then that code is reused: an Iraqi
article that said "دينار عراقي" once and "دينار" later means IQD both times).

Defaults for bare nouns (documented in docs/amounts-times.md): دولار USD, يورو EUR, جنيه EGP,
إسترليني GBP, ليرة TRY, دينار IQD, ريال SAR, درهم AED, شيكل ILS, روبل RUB, ين JPY, يوان CNY,
روبية INR, فرنك CHF.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..arabic.normalize import fold
from ..arabic.numbers import word_alt

__all__ = ["CURRENCIES", "SYMBOLS", "CODES", "CurrencyMatch", "match_currency", "match_currency_before"]

# family -> (default code, noun forms, {adjective stem: code})
CURRENCIES: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {
    "dollar": (
        "USD",
        ("دولار", "دولارا", "دولارات", "دولاران", "دولارين", "الدولار", "الدولارات"),
        {
            "أمريكي": "USD", "أميركي": "USD", "امريكي": "USD", "كندي": "CAD", "أسترالي": "AUD",
            "استرالي": "AUD", "نيوزيلندي": "NZD", "سنغافوري": "SGD", "تايواني": "TWD", "هونغ كونغ": "HKD",
        },
    ),
    "euro": ("EUR", ("يورو", "اليورو", "أورو"), {"أوروبي": "EUR"}),
    "pound": (
        "EGP",
        ("جنيه", "جنيها", "جنيهات", "الجنيه", "الجنيهات", "جنيهان", "جنيهين"),
        {"مصري": "EGP", "إسترليني": "GBP", "استرليني": "GBP", "سوداني": "SDG", "فلسطيني": "EGP", "قبرصي": "CYP"},
    ),
    "sterling": ("GBP", ("إسترليني", "استرليني", "الإسترليني", "باوند"), {}),
    "lira": (
        "TRY",
        ("ليرة", "ليرات", "الليرة", "الليرات", "ليرتين"),
        {"تركي": "TRY", "سوري": "SYP", "لبناني": "LBP"},
    ),
    "dinar": (
        "IQD",
        ("دينار", "دينارا", "دنانير", "الدينار", "الدنانير", "ديناران", "دينارين"),
        {
            "عراقي": "IQD", "أردني": "JOD", "كويتي": "KWD", "تونسي": "TND", "ليبي": "LYD",
            "بحريني": "BHD", "جزائري": "DZD", "صربي": "RSD",
        },
    ),
    "riyal": (
        "SAR",
        ("ريال", "ريالا", "ريالات", "الريال", "الريالات", "ريالان", "ريالين"),
        {"سعودي": "SAR", "قطري": "QAR", "عماني": "OMR", "يمني": "YER", "إيراني": "IRR", "ايراني": "IRR", "برازيلي": "BRL"},
    ),
    "dirham": (
        "AED",
        ("درهم", "درهما", "دراهم", "الدرهم", "الدراهم", "درهمان", "درهمين"),
        {"إماراتي": "AED", "اماراتي": "AED", "مغربي": "MAD"},
    ),
    "shekel": ("ILS", ("شيكل", "شيقل", "شيكلا", "شيقلا", "شواقل", "الشيكل", "الشيقل", "الشواقل"), {}),
    "ruble": ("RUB", ("روبل", "روبلا", "روبلات", "الروبل"), {"روسي": "RUB"}),
    "yen": ("JPY", ("ين", "الين"), {"ياباني": "JPY"}),
    "yuan": ("CNY", ("يوان", "اليوان", "رنمينبي"), {"صيني": "CNY"}),
    "rupee": ("INR", ("روبية", "روبيات", "الروبية"), {"هندي": "INR", "باكستاني": "PKR", "إندونيسي": "IDR"}),
    "franc": ("CHF", ("فرنك", "فرنكا", "فرنكات", "الفرنك"), {"سويسري": "CHF", "أفريقي": "XOF", "إفريقي": "XOF"}),
    "lari": ("GEL", ("لاري",), {}),
    "manat": ("AZN", ("مانات",), {}),
}
SYMBOLS: dict[str, str] = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₺": "TRY", "₪": "ILS", "₽": "RUB"}
CODES = (
    "USD EUR GBP SAR IQD JOD KWD TND LYD BHD DZD QAR OMR YER IRR AED MAD EGP SDG TRY SYP LBP ILS RUB JPY CNY INR PKR CHF"
).split()


class CurrencyMatch(NamedTuple):
    start: int  # in normalised text
    end: int
    code: str
    family: str | None
    explicit: bool  # the code was named (adjective, symbol or ISO code), not a family default


class _CurLex(NamedTuple):
    after: re.Pattern[str]
    before: re.Pattern[str]
    noun_family: dict[str, str]
    adj_code: dict[str, str]


def _adj_forms(stem: str) -> list[str]:
    """أمريكي -> أمريكي، أمريكية، أمريكيا، الأمريكي، الأمريكية …; multiword stems as they are."""
    if " " in stem:
        return [stem]
    forms = [stem, stem + "ة", stem + "ا", stem + "ين"]
    return forms + ["ال" + f for f in forms]


@lru_cache(maxsize=1)
def _lex() -> _CurLex:
    noun_family: dict[str, str] = {}
    adj_code: dict[str, str] = {}
    for fam, (_, nouns, adjs) in CURRENCIES.items():
        for n in nouns:
            noun_family.setdefault(fold(n), fam)
        for stem, code in adjs.items():
            for f in _adj_forms(stem):
                adj_code.setdefault(fold(f), code)
    nouns_alt = word_alt(noun_family)
    adj_alt = word_alt(adj_code)
    sym_alt = word_alt(SYMBOLS)
    code_alt = word_alt(CODES + [c.lower() for c in CODES])
    word = rf"(?P<npc>[وفبلك])?(?P<noun>{nouns_alt})(?!\w)(?:\s+(?P<adj>{adj_alt})(?!\w))?"
    after = re.compile(rf"[ \t\u00a0]*(?:(?P<sym>{sym_alt})|(?P<code>{code_alt})(?![A-Za-z])|{word})")
    # a currency written before its number: $500, USD 500, دولار أمريكي واحد
    before = re.compile(
        rf"(?:(?P<sym>{sym_alt})|(?P<code>{code_alt})(?![A-Za-z])|(?<!\w){word})[ \t\u00a0]*$"
    )
    return _CurLex(after, before, noun_family, adj_code)


def _to_match(m: re.Match[str], start: int, end: int, memory: dict[str, str] | None) -> CurrencyMatch | None:
    lx = _lex()
    if m.group("sym"):
        return CurrencyMatch(start, end, SYMBOLS[m.group("sym")], None, True)
    if m.group("code"):
        return CurrencyMatch(start, end, m.group("code").upper(), None, True)
    fam = lx.noun_family[m.group("noun")]
    if fam == "yen" and m.group("npc"):
        return None  # بين (between) is not ب + ين
    if m.group("adj"):
        code = lx.adj_code[m.group("adj")]
        if memory is not None:
            memory[fam] = code
        return CurrencyMatch(start, end, code, fam, True)
    if memory is not None and fam in memory:
        return CurrencyMatch(start, end, memory[fam], fam, False)
    return CurrencyMatch(start, end, CURRENCIES[fam][0], fam, False)


def match_currency(norm: str, pos: int, memory: dict[str, str] | None = None) -> CurrencyMatch | None:
    """A currency starting at ``pos`` of normalised text (after optional spaces), or None.
    ``memory`` (family -> code) carries codes named earlier in the same document."""
    m = _lex().after.match(norm, pos)
    if m is None:
        return None
    start = m.start("sym") if m.group("sym") else m.start("code") if m.group("code") else m.start("noun")
    return _to_match(m, start, m.end(), memory)


def match_currency_before(norm: str, pos: int, memory: dict[str, str] | None = None) -> CurrencyMatch | None:
    """A currency ending right before ``pos`` (e.g. ``$`` in $500), or None."""
    lo = max(0, pos - 40)
    m = _lex().before.search(norm, lo, pos)
    if m is None:
        return None
    start = m.start("sym") if m.group("sym") else m.start("code") if m.group("code") else m.start("noun")
    end = m.end("sym") if m.group("sym") else m.end("code") if m.group("code") else (m.end("adj") if m.group("adj") else m.end("noun"))
    return _to_match(m, start, end, memory)
