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
"""

from __future__ import annotations

import functools
import json
import re
import string
from pathlib import Path

__all__ = [
    "IMPORT",
    "STATIC",
    "bundle",
    "files_in_order",
    "imports",
    "read",
    "static_html",
    "stylesheet",
]

#: The package's folder of JavaScript, CSS and the static face's template.
STATIC = Path(__file__).resolve().parent / "static"

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
    >>> "/*" in stylesheet() or "\n  " in stylesheet()
    False
    """
    text = re.sub(r"/\*.*?\*/", "", read("players.css"), flags=re.DOTALL)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


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
                               model=_json_for_script(model), boot=read("boot.js"))
