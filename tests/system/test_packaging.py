"""Installing pathtui: a regular install outside the checkout finds its path file,
and so does an editable install (which does not see the wheel's force-include)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _venv(tmp_path: Path, name: str) -> Path:
    venv = tmp_path / name
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    return venv


def _pip(venv: Path, *args: str) -> None:
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _status(venv: Path, cwd: Path, data: Path) -> dict:
    env = dict(os.environ, PATHTUI_DATA_DIR=str(data))
    result = subprocess.run(
        [str(venv / "bin" / "pathtui"), "status", "--json"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_regular_install_outside_the_checkout(tmp_path: Path) -> None:
    """Build a wheel, install it into a fresh venv, run from an unrelated folder."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("pathtui-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "pathtui/data/path.toml" in names
    assert "pathtui/web/page.html" in names, "pathtui serve needs its page"
    assert "pathtui/schemas/path.schema.json" in names, "editors' JSON Schema ships too"
    venv = _venv(tmp_path, "fresh")
    _pip(venv, str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data = _status(venv, elsewhere, tmp_path / "data")
    assert data["items_total"] == 54 and data["path"]["id"] == "backend"
    # the installed package really carries its own copy, not the checkout's
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import pathtui.storage.locations as l; print(l.embedded_path_file())",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=60,
    ).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("pathtui/data/path.toml")


def test_editable_install_finds_the_repository_data() -> None:
    """The test venv is editable (README's test command); its path comes from data/."""
    from pathtui.storage import locations
    from pathtui.storage.pathfile import embedded_path_text

    text, label = embedded_path_text()
    assert label == "the built-in path"
    assert text == (REPO / "data" / "path.toml").read_text(encoding="utf-8")
    assert locations.embedded_path_file() == REPO / "data" / "path.toml"


def test_the_readme_says_how_to_have_pathtui_on_the_path(tmp_path: Path) -> None:
    """The quick start installs into a venv; the README's one line on the PATH
    makes `pathtui` work by name in a new shell, from any folder."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pipx install ." in readme and "uv tool install ." in readme
    line = next(part for part in readme.split("`") if part.startswith("export PATH="))
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".venv").symlink_to(Path(sys.prefix))  # the quick start's venv
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PATHTUI_DATA_DIR": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f"{line}\ncd /\npathtui status"],
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Step 1/7 · ")
