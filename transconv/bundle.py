"""One ES module from the view engine's files, and each player's static face.

anywidget loads a widget's module from a string, where relative imports do not
resolve. The files of ``transconv/static`` therefore import each other only
with lines of exactly the form ``import { a, b } from "./engine.js";`` and
:func:`bundle` concatenates an entry file after its dependencies (each once,
dependencies first) with those lines dropped: the imported names then live in
the one module scope. No two files may define the same top-level name
(``tests/test_widgets.py`` checks it). The bundle carries no whole-line comments
and no blank lines (the sources do): every page with a player inlines it.

:func:`static_html` gives a player's ``text/html``: the stylesheet, the bundled
module as text, the model as JSON and ``boot.js``, which imports the module
from a blob URL and renders it with a stand-in for anywidget's model, filled
into the template ``static/face.html``.

A page that shows several players (the book) loads the engine once instead:
:func:`views_module` is one ES module with every view and the files they import,
each once, and each player's output also carries :data:`PLAYER_MIME` (its entry
and model, :func:`player_data`), which the book renders as a host for that module.
"""

from __future__ import annotations

import functools
import json
import re
import string
from pathlib import Path

__all__ = [
    "IMPORT",
    "PLAYER_MIME",
    "STATIC",
    "bundle",
    "files_in_order",
    "imports",
    "player_data",
    "read",
    "static_html",
    "stylesheet",
    "views_module",
]

#: The package's folder of JavaScript, CSS and the static face's template.
STATIC = Path(__file__).resolve().parent / "static"

#: The MIME type of a player's entry and model in its output, for pages that load the engine once.
PLAYER_MIME = "application/vnd.transconv.player+json"

#: A relative import line: names, then the file.
IMPORT = re.compile(r'^import \{ ([\w$, ]+) \} from "\./([\w-]+\.js)";\n', re.MULTILINE)


def read(name):
    """The text of ``static/<name>``."""
    return (STATIC / name).read_text(encoding="utf-8")


def imports(source):
    """The relative imports of a module's source.

    Returns
    -------
    list of (list of str, str)
        The imported names and the file, per import line.

    Examples
    --------
    >>> imports('import { a, b } from "./engine.js";\\nconst c = 1;\\n')
    [(['a', 'b'], 'engine.js')]
    """
    return [([n.strip() for n in names.split(",")], target)
            for names, target in IMPORT.findall(source)]


def files_in_order(entry):
    """``entry`` and every file it imports, each once, dependencies first.

    Examples
    --------
    >>> files_in_order("stepper.js")
    ['engine.js', 'grid.js', 'overlay.js', 'shell.js', 'stepper.js']
    """
    ordered = []

    def visit(name, path):
        if name in path:
            raise ValueError(f"import cycle: {' -> '.join(path + (name,))}")
        if name in ordered:
            return
        for _, target in imports(read(name)):
            visit(target, path + (name,))
        ordered.append(name)

    visit(entry, ())
    return ordered


def _without_comments(source):
    r"""``source`` without its whole-line comments (``//`` lines, ``/* ... */`` blocks), blank lines and indentation.

    Only comments that start a line are dropped, and a block only if its ``*/`` ends a line, so
    that code and strings are left as they are; a line that continues a template literal (one
    opened by an odd number of backticks on an earlier line) keeps its indentation and is never
    taken for a comment.

    Examples
    --------
    >>> _without_comments("/**\n * Doc.\n */\nif (a) {\n  b = 1; // kept\n}\n\n// gone\n")
    'if (a) {\nb = 1; // kept\n}\n'
    >>> _without_comments("const t = `one\n  // two`;\n")
    'const t = `one\n  // two`;\n'
    """
    kept, in_block, in_template = [], False, False
    for line in source.splitlines():
        text = line.strip()
        if in_template:
            kept.append(line)
        elif in_block:
            in_block = not text.endswith("*/")
        elif text.startswith("/*"):
            in_block = not text.endswith("*/")
        elif text and not text.startswith("//"):
            kept.append(text)
        if not in_block:
            in_template ^= (line.count("`") - line.count("\\`")) % 2 == 1
    return "".join(line + "\n" for line in kept)


@functools.cache
def bundle(entry):
    """The module ``entry`` with its dependencies, as one ES module without relative imports.

    Parameters
    ----------
    entry : str
        A file of ``static/``, e.g. ``"stepper.js"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If an import is not of the one allowed form, or the text could end the
        ``<script>`` element it is inlined in.

    Examples
    --------
    >>> "import {" in bundle("stepper.js")
    False
    """
    parts = []
    for name in files_in_order(entry):
        source = IMPORT.sub("", read(name))
        if re.search(r"^\s*import\b|\bimport\s*\{", source, re.MULTILINE):
            raise ValueError(f"{name}: imports must be lines like "
                             'import { a, b } from "./engine.js";')
        parts.append(f"// ---- {name}\n{_without_comments(source)}")
    text = "\n".join(parts)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ValueError(f"the bundle of {entry} holds </script or <!--, which would end its "
                         "<script> element")
    return text


