"""Static figures for the book's ``img/`` folder, drawn with matplotlib.

Regenerate every figure with::

    python -m transconv.figures

Each figure is written as SVG with text kept as text and with fixed ids and no
date, so that drawing it twice gives the same file.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from transconv.frames import scatter_add_frames  # noqa: E402

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


def trans_conv_figure(X=SEED_X, K=SEED_K):
    """Draw the scatter-add of a transposed convolution with a small kernel.

    The figure shows the input, the kernel, one scaled copy of the kernel per
    input element placed at that element's offset on the output canvas, and
    their sum: the steps of :func:`transconv.frames.scatter_add_frames`.

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
    frames = scatter_add_frames(X, K)
    copies = [frame for frame in frames if frame.kind == "add"]
    X, K, Y = frames[0].x, frames[0].kernel, frames[-1].output
    with plt.rc_context(_svg_style()):
        fig, ax = plt.subplots(figsize=(12, 2.6))
        x = 0.0
        _draw_grid(ax, X, (x, 3), INPUT_COLOUR, title="Input")
        x += X.shape[1] + 0.4
        ax.text(x + 0.2, 1.5, "∗", ha="center", va="center", fontsize=18)
        x += 0.8
        _draw_grid(ax, K, (x, 3), KERNEL_COLOUR, title="Kernel")
        x += K.shape[1] + 0.4
        ax.text(x + 0.2, 1.5, "=", ha="center", va="center", fontsize=18)
        x += 0.8
        for n, frame in enumerate(copies):
            copy = np.zeros_like(frame.canvas)
            copy[frame.added] = frame.scaled.ravel()  # the scaled kernel where it landed
            _draw_grid(ax, copy, (x, 3), KERNEL_COLOUR, mask=frame.added,
                       title=f"{X[frame.source]:g} × kernel")
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
