#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the wheel page's template from its sources, and fills it the way the renderer must.

    python3 web/wheel/assemble.py --out build/web/wheel_page.html [--cpp-header build/web/wheel_page.hpp]
    python3 web/wheel/assemble.py --cpp-header include/opswheel/detail/wheel_page.hpp   # the C++ copy
    python3 web/wheel/assemble.py --check include/opswheel/detail/wheel_page.hpp        # exit 1 if stale

assemble() inlines wheel.css and wheel.js into wheel.html and writes their SHA-256 hashes into the
page's Content-Security-Policy, so the page runs its own script and style and nothing else (no nonce
needed). The result is the renderer's template: ASCII, with exactly one placeholder, DATA_PLACEHOLDER,
which the renderer replaces by the spin's JSON, escaped by escape_json_for_script(). render() is the
reference renderer (the browser tests use it); docs/page.md states the same rules for C++.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA_PLACEHOLDER = "@OPSWHEEL_DATA@"
FORMAT = "opswheel-page/1"
_CSS_MARK, _JS_MARK, _CSP_MARK = "@WHEEL_CSS@", "@WHEEL_JS@", "@WHEEL_CSP@"

# What the JSON may not contain raw inside <script>: "<" (no "</script>" or "<!--"), ">" and "&"
# (for tools that read the page as XML), and U+2028/U+2029 (line terminators in older JavaScript).
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _read(name: str, src: Path) -> str:
    # newline="" keeps the bytes as they are: the hashes are over the exact text that is inlined.
    with open(src / name, encoding="utf-8", newline="") as f:
        return f.read()


def assemble(src: Path = HERE) -> str:
    """The renderer's template: wheel.html with the CSS, the JS and their hashes inlined."""
    html, css, js = _read("wheel.html", src), _read("wheel.css", src), _read("wheel.js", src)
    for name, text, closer in (("wheel.css", css, "</style"), ("wheel.js", js, "</script")):
        if closer in text.lower() or "<!--" in text:
            raise ValueError(f"{name} contains {closer!r} or '<!--', which would end its inline element early")
        if "@WHEEL_" in text or DATA_PLACEHOLDER in text:
            raise ValueError(f"{name} contains a placeholder")
    for mark in (_CSS_MARK, _JS_MARK, _CSP_MARK, DATA_PLACEHOLDER):
        if html.count(mark) != 1:
            raise ValueError(f"wheel.html must hold {mark} exactly once")
    csp = ("default-src 'none'; script-src " + _sha256(js) + "; style-src " + _sha256(css) +
           "; base-uri 'none'; form-action 'none'")
    page = html.replace(_CSP_MARK, csp).replace(_CSS_MARK, css).replace(_JS_MARK, js)
    if page.count(DATA_PLACEHOLDER) != 1:
        raise AssertionError("the template must hold the data placeholder exactly once")
    if not page.isascii():
        raise ValueError("the page sources must be ASCII (write other characters as \\u escapes)")
    return page


LIVE = HERE.parent / "serve"


def assemble_live(src: Path = HERE, live: Path = LIVE) -> str:
    """The live page of `opswheel serve` (docs/serve.md): the same wheel page, marked data-live so
    that it waits for its data instead of reading a data block, with web/serve/live.html's panels
    after the wheel, live.css after wheel.css, and live.js (which fetches the data with the token
    and follows the event stream) as a second script. Its policy adds connect-src 'self'."""
    page = assemble(src)
    html, css, js = _read("live.html", live), _read("live.css", live), _read("live.js", live)
    for name, text, closer in (("live.css", css, "</style"), ("live.js", js, "</script")):
        if closer in text.lower() or "<!--" in text:
            raise ValueError(f"{name} contains {closer!r} or '<!--', which would end its inline element early")
    wheel_css, wheel_js = _read("wheel.css", src), _read("wheel.js", src)
    block = '<script type="application/json" id="opswheel-data">' + DATA_PLACEHOLDER + "</script>\n"
    marks = {'<main id="opswheel" ': '<main id="opswheel" data-live ', block: html,
             "<style>" + wheel_css + "</style>": "<style>" + wheel_css + css + "</style>",
             "<script>" + wheel_js + "</script>": "<script>" + wheel_js + "</script>\n<script>" + js + "</script>",
             "; style-src " + _sha256(wheel_css): " " + _sha256(js) + "; style-src " + _sha256(wheel_css + css) + "; connect-src 'self'"}
    for old, new in marks.items():
        if page.count(old) != 1:
            raise ValueError(f"the wheel page must hold {old[:40]!r} exactly once")
        page = page.replace(old, new)
    if not page.isascii():
        raise ValueError("the page sources must be ASCII (write other characters as \\u escapes)")
    return page


