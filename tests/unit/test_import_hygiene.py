"""The core runs without Textual, and each layer imports only what it may."""

import ast
import subprocess
import sys
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


def test_domain_and_services_import_without_textual():
    code = (
        "import sys, pkgutil, importlib, kiosk.domain, kiosk.services\n"
        "for pkg in (kiosk.domain, kiosk.services):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _layer_imports(layer: str) -> dict[str, set[str]]:
    return {str(p.relative_to(KIOSK)): _imports(p) for p in (KIOSK / layer).rglob("*.py")}


def test_ui_never_reaches_the_store():
    for module, names in _layer_imports("ui").items():
        bad = {n for n in names if n.startswith(("kiosk.store", "sqlite3", "sqlite_utils"))}
        assert not bad, f"ui/{module} imports {bad}"


def test_domain_imports_neither_textual_nor_sqlite():
    for module, names in _layer_imports("domain").items():
        bad = {
            n
            for n in names
            if n.split(".")[0] in ("textual", "rich", "sqlite3", "sqlite_utils")
            or n.startswith(("kiosk.store", "kiosk.services", "kiosk.ui"))
        }
        assert not bad, f"domain/{module} imports {bad}"


def test_store_and_services_never_import_upward():
    for layer, forbidden in (
        ("store", ("kiosk.services", "kiosk.ui")),
        ("services", ("kiosk.ui", "textual")),
    ):
        for module, names in _layer_imports(layer).items():
            bad = {n for n in names if n.startswith(forbidden)}
            assert not bad, f"{layer}/{module} imports {bad}"


def test_the_central_store_stands_alone():
    """kiosk/central (the central office's PostgreSQL) is a store: nothing above it, no
    Textual, and no SQLite (the hall's file is kiosk/store's)."""
    for module, names in _layer_imports("central").items():
        bad = {
            n
            for n in names
            if n.split(".")[0] in ("textual", "rich", "sqlite3", "sqlite_utils")
            or n.startswith(("kiosk.services", "kiosk.ui", "kiosk.cli", "kiosk.store"))
        }
        assert not bad, f"central/{module} imports {bad}"


def test_postgresql_stays_in_the_central_store():
    """psycopg and yoyo only in kiosk/central (services reach the central through it)."""
    for layer in ("domain", "store", "services", "ui", "web", "cli"):
        for module, names in _layer_imports(layer).items():
            bad = {n for n in names if n.split(".")[0] in ("psycopg", "yoyo")}
            assert not bad, f"{layer}/{module} imports {bad}"


def test_services_leave_sqlite_to_the_store():
    """SQL only in kiosk/store: services type transactions with kiosk.store.Transaction."""
    for module, names in _layer_imports("services").items():
        bad = {n for n in names if n.split(".")[0] in ("sqlite3", "sqlite_utils")}
        assert not bad, f"services/{module} imports {bad}"
