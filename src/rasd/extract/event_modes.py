"""Mode, time, amount and confidence of an event.

Mode (first cue that applies wins; every cue is looked for in the trigger's clause — at most
``WINDOW`` words before it, not across a full stop or a semicolon):

* ``negated`` — لم، لن، لا، ما، ليس، عدم before the trigger, or a denial verb (نفى، ينفي)
  earlier in the sentence;
* ``hypothetical`` — إذا، لو، في حال، في حالة، إن (conditional) before the trigger;
* ``future`` — a سـ form (سيوقع), سوف، من المتوقع أن، من المقرر أن، يعتزم، ينوي، المزمع before
  it, or المقبل/المقبلة/القادم/غدا near an imperfect or nominal trigger, or a bound time
  later than the publication date;
* ``reported`` — the trigger lies inside a quotation (``doc.quotes`` when the quotes stage ran,
  else «…» or "…" in the sentence); ``Event.quote`` is the quote's index when there is one;
* ``asserted`` otherwise.

Cues of two different modes lower the confidence (``conflict``) instead of being resolved
by invention.
"""

from __future__ import annotations

from datetime import date

from ..arabic.normalize import fold
from ..document import Amount, Document, TimeExpr
from ..extract.timeres import parse_published
from .event_actors import Tok

__all__ = ["mode_of", "bind_time", "bind_amount", "confidence", "WINDOW"]

WINDOW = 8

_NEG = frozenset(fold(w) for w in "لم لن لا ليس ليست لسنا ليسوا عدم لما".split())
_NEG_MA = fold("ما")
_DENY = frozenset(fold(w) for w in "نفى نفت ينفي تنفي نفوا نافيا نافية نفي".split())
_HYPO = frozenset(fold(w) for w in "إذا اذا لو لولا حال حالة".split())
_FUT = frozenset(fold(w) for w in "سوف يعتزم تعتزم يعتزمون ينوي تنوي المزمع المقرر المتوقع يرتقب يتوقع سيتم ستتم".split())
_FUT_NEAR = frozenset(fold(w) for w in "المقبل المقبلة القادم القادمة غدا المقبلين".split())
_STOPS = frozenset(".؛;!?؟")
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ('"', '"'))


def _future_verb(f: str) -> bool:
    """A سـ + imperfect verb form (ستواصل، سيتم، سنعمل), not a number word (ستة)."""
    return len(f) >= 5 and f[0] == "س" and f[1] in "يتن" and not f.startswith(("ستين", "ستون", "سته", "ستمي", "ستما"))


