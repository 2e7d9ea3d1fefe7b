"""Who did it to whom: source and target actors of a trigger.

Rules, in the order they are tried (all searches are bounded windows of a few words):

Verbs (a finite reading: no article, no preposition on the trigger)
  * SVO: an actor right before the verb (only قد، كان، الذي/التي, time words between) is
    the subject — الجيش التركي يضرب مسلحين; otherwise VSO: the first actor after the verb,
    not introduced by a preposition, with only time words/quantifiers between — قتلت قوات
    الأمن الباكستانية ستة متشددين.
  * Passive reading of killing/wounding/arrest verbs (unvocalised قتل is also قُتل): a
    quantified victim noun right after the verb (قتل 12 شخصا) or a subject before a verb with
    no object after it (جنديين عراقيين قتلا بانفجار …) is the target, not the source.
  * ``victim`` entries (أصيب، لقي حتفه): the subject is the target. ``rev`` entries (تلقى،
    تسلم): the subject is the target and the source is introduced by من.
  * The target: the first actor after the subject (or after the verb) that is a direct
    object (``obj`` in the entry's ``tgt``) or introduced by one of its prepositions.
Nouns (verbal nouns and event nouns: مقتل، اغتيال، زيارة، مظاهرة …)
  * The genitive actor right after the noun (numbers may come between: مقتل 42 شخصا) is
    the target when the entry's ``tgt`` has ``obj`` (اغتيال X) and the source otherwise
    (زيارة الرئيس، مظاهرة الطلاب); prepositional targets as for verbs.
  * A light verb governing the noun (شن، نفذ، قام بـ، أجرى، عقد، نظم، سيّر، وجه …) gives
    its subject as source; تعرض لـ / نجا من give theirs as target.
Everywhere
  * Agent phrases على يد X، من قبل X، بيد X، شنه/نفذه/تبناه X give the source.
  * A nationality adjective right after a noun trigger (الضربات الجوية الأميركية) is the
    source when nothing else is.
  * Coordinated actors (X و Y، X وY) join the same role, at most ``MAX_PER_ROLE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..arabic.normalize import fold
from .event_actors import FUNCTION_WORDS, Actor, Tok, is_quantifier
from .event_morph import stem_key
from .event_lexicon import Entry

__all__ = ["Trig", "Args", "attach", "MAX_PER_ROLE", "SKIP_WORDS", "LIGHT_VERBS", "verb_subject"]

_ALA = fold("على")  # folded: علي
_ILA = fold("إلى")  # folded: الي

MAX_PER_ROLE = 8

# words that may stand between a verb and its subject / a noun and its genitive
SKIP_WORDS = frozenset(
    fold(w)
    for w in """
قد لقد أمس امس اليوم غدا صباح صباحا مساء مساء ليلا ليلة فجر فجرا ظهر ظهرا عصرا الأحد الاحد الاثنين الثلاثاء الأربعاء
الاربعاء الخميس الجمعة السبت أيضا ايضا بدوره بدورها مجددا الماضي الماضية يوم الليلة البارحة نهار الأقل الاقل
لاحقا سابقا حاليا رسميا مؤخرا فورا جزئيا تماما كليا مرارا أخيرا اخيرا قريبا سويا معا علنا سرا بالفعل
""".split()
)
_BEFORE_VERB = frozenset(fold(w) for w in "قد لقد كان كانت كانوا كانا الذي التي الذين اللذين اللتين اللواتي وقد فقد".split())
_BARRIER_PUNCT = frozenset(".؛;:!?؟")

LIGHT_VERBS = frozenset(
    fold(w)
    for w in """
