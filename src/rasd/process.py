"""Ingest: read paths, run the document pipeline, store documents and skips, run corpus stages.

``ingest(paths, db=...)`` is the library function behind ``rasd ingest``:

1. ``rasd.ingest.read_paths`` yields Documents and Skips (a bad file never stops the batch);
2. a document already stored with every stage of this pipeline is passed over (ingest is
   idempotent by content id; no pipeline work is repeated), otherwise ``process_document``
   (pure: pipeline + rows, no I/O — the unit a parallel runner would distribute) prepares it;
3. documents and skips are committed in batches (every ``batch_size`` documents or
   ``commit_seconds``), so an interrupted ingest (Ctrl-C, kill) keeps every finished batch
   and a re-run continues where it stopped;
4. the corpus stages in the ``corpus_stages`` setting that are installed run on the
   documents added or changed since each one last completed.

Stages named in the settings that are not installed yet are left out (logged; ``rasd stages``
lists them). One process for now; see ``process_document``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .document import Document
from .errors import ConfigError, RasdError
from .pipeline import Pipeline, available_stages, get_stage
from .settings import Settings, load_settings
from .store import Store
from .store.rows import Prepared, prepare

__all__ = [
    "IngestReport",
    "ingest",
    "ingest_items",
    "process_document",
    "build_pipeline",
    "demo_ingest",
    "examples_dir",
    "stage_table",
]

log = logging.getLogger(__name__)

BATCH_SIZE = 200
COMMIT_SECONDS = 2.0


@dataclass
class IngestReport:
    """What an ingest did. ``seen`` documents read = added + updated + unchanged; ``skipped``
    inputs that could not be read plus documents a stage marked skipped (stored anyway);
    ``by_code`` counts both by error code."""

    seen: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stage_errors: int = 0
    db: str = ""
    stages: list[str] = field(default_factory=list)
    missing_stages: list[str] = field(default_factory=list)
    corpus: dict[str, str] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        rate = self.seen / self.seconds if self.seconds > 0 else 0.0
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(self.by_code.items()))
        out = (
            f"{self.seen} documents: {self.added} added, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.skipped} skipped{f' ({codes})' if codes else ''}"
        )
        if self.stage_errors:
            out += f"; {self.stage_errors} with stage errors"
        return out + f"; {self.seconds:.1f} s ({rate:.1f} docs/s) -> {self.db}"


# -- stages ------------------------------------------------------------------------------------


def _installed(name: str) -> str | None:
    """None if the document stage loads, else why not."""
    try:
        get_stage(name)
    except ConfigError as e:
        return e.message
    return None


def build_pipeline(settings: Settings) -> tuple[Pipeline, list[str]]:
    """The pipeline of the configured stages that are installed and whose requirements the
    earlier ones provide; also the names left out."""
    from .pipeline import BASE_PROVIDES

    names: list[str] = []
    missing: list[str] = []
    have = set(BASE_PROVIDES)
    for n in settings["pipeline"]:
        why = _installed(n)
        if why is None:
            spec = get_stage(n)
            lacking = [r for r in spec.requires if r not in have]
            if lacking:
                why = f"requires {', '.join(lacking)}"
        if why is not None:
            missing.append(n)
            log.info("stage %s left out: %s", n, why)
            continue
        names.append(n)
        have.update(get_stage(n).provides)
    if missing:
        log.info("configured stages not installed yet: %s", ", ".join(missing))
    return Pipeline(names, settings), missing


def _corpus_func(ref: str) -> Callable[..., Any] | None:
    mod, _, attr = ref.partition(":")
    try:
        return getattr(importlib.import_module(mod), attr)
    except ModuleNotFoundError as e:
        if e.name and (mod == e.name or mod.startswith(e.name + ".")):
            return None
        raise
    except AttributeError:
        return None


def stage_table(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every known stage (document and corpus) with requires/provides, whether it is
    installed and whether the settings use it — what ``rasd stages`` prints."""
    from .stages import CORPUS

    settings = settings or load_settings()
    rows = []
    for name, ref in available_stages().items():
        why = _installed(name)
        spec = get_stage(name) if why is None else None
        rows.append(
            {
                "name": name,
                "kind": "document",
                "ref": ref,
                "installed": why is None,
                "configured": name in settings["pipeline"],
                "requires": list(spec.requires) if spec else [],
                "provides": list(spec.provides) if spec else [],
                "arabic_only": spec.arabic_only if spec else None,
                "help": spec.help if spec else why,
            }
        )
    for name, ref in CORPUS.items():
        try:
            fn = _corpus_func(ref)
        except ImportError as e:  # installed but broken
            fn, err = None, str(e)
        else:
            err = None if fn else f"{ref} not found"
        rows.append(
            {
                "name": name,
                "kind": "corpus",
                "ref": ref,
                "installed": fn is not None,
                "configured": name in settings["corpus_stages"],
                "requires": [],
                "provides": [],
                "arabic_only": None,
                "help": ((fn.__doc__ or "").strip().split("\n")[0] if fn else err),
            }
        )
    return rows


