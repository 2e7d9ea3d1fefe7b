"""Pipelines built from a list of stage names.

A document stage is a function ``(doc, ctx) -> doc`` declared with ``@stage(name, requires=…,
provides=…)``. Stages are found by name in the registry (``rasd.stages.BUILTIN`` plus the
``rasd.stages`` entry-point group for plugins); ``Pipeline(names)`` checks at build time that
every stage's ``requires`` is provided by an earlier stage, so a wrong order fails before any
document is read. A failing stage raises ``StageError``; the ``on_error`` setting decides:
``raise`` it, ``skip`` the document (kept, marked skipped with the reason), or ``record`` (the
same, and later stages still run on what the document has).
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Callable, Iterable, Iterator

from .document import Document
from .errors import ConfigError, RasdError, StageError
from .settings import Settings, load_settings

__all__ = ["stage", "StageSpec", "Context", "Pipeline", "StageTimeout", "available_stages", "get_stage"]

log = logging.getLogger(__name__)

# what every document has before any stage runs
BASE_PROVIDES = frozenset({"text", "meta"})


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: Callable[[Document, "Context"], Document]
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    arabic_only: bool = False
    help: str = ""


def stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    arabic_only: bool = False,
) -> Callable[[Callable[..., Document]], Callable[..., Document]]:
    """Declare a document stage. ``arabic_only`` stages are not run on documents whose
    language is not in the ``arabic_languages`` setting."""

    def deco(func: Callable[..., Document]) -> Callable[..., Document]:
        func._rasd_stage = StageSpec(  # type: ignore[attr-defined]
            name, func, tuple(requires), tuple(provides), arabic_only, (func.__doc__ or "").strip().split("\n")[0]
        )
        return func

    return deco


@dataclass
class Context:
    """What a stage may use besides the document: the settings and a cache of loaded
    resources (models, lexicons), so each is loaded once per pipeline (once per process or
    Spark executor when the pipeline is reused)."""

    settings: Settings = field(default_factory=load_settings)
    _resources: dict[str, Any] = field(default_factory=dict)

    def resource(self, key: str, loader: Callable[[], Any]) -> Any:
        if key not in self._resources:
            self._resources[key] = loader()
        return self._resources[key]


def _load_ref(ref: str) -> StageSpec:
    mod, _, attr = ref.partition(":")
    try:
        obj = getattr(importlib.import_module(mod), attr)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"stage {ref!r} cannot be loaded: {e}") from None
    spec = getattr(obj, "_rasd_stage", None)
    if not isinstance(spec, StageSpec):
        raise ConfigError(f"{ref!r} is not declared with @stage")
    return spec


def available_stages() -> dict[str, str]:
    """Stage name -> 'module:function' for built-ins and installed plugins."""
    from .stages import BUILTIN

    refs = dict(BUILTIN)
    for ep in entry_points(group="rasd.stages"):
        refs.setdefault(ep.name, ep.value)
    return refs


def get_stage(name: str) -> StageSpec:
    refs = available_stages()
    if name not in refs:
        raise ConfigError(f"unknown stage {name!r} (available: {', '.join(sorted(refs))})")
    spec = _load_ref(refs[name])
    if spec.name != name:
        raise ConfigError(f"stage registered as {name!r} declares itself {spec.name!r}")
    return spec


class StageTimeout(Exception):
    """A stage ran past the ``stage_timeout`` setting on one document."""


def _on_alarm(signum: int, frame: object) -> None:
    raise StageTimeout()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM; only in the main thread of a process
    where nobody else uses the alarm — elsewhere the block runs unbounded)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, _on_alarm)
    )
    if not usable:
        yield
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


class Pipeline:
    """Runs document stages in order; see the module docstring. A stage that runs past the
    ``stage_timeout`` setting on one document is stopped and recorded like any failing stage
    (code E201), so one pathological article cannot stall a batch."""

    def __init__(self, names: Iterable[str] | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        names = list(self.settings["pipeline"] if names is None else names)
        if self.settings["on_error"] not in ("raise", "skip", "record"):
            raise ConfigError(f"on_error must be raise, skip or record, not {self.settings['on_error']!r}")
        self.stages: list[StageSpec] = [get_stage(n) for n in names]
        have = set(BASE_PROVIDES)
        for s in self.stages:
            missing = [r for r in s.requires if r not in have]
            if missing:
                raise ConfigError(
                    f"stage {s.name!r} requires {', '.join(missing)}, which no earlier stage provides "
                    f"(pipeline: {' -> '.join(names)})"
                )
            have.update(s.provides)
        self.provides = frozenset(have)
        self.ctx = Context(self.settings)
        self._arabic = frozenset(self.settings["arabic_languages"])
        self._timeout = float(self.settings.get("stage_timeout", 0) or 0)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for s in self.stages:
            if doc.status == "skipped":
                break
            if s.arabic_only and doc.language not in self._arabic:
                continue
            try:
                with _time_limit(self._timeout):
                    doc = s.func(doc, self.ctx)
            except Exception as e:  # noqa: BLE001 - every failure becomes a StageError
                if isinstance(e, StageTimeout):
                    err = StageError(s.name, doc.id, f"took longer than {self._timeout:g} s (stage_timeout)", code="E201")
                else:
                    code = e.code if isinstance(e, RasdError) else StageError.code
                    err = e if isinstance(e, StageError) else StageError(s.name, doc.id, f"{type(e).__name__}: {e}", code=code)
                if self.settings["on_error"] == "raise":
                    raise err from e
                log.info("%s", err)
                doc.meta.setdefault("stage_errors", []).append({"stage": s.name, "code": err.code, "reason": err.reason})
                if self.settings["on_error"] == "skip":
                    doc.status, doc.skip_code, doc.skip_reason = "skipped", err.code, str(err)
                continue
            doc.stages.append(s.name)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for d in docs:
            yield self(d)
