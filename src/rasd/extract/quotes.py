"""The ``quotes`` stage: who said what, direct and reported, with the speaker.

Rules, not a model. Everything is matched on the folded text (``rasd.arabic.normalize.normalize``:
hamza/alef/teh-marbuta/diacritic variants neutralised) and every span is mapped back to the original
offsets of ``Document.text`` at the end. One pass over the text, linear work: no regular expression here
backtracks over more than a word, quotation marks are paired with a bounded stack, and every forward
look is capped (a 100k-character article that is one open quotation mark costs the same as any other).

1. **Quotation marks** (``“…” "…" «…» ‹…› „…“``, reversed »…« too) are paired per paragraph; a mark
   that never closes ends at the paragraph end; only the outermost pair counts (nested marks are part of
   the quote). A pair of fewer than three words, or a short pair right after a noun (صحيفة "نيويورك
   تايمز"، عملية "غصن الزيتون") is a name or a scare quote, not a quote.
2. **Cues** (``quote_lexicon.CUE_FORMS``): a reporting verb or participle; after it, within the same
   sentence, the speaker noun phrase, adverbials and a channel (في بيان، لبي بي سي، على تويتر), then the
   *introducer*: إن/أن/بأن (also إلى أن، على أن، من أن), a colon, or an opening quotation mark.
   - introducer followed by a quotation that covers most of the clause -> ``direct``, content = inside the
     marks; otherwise ``reported``, content = the clause after the complementizer up to the end of the
     sentence (a full stop outside quotation marks, a line break) or up to a continuation (، مضيفا …،
     وأضاف أن …، فيما …، بحسب …).
   - no speaker after the verb: the subject before it (SVO: وكانت وزارة العمل أعلنت أن، بأن وزارة العدل
     قالت إنها) or, for وأضاف / لكنه قال / مضيفا / وشدد على أن, the previous speaker.
   - نقل X عن Y قوله: the speaker is Y; جاء في بيان لـX: the speaker is X; على لسان Y: Y.
3. **Attributions** (بحسب، وفقا لـ، حسبما قال، نقلا عن …): the rest of the sentence is a reported quote
   of the source named after the phrase.
4. **Speaker span**: the name when the noun phrase has one (``المتحدث باسم وزارة الداخلية، سعد معن`` ->
   ``سعد معن``; ``الرئيس التركي رجب طيب إردوغان`` -> ``رجب طيب إردوغان``), else the whole description
   (``مسؤولون أتراك``، ``وزارة الخارجية الفرنسية``). Titles are not stored separately (``Quote`` has no
   field for them): they stay readable in the text just before the speaker span. With NER mentions in
   ``doc.mentions``, a PER/ORG mention inside the phrase becomes the speaker span and ``speaker_mention``;
   a later short reference (surname, description) links to the earlier full-name mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from ..arabic.normalize import fold, normalize
from ..document import Document, Quote
from ..pipeline import stage
from . import quote_lexicon as L

__all__ = ["find_quotes", "quotes_stage", "quote_marks", "MAX_FORWARD_TOKENS"]

MAX_FORWARD_TOKENS = 28  # how far after a cue the introducer may be
MAX_MARK_DEPTH = 64  # deeper nesting is ignored (counted, not stacked)
MAX_CLAUSE_CHARS = 3000  # a reported clause longer than this is cut

_TOKEN = re.compile(r"[\w\u0640]+(?:[-'][\w]+)*|\S")

# opening char -> closing char; symmetric marks map to themselves
_OPEN = {"«": "»", "‹": "›", "“": "”", "„": "“", '"': '"', "»": "«", "”": "“"}
_CLOSE_FAMILY = {"»": "«", "›": "‹", "”": "“", "«": "»"}
_MARKS = set('"«»‹›“”„')

_TERM = re.compile(r"\n|[.!?\u061f](?=[\s\"»”’)\]]|$)")
_PARTICIPLES = "|".join(sorted(L.CONTINUATION_FORMS, key=len, reverse=True))
_CONT_VERBS = "قال|قالت|اضاف|اضافت|تابع|تابعت|اردف|اردفت|اكد|اكدت|اوضح|اوضحت|اشار|اشارت|شدد|شددت|لفت|لفتت"
_STOP = re.compile(
    r"\n|[.!?\u061f](?=[\s\"»”’)\]]|$)"
    rf"|،?\s*(?<!\w)[وف]?(?:{_PARTICIPLES})(?!\w)"
    r"|،\s*و?(?:فيما|بينما|في حين|حسبما|بحسب|حسب|وفقا|وفق|نقلا|طبقا|الا|لكن|لكنه|لكنها|غير ان)(?!\w)"
    rf"|[،,]?\s*(?<!\w)[وف](?:{_CONT_VERBS})(?!\w)"
)


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str  # folded
    base: str  # without a leading و/ف when the rest is a known word


@dataclass(slots=True)
class _Mark:
    open: int  # position of the opening mark
    close: int | None  # position of the closing mark, None if it never closes
    start: int  # content start (after the mark)
    end: int  # content end (the closing mark, or the paragraph end)
    words: int


@dataclass(slots=True)
class _Q:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    channel: str | None
    confidence: float
    priority: int
    cue_tok: int = -1


# ---------------------------------------------------------------- quotation marks


def quote_marks(t: str) -> list[tuple[int, int | None, int, int]]:
    """Outermost quotation-mark pairs of ``t`` as ``(open, close, content_start, content_end)``;
    ``close`` is None for a mark that never closes (its content ends at the paragraph end)."""
    return [(m.open, m.close, m.start, m.end) for m in _marks(t)]


def _flank(t: str, i: int) -> str:
    """'open' / 'close' / '?' for a straight double quote from its neighbours."""
    prev = t[i - 1] if i > 0 else " "
    nxt = t[i + 1] if i + 1 < len(t) else " "
    pw = not (prev.isspace() or prev in "(:،,[{-–" or prev in _MARKS)
    nw = not (nxt.isspace() or nxt in ".،,؛;:!?؟)]}" or nxt in _MARKS)
    if not pw and nw:
        return "open"
    if pw and not nw:
        return "close"
    return "?"


def _marks(t: str) -> list[_Mark]:
    out: list[_Mark] = []
    pos = 0
    n = len(t)
    while pos < n:
        pend = t.find("\n", pos)
        if pend < 0:
            pend = n
        _marks_para(t, pos, pend, out)
        pos = pend + 1
    return out


def _marks_para(t: str, a: int, b: int, out: list[_Mark]) -> None:
    stack: list[tuple[str, int]] = []  # (expected closer, position)
    overflow = 0
    straight = 0  # how many '"' are on the stack
    for i in range(a, b):
        c = t[i]
        if c not in _MARKS:
            continue
        if c == '"':
            f = _flank(t, i)
            if straight and (f == "close" or (f == "?" and stack[-1][0] == '"')):
                while stack and stack[-1][0] != '"':
                    stack.pop()
                _pop(t, stack, i, out)
                straight -= 1
            elif f == "close":
                pass  # a stray closer (nothing open): ignore it rather than open a quote to the paragraph end
            elif len(stack) >= MAX_MARK_DEPTH:
                overflow += 1
            else:
                stack.append(('"', i))
                straight += 1
            continue
        fam = _CLOSE_FAMILY.get(c)
        if fam is not None and any(s[0] == c for s in stack):
            while stack and stack[-1][0] != c:
                if stack.pop()[0] == '"':
                    straight -= 1
            _pop(t, stack, i, out)
            continue
        if c in _OPEN:
            if len(stack) >= MAX_MARK_DEPTH:
                overflow += 1
                continue
            stack.append((_OPEN[c], i))
    if stack:
        o = stack[0][1]
        e = b
        while e > o + 1 and t[e - 1].isspace():
            e -= 1
        out.append(_Mark(o, None, o + 1, e, _count_words(t, o + 1, e)))


def _pop(t: str, stack: list[tuple[str, int]], i: int, out: list[_Mark]) -> None:
    if not stack:
        return
    _, o = stack.pop()
    if not stack:
        out.append(_Mark(o, i, o + 1, i, _count_words(t, o + 1, i)))


def _count_words(t: str, a: int, b: int) -> int:
    if b - a > 400:
        return 99
    return len(t[a:b].split())


# ---------------------------------------------------------------- helpers


def _base(w: str) -> str:
    if len(w) > 3 and w[0] in "وف" and (w[1:] in L.CUE_FORMS or w[1:] in L.COMPLEMENTIZERS):
        return w[1:]
    return w


def _strip_conj(w: str) -> str:
    return w[1:] if len(w) > 3 and w[0] in "وف" else w


_NO_AGENT = frozenset({"بين", "جاء", "نقل", "وصف", "كتب", "رأى", "اعتبر", "وعد", "عبر", "ذكر", "اعتقد", "توقع"})
_AL_PREFIX = ("ال", "وال", "بال", "فال", "لل")
_NAME_LINKS = {"عبد", "ابو", "ابن", "بن", "ال", "ام", "بنت", "اب"}
_RELATIVE = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "وهو", "وهي", "وهم", "وهما"}
_PRONOUN_CONJ = {"لكنه", "لكنها", "ولكنه", "ولكنها", "لكنهم", "ولكنهم", "انه", "انها", "بل"}
_SVO_STOP = {"كان", "كانت", "وكان", "وكانت", "قد", "وقد", "فيما", "بينما", "حيث", "كما", "عندما", "لكن", "ولكن", "اذ",
             "و", "ثم", "حين", "بعدما", "بعد", "قبل", "منذ", "لما", "كذلك", "ايضا"}


def _is_word(tok: _Tok) -> bool:
    return tok.text[0].isalpha() or tok.text[0] == "#"


def _namelike(tok: _Tok, prev: _Tok | None) -> bool:
    w = _strip_conj(tok.text) if not tok.text.startswith("ال") else tok.text
    if not _is_word(tok) or w in L.TITLES or tok.text in L.TITLES or w in L.NON_NAME:
        return False
    if w.startswith("ال") and not (prev is not None and (prev.text in _NAME_LINKS)):
        return False
    return True


class _Doc:
    """The folded text with its tokens, marks and boundaries."""

    def __init__(self, text: str):
        self.nz = normalize(text)
        t = self.nz.text
        self.t = t
        self.toks: list[_Tok] = [
            _Tok(m.start(), m.end(), m.group(), _base(m.group())) for m in _TOKEN.finditer(t)
        ]
        self.starts = [k.start for k in self.toks]
        self.marks = _marks(t)
        self.mark_at = {m.open: m for m in self.marks}
        self.mark_opens = [m.open for m in self.marks]
        # sentence boundaries outside quotation marks
        bounds = []
        for m in _TERM.finditer(t):
            if m.group() != "\n" and self._in_mark(m.start()):
                continue
            bounds.append(m.end())
        self.bounds = bounds
        self._stops: list[tuple[int, str]] | None = None
        self._stop_starts: list[int] = []

    def _in_mark(self, pos: int) -> _Mark | None:
        k = bisect.bisect_right(self.mark_opens, pos) - 1
        if k >= 0:
            m = self.marks[k]
            if m.open < pos < (m.close if m.close is not None else m.end + 1):
                return m
        return None

    def newline_between(self, i: int, j: int) -> bool:
        """True if a line break or a sentence end lies between tokens i and j (i < j)."""
        a = self.toks[i].end
        b = self.toks[j].start
        k = bisect.bisect_left(self.bounds, a)
        return k < len(self.bounds) and self.bounds[k] <= b

    def sent_start(self, pos: int) -> int:
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[k] if k >= 0 else 0

    def tok_index(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def qualifying_mark(self, j: int) -> _Mark | None:
        """The outer quotation at token j when it can hold a quote (>= 3 words, not a name)."""
        tok = self.toks[j]
        m = self.mark_at.get(tok.start)
        if m is None or m.words < 3:
            return None
        if j > 0 and m.words <= 4:
            p = self.toks[j - 1]
            if _is_word(p) and p.text not in L.COMPLEMENTIZERS and p.base not in L.CUE_FORMS and p.text not in ("عن", "ب", "بـ") \
                    and not p.text.startswith("ب") and p.end == tok.start - 1:
                return None
        return m

    def clause_end(self, pos: int) -> int:
        """End of the reported clause that starts at ``pos`` (see ``_STOP``), at most
        ``MAX_CLAUSE_CHARS`` on; stops inside quotation marks opened in the clause do not count."""
        if self._stops is None:
            self._stops = [(m.start(), m.group()) for m in _STOP.finditer(self.t)]
            self._stop_starts = [x[0] for x in self._stops]
        limit = min(len(self.t), pos + MAX_CLAUSE_CHARS)
        k = bisect.bisect_right(self._stop_starts, pos)
        while k < len(self._stops):
            st, g = self._stops[k]
            if st >= limit:
                break
            mk = self._in_mark(st)
            if mk is not None and mk.open >= pos - 1:
                # jump past the quotation
                if mk.close is not None:
                    nk = bisect.bisect_right(self._stop_starts, mk.close, k)
                else:  # never closes: the paragraph end is the clause end
                    nk = bisect.bisect_left(self._stop_starts, mk.end, k)
                k = max(nk, k + 1)  # always move on (a stop at the mark's very end)
                continue
            return self._trim_end(pos, st + (1 if g in ("?", "!", "\u061f") else 0))
        return self._trim_end(pos, limit)

    def _trim_end(self, a: int, e: int) -> int:
        t = self.t
        while e > a and (t[e - 1].isspace() or t[e - 1] in "،,؛;:-–"):
            e -= 1
        return e


# ---------------------------------------------------------------- speakers


def _segments(d: _Doc, toks: list[int]) -> list[list[int]]:
    """Comma-separated segments of a noun phrase, each cut at its first stop word."""
    segs: list[list[int]] = []
    cur: list[int] = []
    stopped = False
    for j in toks:
        tok = d.toks[j]
        if stopped:
            break
        if tok.text in ("،", ","):
            if cur:
                segs.append(cur)
            cur = []
            continue
        w = tok.text
        if w in L.NOUN_CUES or w in L.COMPLEMENTIZERS or w in L.SPEAKER_STOP or w in L.TIME_WORDS or _strip_conj(w) in L.TIME_WORDS or w in _RELATIVE \
                or (w.startswith("ل") and w[1:2] != "ا" and w not in L.TITLES and len(w) > 2 and cur and _is_word(tok)
                    and (w in L.CHANNELS or w[1:] in L.CHANNELS)):
            stopped = True
            if cur:
                segs.append(cur)
                cur = []
            continue
        if w == "(" or w == ")" or (_is_word(tok) and len(w) > 1) or w in _MARKS or w.isdigit() or w in ("-", "'"):
            cur.append(j)
    if cur and not stopped:
        segs.append(cur)
    elif cur:
        segs.append(cur)
    return [s for s in segs if any(_is_word(d.toks[j]) for j in s)]


def _np_span(d: _Doc, toks: list[int], first_only: bool = False) -> tuple[int, int] | None:
    segs = _segments(d, toks)
    if not segs:
        return None
    if first_only:
        segs = segs[:1]
    # stop at the first segment that is a relative clause or adverbial (already cut); pick the name-like one
    best = None
    best_score = -1.0
    for s in segs[:3]:
        words = [j for j in s if _is_word(d.toks[j])]
        score = sum(_namelike(d.toks[j], d.toks[j - 1] if j else None) for j in words) / max(1, len(words))
        if score > best_score + 1e-9:
            best, best_score = s, score
    assert best is not None
    s = [j for j in best if d.toks[j].text not in ("(",) or True]
    # a title followed by a name: keep the name
    words = [j for j in s if _is_word(d.toks[j])]
    first = _strip_conj(d.toks[words[0]].text) if words else ""
    if words and (first in L.TITLES or d.toks[words[0]].text in L.TITLES) and len(words) > 1:
        fwd = _name_after_title(d, words)
        if fwd is not None:
            return fwd
        run: list[int] = []
        for k in range(len(words) - 1, -1, -1):
            j = words[k]
            prev = d.toks[words[k - 1]] if k > 0 else None
            tok = d.toks[j]
            ok = _namelike(tok, prev) or (
                tok.text.startswith("ال") and k == len(words) - 1 and prev is not None and _namelike(prev, None)
            )
            if not ok:
                break
            run.append(j)
        if run:
            run.reverse()
            return d.toks[run[0]].start, d.toks[run[-1]].end
    a, b = s[0], s[-1]
    while a < b and d.toks[a].text in ("(", ")") + tuple(_MARKS):
        a += 1
    if d.toks[b].text == "(":
        b -= 1
    return d.toks[a].start, d.toks[b].end


_FUNCTION_WORDS = frozenset(
    fold(w) for w in "مع أي في على من عن إلى الى بين حول ضد بشأن كل جميع أن إن لا لم لن قد هذا هذه ذلك تلك".split()
)


def _name_after_title(d: _Doc, words: list[int]) -> tuple[int, int] | None:
    """Title phrase + name read left to right (قائد مجلس منبج العسكري محمد أبو عادل → the name).
    A verb's noun phrase often runs on into its object (نفى المتحدث باسم البيشمركة وجود اتفاق مع
    بغداد), so the name is looked for only before the first function word: the first word the
    name gazetteer knows, with the name-like words that follow it (cut after the last known one)
    and one unknown name-like word before it. With no known name word, and name-like words running
    into a function word, the speaker is the title phrase. None: the right-to-left rule decides."""
    from ..ner.model import person_name_words

    names = person_name_words()
    if not names:
        return None
    toks = d.toks

    def func(j: int) -> bool:
        w = toks[j].text
        return w in _FUNCTION_WORDS or _strip_conj(w) in _FUNCTION_WORDS

    def namelike(q: int) -> bool:  # المتحدث باسم …: 'in the name of', not the given name باسم
        return _namelike(toks[words[q]], toks[words[q - 1]]) and not (
            toks[words[q]].text == "باسم" and toks[words[q - 1]].text in L.TITLES)

    stop = next((q for q in range(1, len(words)) if func(words[q])), len(words))
    for q in range(1, stop):
        tok = toks[words[q]]
        if tok.text not in names or not namelike(q):
            continue
        first = q
        prev = toks[words[q - 1]]
        if q >= 2 and namelike(q - 1) and prev.text not in L.TITLES \
                and (toks[words[q - 2]].text.startswith("ال") or toks[words[q - 2]].text in L.TITLES):
            first = q - 1
        last = q
        for r in range(q + 1, min(stop, q + 5)):
            t = toks[words[r]]
            if not namelike(r):
                break
            if t.text in names or (toks[words[r - 1]].text in _NAME_LINKS):
                last = r
        return toks[words[first]].start, toks[words[last]].end
    if stop < len(words):
        k = next((q for q in range(1, stop) if namelike(q)), None)
        if k is not None and k > 1:
            return toks[words[0]].start, toks[words[k - 1]].end
    return None


def _channel(d: _Doc, i: int, j: int) -> str | None:
    for k in range(i, min(j, len(d.toks))):
        w = d.toks[k].text
        c = L.CHANNELS.get(w) or L.CHANNELS.get(_strip_conj(w)) or (L.CHANNELS.get(w[1:]) if w[:1] in "لب" else None)
        if c:
            return c
    return None


# ---------------------------------------------------------------- the matcher


class _Finder:
    def __init__(self, text: str):
        self.d = _Doc(text)
        self.quotes: list[_Q] = []
        self.last_speaker: tuple[int, int] | None = None
        self.block_tok = 0  # cues before this token are part of a found quote's speaker phrase
        self.block_end = 0  # ... or inside its content (from block_head on)
        self.block_head = 0

    def run(self) -> list[_Q]:
        d = self.d
        n = len(d.toks)
        i = 0
        while i < n:
            tok = d.toks[i]
            if d._in_mark(tok.start) is not None or i < self.block_tok:
                i += 1
                continue
            lemma = L.CUE_FORMS.get(tok.base)
            if lemma is not None and tok.start < self.block_end:
                # inside the content of the quote just found: only 'بأن X قالت إن' (a chain) counts
                if not (i <= self.block_head + 6 and lemma not in L.WEAK_LEMMAS and lemma not in L.AGENT_ONLY_LEMMAS):
                    i += 1
                    continue
            if lemma is None and tok.text in L.NOUN_CUES:
                lemma = "#noun"
            if lemma is not None:
                self._cue(i, lemma)
            elif tok.text in L.ATTRIBUTIONS:
                self._attribution(i)
            i += 1
        return self._resolve()

    # -- cues

    def _cue(self, i: int, lemma: str) -> None:
        d = self.d
        toks = d.toks
        n = len(toks)
        tok = toks[i]
        participle = tok.base in L.CONTINUATION_FORMS
        weak = lemma in L.WEAK_LEMMAS or lemma == "#noun" or participle
        if lemma == "جاء" and not (i + 1 < n and toks[i + 1].text == "في"):
            return
        if lemma == "كتب" and i + 1 < n and toks[i + 1].text.startswith("علي"):
            return  # كتب عليها «…»: words written on a banner, not a statement
        window = 13 if weak else MAX_FORWARD_TOKENS
        if participle:
            window = 4
        if lemma in L.BARE_CLAUSE_LEMMAS and i + 1 < n and toks[i + 1].text in ("لم", "لن", "لا") \
                and not d.newline_between(i, i + 1):
            s = toks[i + 1].start
            self._add(s, d.clause_end(s), "reported", i, self._continuation(i), None, 0.6, 2)
            return
        intro = None
        j = i + 1
        limit = min(n, i + 1 + window)
        while j < limit:
            if d.newline_between(j - 1, j):
                break
            w = toks[j].text
            if w in L.COMPLEMENTIZERS:
                intro = ("comp", j)
                break
            if w in ("الي", "علي", "من") and j + 1 < n and toks[j + 1].text in L.COMPLEMENTIZERS \
                    and not d.newline_between(j, j + 1):
                intro = ("comp", j + 1)
                break
            if w == ":" or w == "：":
                intro = ("colon", j)
                break
            if w in _MARKS and d.qualifying_mark(j) is not None:
                intro = ("mark", j)
                break
            if j > i + 1 and (toks[j].base in L.CUE_FORMS and toks[j].base not in ("بين", "رد", "نقل", "ذكر", "جاء", "عبر")):
                break
            j += 1
        np_end = intro[1] if intro else j
        if intro and intro[0] == "comp" and toks[intro[1] - 1].text in ("الي", "علي", "من") and intro[1] - 1 > i:
            np_end = intro[1] - 1
        np_toks = list(range(i + 1, np_end))
        if lemma in ("عبر", "أعرب") and not any(toks[x].text == "عن" for x in np_toks):
            return  # عبر = 'via' unless 'عبر X عن …'
        if intro is None:
            # no quote; a verb with a subject still tells who spoke last
            if lemma != "#noun" and not participle and lemma not in _NO_AGENT:
                sp = _np_span(self.d, np_toks[:8])
                if sp is not None:
                    self.last_speaker = sp
            return
        speaker = None if participle else self._speaker(i, lemma, np_toks)
        if lemma in L.AGENT_ONLY_LEMMAS:
            if speaker is not None:
                self.last_speaker = speaker
            return
        if speaker is None and tok.text in L.IMPERSONAL and intro[0] == "comp":
            return
        if speaker is None:
            speaker = self._continuation(i)
            conf = 0.7
        else:
            conf = 0.9
        channel = _channel(d, i + 1, intro[1])
        kind, j = intro
        if kind == "mark":
            m = d.qualifying_mark(j)
            assert m is not None
            self._add(m.start, d._trim_end(m.start, m.end), "direct", i, speaker, channel, conf, 0)
            return
        if j + 1 >= n:
            return
        nxt = j + 1
        if kind == "colon":
            if d.newline_between(j, nxt):
                return
            m = d.qualifying_mark(nxt)
            if m is not None:
                self._add(m.start, d._trim_end(m.start, m.end), "direct", i, speaker, channel, conf, 0)
            else:
                if toks[nxt].text in ("ان", "انه", "انها", "انهم") and nxt + 1 < n and not d.newline_between(nxt, nxt + 1):
                    nxt += 1  # قال: إن … — the particle is not part of the content
                s = toks[nxt].start
                e = d.clause_end(s)
                if len(d.t[s : min(e, s + 200)].split()) >= 3:
                    self._add(s, e, "direct", i, speaker, channel, conf - 0.2, 2)
            return
        # complementizer
        if d.newline_between(j, nxt):
            return
        s = toks[nxt].start
        e = d.clause_end(s)
        m = d.qualifying_mark(nxt) if toks[nxt].text in _MARKS else None
        if m is None and toks[nxt].text in _MARKS:
            mm = d.mark_at.get(toks[nxt].start)
            if mm is not None and mm.words >= 3:
                m = mm
        if m is not None:
            mend = d._trim_end(m.start, m.end)
            inner = mend - m.start
            after = d.t[m.close + 1 : m.close + 3].lstrip() if m.close is not None else ""
            if inner >= 0.6 * max(1, e - s) or (m.close is not None and m.close + 1 >= e) or after[:1] in ("،", ","):
                self._add(m.start, mend, "direct", i, speaker, channel, conf, 0)
                return
        if e > s:
            self._add(s, e, "reported", i, speaker, channel, conf - 0.1, 1)

    def _speaker(self, i: int, lemma: str, np_toks: list[int]) -> tuple[int, int] | None:
        d = self.d
        toks = d.toks
        if lemma == "نقل":
            for k, j in enumerate(np_toks):
                if toks[j].text == "عن":
                    rest = [x for x in np_toks[k + 1 :] if toks[x].text not in ("قوله", "قولها", "قولهم", "قولهما")]
                    cut = [x for x in np_toks[k + 1 :]]
                    for q, x in enumerate(cut):
                        if toks[x].text in ("قوله", "قولها", "قولهم", "قولهما"):
                            rest = cut[:q]
                            break
                    sp = _np_span(d, rest)
                    if sp:
                        return sp
        if lemma == "جاء" and np_toks and toks[np_toks[0]].text == "في":
            rest = np_toks[1:]
            cut = next((q for q, x in enumerate(rest) if toks[x].text in L.SPEAKER_STOP), None)
            if cut is not None:
                rest = rest[:cut]
            if rest and (toks[rest[0]].text in L.CHANNELS):
                rest = rest[1:]
            if rest and toks[rest[0]].text.startswith("ل") and len(toks[rest[0]].text) > 3:
                j0 = rest[0]
                sp = _np_span(d, rest[1:]) if len(rest) > 1 else None
                a = toks[j0].start + 1
                b = sp[1] if sp else toks[j0].end
                return a, b
            return _np_span(d, rest)
        for k, j in enumerate(np_toks[:-1]):
            if toks[j].text == "علي" and toks[np_toks[k + 1]].text == "لسان":
                sp = _np_span(d, np_toks[k + 2 :])
                if sp:
                    return sp
        if lemma == "#noun" and np_toks and toks[np_toks[0]].text.startswith("ل") and len(toks[np_toks[0]].text) > 3:
            j0 = np_toks[0]
            sp = _np_span(d, np_toks)
            if sp and sp[0] == toks[j0].start:
                return sp[0] + 1, sp[1]
        sp = _np_span(d, np_toks)
        if sp is not None:
            return sp
        return self._svo(i)

    def _svo(self, i: int) -> tuple[int, int] | None:
        """A subject before the cue: 'وكانت وزارة العمل أعلنت أن …'، 'بأن وزارة العدل قالت إنها …'،
        'أما صاحب حساب Ameen فقال: …', 'الآخرين الذي قالوا …'."""
        d = self.d
        toks = d.toks
        tok = toks[i]
        if tok.text != tok.base:  # وقال / فقال: a new clause, normally with no subject before it
            if tok.text.startswith("ف"):
                for k in range(i - 1, max(-1, i - 8), -1):
                    if d.newline_between(k, k + 1):
                        break
                    if toks[k].text == "اما":
                        return _np_span(d, list(range(k + 1, i)))
            return None
        back: list[int] = []
        k = i - 1
        stop = None
        while k >= 0 and len(back) < 8:
            if d.newline_between(k, k + 1):
                break
            w = toks[k].text
            if w == "قد" and not back:
                k -= 1
                continue
            if w in _RELATIVE:
                # 'الآخرين الذي قالوا': the noun before the relative pronoun
                if k > 0 and _is_word(toks[k - 1]) and not back:
                    return toks[k - 1].start, toks[k - 1].end
                return None
            if w in _PRONOUN_CONJ or w in L.COMPLEMENTIZERS or w in _SVO_STOP or not (_is_word(toks[k]) or w in _MARKS) \
                    or toks[k].base in L.CUE_FORMS or w in L.ATTRIBUTIONS or w in L.ATTRIBUTION_FILLERS:
                stop = w
                break
            back.append(k)
            k -= 1
        if not back:
            return None
        back.reverse()
        if stop is None or stop in (".", "!", "?", "؟"):
            if toks[back[0]].text[:1] in "وف" and toks[back[0]].text not in L.TITLES:
                return None
        elif not (stop in ("كان", "كانت", "وكان", "وكانت") or stop in L.COMPLEMENTIZERS):
            return None
        return _np_span(d, back)

    def _continuation(self, i: int) -> tuple[int, int] | None:
        return self.last_speaker

    # -- attributions

    def _attribution(self, i: int) -> None:
        d = self.d
        toks = d.toks
        n = len(toks)
        tok = toks[i]
        j = i + 1
        # skip fillers: ما، لما، ذكرت، ل …
        while j < n and j < i + 4 and (toks[j].text in L.ATTRIBUTION_FILLERS or toks[j].text in ("لـ", "ل")):
            j += 1
        if j >= n or d.newline_between(i, j):
            return
        np = []
        k = j
        while k < n and k < j + 10 and not d.newline_between(k - 1, k):
            w = toks[k].text
            if w in (".", "،", ",", ":", "؛") or w in L.COMPLEMENTIZERS or w in ("فان", "فقد"):
                break
            np.append(k)
            k += 1
        if np:
            head = toks[np[0]].text
            for pre in ("لل", "ل", "ال"):
                if head.startswith(pre) and len(head) > len(pre) + 2:
                    head = head[len(pre) :]
                    break
            if head.startswith("ال"):
                head = head[2:]
            if head in L.NOT_SOURCES:
                return
        if np and toks[np[0]].text.startswith("ل") and not toks[np[0]].text.startswith("لل") \
                and tok.text in ("وفقا", "ووفقا", "طبقا") and len(toks[np[0]].text) > 3:
            sp0 = toks[np[0]].start + 1
            spn = _np_span(d, np)
            sp = (sp0, spn[1]) if spn else None
        else:
            sp = _np_span(d, np)
        if sp is None:
            return
        ss = d.sent_start(tok.start)
        while ss < len(d.t) and d.t[ss].isspace():
            ss += 1
        first = d.tok_index(ss)
        if first >= i - 1 and (first == i or (first == i - 1 and toks[first].text in ("و", "ف"))):
            # sentence-initial: the content follows the next comma
            c = k
            while c < n and c < k + 4 and toks[c].text in ("،", ",", "فان", "فقد", "فانه", "فانها", "ف"):
                c += 1
            if c >= n:
                return
            s = toks[c].start
            e = d.clause_end(s)
        else:
            s = max(ss, tok.start - MAX_CLAUSE_CHARS)
            e = d._trim_end(s, tok.start)
        if e - s < 10 or len(d.t[s : min(e, s + 200)].split()) < 3:
            return
        self._add(s, e, "reported", i, sp, _channel(d, i, k), 0.7, 3)

    def _add(self, s: int, e: int, kind: str, cue_i: int, speaker: tuple[int, int] | None, channel: str | None,
             conf: float, priority: int) -> None:
        if e <= s:
            return
        cue = (self.d.toks[cue_i].start, self.d.toks[cue_i].end)
        if s > self.d.toks[cue_i].start:
            head = self.d.tok_index(s)
            self.block_tok = max(self.block_tok, head)
            self.block_head = head
            self.block_end = max(self.block_end, e)
        self.quotes.append(_Q(s, e, kind, cue, speaker, channel, round(conf, 2), priority, cue_i))
        if speaker is not None:
            self.last_speaker = speaker

    def _resolve(self) -> list[_Q]:
        qs = sorted(self.quotes, key=lambda q: (q.start, q.priority))
        kept: list[_Q] = []
        for q in qs:
            clash = None
            for k in range(len(kept) - 1, max(-1, len(kept) - 4), -1):
                o = kept[k]
                if o.end > q.start and q.end > o.start:
                    clash = k
                    break
            if clash is None:
                kept.append(q)
                continue
            o = kept[clash]
            # a chain 'X reported that Y said that …': keep the inner statement
            if q.cue is not None and o.start <= q.cue[0] < o.end:
                head = self.d.tok_index(o.start)
                inner = L.CUE_FORMS.get(self.d.toks[q.cue_tok].base)
                if q.cue_tok - head <= 6 and inner is not None and inner not in L.WEAK_LEMMAS:
                    kept[clash] = q
                continue
            if q.priority < o.priority:
                kept[clash] = q
        return kept


# ---------------------------------------------------------------- public API


def find_quotes(text: str, mentions: list[Any] | None = None) -> list[Quote]:
    """Quotes in ``text`` (offsets into ``text``), in text order. ``mentions`` (``Document.mentions``)
    are used to snap speakers to entity mentions and fill ``speaker_mention``."""
    f = _Finder(text)
    found = f.run()
    nz = f.d.nz
    out: list[Quote] = []
    for q in found:
        s, e = nz.span_to_orig(q.start, q.end)
        cs = ce = ss = se = None
        if q.cue:
            cs, ce = nz.span_to_orig(*q.cue)
        if q.speaker:
            ss, se = nz.span_to_orig(*q.speaker)
        out.append(Quote(s, e, q.kind, cs, ce, ss, se, None, q.channel, q.confidence))
    if mentions:
        _link_mentions(text, out, mentions)
    return out


_DESCRIPTIONS = frozenset(
    w if not w.startswith("ال") else w
    for w in (
        "المسوول", "المسووله", "المتحدث", "المتحدثه", "الوزير", "الوزيره", "الرئيس", "الرئيسه", "الناطق", "الناطقه",
        "المبعوث", "المبعوثه", "السفير", "السفيره", "المنسق", "المنسقه", "المفوض", "المفوضه", "الممثل", "الممثله",
    )
)  # folded spellings of descriptions that refer back to the last person quoted


def _link_mentions(text: str, quotes: list[Quote], mentions: list[Any]) -> None:
    from ..arabic.normalize import fold

    last_per: int | None = None
    for q in quotes:
        if q.speaker_start is None or q.speaker_end is None:
            continue
        best = None
        best_key = None
        for k, m in enumerate(mentions):
            if m.end <= q.speaker_start or m.start >= q.speaker_end:
                continue
            if m.type not in ("PER", "ORG"):
                continue
            ov = min(m.end, q.speaker_end) - max(m.start, q.speaker_start)
            key = (m.type == "PER", ov)
            if best_key is None or key > best_key:
                best, best_key = k, key
        if best is not None:
            m = mentions[best]
            q.speaker_start, q.speaker_end = m.start, m.end
            link = best
            if getattr(m, "antecedent", None) is not None:
                link = m.antecedent
            elif m.type == "PER" and len(text[m.start : m.end].split()) == 1:
                last = fold(text[m.start : m.end])
                for k2 in range(best - 1, -1, -1):
                    m2 = mentions[k2]
                    words = fold(text[m2.start : m2.end]).split()
                    if m2.type == "PER" and len(words) > 1 and words[-1] == last:
                        link = k2
                        break
            q.speaker_mention = link
            if mentions[link].type == "PER":
                last_per = link
        elif last_per is not None:
            first = fold(text[q.speaker_start : q.speaker_end]).split()[:1]
            if first and first[0] in _DESCRIPTIONS:
                q.speaker_mention = last_per


@stage("quotes", requires=["sentences", "tokens"], provides=["quotes"], arabic_only=True)
def quotes_stage(doc: Document, ctx: Any) -> Document:
    """Direct and reported quotes with cue, speaker, channel and confidence."""
    doc.quotes = find_quotes(doc.text, doc.mentions)
    return doc
