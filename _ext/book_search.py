"""Search that works from files: the snippets come from an index built with the book.

Sphinx's search page fetches every result's page to cut a snippet from it, which a
page opened from files may not do (one console error per result, and no snippet).
Here ``html_show_search_summary`` is off (``_config.yml``), and the search page
carries the reading text of every page instead: the article's words, formulas as
a reader would type them (``X[i, j]``, not ``\\mathsf{X}[i, j]``), code, and no
players (their controls are not words of the book). ``static/book-search.js``, on
the search page only, cuts each result's snippet from it. The search index and
Sphinx's search scripts load on the search page only (``templates/layout.html``).
"""

import json
import re

from docutils import nodes

from transconv.book_render import player

SCRIPT = "book-search.js"

SYMBOLS = {
    "times": "×", "cdot": "·", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "top": "ᵀ",
    "ell": "ℓ", "partial": "∂", "nabla": "∇", "sum": "∑", "ldots": "…", "cdots": "⋯", "dots": "…",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "bmod": " mod ", "mod": " mod ",
    "qquad": "  ", "quad": " ", "in": "∈", "to": "→", "infty": "∞", "alpha": "α", "beta": "β",
    "sigma": "σ", "lambda": "λ", "mid": "|", "approx": "≈", "lvert": "|", "rvert": "|",
}
DROPPED = re.compile(r"\\(left|right|bigl|bigr|Bigl|Bigr|big|Big|mathrel|displaystyle|[,;!:]|\s)")
STYLED = re.compile(r"\\(mathsf|mathbf|mathrm|mathit|boldsymbol|text|textrm|textsf|operatorname)\s*\{([^{}]*)\}")
FRACTION = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")


def tex_to_text(tex):
    r"""TeX as a reader would write it in plain text.

    >>> tex_to_text(r"\mathsf{Y}[i, j] = \sum_{u} \mathsf{X}[i - u, j]\,\mathsf{K}[u, v]")
    'Y[i, j] = ∑_u X[i - u, j] K[u, v]'
    >>> tex_to_text(r"o = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1")
    'o = ⌊ (n + 2p - k)/(s) ⌋ + 1'
    """
    text = re.sub(r"\\(begin|end)\{[^}]*\}", " ", tex).replace("\\\\", "; ").replace("&", " ")
    for _ in range(4):
        text = STYLED.sub(r"\2", text)
    text = FRACTION.sub(r"(\1)/(\2)", text)
    text = DROPPED.sub(" ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = re.sub(r"_\{([^{}]*)\}", r"_\1", text).replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


#: What a reader does not read as words: raw HTML, comments, build messages, images, players.
SKIPPED = (nodes.raw, nodes.comment, nodes.system_message, nodes.image, nodes.Invisible, player)


class ReadingText(nodes.SparseNodeVisitor):
    """The words of a page as a reader meets them, with where each section starts and ends."""

    def __init__(self, document):
        super().__init__(document)
        self.parts, self.sections = [], {}

    @property
    def length(self):
        return sum(len(p) for p in self.parts)

    def visit_Text(self, node):
        self.parts.append(node.astext())

    def visit_math(self, node):
        self.parts.append(tex_to_text(node.astext()))
        raise nodes.SkipNode

    def visit_math_block(self, node):
        self.parts.append(f" {tex_to_text(node.astext())} ")
        raise nodes.SkipNode

    def visit_section(self, node):
        node["book_search_start"] = self.length

    def depart_section(self, node):
        for anchor in node["ids"]:
            self.sections[anchor] = [node["book_search_start"], self.length]

    def visit_paragraph(self, node):
        self.parts.append(" ")

    visit_title = visit_literal_block = visit_list_item = visit_paragraph

    def dispatch_visit(self, node):
        if isinstance(node, SKIPPED) or (isinstance(node, nodes.Element) and "no-search" in node["classes"]):
            raise nodes.SkipNode
        return super().dispatch_visit(node)

    def unknown_visit(self, node):
        """Nodes of extensions (MyST-NB's cells and outputs): their children count."""

    def unknown_departure(self, node):
        pass


def reading_text(doctree):
    """``{"text": …, "sections": {anchor: [start, end]}}``: the page's words, spaces collapsed."""
    visitor = ReadingText(doctree)
    doctree.walkabout(visitor)
    raw = "".join(visitor.parts)
    # Collapse runs of spaces while keeping the sections' offsets right.
    kept, mapping = [], []
    for char in raw:
        mapping.append(len(kept))
        if not (char.isspace() and (not kept or kept[-1] == " ")):
            kept.append(" " if char.isspace() else char)
    mapping.append(len(kept))
    sections = {anchor: [mapping[start], mapping[end]] for anchor, (start, end) in visitor.sections.items()}
    return {"text": "".join(kept), "sections": sections}


def add_reading_texts(app, pagename, templatename, context, doctree):
    """The search page: the reading text of every page, and the script that cuts snippets from it."""
    if pagename != "search":
        return
    texts = {docname: reading_text(app.env.get_and_resolve_doctree(docname, app.builder))
             for docname in sorted(app.env.found_docs) if docname in app.env.all_docs}
    # JSON inside a <script> element: nothing in it may end the element.
    context["book_search_texts"] = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    app.add_js_file(SCRIPT, loading_method="defer")


def setup(app):
    app.connect("html-page-context", add_reading_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
