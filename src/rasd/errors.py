"""rasd's one exception tree, with stable error codes.

::

    RasdError (E000)                       base; ``code``, one-line ``message``
    ├── ConfigError (E010)                 bad setting, unknown stage, broken requires/provides
    ├── InputError (E100)                  a user's input cannot be read
    │   ├── NotFoundError (E101)           path does not exist
    │   ├── BinaryInputError (E102)        binary / not text
    │   ├── DecodeError (E103)             bytes in no supported encoding
    │   ├── EmptyInputError (E104)         nothing to process
    │   ├── TooLargeError (E105)           over the size limit
    │   ├── MalformedError (E106)          broken HTML / feed / JSON / gzip / WARC
    │   └── UnsupportedFormatError (E107)  a format rasd does not read
    ├── StageError (E200)                  a pipeline stage failed on one document
    │                                      (E201: it ran past the stage_timeout setting)
    ├── ModelError (E300)                  a shipped model is missing or corrupt
    ├── StoreError (E400)                  the database cannot be opened or written
    │   └── QueryError (E401)              a malformed search query
    └── NotFound (E404)                    a document/entity/story id that does not exist

Every error carries a stable ``code`` (used in skip records, API errors and docs) and a
message fit for one line on stderr.
"""

from __future__ import annotations

__all__ = [
    "RasdError",
    "ConfigError",
    "InputError",
    "NotFoundError",
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "TooLargeError",
    "MalformedError",
    "UnsupportedFormatError",
    "StageError",
    "ModelError",
    "StoreError",
    "QueryError",
    "NotFound",
]


class RasdError(Exception):
    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ConfigError(RasdError):
    code = "E010"


class InputError(RasdError):
    code = "E100"


class NotFoundError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class DecodeError(InputError):
    code = "E103"


class EmptyInputError(InputError):
    code = "E104"


class TooLargeError(InputError):
    code = "E105"


class MalformedError(InputError):
    code = "E106"


class UnsupportedFormatError(InputError):
    code = "E107"


class StageError(RasdError):
    """A stage failed on one document; ``stage`` and ``doc_id`` say where."""

    code = "E200"

    def __init__(self, stage: str, doc_id: str, message: str, *, code: str | None = None) -> None:
        super().__init__(f"stage {stage!r} failed on {doc_id}: {message}", code=code)
        self.stage = stage
        self.doc_id = doc_id
        self.reason = message


class ModelError(RasdError):
    code = "E300"


class StoreError(RasdError):
    code = "E400"


class QueryError(StoreError):
    code = "E401"


class NotFound(RasdError):
    code = "E404"
