"""The book's Sphinx extension: what this book adds to Jupyter Book, one module per job.

- ``book_math``: formulas typeset when the book is built (KaTeX from package-lock.json).
- ``book_players``: the players, with the engine loaded once per page.
- ``book_search``: search from files, with snippets from an index of the pages' text.
- ``book_references``: author–year references in the text and in the list.
- ``book_images``: images with their size known in advance, lazy below a page's first.
- ``book_icons``: the theme's icons as inline SVG (no fontawesome.js).
- ``book_launch``: launch buttons from one setting or the clone's remote, or none.
- ``book_downloads``: the download menu downloads, with the package's wheel; notebooks say what they need.
- ``book_fixes``: workarounds for the theme, Sphinx and docutils, each with its upstream reason.
"""


def setup(app):
    app.add_css_file("book.css")
    app.add_js_file("book.js", loading_method="defer")
    for part in ("book_math", "book_players", "book_search", "book_references", "book_images", "book_icons", "book_launch", "book_downloads", "book_fixes"):
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
