"""Scores of the events stage (``rasd eval events``).

Two yardsticks (both described in ``docs/events.md``):

* **OEDA dev set** — ``events/universal-petrarch-arabic/arabic_event_gold_dev.xml`` in the
  shared data: 215 Arabic sentences, each with one gold event (PLOVER ASSAULT or PROTEST) whose
  trigger, source and target are given as *strings* (``eventtext``, ``sourcetext``,
  ``targettext``), sometimes with their words in a different order, often empty. The sentence
  text is run through the pipeline as a Document. Matching is by string overlap on *word keys*
  (folded, clitics and article off, gender/number suffixes off: :func:`word_keys`):

  - the predicted event **aligned** with the gold event is the one whose trigger overlaps a
    word of the gold trigger; when the gold trigger is empty or matches nothing, the one
    sharing most words with the gold source and target; ties go to the higher confidence;
  - **type accuracy** = aligned event exists and has the gold type, over all 215 sentences
    (every sentence has a gold event); ``type_any`` (reported too) = the gold type is among
    the sentence's predicted types;
  - **source / target**: a prediction is the aligned event's args of that role (joined); it is
    correct when it shares a word key with the gold string; precision over sentences with a
    predicted arg, recall over sentences with a non-empty gold string, F1 of the two. A
    token-level (bag of word keys) P/R/F1 is reported as well.

* **rasd's gold** (``tests/data/events_gold/{dev,test}.jsonl``): events annotated by us in real
  articles of ``news/ant`` — article id, character offsets and labels only, never text. The
  articles are read from the shared data through :func:`rasd.ingest.read_paths` and found by
  id. A predicted event (in an annotated sentence) matches a gold event when their trigger
  spans overlap; **type P/R/F1** counts matches with the same type; source/target scores as
  above but with span overlap.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..arabic.normalize import fold
from ..document import Document, Event
from ..errors import RasdError
from ..extract.event_morph import stem_key, strip_clitics

__all__ = [
    "OEDA_PATH",
    "GOLD_DIR",
    "GOLD_SPLITS",
    "OedaSentence",
    "read_oeda",
    "word_keys",
    "prepare",
    "evaluate_oeda",
    "read_gold",
    "load_gold_documents",
    "evaluate_gold",
    "evaluate",
    "format_report",
]

OEDA_PATH = Path("events") / "universal-petrarch-arabic" / "arabic_event_gold_dev.xml"
GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "events_gold"
GOLD_SPLITS = ("dev", "test")  # dev: the rules were tuned on it; test: annotated after, never tuned on

_STOP = frozenset(
    fold(w)
    for w in "في من على إلى الى عن مع ضد بين و ال ب ل ك ف التي الذي الذين أن ان إن قد ما لا لم هذا هذه ذلك تلك".split()
)
_WORD = re.compile(r"[\w\u0600-\u06ff]+")


def word_keys(s: str) -> set[str]:
    """Comparison keys of the words of ``s`` (see the module docstring)."""
    out = set()
    for w in _WORD.findall(s or ""):
        f = fold(w)
        if f in _STOP or len(f) < 2:
            continue
        k = stem_key(strip_clitics(f))
        if k[:1] in "وف" and len(k) > 3 and f[:1] in "وف":
            k2 = stem_key(strip_clitics(f[1:]))
            out.add(k2)
        out.add(k)
    return {k for k in out if len(k) >= 2 and k not in _STOP}


@dataclass
class OedaSentence:
    id: str
    category: str
    date: str | None
    text: str
    type: str
    trigger: str
    source: str
    target: str


def read_oeda(path: str | Path) -> list[OedaSentence]:
    """Sentences of the OEDA gold XML (the file lacks its closing tag; that is tolerated)."""
    p = Path(path)
    if not p.is_file():
        raise RasdError(f"OEDA gold file not found: {p}")
    raw = p.read_text(encoding="utf-8")
    if "</Validation>" not in raw:
        raw += "\n</Validation>\n"
    root = ET.fromstring(raw)
    out = []
    for s in root.iter("Sentence"):
        et = s.find("EventText")
        ec = s.find("EventCoding")
        tx = s.find("Text")
        d = s.get("date") or ""
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
        out.append(
            OedaSentence(
                s.get("id", ""), s.get("category", ""), date, (tx.text or "").strip() if tx is not None else "",
                (ec.get("plover") if ec is not None else None) or s.get("category", ""),
                (et.get("eventtext") or "") if et is not None else "", (et.get("sourcetext") or "") if et is not None else "",
                (et.get("targettext") or "") if et is not None else "",
            )
        )
    return out


def _entities_available() -> bool:
    try:
        from ..ner.model import load_model

        load_model()
        return True
    except Exception:  # noqa: BLE001 - any failure means: run without mentions
        return False


def prepare(docs: Iterable[Document], *, use_entities: bool | None = None) -> Iterator[Document]:
    """Run the stages the events stage builds on (entities when the NER model is there,
    amounts, times, quotes when installed), then find events."""
    from ..extract.events import find_events, load_lexicon
    from ..pipeline import Pipeline, available_stages

    if use_entities is None:
        use_entities = _entities_available()
    names = ["language", "normalize", "sentences", "tokens"]
    if use_entities:
        names.append("entities")
    have = available_stages()
    for n in ("amounts", "times", "quotes"):
        if n in have:
            try:
                from ..pipeline import get_stage

                get_stage(n)
                names.append(n)
            except Exception:  # noqa: BLE001 - a stage that is not built yet
                pass
    from ..settings import load_settings

    pipe = Pipeline(names, settings=load_settings(on_error="raise"))
    lx = load_lexicon()
    for d in docs:
        d.language = d.language or "ar"
        d = pipe(d)
        d.events = find_events(d, lx)
        yield d



def _prf(tp: float, npred: float, ngold: float) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": npred, "gold": ngold}


def _trigger_positions(doc: Document, keys: set[str]) -> list[tuple[int, int]]:
    out = []
    for m in _WORD.finditer(doc.text):
        if word_keys(m.group()) & keys:
            out.append(m.span())
    return out


def _args_text(doc: Document, ev: Event, role: str) -> str:
    return " ".join(doc.text[a.start : a.end] for a in ev.args if a.role == role)


def _align(doc: Document, g: OedaSentence) -> Event | None:
    if not doc.events:
        return None
    tpos = _trigger_positions(doc, word_keys(g.trigger)) if g.trigger else []
    gs, gt = word_keys(g.source), word_keys(g.target)

    def score(ev: Event) -> tuple[int, int, float]:
        over = any(s < ev.end and ev.start < e for s, e in tpos)
        argk = len(word_keys(_args_text(doc, ev, "source")) & gs) + len(word_keys(_args_text(doc, ev, "target")) & gt)
        return (1 if over else 0, argk, ev.confidence)

    return max(doc.events, key=score)


@dataclass
class _Acc:
    n: int = 0
    type_ok: int = 0
    type_any: int = 0
    role: dict[str, list[int]] = field(default_factory=lambda: {"source": [0, 0, 0], "target": [0, 0, 0]})
    tok: dict[str, list[int]] = field(default_factory=lambda: {"source": [0, 0, 0], "target": [0, 0, 0]})
    by_type: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)


def evaluate_oeda(data: str | Path, *, errors: bool = False, use_entities: bool | None = None) -> dict[str, Any]:
    """Scores on the OEDA dev set (see the module docstring)."""
    sents = read_oeda(Path(data) / OEDA_PATH)
    docs = [Document(s.text, id=s.id or "", language="ar", published=s.date) for s in sents]
    acc = _Acc()
    errs: list[dict[str, Any]] = []
    for g, d in zip(sents, prepare(docs, use_entities=use_entities)):
        acc.n += 1
        ev = _align(d, g)
        ok = ev is not None and ev.type == g.type
        acc.type_ok += ok
        acc.type_any += any(e.type == g.type for e in d.events)
        acc.by_type[(g.type, ok)] += 1
        acc.confusion[(g.type, ev.type if ev else None)] += 1
        rec: dict[str, Any] = {"id": g.id, "gold_type": g.type, "pred_type": ev.type if ev else None}
        for role, gold in (("source", g.source), ("target", g.target)):
            pred = _args_text(d, ev, role) if ev else ""
            gk, pk = word_keys(gold), word_keys(pred)
            r = acc.role[role]
            r[1] += bool(pk)
            r[2] += bool(gk)
            hit = bool(gk and pk and gk & pk)
            r[0] += hit
            t = acc.tok[role]
            t[0] += len(gk & pk)
            t[1] += len(pk)
            t[2] += len(gk)
            rec[role] = {"gold": gold, "pred": pred, "ok": hit or (not gk and not pk)}
        if errors:
            rec["trigger"] = {"gold": g.trigger, "pred": d.text[ev.start : ev.end] if ev else None}
            rec["events"] = [(e.type, d.text[e.start : e.end], e.mode, round(e.confidence, 2)) for e in d.events]
            rec["text"] = g.text
            errs.append(rec)
    rep: dict[str, Any] = {
        "sentences": acc.n,
        "type_accuracy": round(acc.type_ok / acc.n, 4) if acc.n else 0.0,
        "type_any": round(acc.type_any / acc.n, 4) if acc.n else 0.0,
        "source": _prf(*acc.role["source"]),
        "target": _prf(*acc.role["target"]),
        "source_tokens": _prf(*acc.tok["source"]),
        "target_tokens": _prf(*acc.tok["target"]),
        "by_type": {f"{t}:{'ok' if ok else 'wrong'}": n for (t, ok), n in sorted(acc.by_type.items())},
        "confusion": {f"{g}->{p}": n for (g, p), n in acc.confusion.most_common()},
    }
    if errors:
        rep["errors"] = errs
    return rep


# ---------------------------------------------------------------------------- rasd's gold


def gold_path(split: str) -> Path:
    if split not in GOLD_SPLITS:
        raise RasdError(f"unknown gold split {split!r} (choose from {', '.join(GOLD_SPLITS)})")
    return GOLD_DIR / f"{split}.jsonl"


def read_gold(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Records of a rasd gold file (default: the test split): one annotated sentence per line
    (doc id, sentence span, events with trigger/source/target offsets and labels)."""
    p = Path(path) if path else gold_path("test")
    if not p.is_file():
        raise RasdError(f"events gold file not found: {p}")
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise RasdError(f"{p}:{n}: {e}") from None
    return out


