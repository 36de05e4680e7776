"""Static figures for the book's ``img/`` folder, drawn with matplotlib.

Regenerate every figure with::

    python -m transconv.figures

Each figure is written as SVG with text kept as text and with fixed ids and no
date, so that drawing it twice gives the same file.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from transconv.ops import conv_transpose2d

IMG_DIR = Path(__file__).resolve().parent.parent / "img"

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
INPUT_COLOUR = "#56B4E9"  # sky blue
KERNEL_COLOUR = "#E69F00"  # orange
EMPTY_COLOUR = "#FFFFFF"
SUM_COLOUR = "#F0E442"  # yellow
CROPPED_COLOUR = "#D9D9D9"  # light grey: the border that the padding crops
CROPPED_TEXT = "#404040"  # dark grey: legible on the light grey
HATCH_COLOUR = "#A6A6A6"  # the hatching of the cropped cells

# Inches per grid cell: Figure 1 (27.2 cells wide) is 12 inches wide, and the others keep its scale.
CELL_INCHES = 12 / 27.2
# Inches above and below the grids (their titles), as in Figure 1.
MARGIN_INCHES = 2.6 - 4.2 * CELL_INCHES

SEED_X = np.array([[0, 1], [2, 3]])
SEED_K = np.array([[0, 1], [2, 3]])


def _svg_style():
    """rcParams that make matplotlib's SVG output reproducible and light."""
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "transconv",
        "font.family": "DejaVu Sans",
        "font.size": 13,
    }


def _draw_grid(ax, values, origin, fill, mask=None, title=None, cropped=None):
    """Draw ``values`` as a grid of numbered cells with its top-left at ``origin``.

    Cells where ``mask`` is False are drawn empty, without a number; cells
    where ``cropped`` is True are drawn grey and hatched, with a grey number.
    """
    x0, y0 = origin
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            shown = mask is None or mask[i, j]
            crop = cropped is not None and cropped[i, j]
            if crop:  # light hatching under the cell's border, so that its number stays legible
                ax.add_patch(plt.Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=CROPPED_COLOUR,
                                           edgecolor=HATCH_COLOUR, linewidth=0, hatch="//"))
            ax.add_patch(
                plt.Rectangle(
                    (x0 + j, y0 - i - 1), 1, 1,
                    facecolor="none" if crop else fill if shown else EMPTY_COLOUR,
                    edgecolor="black", linewidth=1.2,
                )
            )
            if shown:
                ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{values[i, j]:g}",
                        ha="center", va="center", color=CROPPED_TEXT if crop else "black")
    if title:
        ax.text(x0 + cols / 2, y0 + 0.35, title, ha="center", va="bottom")


