"""Document-level consistency of NER tags: a name is tagged alike wherever it recurs nearby.

A network that reads one sentence at a time finds a name where the context gives it away
(«قال رئيس الوزراء محمد شياع السوداني») and misses it, or gives it another type, where the same
article repeats it with less context. :func:`propagate` runs after the sentences of one document
have been tagged. For each sentence, the names tagged within ``window`` sentences either side
(itself included) form a memory of ``words -> type counts``:

* **vote** — a tagged name whose words were tagged with another type more often nearby takes
  that type;
* **fill** — an untagged run of words (longest first, at most :data:`MAX_WORDS`) that exactly
  matches a name in the memory is tagged with the name's most frequent type. The run may carry
  a proclitic on its first word the memory's name lacks (وبارزاني after بارزاني).

Names made of no letters (numbers, punctuation) are never propagated. The window bounds the
work on very long inputs (linear in the number of words) and keeps a benchmark stream, whose
article boundaries are unknown, from mixing distant articles. Chosen on the ANERcorp dev tail
(last 400 train sentences, model of experiment 40): +2.2 F1 with ``window`` 20, see the model
card. Deterministic: counts are kept in order of first appearance and ties go to the first.
"""

from __future__ import annotations

from collections import Counter

from .metrics import chunks

__all__ = ["propagate", "MAX_WORDS"]

MAX_WORDS = 6  # longest run of words filled from the memory


def _has_letter(key: str) -> bool:
    return any(c.isalpha() for c in key)


def _without_proclitic(w: str) -> list[str]:
    """``w`` without a conjunction/preposition prefix, most likely first: one letter (و ف ب ل ك;
    وبغداد -> بغداد), two (وب ول فب فل وك), لل -> ال (للعراق -> العراق)."""
    out = []
    if w[:1] in ("و", "ف", "ب", "ل", "ك") and len(w) > 3:
        out.append(w[1:])
    if w[:2] in ("وب", "ول", "فب", "فل", "وك") and len(w) > 4:
        out.append(w[2:])
    if w.startswith("لل") and len(w) > 4:
        out.append("ال" + w[2:])
    return out


def _names(words: list[str], tags: list[str]) -> list[tuple[int, int, str, str]]:
    return [(a, b, t, " ".join(words[a:b])) for a, b, t in chunks(tags)]


def propagate(seqs: list[list[str]], tagged: list[tuple[list[str], list[float]]],
              window: int) -> list[tuple[list[str], list[float]]]:
    """``seqs``: the token sequences of one document, in order; ``tagged``: their
    ``(tags, scores)`` from the model. Returns new ``(tags, scores)``; a token whose tag was set
    here gets the mean score of the memory's mentions of that name. ``window`` <= 0: unchanged."""
    if window <= 0 or not seqs:
        return [(list(t), list(s)) for t, s in tagged]
    names = [_names(words, tags) for words, (tags, _) in zip(seqs, tagged)]
    # per sentence: (key, type) -> (count, score sum) of its own names
    own: list[dict[tuple[str, str], list[float]]] = []
    for (tags, scores), ns in zip(tagged, names):
        d: dict[tuple[str, str], list[float]] = {}
        for a, b, t, key in ns:
            if _has_letter(key):
                e = d.setdefault((key, t), [0, 0.0])
                e[0] += 1
                e[1] += sum(scores[a:b]) / (b - a) if scores else 1.0
        own.append(d)

    mem: dict[tuple[str, str], list[float]] = {}

    def add(i: int, sign: int) -> None:
        for k, (n, s) in own[i].items():
            e = mem.setdefault(k, [0, 0.0])
            e[0] += sign * n
            e[1] += sign * s
            if e[0] <= 0:
                del mem[k]

    n = len(seqs)
    for i in range(min(window + 1, n)):
        add(i, 1)
    out: list[tuple[list[str], list[float]]] = []
    for i, words in enumerate(seqs):
        if i > 0:
            if i + window < n:
                add(i + window, 1)
            if i - window - 1 >= 0:
                add(i - window - 1, -1)
        by_key: dict[str, Counter] = {}
        for (key, t), (c, _s) in mem.items():
            by_key.setdefault(key, Counter())[t] += c
        tags, scores = list(tagged[i][0]), list(tagged[i][1])

        def mean_score(key: str, t: str) -> float:
            c, s = mem[(key, t)]
            return round(s / c, 4)

        for a, b, t, key in names[i]:  # vote
            c = by_key.get(key)
            if c:
                best, cnt = c.most_common(1)[0]
                if best != t and cnt > c[t]:
                    tags[a:b] = ["B-" + best] + ["I-" + best] * (b - a - 1)
                    if scores:
                        scores[a:b] = [mean_score(key, best)] * (b - a)
        taken = [t != "O" for t in tags]
        for length in range(min(MAX_WORDS, len(words)), 0, -1):  # fill
            for a in range(len(words) - length + 1):
                b = a + length
                if any(taken[a:b]):
                    continue
                key = " ".join(words[a:b])
                c = by_key.get(key)
                for bare in _without_proclitic(words[a]) if c is None else ():
                    key = " ".join([bare] + words[a + 1:b])
                    c = by_key.get(key)
                    if c is not None:
                        break
                if c is None:
                    continue
                best = c.most_common(1)[0][0]
                tags[a:b] = ["B-" + best] + ["I-" + best] * (length - 1)
                if scores:
                    scores[a:b] = [mean_score(key, best)] * length
                taken[a:b] = [True] * length
        out.append((tags, scores))
    return out