شن يشن شنت شنوا تشن نفذ ينفذ نفذت نفذوا تنفذ قام يقوم قامت قاموا تقوم أجرى اجرى يجري أجرت اجرت أجروا تجري عقد يعقد عقدت
عقدوا تعقد وجه يوجه وجهت وجهوا توجه خاض يخوض خاضت ارتكب يرتكب ارتكبت ارتكبوا أقدم اقدم يقدم أقدمت اقدمت أقدموا اقدموا
نظم ينظم نظمت نظموا تنظم سير يسير سيرت سيروا تسير بدأ بدا يبدأ يبدا بدأت بدات بدأوا واصل يواصل واصلت واصلوا تواصل
استأنف استانف يستأنف يستانف استأنفت استانفت شارك يشارك شاركت شاركوا تشارك أطلق اطلق يطلق أطلقت اطلقت أطلقوا اطلقوا
أعلن اعلن أعلنت اعلنت خرج خرجت خرجوا يخرج تخرج دعا دعت يدعو تدعو أبدى ابدى أبدت ابدت أعرب اعرب أعربت اعربت
ساهم ساهمت يساهم تساهم سارع سارعت يسارع تسارع عمل عملت يعمل تعمل قرر قررت يقرر تقرر اعتزم اعتزمت يعتزم تعتزم
حاول حاولت يحاول تحاول سعى سعت يسعى تسعى تعهد تعهدت يتعهد تتعهد كثف كثفت يكثف تكثف يعد تعد يستعد تستعد استعد
باشر باشرت يباشر أطلق أعاد
""".split()
)
_SUBJECTED = frozenset(fold(w) for w in "تعرض يتعرض تعرضت تتعرض تعرضوا يتعرضون تعرضا نجا نجت ينجو تنجو نجوا".split())
_AGENT_MARKERS = frozenset(fold(w) for w in "يد قبل بيد برصاص بنيران".split())
_AGENT_VERBS_BASE = frozenset(fold(w) for w in "شن نفذ تبنى تبنت ارتكب نظم قاد شنت نفذت ارتكبت نظمت قادت".split())
_REFLEXIVE = frozenset(fold(w) for w in "نفسه نفسها أنفسهم انفسهم أنفسهما نفسيهما ذاته ذاتها".split())
_RELATIVES = frozenset(fold(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())
_SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_REPORT_VERBS = frozenset(
    fold(w)
    for w in """
قال قالت أكد أكدت أعلن أعلنت أضاف أضافت أوضح أوضحت ذكر ذكرت أفاد أفادت صرح صرحت اعتبر اعتبرت رأى رأت أشار أشارت
شدد شددت لفت لفتت نقل نقلت
""".split()
)
_ARMED = frozenset({"military", "police", "insurgent", "rebel", "government", "intelligence"})
_ANNOUNCE = frozenset(fold(w) for w in "أعلن اعلن أعلنت اعلنت يعلن تعلن أكد اكد أكدت اكدت".split())
_PASSIVE_TYPES = frozenset({"ASSAULT", "COERCE"})
_PASSIVE_LEMMAS = frozenset(
    fold(w) for w in "قتل جرح خطف اختطف أصاب اغتال أعدم ذبح اعتقل احتجز أوقف سجن عذب".split()
)
_PLACE_HEADS = frozenset(
    stem_key(fold(w)) for w in "مدينة محافظة بلدة قرية منطقة ولاية إقليم قضاء ناحية حي مخيم العاصمة شارع ساحة".split()
)
_CLAUSE_OPENERS = frozenset(
    fold(w)
    for w in """
