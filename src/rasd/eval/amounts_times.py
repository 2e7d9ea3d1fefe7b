"""Scores of the amounts and times extractors (``rasd eval amounts-times``).

Two yardsticks:

* **Wojood sample** (``ner/wojood-sample/{train,val}.txt`` in the shared data): span
  precision/recall/F1 for DATE, TIME, MONEY, CURR, PERCENT and CARDINAL. Wojood is nested
  CoNLL (several tags per token); its conventions differ from ours, so both gold and predicted
  spans are mapped to tokens and normalised the same way before they are compared:

  - our ``times`` map to DATE, except clock times and durations in hours/minutes/seconds,
    which map to TIME (Wojood tags "30 دقيقة" TIME and "12 عاما" DATE);
  - ``money`` -> MONEY (number + currency, both sides), its currency words -> CURR;
    ``percent`` -> PERCENT; ``count`` and ``number`` -> CARDINAL (the number only);
  - a character span becomes the tokens it overlaps (so a proclitic و/ب outside our span but
    inside the Wojood token does not matter);
  - tokens at either edge that are punctuation or brackets ("(", ")", ".", "،") or light
    function words that Wojood sometimes includes and we never do (بتاريخ، تاريخ، منذ، في،
    حتى، خلال، من، إلى، بين) are dropped from both sides before comparing.

  "exact" compares the normalised token spans; "overlap" counts a prediction as correct if it
  overlaps a gold span of the same type (each gold span matched once).

* **Our table** (``tests/data/amounts_times_table.tsv``): value accuracy — the share of rows
  whose expected number / amount / time is produced with the right value, unit, qualifier and
  type, and false friends (ثمن، أحد …) that must produce nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..arabic.numbers import parse_number, parse_ordinal
from ..errors import RasdError
from ..extract.amounts import find_amounts
from ..extract.times import find_times

__all__ = [
    "WOJOOD_TYPES",
    "read_wojood",
    "predict_wojood",
    "evaluate_wojood",
    "read_table",
    "check_row",
    "evaluate_table",
    "evaluate",
    "format_report",
    "default_table_path",
]

WOJOOD_TYPES = ("DATE", "TIME", "MONEY", "CURR", "PERCENT", "CARDINAL")
_EDGE_PUNCT = set("()[].,،:;؛-–/\"'«»؟?!")
_EDGE_WORDS = {
    "بتاريخ", "تاريخ", "منذ", "في", "حتى", "خلال", "من", "إلى", "الى", "بين", "قبل", "بعد",
    "نحو", "حوالي", "حوالى", "قرابة", "زهاء", "أكثر", "اكثر", "أقل", "اقل", "ما", "يقارب", "يزيد", "عن", "على",
}


@dataclass
class Sentence:
    tokens: list[str]
    starts: list[int]
    text: str
    gold: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # type -> token spans [a, b)


def read_wojood(path: str | Path) -> list[Sentence]:
    """Sentences of a Wojood file (``token TAG [TAG …]`` lines; blank lines and ``$#$``
    separate sentences). The text is the tokens joined by single spaces."""
    p = Path(path)
    if not p.is_file():
        raise RasdError(f"{p} not found")
    out: list[Sentence] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.append(_sentence(rows))
            rows.clear()

    for line in p.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        if parts[0] == "$#$":
            flush()
            continue
        rows.append(parts)
    flush()
    return out


def _sentence(rows: list[list[str]]) -> Sentence:
    tokens = [r[0] for r in rows]
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    s = Sentence(tokens, starts, " ".join(tokens))
    for typ in WOJOOD_TYPES:
        spans: set[tuple[int, int]] = set()
        i = 0
        while i < len(rows):
            if "B-" + typ in rows[i][1:]:
                j = i + 1
                while j < len(rows) and "I-" + typ in rows[j][1:]:
                    j += 1
                spans.add((i, j))
                i = j
            else:
                i += 1
        s.gold[typ] = spans
    return s


def _char_to_tokens(s: Sentence, a: int, b: int) -> tuple[int, int] | None:
    idx = [i for i, st in enumerate(s.starts) if st < b and st + len(s.tokens[i]) > a]
    return (idx[0], idx[-1] + 1) if idx else None


def _norm_span(s: Sentence, span: tuple[int, int]) -> tuple[int, int] | None:
    a, b = span
    def light(t: str) -> bool:
        return all(c in _EDGE_PUNCT for c in t) or t in _EDGE_WORDS or (t[:1] in "وف" and t[1:] in _EDGE_WORDS)

    while a < b and light(s.tokens[a]):
        a += 1
    while b > a and light(s.tokens[b - 1]):
        b -= 1
    return (a, b) if a < b else None


def predict_wojood(s: Sentence) -> dict[str, set[tuple[int, int]]]:
    """Our spans on one Wojood sentence, mapped to Wojood types and tokens."""
    pred: dict[str, set[tuple[int, int]]] = {t: set() for t in WOJOOD_TYPES}

    def add(typ: str, a: int | None, b: int | None) -> None:
        if a is None or b is None:
            return
        sp = _char_to_tokens(s, a, b)
        if sp is not None:
            pred[typ].add(sp)

    for t in find_times(s.text, None):
        time_like = t.type == "time" or (t.type == "duration" and t.granularity in ("hour", "minute", "second"))
        add("TIME" if time_like else "DATE", t.start, t.end)
    for a in find_amounts(s.text):
        if a.kind == "money":
            add("MONEY", a.start, a.end)
            add("CURR", a.unit_start, a.unit_end)
        elif a.kind == "percent":
            add("PERCENT", a.start, a.end)
        else:
            add("CARDINAL", a.start, a.end)
    return pred


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def evaluate_wojood(sentences: Iterable[Sentence], errors: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Per-type exact and overlap P/R/F1 after the convention mapping (module docstring)."""
    counts = {t: {"tp": 0, "otp": 0, "pred": 0, "gold": 0} for t in WOJOOD_TYPES}
    for s in sentences:
        pred = predict_wojood(s)
        for typ in WOJOOD_TYPES:
            g = {x for x in (_norm_span(s, sp) for sp in s.gold.get(typ, ())) if x}
            p = {x for x in (_norm_span(s, sp) for sp in pred[typ]) if x}
            c = counts[typ]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["tp"] += len(g & p)
            free = set(g)
            for a, b in sorted(p):
                hit = next((x for x in sorted(free) if x[0] < b and a < x[1]), None)
                if hit is not None:
                    free.discard(hit)
                    c["otp"] += 1
            if errors is not None:
                for a, b in sorted(g - p):
                    errors.append({"type": typ, "kind": "missed", "text": " ".join(s.tokens[a:b]), "sentence": s.text})
                for a, b in sorted(p - g):
                    errors.append({"type": typ, "kind": "spurious", "text": " ".join(s.tokens[a:b]), "sentence": s.text})
    out: dict[str, dict[str, Any]] = {}
    for typ, c in counts.items():
        out[typ] = {"exact": _prf(c["tp"], c["pred"], c["gold"]), "overlap": _prf(c["otp"], c["pred"], c["gold"])}
    return out


