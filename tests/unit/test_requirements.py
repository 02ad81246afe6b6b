"""Every third-party package the code imports is pinned, and every pin is imported or says why it is not."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.conftest import ROOT

FIRST_PARTY = {"conflictmap", "ui", "pages", "tests", "scripts", "benchmarks"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#]+)\s*(?:#\s*(.*))?$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name: str) -> dict[str, str]:
    """Distribution (normalised) -> its comment, for every pin in a requirements file (following -r)."""
    out: dict[str, str] = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            out.update(pins(line[3:].strip()))
            continue
        m = PIN.match(line)
        assert m, f"{name}: {line!r} is not pinned as name==version"
        out[_norm(m.group(1))] = m.group(3) or ""
    return out


def imported_modules(*roots: str) -> dict[str, str]:
    """Top-level third-party module -> first file importing it (module level or inside a function)."""
    found: dict[str, str] = {}
    for root in roots:
        path = ROOT / root
        for f in sorted([path] if path.is_file() else path.rglob("*.py")):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top != "__future__":
                        found.setdefault(top, str(f.relative_to(ROOT)))
    return found


def distributions_of(modules: dict[str, str]) -> dict[str, str]:
    """Distribution (normalised) -> the file that needs it; a module no installed distribution provides fails."""
    provides = packages_distributions()
    missing = {m: f for m, f in modules.items() if m not in provides}
    assert not missing, f"imported but not installed by any distribution: {missing}"
    return {_norm(d): f for m, f in modules.items() for d in provides[m]}


RUNTIME = ("conflictmap", "ui", "pages", "dashboard.py")


def test_every_runtime_import_is_pinned_in_requirements_txt():
    needed = distributions_of(imported_modules(*RUNTIME))
    pinned = pins("requirements.txt")
    unpinned = {d: f for d, f in needed.items() if d not in pinned}
    assert not unpinned, f"imported by the app but not pinned in requirements.txt: {unpinned}"


def test_every_runtime_pin_is_imported_or_says_why_not():
    needed = distributions_of(imported_modules(*RUNTIME))
    unexplained = [d for d, note in pins("requirements.txt").items() if d not in needed and "not imported" not in note]
    assert not unexplained, f"pinned but never imported (remove, or add `# not imported: why`): {unexplained}"


def test_tests_scripts_and_benchmarks_imports_are_pinned_for_development():
    needed = distributions_of(imported_modules("tests", "scripts", "benchmarks"))
    pinned = pins("requirements-dev.txt")
    unpinned = {d: f for d, f in needed.items() if d not in pinned}
    assert not unpinned, f"imported but not pinned in requirements-dev.txt: {unpinned}"


@pytest.mark.parametrize("line", ["pandas", "pandas>=2", "pandas==2.2 ; python_version<'3'"])
def test_an_unpinned_line_is_refused(tmp_path, monkeypatch, line):
    (tmp_path / "r.txt").write_text(line + "\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", Path(tmp_path))
    with pytest.raises(AssertionError, match="not pinned"):
        pins("r.txt")
