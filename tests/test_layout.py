"""The architecture holds: the engine imports none of the rest; no modules import in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "bot"
# What the engine may never import, statically or at run time.
FORBIDDEN_TO_ENGINE = ("discord", "aiohttp", "bot.curation", "bot.transports", "bot.config")


def imports_of(path: Path, module: str) -> set[str]:
    """Every module a file imports, anywhere in it (functions and TYPE_CHECKING included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules(root: Path) -> dict[str, Path]:
    """Every module under a package folder, by dotted name."""
    named: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        named[".".join(parts)] = path
    return named


def violations(root: Path, inside: str, forbidden: Iterable[str]) -> list[str]:
    """Each import by a module under ``inside`` of anything ``forbidden``, as a readable line."""
    found = []
    for name, path in sorted(modules(root).items()):
        if name != inside and not name.startswith(inside + "."):
            continue
        for imported in sorted(imports_of(path, name)):
            if any(imported == f or imported.startswith(f + ".") for f in forbidden):
                found.append(f"{name} imports {imported}")
    return found


def cycles(root: Path) -> list[tuple[str, ...]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's SCCs)."""
    named = modules(root)
    graph = {
        name: sorted(m for m in named if m != name and m in imports_of(path, name))
        for name, path in named.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(tuple(sorted(group)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_engine_imports_nothing_of_discord_curation_or_transports() -> None:
    """bot.engine never imports discord, the curation tools, the transports or the settings."""
    assert violations(PACKAGE, "bot.engine", FORBIDDEN_TO_ENGINE) == []


def test_no_modules_import_each_other() -> None:
    """The import graph of bot/ has no cycle, however long."""
    assert cycles(PACKAGE) == []


def test_curation_never_imports_a_transport() -> None:
    """Curation tools work without Discord or a terminal: they import no transport."""
    assert violations(PACKAGE, "bot.curation", ("discord", "bot.transports")) == []


def test_the_contract_check_catches_a_violation(tmp_path: Path) -> None:
    """The checks fail on an engine module importing discord, even lazily, and on a cycle."""
    fake = tmp_path / "bot"
    (fake / "engine").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "engine" / "__init__.py").write_text("")
    (fake / "engine" / "a.py").write_text("def f():\n    import discord\n")
    (fake / "engine" / "b.py").write_text("from bot.engine import c\n")
    (fake / "engine" / "c.py").write_text("from . import b\n")
    assert violations(fake, "bot.engine", FORBIDDEN_TO_ENGINE) == ["bot.engine.a imports discord"]
    assert cycles(fake) == [("bot.engine.b", "bot.engine.c")]


def test_importing_the_engine_loads_no_forbidden_module() -> None:
    """At run time too: importing every engine module leaves discord and the rest unloaded."""
    engine = sorted(m for m in modules(PACKAGE) if m.startswith("bot.engine"))
    code = (
        f"import sys, {', '.join(engine)}\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('discord', 'aiohttp') "
        "or m.startswith(('bot.curation', 'bot.transports', 'bot.config'))]\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_every_folder_of_code_is_a_package() -> None:
    """A folder of modules without __init__.py works in a checkout, and is lost from a wheel."""
    folders = {path.parent for path in PACKAGE.rglob("*.py")}
    assert [f for f in sorted(folders) if not (f / "__init__.py").exists()] == []


def test_the_wheel_lists_every_package() -> None:
    """pyproject.toml names every package of bot/, so a built wheel holds them all."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    packages = {
        ".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("__init__.py")
    }
    assert packages <= listed