@functools.cache
def stylesheet():
    r"""The players' one stylesheet, without its comments, indentation and blank lines (every face inlines it).

    Examples
    --------
    >>> "/*" in stylesheet() or "\n" in stylesheet() or "display: " in stylesheet()
    False
    """
    text = re.sub(r"/\*.*?\*/", "", read("players.css"), flags=re.DOTALL)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # no space after a declaration's colon or before a block's brace (a line with quotes is left as it
    # is); a line that ends a declaration, a block or a list item runs on into the next
    lines = [line if "\"" in line or "'" in line else re.sub(r"^([-a-z]+:) | (\{)$", r"\1\2", line) for line in lines]
    text = "".join(line + ("" if line.endswith(("{", "}", ";", ",", ":")) else "\n") for line in lines).strip()
    # a block's last declaration needs no semicolon; 0.5em is .5em
    return re.sub(r"(?<=[:\s(,-])0\.(?=\d)", ".", re.sub(r";(?=})", "", text))


def _json_for_script(data):
    """JSON that cannot end the ``<script>`` element it is inlined in."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def static_html(entry, model):
    """A player's static face: the template ``static/face.html`` filled in.

    Parameters
    ----------
    entry : str
        The player's module in ``static/``.
    model : dict
        The model's values (the widget's synced traitlets), JSON-ready.

    Returns
    -------
    str
        Deterministic HTML with no id and nothing from outside the page.
    """
    template = string.Template(read("face.html").strip())
    return template.substitute(css=stylesheet(), module=bundle(entry),
                               model=_json_for_script(model), boot=_without_comments(read("boot.js")))


#: An entry's default export: its view, ``{ render({ model, el }) }``.
EXPORT_DEFAULT = re.compile(r"^export default ", re.MULTILINE)
#: A named export: the ``export`` of a declaration.
EXPORT_DECLARATION = re.compile(r"^export (?=(?:async )?function\b|const\b|let\b|class\b)", re.MULTILINE)


def views_module(entries, *, export=True):
    """One ES module that exports ``views``: each entry's view by its file name, the engine once.

    Every file the entries import comes once, dependencies first, as in
    :func:`bundle`; each entry's ``export default`` becomes a constant that
    ``views`` names.

    Parameters
    ----------
    entries : iterable of str
        Files of ``static/`` with a default export, e.g. ``["stepper.js", "matrix.js"]``.
    export : bool
        ``False`` exports nothing (the files' ``export function …`` lines lose
        their ``export``, ``views`` is a plain constant): the text of a classic
        script, once wrapped in a function.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If an entry has no single default export, or :func:`bundle` would refuse a file.

    Examples
    --------
    >>> text = views_module(["stepper.js", "matrix.js"])
    >>> text.count("// ---- engine.js"), text.count("export default")
    (1, 0)
    >>> text.splitlines()[-1]
    'export const views = { "matrix.js": view_matrix, "stepper.js": view_stepper };'
    >>> script = views_module(["stepper.js"], export=False)
    >>> script.splitlines()[-1], "export" in script
    ('const views = { "stepper.js": view_stepper };', False)
    """
    entries = sorted(set(entries))
    ordered = []
    for entry in entries:
        ordered += [name for name in files_in_order(entry) if name not in ordered]
    parts, names = [], {}
    for name in ordered:
        source = IMPORT.sub("", read(name))
        if name in entries:
            if len(EXPORT_DEFAULT.findall(source)) != 1:
                raise ValueError(f"{name}: a view needs exactly one line starting with 'export default '")
            names[name] = "view_" + re.sub(r"\W", "_", name.removesuffix(".js"))
            source = EXPORT_DEFAULT.sub(f"const {names[name]} = ", source)
        if not export:
            source = EXPORT_DECLARATION.sub("", source)
            if re.search(r"^\s*export\b", source, re.MULTILINE):
                raise ValueError(f"{name}: exports must be lines like 'export function f(' or 'export const c ='")
        parts.append(f"// ---- {name}\n{source}")
    text = "\n".join(parts)
    if re.search(r"^\s*import\b|\bimport\s*\{|</script|<!--", text, re.MULTILINE | re.IGNORECASE):
        raise ValueError("views_module: imports must be relative import lines, and no file may hold </script or <!--")
    declaration = "export const views" if export else "const views"
    return text + f"\n{declaration} = {{ " + ", ".join(f'"{e}": {v}' for e, v in names.items()) + " };\n"


def player_data(entry, model):
    """The :data:`PLAYER_MIME` data of a player's output: its entry and its model."""
    return {"entry": entry, "model": model}
