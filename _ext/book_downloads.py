"""Downloads that download, and notebooks that say what they need.

- The ``.ipynb`` and ``.md`` items of the download menu carry ``download``
  attributes (rendered by the book's ``article-header-buttons.html``), and the
  menu offers the wheel of the ``transconv`` package that the notebooks import.
- Each downloadable notebook starts with a note and a code cell that checks the
  Python version (3.11), then installs the wheel shipped with the book (its
  dependencies pinned to the versions the book was built with) and the pinned
  packages (from ``requirements.txt``) that the notebook imports and that
  Jupyter needs to run it.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parent.parent


# --- downloads -----------------------------------------------------------------------------


def wheel_name():
    """File name of the wheel of ``transconv``, from ``pyproject.toml`` (the one source of its version)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def pinned_pyproject():
    """``pyproject.toml`` with each runtime dependency pinned to the version installed here, the one the
    book was built with (a downloaded notebook then runs with the versions whose outputs the book shows)."""
    text = (ROOT / "pyproject.toml").read_text()
    names = tomllib.loads(text)["project"]["dependencies"]
    pins = [f"{re.split(r'[<>=!~; ]', name, maxsplit=1)[0]}=={metadata.version(re.split(r'[<>=!~; ]', name, maxsplit=1)[0])}"
            for name in names]
    new, count = re.subn(r"(?m)^dependencies = \[.*\]$", "dependencies = " + json.dumps(pins), text)
    if count != 1:
        raise ExtensionError("book_downloads: pyproject.toml has no one-line `dependencies = [...]` to pin")
    return new


def build_wheel(app):
    """``pip wheel --no-deps`` of the repository's package, from a copy (the tree stays clean)."""
    if app.builder.format != "html":
        return
    tmp = Path(tempfile.mkdtemp(prefix="book-wheel-"))
    source = tmp / "src"
    source.mkdir()
    (source / "pyproject.toml").write_text(pinned_pyproject())
    for licence in ("LICENSE", "LICENSES"):  # the wheel's .dist-info carries them
        copy = shutil.copytree if (ROOT / licence).is_dir() else shutil.copy2
        copy(ROOT / licence, source / licence)
    shutil.copytree(ROOT / "transconv", source / "transconv", ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(tmp / "dist"), str(source)],
        capture_output=True, text=True)
    wheel = tmp / "dist" / wheel_name()
    if run.returncode != 0 or not wheel.exists():
        raise ExtensionError(f"book_downloads: could not build {wheel_name()}: {run.stderr[-2000:]}")
    app.book_fixes_wheel = wheel


def ship_wheel(app, exception):
    """Put the wheel beside the book's static files (the download menu links it), then clean up."""
    wheel = getattr(app, "book_fixes_wheel", None)
    if wheel is None:
        return
    if exception is None:
        shutil.copy2(wheel, Path(app.outdir) / "_static" / wheel.name)
    shutil.rmtree(wheel.parent.parent, ignore_errors=True)


DOWNLOADED = {"download-notebook-button", "download-source-button", "download-wheel-button"}


