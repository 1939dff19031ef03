"""A regular install carries every file the packages read: the wheel holds each data file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "retrieval", "scheduler")
_PIP_WHEEL = (sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation")
_NOT_SOURCE = shutil.ignore_patterns("__pycache__", "*.pyc")


def _data_files(root: Path) -> set[str]:
    """Every file of the packages that is not Python source."""
    return {
        path.relative_to(root).as_posix()
        for package in PACKAGES
        for path in (root / package).rglob("*")
        if path.is_file() and path.suffix != ".py"
    }


def test_a_wheel_built_from_a_clean_tree_holds_every_data_file(tmp_path: Path) -> None:
    # A clean copy: a working tree's vanthu.egg-info (left by the editable install) lists the
    # files it once found, and the build would take them from it whatever pyproject declares.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=_NOT_SOURCE)
    subprocess.run(
        [*_PIP_WHEEL, "--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("vanthu-*.whl")
    wanted = _data_files(source)
    assert "scheduler/holidays_vn.toml" in wanted
    assert wanted - set(zipfile.ZipFile(wheel).namelist()) == set()
