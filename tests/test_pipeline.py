from __future__ import annotations

import pytest

from rasd.document import Document
from rasd.errors import ConfigError, StageError
from rasd.pipeline import Pipeline, available_stages, get_stage, stage
from rasd.settings import load_settings

BASIC = ["language", "normalize", "sentences", "tokens"]


def test_basic_pipeline_runs() -> None:
    d = Pipeline(BASIC)(Document(text="قال المتحدث إن القوات دخلت المدينة. وأضاف أن العملية مستمرة."))
    assert d.language == "ar"
    assert d.stages == BASIC
    assert len(d.sentences) == 2 and d.tokens
    assert d.meta["normalize_rules"]


@stage("_needs_ar", requires=["language", "tokens"], provides=["x"])
def _needs(doc: Document, ctx) -> Document:
    return doc


def test_requires_checked_at_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.stages

    monkeypatch.setitem(rasd.stages.BUILTIN, "_needs_ar", f"{__name__}:_needs")
    with pytest.raises(ConfigError, match="requires language"):
        Pipeline(["tokens", "_needs_ar", "language"])
    assert Pipeline(["language", "tokens", "_needs_ar"]).names == ["language", "tokens", "_needs_ar"]


def test_builtin_stages_are_registered_in_one_place() -> None:
    refs = available_stages()
    for name in ["language", "normalize", "sentences", "tokens"]:
        assert get_stage(name).name == name and ":" in refs[name]


def test_unknown_stage_is_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown stage"):
        get_stage("no-such-stage")


@stage("_boom", provides=["boom"])
def _boom(doc: Document, ctx) -> Document:
    raise ValueError("bad thing")


@pytest.fixture
def boom_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.stages

    monkeypatch.setitem(rasd.stages.BUILTIN, "_boom", f"{__name__}:_boom")


@pytest.mark.parametrize("policy", ["skip", "record"])
def test_failing_stage_is_recorded(boom_registered: None, policy: str) -> None:
    p = Pipeline(["language", "_boom", "sentences"], load_settings(on_error=policy))
    d = p(Document(text="نص قصير للتجربة"))
    assert d.meta["stage_errors"][0]["stage"] == "_boom"
    if policy == "skip":
        assert d.status == "skipped" and "bad thing" in d.skip_reason and d.sentences == []
    else:
        assert d.status == "ok" and d.sentences  # later stages still ran


def test_failing_stage_raises_stage_error(boom_registered: None) -> None:
    p = Pipeline(["_boom"], load_settings(on_error="raise"))
    with pytest.raises(StageError) as ei:
        p(Document(text="x"))
    assert ei.value.stage == "_boom"


def test_arabic_only_stage_skips_other_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.stages

    monkeypatch.setitem(rasd.stages.BUILTIN, "_ar", f"{__name__}:_ar_stage")
    d = Pipeline(["language", "_ar"])(Document(text="The minister said on Tuesday that the talks would resume."))
    assert d.language == "en" and "_ar" not in d.stages


@stage("_ar", requires=["language"], provides=["ar_thing"], arabic_only=True)
def _ar_stage(doc: Document, ctx) -> Document:
    doc.meta["ar"] = True
    return doc


def test_bad_on_error_setting() -> None:
    with pytest.raises(ConfigError):
        Pipeline(BASIC, load_settings(on_error="explode"))


def test_empty_and_non_arabic_text_do_not_crash() -> None:
    for text in ["", "   ", "12345 !!!", "Hello world", "ئەمڕۆ لە هەولێر کۆبوونەوەیەک بەڕێوەچوو"]:
        d = Pipeline(BASIC)(Document(text=text))
        assert d.status == "ok"


@stage("_slow", provides=["slow"])
def _slow(doc: Document, ctx) -> Document:
    import time

    time.sleep(5)
    return doc


def test_stage_past_its_time_limit_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import rasd.stages

    monkeypatch.setitem(rasd.stages.BUILTIN, "_slow", f"{__name__}:_slow")
    p = Pipeline(["_slow", "sentences"], load_settings(stage_timeout=0.2))
    t = time.monotonic()
    d = p(Document(text="نص. ونص آخر."))
    assert time.monotonic() - t < 2
    assert d.meta["stage_errors"][0]["code"] == "E201" and len(d.sentences) == 2
