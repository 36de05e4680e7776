"""One explorer frame -> one HTML string (the explorers' legacy static face).

The stepper, scatter-add and matrix players are drawn by ``transconv/static``.

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

__all__ = [
    "EXPLORER_STYLE",
    "STYLE",
    "explorer_page",
    "grid",
    "inverse_data",
    "inverse_html",
    "number",
    "overlap_data",
    "overlap_html",
    "page",
    "size_data",
    "size_html",
]

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


EXPLORER_STYLE = """<style>
.tcv .tcv-bars{display:flex;align-items:flex-end;gap:1px;min-height:64px;margin:2px 0}
.tcv .tcv-bar{display:flex;flex-direction:column;align-items:center;justify-content:flex-end;width:17px}
.tcv .tcv-bar i{display:block;width:13px;background:#0072B2}
.tcv .tcv-bar span{font-size:9px;line-height:12px;font-variant-numeric:tabular-nums}
.tcv td.l1{background:#e6f0f7}.tcv td.l2{background:#cce0ee}.tcv td.l3{background:#b3d1e6}
.tcv td.l4{background:#99c1dd}.tcv td.l5{background:#66a3cc;color:#000}
.tcv td.l6{background:#3385bb;color:#fff}.tcv td.l7{background:#0a77b4;color:#fff}
.tcv td.l8{background:#0072B2;color:#fff;font-weight:700}
.tcv table.tcv-list td{min-width:3.2em}
.tcv table.tcv-list th{font-size:11px;color:#111;font-weight:600;padding:0 6px}
.tcv table.tcv-list tr.even td{font-weight:700;box-shadow:inset 0 0 0 1px #0072B2}
.tcv .tcv-list-box{max-height:260px;overflow-y:auto}
.tcv .tcv-ctl [data-group]:not([hidden]){display:contents}
.tcv .tcv-ctl output{min-width:1.2em;margin-left:-6px}
.tcv .tcv-view figure{margin:0 0 4px}.tcv .tcv-view figcaption{text-align:left}
</style>"""

#: Shading levels of the 2-D overlap map (classes ``l0`` .. ``l8``).
LEVELS = 8
#: Height in pixels of the tallest bar of the 1-D profile.
BAR_PX = 44


def _share(value, largest, steps):
    """``value / largest`` in whole ``steps`` (0 if ``largest`` is 0), rounded half up."""
    return int(steps * value / largest + 0.5) if largest else 0


def overlap_data(frame):
    """The numbers and strings that the overlap view shows, as a JSON-ready dict.

    Parameters
    ----------
    frame : transconv.frames.OverlapFrame

    Returns
    -------
    dict
        ``k``, ``s``, ``L``: settings; ``p``: the shown 1-D counts and ``ph``
        their bar heights; ``p0``, ``p1``, ``pn``: first and last shown cell
        and the output length; ``g``: shown 2-D counts (rows) and ``gl`` their
        shading levels; ``g0``, ``g1``, ``gn`` likewise; ``i1``, ``i2``:
        interior (min, max) per layer; ``kind``: ``"even"``, ``"holes"`` or
        ``"uneven"``; ``ratio``: the 2-D max/min as text.

    Examples
    --------
    >>> from transconv.frames import overlap_frames
    >>> d = overlap_data(overlap_frames(3, 2)[0])
    >>> d["p"], d["kind"], d["ratio"]
    ([1, 1, 2, 1, 2, 1, 2, 1, 1], 'uneven', '4')
    """
    f = frame
    top = int(f.profile.max()) if f.profile.size else 0
    peak = int(f.grid.max())
    low, _ = f.interior_2d[-1]
    kind = "even" if f.even else ("holes" if low == 0 else "uneven")
    return {
        "k": f.kernel, "s": f.stride, "L": f.layers,
        "p": [int(v) for v in f.profile], "ph": [_share(v, top, BAR_PX) for v in f.profile],
        "p0": f.profile_start, "p1": f.profile_start + f.profile.size - 1,
        "pn": f.profile_length,
        "g": [[int(v) for v in row] for row in f.grid],
        "gl": [[_share(v, peak, LEVELS) for v in row] for row in f.grid],
        "g0": f.grid_start, "g1": f.grid_start + f.grid.shape[0] - 1, "gn": f.grid_length,
        "i1": [list(p) for p in f.interior_1d], "i2": [list(p) for p in f.interior_2d],
        "kind": kind, "ratio": "" if kind == "holes" else number(f.ratio),
    }


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _overlap_from(d):
    """The overlap view's HTML from :func:`overlap_data` (mirrored in JavaScript)."""
    low, high = d["i2"][-1]
    head = f'Kernel {d["k"]}, stride {d["s"]}, {_plural(d["L"], "layer")}. '
    if d["kind"] == "even":
        verdict = (f"Far from the borders every output cell is covered by the same number of "
                   f"kernel copies ({high} in 2-D): no checkerboard.")
    elif d["kind"] == "holes":
        verdict = (f"Far from the borders some output cells are covered by no kernel copy at "
                   f"all (0 to {high} in 2-D): the output has holes.")
    else:
        verdict = (f"Far from the borders the output cells are covered by {low} to {high} "
                   f"kernel copies in 2-D: some get {d['ratio']} times as many as others, a "
                   "checkerboard.")
    crop1 = "" if d["p0"] == 0 and d["p1"] == d["pn"] - 1 else \
        f' (cells {d["p0"]}–{d["p1"]} of {d["pn"]})'
    crop2 = "" if d["g0"] == 0 and d["g1"] == d["gn"] - 1 else \
        f' (rows and columns {d["g0"]}–{d["g1"]} of {d["gn"]})'
    bars = "".join(f'<div class="tcv-bar"><i style="height:{h}px"></i><span>{v}</span></div>'
                   for v, h in zip(d["p"], d["ph"]))
    rows = "".join("<tr>" + "".join(f'<td class="l{lv}">{v}</td>' for v, lv in zip(r, lr))
                   + "</tr>" for r, lr in zip(d["g"], d["gl"]))
    layers = "".join(f"<tr><th>{n + 1}</th><td>{a[0]}–{a[1]}</td><td>{b[0]}–{b[1]}</td></tr>"
                     for n, (a, b) in enumerate(zip(d["i1"], d["i2"])))
    return (f'<p class="tcv-cap">{head}{verdict}</p>'
            f'<figure><figcaption>1-D: copies per output cell, input of length 4{crop1}'
            f'</figcaption><div class="tcv-bars">{bars}</div></figure>'
            '<div class="tcv-panels">'
            f'<figure><figcaption>2-D: copies per output cell, 4×4 input{crop2}</figcaption>'
            f'<table class="tcv-grid">{rows}</table></figure>'
            '<figure><figcaption>Interior counts</figcaption><table class="tcv-grid tcv-list">'
            f"<tr><th>layer</th><th>1-D</th><th>2-D</th></tr>{layers}</table></figure>"
            "</div>")


def overlap_html(frame):
    """Render a :class:`transconv.frames.OverlapFrame` (1-D bars, 2-D map, interior counts).

    Parameters
    ----------
    frame : OverlapFrame

    Returns
    -------
    str
        HTML without the style (wrap it with :func:`explorer_page`).

    Examples
    --------
    >>> from transconv.frames import overlap_frames
    >>> "checkerboard" in overlap_html(overlap_frames(3, 2)[0])
    True
    """
    return _overlap_from(overlap_data(frame))


def size_data(frame):
    """The numbers that the output-size view shows, as a JSON-ready dict.

    Parameters
    ----------
    frame : transconv.frames.SizeFrame

    Returns
    -------
    dict
        ``i k s p a d``: settings; ``t``: the terms (stretched, cropped,
        span, output padding, output); ``b``: the convolution's output for
        the output; ``n``: ``[size, output_padding]`` of every input size
        that the convolution maps to ``i``.

    Examples
    --------
    >>> from transconv.frames import size_frames
    >>> size_data(size_frames(4, 3, 2, 1, 1)[0])["n"]
    [[7, 0], [8, 1]]
    """
    f = frame
    return {"i": f.size, "k": f.kernel, "s": f.stride, "p": f.padding, "a": f.output_padding,
            "d": f.dilation, "t": [int(v) for v in f.terms], "b": f.back,
            "n": [[int(n), int(a)] for n, a in f.inputs]}


_CUR, _EVEN = ' class="cur"', ' class="even"'


def _size_from(d):
    """The output-size view's HTML from :func:`size_data` (mirrored in JavaScript)."""
    stretched, cropped, span, extra, out = d["t"]
    formula = ("o = (i − 1)·s − 2p + d·(k − 1) + a + 1 = "
               f'({d["i"]} − 1)·{d["s"]} − 2·{d["p"]} + {d["d"]}·({d["k"]} − 1) + {d["a"]} + 1'
               f" = {stretched} − {cropped} + {span} + {extra} = {out}")
    conv = (f'A convolution with kernel {d["k"]}, stride {d["s"]}, padding {d["p"]} and '
            f'dilation {d["d"]} maps {out} ')
    if d["b"] == d["i"]:
        conv += f'back to {d["i"]}.'
    else:
        conv += (f'to {d["b"]}, not {d["i"]}: an output padding of {d["a"]}, not smaller than '
                 f'the stride {d["s"]}, makes a size the convolution cannot map back.')
    if not d["n"]:
        inputs = (f'<p class="tcv-cap">The convolution maps no input size to {d["i"]}: '
                  f'without a large output padding, padding {d["p"]} removes everything.</p>')
    elif d["s"] == 1:
        inputs = (f'<p class="tcv-cap">With stride 1 only {d["n"][0][0]} is mapped to '
                  f'{d["i"]}: the output padding stays 0.</p>')
    else:
        rows = "".join(f"<tr><td{_CUR if n == out else ''}>{n}</td><td>{a}</td></tr>"
                       for n, a in d["n"])
        inputs = (f'<figure><figcaption>The {len(d["n"])} sizes this convolution maps to '
                  f'{d["i"]}, and the output padding that gives each back</figcaption>'
                  '<table class="tcv-grid tcv-list"><tr><th>size</th><th>output_padding</th>'
                  f"</tr>{rows}</table></figure>")
    return (f'<p class="tcv-eq">{formula}</p><p class="tcv-cap">Output size: <b>{out}</b>. '
            f"{conv}</p>{inputs}")


def size_html(frame):
    """Render a :class:`transconv.frames.SizeFrame`: the formula with its terms, the way back.

    Parameters
    ----------
    frame : SizeFrame

    Returns
    -------
    str

    Examples
    --------
    >>> from transconv.frames import size_frames
    >>> "= 14</p>" in size_html(size_frames(7, 4, 2, 1)[0])
    True
    """
    return _size_from(size_data(frame))


def inverse_data(frame):
    """The settings that the inverse view lists, as a JSON-ready dict.

    Parameters
    ----------
    frame : transconv.frames.InverseFrame

    Returns
    -------
    dict
        ``i``, ``o``: the sizes; ``r``: rows ``[kernel, stride, padding,
        output_padding, divisible (0 or 1)]``.

    Examples
    --------
    >>> from transconv.frames import inverse_frames
    >>> inverse_data(inverse_frames(7, 14, max_stride=2)[0])["r"][:2]
    [[1, 2, 0, 1, 0], [2, 2, 0, 0, 1]]
    """
    return {"i": frame.size_in, "o": frame.size_out,
            "r": [[s.kernel, s.stride, s.padding, s.output_padding, int(s.divisible)]
                  for s in frame.settings]}


def _inverse_from(d):
    """The inverse view's HTML from :func:`inverse_data` (mirrored in JavaScript)."""
    rows = "".join(f"<tr{_EVEN if r[4] else ''}><td>{r[0]}</td><td>{r[1]}</td>"
                   f'<td>{r[2]}</td><td>{r[3]}</td><td>{"yes" if r[4] else "no"}</td></tr>'
                   for r in d["r"])
    count = len(d["r"])
    if not count:
        return (f'<p class="tcv-cap">No kernel up to 7 and stride up to 4 maps {d["i"]} to '
                f'{d["o"]}.</p>')
    return (f'<p class="tcv-cap">{_plural(count, "setting")} with kernel ≤ 7 and stride ≤ 4 '
            f'map{"s" if count == 1 else ""} {d["i"]} to {d["o"]}; framed bold rows have a '
            "kernel size divisible by the stride (even overlap, no checkerboard).</p>"
            '<div class="tcv-list-box" tabindex="0" role="region" aria-label="Settings that give this size"><table class="tcv-grid tcv-list"><tr><th>kernel</th>'
            "<th>stride</th><th>padding</th><th>output_padding</th><th>k divisible by s</th>"
            f"</tr>{rows}</table></div>")


def inverse_html(frame):
    """Render a :class:`transconv.frames.InverseFrame`: a table of settings.

    Parameters
    ----------
    frame : InverseFrame

    Returns
    -------
    str

    Examples
    --------
    >>> from transconv.frames import inverse_frames
    >>> inverse_html(inverse_frames(7, 14)[0]).count('class="even"')
    8
    """
    return _inverse_from(inverse_data(frame))


def explorer_page(body):
    """Wrap an explorer view in the styled root ``div`` (shared and explorer styles).

    Parameters
    ----------
    body : str

    Returns
    -------
    str
    """
    return f'{STYLE}{EXPLORER_STYLE}<div class="tcv">{body}</div>'
