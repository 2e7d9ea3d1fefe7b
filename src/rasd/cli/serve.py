"""``rasd serve`` (the dashboard and HTTP API over a database) and ``rasd demo`` (ingest the
bundled examples, then serve them). Each calls one library function in ``rasd.server.run``."""

from __future__ import annotations

import argparse
import os

__all__ = ["register"]


def _settings_default(name: str) -> object:
    from ..settings import load_settings

    return load_settings()[name]


def _port(v: str) -> int:
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {v!r}") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0–65535 (0: any free port), not {n}")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="serve the dashboard and HTTP API over a database (read-only)",
        description="Serve the analyst's dashboard (Arabic, right-to-left; ?lang=en for English labels) and the HTTP "
        "API (reference at /docs, /openapi.json) for a rasd database. The database is opened read-only; "
        "POST /api/documents ingests only when --ingest-token (or $RASD_INGEST_TOKEN) is set and the request "
        "carries Authorization: Bearer TOKEN. Prints the URL, then serves until Ctrl-C.",
    )
    p.add_argument("--db", default=None, help="SQLite database (default: $RASD_DB or the `db` setting, rasd.db)")
    p.add_argument("--host", default=None, help="address to bind (default: the `host` setting, 127.0.0.1)")
    p.add_argument("--port", type=_port, default=None, help="port (default: the `port` setting, 8765; 0: any free port)")
    p.add_argument("--ingest-token", default=None, metavar="TOKEN",
                   help="enable POST /api/documents for requests with this bearer token (8+ characters)")
    p.add_argument("--config", default=None, help="settings file (TOML) for HTTP ingest; default $RASD_CONFIG")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"],
                   help="server log level; info shows each request (default: %(default)s)")
    p.set_defaults(func=_serve)

    p = sub.add_parser(
        "demo", help="ingest the bundled example articles and serve the dashboard",
        description="Ingest the bundled examples (examples/: 19 invented articles in every supported format) into "
        "a database (idempotent: a second run reuses it), then serve the dashboard on it and print its URL.",
    )
    p.add_argument("--db", default="rasd-demo.db", help="database to create or reuse (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=_port, default=8765, help="port (default: %(default)s; 0: any free port)")
    p.add_argument("--no-serve", action="store_true", help="only ingest, do not start the server")
    p.set_defaults(func=_demo)


def _serve(args: argparse.Namespace) -> int:
    from ..server.run import serve

    db = args.db or os.environ.get("RASD_DB") or _settings_default("db")
    host = args.host or _settings_default("host")
    port = args.port if args.port is not None else int(_settings_default("port"))  # type: ignore[arg-type]
    serve(db, host=str(host), port=port, ingest_token=args.ingest_token, config=args.config,
          log_level=args.log_level)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ..server.run import demo

    demo(args.db, host=args.host, port=args.port, serve_after=not args.no_serve)
    return 0
