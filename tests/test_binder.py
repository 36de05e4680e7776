"""Binder builds its environment from requirements.txt and runtime.txt alone.

These tests make such an environment from nothing else, in a temporary folder,
and open and execute every chapter notebook in it the way Binder's JupyterLab
does: the MyST ``.md`` file read by jupytext, executed by a Jupyter kernel.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from record_notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_NOTEBOOKS = chapter_notebooks()


def test_runtime_is_python_311():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def _requirement_lines(name):
    return [line.strip() for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def _names(lines):
    return {line.split("==")[0].lower().replace("_", "-") for line in lines if "==" in line}


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_requirements_are_exact_pins(name):
    lines = _requirement_lines(name)
    loose = [line for line in lines if line not in ("-e .", "-r requirements.txt")
             and not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=<>~!,;]+", line)]
    assert loose == [], f"{name}: not pinned exactly: {loose}"


def test_binder_installs_the_runtime_only():
    runtime, dev = _requirement_lines("requirements.txt"), _requirement_lines("requirements-dev.txt")
    assert {"mxnet", "numpy", "matplotlib", "jupytext", "jupyterlab", "ipywidgets", "anywidget",
            "ipykernel", "myst-nb"} <= _names(runtime)  # myst-nb: the chapters glue numbers into prose
    assert "-e ." in runtime  # the transconv package, for the notebooks
    assert not {"jupyter-book", "pytest", "nbval", "hypothesis", "playwright", "ruff"} & _names(runtime)
    assert dev[0] == "-r requirements.txt" and not _names(runtime) & _names(dev)
    assert {"jupyter-book", "pytest", "nbval", "hypothesis", "playwright", "ruff"} <= _names(dev)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A virtual environment made only from requirements.txt (and the repo it installs), as Binder makes it.

    It has none of requirements-dev.txt, so the chapters running in it proves that the runtime set alone
    executes every chapter.
    """
    env_dir = tmp_path_factory.mktemp("binder") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    install = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return env_dir / "bin"


@pytest.mark.parametrize("md", CHAPTER_NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_opens_and_runs_in_a_binder_environment(binder_env, md, tmp_path):
    notebook = tmp_path / f"{md.stem}.ipynb"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{binder_env}:{env['PATH']}"
    subprocess.run([str(binder_env / "jupytext"), "--quiet", "--to", "ipynb", "--output", str(notebook), str(md)],
                   check=True, env=env)
    run = subprocess.run([str(binder_env / "jupyter"), "execute", str(notebook)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
