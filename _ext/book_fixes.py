"""Workarounds for what the pinned theme, MyST-NB and docutils still get wrong.

Each one says why in one line, and ``tests/test_book_layer.py`` runs the upstream
code it works around and fails once the workaround is no longer needed. None of them
edits written HTML: they act on the theme's tree before it is written, on a
node's visitor, or on the page context.
"""

import shutil
from pathlib import Path

from book_icons import icon
from docutils import nodes
from markupsafe import escape

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# --- pydata-sphinx-theme 0.17: the table of contents' expand toggles ------------------------


def name_and_draw_toctree_toggles(add_collapse_checkboxes):
    """Wrap the theme's ``add_collapse_checkboxes(soup)``.

    Why: its ``<summary>`` holds only an icon, so it has no accessible name (axe:
    summary-name), and the icon is an ``<i>`` that only fontawesome.js draws.
    """

    def named(soup):
        add_collapse_checkboxes(soup)
        for summary in soup.select("details > summary"):
            for glyph in summary.select("i.fa-chevron-down"):
                glyph.replace_with(type(soup)(str(icon(" ".join(glyph["class"]))), "html.parser"))
            if not summary.get_text(strip=True) and not summary.get("aria-label"):
                link = summary.find_parent("li").find("a", recursive=False)
                summary["aria-label"] = f"Sections of {link.get_text(' ', strip=True) if link else 'this part'}"

    return named


def patch_toctree(app):
    from pydata_sphinx_theme import toctree

    if not getattr(toctree.add_collapse_checkboxes, "book_fixes", False):  # once per process
        toctree.add_collapse_checkboxes = name_and_draw_toctree_toggles(toctree.add_collapse_checkboxes)
        toctree.add_collapse_checkboxes.book_fixes = True


# --- MyST-NB 1.4: the show/hide toggle of a hidden cell -----------------------------------------


def visit_hidden_cell(self, node):
    """MyST-NB's ``visit_HideCellInput`` without its ``aria-label``.

    Why: MyST-NB names the toggle "Toggle hidden content" while it shows "Show code
    cell source", a name that does not contain the visible label (WCAG 2.5.3).
    """
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n'
                     f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n'
                     f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n</summary>\n')


# --- docutils 0.21: the references ---------------------------------------------------------------


def visit_citation(self, node):
    """docutils' ``visit_citation`` with ``role="listitem"``.

    Why: docutils gives each entry ``role="doc-biblioentry"``, which DPUB-ARIA 1.1
    deprecates (axe: aria-deprecated-role), inside its ``role="list"``.
    """
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node):
    type(self).depart_citation(self, node)  # docutils' own: closes the list after the last entry


def register_visitors(app):
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))


# --- MyST-NB 1.4: ipywidgets' state on pages that show no widget view ----------------------------


def drop_widget_state(app, pagename, templatename, context, doctree):
    """Leave out the ``widget-state+json`` script.

    Why: MyST-NB writes ipywidgets' state (here each player's whole module) into
    every page whose notebook stored it, even where ``nb_mime_priority_overrides``
    shows no widget view, so that no widget manager ever reads it.
    """
    scripts = context.get("script_files", [])
    scripts[:] = [s for s in scripts if getattr(s, "attributes", {}).get("type") != WIDGET_STATE]


# --- MyST-NB 1.4: its stylesheet copied after the pages are written -------------------------------


def copy_the_mystnb_stylesheet_first(app):
    """Copy MyST-NB's stylesheet into ``_static`` before any page is written.

    Why: MyST-NB copies it at ``build-finished``, after the pages, so Sphinx links it
    without its ``?v=`` checksum in a fresh build and with it in a later one: two
    addresses for one file, which a reader's browser downloads twice.
    """
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, None)


# --- sphinx-book-theme 1.3: the executed notebook in the download menu ---------------------------


def offer_the_executed_notebook(app, pagename, templatename, context, doctree):
    """Copy a notebook page's executed ``.ipynb`` to ``_sources`` and name it in the context.

    Why: sphinx-book-theme does this (for its ``.ipynb`` download) inside
    ``add_launch_buttons`` only, so a book without launch buttons offers no notebook.
    """
    if app.config.html_theme_options.get("launch_buttons") or "kernelspec" not in app.env.metadata[pagename]:
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.is_file():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("builder-inited", patch_toctree)
    app.connect("builder-inited", register_visitors)
    app.connect("builder-inited", copy_the_mystnb_stylesheet_first)
    app.connect("html-page-context", drop_widget_state, priority=999)
    app.connect("html-page-context", offer_the_executed_notebook, priority=500)  # before the theme's buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
