"""Where files live: our quick data-folder rule must agree with platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

from pathtui.errors import ProgressFileError
from pathtui.storage import locations


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_DATA_HOME": None},
        {"XDG_DATA_HOME": ""},
        {"XDG_DATA_HOME": "relative/share"},
        {"XDG_DATA_HOME": "/srv/xdg-data"},
        {"XDG_DATA_HOME": None, "HOME": "/home/someone/"},
    ],
)
def test_data_dir_matches_platformdirs(monkeypatch, env) -> None:
    monkeypatch.delenv("PATHTUI_DATA_DIR")
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    assert locations.data_dir() == platformdirs.user_data_path("pathtui")


def test_override_wins_and_is_absolute(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATHTUI_DATA_DIR", "sync/pathtui")
    assert locations.data_dir() == tmp_path / "sync" / "pathtui"
    assert locations.progress_file("backend") == tmp_path / "sync" / "pathtui" / "backend.toml"


def test_missing_home_falls_back_to_the_account(monkeypatch) -> None:
    monkeypatch.delenv("PATHTUI_DATA_DIR")
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    import pwd

    expected = Path(pwd.getpwuid(os.getuid()).pw_dir, ".local", "share", "pathtui")
    assert locations.data_dir() == expected


def test_no_home_at_all_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.delenv("PATHTUI_DATA_DIR")
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setattr(locations, "_home", lambda: None)
    with pytest.raises(ProgressFileError, match="set HOME or PATHTUI_DATA_DIR"):
        locations.data_dir()
