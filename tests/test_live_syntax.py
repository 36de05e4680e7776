"""The chapters use only MyST that renders both in the book and live in JupyterLab / Notebook 7.

jupyterlab-myst (JupyterLab's MyST renderer) shows a ``{glue:text}`` role as its key, a ``{doc}``
as the file name, a ``{ref}`` or ``{numref}`` to another notebook as the bare label with a warning,
and nothing for a ``{literalinclude}``. The chapters therefore put computed numbers into the prose
with ``{eval}`` (MyST-NB evaluates it in the book, jupyterlab-myst in Jupyter), link pages with
Markdown links, and show source code with ``transconv.source.show_source``. What a live notebook
actually renders is tested in ``tests/test_lab.py``; this file is the fast, offline check.
"""

import ast
import re
from pathlib import Path

import jupytext
import pytest
from record_notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = chapter_notebooks()

# Syntax that jupyterlab-myst does not render as the book does, and what to write instead.
NOT_LIVE = {
    r"\{glue(:\w*)?\}`": "{eval}`name` of a variable assigned in a code cell above",
    r"\{doc\}`": "[Page title](page.md)",
    r"\{ref\}`": "[Text](#label)",
    r"```\{literalinclude\}": "a code cell: show_source('transconv.module.function')",
    r"\{tableofcontents\}": "a list of links",
    r"^from myst_nb import glue": "plain variables",
}
EVAL = re.compile(r"\{eval\}`([^`]+)`")


def _cells(md):
    return jupytext.read(md).cells


def _bound_names(source):
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def test_there_are_chapters():
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.name)
def test_no_syntax_that_jupyter_shows_raw(md):
    text = md.read_text()
    found = [f"line {text[:m.start()].count(chr(10)) + 1}: {m.group(0)!r} -> write {instead}"
             for pattern, instead in NOT_LIVE.items() for m in re.finditer(pattern, text, re.M)]
    assert found == [], f"{md.name} has syntax that JupyterLab shows raw or empty:\n" + "\n".join(found)


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.name)
def test_no_eval_inside_html(md):
    """jupyterlab-myst leaves an {eval} inside an inline HTML element unevaluated (the book evaluates it)."""
    markdown = "\n".join(cell.source for cell in _cells(md) if cell.cell_type == "markdown")
    inside = [m.group(0)[:80] for m in re.finditer(r"<(span|div|p)\b[^>]*>.*?</\1>", markdown, re.S) if EVAL.search(m.group(0))]
    assert inside == [], f"{md.name}: {{eval}} inside HTML, which JupyterLab shows raw: {inside}; put the number in a sentence of its own"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.name)
def test_numref_only_to_figures_of_the_same_notebook(md):
    """jupyterlab-myst numbers a figure directive of the same notebook; any other target stays a bare label."""
    markdown = "\n".join(cell.source for cell in _cells(md) if cell.cell_type == "markdown")
    names = set(re.findall(r"^:name:\s*(\S+)", markdown, re.M))
    wrong = [label for label in re.findall(r"\{numref\}`(?:[^`<]*<)?([^`>]+)>?`", markdown) if label not in names]
    assert wrong == [], f"{md.name}: {{numref}} to a code cell's figure or another page: {wrong}; write [Text](#label)"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.name)
def test_every_eval_uses_names_bound_once_above(md):
    """The book evaluates {eval} in reading order, Jupyter's Run All after every code cell: the two agree
    only if each name is bound by one code cell, above the prose that shows it."""
    bound_in = {}
    problems = []
    for index, cell in enumerate(_cells(md)):
        if cell.cell_type == "code":
            for name in _bound_names(cell.source):
                bound_in.setdefault(name, []).append(index)
        elif cell.cell_type == "markdown":
            for expression in EVAL.findall(cell.source):
                for node in ast.walk(ast.parse(expression, mode="eval")):
                    if not isinstance(node, ast.Name):
                        continue
                    cells = bound_in.get(node.id, [])
                    if not cells:
                        problems.append(f"{expression!r}: {node.id} is not assigned in a code cell above")
    for cell in _cells(md):
        if cell.cell_type == "markdown":
            for expression in EVAL.findall(cell.source):
                for node in ast.walk(ast.parse(expression, mode="eval")):
                    if isinstance(node, ast.Name) and len(bound_in.get(node.id, [])) > 1:
                        problems.append(f"{expression!r}: {node.id} is bound in cells {bound_in[node.id]}; "
                                        "Jupyter's Run All would show the last value")
    assert problems == [], f"{md.name}:\n" + "\n".join(problems)


def test_the_reading_order_notebook_follows_the_table_of_contents():
    """The file browser sorts by name: chapters/00_reading_order.md, first, links the pages in the book's order."""
    toc = re.findall(r"file:\s*chapters/(\w+)", (ROOT / "_toc.yml").read_text())
    listed = re.findall(r"^\d+\. \[[^\]]+\]\((\w+)\.md\)$", (ROOT / "chapters" / "00_reading_order.md").read_text(), re.M)
    assert listed == toc
    assert sorted(p.name for p in (ROOT / "chapters").glob("*.md"))[0] == "00_reading_order.md"
