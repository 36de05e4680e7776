"""The recorded notebooks that nbval checks: in step with their sources, and
carrying the seed chapter's printed values.

nbval itself (``pytest --nbval``) re-executes ``tests/recorded/*.ipynb`` and
compares every output with the recorded one; these tests make sure that what
is recorded is worth comparing against.
"""

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from record_notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
RECORDED = ROOT / "tests" / "recorded"

NOTEBOOK_SOURCES = chapter_notebooks()

# The five outputs printed in ../shared/seed/trans_conv_seed.md, copied from
# the seed's recorded JSON (an independent source: never regenerate them).
SEED_OUTPUTS = [
    "\n[[[[ 0.  0.  1.]\n   [ 0.  4.  6.]\n   [ 4. 12.  9.]]]]\n<NDArray 1x1x3x3 @cpu(0)>",
    "(\n [[[[348. 393.]\n    [528. 573.]]]]\n <NDArray 1x1x2x2 @cpu(0)>, \n [[[[1. 2. 3.]\n    [4. 5. 6.]\n    [7. 8. 9.]]]]\n <NDArray 1x1x3x3 @cpu(0)>)",
    "(\n [[[[348. 393.]\n    [528. 573.]]]]\n <NDArray 1x1x2x2 @cpu(0)>, \n [[1. 2. 3. 0. 4. 5. 6. 0. 7. 8. 9. 0. 0. 0. 0. 0.]\n  [0. 1. 2. 3. 0. 4. 5. 6. 0. 7. 8. 9. 0. 0. 0. 0.]\n  [0. 0. 0. 0. 1. 2. 3. 0. 4. 5. 6. 0. 7. 8. 9. 0.]\n  [0. 0. 0. 0. 0. 1. 2. 3. 0. 4. 5. 6. 0. 7. 8. 9.]]\n <NDArray 4x16 @cpu(0)>)",
    "(1, 10, 32, 32)",
    "(1, 3, 64, 64)",
]


def layout_insensitive(text):
    """Fold each run of white space that spans a line break into one newline.

    Today's IPython breaks printed tuples across lines differently from the
    seed's; white space within a line (the column alignment of numbers) and
    every number, shape and word still have to match.
    """
    return re.sub(r"[ \t]*\n\s*", "\n", text)


def recorded_path(md):
    return RECORDED / f"{md.stem}.ipynb"


def code_sources(nb):
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def test_every_chapter_notebook_is_recorded():
    assert NOTEBOOK_SOURCES, "no MyST notebooks found in chapters/"
    missing = [md.name for md in NOTEBOOK_SOURCES if not recorded_path(md).exists()]
    assert not missing, f"run `make record`: no recorded notebook for {missing}"
    orphans = {nb.stem for nb in RECORDED.glob("*.ipynb")} - {md.stem for md in NOTEBOOK_SOURCES}
    assert not orphans, f"recorded notebooks without a source in chapters/: {orphans}"


@pytest.mark.parametrize("md", NOTEBOOK_SOURCES, ids=lambda p: p.name)
def test_recorded_code_equals_source(md):
    source = jupytext.read(md)
    recorded = nbformat.read(recorded_path(md), as_version=4)
    assert code_sources(recorded) == code_sources(source), (
        f"{recorded_path(md).name} has drifted from {md.name}: run `make record`"
    )


@pytest.mark.parametrize("md", NOTEBOOK_SOURCES, ids=lambda p: p.name)
def test_recorded_notebook_was_executed(md):
    """nbval skips cells whose execution_count is null: make sure none is."""
    recorded = nbformat.read(recorded_path(md), as_version=4)
    unexecuted = [
        i for i, cell in enumerate(recorded.cells)
        if cell.cell_type == "code" and cell.execution_count is None
    ]
    assert not unexecuted, f"code cells {unexecuted} of {md.name} were not executed"


def test_seed_chapter_prints_the_seed_values():
    recorded = nbformat.read(RECORDED / "trans_conv.ipynb", as_version=4)
    printed = [
        output["data"]["text/plain"]
        for cell in recorded.cells if cell.cell_type == "code"
        for output in cell.outputs if output.output_type == "execute_result"
    ]
    assert [layout_insensitive(p) for p in printed] == [
        layout_insensitive(s) for s in SEED_OUTPUTS
    ]


@pytest.mark.parametrize(
    "changed",
    [
        SEED_OUTPUTS[1].replace("348.", "349."),
        SEED_OUTPUTS[3].replace("32", "33"),
        SEED_OUTPUTS[0].replace("NDArray", "ndarray"),
        SEED_OUTPUTS[0].replace("[ 0.  0.  1.]", "[0. 0. 1.]"),
    ],
)
def test_layout_folding_keeps_numbers_and_words(changed):
    """The comparison above can fail: a changed number, word or alignment is seen."""
    assert layout_insensitive(changed) not in map(layout_insensitive, SEED_OUTPUTS)
