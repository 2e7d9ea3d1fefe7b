"""Entity resolution: match keys, variant matching, the rules that keep things apart, in-document
links, bad input, the store stage (incremental, explainable) and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.document import Document, Mention
from rasd.resolve import entity_info, list_entities, resolve_corpus, resolve_document
from rasd.resolve.keys import name_key, tok_skel, variant_model
from rasd.resolve.matcher import MentionIn, Resolver, compare, link_in_document
from rasd.resolve.corpus import make_resolver
from rasd.store import Store

REPO = Path(__file__).resolve().parents[1]


def resolve(items, kb=True):
    r = make_resolver(use_kb=kb, use_translit=False)
    ms = [MentionIn(s, t, "d", i) for i, (s, t) in enumerate(items)]
    return r, r.resolve(ms)


def same(items, kb=True) -> bool:
    _, ds = resolve(items, kb)
    return len({d.entity_id for d in ds}) == 1 and ds[0].entity_id is not None


# -- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surface,typ,tokens,extra",
    [
        ("الرئيس دونالد ترامب", "PER", ("دونالد", "ترامب"), {"title": ("الرييس",)}),
        ("حكومة إقليم كردستان", "ORG", ("اقليم", "كردستان"), {"head": "حكومه"}),
        ("إقليم كردستان", "LOC", ("اقليم", "كردستان"), {"head": ""}),
        ("قوات البيشمركة", "ORG", ("بيشمركه",), {"dropped_head": "قوات"}),
        ("والعراق", "LOC", ("عراق",), {}),
        ("للقوات", "ORG", ("قوات",), {}),
        ("عبد الرحمن", "PER", ("عبدرحمن",), {}),
        ("عبدالرحمن", "PER", ("عبدرحمن",), {}),
        ("مدينة الموصل", "LOC", ("موصل",), {"descriptor": "مدينه"}),
    ],
)
def test_name_key(surface, typ, tokens, extra):
    k = name_key(surface, typ)
    assert k is not None and k.tokens == tokens
    for f, v in extra.items():
        assert getattr(k, f) == v


@pytest.mark.parametrize("bad", ["", "12345", "...!!", "x" * 5000, "ب" * 200, " ".join(["كلمة"] * 20), "—", "٢٠١٨"])
def test_unusable_mentions_have_no_key(bad):
    assert name_key(bad, "PER") is None


def test_skeleton_merges_spelling_classes():
    assert tok_skel("غوردون") == tok_skel("جوردن") == tok_skel("كوردون")
    assert tok_skel("بيشمركه") == tok_skel("بشمركه")


# -- variant matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [("البيشمركة", "البشمركة"), ("الأميركية", "الأمريكية"), ("جوردون براون", "غوردون براون"), ("غوردن براون", "غوردون براون"),
     ("أنغيلا ميركل", "أنجيلا ميركل"), ("سيرغي لافروف", "سيرجي لافروف"), ("مارك زوكربيرغ", "مارك زوكربيرج"),
     ("إيمانويل ماكرون", "ايمانويل ماكرون"), ("كيم جونغ أون", "كيم جونج أون")],
)
def test_spelling_variants_join(a, b):
    typ = "ORG" if "ال" in a[:2] else "PER"
    assert same([(a, typ), (b, typ)], kb=False)


@pytest.mark.parametrize(
    "a,b",
    [("مسرور بارزاني", "مسعود بارزاني"), ("هيلاري كلينتون", "بيل كلينتون"), ("بشار الأسد", "حافظ الأسد"),
     ("محمد بن سلمان", "محمد بن زايد"), ("ميلانيا ترامب", "دونالد ترامب"), ("جمال خاشقجي", "كمال خاشقجي")],
)
def test_different_first_names_stay_apart(a, b):
    assert not same([(a, "PER"), (b, "PER")], kb=False)


def test_org_and_the_place_it_is_named_after_stay_apart():
    assert not same([("حكومة إقليم كردستان", "ORG"), ("إقليم كردستان", "LOC")])
    assert not same([("حكومة إقليم كردستان", "ORG"), ("إقليم كردستان", "ORG")], kb=False)
    assert not same([("وزارة الخارجية", "ORG"), ("الخارجية", "ORG")], kb=False)
    assert not same([("وزارة العراق", "ORG"), ("العراق", "ORG")], kb=False)


def test_type_consistency():
    assert not same([("عمار", "PER"), ("عمار", "ORG")], kb=False)


def test_droppable_head_joins():
    assert same([("قوات البيشمركة", "ORG"), ("البشمركة", "ORG")], kb=False)
    assert same([("تنظيم داعش", "ORG"), ("داعش", "ORG"), ("لداعش", "ORG")])


def test_bare_family_name_with_two_candidates_stays_unresolved():
    r, ds = resolve([("مسعود بارزاني", "PER"), ("مسرور بارزاني", "PER"), ("بارزاني", "PER")], kb=False)
    assert ds[2].via == "ambiguous"
    e = r.entities[ds[2].entity_id]
    assert e.status == "ambiguous" and set(e.candidates) == {ds[0].entity_id, ds[1].entity_id}


def test_bare_family_name_with_one_candidate_joins():
    _, ds = resolve([("دونالد ترامب", "PER"), ("ترامب", "PER")], kb=False)
    assert ds[1].entity_id == ds[0].entity_id and ds[1].via == "surname"


def test_middle_name_joins():
    assert same([("مسعود مصطفى بارزاني", "PER"), ("مسعود بارزاني", "PER")], kb=False)


def test_kb_places_and_metonyms():
    r, ds = resolve([("واشنطن", "ORG"), ("واشنطن", "LOC"), ("سورية", "LOC"), ("سوريا", "LOC"), ("وبغداد", "LOC"),
                     ("كوردستان", "LOC"), ("البشمركة", "ORG")])
    assert ds[0].via == "metonym" and ds[0].entity_id == ds[1].entity_id
    e = r.entities[ds[0].entity_id]
    assert e.type == "LOC" and e.country_code == "US" and e.name_latin == "Washington"
    assert ds[2].entity_id == ds[3].entity_id == "kb:country:SY"
    assert ds[4].entity_id.startswith("kb:city:IQ:baghdad")
    assert ds[5].entity_id == "kb:actor:kurdistan-region" and ds[6].entity_id == "kb:actor:peshmerga"


def test_one_bad_mention_never_collapses_entities():
    names = [("مسعود بارزاني", "PER"), ("جوردون براون", "PER"), ("فلاديمير بوتين", "PER"), ("أنغيلا ميركل", "PER")]
    junk = [("x" * 5000, "PER"), ("12345", "PER"), ("!!!", "ORG"), ("Reuters", "ORG"), ("ب", "PER")]
    r, ds = resolve(names + junk + names, kb=False)
    ids = [d.entity_id for d in ds[: len(names)]]
    assert len(set(ids)) == len(names)
    assert [d.entity_id for d in ds[-len(names):]] == ids
    assert all(d.entity_id is None for d in ds[len(names):len(names) + 3])


def test_latin_names():
    r, ds = resolve([("Donald Trump", "PER"), ("donald trump", "PER")], kb=False)
    assert ds[0].entity_id == ds[1].entity_id


def test_compare_rules_directly():
    m = variant_model()
    assert compare(name_key("بارزاني", "PER"), name_key("مسعود بارزاني", "PER"), m) == "surname"
    assert compare(name_key("مسرور بارزاني", "PER"), name_key("مسعود بارزاني", "PER"), m) is None


# -- in-document linking ---------------------------------------------------------------------------------


def doc_with(text: str, names: list[tuple[str, str]], **kw) -> Document:
    ms, pos = [], 0
    for s, t in names:
        i = text.index(s, pos)
        ms.append(Mention(i, i + len(s), t))
        pos = i + len(s)  # the next name is found after this one, not inside it
    return Document(text=text, mentions=ms, language="ar", **kw)


def test_resolve_document_links_partial_references():
    d = doc_with(
        "التقى الرئيس الأمريكي دونالد ترامب بالرئيس الروسي فلاديمير بوتين. وقال ترامب إن الرئيس بوتين وافق، "
        "وأضاف السيد ترامب أن دونالد ترامب سيزور موسكو.",
        [("دونالد ترامب", "PER"), ("فلاديمير بوتين", "PER"), ("ترامب", "PER"), ("الرئيس بوتين", "PER"),
         ("السيد ترامب", "PER"), ("دونالد ترامب", "PER"), ("موسكو", "LOC")],
    )
    resolve_document(d)
    assert [m.antecedent for m in d.mentions] == [None, None, 0, 1, 0, None, None]


def test_in_document_ambiguous_surname_is_not_linked():
    keys = [name_key(s, "PER") for s in ["مسعود بارزاني", "مسرور بارزاني", "بارزاني"]]
    assert link_in_document(keys)[2] == (None, True)


def test_surname_before_full_name_links_forward():
    keys = [name_key(s, "PER") for s in ["ميركل", "أنغيلا ميركل"]]
    assert link_in_document(keys)[0] == (1, False)


# -- the store stage ------------------------------------------------------------------------------------------


def test_corpus_stage_incremental_and_explainable(tmp_path):
    st = Store(tmp_path / "r.db")
    d1 = doc_with("قال رئيس إقليم كردستان مسعود بارزاني إن البيشمركة مستعدة. وأضاف بارزاني أن حكومة إقليم كردستان ستجتمع.",
                  [("إقليم كردستان", "LOC"), ("مسعود بارزاني", "PER"), ("البيشمركة", "ORG"), ("بارزاني", "PER"),
                   ("حكومة إقليم كردستان", "ORG")], published="2018-03-01")
    d2 = doc_with("التقى مسرور بارزاني وفدا في اربيل، وقالت قوات البشمركة إن واشنطن تدعمها.",
                  [("مسرور بارزاني", "PER"), ("اربيل", "LOC"), ("قوات البشمركة", "ORG"), ("واشنطن", "ORG")],
                  published="2018-03-05")
    st.add_many([d1, d2])
    out1 = resolve_corpus(st, [d1.id], None)
    assert out1["mentions"] == 5
    out2 = resolve_corpus(st, [d2.id], None)
    assert out2["entities_loaded"] >= 1  # existing entities were read back, not rebuilt
    rows = {r["surface"]: (r["entity_id"], r["antecedent"]) for r in st.conn.execute(
        "SELECT surface, entity_id, antecedent FROM mentions")}
    assert rows["البيشمركة"][0] == rows["قوات البشمركة"][0] == "kb:actor:peshmerga"
    assert rows["حكومة إقليم كردستان"][0] != rows["إقليم كردستان"][0]
    assert rows["بارزاني"] == (rows["مسعود بارزاني"][0], 1)
    assert rows["مسرور بارزاني"][0] != rows["مسعود بارزاني"][0]
    pesh = entity_info(st, "kb:actor:peshmerga", why=True)
    assert pesh["mention_count"] == 2 and pesh["doc_count"] == 2
    assert (pesh["first_seen"], pesh["last_seen"]) == ("2018-03-01", "2018-03-05")
    assert pesh["name_latin"] == "Peshmerga" and pesh["country_code"] == "IQ"
    assert {a["alias"] for a in pesh["aliases"]} == {"البيشمركة", "قوات البشمركة"}
    assert {e["joined_via"] for e in pesh["evidence"]} >= {"kb"}
    # a third article with a bare Barzani: two candidates in the database now -> unresolved
    d3 = doc_with("وقال بارزاني إن الاستفتاء قائم.", [("بارزاني", "PER")], published="2018-03-07")
    st.add(d3)
    resolve_corpus(st, [d3.id], None)
    eid = st.conn.execute("SELECT entity_id FROM mentions WHERE doc_id=?", (d3.id,)).fetchone()[0]
    amb = entity_info(st, eid, why=True)
    assert amb["status"] == "ambiguous" and len(amb["candidate_entities"]) == 2
    # every usable mention has an entity; every entity a Latin name
    assert st.conn.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL").fetchone()[0] == 0
    assert st.conn.execute("SELECT count(*) FROM entities WHERE name_latin IS NULL OR name_latin=''").fetchone()[0] == 0
    # re-running is stable
    before = st.conn.execute("SELECT doc_id, idx, entity_id FROM mentions ORDER BY 1, 2").fetchall()
    resolve_corpus(st, None, None)
    after = st.conn.execute("SELECT doc_id, idx, entity_id FROM mentions ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in before] == [tuple(r) for r in after]
    assert list_entities(st, type="PER", limit=10)
    st.close()


def test_given_name_left_out_by_the_ner_keeps_a_bare_surname_from_the_wrong_person(tmp_path):
    # the NER tagged only بارزاني in 'مسرور بارزاني': it must not join مسعود بارزاني, the only Barzani known
    st = Store(tmp_path / "g.db")
    d1 = doc_with("قال رئيس إقليم كردستان مسعود بارزاني إن الاستفتاء قائم.", [("مسعود بارزاني", "PER")],
                  published="2018-03-01")
    d2 = doc_with("وقال رئيس حكومة الإقليم مسرور بارزاني إن الرواتب ستصرف.", [("بارزاني", "PER")], published="2018-03-02")
    d3 = doc_with("وقال بارزاني إن الاستفتاء قائم.", [("بارزاني", "PER")], published="2018-03-03")
    st.add_many([d1])
    resolve_corpus(st, [d1.id], None)
    st.add_many([d2, d3])
    resolve_corpus(st, [d2.id, d3.id], None)
    ids = {r[0]: r[1] for r in st.conn.execute("SELECT doc_id, entity_id FROM mentions")}
    assert ids[d2.id] != ids[d1.id]
    # a bare بارزاني with no given name before it now has two candidates: unresolved, not guessed
    assert entity_info(st, ids[d3.id])["status"] == "ambiguous"
    st.close()


@pytest.mark.parametrize("before,expect", [
    ("وقال رئيس حكومة الإقليم مسرور ", "مسرور بارزاني"), ("أكد نيجيرفان ", "نيجيرفان بارزاني"),
    ("وقال ", None), ("الزعيم الكردي ", None), ("إن ", None), ("في ", None), ("السيد ", None), ("تحدث ", None),
    ("مسعود، ", None),
])
def test_given_name_before(before, expect):
    from rasd.resolve.corpus import given_name_before

    k = given_name_before(name_key("بارزاني", "PER"), "بارزاني", before)
    assert (k.text if k else None) == (name_key(expect, "PER").text if expect else None)


def test_corpus_stage_with_bad_mentions(tmp_path):
    st = Store(tmp_path / "r.db")
    text = "x" * 5000 + " مسعود بارزاني 12345 Reuters !!! جوردون براون"
    ms = [Mention(0, 5000, "PER"), Mention(5001, 5014, "PER"), Mention(5015, 5020, "ORG"), Mention(5021, 5028, "ORG"),
          Mention(5029, 5032, "ORG"), Mention(5033, 5045, "PER")]
    d = Document(text=text, mentions=ms, language="ar")
    st.add(d)
    out = resolve_corpus(st, [d.id], None)
    assert out["mentions"] == 6
    ids = [r[0] for r in st.conn.execute("SELECT entity_id FROM mentions ORDER BY idx")]
    assert ids[0] is None and ids[2] is None and ids[4] is None
    assert len({ids[1], ids[3], ids[5]}) == 3
    st.close()


# -- CLI -------------------------------------------------------------------------------------------------------


def run(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("RASD_DB", None)
    env.pop("RASD_CONFIG", None)
    p = subprocess.run([sys.executable, "-m", "rasd", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert p.returncode == 0, (args, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def test_cli_entity_commands(tmp_path):
    st = Store(tmp_path / "rasd.db")
    d = doc_with("قالت حكومة إقليم كردستان إن البيشمركة انتشرت، وأكد مسعود بارزاني ذلك، وقال بارزاني إن واشنطن تدعم.",
                 [("حكومة إقليم كردستان", "ORG"), ("البيشمركة", "ORG"), ("مسعود بارزاني", "PER"), ("بارزاني", "PER"),
                  ("واشنطن", "ORG")], published="2018-05-01")
    st.add(d)
    st.close()
    out = run("resolve", "--db", "rasd.db", cwd=tmp_path)
    assert "5 mentions" in out.stdout
    lst = run("entities", "--db", "rasd.db", "--json", cwd=tmp_path).stdout.strip().splitlines()
    ents = [json.loads(x) for x in lst]
    assert {e["id"] for e in ents} >= {"kb:actor:krg", "kb:actor:peshmerga", "kb:city:US:washington"}
    per = run("entities", "--db", "rasd.db", "--type", "PER", cwd=tmp_path).stdout
    assert "مسعود بارزاني" in per
    pid = next(e["id"] for e in ents if e["type"] == "PER")
    why = run("entity", pid, "--why", "--db", "rasd.db", cwd=tmp_path).stdout
    assert "in_document" in why and "بارزاني" in why
    j = json.loads(run("entity", "kb:city:US:washington", "--json", "--why", "--db", "rasd.db", cwd=tmp_path).stdout)
    assert j["country_code"] == "US" and j["evidence"][0]["joined_via"] == "metonym"
    bad = run("entity", "nope", "--db", "rasd.db", cwd=tmp_path, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    bad = run("entities", "--limit", "0", "--db", "rasd.db", cwd=tmp_path, check=False)
    assert bad.returncode == 2
