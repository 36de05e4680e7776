"""Show the source of the package's functions in a notebook, the same in the book and in Jupyter."""

import ast
import importlib
import inspect
import textwrap


class Source:
    """A function's source, displayed as a highlighted Python block (``text/markdown``).

    Both the book (MyST-NB renders Markdown outputs as MyST) and JupyterLab render it as a code
    block. Its plain-text form names the function only, so that a recorded notebook does not
    change when the function's code does.
    """

    def __init__(self, name, code):
        self.name, self.code = name, code

    def _repr_markdown_(self):
        fence = "````" if "```" in self.code else "```"
        return f"{fence}python\n{self.code}\n{fence}"

    def __repr__(self):
        return f"<source of {self.name}>"


def show_source(name, docstring=True):
    """The source of the function ``name`` (a dotted path such as ``"transconv.ops.trans_conv"``).

    Parameters
    ----------
    name : str
        Dotted path of a function of an importable module.
    docstring : bool
        Keep the docstring (default) or leave it out.

    Returns
    -------
    Source
        Displays as a Python code block.

    Raises
    ------
    ValueError
        If ``name`` is not a dotted path to a function.

    Examples
    --------
    >>> show_source("transconv.source.show_source", docstring=False)
    <source of transconv.source.show_source>
    >>> print(show_source("transconv.source.show_source", docstring=False).code.splitlines()[0])
    def show_source(name, docstring=True):
    """
    module_name, _, attribute = str(name).rpartition(".")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError):
        raise ValueError(f"name must be the dotted path of a function, such as "
                         f"'transconv.ops.trans_conv'; got {name!r}") from None
    if not inspect.isfunction(function):
        raise ValueError(f"name must be the dotted path of a function; {name!r} is a {type(function).__name__}")
    code = textwrap.dedent(inspect.getsource(function))
    if not docstring:
        code = _without_docstring(code)
    return Source(name, code.rstrip("\n"))


def _without_docstring(code):
    definition = ast.parse(code).body[0]
    first = definition.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)):
        return code
    lines = code.splitlines()
    return "\n".join(lines[:first.lineno - 1] + lines[first.end_lineno:])