إن أن ان إنه أنه لكن ولكن بينما فيما حيث إذ كما ثم وكان وكانت كان كانت فقد وقد قد لقد بعدما عندما حين حينما لما ليتم
""".split()
)
_PREP_WORDS = frozenset(
    fold(w) for w in "على إلى الى الي مع ضد من عن في بين لدى عند أمام امام نحو باتجاه حول بحق تجاه قرب بالقرب خارج داخل صوب".split()
)


@dataclass
class Trig:
    """A trigger: tokens a..b of the sentence and the lexicon entry it matched."""

    a: int
    b: int
    entry: Entry
    tense: str  # perf | imperf | fut | noun
    verbal: bool  # read as a finite verb (else as a noun)
    ctx_end: int = -1  # last token used to satisfy the entry's context requirement
    plural: bool = False  # a plural/dual-marked verb form
    suffix: bool = False  # the verb carries an object pronoun (استقبله، خطفهم)


@dataclass
class Args:
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    source_rule: str = ""
    target_rule: str = ""


def prep_of(toks: list[Tok], act: Actor) -> str | None:
    """The preposition introducing an actor: a proclitic بـ/لـ on its first word or a
    preposition word before it (numbers/quantifiers may stand between: على يد عشرة مسلحين;
    the partitive من after a number does not count). ``agent`` for على يد / من قبل."""
    t = toks[act.a]
    if t.prep:
        return t.prep
    if act.a > 1 and toks[act.a - 1].key in _PLACE_HEADS:  # في مدينة الفلوجة
        p = toks[act.a - 2]
        if p.f in _PREP_WORDS or p.b in _PREP_WORDS:
            return p.b if p.b in _PREP_WORDS else p.f
        if toks[act.a - 1].prep:
            return toks[act.a - 1].prep
    k = act.a - 1
    if act.partitive:
        k -= 1  # the من
    while k >= 0 and is_quantifier(toks[k]) and act.a - k <= 4:
        k -= 1
    if k >= 0:
        p = toks[k]
        if p.f in ("يد", "قبل", "بيد") and (p.f == "بيد" or (k > 0 and toks[k - 1].b in (_ALA, "من"))):
            return "agent"
        if p.f in _PREP_WORDS or p.b in _PREP_WORDS:
            if p.b == "من" and (act.partitive or k < act.a - 1):
                return None
            return p.b if p.b in _PREP_WORDS else p.f
        if p.prep and k < act.a - 1 and is_quantifier(p):
            return p.prep
    return None


_TIME_PREPS = frozenset(fold(w) for w in "قبل بعد منتصف".split())


def _skip_at(toks: list[Tok], k: int) -> bool:
    """Skippable token k, also قبل/بعد introducing a time word (قبل ظهر أمس)."""
    t = toks[k]
    if _skippable(t):
        return True
    return t.f in _TIME_PREPS and k + 1 < len(toks) and (toks[k + 1].f in SKIP_WORDS or toks[k + 1].in_time)


def _skippable(t: Tok) -> bool:
    return t.in_time or t.kind == "number" or t.f in ("،", ",") or t.f in SKIP_WORDS or t.b in SKIP_WORDS or is_quantifier(t) or t.f in ("«", "»", '"', "(", ")")


def _actor_starting(actors: list[Actor], i: int) -> Actor | None:
    for a in actors:
        if a.a == i:
            return a
        if a.a > i:
            return None
    return None


def _right_actor(toks: list[Tok], actors: list[Actor], pos: int, limit: int, allow_prep: frozenset[str] | None = None) -> Actor | None:
    """First actor starting after ``pos`` with only skippable words (and the preposition
    before it) between; ``allow_prep`` None = no preposition allowed."""
    k = pos + 1
    steps = 0
    while k < len(toks) and steps <= limit:
        act = _actor_starting(actors, k)
        if act is not None:
            p = prep_of(toks, act)
            if p is None or (allow_prep is not None and p in allow_prep):
                return act
            return None
        t = toks[k]
        if t.kind == "punct" and t.f in _BARRIER_PUNCT:
            return None
        if not (_skip_at(toks, k) or t.f in _PREP_WORDS or t.b in _PREP_WORDS):
            return None
        k += 1
        steps += 1
    return None


def _left_actor(toks: list[Tok], actors: list[Actor], pos: int) -> Actor | None:
    """An actor ending right before token ``pos`` (قد/كان/الذي and time words may stand
    between), not introduced by a preposition, and opening its clause (sentence start,
    punctuation, إن/أن/لكن/بينما …, a conjunction on its first word, or a number before it)."""
    k = pos - 1
    steps = 0
    while k >= 0 and steps <= 3:
        t = toks[k]
        if t.f in _BEFORE_VERB or t.b in _BEFORE_VERB or t.f in SKIP_WORDS or t.f in ("«", "»", '"'):
            k -= 1
            steps += 1
            continue
        break
    for idx, act in enumerate(actors):
        if act.b == k:
            if prep_of(toks, act) == "من" and idx > 0 and actors[idx - 1].b == act.a - 2 and toks[act.a - 1].b == "من":
                act = actors[idx - 1]  # X من Y قتلوا: the subject is X (of/from Y)
            elif prep_of(toks, act) is not None:
                return None
            j = act.a - 1
            while j >= 0 and (is_quantifier(toks[j]) or toks[j].b == "من" and j > 0 and is_quantifier(toks[j - 1])):
                j -= 1
            if j < 0 or toks[act.a].conj or toks[j].kind == "punct" or toks[j].f in _CLAUSE_OPENERS or toks[j].b in _CLAUSE_OPENERS:
                return act
            if j < act.a - 1:  # a number before the actor: وكان 42 جنديا قد قتلوا
                return act
            return None
    return None


def _joined(toks: list[Tok], left: Actor, right: Actor) -> bool:
    """Are two actors coordinated (X و Y، X وY، X ونحو 50 Y)?"""
    gap = right.a - left.b
    if gap == 1:
        return toks[right.a].conj and toks[right.a].f.startswith("و")
    between = toks[left.b + 1 : right.a]
    if not between or len(between) > 3:
        return False
    first = between[0]
    if first.f in ("و", "،", ",") and len(between) == 1:
        return not toks[right.a].prep
    if first.conj and first.f.startswith("و") and all(is_quantifier(t) or t.b == "من" for t in between):
        return True
    return False


def _coordinated(toks: list[Tok], actors: list[Actor], first: Actor, backward: bool = False) -> list[Actor]:
    """``first`` and the actors coordinated with it, after it (or before it when
    ``backward``: the subject before a verb is the last of its conjuncts)."""
    out = [first]
    cur = first
    idx = actors.index(first) if first in actors else -1
    if idx < 0:
        return out
    seq = actors[idx + 1 :] if not backward else list(reversed(actors[:idx]))
    for nxt in seq:
        if len(out) >= MAX_PER_ROLE:
            break
        if (not backward and _joined(toks, cur, nxt)) or (backward and _joined(toks, nxt, cur)):
            out.append(nxt)
            cur = nxt
        else:
            break
    if backward:
        out.reverse()
    return out


def verb_subject(toks: list[Tok], actors: list[Actor], v: int, until: int | None = None, plural: bool = False) -> tuple[Actor | None, str]:
    """Subject of the verb at token ``v``: SVO (left) first — not when the verb carries the
    conjunction (مقتل 17 شخصا وجرح …: the noun before is not its subject) —, then VSO
    (right, before ``until``) — not for a plural-marked verb (احرقوا، يطالبون), whose
    subject, in Arabic agreement, is before it or a pronoun."""
    left = None if toks[v].conj else _left_actor(toks, actors, v)
    if left is not None:
        return left, "svo"
    if plural:
        return None, ""
    right = _right_actor(toks, actors, v, 5)
    if right is not None and right.kind != "proxy" and (until is None or right.a < until):
        return right, "vso"
    return None, ""


def _agent_phrase(toks: list[Tok], actors: list[Actor], start: int, limit: int = 12) -> Actor | None:
    """على يد X، من قبل X، بيد X، برصاص X; or a verb with a pronoun (شنه X، نفذته X) right after."""
    end = min(len(toks), start + limit)
    for k in range(start, end):
        t = toks[k]
        if t.kind == "punct" and t.f in _BARRIER_PUNCT:
            return None
        if t.f in _AGENT_MARKERS or t.b in _AGENT_MARKERS:
            prev = toks[k - 1].b if k > 0 else ""
            if t.b in ("يد", "قبل") and prev not in (_ALA, "من") and t.f not in ("بيد",):
                continue
            act = _actor_starting(actors, k + 1)
            if act is not None:
                return act
        if k <= start + 3 and k > 0 and toks[k - 1].f in _RELATIVES and len(t.f) >= 4:
            for suf in ("هما", "ها", "هم", "ه"):
                if t.f.endswith(suf):
                    act = _actor_starting(actors, k + 1)
                    if act is not None and prep_of(toks, act) is None:
                        return act
                    break
        if k <= start + 3:
            w = t.f[1:] if t.f[:1] in ("و", "ف") and len(t.f) > 4 else t.f
            for suf in ("هما", "ها", "هم", "ه"):
                if w.endswith(suf) and w[: -len(suf)] in _AGENT_VERBS_BASE:
                    act = _actor_starting(actors, k + 1)
                    if act is not None:
                        return act
                    break
    return None


def _target_after(toks: list[Tok], actors: list[Actor], pos: int, tgt: tuple[str, ...], exclude: set[int], limit: int = 10,
                  blocked: frozenset[int] | set[int] = frozenset()) -> Actor | None:
    """The first actor after ``pos`` that is a direct object (``obj`` in ``tgt``: nothing but
    time words and numbers before it) or introduced by one of the prepositions of ``tgt``."""
    allow_obj = "obj" in tgt
    preps = {p for p in tgt if p != "obj"}
    for act in actors:
        if act.a <= pos or act.a in exclude:
            continue
        if act.a - pos > limit:
            return None
        barrier = False
        clean = True  # only skippable words between: a direct object is possible
        for k in range(pos + 1, act.a):
            tk = toks[k]
            if tk.kind == "punct" and tk.f in _BARRIER_PUNCT:
                barrier = True
                break
            if k in blocked:
                clean = False
            elif not _skip_at(toks, k):
                clean = False
        if barrier:
            return None
        p = prep_of(toks, act)
        if p is None and allow_obj and clean:
            return act
        if p is not None and p in preps:
            return act
        if allow_obj and (p is None or p == "ل") and act.a - 1 > pos and (act.a - 1) in blocked and not toks[act.a - 1].prep:
            # استهدف انتحاري اجتماعا لقوات الصحوة: the object is an event; its owner is the target
            if all(_skippable(toks[x]) for x in range(pos + 1, act.a - 1)):
                return act
    return None


def np_after(toks: list[Tok], pos: int, blocked: frozenset[int] | set[int], limit: int = 3) -> Actor | None:
    """A name-like noun phrase (1–3 words, the first without article or preposition) right
    after ``pos`` — the fallback for names when there are no mentions: اغتيال جاسم الذهبي;
    numbers before it are skipped and remembered (خطف 23 متطوعا مسيحيا)."""
    k = pos + 1
    quant = False
    while k < len(toks) and k - pos <= 5 and (_skip_at(toks, k) or (quant and toks[k].b == "من")):
        quant = quant or is_quantifier(toks[k])
        k += 1
    if k >= len(toks) or k in blocked:
        return None
    t = toks[k]
    if t.kind != "word" or (t.article and not quant) or t.prep in ("ب", "ل") or t.conj or t.f in FUNCTION_WORDS or t.b in _REFLEXIVE or len(t.f) < 3:
        return None
    j = k
    while j + 1 < len(toks) and j + 1 - k < limit and (j + 1) not in blocked:
        u = toks[j + 1]
        if u.kind != "word" or u.prep or u.conj or u.f in FUNCTION_WORDS or u.f in SKIP_WORDS or u.in_time \
                or is_quantifier(u):  # a number starts the next phrase: اعتقلت قوات الأسايش | ثلاثة أشخاص
            break
        j += 1
    start = t.base_start if t.base_start < t.end and t.prep != "ك" else t.start
    return Actor(k, j, start, toks[j].end, None, "np", quant=quant)


def _counted_object_after(toks: list[Tok], pos: int) -> bool:
    """A number (word or digits) right after ``pos`` followed by a noun: the object of an active verb."""
    k = pos + 1
    return k + 1 < len(toks) and is_quantifier(toks[k]) and toks[k + 1].kind == "word" \
        and toks[k + 1].f not in FUNCTION_WORDS


def _next_content(toks: list[Tok], pos: int) -> Tok | None:
    k = pos + 1
    while k < len(toks) and _skippable(toks[k]):
        k += 1
    return toks[k] if k < len(toks) else None


def _nationality_after(toks: list[Tok], actors: list[Actor], trig: Trig) -> Actor | None:
    """A nationality adjective in the adjectives right after a noun trigger (الضربات الجوية
    الأميركية -> الأميركية)."""
    for act in actors:
        if trig.b < act.a <= trig.b + 3 and act.a == act.b and prep_of(toks, act) is None:
            between = toks[trig.b + 1 : act.a]
            if any(t.kind != "word" or t.prep or not t.key.endswith("ي") for t in between):
                return None
            if act.kind in ("dict", "country", "mention") and toks[act.a].key.endswith("ي"):
                return act
        if act.a > trig.b + 3:
            break
    return None


def _genitive_ok(toks: list[Tok], trig: Trig, act: Actor) -> bool:
    """A construct (إضافة): the trigger noun has no article and the genitive is definite, a
    name, quantified or a mention (مظاهرة الطلاب، مقتل 42 شخصا، اغتيال جاسم الذهبي) — not an
    adjective (هجوم انتحاري، الهجوم الانتحاري)."""
    if toks[trig.b].article:
        return False
    if act.kind in ("mention", "np", "title", "country") or act.quant:
        return True
    return toks[act.a].article


def attach(trig: Trig, toks: list[Tok], actors: list[Actor], blocked: frozenset[int] | set[int] = frozenset(),
           plural: bool = False) -> Args:
    """Source and target actors of ``trig`` (see the module docstring). ``blocked``: the
    sentence's trigger tokens (a direct object never lies beyond another trigger);
    ``plural``: the verb form is plural/dual-marked."""
    e = trig.entry
    out = Args()
    src: Actor | None = None
    tgt: Actor | None = None
    after = max(trig.b, trig.ctx_end if trig.ctx_end > trig.b and e.pos != "p" else trig.b)
    if trig.ctx_end > trig.b:
        blocked = set(blocked) | {trig.ctx_end}
    if trig.verbal and trig.suffix and not (e.victim or e.rev):
        # the object is a pronoun on the verb (خطفهم مقاتلو الطوارق): the subject follows; an
        # actor before the verb is the topicalised object (عسكريين ماليين خطفهم …)
        right = _right_actor(toks, actors, trig.b, 5)
        if right is not None and right.kind != "proxy":
            src, out.source_rule = right, "vso(object pronoun)"
        left = None if toks[trig.a].conj else _left_actor(toks, actors, trig.a)
        if left is not None:
            tgt, out.target_rule = left, "topic(object pronoun)"
        if src is None and left is not None and right is None:
            src, tgt = left, None
            out.source_rule, out.target_rule = "svo", ""
    elif trig.verbal:
        subj, how = verb_subject(toks, actors, trig.a, plural=plural)
        passive_prone = e.type in _PASSIVE_TYPES and any(fold(e.spec.split("/")[0]).startswith(x) for x in _PASSIVE_LEMMAS)
        if subj is None and not e.rev and not plural and (passive_prone or e.victim or e.type not in _PASSIVE_TYPES):
            subj = np_after(toks, trig.b, blocked, limit=3)
            how = "vso-np" if subj is not None else ""
        if e.victim or e.rev:
            tgt = subj
            out.target_rule = "subject(victim)" if e.victim else "subject(recipient)"
            if e.rev:
                src = _target_after(toks, actors, after, ("من",), {subj.a} if subj else set(), blocked=blocked)
                out.source_rule = "من"
        elif subj is not None and passive_prone and how.startswith("vso"):
            obj = _target_after(toks, actors, subj.b, ("obj",), {subj.a}, limit=4, blocked=blocked)
            armed = subj.sector in _ARMED and e.type == "COERCE"
            # a counted object after the phrase (اعتقلت قوات الأسايش ثلاثة أشخاص) makes the verb active
            counted = how == "vso-np" and not subj.quant and _counted_object_after(toks, subj.b)
            if not counted and (how == "vso-np" or (subj.quant and subj.victim) or (obj is None and not armed)):
                tgt, out.target_rule = subj, "passive(vso)"
            else:
                src, out.source_rule = subj, how
        elif subj is not None and passive_prone and how == "svo":
            obj = _target_after(toks, actors, after, ("obj",), {subj.a}, limit=4, blocked=blocked)
            if obj is None and np_after(toks, after, blocked) is None:
                tgt, out.target_rule = subj, "passive(svo)"
            else:
                src, out.source_rule = subj, how
        elif subj is not None and how == "vso-np" and e.type in _PASSIVE_TYPES:
            subj = None
        elif subj is not None:
            src, out.source_rule = subj, how
        if tgt is None and e.tgt:
            start = src.b if (src is not None and src.a > trig.b) else after
            excl = {a.a for a in ([src] if src else [])}
            tgt = _target_after(toks, actors, start, e.tgt, excl, blocked=blocked)
            if tgt is not None:
                p = prep_of(toks, tgt)
                out.target_rule = "object" if p is None else "prep:" + p
            elif "obj" in e.tgt:
                tgt = np_after(toks, start, blocked)
                if tgt is not None:
                    out.target_rule = "object(np)"
    else:
        gen = _right_actor(toks, actors, trig.b, 3)
        if gen is not None and not _genitive_ok(toks, trig, gen):
            gen = None
        if gen is None and ("obj" in e.tgt or e.victim) and not toks[trig.b].article:
            gen = np_after(toks, trig.b, blocked)
        if gen is not None and (e.pos != "p" or "obj" in e.tgt):
            if "obj" in e.tgt or e.victim:
                tgt, out.target_rule = gen, "genitive"
            elif gen.kind != "np":
                src, out.source_rule = gen, "genitive"
        # a governing light verb, تعرض لـ / نجا من
        for k in range(trig.a - 1, max(-1, trig.a - 9), -1):
            t = toks[k]
            if t.kind == "punct" and t.f not in ("«", "»", '"'):
                break
            if t.b in _SUBJECTED or t.f in _SUBJECTED:
                s, _how = verb_subject(toks, actors, k, until=trig.a)
                if s is not None and tgt is None:
                    tgt, out.target_rule = s, "subjected"
                break
            if t.b in LIGHT_VERBS or t.f in LIGHT_VERBS or (t.f[:1] == "س" and t.f[1:] in LIGHT_VERBS):
                if (t.b in _ANNOUNCE or t.f in _ANNOUNCE) and (e.victim or e.type in _PASSIVE_TYPES):
                    break  # أعلن الجيش مقتل …: the announcer is not the killer
                s, how = verb_subject(toks, actors, k, until=trig.a)
                if s is not None and src is None:
                    src, out.source_rule = s, "light-verb:" + how
                break
            if k in blocked:
                break
        if tgt is None and e.tgt:
            excl = {a.a for a in ([src] if src else [])}
            start = src.b if src is not None and src.a > trig.b else after
            tgt = _target_after(toks, actors, start, tuple(p for p in e.tgt if p != "obj"), excl, blocked=blocked)
            if tgt is not None:
                out.target_rule = "prep:" + (prep_of(toks, tgt) or "")
    if src is None and not trig.verbal and e.type == "ASSAULT":
        # إطلاق نار من مسلحين، قصف من الطائرات: an armed actor introduced by من is the attacker
        for act in actors:
            if trig.b < act.a <= trig.b + 4 and prep_of(toks, act) == "من" and act.sector in _ARMED:
                src, out.source_rule = act, "من(armed)"
                break
    if src is None and not e.victim:
        ag = _agent_phrase(toks, actors, trig.b + 1)
        if ag is not None and (tgt is None or ag.a != tgt.a):
            src, out.source_rule = ag, "agent-phrase"
    if tgt is not None and src is None and prep_of(toks, tgt) == "agent":
        src, tgt = tgt, None
        out.source_rule, out.target_rule = "agent-phrase", ""
    if src is None and e.type in _SYMMETRIC:
        # تدريبات بين الولايات المتحدة وكوريا الجنوبية: the parties of a symmetric event
        for act in actors:
            if trig.b < act.a <= trig.b + 6 and prep_of(toks, act) == "بين":
                grp = _coordinated(toks, actors, act)
                out.sources = grp
                out.source_rule = "between"
                src = grp[0]
                break
            if act.a > trig.b + 6:
                break
    if src is None and not trig.verbal:
        nat = _nationality_after(toks, actors, trig)
        if nat is not None and (tgt is None or nat.a != tgt.a):
            src, out.source_rule = nat, "nationality"
    def group(act: Actor) -> list[Actor]:
        if act.kind == "np":
            return [act]
        if act.b < trig.a:  # before the trigger: the subject is the last conjunct
            return _coordinated(toks, actors, act, backward=True)
        return _coordinated(toks, actors, act)

    if src is not None and not out.sources:
        out.sources = group(src)
    if tgt is not None and not any(a.a == tgt.a for a in out.sources):
        out.targets = [a for a in group(tgt) if not any(a.a == s.a for s in out.sources)]
    return out


_PURPOSE = frozenset(
    fold(w)
    for w in """