# --- our table ---------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    kind: str  # number | ordinal | amount | time | no_amount | no_time | no_number
    text: str
    published: str | None
    span: str | None
    expect: str


def default_table_path() -> Path:
    """tests/data/amounts_times_table.tsv of the source checkout (or of the working directory)."""
    here = Path(__file__).resolve().parents[3] / "tests" / "data" / "amounts_times_table.tsv"
    return here if here.is_file() else Path("tests/data/amounts_times_table.tsv")


def read_table(path: str | Path | None = None) -> list[Row]:
    """Rows of the TSV table: ``kind<TAB>text<TAB>published<TAB>span<TAB>expect``; ``#`` lines
    are comments, ``-`` means empty."""
    p = Path(path) if path else default_table_path()
    if not p.is_file():
        raise RasdError(f"{p} not found (the expression table lives in tests/data of the source tree)")
    rows = []
    for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise RasdError(f"{p}:{i}: expected 5 tab-separated columns, got {len(parts)}")
        kind, text, pub, span, expect = (x.strip() for x in parts)
        rows.append(Row(i, kind, text, None if pub in ("", "-") else pub, None if span in ("", "-") else span, expect))
    return rows


def _num_eq(a: float | None, b: str) -> bool:
    if b in ("-", "none", ""):
        return a is None
    if a is None:
        return False
    v = float(b)
    return abs(a - v) <= 1e-6 * max(1.0, abs(v))


