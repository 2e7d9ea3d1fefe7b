"""`rasd eval amounts-times`: score the amounts and times extractors."""

from __future__ import annotations

import argparse

from . import get_group


def register(sub: argparse._SubParsersAction) -> None:
    p = get_group(sub, "eval").add_parser(
        "amounts-times",
        help="score amounts and times on the Wojood sample and on our expression table",
        description=(
            "Span P/R/F1 for DATE, TIME, MONEY, CURR, PERCENT and CARDINAL on the Wojood sample (after mapping its "
            "span conventions; see docs/amounts-times.md) and value accuracy on tests/data/amounts_times_table.tsv."
        ),
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--split", action="append", choices=["val", "train"], help="Wojood split(s) to score (default: val)")
    p.add_argument("--table", default=None, help="expression table TSV (default: tests/data/amounts_times_table.tsv)")
    p.add_argument("--no-wojood", action="store_true", help="only score the expression table")
    p.add_argument("--no-table", action="store_true", help="only score the Wojood sample")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="show up to N errors per section")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
    from ..eval.amounts_times import evaluate, format_report, to_json

    report = evaluate(
        None if args.no_wojood else args.data,
        splits=tuple(args.split or ["val"]),
        table=False if args.no_table else args.table,
        errors=bool(args.errors) or args.json,
    )
    print(to_json(report) if args.json else format_report(report, show_errors=args.errors))
    return 0