def load_gold_documents(records: list[dict[str, Any]], data: str | Path) -> dict[str, Document]:
    """The articles the gold records point to, read from the shared data by id. Records name
    the archive (``file``) and the member; members of a tar archive are read directly and
    passed to :func:`rasd.ingest.read_bytes` (the same reader ``rasd ingest`` uses, so the
    text and id are those of an ingested article); anything else is read with
    :func:`rasd.ingest.read_paths`."""
    import tarfile

    from ..ingest import Skip, read_bytes, read_paths

    found: dict[str, Document] = {}
    by_file: dict[str, dict[str, str]] = {}
    for r in records:
        by_file.setdefault(r.get("file", ""), {})[r.get("member", "")] = r["doc_id"]
    for rel, members in by_file.items():
        p = Path(data) / rel
        if not p.exists():
            raise RasdError(f"gold article source not found: {p}")
        want_ids = set(members.values())
        if ".tar" in p.name and all(members):
            with tarfile.open(p, "r:*") as tf:
                for m in tf:
                    if m.name not in members:
                        continue
                    fh = tf.extractfile(m)
                    if fh is None:
                        continue
                    for item in read_bytes(fh.read(), source=f"{p}#{m.name}", name=m.name):
                        if not isinstance(item, Skip) and item.id in want_ids:
                            found[item.id] = item
                    if want_ids <= set(found):
                        break
            continue
        for item in read_paths([str(p)]):
            if not isinstance(item, Skip) and item.id in want_ids:
                found[item.id] = item
                if want_ids <= set(found):
                    break
    return found


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _factuality(mode: str) -> str:
    """Gold modes are factuality (asserted, negated, future, hypothetical); ``reported`` (in
    a quotation) is asserted for the comparison."""
    return "asserted" if mode == "reported" else mode


