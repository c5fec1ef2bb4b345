"""The package's modules import one another without a cycle.

A cycle makes the order of imports matter, hides which module a name belongs to, and is
what turns a module into a hub. The graph below holds every import that runs: at the top
of a module and inside functions. Imports under `if TYPE_CHECKING:` never run and only
name types, so they are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from textfix.kinds import BaseKind
from textfix.kinds.registry import KINDS, kind_class

PACKAGE = Path(__file__).resolve().parent.parent / "textfix"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str) -> set[str]:
    """The package modules that `name` imports, at run time."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            base = f"{anchor}.{base}" if base else anchor
        # `from textfix import kinds` imports the module textfix.kinds, not only the package.
        targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names)
    return {target for target in targets if target in MODULES and target != name}


def import_graph() -> dict[str, set[str]]:
    return {name: imports_of(name) for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the modules along it with the first repeated at the end."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path.append(root)
        on_path.add(root)
        while stack:
            node, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            nxt = pending.pop()
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                stack.append((nxt, sorted(graph[nxt])))
                path.append(nxt)
                on_path.add(nxt)
    return None


def test_the_graph_sees_imports_of_every_form():
    graph = import_graph()
    assert "textfix.model" in graph["textfix.engine"]  # from textfix.model import Finding
    assert "textfix.kinds" in graph["textfix.engine"]  # from textfix import kinds
    assert "textfix.kinds" in graph["textfix.kinds.pattern"]  # from textfix.kinds import BaseKind


def test_finding_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_itself_back():
    assert find_cycle(import_graph()) is None


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_has_a_name_of_its_own_and_documents_each_option(name):
    cls = kind_class(name)
    assert issubclass(cls, BaseKind)
    assert cls.__name__ == "".join(part.title() for part in name.split("_")) + "Kind"
    doc = cls.__doc__ or ""
    assert f"`kind: {name}`" in doc
    for option in cls.OPTIONS:
        assert f"- {option} (" in doc, f"{cls.__name__}'s docstring does not document '{option}'"
    for option in cls.REQUIRED:
        assert f"- {option} (" in doc and option in cls.OPTIONS
