"""The whole book as one PDF, printed by headless Chromium when the book is built (no TeX).

When the HTML build has finished, the book's pages are put one after the other, in the order of
the table of contents, into one HTML page, ``_build/pdf/print.html`` (each page's article, its
ids prefixed with the page's name so that they stay unique, its links between pages turned into
links within the page, its local addresses made relative to ``_build/pdf``). Debian's Chromium
(the one the browser tests use, driven by Playwright) opens it, waits until the formulas are
typeset and every player has drawn its key frames, and prints it to
``_build/html/_static/{PDF_NAME}``, which the download menu of every page offers.

What prints is what the book's print stylesheets make of the pages: no theme chrome, players as
their key frames side by side (``transconv/static/players.css``), collapsed sections collapsed
and sentences addressed to a screen left out (``_ext/static/book-print.css``). The text is
searchable (Chromium writes text, not pictures of it), figures keep their numbers (Sphinx numbers
them across the book), and every page carries the book's title and its page number.

The PDF is printed again only when what it is made of changed (``_build/pdf/print.sha1``).
Run on its own, ``python _ext/book_pdf.py _build/pdf/print.html OUT.pdf`` prints a page.
"""

import hashlib
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

PDF_NAME = "transposed-convolution.pdf"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The page is ready to print: book.js laid it out (formulas typeset), every player drew its key frames.
READY = """() => (document.documentElement.dataset.tcLayout ?? 'done') === 'done'
    && [...document.querySelectorAll('[data-player]')].every(p => p.hasAttribute('data-state'))
    && [...document.querySelectorAll('.tcv-print')].every(s => s.querySelector('.tcv-keyframe'))
    && document.querySelectorAll('[data-player]').length === document.querySelectorAll('.tcv-mount').length"""
FOOTER = ('<div style="width: 100%; font: 8pt sans-serif; color: #444; padding: 0 15mm; display: flex; '
          'justify-content: space-between;"><span>{title}</span>'
          '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


# --- one page of every page ---------------------------------------------------------------


def reading_order(env):
    """The book's documents in the order of its table of contents, the root first."""
    order = []

    def visit(doc):
        if doc not in order:
            order.append(doc)
            for child in env.toctree_includes.get(doc, []):
                visit(child)

    visit(env.config.root_doc)
    return order


def slug(doc):
    return doc.replace("/", "-")


def local(url):
    """Whether ``url`` is an address within the built book (not a scheme, not an absolute path)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("/", "#")) and url != ""


def rewrite(soup, doc, docs, prefix):
    """Make one page's article fit the book page: ids prefixed, links within the book, addresses from ``prefix``."""
    here = posixpath.dirname(doc)
    own = slug(doc)
    for node in soup.find_all(id=True):
        node["id"] = f"{own}--{node['id']}"
    for attribute in ("aria-labelledby", "aria-describedby", "aria-controls", "for"):
        for node in soup.find_all(attrs={attribute: True}):
            node[attribute] = " ".join(f"{own}--{ref}" for ref in node[attribute].split())
    for node in soup.find_all(href=True):
        href = node["href"]
        if href.startswith("#"):
            node["href"] = f"#{own}--{href[1:]}" if len(href) > 1 else f"#{own}"
        elif local(href):
            path, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(here, path))
            if target.endswith(".html") and target[:-5] in docs:
                node["href"] = f"#{slug(target[:-5])}--{fragment}" if fragment else f"#{slug(target[:-5])}"
            else:
                node["href"] = prefix + target + (f"#{fragment}" if fragment else "")
    for attribute in ("src", "data", "poster"):
        for node in soup.find_all(attrs={attribute: True}):
            if local(node[attribute]):
                node[attribute] = prefix + posixpath.normpath(posixpath.join(here, node[attribute]))


#: The scripts of a page's head that its printed form needs: formulas, collapsed boxes, the players,
#: book.js (which says when the page is laid out). The theme's own need its chrome, which is not there.
PRINT_SCRIPTS = ("mathjax", "MathJax", "katex", "toggle", "book.js", "transconv/")


