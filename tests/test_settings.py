from __future__ import annotations

from pathlib import Path

import pytest

from rasd.errors import ConfigError
from rasd.settings import SETTINGS, load_settings


def test_every_setting_has_help_and_default() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help for s in SETTINGS)


def test_user_file_overrides_defaults(tmp_path: Path) -> None:
    p = tmp_path / "rasd.toml"
    p.write_text('[rasd]\non_error = "skip"\nstory_window_days = 5\n', encoding="utf-8")
    s = load_settings(p, story_window_days=7)
    assert s.on_error == "skip" and s.story_window_days == 7


def test_unknown_setting_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "rasd.toml"
    p.write_text("on_eror = 'skip'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(p)
    with pytest.raises(ConfigError):
        load_settings(nope=1)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "none.toml")
