"""Word frequencies that decide ambiguous proclitic splits, and how they are rebuilt.

A bare و ف ب ل ك at the start of a word is either a proclitic (وفرنسا = و + فرنسا) or part of
the word (وصلت, كتاب, بيان). Corpus counts decide: the split is taken when the remainder is
itself a common word (``count(rest) >= max(3, RATIO[letter] * count(word))``). The shipped table
``rasd/models/lexicon/wordfreq.tsv.gz`` holds folded words seen at least ``MIN_COUNT`` times in
licensed text (JawharaFM news, Apache-2.0; ANERcorp train, CC BY-SA 4.0; AQMAR train and
WikiFANE, CC BY-SA 3.0) — see its README. ``rasd train lexicon --data ../shared/data`` rebuilds it.
"""

from __future__ import annotations

import gzip
import io
import lzma
import re
import tarfile
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Iterable, Iterator

from .normalize import fold

__all__ = ["word_counts", "build_lexicon", "MIN_COUNT", "RATIO", "LEXICON_PATH"]

MIN_COUNT = 3
# how common the remainder must be, relative to the whole word, for the split to be taken:
# و is by far the commonest proclitic, ك (as, like) the rarest
RATIO = {"و": 0.05, "ف": 0.2, "ب": 0.1, "ل": 0.1, "ك": 1.0}
LEXICON_PATH = "lexicon/wordfreq.tsv.gz"

_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """Folded word -> count from the shipped table (empty if it is absent)."""
    p = files("rasd.models").joinpath(LEXICON_PATH)
    if not p.is_file():
        return {}
    out: dict[str, int] = {}
    with gzip.open(io.BytesIO(p.read_bytes()), "rt", encoding="utf-8") as f:
        for line in f:
            w, _, c = line.rstrip("\n").partition("\t")
            if c:
                out[w] = int(c)
    return out


def _jawhara_texts(tar_path: Path) -> Iterator[str]:
    with tarfile.open(tar_path, "r:xz") as tf:
        for m in tf:
            if m.isfile():
                f = tf.extractfile(m)
                if f is not None:
                    yield f.read().decode("utf-8", "replace")


def _conll_tokens(path: Path) -> Iterator[str]:
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as f:  # type: ignore[operator]
        for line in f:
            parts = line.split()
            if parts:
                yield parts[0]


def _count(texts: Iterable[str], counter: Counter[str]) -> None:
    for t in texts:
        counter.update(fold(w) for w in _WORD.findall(t))


def build_lexicon(data: str | Path, out: str | Path | None = None) -> dict[str, int]:
    """Count words in the licensed corpora under ``data`` (../shared/data) and write the table.
    Returns a summary (sources and sizes). Deterministic: same data, same file."""
    data = Path(data)
    counter: Counter[str] = Counter()
    sources = {
        "jawharafm": data / "news/ant/ant_jawharafm_v1.1.tar.xz",
        "anercorp_train": data / "ner/anercorp/ANERCorp_CamelLabRecon_train.txt",
        "aqmar_train": data / "ner/aqmar/aqmar_train.txt",
        "wikifane": data / "ner/wikifane/WikiFANE_Gold_2014_500K.txt.xz",
    }
    missing = [str(p) for p in sources.values() if not p.exists()]
    if missing:
        from ..errors import NotFoundError

        raise NotFoundError(f"training data not found: {', '.join(missing)}")
    _count(_jawhara_texts(sources["jawharafm"]), counter)
    for k in ("anercorp_train", "aqmar_train", "wikifane"):
        _count(_conll_tokens(sources[k]), counter)
    kept = sorted((w, c) for w, c in counter.items() if c >= MIN_COUNT and len(w) >= 2)
    if out is None:
        out = Path(str(files("rasd.models").joinpath(LEXICON_PATH)))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(f"{w}\t{c}\n" for w, c in kept).encode("utf-8")
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload)
    word_counts.cache_clear()
    return {"words": len(kept), "tokens": sum(counter.values()), "bytes": out.stat().st_size}
