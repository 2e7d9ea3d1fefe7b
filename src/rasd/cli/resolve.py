"""Entity commands: `rasd entity ID [--why] [--json]`, `rasd entities [--type --limit]`,
`rasd resolve` (re-run the corpus stage), `rasd eval resolve`, `rasd train translit`."""

from __future__ import annotations

import argparse
import json
import os

from . import get_group


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting, rasd.db)")


def _db(args: argparse.Namespace) -> str:
    if args.db:
        return args.db
    from ..settings import load_settings

    return os.environ.get("RASD_DB") or load_settings()["db"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("entity", help="show one canonical entity: names, aliases, counts (--why: how aliases joined)")
    p.add_argument("id", help="entity id (from `rasd entities`)")
    p.add_argument("--why", action="store_true", help="list which aliases joined and by which rule/evidence")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=50, help="aliases/evidence rows to show (default: %(default)s)")
    _add_db(p)
    p.set_defaults(func=_entity)

    p = sub.add_parser("entities", help="list canonical entities by number of mentions")
    p.add_argument("--type", choices=["PER", "ORG", "LOC", "MISC", "per", "org", "loc", "misc"], help="only this type")
    p.add_argument("--status", choices=["ok", "ambiguous"], help="only entities with this status")
    p.add_argument("--query", "-q", help="only entities with an alias containing this text")
    p.add_argument("--limit", type=int, default=30, help="how many (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print JSON lines")
    _add_db(p)
    p.set_defaults(func=_entities)

    p = sub.add_parser("resolve", help="re-run entity resolution (the resolve corpus stage) on stored documents")
    p.add_argument("--doc", action="append", metavar="ID", help="only these documents (default: all)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    _add_db(p)
    p.set_defaults(func=_resolve)

    p = get_group(sub, "eval").add_parser(
        "resolve",
        help="score entity resolution (pairwise P/R/F1) and transliteration (exact, CER)",
        description="Pairwise precision/recall/F1 of same-entity decisions on tests/data/resolve_gold (variant groups "
        "mined from the name data, dev half; hand-checked mention pairs from ANT articles) and transliteration exact "
        "match / character error rate on the test splits of the name pairs.",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--no-translit", action="store_true", help="skip the transliteration scores")
    p.add_argument("--package", action="store_true",
                   help="also score the arabic-name-romanizer package (if installed) on the same test splits")
    p.add_argument("--limit", type=int, default=0, help="score at most N transliteration pairs per split")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="show up to N wrong pair decisions")
    p.add_argument("--news", action="store_true",
                   help="also mine spelling variants from same-story ANT articles and score the variation model "
                   "on them (about a minute)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_eval)

    p = get_group(sub, "train").add_parser(
        "translit",
        help="rebuild the transliterator, the spelling-variation model and the seed KB from the name data",
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--skip-translit", action="store_true", help="keep the transliterator; rebuild the rest")
    p.set_defaults(func=_train)


def _entity(args: argparse.Namespace) -> int:
    from ..resolve import entity_info
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        e = entity_info(store, args.id, why=args.why, limit=args.limit)
    if args.json:
        print(json.dumps(e, ensure_ascii=False, indent=1))
        return 0
    cc = f" [{e['country_code']}]" if e["country_code"] else ""
    status = "" if e["status"] == "ok" else f"  ({e['status']})"
    print(f"{e['id']}  {e['type']}  {e['name_ar']} — {e['name_latin'] or '?'}{cc}{status}")
    print(f"  {e['mention_count']} mentions in {e['doc_count']} documents, {e['first_seen']} … {e['last_seen']}"
          + (f"; knowledge base {e['kb']}" if e["kb"] else ""))
    if e["aliases"]:
        print("  aliases: " + ", ".join(f"{a['alias']} ×{a['count']}" for a in e["aliases"]))
    if args.why:
        if e.get("candidate_entities"):
            print("  unresolved between: " + ", ".join(f"{c['id']} ({c['name_ar']})" for c in e["candidate_entities"]))
        print("  evidence:")
        for ev in e.get("evidence", []):
            print(f"    {ev['alias']}  via {ev['joined_via']}: {ev['evidence'] or ''}")
    return 0


def _entities(args: argparse.Namespace) -> int:
    from ..resolve import list_entities
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        rows = list_entities(store, type=args.type, limit=args.limit, status=args.status, query=args.query)
    for e in rows:
        if args.json:
            print(json.dumps(e, ensure_ascii=False))
        else:
            cc = f" [{e['country_code']}]" if e["country_code"] else ""
            flag = "" if e["status"] == "ok" else f" ({e['status']})"
            print(f"{e['id']:<28} {e['type']:<4} {e['mention_count']:>6}  {e['name_ar']} — {e['name_latin'] or '?'}{cc}{flag}")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from ..resolve import resolve_corpus
    from ..store import Store

    with Store(_db(args)) as store:
        out = resolve_corpus(store, args.doc)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(out["decisions"].items(), key=lambda kv: -kv[1]))
        print(f"{out['mentions']} mentions in {out['documents']} documents -> {out['entities_new']} new entities "
              f"({rules}); {out['seconds']:.1f} s")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from ..eval.resolve import evaluate, format_report

    report = evaluate(args.data, translit=not args.no_translit, package=args.package, limit=args.limit or None,
                      errors=args.errors)
    if args.news:
        from ..eval.resolve_news import evaluate_news_variants

        report["news_variants"] = evaluate_news_variants(args.data)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(format_report(report))
    nv = report.get("news_variants")
    if nv:
        print(f"spelling variants mined from same-story articles (ANT multi-source, cross-outlet near-duplicates):\n"
              f"  {nv['pairs']} name-like pairs ({nv['mined_pairs']} mined, {nv['set_aside']} set aside as affixes or "
              f"common words): joined {nv['joined']} = {nv['recall']}; pairs seen twice or more: "
              f"{nv['pairs_seen_twice']}, joined {nv['recall_seen_twice']}\n"
              f"  missed, e.g.: {'; '.join(nv['missed_examples'][:8])}")
    return 0


def _train(args: argparse.Namespace) -> int:
    from ..resolve.train import train_all

    out = train_all(args.data, skip_translit=args.skip_translit)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0