def head_of(soup, doc, prefix, seen):
    """The stylesheets and scripts of a page's head that no earlier page had, addresses from ``prefix``."""
    here = posixpath.dirname(doc)
    parts = []
    for node in soup.head.find_all(["link", "script", "style"]):
        if node.name == "link" and "stylesheet" not in (node.get("rel") or []):
            continue
        if node.name == "script" and not any(key in str(node) for key in PRINT_SCRIPTS):
            continue
        for attribute in ("href", "src"):
            if node.get(attribute) and local(node[attribute]):
                node[attribute] = prefix + posixpath.normpath(posixpath.join(here, node[attribute]))
        text = str(node)
        if "pagename" in text or "search_as_you_type" in text:  # this page's own options
            continue
        if text not in seen:
            seen.add(text)
            parts.append(text)
    return parts


def print_page(html_dir, docs, out):
    """Write the book's pages as one HTML page, ``out``; returns its text."""
    from bs4 import BeautifulSoup

    prefix = posixpath.relpath(Path(html_dir).resolve().as_posix(), Path(out).parent.resolve().as_posix()) + "/"
    head, seen, body, title = [], set(), [], None
    for doc in docs:
        path = Path(html_dir) / f"{doc}.html"
        if not path.exists():
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        title = title or soup.title.get_text().split("—")[0].strip()
        head += head_of(soup, doc, prefix, seen)
        article = soup.select_one("article.bd-article")
        rewrite(article, doc, set(docs), prefix)
        body.append(f'<section class="tc-print-page" id="{slug(doc)}">{article.decode_contents()}</section>')
    text = ('<!DOCTYPE html>\n<html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8">'
            f'<title>{title}</title>{"".join(head)}</head>'
            '<body class="tc-print-book"><main id="main-content" class="bd-main"><div class="bd-content">'
            '<div class="bd-article-container"><article class="bd-article">'
            f'{"".join(body)}</article></div></div></main></body></html>\n')
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(text, encoding="utf-8")
    return text


def print_to_pdf(page_path, pdf_path):
    """Print an HTML page to a PDF with Chromium (A4, the title and page numbers at each page's foot)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(Path(page_path).resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.wait_for_function(READY, timeout=120_000, polling=200)
            title = page.title()
            page.pdf(path=str(pdf_path), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER.format(title=title),
                     margin={"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
        finally:
            browser.close()


# --- the Sphinx side -------------------------------------------------------------------------


def build_the_pdf(app, exception):
    """After a successful HTML build: the book as one page, printed when it changed."""
    from sphinx.errors import ExtensionError

    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    work = outdir.parent / "pdf"
    page = work / "print.html"
    text = print_page(outdir, reading_order(app.env), page)
    pdf = outdir / "_static" / PDF_NAME
    stamp = work / "print.sha1"
    made_of = sorted(p for p in (outdir / "_static").rglob("*") if p.suffix in {".css", ".js"})
    digest = hashlib.sha1(text.encode() + Path(__file__).read_bytes()
                          + b"".join(p.read_bytes() for p in made_of)).hexdigest()
    if pdf.exists() and stamp.exists() and stamp.read_text() == digest:
        return
    if not Path(CHROMIUM).exists():
        raise ExtensionError(f"book_pdf: {CHROMIUM} is missing, which prints the book's PDF: `make chromium` installs it")
    # its own process: Playwright's synchronous API refuses a thread that runs an event loop
    run = subprocess.run([sys.executable, __file__, str(page), str(pdf)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise ExtensionError(f"book_pdf: Chromium could not print {page}: {run.stderr[-3000:]}")
    stamp.write_text(digest)


def offer_the_pdf(app, pagename, templatename, context, doctree):
    """The download menu offers the whole book as a PDF (after the theme made its buttons, priority 501)."""
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append({
                "type": "link",
                "url": f"{context['pathto']('_static', 1)}/{PDF_NAME}",
                "text": "Book (PDF)",
                "tooltip": "Download the whole book as one PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
                "download": PDF_NAME,
            })


def keep_collapsed_in_print(app, config):
    """sphinx-togglebutton opens every collapsed box when a page is printed: on paper they stay collapsed."""
    config.togglebutton_open_on_print = False


def setup(app):
    app.connect("config-inited", keep_collapsed_in_print, priority=100)  # before sphinx-togglebutton reads it
    app.add_css_file("book-print.css", media="print")
    app.connect("html-page-context", offer_the_pdf, priority=502)
    app.connect("build-finished", build_the_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    print_to_pdf(sys.argv[1], sys.argv[2])
