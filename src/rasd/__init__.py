"""rasd (رصد): Arabic-first news intelligence.

The public API: documents and their annotations, the pipeline, the Arabic text layer's
entry points, the store, and ``process`` (ingest paths into a database).
"""

from .document import Amount, Document, Event, EventArg, Mention, Quote, Sentence, TimeExpr, Token
from .errors import RasdError
from .pipeline import Pipeline, stage
from .settings import load_settings

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
]