def check_row(row: Row) -> tuple[bool, str]:
    """(ok, what we produced) for one table row."""
    if row.kind == "number":
        v = parse_number(row.text)
        return _num_eq(v, row.expect), repr(v)
    if row.kind == "ordinal":
        o = parse_ordinal(row.text)
        return _num_eq(None if o is None else float(o), row.expect), repr(o)
    if row.kind in ("amount", "no_amount"):
        got = find_amounts(row.text)
        shown = "; ".join(
            f"{row.text[a.start:a.end]}|{a.kind}|{a.value:g}{'-' + format(a.value_max, 'g') if a.value_max is not None else ''}|{a.unit}|{a.qualifier}"
            if a.value is not None else f"{row.text[a.start:a.end]}|{a.kind}|None|{a.unit}|{a.qualifier}"
            for a in got
        )
        if row.kind == "no_amount":
            bad = [a for a in got if row.expect in ("*", "") or a.kind == row.expect]
            return not bad, shown
        kind, value, unit, qual, *rest = row.expect.split("|") + ["", "", ""]
        vmin, _, vmax = value.partition("-") if not value.startswith("-") else (value, "", "")
        for a in got:
            if row.span and row.text[a.start : a.end] != row.span:
                continue
            if a.kind != kind or not _num_eq(a.value, vmin):
                continue
            if vmax and not _num_eq(a.value_max, vmax):
                continue
            if unit == "-" and a.unit is not None:
                continue
            if unit not in ("", "*", "-") and (a.unit or "") != unit:
                continue
            if qual and a.qualifier != qual:
                continue
            return True, shown
        return False, shown
    if row.kind in ("time", "no_time"):
        got = find_times(row.text, row.published)
        shown = "; ".join(
            f"{row.text[t.start:t.end]}|{t.type}|{t.value}|{t.mod or ''}" for t in got
        )
        if row.kind == "no_time":
            return not got, shown
        typ, value, *rest = row.expect.split("|") + [""]
        mod = rest[0] if rest else ""
        for t in got:
            if row.span and row.text[t.start : t.end] != row.span:
                continue
            if t.type != typ or (t.value or "-") != value:
                continue
            if mod and (t.mod or "") != mod:
                continue
            return True, shown
        return False, shown
    raise RasdError(f"table line {row.line}: unknown kind {row.kind!r}")


def evaluate_table(rows: list[Row]) -> dict[str, Any]:
    by_kind: dict[str, list[int]] = {}
    failures = []
    for r in rows:
        ok, shown = check_row(r)
        k = by_kind.setdefault(r.kind, [0, 0])
        k[0] += ok
        k[1] += 1
        if not ok:
            failures.append({"line": r.line, "kind": r.kind, "text": r.text, "expect": r.expect, "got": shown})
    total = sum(v[1] for v in by_kind.values())
    correct = sum(v[0] for v in by_kind.values())
    return {
        "rows": total,
        "value_accuracy": round(correct / total, 4) if total else 0.0,
        "by_kind": {k: {"correct": v[0], "rows": v[1], "accuracy": round(v[0] / v[1], 4)} for k, v in sorted(by_kind.items())},
        "failures": failures,
    }


def _wojood_dir(data: str | Path) -> Path:
    root = Path(data)
    for cand in (root / "ner" / "wojood-sample", root):
        if (cand / "val.txt").is_file():
            return cand
    raise RasdError(f"{root} does not look like the shared data folder (no ner/wojood-sample/val.txt)")


def evaluate(
    data: str | Path | None = "../shared/data",
    splits: Iterable[str] = ("val",),
    table: str | Path | None = None,
    errors: bool = False,
) -> dict[str, Any]:
    """Wojood scores per split and value accuracy on our table."""
    report: dict[str, Any] = {}
    if data is not None:
        d = _wojood_dir(data)
        for split in splits:
            errs: list[dict[str, Any]] | None = [] if errors else None
            sents = read_wojood(d / f"{split}.txt")
            report[f"wojood_{split}"] = {"sentences": len(sents), "scores": evaluate_wojood(sents, errs)}
            if errs is not None:
                report[f"wojood_{split}"]["errors"] = errs
    if table is not False:
        report["table"] = evaluate_table(read_table(table))
    return report


def _iter_lines(report: dict[str, Any], show_errors: int) -> Iterator[str]:
    for key, rep in report.items():
        if key.startswith("wojood_"):
            yield f"Wojood sample, {key[7:]} split ({rep['sentences']} sentences): span scores after the convention mapping"
            yield f"  {'type':9} {'gold':>5} {'pred':>5}   exact P / R / F1        overlap P / R / F1"
            for typ, sc in rep["scores"].items():
                e, o = sc["exact"], sc["overlap"]
                yield (
                    f"  {typ:9} {e['gold']:5d} {e['pred']:5d}   {e['p']:.3f} / {e['r']:.3f} / {e['f1']:.3f}"
                    f"     {o['p']:.3f} / {o['r']:.3f} / {o['f1']:.3f}"
                )
            for err in rep.get("errors", [])[:show_errors]:
                yield f"    {err['type']} {err['kind']}: {err['text']}  ||  {err['sentence'][:120]}"
        elif key == "table":
            yield f"Own table ({rep['rows']} expressions): value accuracy {rep['value_accuracy']:.4f}"
            for k, v in rep["by_kind"].items():
                yield f"  {k:10} {v['correct']:4d}/{v['rows']:<4d} {v['accuracy']:.3f}"
            for f in rep["failures"][:show_errors]:
                yield f"    line {f['line']} {f['kind']}: {f['text']}  expected {f['expect']}  got {f['got']}"


def format_report(report: dict[str, Any], show_errors: int = 0) -> str:
    return "\n".join(_iter_lines(report, show_errors))


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1)
