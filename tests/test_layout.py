"""The layout holds: the kernel (lawtracker/) imports no app, enforcement builds on
instruments and never the other way, no module imports itself in a circle, and no import
hides inside a function but an app's ready().

`python tests/test_layout.py` prints the import graph between the packages.
"""

import ast
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lawtracker", "instruments", "enforcement")
# The project's wiring: the one place that names the apps' views (lawtracker.urls).
WIRING = {"lawtracker.urls", "lawtracker.settings", "lawtracker.settings_test"}
# What each package may import, besides itself: a fan, never back.
ALLOWED = {
    "lawtracker": set(),
    "instruments": {"lawtracker"},
    "enforcement": {"instruments", "lawtracker"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


def imported(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> list[str]:
    """The project's modules an import statement names (as written, before resolution)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level:
        base = module.split(".")[: len(module.split(".")) - node.level + is_package]
        names = [".".join(base + ([node.module] if node.module else []))]
    else:
        names = [node.module]
    return [name for name in names if name.split(".")[0] in PACKAGES]


def resolve(name: str, known: dict[str, Path], node: ast.AST) -> list[str]:
    """`from a.b import c`: the module a.b.c when c is one, else a.b."""
    if isinstance(node, ast.ImportFrom):
        found = [f"{name}.{alias.name}" for alias in node.names if f"{name}.{alias.name}" in known]
        if found:
            return found
    return [name] if name in known else []


def imports_of(module: str, path: Path, known: dict[str, Path]) -> tuple[set[str], list[str]]:
    """The project's modules `module` imports at its top, and any import inside a
    function (other than an AppConfig's ready())."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top, hidden = set(), []
    is_package = path.name == "__init__.py"
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in imported(module, node, is_package):
                top.update(resolve(name, known, node))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom) and imported(
                module, node, is_package
            ):
                if not (module.endswith(".apps") and function.name == "ready"):
                    hidden.append(f"{module}.{function.name}")
    return top, hidden


def graph() -> tuple[dict[str, set[str]], list[str]]:
    known = modules()
    edges, hidden = {}, []
    for module, path in known.items():
        edges[module], inside = imports_of(module, path, known)
        hidden += inside
    return edges, hidden


def package_edges(edges: dict[str, set[str]]) -> Counter:
    return Counter(
        (module.split(".")[0], target.split(".")[0])
        for module, targets in edges.items()
        for target in targets
        if module.split(".")[0] != target.split(".")[0]
    )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles between modules (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def import_graph():
    return graph()


def test_the_packages_import_each_other_as_a_fan(import_graph):
    edges, _hidden = import_graph
    backwards = sorted(
        f"{module} → {target}"
        for module, targets in edges.items()
        for target in targets
        if module not in WIRING
        and target.split(".")[0] not in ALLOWED[module.split(".")[0]] | {module.split(".")[0]}
    )
    assert backwards == []


def test_the_kernel_imports_no_app(import_graph):
    edges, _hidden = import_graph
    kernel = {
        module: targets for module, targets in edges.items() if module.startswith("lawtracker")
    }
    assert {
        module: sorted(target for target in targets if not target.startswith("lawtracker"))
        for module, targets in kernel.items()
        if module not in WIRING and any(not target.startswith("lawtracker") for target in targets)
    } == {}


def test_no_module_imports_itself_in_a_circle(import_graph):
    edges, _hidden = import_graph
    assert cycles(edges) == []


def test_no_import_hides_in_a_function(import_graph):
    _edges, hidden = import_graph
    assert hidden == []


def test_the_checks_see_a_backward_import(tmp_path):
    """The graph is read from the source: a module that imported back would be caught."""
    edges = {"instruments.views": {"enforcement.models"}, "enforcement.models": {"instruments"}}
    assert package_edges(edges)[("instruments", "enforcement")] == 1
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    tree = ast.parse("def f():\n    from enforcement.models import Case\n")
    path = tmp_path / "probe.py"
    path.write_text(ast.unparse(tree), encoding="utf-8")
    _top, hidden = imports_of("lawtracker.probe", path, {"enforcement.models": path})
    assert hidden == ["lawtracker.probe.f"]


if __name__ == "__main__":
    edges, hidden = graph()
    for (source, target), count in sorted(package_edges(edges).items()):
        print(f"{source} → {target}: {count} module import(s)")
    print(f"cycles between modules: {len(cycles(edges))}; imports inside functions: {hidden}")
    sys.exit(0)
