"""The runtime environment as readers get it: Binder's, and a downloaded notebook's.

Both start from ``requirements.txt`` alone, a lock with hashes (Binder's repo2docker installs it, then
runs ``postBuild``; a reader of a downloaded notebook has Python 3.11 and runs the notebook's first code
cell, which installs the book's wheel and the pinned rest). One fresh virtual environment serves both,
in this order: every chapter's downloaded notebook runs in it (the first one's install cell installs
the wheel), then Binder's ``postBuild`` installs the repository and the Jupyter setting.
The live front ends themselves (JupyterLab and Notebook 7) are tested in ``tests/test_lab.py``.
"""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from record_notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHAPTER_NOTEBOOKS = chapter_notebooks()
PIN = re.compile(r"(?m)^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def _pins(name):
    return {m.group(1).lower().replace("_", "-"): m.group(2) for m in PIN.finditer((ROOT / name).read_text())}


def _requirement_blocks(name):
    """One string per requirement of a pip-compile lock (its continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / name).read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


# --- the locks ----------------------------------------------------------------------------------

def test_runtime_is_python_311():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert "<3.12" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_with_its_hashes(name):
    """pip then runs in hash-checking mode (make passes --require-hashes; Binder's plain -r enables it too)."""
    blocks = _requirement_blocks(name)
    assert len(blocks) > 20
    loose = [b[:60] for b in blocks if not re.fullmatch(r"[A-Za-z0-9_.\-]+==\S+( +--hash=sha256:[0-9a-f]{64})+", b)]
    assert loose == [], f"{name}: requirements without an exact pin and hashes: {loose}"


def test_the_locks_agree_and_binder_installs_the_runtime_only():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert {k: dev.get(k) for k in runtime} == runtime, "requirements-dev.txt must lock the runtime set at the same versions"
    assert {"mxnet", "numpy", "matplotlib", "jupytext", "jupyterlab", "notebook", "ipywidgets", "anywidget",
            "ipykernel", "jupyterlab-myst"} <= set(runtime)
    assert not {"jupyter-book", "myst-nb", "sphinx", "pytest", "nbval", "hypothesis", "playwright", "ruff"} & set(runtime)
    assert {"jupyter-book", "myst-nb", "pytest", "nbval", "hypothesis", "playwright", "ruff"} <= set(dev)
    assert (ROOT / "requirements.in").exists() and (ROOT / "requirements-dev.in").exists()


def test_make_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.txt" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile


# --- one fresh runtime environment --------------------------------------------------------------

@pytest.fixture(scope="module")
def runtime_env(tmp_path_factory):
    """A virtual environment made from requirements.txt alone, hashes required (no repository installed)."""
    env_dir = tmp_path_factory.mktemp("runtime") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    install = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "--no-compile", "-r", str(ROOT / "requirements.txt")],
        cwd=tmp_path_factory.getbasetemp(), capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH",
                                                              "JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH")}
    env["PATH"] = f"{env_dir / 'bin'}:{env['PATH']}"
    return env_dir / "bin", env


def _run(env, *command, cwd, timeout=600):
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, env=env[1], cwd=cwd,
                          timeout=timeout)


def _downloaded(page):
    return HTML / "_sources" / "chapters" / f"{page}.ipynb"


def _install_cell(notebook):
    cells = nbformat.read(notebook, as_version=4).cells
    assert cells[0].cell_type == "markdown" and "Python 3.11" in cells[0].source, cells[0].source[:300]
    assert cells[1].cell_type == "code" and "install" in cells[1].metadata.get("tags", []), cells[1].source
    return cells[1].source


@pytest.mark.parametrize("md", CHAPTER_NOTEBOOKS, ids=lambda p: p.name)
def test_a_downloaded_notebook_installs_what_it_needs_and_runs(built_book, runtime_env, md, tmp_path):
    """The notebook and the wheel from the book's download menu, in a folder of their own; its first
    code cell installs the wheel and what the notebook and Jupyter need, then every cell runs."""
    notebook = _downloaded(md.stem)
    source = _install_cell(notebook)
    wheel = re.search(r"%pip install (\S+\.whl)", source).group(1)
    assert re.search(r"\bjupyterlab==\S+ .*\bnotebook==", source) and "jupyterlab-myst==" in source
    reader = tmp_path / "reader"
    reader.mkdir()
    shutil.copy2(notebook, reader)
    shutil.copy2(built_book / "_static" / wheel, reader)
    if md == CHAPTER_NOTEBOOKS[0]:  # the environment is fresh: the install step is needed
        assert _run(runtime_env, runtime_env[0] / "python", "-c", "import transconv", cwd=reader).returncode != 0
    executed = _run(runtime_env, runtime_env[0] / "jupyter", "execute", notebook.name, cwd=reader)
    assert executed.returncode == 0, executed.stderr[-3000:]
    installed = _run(runtime_env, runtime_env[0] / "python", "-c",
                     "import transconv, importlib.metadata as m; print(transconv.__file__, m.requires('transconv'))",
                     cwd=tmp_path)
    assert "site-packages" in installed.stdout, installed.stdout + installed.stderr
    for dependency in ("numpy==", "matplotlib==", "ipywidgets==", "anywidget=="):
        assert dependency in installed.stdout, f"the wheel does not pin {dependency}: {installed.stdout}"


