"""The book's Sphinx extension (_ext/): each workaround still needed, launch buttons from one setting.

The first tests run the upstream code that ``_ext/book_fixes.py`` works around and
fail once it no longer misbehaves: then the workaround goes. The last ones build
a one-page book with the book's extension, with and without a repository.
"""

import doctest
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

import book_code  # noqa: E402
import book_fixes  # noqa: E402
import book_launch  # noqa: E402
import book_math  # noqa: E402
import book_search  # noqa: E402

TOC = """<ul><li class="toctree-l1 has-children current"><a class="reference internal" href="a.html">Basic Operation</a>
<ul><li class="toctree-l2"><a class="reference internal" href="b.html">Strides</a></li></ul></li></ul>"""


# --- each workaround is still needed ---------------------------------------------------------


def test_the_theme_still_leaves_its_toc_toggles_unnamed_and_drawn_by_fontawesome():
    from pydata_sphinx_theme.toctree import add_collapse_checkboxes

    soup = BeautifulSoup(TOC, "html.parser")
    add_collapse_checkboxes(soup)
    summary = soup.select_one("details > summary")
    assert summary.get_text(strip=True) == "" and not summary.get("aria-label")
    assert summary.select("i.fa-solid.fa-chevron-down")


def test_the_toc_toggles_get_a_name_and_an_svg_chevron():
    from pydata_sphinx_theme.toctree import add_collapse_checkboxes

    soup = BeautifulSoup(TOC, "html.parser")
    book_fixes.name_and_draw_toctree_toggles(add_collapse_checkboxes)(soup)
    summary = soup.select_one("details > summary")
    assert summary["aria-label"] == "Sections of Basic Operation"
    assert summary.select("svg.svg-inline--fa.fa-chevron-down path") and not summary.select("i")


class Recorder:
    def __init__(self):
        self.body = []


def test_myst_nb_still_names_hidden_cells_unlike_their_label():
    from myst_nb.sphinx_ import visit_HideCellInput

    node = {"classes": ["tag_hide-cell"], "prompt_show": "Show code cell source", "prompt_hide": "Hide code cell source"}
    theirs, ours = Recorder(), Recorder()
    visit_HideCellInput(theirs, node)
    assert 'aria-label="Toggle hidden content"' in "".join(theirs.body)
    book_fixes.visit_hidden_cell(ours, node)
    written = "".join(ours.body)
    assert "aria-label" not in written and "<summary>" in written and "Show code cell source" in written


def test_docutils_still_writes_the_deprecated_biblioentry_role():
    from docutils.core import publish_string

    page = publish_string(".. [Dumoulin16] A guide.\n\nSee [Dumoulin16]_.\n", writer_name="html5").decode()
    assert 'role="doc-biblioentry"' in page
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
    assert '"doc-biblioentry":{type:"listitem"' in axe and "deprecated:!0},\"doc-bibliography\"" in axe


def test_myst_nb_still_embeds_widget_state_that_nothing_reads():
    from myst_nb.core.render import NbElementRenderer

    registered = {}
    stub = SimpleNamespace(add_js_file=lambda key, uri, kwargs: registered.update({key: kwargs}),
                           config=SimpleNamespace(ipywidgets_js={}))
    NbElementRenderer.render_nb_finalise(stub, {"widgets": {book_fixes.WIDGET_STATE: {"state": {"m": {}}}}})
    assert registered["ipywidgets_state"]["type"] == book_fixes.WIDGET_STATE


def test_myst_nb_still_copies_its_stylesheet_only_when_the_build_finishes():
    from unittest.mock import MagicMock

    from myst_nb import sphinx_ext

    app = MagicMock()
    sphinx_ext.sphinx_setup(app)
    events = [call.args[0] for call in app.connect.call_args_list if call.args[1] is sphinx_ext.add_global_html_resources]
    assert events == ["build-finished"]


