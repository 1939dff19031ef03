"""Settings: environment over the TOML file over defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import load_settings


def test_environment_beats_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value in VANTHU_* wins over the same value in the TOML file."""
    config = tmp_path / "vanthu.toml"
    config.write_text('top_k = 7\ndense_weight = 0.5\ndata_dir = "/srv/vanthu"\n')
    monkeypatch.setenv("VANTHU_TOP_K", "3")
    settings = load_settings(config)
    assert settings.top_k == 3
    assert settings.dense_weight == 0.5
    assert settings.database == "sqlite:////srv/vanthu/vanthu.db"
    assert settings.index_path == Path("/srv/vanthu/index.npz")


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    """A typo in the file is an error, not a silently ignored setting."""
    config = tmp_path / "vanthu.toml"
    config.write_text("dense_wieght = 0.5\n")
    with pytest.raises(ValueError, match="dense_wieght"):
        load_settings(config)
