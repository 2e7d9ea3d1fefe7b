"""The NER name memory (rasd.ner.spans): counts, matching, the jackknife and the file round trip."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.ner.spans import FEATURES_PER_GROUP, SpanMemory, build_counts, jackknife_features


def _s(text: str) -> list[tuple[str, str]]:
    return [tuple(x.rsplit("/", 1)) for x in text.split()]


CORPUS = [
    _s("وقال/O سلتيك/B-ORG اليوم/O"),
    _s("فاز/O لسلتيك/B-ORG على/O رينجرز/B-ORG"),
    _s("سلتيك/O"),  # the same word, not annotated: lowers the share
    _s("التقى/O بان/B-PER كي/I-PER مون/I-PER أمس/O"),
]


def test_counts_fold_clitics_and_count_unannotated_occurrences():
    c = build_counts(CORPUS)
    assert c["سلتيك"] == [3, 0, 2, 0, 0]  # occurrences, PER, ORG, LOC, MISC
    assert c["رينجرز"] == [1, 0, 1, 0, 0]
    # the first word of a name loses its proclitics (بان -> ان) the same way when matching
    assert c["ان كي مون"] == [1, 1, 0, 0, 0]


def test_features_mark_the_longest_match_with_type_shares():
    mem = SpanMemory([build_counts(CORPUS)])
    f = np.array(mem.features("وسلتيك و بان كي مون".split()))
    assert f.shape == (5, FEATURES_PER_GROUP)
    assert f[0, 1] == pytest.approx(2 / 3) and f[0, 8] > 0  # B-ORG share, confidence
    assert not f[1].any()                                    # و alone is no name
    assert f[2, 0] == 1.0 and f[3, 4] == 1.0 and f[4, 4] == 1.0  # B-PER, then I-PER twice
    assert mem.features([]).shape == (0, FEATURES_PER_GROUP)


def test_jackknife_hides_a_blocks_own_names():
    """A sentence's features come from the other blocks of its corpus: a name annotated only in
    its own block is unknown to it, while the full (shipped) memory knows it."""
    full, feats = jackknife_features([[CORPUS]], folds=2)
    assert len(feats) == 1 and [len(f) for f in feats[0]] == [len(s) for s in CORPUS]
    # block 1 = sentences 0-1: سلتيك is annotated only there, so sentence 0 sees nothing
    assert not any(any(row) for row in feats[0][0])
    # block 2 = sentences 2-3: sentence 2 sees سلتيك from block 1 (2 annotations in 2 occurrences there)
    assert feats[0][2][0][1] == 1.0
    assert full.features(["سلتيك"])[0][1] == pytest.approx(2 / 3)


def test_round_trip(tmp_path):
    mem = SpanMemory([build_counts(CORPUS), build_counts(CORPUS[:2])])
    mem.save(tmp_path / "spans.tsv.gz")
    back = SpanMemory.load(tmp_path / "spans.tsv.gz", 2)
    assert back.groups == mem.groups and back.dim == 2 * FEATURES_PER_GROUP
    words = "فاز لسلتيك على رينجرز".split()
    assert np.array_equal(back.features(words), mem.features(words))


def test_listed_names_are_weighed_by_how_often_the_labelled_text_annotates_them():
    from rasd.ner.spans import list_counts

    labelled = CORPUS + [_s("في/O ميلان/O اليوم/O"), _s("ميلان/O"), _s("ميلان/B-ORG")]
    c = list_counts({"ميلان": "ORG", "بنفيكا": "ORG", "سلتيك": "ORG", "كي مون": "PER"}, labelled)
    assert c["ميلان"] == [3, 0, 1, 0, 0]      # seen 3 times, annotated once
    assert c["نفيكا"] == [1, 0, 1, 0, 0]    # unseen: taken as a name (first word clitic-stripped)
    assert c["سلتيك"] == [3, 0, 2, 0, 0]
    assert c["كي مون"] == [1, 1, 0, 0, 0]
    none = list_counts({"ميلان": "ORG"}, labelled[-3:-1] * 2)  # seen often enough, never annotated: dropped
    assert none == {}


def test_kb_actor_names_and_unknown_lists(shared_data, tmp_path):
    from rasd.errors import RasdError
    from rasd.ner.gazetteer import kb_actor_names
    from rasd.ner.train import train_model

    names = kb_actor_names()
    assert names["البيشمركة"] == "ORG" and names["داعش"] == "ORG" and names["إقليم كردستان"] == "LOC"
    with pytest.raises(RasdError, match="unknown name list"):
        train_model(shared_data, tmp_path / "m", settings={"span_lists": ["kb", "nope"]}, log=lambda m: None)
    assert not (tmp_path / "m").exists()
    with pytest.raises(RasdError, match="fill_lists"):
        train_model(shared_data, tmp_path / "m", settings={"span_lists": ["arwikicats"], "fill_lists": ["kb"]},
                    log=lambda m: None)


def test_fill_tags_listed_names_the_network_missed():
    from rasd.ner.spans import list_counts

    labelled = [_s("قال/O فتح/O الباب/O"), _s("فتح/O"), _s("فتح/B-ORG"), _s("حزب/B-ORG الله/I-ORG")]
    lists = list_counts({"داعش": "ORG", "فتح": "ORG", "قوات البيشمركة": "ORG", "البيشمركة": "ORG"}, labelled)
    mem = SpanMemory([{}, lists])
    words = "هاجم لداعش مواقع قوات البيشمركة ثم فتح الطريق".split()
    tags, filled = mem.fill(words, ["O"] * len(words), groups=[1])
    # a proclitic is ignored, the longest listed name wins; فتح is mostly not a name in the labelled text
    assert tags == ["O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    assert filled == [(1, 2, 1.0), (3, 5, 1.0)]
    tagged = ["O", "B-PER", "O", "O", "B-LOC", "O", "O", "O"]
    assert mem.fill(words, tagged, groups=[1])[0] == tagged  # never over the network's own names
    assert mem.fill(words, ["O"] * len(words), groups=[0]) == (["O"] * len(words), [])
    assert mem.fill([], [], groups=[1]) == ([], [])
