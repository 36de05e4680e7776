"""The book's Sphinx extension: fixes and additions to the theme, each checked by the browser tests.

Everything here works through Sphinx's own means: the page context
(``html-page-context``), node visitors, post-transforms and the files the build
writes beside the pages.  Nothing rewrites written HTML.  The two fixes of
others' output that remain (sphinx-thebe's configuration script declared twice;
the theme's unnamed table-of-contents toggles) fail the build when they no
longer find anything to fix, so that they are removed or revised then.

- Repeated identical scripts are dropped from each page (sphinx-thebe's
  configuration script appeared twice), and so is the embedded widget state
  that no widget manager reads (the book shows the kernel-free players).
- Players (the raw HTML outputs whose root carries ``data-player``) are kept
  out of the search index: their controls are not words of the book.
- Accessibility: the table of contents' expand toggles get a name, MyST-NB's
  show/hide toggles keep their visible text as their name, bibliography
  entries are list items of their ``role="list"`` parent.
- Downloads download: the ``.ipynb`` and ``.md`` items of the download menu
  carry ``download`` attributes (rendered by the book's
  ``article-header-buttons.html``), and the menu offers the wheel of the
  ``transconv`` package that the notebooks import.
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
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parent.parent
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
THEBE_SCRIPT = "THEBE_JS_URL"


# --- scripts -------------------------------------------------------------------------------


def _script_key(script):
    attributes = getattr(script, "attributes", {})
    return (
        str(getattr(script, "filename", script) or ""),  # inline scripts: None or ""
        tuple(sorted((k, str(v)) for k, v in attributes.items())),
    )


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    """Keep one of each identical script, and no widget state (no widget manager reads it)."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        if getattr(script, "attributes", {}).get("type") == WIDGET_STATE:
            continue
        key = _script_key(script)
        if THEBE_SCRIPT in str(getattr(script, "attributes", {}).get("body", "")):
            app.book_fixes_thebe_pages = getattr(app, "book_fixes_thebe_pages", 0) + 1
        if key in seen:
            if THEBE_SCRIPT in str(getattr(script, "attributes", {}).get("body", "")):
                app.book_fixes_thebe_duplicates = True
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"][:] = unique  # in place: the builder keeps a reference


def check_workarounds_still_apply(app, exception):
    """The fixes of others' output are workarounds: fail once they find nothing to fix."""
    if exception is not None or app.builder.format != "html":
        return
    # An incremental build may write no page with sphinx-thebe's script: nothing to judge then.
    if getattr(app, "book_fixes_thebe_pages", 0) and not getattr(app, "book_fixes_thebe_duplicates", False):
        raise ExtensionError(
            "book_fixes: no page declared sphinx-thebe's THEBE_JS_URL script twice any more; "
            "drop_repeated_scripts' workaround is no longer needed: remove it from _ext/book_fixes.py")
    if not getattr(app, "book_fixes_named_toggles", 0):
        raise ExtensionError(
            "book_fixes: the theme's table of contents has no unnamed expand toggle any more; "
            "name_toctree_toggles is no longer needed (or no longer finds them): review _ext/book_fixes.py")


# --- players out of the search index --------------------------------------------------------


class player_html(nodes.General, nodes.Element):
    """A player's raw HTML output, written to the page as is but never indexed for search."""


#: The anchor before a page's first player, the target of the skip link that layout.html adds.
FIRST_PLAYER = "first-interactive-player"


def visit_player_html(self, node):
    if not getattr(self, "book_fixes_player_seen", False):
        self.book_fixes_player_seen = True
        self.body.append(f'<span id="{FIRST_PLAYER}"></span>')
    self.body.append(node["html"])
    raise nodes.SkipNode


def skip_node(self, node):
    raise nodes.SkipNode


#: A player's root in a raw HTML output: ``data-player`` (drawn), or the static face's host
#: ``data-tcv-boot`` (transconv.bundle), whose player the page's script draws.
PLAYER_ROOT = re.compile(r"<[a-zA-Z][^>]*\sdata-(?:player|tcv-boot)\b")


class PlayersOutOfSearch(SphinxPostTransform):
    """Turn raw HTML outputs that hold a player (``data-player``) into `player_html` nodes.

    Sphinx's search indexer reads the words of every raw HTML node; a
    `player_html` node has no text children, so its buttons and grids stay out
    of the index, while the HTML writer writes it unchanged.
    """

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs):
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and PLAYER_ROOT.search(raw.astext()):
                raw.replace_self(player_html(html=raw.astext(), classes=raw.get("classes", [])))


# --- accessible names ----------------------------------------------------------------------


def visit_citation(self, node):
    """docutils' citation, as a ``listitem`` of its ``role="list"`` container."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node):
    type(self).depart_citation(self, node)  # the translator's own: closes the list after the last entry


def visit_hidden_cell(self, node):
    """MyST-NB's show/hide toggle of a hidden cell, named by its visible text."""
    from myst_nb.sphinx_ import visit_HideCellInput

    visit_HideCellInput(self, node)
    label = '<summary aria-label="Toggle hidden content">\n'
    if label not in self.body[-6:]:
        raise ExtensionError("book_fixes: MyST-NB's hidden-cell <summary> changed; review visit_hidden_cell")
    self.body[len(self.body) - 1 - self.body[::-1].index(label)] = "<summary>\n"


def register_visitors(app):
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))


def name_toctree_toggles(app, pagename, templatename, context, doctree):
    """Give the sidebar's expand/collapse toggles (``<summary>`` with an icon only) a name."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args, **kwargs):
        soup = BeautifulSoup(str(generate(*args, **kwargs)), "html.parser")  # a soup or a string
        for summary in soup.select("details > summary"):
            if not summary.get_text(strip=True) and not summary.get("aria-label"):
                link = summary.find_parent("li").find("a", recursive=False)
                name = link.get_text(" ", strip=True) if link else "this part"
                summary["aria-label"] = f"Sections of {name}"
                app.book_fixes_named_toggles = getattr(app, "book_fixes_named_toggles", 0) + 1
        return str(soup)

    context["generate_toctree_html"] = generate_named


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
        raise ExtensionError("book_fixes: pyproject.toml has no one-line `dependencies = [...]` to pin")
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
        raise ExtensionError(f"book_fixes: a notebook needs {missing}, which requirements.txt does not pin")
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
    app.add_css_file("book.css")
    app.add_js_file("book.js", loading_method="defer", priority=900)  # after MathJax (500)
    app.add_node(player_html, html=(visit_player_html, None), latex=(skip_node, None),
                 text=(skip_node, None), man=(skip_node, None), texinfo=(skip_node, None))
    app.add_post_transform(PlayersOutOfSearch)
    app.connect("builder-inited", register_visitors)
    app.connect("builder-inited", build_wheel)
    app.connect("html-page-context", drop_repeated_scripts, priority=999)
    app.connect("html-page-context", name_toctree_toggles, priority=999)
    # After the book theme made its header buttons and copied the notebook to _sources (priority 501).
    app.connect("html-page-context", downloads_download, priority=502)
    app.connect("html-page-context", add_install_note, priority=502)
    app.connect("build-finished", check_workarounds_still_apply)
    app.connect("build-finished", ship_wheel)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
