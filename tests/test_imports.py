"""The layers stay apart: no import cycle among portdeck's modules outside the UI, and
nothing outside the UI imports it. Every import counts, deferred ones too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "portdeck"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The portdeck modules a file imports (resolved to modules, not packages' names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("portdeck"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("portdeck"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()
    }


def test_no_import_cycle_outside_the_ui() -> None:
    edges = {
        name: {m for m in targets if not m.startswith("portdeck.ui") and not m.endswith("__init__")}
        for name, targets in graph().items()
        if not name.startswith("portdeck.ui")
    }
    # Packages' __init__ modules only re-export: a cycle through one is a false alarm.
    edges = {
        n: {m for m in t if m.count(".") > 0 and m in edges and not _is_package(m)} for n, t in edges.items()
    }
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " -> ".join([*visiting[visiting.index(name) :], name])
        visiting.append(name)
        for target in sorted(edges.get(name, ())):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(edges):
        visit(name)


def _is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()


def test_only_the_ui_imports_textual_and_the_ui() -> None:
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        if name.startswith("portdeck.ui") or name == "portdeck.serve":
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual"):
                raise AssertionError(f"{name} imports {node.module}")
            if isinstance(node, ast.Import) and any(a.name.startswith("textual") for a in node.names):
                raise AssertionError(f"{name} imports textual")