def test_the_wheel_pins_what_the_book_was_built_with(built_book):
    wheel = next((built_book / "_static").glob("transconv-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        meta = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
        assert any(n.endswith("LICENSE") for n in archive.namelist())
    requires = dict(re.findall(r"(?m)^Requires-Dist: ([A-Za-z0-9_.\-]+)==(\S+)$", meta))
    runtime = _pins("requirements.txt")
    assert {"numpy", "matplotlib", "ipywidgets", "anywidget", "traitlets"} <= set(requires)
    assert {k: runtime[k.lower()] for k in requires} == requires
    assert "License: MIT" in meta or "License-Expression: MIT" in meta
    assert "Requires-Python: <3.12,>=3.11" in meta


def _other_pythons():
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    yield from sorted(pyenv.glob("3.1[0-9]*/bin/python3"))
    for minor in (12, 13, 10):
        if shutil.which(f"python3.{minor}"):
            yield Path(shutil.which(f"python3.{minor}"))


def _version(python):
    run = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:2], sep='.')"],
                         capture_output=True, text=True)
    return run.stdout.strip() if run.returncode == 0 else None


def test_the_install_cell_stops_with_a_message_on_another_python(built_book, tmp_path):
    """The first code cell, run by a real Python other than 3.11: one clear message, nothing installed."""
    other = next((p for p in _other_pythons() if _version(p) not in (None, "3.11")), None)
    if other is None:
        pytest.fail("no Python other than 3.11 on this machine (looked for pyenv's and python3.12/3.13/3.10)")
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(_install_cell(_downloaded("trans_conv")))
    program = tmp_path / "first_cell.py"
    program.write_text("calls = []\n"
                       "class _Shell:\n    def run_line_magic(self, *args):\n        calls.append(args)\n"
                       "def get_ipython():\n    return _Shell()\n"
                       f"try:\n    exec(compile({code!r}, 'cell', 'exec'))\n"
                       "finally:\n    print('magics run:', calls)\n")
    run = subprocess.run([str(other), str(program)], capture_output=True, text=True, timeout=60)
    version = _version(other)
    assert run.returncode != 0
    assert "magics run: []" in run.stdout, "the install ran on the wrong Python"
    message = run.stderr.strip().splitlines()[-1]
    assert message.startswith("RuntimeError: This notebook needs Python 3.11") and f"Python {version}" in message
    assert "Nothing was installed" in message


def test_binder_post_build_installs_the_repository_and_the_notebook_setting(runtime_env, tmp_path):
    """After the downloaded notebooks (which installed the wheel): Binder's postBuild installs this repository
    editable and the setting under the environment's etc/jupyter, which Jupyter then reads."""
    post = _run(runtime_env, "bash", ROOT / "postBuild", cwd=tmp_path)
    assert post.returncode == 0, post.stderr[-3000:]
    where = _run(runtime_env, runtime_env[0] / "python", "-c", "import transconv; print(transconv.__file__)", cwd=tmp_path)
    assert where.stdout.strip() == str(ROOT / "transconv" / "__init__.py")
    settings = _run(runtime_env, runtime_env[0] / "python", "-c",
                    "from jupyter_core.paths import jupyter_config_path\n"
                    "import json, pathlib\n"
                    "found = [p for p in jupyter_config_path() if (pathlib.Path(p) / 'labconfig' / "
                    "'default_setting_overrides.json').exists()]\nprint(json.dumps(found))", cwd=tmp_path)
    assert f'"{runtime_env[0].parent / "etc" / "jupyter"}"' in settings.stdout, settings.stdout + settings.stderr
    extensions = _run(runtime_env, runtime_env[0] / "jupyter", "labextension", "list", cwd=tmp_path)
    listed = extensions.stdout + extensions.stderr
    for extension in ("jupyterlab-myst", "jupyterlab-jupytext", "anywidget", "@jupyter-widgets/jupyterlab-manager"):
        assert extension in listed, f"{extension} is not installed in Binder's environment:\n{listed[-2000:]}"
