"""The players on the book's pages: the engine loaded once, shared by every player.

MyST-NB renders each player's output as a ``player`` node (``transconv/book_render.py``),
which this module writes as a host: the player's model as JSON and an element to
draw into, with no code. A page with players links two files, which the browser
keeps from page to page:

- ``_static/transconv/players.js``: every view with the engine and the grids they
  share, once (``transconv.bundle.views_module``), and the stand-in model of
  ``transconv/static/boot.js``, minified by terser (the readable sources are the
  package's, and a downloaded notebook's). A classic (deferred) script, since a page
  opened from files may not load module scripts from files: it draws every host of
  the page once the page is parsed;
- ``_static/transconv/players.css``: the players' stylesheet.

The first player of a page gets the skip link that ``templates/layout.html`` adds.
A notebook downloaded from the book keeps each player's own ``text/html`` face,
which inlines the engine and works alone.
"""

import re
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

from transconv import bundle, widgets
from transconv.book_render import player

ROOT = Path(__file__).resolve().parent.parent
TERSER = ROOT / "node_modules" / "terser" / "bin" / "terser"
SCRIPT = "transconv/players.js"
STYLESHEET = "transconv/players.css"
#: Every view the package ships (each widget class's entry module): one file for the whole book, downloaded once.
VIEWS = tuple(sorted({cls.ENTRY for cls in map(widgets.__dict__.get, widgets.__all__) if hasattr(cls, "ENTRY")}))

SCRIPT_TEXT = """\
"use strict";
(() => {
%(views)s
%(boot)s
for (const host of document.querySelectorAll("[data-tcv-view]")) {
  try {
    const values = JSON.parse(host.querySelector("script[data-tcv-model]").textContent);
    views[host.dataset.tcvView].render({ model: standInModel(values), el: host.querySelector(".tcv-mount") });
  } catch (error) {
    console.error("transconv player", host.id, error);
  }
}
})();
"""
HEADER = ("// Written by _ext/book_players.py, minified: every player's view with the engine they share "
          "(transconv.bundle.views_module) and transconv/static/boot.js's stand-in model, once for the whole book. "
          "Sources: transconv/static.\n")


def visit_player(self, node):
    self.body.append(
        f'<div class="tcv-host" id="{node["ids"][0]}" data-tcv-view="{node["entry"]}">'
        f'<script type="application/json" data-tcv-model>{bundle._json_for_script(node["model"])}</script>'
        '<div class="tcv-mount"><noscript>This interactive player needs JavaScript.</noscript></div></div>\n')
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def link_the_players(app, pagename, templatename, context, doctree):
    """On a page with players: the shared script and stylesheet, and the skip link's target."""
    first = next(doctree.findall(player), None) if doctree is not None else None
    if first is None:
        return
    unknown = {node["entry"] for node in doctree.findall(player)} - set(VIEWS)
    if unknown:
        raise ValueError(f"book_players: {pagename} shows players of {sorted(unknown)}, which VIEWS leaves out")
    app.add_css_file(STYLESHEET)
    app.add_js_file(SCRIPT, loading_method="defer")
    context["first_player"] = first["ids"][0]


def minified(script):
    """A classic script through terser (node_modules, package-lock.json): names shortened, comments out but
    the ``// ---- file.js`` line before each file."""
    run = subprocess.run(["node", str(TERSER), "--compress", "--mangle", "--comments", "/^ ---- /"],
                         input=script, capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode != 0:
        raise ExtensionError(f"book_players: terser failed: {run.stderr[-2000:]}")
    return run.stdout


def shared_script():
    """Every view, the engine once, boot.js's stand-in model and the loop that draws a page's players.

    One function's body, not a module: a page opened from files may not load module scripts from files,
    and a classic script runs as the page is parsed, with no module to fetch afterwards.
    """
    boot = bundle.read("boot.js")
    if re.search(r"^\s*(import|export)\b", boot, re.MULTILINE):
        raise ExtensionError("book_players: boot.js imports or exports now; the shared script needs a plain script")
    return HEADER + minified(SCRIPT_TEXT % {"views": bundle.views_module(VIEWS, export=False), "boot": boot})


def write_the_shared_files(app):
    """Before any page is written, so that every page links them with the same ``?v=`` checksum."""
    if app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / Path(SCRIPT).parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / Path(SCRIPT).name).write_text(shared_script(), encoding="utf-8")
    (folder / Path(STYLESHEET).name).write_text(bundle.stylesheet(), encoding="utf-8")


def setup(app):
    app.add_node(player, html=(visit_player, None), latex=(skip, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
    app.connect("html-page-context", link_the_players)
    app.connect("builder-inited", write_the_shared_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
