"""Spelling variants mined from same-story articles (``rasd eval resolve --news``).

Different outlets re-publish the same wire copy with their own spellings of names (ترامب / ترمب,
جرينيل / غرينيل, نتانياهو / نتنياهو, الأمريكية / الأميركية). The near-duplicate groups of the ANT
multi-source corpus (``rasd.stories.dedup.find_duplicates``) pair copies from two outlets; aligning
their words (``difflib``) gives one-for-one word replacements; those that differ after folding but
are close in letters (ratio ≥ 0.7) are candidate variant pairs, counted over the corpus.

The mining runs at evaluation time from ``../shared/data`` (nothing derived from the corpus is
stored or shipped: ANT multi-source states no licence). Pairs that differ only by a proclitic
(والتي / التي), by a grammatical ending (شرق / شرقي, وافق / وافقت, مليار / مليارات) or that are two
common words are set aside, since they are not name spellings. What is reported is the share of
the remaining pairs that the learned variation model joins (``VariantModel.same_word`` on the
article-stripped folded words), overall and for the pairs seen at least twice — a recall-style
figure on real spelling variation in news (the precision side is measured by the other sets of
``rasd eval resolve``).
"""

from __future__ import annotations

import difflib
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["mine_news_variants", "evaluate_news_variants"]

_WORD = re.compile(r"[\u0621-\u064a]+")
_ENDINGS = ("ي", "ه", "ة", "ات", "ين", "ون", "ت", "ا", "هم", "ها", "ان")


def _only_affix(a: str, b: str) -> bool:
    """True when one folded word is the other plus a proclitic or a grammatical ending."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long.endswith(short) and len(long) - len(short) <= 2 and long[: len(long) - len(short)] in (
            "و", "ف", "ب", "ل", "ك", "ال", "وال", "لل", "بال"):
        return True
    return long.startswith(short) and long[len(short):] in _ENDINGS


def mine_news_variants(data: str | Path = "../shared/data", threshold: float = 0.6) -> Counter:
    """Candidate variant pairs (sorted word pair -> count) from cross-outlet near-duplicates."""
    from ..arabic.normalize import fold
    from ..document import Document
    from ..ingest import read_paths
    from ..stories.dedup import find_duplicates

    path = Path(data) / "news" / "ant" / "ant_multisource_v2.1.tar.xz"
    docs = [d for d in read_paths([str(path)]) if isinstance(d, Document)]
    by_id = {d.id: d for d in docs}
    groups, _ = find_duplicates([(d.id, d.text, d.published) for d in docs], threshold=threshold)
    pairs: Counter = Counter()
    for g in groups:
        ids = [m[0] for m in g.members]
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = by_id[ids[i]], by_id[ids[j]]
                if a.outlet == b.outlet:
                    continue
                wa, wb = _WORD.findall(a.text), _WORD.findall(b.text)
                sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
                for op, i1, i2, j1, j2 in sm.get_opcodes():
                    if op != "replace" or i2 - i1 != j2 - j1 or i2 - i1 > 2:
                        continue
                    for k in range(i2 - i1):
                        x, y = wa[i1 + k], wb[j1 + k]
                        fx, fy = fold(x), fold(y)
                        if fx == fy or len(fx) < 3 or len(fy) < 3:
                            continue
                        if difflib.SequenceMatcher(None, fx, fy).ratio() < 0.7:
                            continue
                        pairs[tuple(sorted((x, y)))] += 1
    return pairs


def evaluate_news_variants(data: str | Path = "../shared/data") -> dict[str, Any]:
    from ..arabic.lexicon import word_counts
    from ..arabic.normalize import fold
    from ..resolve.keys import strip_article, variant_model

    t0 = time.perf_counter()
    mined = mine_news_variants(data)
    counts = word_counts()
    common = sorted(counts.values(), reverse=True)
    cut = common[min(3000, len(common) - 1)] if common else 0
    model = variant_model()
    kept: list[tuple[str, str, int, bool]] = []
    set_aside = 0
    for (x, y), n in mined.items():
        fx, fy = strip_article(fold(x), True), strip_article(fold(y), True)
        if fx == fy or _only_affix(fold(x), fold(y)) or _only_affix(fx, fy) or (
                counts.get(fold(x), 0) > cut and counts.get(fold(y), 0) > cut):
            set_aside += 1
            continue
        kept.append((x, y, n, model.same_word(fx, fy)))
    both = [k for k in kept if k[2] >= 2]
    joined = sum(1 for k in kept if k[3])
    return {
        "mined_pairs": len(mined),
        "set_aside": set_aside,
        "pairs": len(kept),
        "joined": joined,
        "recall": round(joined / len(kept), 3) if kept else None,
        "pairs_seen_twice": len(both),
        "recall_seen_twice": round(sum(1 for k in both if k[3]) / len(both), 3) if both else None,
        "missed_examples": [f"{x} / {y} ×{n}" for x, y, n, ok in sorted(kept, key=lambda k: -k[2]) if not ok][:12],
        "seconds": round(time.perf_counter() - t0, 1),
    }
