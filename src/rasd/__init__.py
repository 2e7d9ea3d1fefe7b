"""rasd (رصد): Arabic-first news intelligence.

The public API: documents and their annotations, the pipeline and its stage decorator,
settings, the SQLite ``Store`` and ``ingest`` (read paths, run the pipeline, store).
"""

from .document import Amount, Document, Event, EventArg, Mention, Quote, Sentence, TimeExpr, Token
from .errors import RasdError
from .pipeline import Pipeline, stage
from .settings import load_settings


def __getattr__(name: str):
    # heavier parts are imported on first use, so `import rasd` stays light
    if name == "Store":
        from .store import Store

        return Store
    if name == "ingest":
        from .process import ingest

        return ingest
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Amount",
    "Document",
    "Event",
    "EventArg",
    "Mention",
    "Quote",
    "Sentence",
    "TimeExpr",
    "Token",
    "RasdError",
    "Pipeline",
    "stage",
    "load_settings",
    "Store",
    "ingest",
]