def _in_marks(text: str, s: int, e: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation-mark pair of the sentence text [s, e)?"""
    seg = text[s:e]
    p = pos - s
    for o, c in _QUOTE_PAIRS:
        if o == c:
            idx = [i for i, ch in enumerate(seg) if ch == o]
            for a, b in zip(idx[0::2], idx[1::2]):
                if a < p < b:
                    return True
        else:
            depth_start = -1
            for i, ch in enumerate(seg):
                if ch == o:
                    depth_start = i
                elif ch == c and depth_start >= 0:
                    if depth_start < p < i:
                        return True
                    depth_start = -1
    return False


def mode_of(doc: Document, toks: list[Tok], a: int, b: int, tense: str, sent: tuple[int, int]) -> tuple[str, bool, int | None]:
    """(mode, conflicting cues?, quote index) of a trigger on tokens a..b."""
    cues: list[str] = []
    lo = a
    k = a - 1
    while k >= 0 and a - k <= WINDOW:
        t = toks[k]
        if t.kind == "punct" and t.f in _STOPS:
            break
        lo = k
        k -= 1
    for k in range(lo, a):
        t = toks[k]
        f, bse = t.f, t.b
        if f in _NEG or bse in _NEG or (f == _NEG_MA and k == a - 1 and tense in ("perf",)):
            cues.append("negated")
        elif f in _HYPO or bse in _HYPO:
            if f in ("حال", "حاله") and not (k > 0 and toks[k - 1].b == "في"):
                continue
            cues.append("hypothetical")
        elif f in _FUT or bse in _FUT:
            cues.append("future")
        elif tense == "noun" and a - k <= 3 and _future_verb(f):
            cues.append("future")  # ستواصل تقديم الدعم: the governing verb is future
    for k in range(0, a):
        if toks[k].f in _DENY or toks[k].b in _DENY:
            cues.append("negated")
            break
    if tense == "fut":
        cues.append("future")
    if tense in ("imperf", "noun"):
        for k in range(max(0, a - 4), min(len(toks), b + 7)):
            if toks[k].f in _FUT_NEAR or toks[k].b in _FUT_NEAR:
                cues.append("future")
                break
    quote = None
    pos = toks[a].start
    reported = False
    if doc.quotes:
        for qi, q in enumerate(doc.quotes):
            if q.start <= pos < q.end:
                quote, reported = qi, True
                break
    elif "quotes" not in doc.stages and _in_marks(doc.text, sent[0], sent[1], pos):
        reported = True
    order = ("negated", "hypothetical", "future")
    kinds = {c for c in cues}
    mode = next((m for m in order if m in kinds), "reported" if reported else "asserted")
    conflict = len(kinds) > 1
    return mode, conflict, quote


def _as_date(value: str | None) -> date | None:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    try:
        if len(value) >= 10:
            return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        if len(value) >= 7 and value[5:7].isdigit():
            return date(int(value[:4]), int(value[5:7]), 1)
        return date(int(value[:4]), 1, 1)
    except ValueError:
        return None


def bind_time(doc: Document, times: list[tuple[int, TimeExpr]], pos: int) -> tuple[int | None, bool]:
    """(index into doc.times of the time expression nearest to ``pos`` in the sentence — dates
    and clock times only —, whether it lies after the publication date)."""
    best = None
    best_d = None
    for i, t in times:
        if t.type not in ("date", "time"):
            continue
        d = abs(t.start - pos)
        if best_d is None or d < best_d:
            best, best_d = i, d
    later = False
    if best is not None:
        pub = parse_published(doc.published) if doc.published else None
        td = _as_date(doc.times[best].value)
        t = doc.times[best]
        if pub is not None and td is not None:
            if t.granularity == "day" or (t.value and len(t.value) >= 10):
                later = td > pub
    return best, later


_MONEY_TYPES = frozenset({"AID", "SANCTION", "AGREE", "COOPERATE", "SUPPORT", "REQUEST", "DEMAND"})
_COUNT_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "AID", "RETREAT"})


def bind_amount(etype: str, amounts: list[tuple[int, Amount]], pos: int, lo: int, hi: int) -> int | None:
    """Index into doc.amounts of the amount the event carries: money for AID, SANCTION,
    AGREE …; a count (people, things) for ASSAULT, PROTEST, COERCE … — the nearest one in
    the character window [lo, hi) around the trigger."""
    best = None
    best_d = None
    for kinds in (("money",) if etype in _MONEY_TYPES else (), ("count",) if etype in _COUNT_TYPES else ()):
        for i, a in amounts:
            if a.kind not in kinds or a.end < lo or a.start > hi:
                continue
            d = abs(a.start - pos)
            if best_d is None or d < best_d:
                best, best_d = i, d
        if best is not None:
            return best
    return best


def confidence(weight: float, has_src: bool, has_tgt: bool, conflict: bool, n_tokens: int, verbal: bool) -> float:
    c = weight
    c += 0.08 if has_src else -0.05
    c += 0.04 if has_tgt else 0.0
    if conflict:
        c -= 0.25
    if n_tokens > 80:
        c -= 0.1
    if not verbal:
        c -= 0.03
    return round(max(0.05, min(0.99, c)), 3)
