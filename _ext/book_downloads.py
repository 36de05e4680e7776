"""Downloads that download, and notebooks that say what they need.

- The ``.ipynb`` and ``.md`` items of the download menu carry ``download``
  attributes (rendered by the book's ``article-header-buttons.html``), and the
  menu offers the wheel of the ``transconv`` package that the notebooks import.
- Each downloadable notebook starts with a markdown cell that says how to get
  what it imports: one ``pip install`` of the wheel shipped with the book and of
  the pinned packages (from ``requirements.txt``) that the notebook imports.
"""

import ast
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import nbformat
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parent.parent


# --- downloads -----------------------------------------------------------------------------


def wheel_name():
    """File name of the wheel of ``transconv``, from ``pyproject.toml`` (the one source of its version)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def build_wheel(app):
    """``pip wheel --no-deps`` of the repository's package, from a copy (the tree stays clean)."""
    if app.builder.format != "html":
        return
    tmp = Path(tempfile.mkdtemp(prefix="book-wheel-"))
    source = tmp / "src"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "transconv", source / "transconv", ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(tmp / "dist"), str(source)],
        capture_output=True, text=True)
    wheel = tmp / "dist" / wheel_name()
    if run.returncode != 0 or not wheel.exists():
        raise ExtensionError(f"book_fixes: could not build {wheel_name()}: {run.stderr[-2000:]}")
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


def pinned_requirements():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.strip().split("==", 1)
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
    """The one ``pip install`` that gives a notebook what it imports: the wheel and the pinned rest."""
    pins = pinned_requirements()
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    requirements = []
    for name in sorted(imported_modules(notebook) - set(sys.stdlib_module_names) - {package}):
        distribution = DISTRIBUTIONS.get(name, name).lower().replace("_", "-")
        if distribution not in pins:
            raise ExtensionError(f"book_fixes: a notebook imports {name!r}, which requirements.txt does not pin")
        requirements.append(pins[distribution])
    return f"pip install {wheel_name()} " + " ".join(requirements)


INSTALL_NOTE = """\
**Before you run this notebook** (downloaded from the book *{title}*): it imports `{package}`, the book's small Python package{others}.
Download the package's wheel from the same download menu of the book (**.whl**, the file `{wheel}`), put it beside this notebook, and run this one command in a terminal in that folder (or in a cell, with `%` in front):

```
{command}
```
"""


def add_install_note(app, pagename, templatename, context, doctree):
    """Make the downloadable notebook (copied to ``_sources`` by the book theme) say how to get what it imports."""
    if not context.get("ipynb_source"):
        return
    path = Path(app.outdir) / "_sources" / context["ipynb_source"]
    notebook = nbformat.read(path, as_version=4)
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    command = install_command(notebook)
    others = command.split(" ", 3)[3:]
    note = INSTALL_NOTE.format(
        title=app.config.html_title or app.config.project, package=package, wheel=wheel_name(), command=command,
        others=f", and {', '.join(others[0].split())} (the versions the book was built with)" if others else "")
    cell = nbformat.v4.new_markdown_cell(note, metadata={"tags": ["install-note"]})
    if notebook.nbformat_minor >= 5:
        cell["id"] = "install-note"  # stable from build to build
    else:
        cell.pop("id", None)
    notebook.cells.insert(0, cell)
    nbformat.write(notebook, path)


def setup(app):
    app.connect("builder-inited", build_wheel)
    # After the book theme made its header buttons and copied the notebook to _sources (priority 501).
    app.connect("html-page-context", downloads_download, priority=502)
    app.connect("html-page-context", add_install_note, priority=502)
    app.connect("build-finished", ship_wheel)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