def escape_json_for_script(json_text: str) -> str:
    """JSON text made safe inside <script type="application/json">: <, >, &, U+2028 and U+2029
    become \\u003c, \\u003e, \\u0026, \\u2028, \\u2029 (still valid JSON, same value)."""
    return "".join(_SCRIPT_ESCAPES.get(c, c) for c in json_text)


def render(template: str, data: Any) -> str:
    """The page for one spin, exactly as the renderer makes it: the data as compact UTF-8 JSON (no NaN
    or infinity), escaped for <script>, put in place of the one placeholder. The placeholder is found
    once in the template and the data spliced in: a team named like the placeholder stays a name."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    at = template.index(DATA_PLACEHOLDER)
    return template[:at] + escape_json_for_script(text) + template[at + len(DATA_PLACEHOLDER):]


def _cpp_literals(text: str) -> list[str]:
    """`text` as indented plain C++ string literals of at most 200 characters each, split at line ends."""
    out = []
    for line in text.splitlines(keepends=True) or [""]:
        while line:
            chunk, line = line[:200], line[200:]
            escaped = (chunk.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                       .replace("\r", "\\r").replace("\t", "\\t"))
            out.append(f'    "{escaped}"')
    return out or ['    ""']


def cpp_header(template: str) -> str:
    """The template as a C++ header: one constant, in plain string literals of bounded length (no
    raw string, so the bytes and hence the CSP hashes survive any source encoding or line ending)."""
    head, _, tail = template.partition(DATA_PLACEHOLDER)
    out = ["// Generated by web/wheel/assemble.py from web/wheel/wheel.{html,css,js}: do not edit.",
           "// The wheel page's template (docs/page.md): the spin's escaped JSON goes between",
           "// kWheelPageHead and kWheelPageTail.",
           "#pragma once", "", '#include "../version.hpp"', "", "OPSWHEEL_BEGIN_NAMESPACE", "namespace detail {", ""]
    for name, part in (("kWheelPageHead", head), ("kWheelPageTail", tail)):
        out.append(f"inline constexpr char {name}[] =")
        out += _cpp_literals(part)
        out[-1] += ";"
        out.append("")
    out += [f'inline constexpr char kWheelPageFormat[] = "{FORMAT}";', "", "}  // namespace detail", "OPSWHEEL_END_NAMESPACE", ""]
    return "\n".join(out)


def live_cpp_header(page: str) -> str:
    """The live page as a C++ header, generated at build time (src/cli/CMakeLists.txt): kLivePage."""
    out = ["// Generated by web/wheel/assemble.py --live-cpp-header from web/wheel/ and web/serve/: do not edit.",
           "// The live page of `opswheel serve` (docs/serve.md).", "#pragma once", "",
           "namespace opswheel_serve {", "", "inline constexpr char kLivePage[] ="]
    out += _cpp_literals(page)
    out[-1] += ";"
    out += ["", "}  // namespace opswheel_serve", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=HERE, help="the directory of wheel.html/css/js")
    parser.add_argument("--out", type=Path, help="write the HTML template here")
    parser.add_argument("--cpp-header", type=Path, help="write the template as a C++ header here")
    parser.add_argument("--check", type=Path, help="exit 1 unless this C++ header is up to date")
    parser.add_argument("--live-cpp-header", type=Path, help="write the live page (opswheel serve) as a C++ header here")
    args = parser.parse_args(argv)
    template = assemble(args.src)
    if args.live_cpp_header:
        args.live_cpp_header.parent.mkdir(parents=True, exist_ok=True)
        args.live_cpp_header.write_text(live_cpp_header(assemble_live(args.src)), encoding="ascii", newline="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(template, encoding="ascii", newline="")
    if args.cpp_header:
        args.cpp_header.parent.mkdir(parents=True, exist_ok=True)
        args.cpp_header.write_text(cpp_header(template), encoding="ascii", newline="")
    if args.check:
        current = args.check.read_text(encoding="ascii") if args.check.exists() else ""
        if current != cpp_header(template):
            print(f"{args.check} is out of date: run web/wheel/assemble.py --cpp-header {args.check}", file=sys.stderr)
            return 1
    if not (args.out or args.cpp_header or args.check or args.live_cpp_header):
        sys.stdout.write(template)
    return 0


if __name__ == "__main__":
    sys.exit(main())
