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
               "page", "limits", "design"],
    "Reference": ["api-c", "api-cpp", "api-python"],
    "Development": ["testing", "fuzzing", "../benchmarks/README", "../CHANGELOG"],
}


def _add_navigation(app, docname, source):
    if docname != root_doc:
        return
    for caption, pages in _navigation.items():
        source[0] += "\n```{toctree}\n:hidden:\n:caption: " + caption + "\n\n" + "\n".join(pages) + "\n```\n"


def setup(app):
    app.connect("source-read", _add_navigation)


myst_enable_extensions = ["dollarmath"]

breathe_projects = {"opswheel": os.environ.get("OPSWHEEL_DOXYGEN_XML", str(_repo / "build" / "docs" / "doxygen" / "xml"))}
breathe_default_project = "opswheel"
breathe_domain_by_extension = {"h": "c", "hpp": "cpp"}

# The classes are defined in private modules and re-exported, so there is no source order to follow.
autodoc_member_order = "alphabetical"
autodoc_typehints = "description"

html_theme = "alabaster"
html_title = f"opswheel {release}"
