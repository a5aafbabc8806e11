"""The shape of kiosk/ui: no import cycle, screens never import each other, and the route
table (kiosk/ui/routes.py) is the only module that knows the screen classes.

Every import counts: at module level, inside functions, and under TYPE_CHECKING.
"""

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
UI = KIOSK / "ui"
SCREENS = "kiosk.ui.screens"
# Shared bases a screen may build on; every other screen is reached through a route name.
SHARED_BASES = {
    "kiosk.ui.screens.base",
    "kiosk.ui.screens.form",
    "kiosk.ui.screens.read_to_end",
    "kiosk.ui.screens.family_draft",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(KIOSK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(UI.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """Every kiosk.ui module `name` imports, wherever the import statement stands."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from kiosk.ui.screens import home` imports a module; `from x import Y`, x.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _cycle() -> list[str] | None:
    """One import cycle among kiosk.ui modules, or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_the_graph_sees_the_ui():
    assert "kiosk.ui.app" in GRAPH and "kiosk.ui.routes" in GRAPH
    assert "kiosk.ui.screens.welcome" in GRAPH["kiosk.ui.routes"]
    assert "kiosk.ui.screens.base" in GRAPH["kiosk.ui.screens.form"]


def test_no_import_cycle_in_the_ui():
    cycle = _cycle()
    assert cycle is None, " -> ".join(cycle or [])


def test_screens_import_no_other_screen():
    for name, targets in GRAPH.items():
        if not name.startswith(SCREENS + "."):
            continue
        bad = {t for t in targets if t.startswith(SCREENS) and t not in SHARED_BASES}
        assert not bad, f"{name} imports {sorted(bad)}: name a route instead"


def test_only_the_route_table_knows_the_screens():
    for name, targets in GRAPH.items():
        if name.startswith(SCREENS) or name == "kiosk.ui.routes":
            continue
        bad = {t for t in targets if t.startswith(SCREENS + ".")}
        assert not bad, f"{name} imports {sorted(bad)}: only kiosk/ui/routes.py may"


def test_every_screen_has_a_route():
    pages = {n for n in MODULES if n.startswith(SCREENS + ".")} - SHARED_BASES
    missing = pages - GRAPH["kiosk.ui.routes"]
    assert not missing, f"screens the route table does not name: {sorted(missing)}"
