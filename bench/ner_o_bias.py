"""Score a development model on its held-out ANERcorp training tail for several O-tag biases.

    python bench/ner_o_bias.py /tmp/exp/base --dev-tail 400

The bias is subtracted from the O tag's emission before Viterbi decoding; a positive bias makes the
tagger find more entities. Only the held-out tail of the training split is used to choose it.
"""

from __future__ import annotations

import argparse
import sys

from rasd.ner import data as D
from rasd.ner.metrics import score
from rasd.ner.model import NerModel


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--dev-tail", type=int, default=400)
    ap.add_argument("--biases", default="0,0.25,0.5,0.75,1,1.25,1.5,2")
    a = ap.parse_args()
    dev = D.read_anercorp(a.data, "train")[-a.dev_tail:]
    model = NerModel(a.model)
    gold = [[t for _, t in s] for s in dev]
    for b in (float(x) for x in a.biases.split(",")):
        model.net.o_bias = b
        pred = [t for t, _ in model.tag_many([[w for w, _ in s] for s in dev])]
        d = score(gold, pred).to_dict()
        types = "  ".join(f"{t} {v['f1']}" for t, v in d["per_type"].items())
        print(f"o_bias {b:5.2f}  " + "  ".join(f"{k} {v}" for k, v in d["micro"].items()) + f"   ({types})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