OEDA_TYPES = frozenset({"ASSAULT", "PROTEST"})


def evaluate_gold(data: str | Path, path: str | Path | None = None, *, errors: bool = False, use_entities: bool | None = None) -> dict[str, Any]:
    """Type P/R/F1 and source/target scores on rasd's own gold (see the module docstring)."""
    recs = read_gold(path)
    docs = load_gold_documents(recs, data)
    missing = sorted({r["doc_id"] for r in recs} - set(docs))
    if missing:
        raise RasdError(f"{len(missing)} gold articles not found in {data} (e.g. {missing[0]})")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        by_doc.setdefault(r["doc_id"], []).append(r)
    tp = npred = ngold = 0
    role = {"source": [0, 0, 0], "target": [0, 0, 0]}
    per_type: dict[str, list[int]] = {}
    mode_ok = mode_n = 0
    errs: list[dict[str, Any]] = []
    prepared = {d.id: d for d in prepare(list(docs.values()), use_entities=use_entities)}
    for doc_id, rs in by_doc.items():
        d = prepared[doc_id]
        for r in rs:
            s0, s1 = r["sentence"]
            preds = [e for e in d.events if s0 <= e.start < s1]
            golds = r["events"]
            used: set[int] = set()
            for g in golds:
                ngold += 1
                gt = tuple(g["trigger"])
                pt = per_type.setdefault(g["type"], [0, 0, 0])
                pt[2] += 1
                match = None
                for i, e in enumerate(preds):
                    if i not in used and _overlap((e.start, e.end), gt):
                        match = i
                        break
                if match is not None:
                    used.add(match)
                    e = preds[match]
                    if e.type == g["type"]:
                        tp += 1
                        pt[0] += 1
                    if "mode" in g:
                        mode_n += 1
                        mode_ok += _factuality(e.mode) == _factuality(g["mode"])
                    for rl in ("source", "target"):
                        gsp = [tuple(x) for x in g.get(rl, [])]
                        psp = [(a.start, a.end) for a in e.args if a.role == rl]
                        role[rl][1] += bool(psp)
                        role[rl][2] += bool(gsp)
                        role[rl][0] += bool(gsp and psp and any(_overlap(a, b) for a in psp for b in gsp))
                else:
                    for rl in ("source", "target"):
                        role[rl][2] += bool(g.get(rl))
                if errors and (match is None or preds[match].type != g["type"]):
                    errs.append({"doc": doc_id, "gold": g["type"], "trigger": d.text[gt[0] : gt[1]],
                                 "pred": preds[match].type if match is not None else None,
                                 "sentence": d.text[s0:s1]})
            for i, e in enumerate(preds):
                npred += 1
                per_type.setdefault(e.type, [0, 0, 0])[1] += 1
                if errors and i not in used:
                    errs.append({"doc": doc_id, "gold": None, "pred": e.type, "trigger": d.text[e.start : e.end],
                                 "sentence": d.text[s0:s1]})
    rep: dict[str, Any] = {
        "articles": len(by_doc),
        "sentences": len(recs),
        "events": ngold,
        "type": _prf(tp, npred, ngold),
        "type_other": _prf(*[sum(v[i] for t, v in per_type.items() if t not in OEDA_TYPES) for i in range(3)]),
        "source": _prf(*role["source"]),
        "target": _prf(*role["target"]),
        "mode_accuracy": round(mode_ok / mode_n, 4) if mode_n else None,
        "per_type": {t: _prf(*v) for t, v in sorted(per_type.items())},
    }
    if errors:
        rep["errors"] = errs
    return rep


