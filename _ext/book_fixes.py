"""Small Sphinx fixes for the book's pages, each found by the browser tests.

- sphinx-thebe registers its inline configuration script once per read of the
  environment; Jupyter Book triggers that twice, so every page declared
  ``const THEBE_JS_URL`` twice and logged a script error.  Repeated identical
  scripts are dropped from each page, and so is the embedded widget state
  that no widget manager reads (the book shows kernel-free players instead).
- Accessibility (axe-core, serious or critical): the theme's icon-only buttons
  carry the icons' titles as text that differs from their ``aria-label``, the
  search button's label omits its visible shortcut, and docutils gives
  bibliography entries a role that their ``role="list"`` parent does not allow.
  These are patched in the written HTML.
"""

from pathlib import Path


def _script_key(script):
    attributes = getattr(script, "attributes", {})
    return (
        str(getattr(script, "filename", script) or ""),  # inline scripts: None or ""
        tuple(sorted((k, str(v)) for k, v in attributes.items())),
    )


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = _script_key(script)
        # No widget manager is loaded (nb_ipywidgets_js is empty: each widget's
        # static player stands in for it), so the widget state nobody reads is dropped.
        if getattr(script, "attributes", {}).get("type") == WIDGET_STATE:
            continue
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique  # in place: the builder keeps a reference


ACCESSIBILITY_PATCHES = [
    # Decorative icons inside labelled buttons: hidden from assistive technology,
    # and without titles (Font Awesome's script turns a title into a text label).
    ('<i class="theme-switch ', '<i aria-hidden="true" class="theme-switch '),
    ('data-mode="light" title="Light"', 'data-mode="light"'),
    ('data-mode="dark"  title="Dark"', 'data-mode="dark"'),
    ('data-mode="auto"  title="System Settings"', 'data-mode="auto"'),
    ('<i class="fa-solid fa-magnifying-glass">', '<i aria-hidden="true" class="fa-solid fa-magnifying-glass">'),
    # The accessible name of the search button includes its visible text.
    ('aria-label="Search" data-bs-placement', 'aria-label="Search Ctrl+K" data-bs-placement'),
    # The table of contents' expand toggles need a name.
    ('<summary><span class="toctree-toggle"', '<summary aria-label="Show or hide the sections"><span class="toctree-toggle"'),
    # MyST-NB's show/hide toggles of hidden cells: their visible text ("Show code
    # cell output", ...) is a better name than a label that omits it.
    ('<summary aria-label="Toggle hidden content">', '<summary>'),
    # Entries of a role="list" container are list items.
    ('role="doc-biblioentry"', 'role="listitem"'),
]


def patch_accessibility(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = original = page.read_text(encoding="utf-8")
        for old, new in ACCESSIBILITY_PATCHES:
            text = text.replace(old, new)
        if text != original:
            page.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=999)
    app.connect("build-finished", patch_accessibility)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
