"""Document-level consistency of NER tags (rasd.ner.consistency)."""

from __future__ import annotations

from rasd.ner.consistency import propagate


def _tagged(*tag_lists):
    return [(list(t), [0.9 if x != "O" else 0.6 for x in t]) for t in tag_lists]


def test_fill_tags_a_name_repeated_nearby_with_its_type_and_score():
    seqs = ["قال مسرور بارزاني إن".split(), "وأضاف بارزاني أن مسرور بارزاني زار بغداد".split()]
    tagged = _tagged(["O", "B-PER", "I-PER", "O"], ["O", "O", "O", "O", "O", "O", "B-LOC"])
    out = propagate(seqs, tagged, window=20)
    assert out[0][0] == ["O", "B-PER", "I-PER", "O"]
    # the two-word name is found again; the lone family name is not a name the memory holds
    assert out[1][0] == ["O", "O", "O", "B-PER", "I-PER", "O", "B-LOC"]
    assert out[1][1][3:5] == [0.9, 0.9]


def test_fill_matches_a_name_behind_a_proclitic_but_not_inside_another_name():
    seqs = ["زار الوفد أربيل".split(), "وعاد إلى وأربيل ثم لأربيل".split(), "جامعة أربيل".split()]
    tagged = _tagged(["O", "O", "B-LOC"], ["O", "O", "O", "O", "O"], ["B-ORG", "I-ORG"])
    out = propagate(seqs, tagged, window=5)
    assert out[1][0] == ["O", "O", "B-LOC", "O", "B-LOC"]
    assert out[2][0] == ["B-ORG", "I-ORG"]  # already tagged: left alone


def test_vote_retypes_a_name_tagged_otherwise_more_often_nearby():
    seqs = [["الأهلي"], ["الأهلي"], ["الأهلي"], ["فاز", "الأهلي"]]
    tagged = _tagged(["B-ORG"], ["B-ORG"], ["B-ORG"], ["O", "B-PER"])
    out = propagate(seqs, tagged, window=5)
    assert out[3][0] == ["O", "B-ORG"]
    tied = propagate(seqs[2:], tagged[2:], window=5)  # one ORG, one PER: no majority, unchanged
    assert tied[1][0] == ["O", "B-PER"]


def test_window_bounds_the_memory_and_zero_turns_it_off():
    seqs = [["بغداد"]] + [["كلام"]] * 5 + [["بغداد"]]
    tagged = _tagged(["B-LOC"], *[["O"]] * 5, ["O"])
    assert propagate(seqs, tagged, window=6)[6][0] == ["B-LOC"]
    assert propagate(seqs, tagged, window=5)[6][0] == ["O"]  # 6 sentences away
    assert propagate(seqs, tagged, window=0)[6][0] == ["O"]


def test_names_without_letters_do_not_spread_and_empty_input_is_fine():
    seqs = [["2024"], ["في", "2024"]]
    tagged = _tagged(["B-MISC"], ["O", "O"])
    assert propagate(seqs, tagged, window=5)[1][0] == ["O", "O"]
    assert propagate([], [], window=5) == []
    assert propagate([[]], [([], [])], window=5) == [([], [])]


def test_memory_slides_over_a_long_document():
    seqs = [f"قال محمد علي في بغداد أمس {i}".split() for i in range(3000)]
    tagged = _tagged(*[["O", "B-PER", "I-PER", "O", "O", "O", "O"]] * 1500, *[["O"] * 7] * 1500)
    tagged[0] = (["O", "O", "O", "O", "B-LOC", "O", "O"], tagged[0][1])
    out = propagate(seqs, tagged, window=20)
    assert out[1519][0][1:3] == ["B-PER", "I-PER"] and out[1520][0][1:3] == ["O", "O"]
    assert out[20][0][4] == "B-LOC" and out[21][0][4] == "O"
