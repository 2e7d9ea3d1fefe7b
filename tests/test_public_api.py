from __future__ import annotations

import rasd
import rasd.errors


def test_public_api_is_pinned() -> None:
    assert sorted(rasd.__all__) == sorted(
        [
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
    )
    for name in rasd.__all__:
        assert hasattr(rasd, name)


def test_error_codes_are_unique_and_stable() -> None:
    classes = [getattr(rasd.errors, n) for n in rasd.errors.__all__]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))
    assert rasd.errors.DecodeError.code == "E103"
    assert str(rasd.errors.NotFoundError("x")) == "E101: x"