def evaluate(data: str | Path = "../shared/data", *, oeda: bool = True, splits: Iterable[str] = GOLD_SPLITS,
             errors: bool = False, use_entities: bool | None = None) -> dict[str, Any]:
    """All scores: the OEDA dev set and each split of rasd's gold."""
    data = Path(data)
    if not data.is_dir():
        raise RasdError(f"shared data folder not found: {data}")
    out: dict[str, Any] = {}
    if oeda:
        out["oeda"] = evaluate_oeda(data, errors=errors, use_entities=use_entities)
    for sp in splits:
        out[f"gold:{sp}"] = evaluate_gold(data, gold_path(sp), errors=errors, use_entities=use_entities)
    return out


def format_report(rep: dict[str, Any], show_errors: int = 0) -> str:
    lines = []
    if "oeda" in rep:
        o = rep["oeda"]
        lines.append(f"OEDA dev set ({o['sentences']} sentences, ASSAULT/PROTEST)")
        lines.append(f"  type accuracy      {o['type_accuracy']:.3f}   (gold type among predicted: {o['type_any']:.3f})")
        for rl in ("source", "target"):
            s, t = o[rl], o[rl + "_tokens"]
            lines.append(f"  {rl:<7} F1 {s['f1']:.3f}  P {s['p']:.3f} R {s['r']:.3f}   (word-level F1 {t['f1']:.3f})")
        lines.append("  confusion: " + ", ".join(f"{k} {v}" for k, v in o["confusion"].items()))
        for e in o.get("errors", [])[: show_errors or 0]:
            if e["gold_type"] != e["pred_type"] or not e["source"]["ok"] or not e["target"]["ok"]:
                lines.append("  - " + json.dumps(e, ensure_ascii=False))
    for key in [k for k in rep if k.startswith("gold")]:
        g = rep[key]
        name = key.split(":", 1)[1] if ":" in key else ""
        lines.append(f"rasd gold {name} ({g['articles']} articles, {g['sentences']} sentences, {g['events']} events)")
        t = g["type"]
        lines.append(f"  type F1 {t['f1']:.3f}  P {t['p']:.3f} R {t['r']:.3f}")
        o = g["type_other"]
        lines.append(f"  type F1 without ASSAULT/PROTEST {o['f1']:.3f}  P {o['p']:.3f} R {o['r']:.3f}  ({o['gold']} events)")
        for rl in ("source", "target"):
            s = g[rl]
            lines.append(f"  {rl:<7} F1 {s['f1']:.3f}  P {s['p']:.3f} R {s['r']:.3f}")
        if g.get("mode_accuracy") is not None:
            lines.append(f"  mode accuracy (matched events) {g['mode_accuracy']:.3f}")
        lines.append("  per type: " + ", ".join(f"{k} {v['f1']:.2f} ({v['gold']})" for k, v in g["per_type"].items()))
        for e in g.get("errors", [])[: show_errors or 0]:
            lines.append("  - " + json.dumps(e, ensure_ascii=False))
    return "\n".join(lines)
