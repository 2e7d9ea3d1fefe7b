"""``rasd import-parquet DIR``: load the Parquet tables of a ``rasd spark run`` (or of ``rasd export
--format parquet``, one file per table named ``TABLE.parquet``) into a SQLite store, so the
dashboard, search and API work on them.

Documents are rebuilt with their annotations (:func:`rasd.store.rows.document_from_rows`) and
written the way ``rasd ingest`` writes them — already-stored, unchanged articles are left
alone, so importing twice is harmless. Sentences are not a flat table; they are recomputed
(the ``sentences`` stage is deterministic). Read errors of the ``errors`` table become skips
(``rasd stats`` shows them). Then the local corpus stages of the settings (resolve, dedup,
stories) run on the imported articles, unless ``corpus=False``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import RasdError

__all__ = ["ImportReport", "import_parquet"]

BATCH = 500


@dataclass
class ImportReport:
    db: str
    documents: int = 0
    added: int = 0
    unchanged: int = 0
    errors: int = 0
    corpus: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (f"{self.documents} documents: {self.added} added or updated, {self.unchanged} unchanged; "
                f"{self.errors} input errors recorded -> {self.db}")


def _table_path(base: Path, table: str) -> Path | None:
    for p in (base / table, base / f"{table}.parquet"):
        if p.exists():
            return p
    return None


def _read(base: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    p = _table_path(base, table)
    if p is None:
        return []
    return pq.read_table(p).to_pylist()


def _grouped(rows: list[dict[str, Any]], key: str = "doc_id") -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _documents(base: Path) -> Iterator[Any]:
    from ..arabic.sentences import split_sentences
    from ..store.rows import document_from_rows

    docs = _read(base, "documents")
    layers = {t: _grouped(_read(base, t)) for t in ("mentions", "quotes", "amounts", "times", "events")}
    args_rows = _grouped(_read(base, "event_args"))
    for row in docs:
        did = row["id"]
        lr = {}
        for t, by_doc in layers.items():
            rs = sorted(by_doc.get(did, []), key=lambda r: r["idx"])
            if rs:
                lr[t] = rs
        args: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for a in sorted(args_rows.get(did, []), key=lambda r: (r["event_idx"], r["idx"])):
            args[a["event_idx"]].append(a)
        doc = document_from_rows(row, lr, args)
        if "sentences" in (doc.stages or []):
            doc.sentences = split_sentences(doc.text)
        yield doc


def import_parquet(directory: str | os.PathLike[str], db: Any, *, settings: Any = None, corpus: bool = True
                   ) -> ImportReport:
    """Load the Parquet tables in ``directory`` into the store ``db`` (path or Store)."""
    from ..process import run_corpus_stages
    from ..settings import load_settings
    from ..store import Store
    from ..store.rows import prepare

    base = Path(directory)
    if not base.is_dir():
        raise RasdError(f"not a directory: {base}")
    if _table_path(base, "documents") is None:
        raise RasdError(f"{base} has no documents table (expected {base}/documents/ from `rasd spark run`)")
    settings = settings or load_settings()
    store = db if isinstance(db, Store) else Store(db)
    report = ImportReport(db=str(store.path))
    try:
        if not store.check_search_index():
            store.reindex()
        batch = []

        def flush() -> None:
            if not batch:
                return
            with store.write():
                changed = store.add_many(batch)
            report.added += sum(changed)
            report.unchanged += len(changed) - sum(changed)
            batch.clear()

        for doc in _documents(base):
            report.documents += 1
            batch.append(prepare(doc))
            if len(batch) >= BATCH:
                flush()
        flush()
        for r in _read(base, "errors"):
            if r.get("doc_id"):
                continue  # a stage error: already in the document's meta
            store.record_skip(_Skip(r["source"], r["code"], r["reason"]))
            report.errors += 1
        if corpus:
            report.corpus = run_corpus_stages(store, settings)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


@dataclass
class _Skip:
    source: str
    code: str
    reason: str
