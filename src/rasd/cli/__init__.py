"""The ``rasd`` command line.

A package rather than one ``cli.py`` (a deliberate change from CONVENTIONS.md): each command
family lives in its own small module that defines ``register(subparsers)`` and whose commands
each call ONE library function. ``COMMAND_MODULES`` is the one list of them. ``train`` and
``eval`` are shared groups (``rasd train ner``, ``rasd eval quotes`` …) that modules join with
``get_group``.

User mistakes (``RasdError``) print one line on stderr and exit with status 2; never a
traceback. Ctrl-C exits with 130 after what was committed is kept.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from ..errors import RasdError

__all__ = ["main", "build_parser", "get_group", "COMMAND_MODULES"]

COMMAND_MODULES: tuple[str, ...] = (
    "rasd.cli.core",
    "rasd.cli.lexicon",
    "rasd.cli.ner",
    "rasd.cli.amounts_times",
    "rasd.cli.quotes",
    "rasd.cli.resolve",
    "rasd.cli.stories",
    "rasd.cli.events",
    "rasd.cli.serve",
    "rasd.cli.spark",
)

_GROUP_HELP = {
    "train": "train a model that rasd ships (rebuilds it from ../shared/data)",
    "eval": "evaluate a stage against gold data and print scores",
}


def get_group(subparsers: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction:
    """The sub-subparsers of a shared command group (``train``, ``eval``), created once."""
    groups = subparsers._rasd_groups if hasattr(subparsers, "_rasd_groups") else {}
    subparsers._rasd_groups = groups  # type: ignore[attr-defined]
    if name not in groups:
        p = subparsers.add_parser(name, help=_GROUP_HELP.get(name, name), description=_GROUP_HELP.get(name))
        groups[name] = p.add_subparsers(dest=f"{name}_what", metavar="WHAT", required=True)
    return groups[name]


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="rasd",
        description="rasd (رصد): Arabic-first news intelligence — ingest Arabic news and extract entities, "
        "quotes, amounts, times, events and stories into a searchable SQLite database.",
    )
    parser.add_argument("--version", action="version", version=f"rasd {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for modname in COMMAND_MODULES:
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as e:
            if e.name == modname:  # a command family that is not built yet
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="rasd: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        rc = func(args)
    except RasdError as e:
        print(f"rasd: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rasd: interrupted; everything committed so far is kept — re-run to continue", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return int(rc or 0)
