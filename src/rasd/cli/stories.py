"""`rasd stories`, `rasd story ID`, `rasd eval dedup`, `rasd eval stories`.

Each command calls one library function (``rasd.stories.list_stories`` / ``get_story``,
``rasd.eval.dedup.evaluate_dedup``, ``rasd.eval.stories.evaluate_stories``) and formats the result.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from . import get_group

__all__ = ["register"]


def _db(args: argparse.Namespace) -> str:
    if args.db:
        return args.db
    from ..settings import load_settings

    return os.environ.get("RASD_DB") or load_settings()["db"]


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stories", help="list story clusters, largest (then latest) first",
                       description="Story clusters found by the `stories` corpus stage: the same news across "
                       "outlets and days. Largest first, then latest; --latest for latest first.")
    p.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting)")
    p.add_argument("--limit", type=int, default=20, help="stories to show (default: %(default)s)")
    p.add_argument("--offset", type=int, default=0, help="skip this many (default: %(default)s)")
    p.add_argument("--min-size", type=int, default=1, help="only stories with at least this many articles")
    p.add_argument("--latest", action="store_true", help="latest first instead of largest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_stories)

    p = sub.add_parser("story", help="show one story: its articles and timeline",
                       description="Members of one story in time order (duplicates marked) and articles per day.")
    p.add_argument("story_id", metavar="ID")
    p.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_story)

    ev = get_group(sub, "eval")
    p = ev.add_parser("dedup", help="near-duplicates on SaudiNewsNet: recall on free positives, judged precision",
                      description="Runs near-duplicate detection over SaudiNewsNet (../shared/data) and reports "
                      "recall on its free positives (identical bodies; same title across outlets) and precision "
                      "on the hand-judged sample of found pairs in tests/data/stories_gold.")
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--threshold", type=float, default=None, help="dedup_threshold (default: the setting)")
    p.add_argument("--sample", type=int, default=0, metavar="N",
                   help="also print N random found pairs not yet judged (to extend the precision sample)")
    p.set_defaults(func=_eval_dedup)

    p = ev.add_parser("stories", help="story clustering: B-cubed P/R/F1 on the hand-labelled set",
                      description="Clusters the 641 hand-labelled articles (ANT multi-source, SaudiNewsNet; "
                      "tests/data/stories_gold/stories.jsonl) and prints B-cubed precision, recall and F1.")
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--threshold", type=float, default=None, help="story score threshold (default: tuned value)")
    p.add_argument("--window", type=float, default=None, help="story_window_days (default: the setting)")
    p.set_defaults(func=_eval_stories)


def _open(args: argparse.Namespace) -> Any:
    from ..store import Store

    return Store(_db(args), readonly=True)


def _stories(args: argparse.Namespace) -> int:
    from ..stories import list_stories

    with _open(args) as st:
        rows = list_stories(st, limit=args.limit, offset=args.offset, min_size=args.min_size,
                            order="latest" if args.latest else "size")
    if args.json:
        _json(rows)
        return 0
    if not rows:
        print("no stories (run `rasd ingest` with the stories corpus stage)", file=sys.stderr)
        return 0
    for r in rows:
        span = f"{(r['first_published'] or '?')[:10]}..{(r['last_published'] or '?')[:10]}"
        outlets = ", ".join(o for o, _n in r["outlets"][:5])
        print(f"{r['id']}  {r['size']:>4} art  {r['n_outlets']:>2} outlets  {span}  {r['title'] or ''}"
              + (f"  [{outlets}]" if outlets else ""))
    return 0


def _story(args: argparse.Namespace) -> int:
    from ..stories import get_story

    with _open(args) as st:
        s = get_story(st, args.story_id)
    if args.json:
        _json(s)
        return 0
    print(f"{s['id']}: {s['title'] or ''}")
    print(f"  {s['size']} articles, {s['n_outlets']} outlets, {s['first_published']} .. {s['last_published']}")
    if s["top_entities"]:
        print("  entities: " + ", ".join(f"{e} ({n})" for e, n in s["top_entities"]))
    if s["events"]:
        print("  events: " + ", ".join(f"{e} ({n})" for e, n in s["events"]))
    print("  timeline: " + "  ".join(f"{t['day']}: {t['articles']}" for t in s["timeline"]))
    for m in s["members"]:
        dup = f"  (copy of {m['dup_of']})" if m["dup_of"] else ""
        print(f"  {(m['published'] or '')[:16]:16}  {m['outlet'] or '-':12}  {m['doc_id']}  {m['title'] or ''}{dup}")
    return 0


def _eval_dedup(args: argparse.Namespace) -> int:
    from ..eval.dedup import evaluate_dedup

    _json(evaluate_dedup(args.data, threshold=args.threshold, sample=args.sample))
    return 0


def _eval_stories(args: argparse.Namespace) -> int:
    from ..eval.stories import evaluate_stories
    from ..settings import load_settings
    from ..stories.corpus import cluster_params

    params = cluster_params(load_settings())
    if args.threshold is not None:
        params.threshold = args.threshold
    if args.window is not None:
        params.window_days = args.window
    _json(evaluate_stories(args.data, params))
    return 0
