"""Near-duplicates: fingerprints, the persistent MinHash/LSH index, groups, bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from rasd.document import Document
from rasd.errors import ConfigError
from rasd.settings import load_settings
from rasd.stories import dedup_corpus, duplicates_of, find_duplicates, fingerprint
from rasd.stories.dedup import DedupIndex, memory_index, similarity
from rasd.store import Store

GOLD = Path(__file__).parent / "data" / "stories_gold"

BASE = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة خمسمائة سرير، ويضم المستشفى أقساما "
    "متخصصة في أمراض القلب والأورام وطب الأطفال، وقال الوزير إن المشروع يأتي ضمن خطة لتطوير الخدمات الصحية "
    "في جميع مناطق المملكة خلال الأعوام الخمسة المقبلة، مشيرا إلى أن العمل جار على إنشاء عشرة مستشفيات أخرى "
    "في المنطقة الشرقية ومنطقة مكة المكرمة ومنطقة عسير، وأن الوزارة ستعلن عن وظائف جديدة للأطباء والممرضين "
    "في الأسابيع القادمة عبر موقعها الإلكتروني الرسمي."
)
OTHER = (
    "فاز فريق الهلال على نظيره النصر بثلاثة أهداف مقابل هدف في المباراة التي جمعتهما مساء أمس على ملعب "
    "الملك فهد الدولي ضمن منافسات الدوري، وسجل أهداف الهلال المهاجم الدولي في الدقائق الأولى من الشوط الثاني، "
    "فيما سجل هدف النصر الوحيد لاعب الوسط من ركلة جزاء، وبهذا الفوز يبتعد الهلال في صدارة الترتيب."
)

THIRD = (
    "ارتفعت أسعار النفط في ختام تعاملات الأسبوع بعد أن أظهرت بيانات رسمية تراجع المخزونات الأمريكية بأكثر من "
    "المتوقع، وصعد خام برنت إلى أعلى مستوى له منذ ثلاثة أشهر، فيما توقع محللون أن تواصل الأسعار ارتفاعها مع "
    "زيادة الطلب في فصل الصيف وتراجع الإنتاج في عدد من الدول المصدرة، وقالت وكالة الطاقة الدولية في تقريرها "
    "الشهري إن الأسواق ستشهد عجزا في الإمدادات خلال النصف الثاني من العام الجاري إذا استمرت التخفيضات الحالية."
)


def test_content_hash_ignores_punctuation_diacritics_and_spelling():
    a = fingerprint("أعلنت الوزارةُ، اليوم: افتتاح المستشفى!")
    b = fingerprint("اعلنت الوزارة اليوم افتتاح المستشفي")
    assert a.content_hash == b.content_hash
    assert fingerprint("نص آخر تماما").content_hash != a.content_hash


@pytest.mark.parametrize("edit", [
    lambda t: "واس - الرياض: " + t,                                  # dateline added
    lambda t: t.replace("خمسمائة", "500").replace("اليوم", "أمس"),     # small edits
    lambda t: t[: len(t) * 3 // 5],                                   # cut short (lead kept)
])
def test_near_duplicates_found(edit):
    groups, matches = find_duplicates([("a", BASE, "2024-01-01T10:00:00+00:00"),
                                       ("b", edit(BASE), "2024-01-01T12:00:00+00:00"),
                                       ("c", OTHER, "2024-01-01T12:00:00+00:00")])
    assert [m.kind for m in matches] == ["new", "near", "new"]
    assert len(groups) == 1 and {m[0] for m in groups[0].members} == {"a", "b"}
    assert groups[0].representative == "a"


def test_item_inside_a_long_roundup_is_not_a_copy():
    roundup = OTHER + " " + BASE + " " + THIRD
    sim, _jac = similarity(fingerprint(BASE), fingerprint(roundup))
    assert sim < 0.8
    _g, matches = find_duplicates([("r", roundup, None), ("a", BASE, None)])
    assert matches[1].kind == "new"


def test_representative_is_earliest_then_longest():
    longer = BASE + " وأضاف الوزير أن التشغيل التجريبي سيبدأ الشهر المقبل."
    groups, _ = find_duplicates([("late", BASE, "2024-01-02T00:00:00+00:00"),
                                 ("early", BASE + " .", "2024-01-01T00:00:00+00:00")])
    assert groups[0].representative == "early"
    groups, _ = find_duplicates([("short", BASE, None), ("long", longer, None)])
    assert groups[0].representative == "long"


def test_groups_are_stars_not_chains():
    # each version edits a few more words: neighbours are near-duplicates, the ends are not
    words = BASE.split()
    texts = {f"v{k}": " ".join(w if i % 10 not in (1, 4, 7)[:k] else "تعديل" for i, w in enumerate(words))
             for k in range(4)}
    groups, _ = find_duplicates([(d, t, f"2024-01-0{i + 1}") for i, (d, t) in enumerate(texts.items())],
                                threshold=0.7)
    assert similarity(fingerprint(texts["v0"]), fingerprint(texts["v3"]))[0] < 0.7
    for g in groups:
        rep = fingerprint(texts[g.representative])
        for d, _kind, _m, _s in g.members:
            assert d == g.representative or similarity(rep, fingerprint(texts[d]))[0] >= 0.7


def test_thousand_identical_copies_are_one_group_and_one_index_entry():
    idx = memory_index()
    t = time.perf_counter()
    for i in range(1000):
        idx.add(f"c{i:04d}", BASE, f"2024-01-01T00:{i % 60:02d}:00+00:00")
    assert time.perf_counter() - t < 20
    groups = idx.groups()
    assert len(groups) == 1 and groups[0].size == 1000
    indexed = idx.conn.execute("SELECT COUNT(*) FROM dedup_docs WHERE signature IS NOT NULL").fetchone()[0]
    assert indexed == 1
    bands = idx.conn.execute("SELECT COUNT(DISTINCT key) FROM dedup_bands").fetchone()[0]
    assert bands == 1


def test_near_identical_flood_stays_bounded():
    idx = memory_index()
    for i in range(300):
        idx.add(f"n{i}", BASE + f" رقم {i}", None)
    assert idx.conn.execute("SELECT COUNT(DISTINCT key) FROM dedup_bands").fetchone()[0] < 5
    assert len(idx.groups()) == 1


@pytest.mark.parametrize("text", ["", "   ", "عاجل", "!!! ...", None])
def test_empty_and_one_word_texts(text):
    groups, matches = find_duplicates([("a", text, None), ("b", text, None), ("c", BASE, None)])
    assert matches[0].kind == "short"
    assert matches[2].kind == "new"
    if text and fingerprint(text).n_words:
        assert matches[1].kind == "exact"  # identical one-word texts are exact copies
    else:
        assert matches[1].kind == "short" and groups == []


def test_other_languages_and_scripts():
    en = ("The health ministry opened a new hospital in Riyadh on Monday with five hundred beds and "
          "departments for cardiology, oncology and paediatrics, the minister told reporters.")
    zh = "卫生部周一在利雅得开设了一家拥有五百张床位的新医院 设有心脏科 肿瘤科和儿科 部长告诉记者"
    groups, matches = find_duplicates([("en1", en, None), ("en2", "Reuters - " + en, None), ("zh", zh, None),
                                       ("ar", BASE, None)])
    assert [m.kind for m in matches][:2] == ["new", "near"]
    assert matches[3].kind == "new"
    assert len(groups) == 1


def test_threshold_is_checked():
    with pytest.raises(ConfigError):
        memory_index(1.5)


def _docs(n: int = 3) -> list[Document]:
    return [Document(BASE, title="مستشفى", outlet="a", published="2024-01-01T10:00:00+00:00", language="ar"),
            Document("الرياض - " + BASE, title="افتتاح مستشفى", outlet="b", published="2024-01-01T11:00:00+00:00",
                     language="ar"),
            Document(OTHER, title="الهلال", outlet="a", published="2024-01-01T12:00:00+00:00", language="ar")][:n]


def test_store_index_persists_and_is_incremental(tmp_path):
    db = tmp_path / "r.db"
    settings = load_settings()
    with Store(db) as st:
        st.add_many(_docs())
        out = dedup_corpus(st, st.doc_ids(), settings)
        assert out == {"new": 2, "near": 1}
        assert dedup_corpus(st, st.doc_ids(), settings) == {"seen": 3}  # idempotent
    # reopen: a new copy is matched against the stored index, nothing rebuilt
    with Store(db) as st:
        new = Document(BASE + " وكانت الوزارة قد أعلنت ذلك.", title="م", outlet="c",
                       published="2024-01-02T09:00:00+00:00", language="ar")
        st.add(new)
        assert dedup_corpus(st, [new.id], settings) == {"near": 1}
        g = duplicates_of(st, new.id)
        assert g is not None and g["size"] == 3
        assert g["representative"] == _docs()[0].id
        assert duplicates_of(st, _docs()[2].id) is None


def test_changed_parameters_rebuild_the_index(tmp_path):
    with Store(tmp_path / "r.db") as st:
        st.add_many(_docs())
        dedup_corpus(st, st.doc_ids(), load_settings())
        with st.write() as w:
            w.execute("UPDATE dedup_params SET value = '99' WHERE name = 'num_perm'")
        with st.write() as w:
            DedupIndex(w, 0.8)
        assert st.conn.execute("SELECT COUNT(*) FROM dedup_docs").fetchone()[0] == 0


def test_judged_precision_sample_is_ids_and_labels_only():
    p = GOLD / "dedup_precision_sample.jsonl"
    rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 100
    for r in rows:
        assert set(r) <= {"a", "b", "label", "note", "stratum"}
        assert r["label"] in ("dup", "not_dup")


def test_saudinewsnet_one_day_floor(shared_data):
    from rasd.eval.dedup import positive_pairs
    from rasd.eval.stories import read_saudinewsnet

    arts = sorted(read_saudinewsnet(shared_data, days=["2015-08-03"]), key=lambda a: (a.published or "", a.doc_id))
    groups, _ = find_duplicates(((a.doc_id, a.text, a.published) for a in arts))
    group_of = {m[0]: g.id for g in groups for m in g.members}
    pos = positive_pairs(arts)
    allpos = pos["identical"] | pos["same_title"]
    hit = sum(1 for a, b in allpos if a in group_of and group_of[a] == group_of.get(b))
    assert len(allpos) > 20
    assert hit / len(allpos) >= 0.85
