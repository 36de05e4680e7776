"""One frame -> one HTML string.

Grids are HTML tables with the number in every cell; what a frame
highlights becomes a CSS class (``win``, ``cur``, ``new``...), styled by
:data:`STYLE` with the Okabe–Ito colour-blind-safe palette and, for every
highlight, a second cue that is not a colour (a border or a bold face). This
module only formats and selects what a frame holds: it does no arithmetic.

Class names used on cells:

``pad``    padding (dashed, grey)          ``win``   cells taking part (orange, framed)
``cur``    the current/chosen cell (blue)  ``todo``  an output cell not computed yet
``new``    where this step's copy landed   ``cut``   removed by the crop
``ext``    added by output_padding         ``keep``  kept by the crop
``band``   the chosen row/column of W      ``zero``  a zero entry of W
"""

from __future__ import annotations

import html

import numpy as np

__all__ = ["STYLE", "number", "grid", "page", "stepper_html", "scatter_html",
           "matrix_html"]

#: Okabe–Ito colours: blue #0072B2, orange #E69F00, yellow #F0E442, sky blue #56B4E9.
STYLE = """<style>
.tcv{font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;max-width:700px}
.tcv .tcv-panels{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-start;margin:4px 0}
.tcv .tcv-wide{flex-basis:100%;max-width:100%;overflow-x:auto}
.tcv table.tcv-grid{border-collapse:collapse;margin:0;background:#fff}
.tcv figure{margin:0}
.tcv figcaption{font-weight:600;padding:0 0 3px;color:#111;white-space:nowrap}
.tcv td,.tcv th{min-width:1.9em;height:1.9em;padding:0 3px;text-align:center;vertical-align:middle;border:1px solid #767676;background:#fff;color:#111;font-variant-numeric:tabular-nums}
.tcv th{border:none;background:transparent;color:#555;font-weight:400;font-size:10px;min-width:1.2em}
.tcv td.pad{background:#ececec;color:#555;border-style:dashed}
.tcv td.todo{color:#767676}
.tcv td.zero{color:#8a8a8a}
.tcv td.band{background:#fbf6c4}
.tcv td.win,.tcv td.new{background:#E69F00;color:#000;box-shadow:inset 0 0 0 2px #000}
.tcv td.cur{background:#0072B2;color:#fff;font-weight:700;box-shadow:inset 0 0 0 2px #000}
.tcv td.cut{background:#f4f4f4;color:#8a8a8a;text-decoration:line-through}
.tcv td.ext{border-style:dashed}
.tcv td.keep{box-shadow:inset 0 0 0 2px #0072B2}
.tcv .cnt{display:none;font-size:9px;line-height:1;color:#0072B2;font-weight:700}
.tcv td.win .cnt,.tcv td.new .cnt{color:#000}
.tcv td.cur .cnt{color:#fff}
.tcv.show-cnt .cnt{display:block}
.tcv .tcv-cap{margin:2px 0 4px}
.tcv .tcv-eq{margin:4px 0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.tcv .tcv-ctl{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:4px 0}
.tcv .tcv-ctl button{font:inherit;padding:2px 10px;border:1px solid #0072B2;border-radius:3px;background:#fff;color:#0072B2;cursor:pointer}
.tcv .tcv-ctl button:focus-visible,.tcv .tcv-ctl input:focus-visible{outline:3px solid #E69F00;outline-offset:1px}
.tcv .tcv-ctl label{display:inline-flex;gap:4px;align-items:center}
.tcv .tcv-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>"""


def number(value):
    """Format one cell's number: integers without a decimal point, NaN as "?".

    Parameters
    ----------
    value : float

    Returns
    -------
    str

    Examples
    --------
    >>> number(348.0), number(-0.0), number(0.125), number(float("nan"))
    ('348', '0', '0.125', '?')
    """
    if np.isnan(value):
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


