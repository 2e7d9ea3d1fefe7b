"""The ``entities`` document stage: named-entity mentions (PER, ORG, LOC, MISC) in Arabic
articles, from rasd's own CRF model (:mod:`rasd.ner`, shipped in ``rasd/models/ner``).

The model tags tokens (clitics attached, like the ANERcorp benchmark it was trained on); a
run of tagged tokens becomes one :class:`~rasd.document.Mention` whose span starts at the first
token's ``base_start`` — proclitics are not part of the name (لداعش -> داعش, والعراق -> العراق)
— and ends at the last token's end. ``score`` is the mean per-token marginal probability.
The article's sentences are tagged together, so a name found in one sentence is found, with
the same type, where nearby sentences repeat it (:mod:`rasd.ner.consistency`).
"""

from __future__ import annotations

from ..document import Document, Mention, Token
from ..pipeline import Context, stage

__all__ = ["entities_stage", "find_mentions"]


def _sentence_tokens(doc: Document) -> list[list[Token]]:
    """Tokens grouped by sentence (tokens outside every sentence form their own groups)."""
    toks = doc.tokens
    if not doc.sentences:
        return [toks] if toks else []
    groups: list[list[Token]] = []
    i = 0
    for s in doc.sentences:
        stray: list[Token] = []
        while i < len(toks) and toks[i].start < s.start:
            stray.append(toks[i])
            i += 1
        if stray:
            groups.append(stray)
        cur: list[Token] = []
        while i < len(toks) and toks[i].start < s.end:
            cur.append(toks[i])
            i += 1
        if cur:
            groups.append(cur)
    if i < len(toks):
        groups.append(toks[i:])
    return groups


def find_mentions(text: str, token_groups: list[list[Token]], model) -> list[Mention]:
    """Mentions for the given token groups (sentences) of ``text``."""
    from ..ner.metrics import chunks

    out: list[Mention] = []
    groups = [g for g in token_groups if g]
    tagged = model.tag_document([[text[t.start:t.end] for t in toks] for toks in groups], with_scores=True)
    for toks, (tags, scores) in zip(groups, tagged):
        for a, b, typ in chunks(tags):
            first = toks[a]
            start = first.base_start if first.base_start is not None and first.base_start < first.end else first.start
            end = toks[b - 1].end
            if end <= start:
                continue
            score = sum(scores[a:b]) / (b - a)
            out.append(Mention(start, end, typ, round(score, 4)))
    return out


@stage("entities", requires=["tokens", "sentences", "language"], provides=["mentions"], arabic_only=True)
def entities_stage(doc: Document, ctx: Context) -> Document:
    """Find person, organisation, location and misc names in Arabic articles."""
    if doc.language not in ctx.settings["arabic_languages"]:
        return doc
    from ..ner.model import load_model

    model = ctx.resource("ner.model", load_model)
    kept = [m for m in doc.mentions if m.source != "ner"]  # re-running the stage replaces its own
    doc.mentions = kept + find_mentions(doc.text, _sentence_tokens(doc), model)
    return doc
