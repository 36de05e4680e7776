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


def _draw_grid(ax, values, origin, fill, mask=None, title=None):
    """Draw ``values`` as a grid of numbered cells with its top-left at ``origin``.

    Cells where ``mask`` is False are drawn empty, without a number.
    """
    x0, y0 = origin
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            shown = mask is None or mask[i, j]
            ax.add_patch(
                plt.Rectangle(
                    (x0 + j, y0 - i - 1), 1, 1,
                    facecolor=fill if shown else EMPTY_COLOUR,
                    edgecolor="black", linewidth=1.2,
                )
            )
            if shown:
                ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{values[i, j]:g}",
                        ha="center", va="center")
    if title:
        ax.text(x0 + cols / 2, y0 + 0.35, title, ha="center", va="bottom")


def scaled_copies(X, K):
    """The scaled kernel copies of a transposed convolution (stride 1), one per input element.

    Parameters
    ----------
    X : array_like, shape (h, w)
        The input.
    K : array_like, shape (kh, kw)
        The kernel.

    Returns
    -------
    list of (float, numpy.ndarray, numpy.ndarray)
        Per input element in row-major order: its value ``x``, the output canvas
        holding ``x * K`` where the copy lands (zeros elsewhere), and the mask
        of those cells.

    Examples
    --------
    >>> [x for x, _, _ in scaled_copies([[0, 1], [2, 3]], [[1]])]
    [0.0, 1.0, 2.0, 3.0]
    """
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    shape = (X.shape[0] + K.shape[0] - 1, X.shape[1] + K.shape[1] - 1)
    copies = []
    for (i, j), x in np.ndenumerate(X):
        mask = np.zeros(shape, dtype=bool)
        mask[i:i + K.shape[0], j:j + K.shape[1]] = True  # the copy starts at the element's place
        copy = np.zeros(shape)
        copy[mask] = (x * K).ravel()
        copies.append((float(x), copy, mask))
    return copies


def trans_conv_figure(X=SEED_X, K=SEED_K):
    """Draw the scatter-add of a transposed convolution with a small kernel.

    The figure shows the input, the kernel, one scaled copy of the kernel per
    input element placed at that element's offset on the output canvas
    (:func:`scaled_copies`), and their sum, ``ops.conv_transpose2d``.

    Parameters
    ----------
    X : array_like, shape (h, w)
        The input.
    K : array_like, shape (kh, kw)
        The kernel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    copies = scaled_copies(X, K)
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    Y = conv_transpose2d(X[None, None], K[None, None])[0, 0]
    with plt.rc_context(_svg_style()):
        fig, ax = plt.subplots(figsize=(12, 2.6))
        x = 0.0
        _draw_grid(ax, X, (x, 3), INPUT_COLOUR, title="Input")
        x += X.shape[1] + 0.4
        # Not "∗", the sign of an ordinary convolution: this operation is its transpose.
        ax.text(x + 0.5, 1.5, "transposed\nconv.", ha="center", va="center", fontsize=9)
        x += 1.4
        _draw_grid(ax, K, (x, 3), KERNEL_COLOUR, title="Kernel")
        x += K.shape[1] + 0.4
        ax.text(x + 0.2, 1.5, "=", ha="center", va="center", fontsize=18)
        x += 0.8
        for n, (value, copy, mask) in enumerate(copies):
            _draw_grid(ax, copy, (x, 3), KERNEL_COLOUR, mask=mask, title=f"{value:g} × kernel")
            x += Y.shape[1] + 0.4
            sign = "+" if n < len(copies) - 1 else "="
            ax.text(x + 0.2, 1.5, sign, ha="center", va="center", fontsize=18)
            x += 0.8
        _draw_grid(ax, Y, (x, 3), SUM_COLOUR, title="Output")
        ax.set_xlim(-0.2, x + Y.shape[1] + 0.2)
        ax.set_ylim(-0.2, 4.0)
        ax.set_aspect("equal")
        ax.axis("off")
        fig.tight_layout(pad=0.1)
    return fig


def save_svg(fig, path):
    """Write ``fig`` to ``path`` as reproducible SVG (no date, fixed ids)."""
    with plt.rc_context(_svg_style()):
        fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


FIGURES = {"trans_conv.svg": trans_conv_figure}


def main(img_dir=IMG_DIR):
    """Draw every figure of :data:`FIGURES` into ``img_dir``."""
    img_dir = Path(img_dir)
    img_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        save_svg(draw(), img_dir / name)
        print(f"wrote {img_dir / name}")


if __name__ == "__main__":
    main()
