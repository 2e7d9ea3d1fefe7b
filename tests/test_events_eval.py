"""Evaluation of the events stage: the OEDA reader and matching, rasd's gold files (ids,
offsets and labels only), and the quality floors on the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.errors import RasdError
from rasd.eval import events as ev
from rasd.extract.event_lexicon import EVENT_TYPES

OEDA_XML = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<Sentences>
<Sentence category="ASSAULT" date="20080101" evaluate="true" id="s1" >
<EventText eid="0" eventtext="قتلت" sourcetext="الامن الباكستانية قوات" targettext="متشددين" />
<EventCoding eid="0" eventcode="" plover="ASSAULT" sourcecode="PAK MIL" targetcode="None REB" />
<Text>
قتلت قوات الامن الباكستانية ستة متشددين في غارة ليلية.
</Text>
</Sentence>
<Sentence category="PROTEST" date="20080101" evaluate="true" id="s2" >
<EventText eid="0" eventtext="" sourcetext="المتظاهرون" targettext="" />
<EventCoding eid="0" eventcode="" plover="PROTEST" sourcecode="None CVL" targetcode="None None" />
<Text>
وتجمع المتظاهرون أمام البرلمان.
</Text>
</Sentence>
</Sentences>
"""  # no closing </Validation>, like the real file


def _fake_data(tmp_path: Path) -> Path:
    p = tmp_path / ev.OEDA_PATH
    p.parent.mkdir(parents=True)
    p.write_text(OEDA_XML, encoding="utf-8")
    return tmp_path


def test_read_oeda_tolerates_missing_closing_tag(tmp_path):
    sents = ev.read_oeda(_fake_data(tmp_path) / ev.OEDA_PATH)
    assert [s.id for s in sents] == ["s1", "s2"]
    assert sents[0].type == "ASSAULT" and sents[0].date == "2008-01-01" and sents[0].trigger == "قتلت"
    assert sents[1].trigger == "" and sents[1].source == "المتظاهرون"


def test_word_keys_ignore_order_clitics_and_spelling():
    assert ev.word_keys("الامن الباكستانية قوات") == ev.word_keys("قوات الأمن الباكستانية")
    assert ev.word_keys("والمتظاهرون") & ev.word_keys("متظاهرين")
    assert not ev.word_keys("في من على")


def test_evaluate_oeda_on_a_small_file(tmp_path):
    rep = ev.evaluate_oeda(_fake_data(tmp_path), errors=True, use_entities=False)
    assert rep["sentences"] == 2 and rep["type_accuracy"] == 1.0
    assert rep["source"]["f1"] == 1.0 and rep["target"]["tp"] == 1
    assert len(rep["errors"]) == 2


def test_missing_files_are_user_errors(tmp_path):
    with pytest.raises(RasdError):
        ev.read_oeda(tmp_path / "nope.xml")
    with pytest.raises(RasdError):
        ev.evaluate(tmp_path / "nope")
    with pytest.raises(RasdError):
        ev.gold_path("train")


# ---------------------------------------------------------------- rasd's gold files


@pytest.mark.parametrize("split", ev.GOLD_SPLITS)
def test_gold_file_is_ids_offsets_and_labels_only(split):
    recs = ev.read_gold(ev.gold_path(split))
    assert recs
    for r in recs:
        assert set(r) == {"doc_id", "file", "member", "sentence", "events"}
        s0, s1 = r["sentence"]
        assert isinstance(s0, int) and 0 <= s0 < s1
        for e in r["events"]:
            assert set(e) <= {"type", "trigger", "source", "target", "mode"}
            assert e["type"] in EVENT_TYPES
            assert e["mode"] in ("asserted", "future", "negated", "hypothetical")
            spans = [e["trigger"]] + e.get("source", []) + e.get("target", [])
            for a, b in spans:
                assert isinstance(a, int) and isinstance(b, int) and a < b
            assert s0 <= e["trigger"][0] < e["trigger"][1] <= s1
    text = ev.gold_path(split).read_text(encoding="utf-8")
    assert not any("\u0600" <= ch <= "\u06ff" for ch in text), "gold files must not copy article text"


def test_gold_has_enough_events_of_the_types_oeda_lacks():
    n = 0
    types = set()
    for split in ev.GOLD_SPLITS:
        for r in ev.read_gold(ev.gold_path(split)):
            for e in r["events"]:
                if e["type"] not in ("ASSAULT", "PROTEST"):
                    n += 1
                    types.add(e["type"])
    assert n >= 100 and len(types) >= 12


# ---------------------------------------------------------------- floors on the shared data


def test_oeda_floors(shared_data):
    rep = ev.evaluate_oeda(shared_data)
    assert rep["sentences"] == 215
    assert rep["type_accuracy"] >= 0.87
    assert rep["source"]["f1"] >= 0.62
    assert rep["target"]["f1"] >= 0.60


def test_gold_test_split_floor(shared_data):
    rep = ev.evaluate_gold(shared_data, ev.gold_path("test"))
    assert rep["events"] == 110
    assert rep["type"]["f1"] >= 0.80
    assert rep["type_other"]["f1"] >= 0.80
    assert rep["mode_accuracy"] >= 0.75


def test_report_formats(shared_data, tmp_path):
    rep = {"oeda": ev.evaluate_oeda(_fake_data(tmp_path), use_entities=False)}
    out = ev.format_report(rep)
    assert "type accuracy" in out and "source" in out
    json.dumps(rep, ensure_ascii=False)
