"""`make book` fails plainly: no Python 3.11, no registry, or a cell that raises."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_clone(tmp_path):
    """The committed and working-tree files of the repo, without .venv or _build."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def make(clone, *args, env=None):
    return subprocess.run(["make", "--no-print-directory", "-C", str(clone), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def test_book_without_python_311_says_so(fresh_clone):
    run = make(fresh_clone, "book", "PYTHON=python3.11-not-installed")
    assert run.returncode != 0
    assert "needs Python 3.11" in run.stderr
    assert "Traceback" not in run.stderr


def test_book_with_another_python_says_so(fresh_clone, tmp_path_factory):
    other = tmp_path_factory.mktemp("bin") / "python3.11"
    other.write_text("#!/bin/sh\nif [ \"$1\" = -c ]; then case \"$2\" in *platform*) echo 3.9.0;; *) exit 1;; esac; fi\n")
    other.chmod(0o755)
    run = make(fresh_clone, "book", f"PYTHON={other}")
    assert run.returncode != 0
    assert "is Python 3.9.0, but this book needs Python 3.11" in run.stderr


def test_book_without_the_registry_says_so(fresh_clone):
    unreachable = {"PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_NO_CACHE_DIR": "1",
                   "PIP_RETRIES": "0", "PIP_TIMEOUT": "2", "PIP_FIND_LINKS": "", "PIP_CONFIG_FILE": "/dev/null"}
    run = make(fresh_clone, "book", env=unreachable)
    assert run.returncode != 0
    assert "Is the package registry (PyPI) reachable" in run.stderr


def test_a_cell_that_raises_fails_the_build_and_names_it(fresh_clone):
    (fresh_clone / "node_modules").symlink_to(ROOT / "node_modules")  # KaTeX, installed by npm ci
    chapter = fresh_clone / "chapters" / "trans_conv.md"
    text = chapter.read_text()
    # Break the third code cell: the convolution of the 4x4 input.
    chapter.write_text(text.replace("conv(X), K\n", "conv(X), K\nraise RuntimeError('broken on purpose')\n", 1))
    (fresh_clone / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/trans_conv\n")
    # Reuse this repo's environment as it is: -o never remakes its stamp, so
    # nothing is installed into it from the clone.
    venv = ROOT / ".venv"
    run = make(fresh_clone, f"VENV={venv}", "-o", f"{venv}/.installed", "book")
    assert run.returncode != 0
    # MyST-NB's own report (inline execution): the notebook, the cell's code and the exception.
    report = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr)
    assert f"ExecutionError: {fresh_clone / 'chapters' / 'trans_conv.md'}" in report
    assert "An error occurred while executing the following cell" in report
    assert "conv(X), K\nraise RuntimeError('broken on purpose')" in report
    assert "RuntimeError: broken on purpose" in report


def test_make_lab_opens_the_reading_order_and_runs_as_root():
    """Jupyter refuses to start as root without --allow-root: make lab passes it when, and only when, needed."""
    run = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "lab"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "jupyter lab" in run.stdout and "chapters/00_reading_order.md" in run.stdout
    assert ("--allow-root" in run.stdout) == (os.geteuid() == 0)