def test_the_theme_still_offers_the_notebook_only_with_launch_buttons():
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    app = SimpleNamespace(env=SimpleNamespace(doc2path=lambda name: f"{name}.md"),
                          config={"html_theme_options": {"launch_buttons": {}}})
    context = {"pagename": "chapters/strides", "sourcename": "chapters/strides.md", "header_buttons": []}
    add_launch_buttons(app, "chapters/strides", "page.html", context, None)
    assert "ipynb_source" not in context


# --- formulas, search text --------------------------------------------------------------------


def test_katex_typesets_with_mathml_and_reports_what_it_cannot():
    good, bad = book_math.typeset([(r"\frac{n + 2p}{s}", True), (r"\frac{", False)])
    assert good["html"].startswith('<span class="katex-display"><span class="katex"><span class="katex-mathml"><math')
    assert '<annotation encoding="application/x-tex">\\frac{n + 2p}{s}</annotation>' in good["html"]
    assert "error" in bad and "html" not in bad


# --- code: a span only where a token looks different ------------------------------------------

STYLES = ("a11y-high-contrast-light", "a11y-high-contrast-dark")  # pydata-sphinx-theme's, as its theme.conf names them


def _drawn(markup, rules):
    """Each character of highlighted ``markup`` with the declarations ``rules`` (class -> dict) give it.

    A character outside a span has the block's own (``""``); one inside a span has the
    block's, overridden by each of the span's classes in the stylesheet's order.
    """
    from html.parser import HTMLParser

    drawn, classes = [], [[]]

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "span":
                classes.append(dict(attrs).get("class", "").split())

        def handle_endtag(self, tag):
            if tag == "span":
                classes.pop()

        def handle_data(self, data):
            look = dict(rules.get("", {}))
            order = list(rules)
            for name in sorted((name for name in classes[-1] if name in rules), key=order.index):
                look.update(rules[name])
            drawn.extend((char, tuple(sorted(look.items()))) for char in data)

    Reader(convert_charrefs=True).feed(markup)
    return drawn


def _pygments_css_rules(mode):
    """The theme's pygments.css for ``mode`` ("light", "dark"), as {class: {property: value}} ("" is the block)."""
    import re

    from pydata_sphinx_theme.pygments import get_pygments_stylesheet

    rules = {}
    prefix = re.escape(f'html[data-theme="{mode}"] .highlight')
    for selector, body in re.findall(rf"^{prefix}((?: \.[\w-]+)?) {{([^}}]*)}}", get_pygments_stylesheet(*STYLES), re.M):
        declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
        rules[selector.strip(" .")] = {k.strip(): v.strip() for k, v in declarations.items()}
    return rules


def test_lean_code_looks_as_pygments_draws_it_in_light_and_dark():
    """Every character of the book's code cells gets the same colour, weight, slant and border from the
    theme's pygments.css with or without the spans the lean formatter leaves out, in both modes."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    code = "\n".join(part.split("```", 1)[0] for page in sorted((ROOT / "chapters").glob("*.md"))
                     for part in page.read_text().split("```{code-cell} ipython3")[1:])
    lexer = get_lexer_by_name("ipython3")
    full = highlight(code, lexer, HtmlFormatter(style=STYLES[0]))
    lean = highlight(code, lexer, book_code.LeanHtmlFormatter(style=STYLES[0], styles=STYLES))
    assert len(lean) < 0.6 * len(full)
    for mode in ("light", "dark"):
        rules = _pygments_css_rules(mode)
        assert rules[""]["color"] and rules["n"] and rules["k"]
        assert _drawn(lean, rules) == _drawn(full, rules), mode


@pytest.mark.parametrize("module", [book_search, book_launch], ids=lambda m: m.__name__)
def test_the_examples_in_the_docstrings(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# --- launch buttons: one setting, or the clone's remote ---------------------------------------


@pytest.mark.parametrize(("remote", "address"), [
    ("git@github.com:someone/a-book.git", "https://github.com/someone/a-book"),
    ("https://github.com/someone/a-book.git", "https://github.com/someone/a-book"),
    ("https://github.com/someone/a-book/", "https://github.com/someone/a-book"),
    ("ssh://git@gitlab.com/group/a.book.git", "https://gitlab.com/group/a.book"),
    ("/work/main", None),
    ("https://example.org/someone/a-book", None),
    ("", None),
    (None, None),
])
def test_a_remote_gives_a_web_address_only_on_github_or_gitlab(remote, address):
    assert book_launch.web_address(remote) == address


def test_the_setting_wins_over_the_remote_and_a_bad_setting_gives_no_button():
    assert book_launch.repository("https://github.com/a/b", "git@github.com:c/d.git") == "https://github.com/a/b"
    assert book_launch.repository("", "git@github.com:c/d.git") == "https://github.com/c/d"
    assert book_launch.repository("", "/some/where") is None
    assert book_launch.repository("not a url", "git@github.com:c/d.git") is None


PAGE = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---
# A page

A formula $x^2$.

```{code-cell}
print(6 * 7)
```
"""


