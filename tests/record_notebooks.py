"""Record the reference outputs that nbval checks: ``make record`` runs this.

Each MyST notebook in ``chapters/`` is converted by jupytext and executed in a
fresh kernel; the executed notebook is written to ``tests/recorded/``. Widget
state, execution timings and random cell and widget-model ids are not stored: nbval does not
compare them, and they would make every re-recording's diff noisy, hiding the
outputs that changed. Review ``git diff tests/recorded`` before committing.

Usage: python tests/record_notebooks.py [chapters/NAME.md ...]
"""

import configparser
import re
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbval.plugin import coalesce_streams  # how nbval compares streams: split where the kernel flushed

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "recorded"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def sanitizers():
    """The (pattern, replacement) pairs of ``nbval_sanitize.cfg``, as nbval applies them."""
    config = configparser.ConfigParser()
    config.read(SANITIZE)
    return [(re.compile(config[name]["regex"]), config[name]["replace"]) for name in config.sections()]


def sanitize_html(output, pairs):
    """Reduce a static face in ``output``'s text/html to what nbval compares (its model)."""
    html = output.get("data", {}).get("text/html")
    if html and "data-tcv-boot" in html:
        for pattern, replacement in pairs:
            html = pattern.sub(replacement, html)
        output["data"]["text/html"] = html


def chapter_notebooks():
    """The MyST notebooks of the chapter: its markdown files with a kernelspec, sorted.

    The one definition used by ``make record``, the tests and the benchmarks.
    """
    return [md for md in sorted((ROOT / "chapters").glob("*.md"))
            if jupytext.read(md).metadata.get("kernelspec")]


def record(md):
    notebook = jupytext.read(md)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{md.stem}-{index}"
    client = NotebookClient(notebook, timeout=600, store_widget_state=False, record_timing=False,
                            resources={"metadata": {"path": str(RECORDED)}})
    client.execute()
    notebook.metadata.pop("widgets", None)
    pairs = sanitizers()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
            for output in cell.outputs:  # random per run; nbval does not compare widget views
                view = output.get("data", {}).get(WIDGET_VIEW)
                if view:
                    view["model_id"] = f"{md.stem}-{index}"
                sanitize_html(output, pairs)
    target = RECORDED / f"{md.stem}.ipynb"
    nbformat.write(notebook, target)
    return target


def main(paths):
    RECORDED.mkdir(parents=True, exist_ok=True)
    for md in [Path(p).resolve() for p in paths] or chapter_notebooks():
        print(f"recording {md.relative_to(ROOT)} -> {record(md).relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
