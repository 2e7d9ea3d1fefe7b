from __future__ import annotations

import json

from rasd.document import (
    ANNOTATION_LAYERS,
    Amount,
    Document,
    Event,
    EventArg,
    Mention,
    Quote,
    Sentence,
    TimeExpr,
    Token,
    content_id,
)


def _doc() -> Document:
    text = "قال الوزير إن العراق تسلم 750 ألف يورو أمس."
    d = Document(text=text, title="عنوان", url="https://example.iq/a", published="2026-11-03T10:00:00+03:00")
    d.tokens = [Token(0, 3), Token(14, 20, "word", 14)]
    d.sentences = [Sentence(0, len(text))]
    d.mentions = [Mention(14, 20, "LOC", 0.9)]
    d.quotes = [Quote(11, 43, "reported", 0, 3, 4, 10)]
    d.amounts = [Amount(26, 38, "money", 750000.0, unit="EUR")]
    d.times = [TimeExpr(39, 42, "date", "2026-11-02", "day", True)]
    d.events = [Event(21, 25, "AID", args=[EventArg(14, 20, "target", mention=0)], amount=0, time=0)]
    return d


def test_roundtrip_through_json() -> None:
    d = _doc()
    back = Document.from_dict(json.loads(json.dumps(d.to_dict(), ensure_ascii=False)))
    assert back == d
    assert back.events[0].args[0].role == "target"


def test_id_is_stable_content_hash() -> None:
    a = Document(text="نص الخبر", title="عنوان")
    b = Document(text="نص الخبر", title="عنوان", url="https://other.example/x")
    c = Document(text="نص آخر", title="عنوان")
    assert a.id == b.id == content_id("نص الخبر", "عنوان")
    assert a.id != c.id


def test_surface_reads_exact_characters() -> None:
    d = _doc()
    assert d.surface(d.mentions[0]) == "العراق"
    assert d.surface(d.amounts[0]) == "750 ألف يورو"


def test_layers_can_be_left_out() -> None:
    out = _doc().to_dict(layers=("mentions",))
    assert "mentions" in out and "tokens" not in out
    assert out["schema"] == 1


def test_from_dict_ignores_unknown_keys() -> None:
    d = Document.from_dict({"text": "x", "future_field": 1, "mentions": [{"start": 0, "end": 1, "type": "PER", "new": 2}]})
    assert d.mentions[0].type == "PER"


def test_layers_listed() -> None:
    assert ANNOTATION_LAYERS == ("tokens", "sentences", "mentions", "quotes", "amounts", "times", "events")