def build_tiny_book(folder, repository_url):
    """A one-page book with this book's extension and configuration, but its own repository setting."""
    config = (ROOT / "_config.yml").read_text()
    config = config.replace('  url: ""\n', f'  url: "{repository_url}"\n')
    config = config.replace("    book: _ext/\n", f"    book: {ROOT / '_ext'}/\n")
    config = config.replace("templates_path: [_ext/templates]", f"templates_path: [{ROOT / '_ext' / 'templates'}]")
    config = config.replace("html_static_path: [_ext/static]", f"html_static_path: [{ROOT / '_ext' / 'static'}]")
    config = config.replace("favicon: _ext/static/favicon.svg", f"favicon: {ROOT / '_ext' / 'static' / 'favicon.svg'}")
    config = config.replace("bibtex_bibfiles:\n  - references.bib\n", f"bibtex_bibfiles:\n  - {ROOT / 'references.bib'}\n")
    (folder / "_config.yml").write_text(config)
    (folder / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (folder / "page.md").write_text(PAGE)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)  # a clone without a remote
    run = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(folder), "-W"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return (folder / "_build" / "html" / "page.html").read_text(), run.stdout


@pytest.mark.full
def test_with_a_repository_set_every_notebook_page_launches_it_on_binder(tmp_path):
    page, log = build_tiny_book(tmp_path, "https://github.com/someone/a-book")
    assert 'href="https://mybinder.org/v2/gh/someone/a-book/main?urlpath=lab/tree/page.md"' in page
    assert "launch buttons open https://github.com/someone/a-book" in log
    assert 'href="_sources/page.ipynb"' in page


@pytest.mark.full
def test_without_a_repository_there_is_no_launch_button_but_the_notebook_downloads(tmp_path):
    page, log = build_tiny_book(tmp_path, "")
    assert "mybinder" not in page and "Launch interactive content" not in page
    assert "no launch buttons: set repository.url in _config.yml" in log
    assert 'href="_sources/page.ipynb"' in page and (tmp_path / "_build" / "html" / "_sources" / "page.ipynb").exists()


@pytest.mark.full
def test_jupyter_book_without_katex_stops_at_once_naming_make_book(tmp_path):
    """`jupyter-book build .` in a clone where `make book` never ran: one line, before any notebook runs."""
    (tmp_path / "_ext").mkdir()
    for path in (ROOT / "_ext").glob("*.py"):
        (tmp_path / "_ext" / path.name).write_text(path.read_text())
    (tmp_path / "_config.yml").write_text("title: T\nsphinx:\n  local_extensions:\n    book: _ext/\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (tmp_path / "page.md").write_text(PAGE)
    run = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [
        "error: the book needs Node and the tools of package-lock.json (KaTeX typesets its formulas): "
        "build it with `make book`, which installs them"]
    assert "Traceback" not in run.stdout + run.stderr and "Executing" not in run.stdout