def downloads_download(app, pagename, templatename, context, doctree):
    """Mark the download menu's files as downloads, and offer the package's wheel beside the notebook."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = group["buttons"]
        if context.get("ipynb_source"):
            buttons.insert(1, {
                "type": "link",
                "url": f"{context['pathto']('_static', 1)}/{wheel_name()}",
                "text": ".whl",
                "icon": "fas fa-box",
                "tooltip": "Download the transconv package that the notebook imports",
                "label": "download-wheel-button",
            })
        for button in buttons:
            if button.get("label") in DOWNLOADED:
                button["download"] = button["url"].rsplit("/", 1)[-1]


# --- the downloadable notebook says what it needs ------------------------------------------

DISTRIBUTIONS = {"IPython": "ipython", "PIL": "pillow", "yaml": "PyYAML"}  # import name -> PyPI name
#: What running a notebook in Jupyter needs besides what it imports: JupyterLab or Notebook 7, a kernel,
#: and the renderer of its MyST prose.
JUPYTER = ("jupyterlab", "notebook", "ipykernel", "jupyterlab-myst")
PYTHON = (3, 11)


def pinned_requirements():
    """Name (normalized) -> ``name==version``, from the lock requirements.txt (hashes left out)."""
    pins = {}
    for match in re.finditer(r"(?m)^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", (ROOT / "requirements.txt").read_text()):
        name, version = match.groups()
        pins[name.lower().replace("_", "-")] = f"{name}=={version}"
    return pins


def imported_modules(notebook):
    """Top-level names of the modules a notebook's code cells import (shell and magic lines skipped)."""
    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def install_command(notebook):
    """The one ``pip install`` that gives a notebook what it imports and what Jupyter needs to run it:
    the package's wheel (whose dependencies are pinned) and the pinned rest."""
    pins = pinned_requirements()
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    names = {DISTRIBUTIONS.get(name, name).lower().replace("_", "-")
             for name in imported_modules(notebook) - set(sys.stdlib_module_names) - {package}} | set(JUPYTER)
    missing = sorted(names - set(pins))
    if missing:
        raise ExtensionError(f"book_downloads: a notebook needs {missing}, which requirements.txt does not pin")
    return f"pip install {wheel_name()} " + " ".join(pins[name] for name in sorted(names))


INSTALL_NOTE = """\
**Before you run this notebook** (downloaded from the book *{title}*): it needs Python {python} and `{package}`, the book's small Python package, with the versions of its other packages that the book was built with.
Download the package's wheel from the same download menu of the book (**.whl**, the file `{wheel}`) and put it beside this notebook.
Then run the next cell: it checks that the kernel runs Python {python} (and stops with a message if not), then installs the wheel, what the notebook imports and what Jupyter needs to run it.
In a terminal, the same is `{command}`.
"""

INSTALL_CELL = """\
import sys

if sys.version_info[:2] != {python_tuple}:
    raise RuntimeError(f"This notebook needs Python {python}: MXNet 1.9.1 and NumPy 1.23.5 have no packages for "
                       f"Python {{sys.version_info.major}}.{{sys.version_info.minor}}, which this kernel runs. "
                       "Start Jupyter with Python {python} (for example in a new virtual environment). Nothing was installed.")
%{command}
"""


def add_install_note(app, pagename, templatename, context, doctree):
    """Make the downloadable notebook (copied to ``_sources`` by the book theme) start with a note and a cell
    that checks the Python version and installs what the notebook needs."""
    if not context.get("ipynb_source"):
        return
    path = Path(app.outdir) / "_sources" / context["ipynb_source"]
    notebook = nbformat.read(path, as_version=4)
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    command = install_command(notebook)
    python = ".".join(map(str, PYTHON))
    note = nbformat.v4.new_markdown_cell(INSTALL_NOTE.format(
        title=app.config.html_title or app.config.project, package=package, wheel=wheel_name(),
        command=command, python=python), metadata={"tags": ["install-note"]})
    cell = nbformat.v4.new_code_cell(INSTALL_CELL.format(python=python, python_tuple=PYTHON, command=command),
                                     metadata={"tags": ["install"]})
    for new, cell_id in ((note, "install-note"), (cell, "install")):
        if notebook.nbformat_minor >= 5:
            new["id"] = cell_id  # stable from build to build
        else:
            new.pop("id", None)
    notebook.cells[0:0] = [note, cell]
    nbformat.write(notebook, path)


def setup(app):
    app.connect("builder-inited", build_wheel)
    # After the book theme made its header buttons and copied the notebook to _sources (priority 501).
    app.connect("html-page-context", downloads_download, priority=502)
    app.connect("html-page-context", add_install_note, priority=502)
    app.connect("build-finished", ship_wheel)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
