"""The library's layers hold (``.importlinter`` states them; ``make lint`` runs lint-imports): what a module loads, where
imports sit, and how large a module or class may grow.

Imports are checked in a fresh interpreter (this one has loaded everything already).
"""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT
from probation_briefing.data import catalogue

LIB = ROOT / "lib" / "probation_briefing"
BELOW_THE_SERVER = ("data", "models", "present", "briefings", "page")


def _loaded_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that a fresh interpreter has loaded after ``statement``."""
    code = f"import sys\n{statement}\nprint('\\n'.join(m for m in sys.modules if m.startswith({prefixes!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return sorted(filter(None, out.stdout.splitlines()))


def test_importing_the_briefings_loads_no_page_publish_or_server():
    prefixes = ("probation_briefing.page", "probation_briefing.publish", "probation_briefing.server", "voila")  # Altair loads ipywidgets
    statement = "; ".join(f"import probation_briefing.briefings.{b}" for b in catalogue.ids())
    assert _loaded_after(statement, prefixes) == []


def test_reading_the_catalogue_loads_neither_altair_nor_a_model_nor_a_briefing():
    statement = "from probation_briefing.data import catalogue; catalogue.briefings()"
    assert _loaded_after(statement, ("altair", "probation_briefing.models", "probation_briefing.briefings")) == []


def test_page_titles_and_workshop_mode_read_the_catalogue_alone():
    statement = (
        "from probation_briefing.page import service; from probation_briefing.server import workshop_mode; "
        "service.page_title('q15_pccs_and_funding.ipynb'); workshop_mode.notebook_for('q14')"
    )
    assert _loaded_after(statement, ("altair", "probation_briefing.models", "probation_briefing.briefings", "ipywidgets")) == []


def test_the_jupyter_server_extension_loads_no_voila_app():
    assert _loaded_after("import probation_briefing.server.extension", ("voila.app",)) == []


def _function_level_imports(tree: ast.AST, inside: bool = False) -> list[int]:
    """Line numbers of imports of the package's own modules inside a function."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if inside and isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append(node.lineno)
        found += _function_level_imports(node, inside or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return found


def test_below_the_server_the_package_imports_its_own_modules_at_the_top():
    lazy = {
        f"{p.relative_to(LIB)}:{n}": n
        for layer in BELOW_THE_SERVER
        for p in (LIB / layer).rglob("*.py")
        for n in _function_level_imports(ast.parse(p.read_text(encoding="utf-8")))
    }
    assert len(lazy) <= 2, sorted(lazy)  # the limit, each with a comment saying why; there are none today


def test_modules_and_classes_stay_small_outside_the_models():
    """No file over 450 lines and no class over 300 outside models/ (a model may be one long specification)."""
    big = []
    for p in LIB.rglob("*.py"):
        if "models" in p.relative_to(LIB).parts:
            continue
        text = p.read_text(encoding="utf-8")
        if len(text.splitlines()) > 450:
            big.append(f"{p.relative_to(LIB)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None and node.end_lineno - node.lineno > 300:
                big.append(f"{p.relative_to(LIB)}: class {node.name}")
    assert big == []


def test_only_the_package_entry_points_sit_at_its_root():
    """Everything else is in a layer's subpackage (web.py is kept for servers configured with its name)."""
    assert sorted(p.name for p in LIB.glob("*.py")) == ["__init__.py", "errors.py", "web.py"]
