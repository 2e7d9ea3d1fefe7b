"""`rasd train ner` and `rasd eval ner`: rebuild and score the shipped NER model."""

from __future__ import annotations

import argparse
import json
import sys

from . import get_group


def register(sub: argparse._SubParsersAction) -> None:
    p = get_group(sub, "train").add_parser(
        "ner", help="rebuild the NER model (BiLSTM-CRF ensemble; needs the train extra: torch, arwikicats) "
               "from ../shared/data",
        description="Rebuild the shipped NER model from the public data (deterministic given --seed).",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="seed of the word vectors and of the first network; ensemble member k uses seed+100k "
                        "(default: %(default)s)")
    p.add_argument("--out", default=None, help="model directory to write (default: the shipped one in the package)")
    p.add_argument("--settings", default=None, metavar="JSON",
                   help="JSON object of training settings that replace the shipped model's "
                        "(keys of rasd.ner.train.TRAIN_DEFAULTS; 'nn' takes rasd.ner.nn_train.NN_DEFAULTS keys)")
    p.set_defaults(func=_train)

    p = get_group(sub, "eval").add_parser(
        "ner", help="score the NER model on ANERcorp test, AQMAR test and the Wojood sample",
        description="Entity-level precision/recall/F1 (exact span and type, CoNLL) and tokens/second.",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=_eval)


def _train(args: argparse.Namespace) -> int:
    from ..ner.model import default_model_dir
    from ..ner.train import train_model

    out = args.out or default_model_dir()
    try:
        settings = json.loads(args.settings) if args.settings else None
    except json.JSONDecodeError as e:
        print(f"rasd: --settings is not valid JSON: {e}", file=sys.stderr)
        return 2
    if settings is not None and not isinstance(settings, dict):
        print("rasd: --settings must be a JSON object", file=sys.stderr)
        return 2
    meta = train_model(args.data, out, seed=args.seed, settings=settings,
                       log=lambda m: print(m, file=sys.stderr, flush=True))
    from ..ner.evaluate import format_report

    if meta.get("report"):
        print(format_report(meta["report"]))
    print(f"model written to {out}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from ..ner.evaluate import evaluate, format_report

    report = evaluate(args.data, args.model)
    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "table"} for k, v in report.items()}, indent=1))
    else:
        print(format_report(report))
    return 0
