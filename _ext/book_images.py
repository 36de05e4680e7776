"""Images that keep their place before they arrive, and that load when the reader gets near them.

Every image of a page is written with ``width`` and ``height`` attributes (its
natural size, read from the file when the book is built), so the browser knows its
shape before the file arrives and nothing below it jumps; every image after a
page's opening (its first subsection on) also has ``loading="lazy"``. docutils writes sizes only as a ``style``
and knows nothing of a file's own size, so this module writes such images itself:
the same ``<img>`` as Sphinx, with the two attributes.
"""

import posixpath
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.util.images import get_image_size


def in_the_opening(image):
    """Whether an image comes before the page's first subsection: what a reader meets first."""
    for node in image.document.findall():  # in reading order
        if node is image:
            return True
        if isinstance(node, nodes.section) and node.parent is not image.document:
            return False  # a subsection began first
    return False


def measure_images(app, doctree, docname):
    """Each image's natural size; ``loading="lazy"`` for those after a page's opening."""
    if app.builder.format != "html":
        return
    for image in doctree.findall(nodes.image):
        path = Path(app.srcdir) / image["uri"]
        size = get_image_size(str(path)) if path.is_file() else None
        if size:
            image["book_size"] = tuple(round(v) for v in size)
        if not in_the_opening(image):
            image["loading"] = "lazy"


def visit_image(self, node):
    size = node.get("book_size")
    if size is None or node["uri"].startswith(("data:", "http:", "https:")):
        return type(self).visit_image(self, node)  # Sphinx's own
    if node["uri"] in self.builder.images:  # as Sphinx does: the image's place in the built book
        node["uri"] = posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[node["uri"]]))
    attributes = {"src": node["uri"], "alt": node.get("alt", node["uri"]), "width": size[0], "height": size[1]}
    if "align" in node:
        attributes["class"] = f"align-{node['align']}"
    style = self.image_size(node)  # the directive's own :width: or :scale:, as docutils writes it
    if style:
        attributes["style"] = style
    if node.get("loading") == "lazy":
        attributes["loading"] = "lazy"
    inline = isinstance(node.parent, nodes.TextElement) and not isinstance(node.parent, nodes.reference)
    self.body.append(self.emptytag(node, "img", "" if inline else "\n", **attributes))
    raise nodes.SkipNode


def depart_image(self, node):
    type(self).depart_image(self, node)


def setup(app):
    app.connect("doctree-resolved", measure_images)
    app.add_node(nodes.image, override=True, html=(visit_image, depart_image))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