احتجاجا احتجاج للاحتجاج تنديدا للتنديد استنكارا رفضا للمطالبة مطالبين مطالبة مطالبا ضد ينددون يطالبون منددين
متهمين رافضين تطالب تندد ترفض تدين تدعو يدعون
""".split()
)


def protest_target(toks: list[Tok], actors: list[Actor], pos: int, blocked: frozenset[int] | set[int], window: int = 30) -> Actor | None:
    """What a protest is against: the first actor in the purpose phrase after the trigger —
    احتجاجا على قرار الحكومة، للتنديد بزيارة أحمدي نجاد، للمطالبة باستقالة الرئيس، ضد X."""
    end = min(len(toks), pos + 1 + window)
    for k in range(pos + 1, end):
        t = toks[k]
        if t.kind == "punct" and t.f in _BARRIER_PUNCT:
            return None
        if t.f in _PURPOSE or t.b in _PURPOSE or strip_clitics_key(t) in _PURPOSE:
            for act in actors:
                if k < act.a <= k + 6:
                    if any(toks[x].kind == "punct" and toks[x].f in _BARRIER_PUNCT for x in range(k, act.a)):
                        return None
                    return act
                if act.a > k + 6:
                    break
            np = None
            for x in range(k + 1, min(end, k + 5)):
                if x in blocked:
                    # ضد الغارات الإسرائيلية: the nationality of the event protested against
                    y = x + 1
                    while y < len(toks) and y <= x + 3 and toks[y].kind == "word" and toks[y].key.endswith("ي") and not toks[y].prep:
                        if toks[y].article and y > x + 0:
                            last = y
                        y += 1
                    if y > x + 1:
                        t2 = toks[y - 1]
                        return Actor(y - 1, y - 1, t2.base_start if t2.base_start < t2.end else t2.start, t2.end, None, "np")
                    np = np_after(toks, x, blocked)
                    break
            return np
    return None


def strip_clitics_key(t: Tok) -> str:
    from .event_morph import strip_clitics as _sc

    return _sc(t.f)


def reporting_subjects(toks: list[Tok], actors: list[Actor]) -> dict[int, list[Actor]]:
    """Token index of each reporting verb (قال، أكد، أعلن …) -> its subject (with conjuncts):
    the default source of a following coordinated verb or adverbial (… وحث على، منددين بـ)."""
    out: dict[int, list[Actor]] = {}
    for k, t in enumerate(toks):
        if t.b in _REPORT_VERBS or t.f in _REPORT_VERBS:
            subj, _how = verb_subject(toks, actors, k)
            if subj is not None:
                out[k] = _coordinated(toks, actors, subj, backward=subj.b < k)
    return out


_SURVIVE = frozenset(fold(w) for w in "نجا نجت ينجو تنجو نجوا".split())
_TARGETING = frozenset(fold(w) for w in "استهدف استهدفت استهدفا استهدفوا يستهدف تستهدف مستهدفا مستهدفة مستهدفين مستهدفه".split())


def survivors(toks: list[Tok], actors: list[Actor], blocked: frozenset[int] | set[int]) -> list[tuple[int, Actor]]:
    """(token, subject) of each نجا (survived): نجا X من محاولة اغتيال / … عندما فجر مجهولون
    عبوة — X is the target of the attack that follows."""
    out = []
    for k, t in enumerate(toks):
        if t.f in _SURVIVE or t.b in _SURVIVE:
            subj, _how = verb_subject(toks, actors, k)
            if subj is None:
                subj = np_after(toks, k, blocked)
            if subj is not None:
                out.append((k, subj))
    return out


def targeted_after(toks: list[Tok], actors: list[Actor], pos: int, blocked: frozenset[int] | set[int], window: int = 10) -> Actor | None:
    """The object of استهدف / مستهدفا after ``pos`` (تفجير انتحاري استهدف دورية للشرطة)."""
    for k in range(pos + 1, min(len(toks), pos + 1 + window)):
        t = toks[k]
        if t.kind == "punct" and t.f in _BARRIER_PUNCT:
            return None
        if t.f in _TARGETING or t.b in _TARGETING:
            act = _target_after(toks, actors, k, ("obj",), set(), limit=4, blocked=set())
            return act if act is not None else np_after(toks, k, set())
    return None
