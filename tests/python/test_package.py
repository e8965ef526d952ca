"""The package: one version number, a complete __all__, stubs that match the compiled module, and
no optional dependency needed to import it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

import opswheel as ow
from opswheel import _core

PACKAGE = Path(ow.__file__).parent


def test_version_is_version_h():
    text = (REPO / "include" / "opswheel" / "version.h").read_text()
    parts = [re.search(rf"#define OPSWHEEL_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    assert ow.__version__ == ".".join(parts)


def test_all_is_complete_and_public_names_say_opswheel():
    assert len(set(ow.__all__)) == len(ow.__all__)
    for name in ow.__all__:
        obj = getattr(ow, name)
        if isinstance(obj, type) or callable(obj):
            assert obj.__module__ == "opswheel", name
    public = {n for n in vars(ow) if not n.startswith("_")}
    assert public - {"annotations", "importlib", "Any", "plot"} == set(ow.__all__) - {"__version__"}


def test_typing_files_ship_with_the_package():
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "_core.pyi").is_file()


def test_core_stub_matches_the_module():
    tree = ast.parse((PACKAGE / "_core.pyi").read_text())
    declared = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            declared[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        elif isinstance(node, ast.FunctionDef):
            declared[node.name] = None
        elif isinstance(node, ast.AnnAssign):
            declared[node.target.id] = None
    module = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    assert set(declared) == module
    for name, members in declared.items():
        if members is None:
            continue
        cls = getattr(_core, name)
        actual = {n for n in vars(cls) if not n.startswith("_")}
        assert {m for m in members if not m.startswith("_")} == actual, name
        for dunder in (m for m in members if m.startswith("__")):
            assert dunder in vars(cls), f"{name}.{dunder}"


def test_import_needs_neither_pandas_nor_matplotlib():
    code = ("import sys, opswheel; opswheel.Wheel('aws').roster(); "
            "print('pandas' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_to_pandas_without_pandas_says_how_to_get_it():
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import opswheel\n"
            "try:\n    opswheel.Wheel('aws').stats().to_pandas()\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "to_pandas() needs pandas: pip install pandas (or opswheel[notebook])" in out
