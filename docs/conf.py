# Sphinx configuration of the documentation site, built by scripts/docs (docs/testing.md):
#   sphinx-build -c docs <repository root> build/docs/html
# The source directory is the repository root so that the pages' links to files beside docs/
# (../CHANGELOG.md, ../benchmarks/README.md, ../include/...) work on the site as they do in the
# repository; only the files in include_patterns are read. The pages are docs/*.md themselves
# (MyST); the C and C++ reference is Doxygen's XML of the public headers (Breathe, docs/Doxyfile),
# the Python reference is autodoc over the built package. scripts/docs passes the XML directory as
# OPSWHEEL_DOXYGEN_XML and puts the built package on the import path.
import os
import re
from pathlib import Path

_repo = Path(__file__).resolve().parent.parent


def _version() -> str:
    """The one version number, from include/opswheel/version.h."""
    text = (_repo / "include" / "opswheel" / "version.h").read_text(encoding="utf-8")
    parts = [re.search(rf"#define OPSWHEEL_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


project = "opswheel"
author = "the opswheel authors"
copyright = "the opswheel authors, Apache-2.0"
version = release = _version()

# docs/README.md, the repository's index of the pages, is the site's front page too.
root_doc = "docs/README"
include_patterns = ["docs/**", "README.md", "CHANGELOG.md", "benchmarks/README.md"]
exclude_patterns = ["build", ".git", "docs/conf.py", "docs/Doxyfile"]
extensions = ["myst_parser", "breathe", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}

# The site's navigation, in reading order. It is added to the front page when Sphinx reads it
# (_add_navigation), so that docs/README.md stays plain Markdown in the repository.
_navigation = {
    "Getting started": ["../README", "start-tool", "start-notebook", "start-meeting"],
    "Guides": ["cpp", "c-api", "python", "cli", "fairness", "persistence", "events", "actions", "errors",
               "page", "serve", "limits", "design"],
    "Reference": ["api-c", "api-cpp", "api-python"],
    "Development": ["testing", "fuzzing", "../benchmarks/README", "../CHANGELOG"],
}


def _add_navigation(app, docname, source):
    if docname != root_doc:
        return
    for caption, pages in _navigation.items():
        source[0] += "\n```{toctree}\n:hidden:\n:caption: " + caption + "\n\n" + "\n".join(pages) + "\n```\n"


# The API reference, one section per public header in the order below: the header's opening comment
# (what the header is for and the rules of everything in it, which is where opswheel documents its
# API) followed by Breathe's rendering of its declarations. Appended to the reference pages when
# Sphinx reads them (_add_reference), so a new header joins the reference without an edit here.
_include = _repo / "include"
_reference = {
    "docs/api-c": [_include / "opswheel" / "opswheel.h", _include / "opswheel" / "version.h"],
    "docs/api-cpp": sorted((_include / "opswheel").glob("*.hpp")) + sorted((_include / "opswheel" / "policies").glob("*.hpp")),
}


def _opening_comment(header: Path) -> str:
    """The header's first comment, without its comment marks and its licence line."""
    lines = header.read_text(encoding="utf-8").splitlines()
    text = []
    if lines[0].startswith("/*"):  # a C header: one /* ... */ block
        for line in lines:
            text.append(re.sub(r"^\s*(/\*|\*/|\*)\s?", "", line).rstrip("*/ ").rstrip())
            if "*/" in line:
                break
    else:
        for line in lines:
            if not line.startswith("//"):
                break
            text.append(re.sub(r"^// ?", "", line))
    text = [t for t in text if "SPDX-License-Identifier" not in t]
    return "\n".join(text).strip("\n")


def _add_reference(app, docname, source):
    for header in _reference.get(docname, []):
        name = header.relative_to(_include).as_posix()
        comment = _opening_comment(header)
        source[0] += f"\n## `{name}`\n\n"
        if comment:
            source[0] += f"~~~~text\n{comment}\n~~~~\n\n"
        source[0] += f"```{{doxygenfile}} {header.name}\n:project: opswheel\n```\n"


def _public_bases(app, name, obj, options, bases):
    """A class's bases as the reference shows them: a private helper base replaced by its own bases."""
    public = []
    for base in bases:
        public += _public_base_list(base)
    bases[:] = list(dict.fromkeys(public))


def _public_base_list(base):
    if not getattr(base, "__name__", "").startswith("_"):
        return [base]
    return [b for parent in base.__bases__ for b in _public_base_list(parent)]


def setup(app):
    app.connect("source-read", _add_navigation)
    app.connect("source-read", _add_reference)
    app.connect("autodoc-process-bases", _public_bases)


myst_enable_extensions = ["dollarmath"]

# Breathe renders each header's part of namespace opswheel under a namespace heading of its own, and
# Sphinx's C++ domain reports every heading after the first as a second declaration of the
# namespace. Nothing else is declared twice (each header renders only its own declarations), and
# scripts/check-docs-reference checks that nothing is missing.
suppress_warnings = ["duplicate_declaration.cpp"]

breathe_projects = {"opswheel": os.environ.get("OPSWHEEL_DOXYGEN_XML", str(_repo / "build" / "docs" / "doxygen" / "xml"))}
breathe_default_project = "opswheel"
breathe_domain_by_extension = {"h": "c", "hpp": "cpp"}

# The package's names in the order of its __all__ (grouped by subject). A class's members come out
# alphabetically: the classes are defined in private modules and re-exported, so autodoc finds no
# source order for them.
autodoc_member_order = "bysource"
autodoc_typehints = "description"

html_theme = "alabaster"
# Wide enough for the headers' 100-column comments and declarations without scrolling.
html_theme_options = {"page_width": "1240px", "sidebar_width": "260px", "body_max_width": "none"}
html_title = f"opswheel {release}"
