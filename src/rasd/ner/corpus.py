"""Unlabelled text for word vectors and clusters: news articles from ``../shared/data/news/ant``
— only the JawharaFM tarball, whose licence (Apache-2.0) allows shipping what is learned from it;
the ANT multi-source corpus states no licence and is not used — plus the words of the labelled
training corpora (CC BY-SA).

Words are split like the NER benchmarks split them: runs of Arabic letters (clitics kept
attached), runs of Latin letters, runs of digits, single punctuation marks.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["simple_tokens", "news_sentences", "NEWS_TARBALLS"]

NEWS_TARBALLS = ("ant_jawharafm_v1.1.tar.xz",)

_TOKEN = re.compile(
    r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u064B-\u0652\u0670\u0640]+"  # Arabic letters (+ marks)
    r"|[A-Za-z]+|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,][0-9\u0660-\u0669\u06F0-\u06F9]+)*"
    r"|[^\s\w]|_", re.UNICODE)
_SENT_END = {".", "!", "?", "؟", "\n"}
_TEXT = re.compile(r"<(TITLE|TEXT|ABSTRACT)>(.*?)</\1>", re.S)


def simple_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _split_sentences(tokens: list[str]) -> Iterator[list[str]]:
    cur: list[str] = []
    for t in tokens:
        cur.append(t)
        if t in _SENT_END:
            yield cur
            cur = []
    if cur:
        yield cur


def news_sentences(news_dir: str | Path, max_docs: int | None = None) -> Iterator[list[str]]:
    """Token lists, one per sentence, from the ANT tarballs in ``news_dir`` (sorted member
    order, so the stream is deterministic)."""
    n = 0
    for name in NEWS_TARBALLS:
        path = Path(news_dir) / name
        if not path.exists():
            continue
        with tarfile.open(path, "r:xz") as tar:
            for member in tar:  # streaming: tar order is fixed by the archive
                if not member.isfile():
                    continue
                fh = tar.extractfile(member)
                if fh is None:
                    continue
                raw = fh.read().decode("utf-8", "replace")
                for _, body in _TEXT.findall(raw):
                    for line in body.splitlines():
                        if line.strip():
                            yield from _split_sentences(simple_tokens(line))
                n += 1
                if max_docs is not None and n >= max_docs:
                    return