def _finish(fig, ax, width, height):
    """Fit the axes to ``width`` x ``height`` cells at Figure 1's scale, without axes."""
    ax.set_xlim(-0.2, width - 0.2)
    ax.set_ylim(-0.2, height - 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.set_size_inches(CELL_INCHES * width, CELL_INCHES * height + MARGIN_INCHES)
    fig.tight_layout(pad=0.1)


def scaled_copies(X, K, stride=1, dilation=1):
    """The scaled kernel copies of a transposed convolution, one per input element.

    Parameters
    ----------
    X : array_like, shape (h, w)
        The input.
    K : array_like, shape (kh, kw)
        The kernel.
    stride : int, default 1
        Rows and columns between the starts of neighbouring copies.
    dilation : int, default 1
        Rows and columns between neighbouring elements of one copy.

    Returns
    -------
    list of (float, numpy.ndarray, numpy.ndarray)
        Per input element in row-major order: its value ``x``, the full output
        canvas holding ``x * K`` where the copy lands (zeros elsewhere), and
        the mask of those cells. The canvas has ``(h - 1) * stride +
        dilation * (kh - 1) + 1`` rows, and as many columns for ``w`` and ``kw``.

    Examples
    --------
    >>> [x for x, _, _ in scaled_copies([[0, 1], [2, 3]], [[1]])]
    [0.0, 1.0, 2.0, 3.0]
    >>> scaled_copies([[5]], [[1, 2]], dilation=2)[0][1]
    array([[ 5.,  0., 10.]])
    """
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    (kh, kw), s, d = K.shape, stride, dilation
    shape = ((X.shape[0] - 1) * s + d * (kh - 1) + 1, (X.shape[1] - 1) * s + d * (kw - 1) + 1)
    copies = []
    for (i, j), x in np.ndenumerate(X):
        mask = np.zeros(shape, dtype=bool)
        # the copy starts at (s i, s j), its elements d apart
        mask[s * i: s * i + d * (kh - 1) + 1: d, s * j: s * j + d * (kw - 1) + 1: d] = True
        copy = np.zeros(shape)
        copy[mask] = (x * K).ravel()
        copies.append((float(x), copy, mask))
    return copies


def trans_conv_figure(X=SEED_X, K=SEED_K, stride=1, dilation=1):
    """Draw the scatter-add of a transposed convolution with a small kernel.

    The figure shows the input, the kernel, one scaled copy of the kernel per
    input element placed on the output canvas (:func:`scaled_copies`), and
    their sum, ``ops.conv_transpose2d``.

    Parameters
    ----------
    X : array_like, shape (h, w)
        The input.
    K : array_like, shape (kh, kw)
        The kernel.
    stride, dilation : int, default 1
        As for ``ops.conv_transpose2d``; named under the operator when not 1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    copies = scaled_copies(X, K, stride, dilation)
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    Y = conv_transpose2d(X[None, None], K[None, None], stride=stride, dilation=dilation)[0, 0]
    top = max(3, Y.shape[0])  # the grids hang from this height
    # Not "∗", the sign of an ordinary convolution: this operation is its transpose.
    operator = "transposed\nconv." + (f"\nstride {stride}" if stride != 1 else "") \
        + (f"\ndilation {dilation}" if dilation != 1 else "")
    with plt.rc_context(_svg_style()):
        fig, ax = plt.subplots()
        x = 0.0
        _draw_grid(ax, X, (x, top), INPUT_COLOUR, title="Input")
        x += X.shape[1] + 0.4
        ax.text(x + 0.5, top / 2, operator, ha="center", va="center", fontsize=9)
        x += 1.4
        _draw_grid(ax, K, (x, top), KERNEL_COLOUR, title="Kernel")
        x += K.shape[1] + 0.4
        ax.text(x + 0.2, top / 2, "=", ha="center", va="center", fontsize=18)
        x += 0.8
        for n, (value, copy, mask) in enumerate(copies):
            _draw_grid(ax, copy, (x, top), KERNEL_COLOUR, mask=mask, title=f"{value:g} × kernel")
            x += Y.shape[1] + 0.4
            sign = "+" if n < len(copies) - 1 else "="
            ax.text(x + 0.2, top / 2, sign, ha="center", va="center", fontsize=18)
            x += 0.8
        _draw_grid(ax, Y, (x, top), SUM_COLOUR, title="Output")
        _finish(fig, ax, x + Y.shape[1] + 0.4, top + 1.2)
    return fig


def stride_figure():
    """Figure 1's input and kernel with a stride of 2: the copies start 2 apart and tile the output."""
    return trans_conv_figure(stride=2)


def dilation_figure():
    """Figure 1's input and kernel with a dilation of 2: each copy has gaps, and the copies interleave."""
    return trans_conv_figure(dilation=2)


def padding_figure(X=SEED_X, K=SEED_K, padding=1):
    """Draw how a padding crops the full output of a transposed convolution.

    The figure shows the full output (stride 1, no padding) with the
    ``padding`` rows and columns on each side greyed and hatched, and what is
    left, ``ops.conv_transpose2d(..., padding=padding)``.

    Parameters
    ----------
    X : array_like, shape (h, w)
        The input.
    K : array_like, shape (kh, kw)
        The kernel.
    padding : int, default 1
        Rows and columns cropped from each side; it must leave an output.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    full = conv_transpose2d(X[None, None], K[None, None])[0, 0]
    Y = conv_transpose2d(X[None, None], K[None, None], padding=padding)[0, 0]
    cropped = np.ones(full.shape, dtype=bool)
    cropped[padding:full.shape[0] - padding, padding:full.shape[1] - padding] = False
    top = full.shape[0]
    with plt.rc_context(_svg_style()):
        fig, ax = plt.subplots()
        _draw_grid(ax, full, (0, top), SUM_COLOUR, title="Full output", cropped=cropped)
        x = full.shape[1] + 0.4
        ax.annotate("", xy=(x + 2.2, top / 2), xytext=(x, top / 2),
                    arrowprops={"arrowstyle": "->", "linewidth": 1.5})
        ax.text(x + 1.1, top / 2 + 0.25, f"padding {padding}:", ha="center", va="bottom", fontsize=9)
        ax.text(x + 1.1, top / 2 - 0.25, f"crop {padding} per side", ha="center", va="top",
                fontsize=9)
        x += 2.6
        # the output hangs level with the part of the full output that it keeps
        _draw_grid(ax, Y, (x, top - padding), SUM_COLOUR, title="Output")
        _finish(fig, ax, x + Y.shape[1] + 0.4, top + 1.2)
    return fig


def save_svg(fig, path):
    """Write ``fig`` to ``path`` as reproducible SVG (no date, fixed ids)."""
    with plt.rc_context(_svg_style()):
        fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


FIGURES = {
    "trans_conv.svg": trans_conv_figure,
    "trans_conv_stride.svg": stride_figure,
    "trans_conv_dilation.svg": dilation_figure,
    "trans_conv_padding.svg": padding_figure,
}


def main(img_dir=IMG_DIR):
    """Draw every figure of :data:`FIGURES` into ``img_dir``."""
    img_dir = Path(img_dir)
    img_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        save_svg(draw(), img_dir / name)
        print(f"wrote {img_dir / name}")


if __name__ == "__main__":
    main()
