"""What the explorers show, computed in Python (the players compute theirs in the browser).

- :func:`overlap_counts`, :func:`overlap_frames`: how many kernel copies
  cover each output cell of stacked transposed convolutions (the checkerboard
  chapter measures with them);
- :func:`size_frames`, :func:`inverse_frames`: the output size of a
  transposed convolution with its terms, and the settings for a wanted size.

Every value comes from :mod:`transconv.ops` and every size from
:mod:`transconv.shapes`. The stepper, scatter-add and matrix players compute
their step sequences in ``transconv/static/engine.js`` (checked against
:mod:`transconv.ops` by ``tests/test_engine_vs_ops.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transconv import ops, shapes

__all__ = [
    "InverseFrame",
    "OverlapFrame",
    "SizeFrame",
    "inverse_frames",
    "overlap_counts",
    "overlap_frames",
    "size_frames",
]


# --------------------------------------------------------------------------
# 1. Overlap explorer (checkerboard artifacts)
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


# --------------------------------------------------------------------------
# 2. Output-size explorer
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SizeFrame:
    """A transposed convolution's output size, its terms, and the convolution that maps back.

    Attributes
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        The transposed convolution's settings (one axis).
    terms : transconv.shapes.TransposeTerms
        ``terms.output`` is the output size.
    back : int
        ``shapes.conv_output_size`` of the output with the same kernel,
        stride, padding and dilation: ``size`` again when
        ``output_padding < stride``.
    inputs : list of transconv.shapes.InputSize
        Every size that this convolution maps to ``size``, each with the
        output padding that recovers it (``shapes.conv_input_sizes``).
    """

    size: int
    kernel: int
    stride: int
    padding: int
    output_padding: int
    dilation: int
    terms: tuple
    back: int
    inputs: list


def size_frames(size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1):
    """The output-size explorer's frame for one transposed convolution (one axis).

    Parameters
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        As for :func:`transconv.shapes.conv_transpose_output_size`.

    Returns
    -------
    list of SizeFrame
        One frame.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter).

    Examples
    --------
    >>> f, = size_frames(4, 3, 2, 1, 1)
    >>> f.terms.output, f.back, [i.size for i in f.inputs]
    (8, 4, [7, 8])
    """
    terms = shapes.transpose_terms(size, kernel, stride, padding, output_padding, dilation)
    back = shapes.conv_output_size(terms.output, kernel, stride, padding, dilation)
    inputs = shapes.conv_input_sizes(size, kernel, stride, padding, dilation)
    return [SizeFrame(size, kernel, stride, padding, output_padding, dilation, terms, back,
                      inputs)]


@dataclass(frozen=True, eq=False)
class InverseFrame:
    """Every setting that maps ``size_in`` to ``size_out`` (``shapes.transpose_settings_for``).

    Attributes
    ----------
    size_in, size_out : int
    settings : list of transconv.shapes.TransposeSetting
    """

    size_in: int
    size_out: int
    settings: list


def inverse_frames(size_in=7, size_out=14, max_kernel=7, max_stride=4):
    """The output-size explorer's inverse mode: the settings that give ``size_out``.

    Parameters
    ----------
    size_in, size_out, max_kernel, max_stride : int
        As for :func:`transconv.shapes.transpose_settings_for`.

    Returns
    -------
    list of InverseFrame
        One frame.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter).

    Examples
    --------
    >>> f, = inverse_frames(7, 14, max_stride=2)
    >>> [s.kernel for s in f.settings if s.divisible]
    [2, 4, 6]
    """
    return [InverseFrame(size_in, size_out,
                         shapes.transpose_settings_for(size_in, size_out, max_kernel, max_stride))]
