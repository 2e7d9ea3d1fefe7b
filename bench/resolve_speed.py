"""Entity-resolution throughput: mentions resolved per second on one core.

Synthetic but realistic mentions (no NER model needed): person names made of first and family
names from the shipped transliteration model's vocabulary of name pairs is not available at run
time, so names are composed from a fixed pool of Arabic name parts with spelling variants (long
vowels dropped/added, ج/غ, ة/ه, hamza seats), titles (الرئيس، السيد), bare family names and
glued proclitics; organisations (وزارة/حكومة + place), places from the seed KB, and junk mentions
(digits, 5,000 characters, Latin). 20 mentions per document.

    python bench/resolve_speed.py                 # 100k mentions, in memory and through the store
    python bench/resolve_speed.py --mentions 20000 --runs 3 --no-store

Prints medians over ``--runs``: in-memory resolve (keys + in-document links + matching, with the KB
and the transliterator), and the store corpus stage (``resolve_corpus`` on a fresh SQLite file,
then an incremental batch of 1,000 new mentions against the filled database).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

FIRST = ("محمد أحمد علي حسن حسين عمر خالد سعيد يوسف إبراهيم مصطفى عبدالله عبد الرحمن سلمان فيصل جمال كمال "
         "مسعود مسرور نيجيرفان هوشيار فؤاد برهم نوري حيدر عادل مقتدى عمار إياد أسامة طارق زياد سامي رامي "
         "دونالد جوردون فلاديمير إيمانويل أنغيلا تيريزا بوريس مايك جون سيرغي رجب بشار حافظ ليلى فاطمة "
         "زينب مريم سارة نور هدى رنا").split()
FAMILY = ("بارزاني طالباني العبادي المالكي الصدر الحكيم علاوي النجيفي الجبوري الدليمي الكعبي الساعدي "
          "ترامب براون بوتين ماكرون ميركل ماي جونسون بومبيو بولتون لافروف أردوغان الأسد السيسي نتنياهو "
          "روحاني ظريف خامنئي صالح معصوم زيباري عبد المهدي الحلبوسي الكاظمي الربيعي الشمري العنزي "
          "القحطاني الغامدي الزهراني الشهري العتيبي المطيري الدوسري الحربي").split()
TITLES = ["الرئيس", "السيد", "الشيخ", "الدكتور", "الوزير", "رئيس الوزراء"]
HEADS = ["وزارة", "حكومة", "جامعة", "مجلس", "شركة"]
PLACES = ["العراق", "بغداد", "أربيل", "الموصل", "كركوك", "السليمانية", "دهوك", "سوريا", "دمشق", "تركيا",
          "أنقرة", "إيران", "طهران", "واشنطن", "موسكو", "لندن", "باريس", "برلين", "القاهرة", "الرياض",
          "إقليم كردستان", "البصرة", "النجف", "كربلاء", "الأنبار", "الفلوجة", "تكريت", "سنجار"]
ORGS = ["البيشمركة", "البشمركة", "قوات البيشمركة", "داعش", "تنظيم داعش", "الحشد الشعبي", "الأمم المتحدة",
        "حكومة إقليم كردستان", "الاتحاد الأوروبي", "حلف الناتو", "حزب الله", "الحزب الديمقراطي الكردستاني"]


def variant(w: str, rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.15 and "ي" in w[1:-1]:
        i = w.index("ي", 1)
        return w[:i] + w[i + 1:]
    if r < 0.25 and len(w) > 4:
        i = rnd.randrange(2, len(w) - 1)
        return w[:i] + "ي" + w[i:]
    if r < 0.32:
        return w.replace("غ", "ج").replace("أ", "ا").replace("إ", "ا")
    if r < 0.38:
        return w.replace("ة", "ه")
    return w


def make_people(n: int, rnd: random.Random) -> list[tuple[str, str]]:
    seen = set()
    out = []
    while len(out) < n:
        f, l = rnd.choice(FIRST), rnd.choice(FAMILY)
        if rnd.random() < 0.3:
            f = f + " " + rnd.choice(FIRST)  # a middle name
        if (f, l) not in seen:
            seen.add((f, l))
            out.append((f, l))
    return out


def make_docs(n_mentions: int, seed: int = 6, per_doc: int = 20, start: int = 0):
    """Lists of (surface, type) per document."""
    from rasd.resolve.matcher import MentionIn

    rnd = random.Random(seed)
    people = make_people(4000, rnd)
    docs: list[list[MentionIn]] = []
    made = 0
    d = start
    while made < n_mentions:
        doc_id = f"d{d:07d}"
        ms: list[tuple[str, str]] = []
        cast = rnd.sample(people, 4)
        for _ in range(per_doc):
            r = rnd.random()
            if r < 0.45:
                f, l = rnd.choice(cast)
                k = rnd.random()
                if k < 0.4 or not ms:
                    s = f"{variant(f.split()[0], rnd)} {variant(l, rnd)}" if rnd.random() < 0.7 else f"{f} {l}"
                elif k < 0.7:
                    s = l
                elif k < 0.85:
                    s = f"{rnd.choice(TITLES)} {l}"
                else:
                    s = f"{rnd.choice(TITLES)} {f} {l}"
                ms.append((s, "PER"))
            elif r < 0.7:
                p = rnd.choice(PLACES)
                ms.append(((rnd.choice("وبل") if rnd.random() < 0.1 else "") + variant(p, rnd), "LOC"))
            elif r < 0.9:
                if rnd.random() < 0.5:
                    ms.append((rnd.choice(ORGS), "ORG"))
                else:
                    ms.append((f"{rnd.choice(HEADS)} {rnd.choice(PLACES)}", "ORG"))
            elif r < 0.98:
                ms.append((f"{rnd.choice(FAMILY)} {rnd.choice(FAMILY)}", "MISC"))
            else:
                junk = rnd.choice(["12345", "...", "x" * 5000, "Reuters", "—", "٢٠١٨"])
                ms.append((junk, rnd.choice(["PER", "ORG"])))
        docs.append([MentionIn(s, t, doc_id, i) for i, (s, t) in enumerate(ms)])
        made += len(ms)
        d += 1
    return docs


def run_memory(docs) -> tuple[float, dict]:
    from rasd.resolve import keys as K
    from rasd.resolve.corpus import _link, make_resolver
    from rasd.resolve.keys import name_key

    K._CACHE.clear()
    name_key.cache_clear()
    K.tok_skel.cache_clear()
    ms = [m for d in docs for m in d]
    for m in ms:
        m.antecedent = None
    t0 = time.perf_counter()
    keys = [name_key(m.surface, m.type) for m in ms]
    _link(ms, keys)
    r = make_resolver()
    r.resolve(ms, keys)
    dt = time.perf_counter() - t0
    return dt, {"entities": len(r.entities), **dict(r.stats)}


def to_documents(docs):
    from rasd.document import Document, Mention

    out = []
    for ms in docs:
        text_parts, mentions, pos = [], [], 0
        for m in ms:
            s = m.surface
            text_parts.append(s)
            mentions.append(Mention(pos, pos + len(s), m.type))
            pos += len(s) + 3
            text_parts.append(" و ")
        text = "".join(text_parts)
        out.append(Document(text=text, id=ms[0].doc_id, language="ar", published="2018-03-01", mentions=mentions))
    return out


def run_store(docs, extra) -> dict:
    from rasd.resolve import resolve_corpus
    from rasd.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        store.add_many(to_documents(docs))
        ids = store.doc_ids()
        t0 = time.perf_counter()
        out = resolve_corpus(store, ids)
        full = time.perf_counter() - t0
        store.add_many(to_documents(extra))
        new_ids = [d[0].doc_id for d in extra]
        t0 = time.perf_counter()
        out2 = resolve_corpus(store, new_ids)
        inc = time.perf_counter() - t0
        n_ent = store.conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        store.close()
    return {"full_s": full, "match_s": out["seconds_match"], "incremental_s": inc, "incremental_mentions": out2["mentions"],
            "incremental_loaded": out2["entities_loaded"], "entities": n_ent}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-store", action="store_true")
    args = ap.parse_args()
    docs = make_docs(args.mentions)
    n = sum(len(d) for d in docs)
    times, info = [], {}
    for _ in range(args.runs):
        dt, info = run_memory(docs)
        times.append(dt)
    med = statistics.median(times)
    print(f"in memory: {n} mentions in {len(docs)} documents: median {med:.2f} s over {args.runs} runs "
          f"({n / med:,.0f} mentions/s); {info}")
    if not args.no_store:
        extra = make_docs(1000, seed=99, start=10_000_000)
        rs = [run_store(docs, extra) for _ in range(max(1, args.runs // 2))]
        full = statistics.median(r["full_s"] for r in rs)
        inc = statistics.median(r["incremental_s"] for r in rs)
        print(f"store: resolve_corpus on {n} mentions: median {full:.2f} s ({n / full:,.0f} mentions/s, "
              f"matching {rs[0]['match_s']:.2f} s), {rs[0]['entities']} entities; incremental batch of "
              f"{rs[0]['incremental_mentions']} mentions against the filled database: {inc:.2f} s "
              f"({rs[0]['incremental_loaded']} candidate entities loaded)")


if __name__ == "__main__":
    main()
