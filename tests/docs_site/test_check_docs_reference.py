# SPDX-License-Identifier: Apache-2.0
"""scripts/check-docs-reference, the check that the documentation site's API reference leaves nothing
out (scripts/docs runs it on the built site): that it finds the public classes the headers define and
only those, and that it fails on a missing or undescribed function or class."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_check():
    loader = importlib.machinery.SourceFileLoader("check_docs_reference", str(REPO / "scripts" / "check-docs-reference"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


check = _load_check()

HEADER = """// SPDX-License-Identifier: Apache-2.0
// A comment that mentions class Commented { and a brace }.
#pragma once
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

class Declared;  // only declared: not a definition
namespace detail {
struct Hidden {
  int x = 0;
};
}  // namespace detail

/// Documented.
class OPSWHEEL_CXX_API Plain {
 public:
  struct Nested {
    int y;
  };
  int f() const { return s_[0] == '{' ? 1 : 2; }
 private:
  const char* s_ = "} class InString {";
};

struct Derived final : public Plain {
  enum class Kind : int { a, b };
};

template <typename T>
struct Box {
  T value;
};

inline int free_function(int a) {
  if (a > 0) {
    return a;
  }
  return 0;
}

enum class Colour { red, green };

namespace events {
struct Happened {
  int when = 0;
};
}  // namespace events

OPSWHEEL_END_NAMESPACE
"""


def test_scanner_finds_the_namespace_scope_classes_and_only_those(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "things.hpp").write_text(HEADER, encoding="utf-8")
    (tmp_path / "policies" / "p.hpp").write_text(
        "OPSWHEEL_BEGIN_NAMESPACE\nclass PolicyLike final : public Plain {\n};\nOPSWHEEL_END_NAMESPACE\n", encoding="utf-8")
    found = check.public_classes(tmp_path)
    assert set(found) == {"opswheel::Plain", "opswheel::Derived", "opswheel::Box", "opswheel::events::Happened",
                          "opswheel::PolicyLike"}
    assert found["opswheel::PolicyLike"] == tmp_path / "policies" / "p.hpp"


def test_scanner_on_the_real_headers() -> None:
    found = check.public_classes()
    assert {"opswheel::Wheel", "opswheel::Store", "opswheel::Roster", "opswheel::QuotaPolicy",
            "opswheel::events::Added"} <= set(found)
    assert not [name for name in found if "detail" in name.split("::")]


def test_declared_functions_are_read_from_opswheel_h() -> None:
    declared = check.declared_functions()
    assert {"opswheel_status_str", "opswheel_free", "opswheel_wheel_new"} <= declared
    # Every function of the ABI baseline is still declared (the C API only grows).
    assert check.baseline_functions() <= declared


def _complete():
    functions = {"opswheel_free", "opswheel_wheel_new"}
    classes = {"opswheel::Wheel": REPO / "include" / "opswheel" / "wheel.hpp"}
    return dict(functions=functions, classes=classes, c_objects=set(functions), cpp_classes=set(classes),
                xml_functions={f: True for f in functions}, xml_classes={c: True for c in classes})


def test_a_complete_reference_passes() -> None:
    assert check.find_problems(**_complete()) == []


@pytest.mark.parametrize("change, expected", [
    (lambda a: a["c_objects"].discard("opswheel_free"), "C function opswheel_free is not in the reference"),
    (lambda a: a["xml_functions"].update(opswheel_wheel_new=False), "C function opswheel_wheel_new has no description"),
    (lambda a: a["xml_functions"].pop("opswheel_free"), "C function opswheel_free has no description"),
    (lambda a: a["cpp_classes"].discard("opswheel::Wheel"), "C++ class opswheel::Wheel (include/opswheel/wheel.hpp) is not"),
    (lambda a: a["xml_classes"].update({"opswheel::Wheel": False}), "C++ class opswheel::Wheel has no description"),
])
def test_a_missing_or_undescribed_entry_fails(change, expected) -> None:
    args = _complete()
    change(args)
    problems = check.find_problems(**args)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_description_needs_text() -> None:
    import xml.etree.ElementTree as ET
    empty = ET.fromstring("<memberdef><briefdescription>\n</briefdescription><detaileddescription/></memberdef>")
    brief = ET.fromstring("<memberdef><briefdescription><para>What it is.</para></briefdescription></memberdef>")
    assert not check.described(empty)
    assert not check.described(None)
    assert check.described(brief)
