"""The error table's faces in Python: every core error code has its exception class (named after
the code, documented by the table's meaning), the classes keep their built-in bases, and the
generated docs/errors.md and the hand-kept C status table in docs/c-api.md match their sources."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re

import pytest
from conftest import REPO

import opswheel as ow
from opswheel import _core, _errors


def _script(name: str):
    path = REPO / "scripts" / name
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_every_code_has_its_class_named_after_it_and_documented_by_the_table():
    assert len(_core.error_codes) >= 13
    for code, meaning in _core.error_codes:
        cls = _errors.by_code(code)
        assert cls is not ow.Error, f"no Python class for the core's error code {code!r}"
        assert cls.code == code and cls.__doc__ == meaning
        assert getattr(ow, cls.__name__) is cls and cls.__name__ in ow.__all__
    assert _errors.by_code("no_such_code") is ow.Error


def test_every_class_has_a_code_of_the_core():
    classes = {n for n in ow.__all__ if isinstance(getattr(ow, n), type) and issubclass(getattr(ow, n), ow.Error)}
    assert classes - {"Error"} == {_errors.by_code(code).__name__ for code, _ in _core.error_codes}


@pytest.mark.parametrize("cls, builtin", [
    (ow.InvalidArgumentError, ValueError), (ow.InvalidIdError, ValueError), (ow.DuplicateIdError, ValueError),
    (ow.InvalidTransitionError, ValueError), (ow.NotEnoughTeamsError, ValueError), (ow.CorruptDataError, ValueError),
    (ow.UnsupportedVersionError, ValueError), (ow.UnknownIdError, KeyError), (ow.NotFoundError, KeyError),
    (ow.UnknownItemError, KeyError), (ow.StorageError, OSError)])
def test_each_class_is_also_the_builtin_a_caller_expects(cls, builtin):
    assert issubclass(cls, builtin) and issubclass(cls, ow.Error)


def test_an_unknown_action_item_is_its_own_kind_and_still_an_unknown_id():
    w = ow.Wheel("rotation", seed=1)
    with pytest.raises(ow.UnknownItemError, match="AI-99") as caught:
        w.action("AI-99")
    assert isinstance(caught.value, ow.UnknownIdError) and isinstance(caught.value, ow.NotFoundError)
    assert caught.value.code == "unknown_item"
    assert str(caught.value) == "unknown action item: 'AI-99' is not in the book"  # not quoted as a key


def test_the_generated_error_table_is_current():
    generator = _script("generate-error-table")
    assert (REPO / "docs" / "errors.md").read_text() == generator.table(), \
        "docs/errors.md is stale: run PYTHONPATH=<build>/python scripts/generate-error-table"


def test_the_c_status_table_in_the_docs_matches_the_header():
    header = (REPO / "include" / "opswheel" / "opswheel.h").read_text()
    enum = header[header.index("typedef enum opswheel_status"):header.index("} opswheel_status;")]
    statuses = {name: int(value) for name, value in re.findall(r"\b(OPSWHEEL_\w+) = (\d+)", enum)}
    doc = (REPO / "docs" / "c-api.md").read_text()
    rows = {name: int(value) for value, name in re.findall(r"^\| (\d+) \| `(OPSWHEEL_\w+)` \|", doc, re.M)}
    mirrored = {f"OPSWHEEL_ERROR_{code.upper()}" for code, _ in _core.error_codes}
    assert mirrored <= set(statuses), "a core error code without its C status"
    # The docs list the C boundary's own statuses; the mirrored ones are in docs/errors.md.
    assert rows == {name: value for name, value in statuses.items() if name not in mirrored}
