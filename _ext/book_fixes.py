"""Small Sphinx fixes for the book's pages.

sphinx-thebe registers its inline configuration script once per read of the
environment; Jupyter Book triggers that twice, so every page declared
``const THEBE_JS_URL`` twice and logged a script error.  This extension drops
repeated identical scripts from each page.
"""


def _script_key(script):
    attributes = getattr(script, "attributes", {})
    return (
        str(getattr(script, "filename", script) or ""),  # inline scripts: None or ""
        tuple(sorted((k, str(v)) for k, v in attributes.items())),
    )


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique  # in place: the builder keeps a reference


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
