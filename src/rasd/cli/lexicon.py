"""`rasd train lexicon`: rebuild the word-frequency table used for clitic splitting."""

from __future__ import annotations

import argparse
import json

from . import get_group


def register(sub: argparse._SubParsersAction) -> None:
    p = get_group(sub, "train").add_parser(
        "lexicon", help="rebuild the word-frequency lexicon (clitic splitting) from ../shared/data"
    )
    p.add_argument("--data", default="../shared/data", help="the shared data folder (default: %(default)s)")
    p.add_argument("--out", default=None, help="where to write (default: the shipped file inside the package)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..arabic.lexicon import build_lexicon

    print(json.dumps(build_lexicon(args.data, args.out)))
    return 0
