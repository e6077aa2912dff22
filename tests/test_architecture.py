"""docs/architecture.md keeps up with the tree: its map names every module of the package, one
line each, and names no module that does not exist; and no test module imports another, their
shared builders live in a conftest.py or a builders module (issue #12)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "followup"
DOC = (ROOT / "docs" / "architecture.md").read_text()
NOT_MAPPED = ("adapters/sql/migrations/versions/",)  # one file per schema change: see the doc


def _map() -> list[str]:
    """The paths the doc's map names: the first fenced block that starts `src/followup/`,
    nested two spaces a level, a folder ending in `/`, each line `name  what it is`."""
    block = re.search(r"```\nsrc/followup/\n(.*?)```", DOC, re.S)
    assert block, "docs/architecture.md has no map of src/followup/"
    paths, folders = [], []
    for line in block[1].splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        name = line.split()[0]
        if indent % 2 or not re.fullmatch(r"[\w.]+/?", name):
            continue  # a description carried over to the next line
        level = indent // 2 - 1
        folders = folders[:level]
        if name.endswith("/"):
            folders.append(name)
        else:
            paths.append("".join(folders) + name)
    return paths


def _modules() -> set[str]:
    found = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    return {m for m in found if not m.startswith(NOT_MAPPED)}


def test_every_module_is_on_the_map() -> None:
    missing = sorted(_modules() - set(_map()))
    assert not missing, f"modules missing from docs/architecture.md: {missing}"


def test_the_map_names_no_module_that_does_not_exist() -> None:
    named = [p for p in _map() if p.endswith(".py")]
    assert named, "the map names no module"
    gone = sorted(p for p in named if not (PACKAGE / p).is_file())
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"


def test_each_module_is_named_once() -> None:
    named = [p for p in _map() if p.endswith(".py")]
    twice = sorted({p for p in named if named.count(p) > 1})
    assert not twice, f"named more than once: {twice}"


def test_where_to_change_what_answers_the_five_questions() -> None:
    table = re.search(r"^## Where to change what\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    assert table, "docs/architecture.md has no 'Where to change what' section"
    rows = [r for r in table[1].splitlines() if r.startswith("| ") and "---" not in r][1:]
    questions = [
        "thank-you is dated",
        "draft check flags",
        "approved mail is sent",
        "followup due --json",
        "Today page",
    ]
    for question in questions:
        row = next((r for r in rows if question in r), None)
        assert row, f"no row for: {question}"
        for module in re.findall(r"`([\w/]+\.(?:py|toml|html))`", row):
            assert (PACKAGE / module).is_file(), f"{module} (for: {question}) does not exist"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it, relative imports resolved; for `from a import
    b` both `a` and `a.b` (b may be a module)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
    return found


def _is_test_module(name: str) -> bool:
    parts = name.split(".")
    return (
        parts[0] == "tests"
        and parts[-1].startswith("test_")
        and ROOT.joinpath(*parts).with_suffix(".py").is_file()
    )


def test_no_test_module_imports_another_test_module() -> None:
    """Shared constants, builders and helpers go in the folder's conftest.py (fixtures) or a
    builders module (tests/unit/planner_cases.py, tests/web/servers.py, ...), never in a test
    module that others import: renaming or splitting a test file must not break another."""
    files = sorted(p for p in (ROOT / "tests").rglob("*.py") if "__pycache__" not in p.parts)
    assert len(files) > 50, "the tests were not found"
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(_imports(path))
        if _is_test_module(name)
    ]
    assert not wrong, "a test module imported by another:\n" + "\n".join(wrong)
