"""Event commands: `rasd events` (list stored events), `rasd export-events` (the flat event
table as JSONL/CSV/Parquet), `rasd eval events` (scores) and `rasd train events` (rebuild the
event lexicons from ../shared/data). Each calls one library function."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import get_group

__all__ = ["register"]


def _db(args: argparse.Namespace) -> str:
    if args.db:
        return args.db
    from ..settings import load_settings

    return os.environ.get("RASD_DB") or load_settings()["db"]


def _types(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    from ..errors import RasdError
    from ..extract.event_lexicon import EVENT_TYPES

    out = []
    for v in values:
        for t in v.split(","):
            t = t.strip().upper()
            if not t:
                continue
            if t not in EVENT_TYPES:
                raise RasdError(f"unknown event type {t!r} (choose from {', '.join(EVENT_TYPES)})")
            out.append(t)
    return out or None


def register(sub: argparse._SubParsersAction) -> None:
    db_help = "SQLite database (default: $RASD_DB or the `db` setting, rasd.db)"
    p = sub.add_parser(
        "events", help="list stored events (who did what to whom, when, where)",
        description="Print the events of the database, one line each: type, mode, trigger, source -> target, "
        "time, place, amount. --json prints the flat rows of `rasd export-events`.",
    )
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--type", action="append", metavar="TYPE", help="only this PLOVER type (repeat or comma-separate)")
    p.add_argument("--limit", type=int, default=20, help="at most this many events (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print flat rows as JSON lines")
    p.set_defaults(func=_list)

    p = sub.add_parser(
        "export-events", help="write the flat event table (one row per event) as JSONL, CSV or Parquet",
        description="One row per event with document id, url, published date, outlet, type, mode, trigger, "
        "sources and targets (names, entity ids, sectors, JSON with spans), place, time, amount, sentence span "
        "and confidence — ready for pandas or R. Columns: docs/events.md.",
    )
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "parquet"])
    p.add_argument("--out", required=True, help="output file, or - for stdout")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--type", action="append", metavar="TYPE", help="only this PLOVER type (repeat or comma-separate)")
    p.add_argument("--limit", type=int, default=None, help="at most this many rows")
    p.set_defaults(func=_export)

    p = get_group(sub, "eval").add_parser(
        "events", help="score the events stage on the OEDA set and rasd's own gold",
        description="Type accuracy and source/target F1 on the OEDA Arabic dev set (215 sentences, ASSAULT/PROTEST; "
        "string-overlap matching) and type/source/target P/R/F1 on rasd's gold (tests/data/events_gold: dev = "
        "tuned on, test = held out). Needs the shared data folder. Matching rules: docs/events.md.",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--split", action="append", choices=["dev", "test"], help="gold split(s) (default: both)")
    p.add_argument("--no-oeda", action="store_true", help="skip the OEDA set")
    p.add_argument("--no-gold", action="store_true", help="skip rasd's gold")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="show up to N errors per section")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.set_defaults(func=_eval)

    p = get_group(sub, "train").add_parser(
        "events", help="rebuild the event lexicons from ../shared/data (PETRARCH dictionaries, CAMEO2PLOVER, cities)",
        description="Compile rasd/models/events/{triggers,groups,actors,places,verbs}.tsv from rasd's own "
        "extensions.txt and actors_ext.txt and the Universal-PETRARCH Arabic dictionaries, the CAMEO→PLOVER table "
        "and the world-cities gazetteer in the shared data.",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--out", default=None, help="directory to write (default: the package's models/events)")
    p.set_defaults(func=_train)


def _fmt_row(r: dict) -> str:
    src = r.get("source_names") or "?"
    tgt = r.get("target_names") or "?"
    parts = [f"{r['type']:<10}", f"{r['mode']:<12}", f"{r['confidence']:.2f}", f"{r['trigger']}", f"{src} -> {tgt}"]
    if r.get("time_value") or r.get("time_text"):
        parts.append(f"@{r.get('time_value') or r.get('time_text')}")
    elif r.get("published"):
        parts.append(f"@~{(r.get('published') or '')[:10]}")
    if r.get("place"):
        parts.append(f"in {r['place']}")
    if r.get("amount_text"):
        parts.append(f"[{r['amount_text']}]")
    parts.append(f"({r['doc_id']}:{r['trigger_start']})")
    return "  ".join(parts)


def _list(args: argparse.Namespace) -> int:
    from ..extract.event_export import list_events
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        rows = list_events(store, _types(args.type), max(0, args.limit))
    for r in rows:
        sys.stdout.write((json.dumps(r, ensure_ascii=False) if args.json else _fmt_row(r)) + "\n")
    if not rows and not args.json:
        print("no events", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..extract.events import export_events
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        n = export_events(store, args.format, args.out, types=_types(args.type), limit=args.limit)
    if args.out != "-":
        print(f"{n} events written to {args.out}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from ..eval.events import GOLD_SPLITS, evaluate, format_report

    splits = () if args.no_gold else tuple(args.split or GOLD_SPLITS)
    rep = evaluate(args.data, oeda=not args.no_oeda, splits=splits, errors=bool(args.errors) or args.json)
    print(json.dumps(rep, ensure_ascii=False, indent=1) if args.json else format_report(rep, show_errors=args.errors))
    return 0


def _train(args: argparse.Namespace) -> int:
    from ..extract.event_lexicon import build

    counts = build(args.data, args.out)
    for k, v in counts.items():
        print(f"{k}: {v}")
    return 0