def grid(values, classes=None, caption="", counts=None, headers=False):
    """An HTML table with the number of every cell of ``values``.

    Parameters
    ----------
    values : numpy.ndarray
        2-D array of numbers (NaN shows as "?").
    classes : dict of str to numpy.ndarray, optional
        CSS class name -> boolean mask of ``values``' shape; a cell gets
        every class whose mask is true there. Later entries win in CSS order.
    caption : str, optional
        Title shown above the table as a ``figcaption`` (plain text; escaped).
    counts : numpy.ndarray, optional
        A second number per cell (contributions), shown in a ``cnt`` span
        that :data:`STYLE` hides unless the root has class ``show-cnt``.
    headers : bool, default False
        Number the rows and columns (used for the matrix ``W``).

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> "<td>7</td>" in grid(np.array([[7.0]]))
    True
    """
    classes = classes or {}
    rows = []
    if headers:
        rows.append("<tr><th></th>" + "".join(f"<th>{j}</th>" for j in range(values.shape[1]))
                    + "</tr>")
    for i in range(values.shape[0]):
        cells = [f"<th>{i}</th>"] if headers else []
        for j in range(values.shape[1]):
            names = [name for name, mask in classes.items() if mask[i, j]]
            attr = f' class="{" ".join(names)}"' if names else ""
            extra = (f'<span class="cnt" title="contributions">×{number(counts[i, j])}</span>'
                     if counts is not None else "")
            cells.append(f"<td{attr}>{number(values[i, j])}{extra}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = f'<table class="tcv-grid">{"".join(rows)}</table>'
    if not caption:
        return table
    return f"<figure><figcaption>{html.escape(caption)}</figcaption>{table}</figure>"


def page(body, show_counts=False):
    """Wrap rendered frame(s) in the styled root ``div`` for an ``ipywidgets.HTML`` view.

    Parameters
    ----------
    body : str
    show_counts : bool, default False
        Show the contribution counts (scatter-add frames).

    Returns
    -------
    str
    """
    cls = "tcv show-cnt" if show_counts else "tcv"
    return f'{STYLE}<div class="{cls}">{body}</div>'


def _panels(*tables, wide=""):
    inner = "".join(f"<div>{t}</div>" for t in tables)
    tail = f'<div class="tcv-wide">{wide}</div>' if wide else ""
    return f'<div class="tcv-panels">{inner}{tail}</div>'


def _cap(text):
    return f'<p class="tcv-cap">{html.escape(text)}</p>'


def _eq(text):
    return f'<p class="tcv-eq">{html.escape(text)}</p>'


def _cell(pos):
    return f"[{pos[0]}, {pos[1]}]"


def _mask(shape, pos):
    mask = np.zeros(shape, dtype=bool)
    mask[pos] = True
    return mask


def stepper_html(frame, count):
    """Render a :class:`transconv.frames.StepperFrame`.

    Parameters
    ----------
    frame : StepperFrame
    count : int
        Number of frames (for the "step t of n" caption).

    Returns
    -------
    str
    """
    p, out = frame.padding, frame.output
    title = "Input" + (f" with padding {p} (dashed)" if p else "")
    tables = (
        grid(frame.padded_input, {"pad": frame.padding_mask, "win": frame.window_mask}, title),
        grid(frame.kernel, {}, "Kernel"),
        grid(out, {"todo": np.isnan(out), "cur": _mask(out.shape, frame.out_pos)}, "Output"),
    )
    terms = " + ".join(f"{number(v)}·{number(k)}"
                       for v, k in zip(frame.window_values.ravel(), frame.kernel.ravel()))
    products = " + ".join(number(v) for v in frame.products.ravel())
    caption = (f"Step {frame.step + 1} of {count}: output {_cell(frame.out_pos)} is the sum of "
               f"the window (orange, rows {number(frame.window_rows[0])}–"
               f"{number(frame.window_rows[-1])}, columns {number(frame.window_cols[0])}–"
               f"{number(frame.window_cols[-1])} of the padded input) times the kernel.")
    equation = f"Y{_cell(frame.out_pos)} = {terms} = {products} = {number(frame.total)}"
    return _cap(caption) + _panels(*tables) + _eq(equation)


def scatter_html(frame, count):
    """Render a :class:`transconv.frames.ScatterFrame`.

    Parameters
    ----------
    frame : ScatterFrame
    count : int
        Number of frames.

    Returns
    -------
    str
    """
    canvas, ext, head = frame.canvas, frame.extension, f"Step {frame.step + 1} of {count}: "
    x_classes = {"cur": _mask(frame.x.shape, frame.source)} if frame.kind == "add" else {}
    tables = [grid(frame.x, x_classes, "Input X"), grid(frame.kernel, {}, "Kernel K")]
    if frame.kind == "add":
        value = number(frame.x[frame.source])
        tables.append(grid(frame.scaled, {"new": np.ones(frame.scaled.shape, dtype=bool)},
                           f"X{_cell(frame.source)}·K = {value}·K"))
        tables.append(grid(canvas, {"ext": ext, "new": frame.added}, "Running sum (full canvas)",
                           frame.counts))
        caption = (f"{head}X{_cell(frame.source)} = {value} scales the kernel; the copy is added "
                   f"at offset {_cell(frame.offset)} (stride apart). Overlapping cells "
                   "accumulate.")
    elif frame.kind == "crop":
        top, left, height, width = frame.crop
        tables.append(grid(canvas, {"ext": ext, "cut": ~frame.kept, "keep": frame.kept},
                           "Full canvas and the crop", frame.counts))
        caption = (f"{head}padding {number(top)} removes {number(top)} row(s) and column(s) on "
                   f"each side; output_padding adds the dashed row(s)/column(s) at the bottom "
                   f"and right. The framed {number(height)}×{number(width)} region is kept.")
    else:
        tables.append(grid(frame.output, {}, "Output (= conv_transpose2d)", frame.output_counts))
        caption = f"{head}the output of the transposed convolution."
    return _cap(caption) + _panels(*tables)


def matrix_html(frame, count):
    """Render a :class:`transconv.frames.MatrixFrame`.

    Parameters
    ----------
    frame : MatrixFrame
    count : int
        Number of frames.

    Returns
    -------
    str
    """
    W, entries = frame.matrix, frame.entries
    w_classes = {"zero": W == 0, "band": frame.band, "win": entries}
    rows, cols = np.nonzero(entries)
    head = f"Cell {frame.index + 1} of {count}: "
    if frame.mode == "conv":
        grids = (grid(frame.x, {"win": frame.x_cells}, "Input x"),
                 grid(frame.y, {"cur": frame.y_cells}, "Output y = W x"))
        w_caption = f"W ({W.shape[0]}×{W.shape[1]}): row {frame.index}"
        terms = " + ".join(f"{number(W[r, c])}·{number(frame.x.flat[c])}"
                           for r, c in zip(rows, cols))
        equation = (f"y{_cell(frame.cell)} = row {frame.index} of W · x = {terms} = "
                    f"{number(frame.y[frame.cell])}")
        caption = (f"{head}output cell y{_cell(frame.cell)} is row {frame.index} of W times x: its "
                   "non-zero entries (orange) sit exactly on the window of the input.")
    else:
        grids = (grid(frame.y, {"win": frame.y_cells}, "y (input of the transposed conv.)"),
                 grid(frame.z, {"cur": frame.x_cells}, "z = Wᵀ y"))
        w_caption = (f"W ({W.shape[0]}×{W.shape[1]}): column {frame.index} = row "
                     f"{frame.index} of Wᵀ")
        terms = " + ".join(f"{number(W[r, c])}·{number(frame.y.flat[r])}"
                           for r, c in zip(rows, cols))
        equation = (f"z{_cell(frame.cell)} = row {frame.index} of Wᵀ · y = {terms or '0'} = "
                    f"{number(frame.z[frame.cell])}")
        caption = (f"{head}input cell {_cell(frame.cell)} is column {frame.index} of W (row "
                   f"{frame.index} of Wᵀ): its non-zero entries mark its footprint on the "
                   "output y (orange), the cells it feeds and the cells it is rebuilt from.")
    wide = grid(W, w_classes, w_caption, headers=True)
    return _cap(caption) + _panels(*grids, wide=wide) + _eq(equation)
