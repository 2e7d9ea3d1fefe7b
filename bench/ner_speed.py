"""NER inference speed on one core: tokens per second of the shipped model.

Two measurements, medians over --repeats runs:
* benchmark tokens: the ANERcorp test split (already tokenised), all sentences in one
  ``tag_document`` call (features + network + Viterbi + document consistency), cold per-word
  cache each run;
* raw text: the `entities` stage on Arabic news-like documents (tokenize + sentences + tagging +
  mention spans with scores), measured on the stage alone.

    python bench/ner_speed.py [--data ../shared/data] [--repeats 5] [--model DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasd.arabic.sentences import split_sentences  # noqa: E402
from rasd.arabic.tokenize import tokenize  # noqa: E402
from rasd.document import Document  # noqa: E402
from rasd.extract.entities import _sentence_tokens, find_mentions  # noqa: E402
from rasd.ner import data as D  # noqa: E402
from rasd.ner.model import load_model  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--model", default=None, help="a model directory (default: the shipped model)")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    t0 = time.perf_counter()
    model = load_model(args.model)
    print(f"model load: {time.perf_counter() - t0:.2f} s")

    sents = D.read_anercorp(args.data, "test") if (Path(args.data) / "ner").is_dir() else []
    if not sents:  # no shared data: a synthetic sample
        sents = [[(w, "O") for w in "قال الرئيس الأمريكي جورج بوش في واشنطن إن القوات ستبقى في العراق .".split()]] * 1000
    words = [[w for w, _ in s] for s in sents]
    ntok = sum(map(len, words))
    rates = []
    for _ in range(args.repeats):
        model.clear_cache()
        t = time.perf_counter()
        model.tag_document(words)
        rates.append(ntok / (time.perf_counter() - t))
    print(f"benchmark tokens: {ntok} tokens, median {statistics.median(rates):,.0f} tokens/s (cold cache)")

    text = "\n".join(" ".join(ws) for ws in words)
    docs = [text[i:i + 3000] for i in range(0, len(text), 3000)]
    prepared = []
    for t in docs:
        d = Document(text=t, language="ar")
        d.tokens, d.sentences = tokenize(t), split_sentences(t)
        prepared.append(d)
    ntok = sum(len(d.tokens) for d in prepared)
    rates = []
    for _ in range(args.repeats):
        model.clear_cache()
        t = time.perf_counter()
        for d in prepared:
            find_mentions(d.text, _sentence_tokens(d), model)
        rates.append(ntok / (time.perf_counter() - t))
    print(f"entities stage on raw text: {len(prepared)} docs, {ntok} tokens, "
          f"median {statistics.median(rates):,.0f} tokens/s (with scores)")


if __name__ == "__main__":
    main()
