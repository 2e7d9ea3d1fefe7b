"""`rasd eval quotes`: score the quotes stage against the gold annotations."""

from __future__ import annotations

import argparse
import json

from . import get_group


def register(sub: argparse._SubParsersAction) -> None:
    p = get_group(sub, "eval").add_parser(
        "quotes",
        help="score quote detection, speakers and direct/reported on the gold ANT annotations",
        description=(
            "Quote detection P/R/F1 (a prediction matches when it covers >= 50%% of a gold quote), speaker "
            "accuracy and direct/reported accuracy among matched quotes, per split (dev, test, all). "
            "Gold: tests/data/quotes_gold/ant.jsonl (offsets into ANT articles read from --data)."
        ),
    )
    p.add_argument("--gold", default=None, help="gold JSONL (default: tests/data/quotes_gold/ant.jsonl)")
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="show up to N errors")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
    from ..eval.quotes import evaluate, format_report

    report = evaluate(args.gold, args.data, keep_errors=bool(args.errors) or args.json)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report, show_errors=args.errors))
    return 0
