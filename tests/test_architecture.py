"""The import contract of the house (docs/ARCHITECTURE.md), checked on the source.

Every import counts, also those inside functions: a room that needs another
room's code "only sometimes" still depends on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests import helpers

ROOT = helpers.ROOT


def modules(*parts: str) -> list[Path]:
    base = ROOT.joinpath(*parts)
    return sorted(base.rglob("*.py")) if base.is_dir() else [base]


def imported(path: Path) -> set[str]:
    """Return the dotted names a module imports (``from a.b import c`` gives ``a.b``, ``a.b.c``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        bad = sorted(
            name
            for name in imported(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


STREAMLIT = ("streamlit", "streamlit_folium")


@pytest.mark.parametrize(
    ("room", "forbidden"),
    [
        # geodata uses the domain's errors and its one id rule; indicators never needs geometry
        (("indicators",), ("bildungsampel", "geodata", "pages", "dashboard", *STREAMLIT)),
        (("geodata",), ("bildungsampel", "pages", "dashboard", *STREAMLIT)),
        (
            ("bildungsampel", "service"),
            ("bildungsampel.app", "bildungsampel.present", "bildungsampel.cli", *STREAMLIT),
        ),
        (
            ("bildungsampel", "present"),
            ("bildungsampel.app", "bildungsampel.service", "bildungsampel.cli", *STREAMLIT),
        ),
        (("bildungsampel", "app"), ("bildungsampel.cli", "pages", "dashboard")),
        (("bildungsampel", "cli"), ("bildungsampel.app", *STREAMLIT)),
    ],
)
def test_rooms_import_only_downwards(room, forbidden):
    assert modules(*room), room
    assert offending(modules(*room), forbidden) == {}


def test_only_app_pages_and_dashboard_import_streamlit():
    everything = [
        p
        for p in ROOT.rglob("*.py")
        if p.relative_to(ROOT).parts[0] not in ("tests", "benchmarks", ".venv", "build")
    ]
    allowed = {ROOT / "dashboard.py", *modules("pages"), *modules("bildungsampel", "app")}
    assert offending([p for p in everything if p not in allowed], STREAMLIT) == {}


def test_every_page_is_in_the_menu():
    from bildungsampel.app import shell

    listed = {path for path, _key, _icon in shell.PAGES + shell.ANALYST_PAGES}
    on_disk = {"dashboard.py", *(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))}
    assert listed == on_disk


def test_the_contract_sees_function_level_and_relative_free_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\ndef f():\n    from bildungsampel.app import cache\n    import streamlit\n"
    )
    assert imported(module) == {"os", "bildungsampel.app", "bildungsampel.app.cache", "streamlit"}


@pytest.mark.parametrize("package", ["indicators", "geodata"])
def test_star_import_offers_every_module(package):
    import importlib
    import pkgutil

    module = importlib.import_module(package)
    on_disk = sorted(m.name for m in pkgutil.iter_modules(module.__path__))
    assert sorted(module.__all__) == on_disk
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)
    assert set(on_disk) <= set(namespace)


def test_static_files_are_served_from_the_checkout():
    from bildungsampel.app import shell

    assert (shell.APP_DIR / "dashboard.py").is_file()
    assert (shell.APP_DIR / ".streamlit" / "config.toml").is_file()


#: Modules allowed to be longer, with the reason (docs/ARCHITECTURE.md, "Exceptions").
LONG_MODULES = {
    "bildungsampel/present/messages.py": "the UI message table: text, not logic",
    "bildungsampel/app/cache.py": "every cached loader in its one home (no second cache module)",
}
PRODUCT = ("indicators", "geodata", "bildungsampel", "pages")


def product_modules() -> list[Path]:
    return [p for room in PRODUCT for p in modules(room)] + [ROOT / "dashboard.py"]


def test_no_product_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in product_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert set(long) <= set(LONG_MODULES), long


def body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    first = body[1] if len(body) > 1 and isinstance(body[0], ast.Expr) else body[0]
    return (node.end_lineno or node.lineno) - first.lineno + 1


def test_no_product_function_body_is_over_60_lines():
    long = {
        f"{p.relative_to(ROOT)}:{node.name}": body_lines(node)
        for p in product_modules()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and body_lines(node) > 60
    }
    assert long == {}
