"""The core commands: ingest, search, show, export, stats, stages.

Each command parses its arguments and calls ONE library function (``rasd.process.ingest``,
``Store.search``, ``Store.get``, ``Store.export``, ``Store.stats``,
``rasd.process.stage_table``); this module only formats what comes back. Exit statuses are
documented in docs/cli.md.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import signal
import sys
from typing import Any

from ..errors import RasdError

__all__ = ["register"]

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _db_default() -> str:
    from ..settings import load_settings

    return os.environ.get("RASD_DB") or load_settings()["db"]


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting, rasd.db)")


def _db(args: argparse.Namespace) -> str:
    return args.db or _db_default()


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="read files/directories/stdin, run the pipeline and store the articles",
        description="Read articles (txt, html, rss/atom, warc, jsonl, TREC/ANT, archives; directories recursively; "
        "- for stdin), run the configured stages and store them. Re-running is safe: stored articles are not "
        "processed again, and an interrupted ingest continues where it stopped. Exit status 0 if any article "
        "was read, 1 if none was (everything skipped), 2 on a usage error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or - (stdin)")
    _add_db(p)
    p.add_argument("--published", help="publication date (ISO 8601) for articles that carry none (plain text)")
    p.add_argument("--config", help="settings file (TOML); default $RASD_CONFIG")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of a summary line")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show progress")
    g.add_argument("--no-progress", dest="progress", action="store_false", help="never show progress")
    p.set_defaults(func=_ingest)

    p = sub.add_parser(
        "search", help="full-text search: ranked articles with highlighted snippets",
        description="Search titles and texts. The query is normalised like the articles (hamza, alef maksura, "
        "teh marbuta, diacritics, tatweel, digits), Arabic proclitics are ignored (داعش finds لداعش) and spelling "
        'variants of a word match (الأمريكية / الأميركية). Words must all occur; "quoted phrases" and a '
        "trailing * (prefix) are understood; anything else is text. --fts takes FTS5 syntax (AND OR NOT NEAR, "
        "title:).",
    )
    p.add_argument("query", metavar="QUERY")
    _add_db(p)
    p.add_argument("--limit", type=int, default=20, help="hits per page (default: %(default)s)")
    p.add_argument("--offset", type=int, default=0, help="skip this many hits (default: %(default)s)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after (YYYY[-MM[-DD]])")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before (YYYY[-MM[-DD]])")
    p.add_argument("--outlet", help="only this outlet")
    p.add_argument("--lang", dest="language", help="only this language (e.g. ar, en, ckb)")
    p.add_argument("--entity", help="only articles mentioning this entity (id or name)")
    p.add_argument("--event-type", help="only articles with an event of this type")
    p.add_argument("--fts", action="store_true", help="the query is FTS5 syntax (advanced)")
    p.add_argument("--exact", action="store_true", help="no spelling variants (normalisation still applies)")
    p.add_argument("--json", action="store_true", help="machine output: {total, hits: [...]}")
    p.set_defaults(func=_search)

    p = sub.add_parser("show", help="one article with its annotations",
                       description="Print an article's metadata and text and each annotation list with its surfaces.")
    p.add_argument("doc_id", metavar="DOC_ID")
    _add_db(p)
    p.add_argument("--json", action="store_true", help="the JSON form of the Document (docs/schema.md)")
    p.set_defaults(func=_show)

    from ..store.export import FORMATS
    from ..store.schema import EXPORT_TABLES

    p = sub.add_parser(
        "export", help="write a table as JSONL, CSV or Parquet",
        description="Export documents or one annotation table (flat: one row per annotation with doc_id, surface, "
        "url, published, outlet). Columns and types: docs/schema.md. documents as JSONL is the Document JSON form.",
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--table", default="documents", choices=EXPORT_TABLES, help="(default: %(default)s)")
    p.add_argument("--out", default="-", metavar="PATH|-", help="output file, - for stdout (default)")
    _add_db(p)
    p.set_defaults(func=_export)

    p = sub.add_parser("stats", help="counts: articles by language/outlet/status, annotations, skips with reasons")
    _add_db(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_stats)

    p = sub.add_parser("stages", help="the pipeline stages: requires/provides, installed, configured")
    p.add_argument("--config", help="settings file (TOML); default $RASD_CONFIG")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_stages)


# -- ingest ------------------------------------------------------------------------------------


def _sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _ingest(args: argparse.Namespace) -> int:
    from ..process import ingest
    from ..settings import load_settings

    settings = load_settings(args.config)
    db = args.db or os.environ.get("RASD_DB") or settings["db"]
    old = signal.signal(signal.SIGTERM, _sigterm)  # kill: finish the open batch like Ctrl-C
    try:
        report = ingest(args.paths, db=db, settings=settings, published=args.published, progress=args.progress)
    finally:
        signal.signal(signal.SIGTERM, old)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return 0 if report.processed else 1


# -- search ------------------------------------------------------------------------------------


def _rich_snippet(s: str) -> Any:
    from rich.text import Text

    out = Text()
    pos = 0
    for m in _MARK.finditer(s):
        out.append(html.unescape(s[pos : m.start()]))
        out.append(html.unescape(m.group(1)), style="bold black on yellow")
        pos = m.end()
    out.append(html.unescape(s[pos:]))
    return out


def _search(args: argparse.Namespace) -> int:
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        res = store.search(
            args.query, limit=args.limit, offset=args.offset, date_from=args.date_from, date_to=args.date_to,
            outlet=args.outlet, language=args.language, entity=args.entity, event_type=args.event_type,
            advanced=args.fts, variants=not args.exact,
        )
    if args.json:
        _print_json(res.to_dict())
        return 0
    from rich.console import Console
    from rich.text import Text

    con = Console(highlight=False, soft_wrap=True)
    shown = f"{args.offset + 1}–{args.offset + len(res.hits)}" if res.hits else "0"
    con.print(f"{res.total} articles match; showing {shown}", style="dim")
    for i, h in enumerate(res.hits, args.offset + 1):
        head = Text(f"{i}. ")
        head.append_text(_rich_snippet(h.title_html) if h.title_html else Text("(no title)"))
        meta = " · ".join(x for x in (h.outlet, (h.published or "")[:10], h.doc_id, f"score {h.score:.2f}") if x)
        con.print(head)
        con.print(Text(meta, style="dim"))
        con.print(_rich_snippet(h.snippet_html))
        con.print()
    return 0


# -- show ----------------------------------------------------------------------------------------


def _span(doc: Any, s: Any, e: Any) -> str:
    return doc.text[s:e] if s is not None and e is not None else ""


def _show_lines(doc: Any) -> list[str]:
    out = [f"id         {doc.id}"]
    for k in ("title", "outlet", "published", "url", "source", "language", "status", "skip_reason"):
        v = getattr(doc, k)
        if v is not None:
            out.append(f"{k:<10} {v}" + (f" ({doc.language_score})" if k == "language" and doc.language_score else ""))
    out.append(f"stages     {', '.join(doc.stages) or '-'}")
    for e in doc.meta.get("stage_errors", []):
        out.append(f"error      {e.get('stage')}: {e.get('code')} {e.get('reason')}")
    out += ["", doc.text.rstrip("\n"), ""]
    out.append(f"sentences ({len(doc.sentences)})")
    out.append(f"mentions ({len(doc.mentions)})")
    for m in doc.mentions:
        extra = ", ".join(x for x in (f"{m.score:.2f}", m.entity_id) if x)
        out.append(f"  [{m.start}:{m.end}] {m.type:<5} {doc.surface(m)}  ({extra})")
    out.append(f"quotes ({len(doc.quotes)})")
    for q in doc.quotes:
        who = _span(doc, q.speaker_start, q.speaker_end) or (
            doc.surface(doc.mentions[q.speaker_mention]) if q.speaker_mention is not None and q.speaker_mention < len(doc.mentions) else "?"
        )
        out.append(f"  [{q.start}:{q.end}] {q.kind}: «{doc.surface(q)}» — {who}; cue {_span(doc, q.cue_start, q.cue_end) or '-'}")
    out.append(f"amounts ({len(doc.amounts)})")
    for a in doc.amounts:
        val = a.value if a.value_max is None else f"{a.value}–{a.value_max}"
        out.append(f"  [{a.start}:{a.end}] {a.kind} {val} {a.unit or ''} {a.qualifier}  {doc.surface(a)}")
    out.append(f"times ({len(doc.times)})")
    for t in doc.times:
        out.append(f"  [{t.start}:{t.end}] {t.type} {t.value or '?'}{' (anchored)' if t.anchored else ''}  {doc.surface(t)}")
    out.append(f"events ({len(doc.events)})")
    for ev in doc.events:
        args = "; ".join(f"{a.role}={doc.surface(a)}" for a in ev.args)
        out.append(f"  [{ev.start}:{ev.end}] {ev.type} ({ev.mode}) {doc.surface(ev)}" + (f"  {args}" if args else ""))
    return out


def _show(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..store.rows import STORED_LAYERS

    with Store(_db(args), readonly=True) as store:
        doc = store.get(args.doc_id)
    if args.json:
        _print_json(doc.to_dict(layers=STORED_LAYERS))
    else:
        sys.stdout.write("\n".join(_show_lines(doc)) + "\n")
    return 0


# -- export, stats, stages -------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from ..store import Store

    if args.out == "-" and args.format == "parquet" and sys.stdout.isatty():
        raise RasdError("Parquet is binary: give --out FILE (or redirect stdout)")
    with Store(_db(args), readonly=True) as store:
        n = store.export(args.format, args.out, args.table)
    if args.out != "-":
        print(f"{n} rows of {args.table} written to {args.out}", file=sys.stderr)
    return 0


def _stats(args: argparse.Namespace) -> int:
    from ..store import Store

    with Store(_db(args), readonly=True) as store:
        st = store.stats()
    if args.json:
        _print_json(st)
        return 0
    lines = [f"{st['documents']} documents in {st['db']['path']} ({st['db']['bytes'] / 1e6:.1f} MB)"]
    if st["published"]["from"]:
        lines.append(f"published  {st['published']['from']} … {st['published']['to']}")
    for k in ("by_language", "by_status", "by_outlet"):
        items = list(st[k].items())
        more = f", … {len(items) - 12} more" if len(items) > 12 else ""
        lines.append(f"{k[3:]:<10} " + ", ".join(f"{a} {n}" for a, n in items[:12]) + more)
    lines.append("annotations " + ", ".join(f"{a} {n}" for a, n in st["annotations"].items()))
    sk = st["skips"]
    lines.append(f"skips      {sk['inputs']} inputs, {sk['documents']} documents")
    for code, v in sk["by_code"].items():
        lines.append(f"  {code}  {v['count']}")
        for ex in v["examples"]:
            where = "" if ex["reason"].startswith(ex["source"]) else f"{ex['source']}: "
            lines.append(f"        {where}{ex['reason']}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _stages(args: argparse.Namespace) -> int:
    from ..process import stage_table
    from ..settings import load_settings

    rows = stage_table(load_settings(args.config))
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        state = "installed" if r["installed"] else "not installed"
        used = "configured" if r["configured"] else "not configured"
        line = f"{r['name']:<10} {r['kind']:<8} {state:<13} {used:<14}"
        if r["kind"] == "document" and r["installed"]:
            line += f" requires [{', '.join(r['requires'])}] provides [{', '.join(r['provides'])}]"
            if r["arabic_only"]:
                line += " (Arabic only)"
        if not r["installed"] and r["help"]:
            line += f" — {r['help']}"
        print(line)
    return 0
