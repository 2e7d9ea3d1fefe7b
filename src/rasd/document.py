"""The Document and its annotations.

Offsets are the contract: ``Document.text`` is the article text as extracted and is never
modified. Every annotation stores half-open ``start``/``end`` character offsets into
``Document.text``; ``doc.text[a.start:a.end]`` is its surface form. Nothing else copies text
around (``Document.surface(a)`` reads it back).

The JSON form (``to_dict`` / ``from_dict``) is the contract for export and the HTTP API and is
documented in ``docs/schema.md``. It is plain JSON, never pickle.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = [
    "SCHEMA_VERSION",
    "Token",
    "Sentence",
    "Mention",
    "Quote",
    "Amount",
    "TimeExpr",
    "EventArg",
    "Event",
    "Document",
    "content_id",
    "ANNOTATION_LAYERS",
]

SCHEMA_VERSION = 1


@dataclass(slots=True)
class Token:
    """A token. ``base_start`` is where the word proper begins after proclitics
    (و ف ب ل ك ال لل): in لداعش, ``start`` is at ل and ``base_start`` at د. ``kind`` is one of
    ``word`` (Arabic letters), ``latin``, ``number``, ``punct``, ``other``."""

    start: int
    end: int
    kind: str = "word"
    base_start: int | None = None

    def __post_init__(self) -> None:
        if self.base_start is None:
            self.base_start = self.start


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A named-entity mention: PER, ORG, LOC or MISC. The span excludes proclitics.
    ``entity_id`` is filled by the resolve stage; ``antecedent`` is the index (in
    ``Document.mentions``) of the fuller mention this one refers to in the same article."""

    start: int
    end: int
    type: str
    score: float = 1.0
    source: str = "ner"
    entity_id: str | None = None
    antecedent: int | None = None


@dataclass(slots=True)
class Quote:
    """A quotation. ``start``/``end`` span the quoted content; ``cue_*`` the reporting verb or
    noun; ``speaker_*`` the speaker's words in the text; ``speaker_mention`` the index of the
    linked mention in ``Document.mentions`` when there is one."""

    start: int
    end: int
    kind: str = "direct"  # direct | reported
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_mention: int | None = None
    channel: str | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Amount:
    """A quantity: money, a count of people or things, or a percentage. ``value`` is the
    number (``value_max`` for ranges); ``unit`` is an ISO 4217 code for money, ``%`` for
    percentages, or the counted noun's surface for counts."""

    start: int
    end: int
    kind: str  # money | count | percent | number
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    qualifier: str = "exact"  # exact | more_than | less_than | about | range
    unit_start: int | None = None
    unit_end: int | None = None


@dataclass(slots=True)
class TimeExpr:
    """A TIMEX3-like time expression. ``value`` is ISO 8601 (``2021-10-21``, ``2016``,
    ``2022-W09``, ``P5Y``) or ``None`` when it cannot be resolved (e.g. a relative expression
    in an article without a publication date); ``anchored`` says it was resolved against the
    publication date."""

    start: int
    end: int
    type: str  # date | duration | set | time
    value: str | None = None
    granularity: str | None = None  # day | week | month | year | ...
    anchored: bool = False
    mod: str | None = None  # approx | more_than | less_than | start | end ...


@dataclass(slots=True)
class EventArg:
    """An event argument: a span in the text with a role, optionally linked to a mention."""

    start: int
    end: int
    role: str  # source | target | place | time | amount
    mention: int | None = None
    entity_id: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Event:
    """A PLOVER event. ``start``/``end`` is the trigger span."""

    start: int
    end: int
    type: str
    mode: str = "asserted"  # asserted | future | negated | hypothetical | reported
    args: list[EventArg] = field(default_factory=list)
    time: int | None = None  # index into Document.times
    time_from_published: bool = False
    amount: int | None = None  # index into Document.amounts
    quote: int | None = None  # index into Document.quotes when reported by a quote
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float = 1.0


_LAYER_TYPES: dict[str, type] = {
    "tokens": Token,
    "sentences": Sentence,
    "mentions": Mention,
    "quotes": Quote,
    "amounts": Amount,
    "times": TimeExpr,
    "events": Event,
}
ANNOTATION_LAYERS: tuple[str, ...] = tuple(_LAYER_TYPES)


def content_id(text: str, title: str | None = None) -> str:
    """Stable id of an article: a hash of its title and text (the same article twice has the
    same id, so ingest is idempotent)."""
    h = hashlib.sha256()
    h.update((title or "").strip().encode("utf-8"))
    h.update(b"\x00")
    h.update(text.strip().encode("utf-8"))
    return h.hexdigest()[:20]


def _ann_to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if f.name == "args":
            v = [_ann_to_dict(a) for a in v]
        out[f.name] = v
    return out


def _ann_from_dict(cls: type, d: dict[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: v for k, v in d.items() if k in names}
    if cls is Event:
        kwargs["args"] = [_ann_from_dict(EventArg, a) for a in kwargs.get("args", [])]
    return cls(**kwargs)


@dataclass
class Document:
    """One article. ``published`` is an ISO 8601 string (with offset when known); ``outlet``
    the site or source name; ``meta`` free-form metadata from the reader (categories, author…).
    ``status`` is ``ok`` or ``skipped`` with ``skip_reason``/``skip_code`` when a stage failed
    and ``on_error`` was ``record``/``skip``."""

    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None  # where it came from: file path, file path#entry, ...
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    language_score: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    stages: list[str] = field(default_factory=list)
    status: str = "ok"
    skip_code: str | None = None
    skip_reason: str | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    LAYERS: ClassVar[tuple[str, ...]] = ANNOTATION_LAYERS

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text, self.title)

    def surface(self, ann: Any) -> str:
        """The exact characters of the article an annotation points to."""
        return self.text[ann.start : ann.end]

    def to_dict(self, layers: tuple[str, ...] | None = None) -> dict[str, Any]:
        """JSON-ready dict. ``layers`` limits which annotation lists are included (all by
        default); tokens are large and rarely needed outside the pipeline."""
        keep = ANNOTATION_LAYERS if layers is None else layers
        out: dict[str, Any] = {"schema": SCHEMA_VERSION}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name in _LAYER_TYPES:
                if f.name in keep:
                    out[f.name] = [_ann_to_dict(a) for a in v]
            elif f.name == "meta":
                out[f.name] = dict(v)
            elif f.name == "stages":
                out[f.name] = list(v)
            else:
                out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for k, v in d.items():
            if k not in names:
                continue
            if k in _LAYER_TYPES:
                kwargs[k] = [_ann_from_dict(_LAYER_TYPES[k], a) for a in v or []]
            else:
                kwargs[k] = v
        return cls(**kwargs)
