"""How tests/data/resolve_gold/{articles,mentions,pairs}.tsv were drafted (then checked by hand).

Reads the ANT multi-source tarball (../shared/data/news/ant), finds the target names below
(each with its gold entity label) in the <TEXT> bodies, keeps up to a few articles per name,
and drafts same/different pairs of mentions: variant spellings and bare family names of one
person across articles (same), and people/organisations/places that share words (different).
Bare family names get the label of the only full name of that family in the article; articles
where a bare name fits two people are left out of the pairs. The drafted pairs were then read
in context and corrected by hand (see README.md); re-running this script only re-drafts.

Usage: python tests/data/resolve_gold/make_pairs.py ../shared/data > /tmp/draft
       python tests/data/resolve_gold/make_pairs.py pairs /tmp/draft > /tmp/pairs
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

# label, type, surface forms (full forms first); bare family names are listed in BARE
TARGETS = """
TRUMP|PER|دونالد ترامب
MELANIA|PER|ميلانيا ترامب
IVANKA|PER|إيفانكا ترامب
H_CLINTON|PER|هيلاري كلينتون
B_CLINTON|PER|بيل كلينتون
B_ASSAD|PER|بشار الأسد
H_ASSAD|PER|حافظ الأسد
A_ASSAD|PER|أسماء الأسد
MBS|PER|محمد بن سلمان
MBZ|PER|محمد بن زايد
MBR|PER|محمد بن راشد
K_SALMAN|PER|سلمان بن عبد العزيز|الملك سلمان بن عبد العزيز
MERKEL|PER|أنغيلا ميركل|أنجيلا ميركل
KIM|PER|كيم جونغ أون|كيم جونج أون|كيم جونغ اون
LAVROV|PER|سيرغي لافروف|سيرجي لافروف
MOON|PER|مون جاي إن|مون جيه إن
ZUCK|PER|مارك زوكربيرغ|مارك زوكربيرج
MUSK|PER|إيلون ماسك|ايلون ماسك
MACRON|PER|إيمانويل ماكرون|ايمانويل ماكرون
ERDOGAN|PER|رجب طيب أردوغان
BARZANI_M|PER|مسعود بارزاني
BARZANI_N|PER|نيجيرفان بارزاني
B_JOHNSON|PER|بوريس جونسون
ZIDANE|PER|زين الدين زيدان
KRG|ORG|حكومة إقليم كردستان
KREGION|LOC|إقليم كردستان|كردستان العراق
PESHMERGA|ORG|البيشمركة|البشمركة
UN|ORG|الأمم المتحدة|منظمة الأمم المتحدة
HOUTHI|ORG|الحوثيين|الحوثيون
PYONGYANG|LOC|بيونغ يانغ|بيونج يانج
"""
BARE = {"ترامب": ["TRUMP", "MELANIA", "IVANKA"], "كلينتون": ["H_CLINTON", "B_CLINTON"],
        "الأسد": ["B_ASSAD", "H_ASSAD", "A_ASSAD"], "ميركل": ["MERKEL"], "لافروف": ["LAVROV"],
        "زوكربيرغ": ["ZUCK"], "زوكربيرج": ["ZUCK"], "ماكرون": ["MACRON"], "أردوغان": ["ERDOGAN"],
        "بارزاني": ["BARZANI_M", "BARZANI_N"], "جونسون": ["B_JOHNSON"], "زيدان": ["ZIDANE"], "ماسك": ["MUSK"]}
PER_NAME_CAP = 6  # articles per full name


def read_ant(data: Path) -> dict[str, tuple[str, str]]:
    out = {}
    with tarfile.open(data / "news/ant/ant_multisource_v2.1.tar.xz") as t:
        for m in t:
            if not (m.isfile() and m.name.endswith(".txt")):
                continue
            raw = t.extractfile(m).read().decode("utf-8", "replace")
            body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
            dn = re.search(r"<DOCNO>(.*?)</DOCNO>", raw, re.S)
            if body and dn:
                out[dn.group(1).strip()] = (m.name, body.group(1).replace("\r\n", "\n").strip())
    return out


def find(text: str, surface: str) -> list[tuple[int, int]]:
    pat = re.compile(r"(?<![\w])(?:[وفبلك]|لل|وب|ول)?(" + re.escape(surface) + r")(?![\w])")
    return [m.span(1) for m in pat.finditer(text)]


def main(data: Path) -> None:
    rnd = random.Random(6)
    docs = read_ant(data)
    targets = []
    for line in TARGETS.strip().splitlines():
        label, typ, *forms = line.split("|")
        targets.append((label, typ, forms))
    chosen: dict[str, None] = {}
    for label, typ, forms in targets:
        for f in forms:
            hits = sorted(d for d, (_, txt) in docs.items() if find(txt, f))
            rnd.shuffle(hits)
            for d in hits[:PER_NAME_CAP]:
                chosen[d] = None
    mentions: dict[str, list[tuple[int, int, str, str]]] = {}
    for d in chosen:
        txt = docs[d][1]
        taken: list[tuple[int, int, str, str]] = []
        spans = []
        for label, typ, forms in targets:
            for f in forms:
                spans += [(s, e, typ, label) for s, e in find(txt, f)]
        for bare, labels in BARE.items():
            spans += [(s, e, "PER", "?" + "/".join(labels)) for s, e in find(txt, bare)]
        spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        for s, e, typ, label in spans:
            if any(s < te and ts < e for ts, te, _, _ in taken):
                continue
            taken.append((s, e, typ, label))
        # bare names: the only full name of that family in the article
        present = {lab for _, _, _, lab in taken if not lab.startswith("?")}
        fixed = []
        for s, e, typ, lab in taken:
            if lab.startswith("?"):
                opts = [x for x in lab[1:].split("/") if x in present]
                lab = opts[0] if len(opts) == 1 else ("AMBIG" if len(opts) > 1 else "BARE?")
            fixed.append((s, e, typ, lab))
        mentions[d] = sorted(fixed)
    for d in chosen:
        name, txt = docs[d]
        print("A", d, name, hashlib.sha1(txt.encode()).hexdigest(), sep="\t")
        for s, e, typ, lab in mentions[d]:
            print("M", d, s, e, typ, lab, txt[s:e], sep="\t")




CONFUSABLE = [("TRUMP", "MELANIA"), ("TRUMP", "IVANKA"), ("MELANIA", "IVANKA"), ("H_CLINTON", "B_CLINTON"),
              ("B_ASSAD", "H_ASSAD"), ("B_ASSAD", "A_ASSAD"), ("H_ASSAD", "A_ASSAD"), ("MBS", "MBZ"), ("MBS", "MBR"),
              ("MBZ", "MBR"), ("MBS", "K_SALMAN"), ("BARZANI_M", "BARZANI_N"), ("KRG", "KREGION"),
              ("KRG", "PESHMERGA"), ("MACRON", "MERKEL"), ("KIM", "MOON"), ("PYONGYANG", "KREGION"),
              ("LAVROV", "ERDOGAN"), ("B_JOHNSON", "TRUMP"), ("ZUCK", "MUSK")]


def draft_pairs(draft: Path) -> None:
    """Pairs from a draft made by main(): same-entity pairs across and within articles, and
    different-entity pairs of confusable entities."""
    rnd = random.Random(7)
    ms = []
    for line in draft.read_text(encoding="utf-8").splitlines():
        p = line.split("\t")
        if p[0] == "M" and p[5] not in ("AMBIG", "BARE?"):
            ms.append((p[1], int(p[2]), int(p[3]), p[5], p[6]))
    by_label = defaultdict(list)
    for m in ms:
        by_label[m[3]].append(m)
    pairs = set()
    for lab, xs in by_label.items():
        cross = [(a, b) for i, a in enumerate(xs) for b in xs[i + 1:] if a[0] != b[0]]
        varied = [(a, b) for a, b in cross if a[4] != b[4]]
        same_s = [(a, b) for a, b in cross if a[4] == b[4]]
        within = [(a, b) for i, a in enumerate(xs) for b in xs[i + 1:] if a[0] == b[0] and a[4] != b[4]]
        rnd.shuffle(varied), rnd.shuffle(same_s), rnd.shuffle(within)
        for a, b in varied[:7] + same_s[:2] + within[:2]:
            pairs.add((a, b, "same"))
    for la, lb in CONFUSABLE:
        xs = [(a, b) for a in by_label[la] for b in by_label[lb] if a[0] != b[0] or True]
        rnd.shuffle(xs)
        for a, b in xs[:8]:
            pairs.add((a, b, "different"))
    for a, b, lab in sorted(pairs):
        print(a[0], a[1], a[2], b[0], b[1], b[2], lab, f"{a[3]}:{a[4]}", f"{b[3]}:{b[4]}", sep="\t")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "pairs":
        draft_pairs(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
