"""The example notebook (examples/python/compare_policies.ipynb) runs from top to bottom without
an error or a warning, and shows its charts, the wheel and the weekly review run from a Store, so
it cannot rot unnoticed."""

from __future__ import annotations

import nbformat
from conftest import REPO
from nbclient import NotebookClient

NOTEBOOK = REPO / "examples" / "python" / "compare_policies.ipynb"


def test_the_example_notebook_runs(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    # The kernel inherits this process's environment, so it imports the same opswheel.
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()

    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    stderr = [out.text for out in outputs if out.output_type == "stream" and out.name == "stderr"]
    assert stderr == [], "the notebook printed warnings or errors"
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(images) == 3  # the bar chart, the gap histogram, the two deviation panels
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any("<svg" in h and "EC2 API" in h for h in html), "the wheel did not draw itself"
    assert any("max_gap" in h for h in html), "the metrics table is missing"
    # The weekly review from a shared store: the review read back from the store, and the agenda of
    # the meeting the new action item reports back at, listing it.
    stdout = "".join(out.text for out in outputs if out.output_type == "stream" and out.name == "stdout")
    assert "not_enough" in stdout and "(AI-1,)" in stdout, "the recorded review is missing"
    agenda = stdout.split("# Weekly operations review", 1)[-1]
    assert "## Action items due for report-back" in agenda and "| AI-1 | Alarm on p99 latency |" in agenda
