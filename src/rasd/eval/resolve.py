"""`rasd eval resolve`: pairwise precision/recall/F1 of same-entity decisions, and
transliteration exact match / character error rate.

Dev set (``tests/data/resolve_gold``):

* **variant groups** — spellings of one name mined from the CC0/Apache name pairs pivoted on
  English (``rasd.resolve.data.mine_variant_groups``), the *dev* half (the variation model is
  trained on the other half). Every dev spelling is resolved as a one-word mention; every pair
  of spellings counts (same group = same; different groups = different, except groups whose
  English forms are near-identical, which are left out).
* **article pairs** — hand-checked pairs of mentions in ANT articles (``pairs.tsv``: article
  ids + offsets + same/different), resolved together with all the listed mentions of their
  articles (``mentions.tsv``), with in-document linking and the knowledge base, as in the
  corpus stage. Article text = the stripped ``<TEXT>`` body of the ANT tar member, CRLF -> LF;
  its sha1 is checked.

Transliteration: the test splits of the Wikidata (20%) and Google pairs, and ANETAC's test split
(evaluation only; nothing is trained on it).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
import tarfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["evaluate", "format_report", "gold_dir", "score_variant_groups", "score_article_pairs", "score_translit",
           "load_article_gold"]


def gold_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "tests" / "data" / "resolve_gold"


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_variant_groups(data: str | Path, split: str = "dev", errors: int = 0) -> dict[str, Any]:
    from ..resolve.data import mine_variant_groups
    from ..resolve.matcher import MentionIn, Resolver

    groups, unknown = mine_variant_groups(data)
    groups = [g for g in groups if g.split == split]
    owner = {s: g.gid for g in groups for s in g.spellings}
    spellings = sorted(owner)
    r = Resolver()
    ds = r.resolve([MentionIn(s, "PER", "g", i) for i, s in enumerate(spellings)])
    pred = {s: d.entity_id for s, d in zip(spellings, ds)}
    tp = fp = fn = 0
    errs: list[str] = []
    by_ent: dict[str, list[str]] = defaultdict(list)
    for s, e in pred.items():
        by_ent[e].append(s)
    for members in by_ent.values():
        for a, b in itertools.combinations(members, 2):
            if owner[a] == owner[b]:
                tp += 1
            elif frozenset((owner[a], owner[b])) not in unknown:
                fp += 1
                if len(errs) < errors:
                    errs.append(f"FP {a} ~ {b}")
    for g in groups:
        for a, b in itertools.combinations(g.spellings, 2):
            if pred[a] != pred[b]:
                fn += 1
                if len(errs) < 2 * errors:
                    errs.append(f"FN {a} / {b}")
    out = {"groups": len(groups), "spellings": len(spellings), **_prf(tp, fp, fn)}
    if errors:
        out["errors"] = errs
    return out


def _read_ant_texts(data: Path, members: set[str]) -> dict[str, str]:
    tar = data / "news/ant/ant_multisource_v2.1.tar.xz"
    if not tar.is_file():
        raise InputError(f"ANT corpus not found: {tar}")
    out: dict[str, str] = {}
    with tarfile.open(tar) as t:
        for m in t:
            if m.name in members:
                raw = t.extractfile(m).read().decode("utf-8", "replace")  # type: ignore[union-attr]
                body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
                out[m.name] = body.group(1).replace("\r\n", "\n").strip() if body else ""
                if len(out) == len(members):
                    break
    return out


def load_article_gold(data: str | Path, gold: Path | None = None) -> tuple[dict[str, str], list[tuple], list[tuple]]:
    """(docno -> text, mentions (docno, start, end, type, label), pairs (a, b, label))."""
    gold = gold or gold_dir()
    data = Path(data)
    with (gold / "articles.tsv").open(encoding="utf-8") as f:
        arts = list(csv.DictReader(f, delimiter="\t"))
    texts_by_member = _read_ant_texts(data, {a["member"] for a in arts})
    texts: dict[str, str] = {}
    for a in arts:
        txt = texts_by_member.get(a["member"])
        if txt is None:
            raise InputError(f"article {a['docno']} ({a['member']}) not in the ANT tarball")
        if hashlib.sha1(txt.encode("utf-8")).hexdigest() != a["sha1"]:
            raise InputError(f"article {a['docno']}: text differs from the gold (sha1 mismatch)")
        texts[a["docno"]] = txt
    with (gold / "mentions.tsv").open(encoding="utf-8") as f:
        mentions = [(r["docno"], int(r["start"]), int(r["end"]), r["type"], r["label"])
                    for r in csv.DictReader(f, delimiter="\t")]
    with (gold / "pairs.tsv").open(encoding="utf-8") as f:
        pairs = [((r["docno_a"], int(r["start_a"]), int(r["end_a"])), (r["docno_b"], int(r["start_b"]), int(r["end_b"])),
                  r["label"]) for r in csv.DictReader(f, delimiter="\t")]
    return texts, mentions, pairs


def score_article_pairs(data: str | Path, errors: int = 0, gold: Path | None = None) -> dict[str, Any]:
    from ..resolve.corpus import _link, make_resolver
    from ..resolve.keys import name_key
    from ..resolve.matcher import MentionIn

    texts, mentions, pairs = load_article_gold(data, gold)
    ms = []
    for i, (d, s, e, t, _lab) in enumerate(sorted(mentions)):
        ms.append(MentionIn(texts[d][s:e], t, d, i))
    pos = {(d, s, e): i for i, (d, s, e, _t, _l) in enumerate(sorted(mentions))}
    keys = [name_key(m.surface, m.type) for m in ms]
    _link(ms, keys)
    r = make_resolver(use_translit=False)
    ds = r.resolve(ms, keys)
    tp = fp = fn = tn = 0
    errs = []
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for a, b, label in pairs:
        ea, eb = ds[pos[a]].entity_id, ds[pos[b]].entity_id
        same = ea is not None and ea == eb
        if label == "same":
            if same:
                tp += 1
            else:
                fn += 1
        elif same:
            fp += 1
        else:
            tn += 1
        if (label == "same") != same and len(errs) < errors:
            sa, sb = texts[a[0]][a[1]:a[2]], texts[b[0]][b[1]:b[2]]
            errs.append(f"{'FN' if label == 'same' else 'FP'} {sa} [{a[0]}] ~ {sb} [{b[0]}]: "
                        f"{ds[pos[a]].via}/{ds[pos[b]].via}")
        k = by_kind["same-article" if a[0] == b[0] else "cross-article"]
        if same:
            k[0 if label == "same" else 1] += 1
        elif label == "same":
            k[2] += 1
    out = {"pairs": len(pairs), "mentions": len(ms), "articles": len(texts), "tn": tn, **_prf(tp, fp, fn),
           "by_kind": {kind: _prf(*v) for kind, v in sorted(by_kind.items())}}
    if errors:
        out["errors"] = errs
    return out


def score_translit(data: str | Path, *, package: bool = False, limit: int | None = None) -> dict[str, Any]:
    from ..resolve.data import read_pairs
    from ..resolve.translit import evaluate as tr_eval
    from ..resolve.translit import load

    model = load()
    systems: dict[str, Any] = {}
    if model is not None:
        systems["rasd"] = model.word
    if package:
        try:
            from arabic_name_romanizer import transliterate as pkg  # type: ignore[import-not-found]

            systems["arabic-name-romanizer"] = pkg
        except ImportError:
            systems["arabic-name-romanizer"] = None
    out: dict[str, Any] = {}
    for source in ("wikidata", "google", "anetac"):
        try:
            pairs = [(a, e) for a, e, _ in read_pairs(data, source, "test")]
        except (InputError, FileNotFoundError):
            continue
        if limit:
            pairs = pairs[:limit]
        for name, fn in systems.items():
            if fn is None:
                out[f"{name}/{source}"] = {"error": "not installed"}
                continue
            t0 = time.monotonic()
            res = tr_eval(fn, pairs)
            res["ms_per_name"] = round(1000 * (time.monotonic() - t0) / max(1, len(pairs)), 2)
            out[f"{name}/{source}"] = res
    return out


def evaluate(data: str | Path = "../shared/data", *, translit: bool = True, package: bool = False,
             limit: int | None = None, errors: int = 0) -> dict[str, Any]:
    data = Path(data)
    if not data.is_dir():
        raise InputError(f"shared data folder not found: {data}")
    t0 = time.monotonic()
    report: dict[str, Any] = {"variant_groups": score_variant_groups(data, errors=errors)}
    report["article_pairs"] = score_article_pairs(data, errors=errors)
    v, a = report["variant_groups"], report["article_pairs"]
    report["combined"] = _prf(v["tp"] + a["tp"], v["fp"] + a["fp"], v["fn"] + a["fn"])
    if translit:
        report["translit"] = score_translit(data, package=package, limit=limit)
    report["seconds"] = round(time.monotonic() - t0, 1)
    return report


def format_report(r: dict[str, Any]) -> str:
    lines = ["entity resolution, pairwise same-entity decisions:"]
    for k in ("variant_groups", "article_pairs", "combined"):
        x = r[k]
        extra = ""
        if k == "variant_groups":
            extra = f"  ({x['groups']} groups, {x['spellings']} spellings, dev half)"
        elif k == "article_pairs":
            extra = f"  ({x['pairs']} hand-checked pairs, {x['mentions']} mentions, {x['articles']} ANT articles)"
        lines.append(f"  {k:<15} P {x['precision']:.3f}  R {x['recall']:.3f}  F1 {x['f1']:.3f}  "
                     f"(tp {x['tp']} fp {x['fp']} fn {x['fn']}){extra}")
        for e in x.get("errors", []):
            lines.append(f"      {e}")
    if "translit" in r:
        lines.append("transliteration (test splits; exact match, mean character error rate):")
        for k, x in r["translit"].items():
            if "error" in x:
                lines.append(f"  {k:<36} {x['error']}")
            else:
                lines.append(f"  {k:<36} n {x['n']:>6}  exact {x['exact']:.3f}  CER {x['cer']:.3f}  "
                             f"{x['ms_per_name']} ms/name")
    lines.append(f"{r['seconds']} s")
    return "\n".join(lines)