# -- per-document work ---------------------------------------------------------------------------


def process_document(doc: Document, pipeline: Pipeline) -> Prepared:
    """Run the pipeline on one document and prepare its rows. Pure (no I/O): the unit of
    work a parallel runner distributes."""
    doc.meta["pipeline"] = pipeline.names
    return prepare(pipeline(doc))


# -- progress ------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, mode: bool | Callable[[IngestReport], None] | None, report: IngestReport) -> None:
        self.report = report
        self.callback = mode if callable(mode) else None
        show = sys.stderr.isatty() if mode is None else mode is True
        self.bar: Any = None
        if show:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("ingesting {task.completed} documents ({task.fields[rate]:.0f}/s), {task.fields[skips]} skipped"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[src]}", style="dim"),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task("ingest", total=None, rate=0.0, skips=0, src="")
        self.t0 = time.monotonic()
        self.last = 0.0

    def __enter__(self) -> "_Progress":
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()

    def message(self, msg: str) -> None:
        if self.bar is not None:
            self.bar.console.print(f"rasd: {msg}", markup=False, highlight=False)
        else:
            log.warning("%s", msg)

    def tick(self, source: str | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        r = self.report
        if self.bar is not None:
            rate = r.seen / max(now - self.t0, 1e-9)
            src = (source or "")[-60:]
            self.bar.update(self.task, completed=r.seen, rate=rate, skips=r.skipped, src=src)
        if self.callback:
            self.callback(r)


# -- ingest ------------------------------------------------------------------------------------


def ingest(
    paths: Sequence[str | Path] | str | Path,
    *,
    db: str | Path | Store,
    settings: Settings | None = None,
    published: str | None = None,
    progress: bool | Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read ``paths`` (files, directories, ``-``), process and store them in ``db``. See the
    module docstring. ``progress``: None shows a progress bar when stderr is a terminal,
    True/False force it, a callable is called with the running report."""
    from .ingest import read_paths

    settings = settings or load_settings()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    items = read_paths([str(p) for p in paths], published=published, settings=settings)
    return ingest_items(items, db=db, settings=settings, progress=progress)


def ingest_items(
    items: Iterable[Any],
    *,
    db: str | Path | Store,
    settings: Settings | None = None,
    progress: bool | Callable[[IngestReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
    commit_seconds: float = COMMIT_SECONDS,
) -> IngestReport:
    """``ingest`` for an iterable of Documents and Skips (objects with source/code/reason)."""
    settings = settings or load_settings()
    t0 = time.monotonic()
    pipeline, missing = build_pipeline(settings)
    store = db if isinstance(db, Store) else Store(db)
    if not store.check_search_index():
        log.warning("the search index was built with other normalisation rules or clitic lexicon; rebuilding it")
        store.reindex()
    report = IngestReport(db=str(store.path), stages=pipeline.names, missing_stages=missing)
    want = set(pipeline.names)
    batch: list[tuple[Prepared, bool]] = []
    in_batch: set[str] = set()
    skips: list[Any] = []
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal last_commit
        if batch or skips:
            with store.write():
                changed = store.add_many([p for p, _ in batch])
                for s in skips:
                    store.record_skip(s)
            for (p, existed), ch in zip(batch, changed):
                if not ch:
                    report.unchanged += 1
                elif existed:
                    report.updated += 1
                else:
                    report.added += 1
            batch.clear()
            in_batch.clear()
            skips.clear()
        last_commit = time.monotonic()

    failures: dict[tuple[str, str], list[Any]] = {}  # (stage, code) -> [count, first reason]
    try:
        with _Progress(progress, report) as bar:
            try:
                for item in items:
                    if isinstance(item, Document):
                        report.seen += 1
                        done = store.processed_with(item.id)
                        if item.id in in_batch or (done is not None and want <= set(done)):
                            report.unchanged += 1
                        else:
                            p = process_document(item, pipeline)
                            if p.doc.meta.get("stage_errors"):
                                report.stage_errors += 1
                                for e in p.doc.meta["stage_errors"]:
                                    f = failures.setdefault((e.get("stage"), e.get("code")), [0, e.get("reason")])
                                    f[0] += 1
                            if p.doc.status == "skipped":
                                report.skipped += 1
                                code = p.doc.skip_code or "E200"
                                report.by_code[code] = report.by_code.get(code, 0) + 1
                            batch.append((p, done is not None))
                            in_batch.add(item.id)
                    else:
                        report.skipped += 1
                        report.by_code[item.code] = report.by_code.get(item.code, 0) + 1
                        skips.append(item)
                        where = "" if str(item.reason).startswith(str(item.source)) else f"{item.source}: "
                        bar.message(f"skipped {item.code} {where}{item.reason}")
                    bar.tick(getattr(item, "source", None))
                    if len(batch) + len(skips) >= batch_size or time.monotonic() - last_commit >= commit_seconds:
                        flush()
                flush()
            except KeyboardInterrupt:
                flush()  # keep what was finished before the interrupt
                raise
            finally:
                for (st, code), (n, reason) in failures.items():
                    bar.message(f"stage {st!r} failed on {n} document{'s' if n > 1 else ''} ({code}), e.g.: {reason}")
        report.corpus = run_corpus_stages(store, settings)
    finally:
        report.seconds = round(time.monotonic() - t0, 3)
        if not isinstance(db, Store):
            store.close()
    return report


def run_corpus_stages(store: Store, settings: Settings) -> dict[str, str]:
    """Run the installed corpus stages of the settings on the documents added or changed
    since each last completed; returns stage -> ok | not installed | error: …"""
    from .stages import CORPUS

    out: dict[str, str] = {}
    for name in settings["corpus_stages"]:
        ref = CORPUS.get(name)
        fn = _corpus_func(ref) if ref else None
        if fn is None:
            out[name] = "not installed"
            log.info("corpus stage %s not installed yet", name)
            continue
        key = f"corpus:{name}:done_until"
        ids, mark = store.changed_since(store.get_state(key))
        if not ids:
            out[name] = "ok (nothing new)"
            continue
        try:
            fn(store, ids, settings)
        except KeyboardInterrupt:
            raise
        except Exception as e:  # noqa: BLE001 - recorded, reported, re-raised on request
            if settings["on_error"] == "raise":
                raise
            out[name] = f"error: {type(e).__name__}: {e}"
            log.error("corpus stage %s failed: %s: %s", name, type(e).__name__, e)
            continue
        store.set_state(key, mark)
        out[name] = "ok"
    return out


# -- the bundled examples ----------------------------------------------------------------------


def examples_dir() -> Path:
    """The bundled examples: ``examples/`` of a source checkout, else a copy installed under
    ``rasd/data/examples``."""
    checkout = Path(__file__).resolve().parents[2] / "examples"
    if checkout.is_dir():
        return checkout
    try:
        from importlib.resources import files

        packaged = Path(str(files("rasd").joinpath("data/examples")))
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    raise RasdError(
        "the bundled examples were not found (expected examples/ in a source checkout or rasd/data/examples "
        "in the installed package); run from a checkout or `rasd ingest PATH` your own files"
    )


def demo_ingest(
    db: str | Path | Store, *, settings: Settings | None = None, progress: bool | Callable[..., None] | None = None
) -> IngestReport:
    """Ingest the bundled examples into ``db`` (what ``rasd demo`` does before serving)."""
    return ingest([examples_dir()], db=db, settings=settings, progress=progress)
