"""Story clustering against the hand-labelled set in ``tests/data/stories_gold/stories.jsonl``.

The gold file holds ids and story labels only (ANT multi-source DOCNOs, SaudiNewsNet ``day#index``);
the texts are read from ``../shared/data/news`` (the ANT tarball and the SaudiNewsNet daily zips).
Score: B-cubed precision / recall / F1 over the labelled articles, which are clustered together
(IDF counted over the whole corpus each comes from, as it would be in a store holding it).
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import time
import zipfile
from collections import defaultdict
from dataclasses import asdict
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from ..errors import InputError
from ..stories.cluster import Article, ClusterParams, DocFreq, cluster_articles
from ..stories.stemmer import terms

__all__ = ["GOLD", "bcubed", "split_of", "load_gold", "read_ant", "read_saudinewsnet", "evaluate_stories"]

GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "stories_gold" / "stories.jsonl"
ANT_TAR = "news/ant/ant_multisource_v2.1.tar.xz"
SNN_ZIPS = "news/saudinewsnet/zips"
_FIELD = re.compile(r"<(DOCNO|SRC|TITLE|TIME|TEXT)>\s*(.*?)\s*</\1>", re.S)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` (item -> cluster) against
    ``gold`` (item -> class), over the items of ``gold`` (a missing item is its own cluster)."""
    items = list(gold)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0}
    pc: dict[str, set[str]] = defaultdict(set)
    gc: dict[str, set[str]] = defaultdict(set)
    for i in items:
        pc[pred.get(i, "\0" + i)].add(i)
        gc[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        a, b = pc[pred.get(i, "\0" + i)], gc[gold[i]]
        inter = len(a & b)
        p += inter / len(a)
        r += inter / len(b)
    p, r = p / len(items), r / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "n": len(items)}


def split_of(story: str) -> str:
    """'dev' or 'test': a fixed half of the gold stories (by a hash of the label)."""
    return "dev" if int(hashlib.md5(story.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "test"


def load_gold(path: str | Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _iso(s: str | None) -> str | None:
    if not s:
        return None
    try:
        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError):
        return None


def read_ant(data: str | Path) -> Iterator[Article]:
    """Every article of the ANT multi-source tarball (``id`` = DOCNO)."""
    p = Path(data) / ANT_TAR
    if not p.is_file():
        raise InputError(f"ANT tarball not found: {p}")
    with tarfile.open(p) as tf:
        for m in tf:
            if not m.isfile():
                continue
            f = tf.extractfile(m)
            if f is None:
                continue
            d = {k: v for k, v in _FIELD.findall(f.read().decode("utf-8", "replace"))}
            if "DOCNO" not in d:
                continue
            yield Article(d["DOCNO"], d.get("TITLE"), d.get("TEXT", ""), _iso(d.get("TIME")), d.get("SRC"), "ar")


def read_saudinewsnet(data: str | Path, days: Iterable[str] | None = None) -> Iterator[Article]:
    """SaudiNewsNet articles (``id`` = ``day#index`` in the day's JSON; crawl time taken as
    Riyadh time)."""
    d = Path(data) / SNN_ZIPS
    if not d.is_dir():
        raise InputError(f"SaudiNewsNet zips not found: {d}")
    want = set(days) if days is not None else None
    for z in sorted(d.glob("*.zip")):
        if want is not None and z.stem not in want:
            continue
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                day = Path(name).stem
                for i, a in enumerate(json.loads(zf.read(name))):
                    pub = (a.get("date_extracted") or "").replace(" ", "T")
                    yield Article(f"{day}#{i}", a.get("title"), a.get("content") or "",
                                  pub + "+03:00" if pub else None, a.get("source"), "ar")


def _df(arts: Iterable[Article], params: ClusterParams) -> DocFreq:
    df = DocFreq()
    for a in arts:
        df.add(terms(a.text, "ar", limit=params.lead_words) + terms(a.title, "ar"))
    return df


def evaluate_stories(data: str | Path = "../shared/data", params: ClusterParams | None = None,
                     gold_path: str | Path = GOLD, with_dedup: bool = True, embedder=None,  # noqa: ANN001
                     idf: str = "corpus", corpora: tuple[str, ...] | None = None) -> dict:
    """Cluster the labelled articles and score them (overall and per corpus). ``idf='gold'`` counts
    document frequencies over the labelled articles only (faster, for tests)."""
    params = params or ClusterParams()
    gold = load_gold(gold_path)
    t0 = time.perf_counter()
    by_corpus: dict[str, dict[str, str]] = defaultdict(dict)
    gold = [g for g in gold if corpora is None or g["corpus"] in corpora]
    for g in gold:
        by_corpus[g["corpus"]][g["id"]] = g["story"]
    pred: dict[str, str] = {}
    report: dict = {"params": asdict(params), "idf": idf, "corpora": {}}
    for corpus, labels in sorted(by_corpus.items()):
        if corpus == "ant":
            allarts = list(read_ant(data))
        elif corpus == "saudinewsnet":
            days = {i.split("#")[0] for i in labels} if idf == "gold" else None
            allarts = list(read_saudinewsnet(data, days=days))
        else:
            raise InputError(f"unknown corpus {corpus!r} in {gold_path}")
        arts = [a for a in allarts if a.doc_id in labels]
        df = _df(arts if idf == "gold" else allarts, params)
        missing = set(labels) - {a.doc_id for a in arts}
        if missing:
            raise InputError(f"{len(missing)} labelled {corpus} articles not found, e.g. {sorted(missing)[:3]}")
        dup_of: dict[str, str] = {}
        if with_dedup:
            from ..stories.dedup import find_duplicates

            groups, _m = find_duplicates([(a.doc_id, a.text, a.published) for a in arts])
            for g in groups:
                for m in g.members:
                    dup_of[m[0]] = g.representative
        stories = cluster_articles(arts, params, dup_of=dup_of, df=df, embedder=embedder)
        cp = {d: f"{corpus}:{s.id}" for s in stories for d in s.doc_ids}
        pred.update({f"{corpus}:{k}": v for k, v in cp.items()})
        report["corpora"][corpus] = {**bcubed(cp, labels), "gold_stories": len(set(labels.values())),
                                     "predicted_stories": len(stories)}
    allgold = {f"{g['corpus']}:{g['id']}": g["story"] for g in gold}
    report.update(bcubed(pred, allgold))
    # parameters were chosen on the 'dev' half of the stories; 'test' is the other half
    for half in ("dev", "test"):
        sub = {k: v for k, v in allgold.items() if split_of(v) == half}
        report[half] = bcubed(pred, sub)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    return report
