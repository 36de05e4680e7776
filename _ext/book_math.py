"""Formulas typeset when the book is built, with KaTeX run by Node.

KaTeX comes from ``package-lock.json`` (``npm ci``, which ``make book`` runs), so
the version that typesets a formula is the version whose stylesheet and fonts
the page loads. Each formula reaches the reader as KaTeX's HTML (drawn, hidden
from assistive technology) beside MathML holding its TeX (read by screen
readers); no script typesets anything in the browser, and no formula is a Tab
stop. A formula KaTeX cannot typeset is a build warning naming its page and line
(an error in the strict build).

Each page's formulas go to ``katex_render.mjs`` in one batch when the page is
resolved; the HTML writer then writes what came back. Only pages with formulas
link ``katex.min.css``, and a font is downloaded only by a page that draws a
glyph of it; the fonts ship in WOFF2, which every browser the book supports reads.

(sphinxcontrib-katex's prerendering does the same one formula at a time through a
CommonJS server, which Node refuses to run inside this repository: its
``package.json`` declares ES modules, and the virtual environment lives below it.)
"""

import html
import json
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
RENDER = Path(__file__).resolve().parent / "katex_render.mjs"
STYLESHEET = "katex/katex.min.css"  # under the book's _static

logger = logging.getLogger(__name__)


def use_katex(app, config):
    config.html_math_renderer = "katex"


def typeset(formulas):
    """KaTeX's HTML for each ``(tex, display)``: a list of ``{"html": ...}`` or ``{"error": ...}``."""
    run = subprocess.run(["node", str(RENDER)], input=json.dumps([{"tex": t, "display": d} for t, d in formulas]),
                         capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"book_math: {RENDER.name} failed: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def typeset_page(app, doctree, docname):
    """Typeset every formula of a page in one call; the HTML writer writes the results."""
    if app.builder.format != "html":
        return
    found = [node for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
             if not node.get("nowrap")]
    if not found:
        return
    results = typeset([(node.astext(), isinstance(node, nodes.math_block)) for node in found])
    for node, result in zip(found, results):
        if "error" in result:
            logger.warning("KaTeX cannot typeset %r: %s", node.astext(), result["error"], location=node)
            node["katex"] = f'<span class="katex-error">{html.escape(node.astext())}</span>'
        else:
            node["katex"] = result["html"]


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(node["katex"])
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["nowrap"]:
        self.body.append(self.encode(node.astext()))
    else:
        if node["number"]:
            self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
            self.add_permalink_ref(node, _("Link to this equation"))
            self.body.append("</span>")
        self.body.append(node["katex"])
    self.body.append("</div>\n")
    raise nodes.SkipNode


def link_stylesheet(app, pagename, templatename, context, doctree):
    if doctree is not None and next(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))), None):
        app.add_css_file(STYLESHEET)


def ship_stylesheet_and_fonts(app):
    """Before any page is written, so that every page links the stylesheet with the same ``?v=`` checksum."""
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / Path(STYLESHEET).parent
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(KATEX / "katex.min.css", target)
    for font in (KATEX / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts")


def setup(app):
    app.add_html_math_renderer("katex", inline_renderers=(visit_math, None), block_renderers=(visit_displaymath, None))
    app.connect("config-inited", use_katex)
    app.connect("doctree-resolved", typeset_page)
    app.connect("html-page-context", link_stylesheet)
    app.connect("builder-inited", ship_stylesheet_and_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
