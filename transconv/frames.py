"""Overlap counts of stacked transposed convolutions, computed in Python for the chapter.

- :func:`overlap_counts`, :func:`overlap_frames`: how many kernel copies
  cover each output cell (the checkerboard chapter measures with them).

Every value comes from :mod:`transconv.ops`. The players and explorers
compute what they show in the browser (``transconv/static``; their engine is
checked against :mod:`transconv.ops` by ``tests/test_engine_vs_ops.py`` and
``tests/test_explorers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transconv import ops, shapes

__all__ = [
    "OverlapFrame",
    "overlap_counts",
    "overlap_frames",
]


# --------------------------------------------------------------------------
# Overlap counts (checkerboard artifacts) (checkerboard artifacts)
# --------------------------------------------------------------------------

#: Input length (1-D) and side (2-D) of the all-ones input whose counts are shown.
OVERLAP_SHOWN_INPUT = 4
#: At most this many cells of the 1-D profile and rows/columns of the 2-D map are shown.
OVERLAP_MAX_1D, OVERLAP_MAX_2D = 36, 13


@dataclass(frozen=True, eq=False)
class OverlapFrame:
    """How many kernel copies cover each output cell of stacked transposed convolutions.

    The counts are ``ops.conv_transpose2d`` of an all-ones input with an
    all-ones kernel, applied ``layers`` times: a cell's value is the number of
    (chains of) kernel copies that reach it.

    Attributes
    ----------
    kernel, stride, layers : int
        The settings of every layer.
    profile : numpy.ndarray
        1-D counts after the last layer for an input of length
        :data:`OVERLAP_SHOWN_INPUT`, cropped to at most :data:`OVERLAP_MAX_1D`
        central cells.
    profile_start, profile_length : int
        First shown cell and length of the whole 1-D output.
    grid : numpy.ndarray
        2-D counts after the last layer for a square all-ones input of side
        :data:`OVERLAP_SHOWN_INPUT`, cropped to at most :data:`OVERLAP_MAX_2D`
        central rows and columns.
    grid_start, grid_length : int
        First shown row (and column) and side of the whole 2-D output.
    interior_1d, interior_2d : tuple of (int, int)
        Per layer, the smallest and largest count far from the borders (one
        period of the centre of the output of a long input), in 1-D and 2-D.
    """

    kernel: int
    stride: int
    layers: int
    profile: np.ndarray
    profile_start: int
    profile_length: int
    grid: np.ndarray
    grid_start: int
    grid_length: int
    interior_1d: tuple
    interior_2d: tuple

    @property
    def even(self):
        """True if, far from the borders, every output cell gets the same count."""
        low, high = self.interior_2d[-1]
        return low == high

    @property
    def ratio(self):
        """Largest over smallest interior count in 2-D after the last layer (inf if a cell gets none)."""
        low, high = self.interior_2d[-1]
        return high / low if low else float("inf")


def overlap_counts(kernel, stride, layers, shape):
    """Counts of kernel copies per output cell, after each of ``layers`` transposed convolutions.

    Parameters
    ----------
    kernel : int
        Kernel size of every layer (a ``1 x kernel`` kernel if ``shape`` has
        one row, else ``kernel x kernel``), >= 1.
    stride : int
        Stride of every layer, >= 1.
    layers : int
        Number of stacked layers, >= 1.
    shape : tuple of int
        ``(rows, columns)`` of the all-ones input.

    Returns
    -------
    list of numpy.ndarray
        The output of each layer, from ``ops.conv_transpose2d`` with an
        all-ones kernel, fed the previous layer's output.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter).

    Examples
    --------
    >>> overlap_counts(3, 2, 1, (1, 3))[0].tolist()
    [[1.0, 1.0, 2.0, 1.0, 2.0, 1.0, 1.0]]
    """
    layers = shapes.check_int(layers, "layers", minimum=1)
    rows, cols = shapes.as_pair(shape, "shape", minimum=1)
    kernel = shapes.check_int(kernel, "kernel", minimum=1)
    ones_k = np.ones((1, 1, 1 if rows == 1 else kernel, kernel))
    stride = (1 if rows == 1 else stride, stride)
    counts, out = np.ones((1, 1, rows, cols)), []
    for _ in range(layers):
        counts = ops.conv_transpose2d(counts, ones_k, stride=stride)
        out.append(counts[0, 0])
    return out


def _centre(length, keep):
    """Start of the ``keep`` central cells of ``length`` (0 if all fit)."""
    return max(0, (length - keep) // 2)


def _interior(counts, period, axes):
    """(min, max) of one ``period`` at the centre of ``counts`` along ``axes``."""
    index = [slice(None)] * counts.ndim
    for axis in axes:
        start = _centre(counts.shape[axis], period)
        index[axis] = slice(start, start + period)
    window = counts[tuple(index)]
    return int(window.min()), int(window.max())


def overlap_frames(kernel=3, stride=2, layers=1):
    """The overlap explorer's single frame for ``layers`` stacked transposed convolutions.

    Parameters
    ----------
    kernel : int, default 3
        Kernel size of every layer, >= 1.
    stride : int, default 2
        Stride of every layer, >= 1.
    layers : int, default 1
        Number of stacked layers, >= 1.

    Returns
    -------
    list of OverlapFrame
        One frame (the widgets' common interface is a list of frames).

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter).

    Examples
    --------
    >>> f, = overlap_frames(3, 2)
    >>> f.interior_1d, f.interior_2d, f.even
    (((1, 2),), ((1, 4),), False)
    >>> overlap_frames(4, 2, layers=2)[0].interior_2d
    ((4, 4), (16, 16))
    """
    shapes.check_int(stride, "stride", minimum=1)
    shown = OVERLAP_SHOWN_INPUT
    line = overlap_counts(kernel, stride, layers, (1, shown))[-1][0]
    square = overlap_counts(kernel, stride, layers, (shown, shown))[-1]
    # a long input: its centre is far enough from the borders to show the interior
    long = 2 * layers * -(-kernel // stride) + 4
    interior_1d, interior_2d = [], []
    for layer, (row, plane) in enumerate(zip(overlap_counts(kernel, stride, layers, (1, long)),
                                             overlap_counts(kernel, stride, layers, (long, long)))):
        period = stride ** (layer + 1)  # the pattern of layer L repeats every stride**L cells
        interior_1d.append(_interior(row, period, (1,)))
        interior_2d.append(_interior(plane, period, (0, 1)))
    p0 = _centre(line.size, OVERLAP_MAX_1D)
    g0 = _centre(square.shape[0], OVERLAP_MAX_2D)
    return [OverlapFrame(kernel, stride, layers, line[p0:p0 + OVERLAP_MAX_1D], p0, line.size,
                         square[g0:g0 + OVERLAP_MAX_2D, g0:g0 + OVERLAP_MAX_2D], g0,
                         square.shape[0], tuple(interior_1d), tuple(interior_2d))]
