# SPDX-License-Identifier: Apache-2.0
"""The C++ renderer against the reference one, byte for byte: every page page_fixture writes must be
exactly what web/wheel/assemble.py's render() makes of the same data (read back from the page), on
the template assembled from web/wheel/ now — so the generated C++ header, the JSON writer (number
and string forms) and the <script> escaping all agree with the reference.

Usage: check_page.py PAGE_FIXTURE_EXE WORK_DIR
"""
import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "web" / "wheel"))
import assemble  # noqa: E402


def check_types(data: dict) -> None:
    """The contract's number types, as Python writes them: chances and spin_seconds are floats (so
    "4.0", never "4"), the meeting's number and minutes ints. Without this, a writer that dropped
    the ".0" would still read back as the same value and re-render identically."""
    assert all(type(t["chance"]) is float for t in data["teams"]), data["teams"]
    assert type(data["options"]["spin_seconds"]) is float, data["options"]
    assert all(type(data["meeting"][k]) is int for k in ("number", "minutes")), data["meeting"]


def main() -> int:
    exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("*.html"):
        old.unlink()
    subprocess.run([exe, str(work)], check=True)
    template = assemble.assemble()
    head, _, tail = template.partition(assemble.DATA_PLACEHOLDER)
    pages = sorted(work.glob("*.html"))
    if len(pages) < 5:
        print(f"expected the fixture's pages in {work}, found {len(pages)}")
        return 1
    failures = 0
    for path in pages:
        page = path.read_bytes().decode("utf-8")
        if not (page.startswith(head) and page.endswith(tail)):
            print(f"{path.name}: the page is not the template assembled from web/wheel/ around its data "
                  "(regenerate include/opswheel/detail/wheel_page.hpp with assemble.py --cpp-header)")
            failures += 1
            continue
        data = json.loads(page[len(head):len(page) - len(tail)])
        try:
            check_types(data)
        except AssertionError as error:
            print(f"{path.name}: a number of the wrong type: {error}")
            failures += 1
            continue
        expected = assemble.render(template, data)
        if page != expected:
            at = next(i for i, (a, b) in enumerate(zip(page, expected + "\0" * len(page))) if a != b)
            print(f"{path.name}: differs from render() at character {at}:\n  C++:       {page[at - 60:at + 60]!r}\n"
                  f"  reference: {expected[at - 60:at + 60]!r}")
            failures += 1
        else:
            print(f"{path.name}: {len(page)} characters, identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
