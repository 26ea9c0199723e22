"""A clean install works as a new user would try it: from a wheel, outside any checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT

INSTALL_PATIENCE = 600  # seconds: pip may fetch the dependencies from the registry


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with heartbot installed by ``pip install .``, not editable."""
    home = tmp_path_factory.mktemp("fresh")
    venv.EnvBuilder(with_pip=True).create(home / "venv")
    python = home / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
        check=True,
        timeout=INSTALL_PATIENCE,
        capture_output=True,
    )
    return home


def heartbot(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``heartbot`` from an empty folder, far from the checkout."""
    elsewhere = home / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEARTBOT_", "PYTHON"))}
    return subprocess.run(
        [str(home / "venv" / "bin" / "heartbot"), *args],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_installed_package_is_not_the_checkout(installed: Path) -> None:
    """The fresh venv imports heartbot from its own site-packages."""
    python = installed / "venv" / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import bot; print(bot.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed,
        check=True,
    ).stdout
    assert str(installed / "venv") in where
    assert str(ROOT) not in where


def test_an_installed_heartbot_answers_with_its_citation(installed: Path) -> None:
    """`heartbot ask` from any folder answers from the shipped knowledge, citation and all."""
    result = heartbot(installed, "ask", "who lent the money")
    assert result.returncode == 0, result.stderr
    assert "Jack Singer" in result.stdout
    assert "[9]" in result.stdout


def test_an_installed_heartbot_checks_its_shipped_knowledge(installed: Path) -> None:
    """`heartbot check` proves the shipped fact base against the shipped seed."""
    result = heartbot(installed, "check")
    assert result.returncode == 0, result.stderr
    assert ": ok:" in result.stdout


def test_an_installed_heartbot_measures_its_dev_set(installed: Path) -> None:
    """`heartbot eval` with no set measures the shipped dev set."""
    result = heartbot(installed, "eval")
    assert result.returncode == 0, result.stderr
    assert "answerable:" in result.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="the wheel's layout is checked on Linux")
def test_the_wheel_holds_every_subpackage(installed: Path) -> None:
    """Every module of the checkout is in the installed copy."""
    site = next((installed / "venv" / "lib").glob("python*/site-packages"))
    shipped = {p.relative_to(site) for p in (site / "bot").rglob("*.py")}
    source = {p.relative_to(ROOT) for p in (ROOT / "bot").rglob("*.py")}
    assert source <= shipped
