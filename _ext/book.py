"""The book's Sphinx extension: what this book adds to Jupyter Book, one module per job.

- ``book_math``: formulas typeset when the book is built (KaTeX from package-lock.json).
- ``book_code``: highlighted code with a span only where a token looks different from plain text.
- ``book_players``: the players, with the engine loaded once per page.
- ``book_search``: search from files, with snippets from an index of the pages' text.
- ``book_references``: author–year references in the text and in the list.
- ``book_images``: images with their size known in advance, lazy after a page's opening.
- ``book_icons``: the theme's icons as inline SVG (no fontawesome.js).
- ``book_launch``: launch buttons from one setting or the clone's remote, or none.
- ``book_downloads``: the download menu downloads, with the package's wheel; notebooks say what they need.
- ``book_pdf``: the whole book as one PDF, printed by Chromium when the book is built.
- ``book_fixes``: workarounds for the theme, Sphinx and docutils, each with its upstream reason.
"""


import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What the build runs under Node, from package-lock.json (`npm ci`, which `make book` runs).
TOOLS = (ROOT / "node_modules" / "katex" / "dist" / "katex.min.js", ROOT / "node_modules" / "terser" / "bin" / "terser")
MISSING = ("error: the book needs Node and the tools of package-lock.json (KaTeX typesets its formulas): "
           "build it with `make book`, which installs them")


def require_the_tools(app, config):
    """Stop at once, in one line, when Node or its tools are missing (`jupyter-book build .` before `make book`).

    ``SystemExit``, not a Sphinx error: Jupyter Book would wrap the line in a traceback
    of its own, and a book whose formulas show as TeX is no book.
    """
    if shutil.which("node") is None or not all(tool.is_file() for tool in TOOLS):
        sys.exit(MISSING)


def setup(app):
    app.connect("config-inited", require_the_tools, priority=100)
    app.add_css_file("book.css")
    app.add_js_file("book.js", loading_method="defer")
    for part in ("book_math", "book_code", "book_players", "book_search", "book_references", "book_images", "book_icons", "book_launch", "book_downloads", "book_pdf", "book_fixes"):
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
