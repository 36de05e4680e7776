"""Step sequences for the chapter's three widgets: what is shown at step t.

Each function turns parameters into a list of frozen dataclasses, one per
step. A frame says which cells are highlighted, which numbers are added and
what the running result is; it never draws anything (that is
:mod:`transconv.render`) and it never does convolution arithmetic of its
own: every value comes from :mod:`transconv.ops` and every size from
:mod:`transconv.shapes`. The only index arithmetic here is where a window or
a kernel copy sits, which is what the widgets exist to show.

- :func:`stepper_frames`: a convolution, one output cell per step;
- :func:`scatter_add_frames`: a transposed convolution as a sum of scaled
  kernel copies, one input element per step, then the crop;
- :func:`matrix_frames`: the convolution as a matrix ``W``, one chosen cell
  per frame, for the convolution (rows of ``W``) or the transposed
  convolution (columns of ``W``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transconv import ops, shapes

__all__ = [
    "SEED_X",
    "SEED_K",
    "SEED_X2",
    "SEED_K2",
    "StepperFrame",
    "ScatterFrame",
    "MatrixFrame",
    "as_grid",
    "random_grid",
    "window_positions",
    "stepper_frames",
    "scatter_add_frames",
    "matrix_frames",
    "OverlapFrame",
    "overlap_counts",
    "overlap_frames",
    "SizeFrame",
    "size_frames",
    "InverseFrame",
    "inverse_frames",
]

#: The seed chapter's 4x4 input and 3x3 kernel (``W`` of the matrix section is 4x16).
SEED_X = np.arange(1.0, 17.0).reshape(4, 4)
SEED_K = np.arange(1.0, 10.0).reshape(3, 3)
#: The seed chapter's 2x2 transposed-convolution example.
SEED_X2 = np.array([[0.0, 1.0], [2.0, 3.0]])
SEED_K2 = np.array([[0.0, 1.0], [2.0, 3.0]])


def as_grid(name, values):
    """Return ``values`` as a 2-D float array, checked by ``shapes.check_array``.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    values : array_like
        A 2-D grid of numbers with at least one row and one column.

    Returns
    -------
    numpy.ndarray
        A float copy of ``values``.

    Raises
    ------
    TypeError
        If ``values`` does not hold numbers.
    ValueError
        If ``values`` is not 2-D or is empty.

    Examples
    --------
    >>> as_grid("X", [[1, 2], [3, 4]]).dtype
    dtype('float64')
    """
    return shapes.check_array(values, name, 2, "(rows, columns)").astype(float)


def random_grid(shape, seed=0, low=0, high=4):
    """Return a seeded random integer grid (as floats), e.g. for a widget's input.

    Parameters
    ----------
    shape : tuple of int
        ``(rows, columns)``.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same grid.
    low, high : int, default 0 and 4
        Values are drawn from ``low`` to ``high - 1``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> random_grid((2, 3), seed=1).shape
    (2, 3)
    """
    return np.random.default_rng(seed).integers(low, high, size=shape).astype(float)


def _conv2d(X, K, stride, padding, dilation):
    """Single-channel ``ops.conv2d``."""
    return ops.conv2d(X[None, None], K[None, None], stride=stride, padding=padding,
                      dilation=dilation)[0, 0]


def _conv_transpose2d(X, K, stride, padding, output_padding, dilation=1):
    """Single-channel ``ops.conv_transpose2d``."""
    return ops.conv_transpose2d(X[None, None], K[None, None], stride=stride,
                                padding=padding, output_padding=output_padding,
                                dilation=dilation)[0, 0]


def window_positions(out_pos, kernel_shape, stride=1, dilation=1):
    """Rows and columns, in the padded input, of the window of one output cell.

    Parameters
    ----------
    out_pos : tuple of int
        ``(i, j)``, the output cell.
    kernel_shape : tuple of int
        ``(kh, kw)``.
    stride, dilation : int
        The convolution's stride and dilation.

    Returns
    -------
    rows, cols : numpy.ndarray
        1-D index arrays of lengths ``kh`` and ``kw``; the window is
        ``padded[np.ix_(rows, cols)]``.

    Examples
    --------
    >>> rows, cols = window_positions((1, 0), (2, 2), stride=2, dilation=3)
    >>> rows.tolist(), cols.tolist()
    ([2, 5], [0, 3])
    """
    i, j = out_pos
    kh, kw = kernel_shape
    return i * stride + dilation * np.arange(kh), j * stride + dilation * np.arange(kw)


# --------------------------------------------------------------------------
# 1. Convolution stepper
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class StepperFrame:
    """One step of a convolution: one output cell computed from its window.

    Attributes
    ----------
    step : int
        Index of the frame.
    padded_input : numpy.ndarray
        The input with its zero padding (shared by all frames).
    padding : int
        Width of the padding border in ``padded_input``.
    padding_mask : numpy.ndarray
        Boolean mask over ``padded_input``: the padding cells.
    window_mask : numpy.ndarray
        Boolean mask over ``padded_input``: the window of this step.
    kernel : numpy.ndarray
    out_pos : tuple of int
        The output cell computed at this step.
    window_rows, window_cols : numpy.ndarray
        Positions of the window in ``padded_input`` (see :func:`window_positions`).
    window_values : numpy.ndarray
        ``padded_input[np.ix_(window_rows, window_cols)]``.
    products : numpy.ndarray
        ``window_values * kernel``, the terms written out.
    total : float
        The output value at ``out_pos``, from ``ops.conv2d``.
    output : numpy.ndarray
        The output so far; cells not yet computed are NaN.
    """

    step: int
    padded_input: np.ndarray
    padding: int
    padding_mask: np.ndarray
    window_mask: np.ndarray
    kernel: np.ndarray
    out_pos: tuple
    window_rows: np.ndarray
    window_cols: np.ndarray
    window_values: np.ndarray
    products: np.ndarray
    total: float
    output: np.ndarray


def stepper_frames(X=None, K=None, stride=1, padding=0, dilation=1):
    """Frames of a convolution computed one output cell at a time.

    Parameters
    ----------
    X : array_like, optional
        2-D input; default the seed's ``arange(1, 17)`` as 4x4.
    K : array_like, optional
        2-D kernel; default the seed's ``arange(1, 10)`` as 3x3.
    stride : int, default 1
    padding : int, default 0
    dilation : int, default 1
        Checked by :func:`transconv.shapes.conv_output_size`.

    Returns
    -------
    list of StepperFrame
        One frame per output cell, in row-major order; the last frame's
        ``output`` equals ``ops.conv2d``.

    Raises
    ------
    TypeError, ValueError
        From :func:`as_grid` for ``X``/``K`` and from ``transconv.shapes``
        for the other parameters (for example a kernel larger than the
        padded input).

    Examples
    --------
    >>> [f.total for f in stepper_frames()]
    [348.0, 393.0, 528.0, 573.0]
    """
    X = as_grid("X", SEED_X if X is None else X)
    K = as_grid("K", SEED_K if K is None else K)
    out_shape = tuple(shapes.conv_output_size(n, k, stride, padding, dilation)
                      for n, k in zip(X.shape, K.shape))
    result = _conv2d(X, K, stride, padding, dilation)
    padded = np.pad(X, padding)
    padding_mask = np.pad(np.zeros(X.shape, dtype=bool), padding, constant_values=True)
    output = np.full(out_shape, np.nan)
    frames = []
    for step, pos in enumerate(np.ndindex(*out_shape)):
        rows, cols = window_positions(pos, K.shape, stride, dilation)
        window = padded[np.ix_(rows, cols)]
        window_mask = np.zeros(padded.shape, dtype=bool)
        window_mask[np.ix_(rows, cols)] = True
        output = output.copy()
        output[pos] = result[pos]
        frames.append(StepperFrame(step, padded, padding, padding_mask, window_mask, K, pos,
                                   rows, cols, window, window * K, float(result[pos]),
                                   output))
    return frames


# --------------------------------------------------------------------------
# 2. Scatter-add player
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ScatterFrame:
    """One step of a transposed convolution seen as a scatter-add.

    Attributes
    ----------
    step : int
    kind : {"add", "crop", "final"}
        ``"add"``: one scaled kernel copy added to the canvas; ``"crop"``:
        the full canvas with the region kept by padding/output_padding;
        ``"final"``: the output.
    x : numpy.ndarray
        The input.
    kernel : numpy.ndarray
    source : tuple of int or None
        The input element scattered at this step (``"add"`` frames).
    scaled : numpy.ndarray or None
        ``x[source] * kernel``, the copy added at this step.
    offset : tuple of int or None
        Top-left canvas cell of the copy, ``(i * stride, j * stride)``.
    canvas : numpy.ndarray
        The running sum on the full canvas, extended by ``output_padding``
        rows and columns at the bottom and right (cells beyond the copies'
        reach stay 0).
    counts : numpy.ndarray
        How many copies have touched each canvas cell so far.
    added : numpy.ndarray
        Boolean mask over ``canvas``: where this step's copy landed.
    extension : numpy.ndarray
        Boolean mask over ``canvas``: the cells added by ``output_padding``
        beyond the full canvas.
    crop : tuple of int
        ``(top, left, height, width)`` of the output inside ``canvas``.
    kept : numpy.ndarray
        Boolean mask over ``canvas``: the cells inside ``crop``.
    output : numpy.ndarray or None
        The output (``"crop"`` and ``"final"`` frames); equals
        ``ops.conv_transpose2d``.
    output_counts : numpy.ndarray or None
        ``counts`` inside the crop.
    """

    step: int
    kind: str
    x: np.ndarray
    kernel: np.ndarray
    source: tuple | None
    scaled: np.ndarray | None
    offset: tuple | None
    canvas: np.ndarray
    counts: np.ndarray
    added: np.ndarray
    extension: np.ndarray
    crop: tuple
    kept: np.ndarray
    output: np.ndarray | None
    output_counts: np.ndarray | None


def scatter_add_frames(X=None, K=None, stride=1, padding=0, output_padding=0):
    """Frames of a transposed convolution built by adding scaled kernel copies.

    Step ``t < X.size`` adds ``X[i, j] * K`` at ``(i * stride, j * stride)``
    (row-major order); the running sums are ``ops.conv_transpose2d`` of the
    input with the not-yet-visited elements set to 0. The last two frames
    mark the crop (``padding`` removed on every side, ``output_padding``
    added at the bottom and right) and show the output.

    Parameters
    ----------
    X : array_like, optional
        2-D input; default the seed's ``[[0, 1], [2, 3]]``.
    K : array_like, optional
        2-D kernel; default the seed's ``[[0, 1], [2, 3]]``.
    stride : int, default 1
    padding : int, default 0
    output_padding : int, default 0
        Checked by :func:`transconv.shapes.conv_transpose_output_size`.

    Returns
    -------
    list of ScatterFrame
        ``X.size + 2`` frames.

    Raises
    ------
    TypeError, ValueError
        From :func:`as_grid` and from ``transconv.shapes`` (for example
        ``output_padding >= stride`` or a padding that empties the output).

    Examples
    --------
    >>> scatter_add_frames()[-1].output.tolist()
    [[0.0, 0.0, 1.0], [0.0, 4.0, 6.0], [4.0, 12.0, 9.0]]
    """
    X = as_grid("X", SEED_X2 if X is None else X)
    K = as_grid("K", SEED_K2 if K is None else K)
    out_shape = tuple(shapes.conv_transpose_output_size(n, k, stride, padding, output_padding)
                      for n, k in zip(X.shape, K.shape))
    # The full canvas is the transposed convolution without cropping, extended
    # by output_padding (which pads past the full canvas if padding is smaller).
    extend = ((0, output_padding), (0, output_padding))
    ones_k = np.ones_like(K)
    visited = np.zeros_like(X)
    frames = []
    crop = (padding, padding) + out_shape
    for step, src in enumerate(np.ndindex(*X.shape)):
        visited[src] = 1.0
        full = _conv_transpose2d(X * visited, K, stride, 0, 0)
        canvas = np.pad(full, extend)
        counts = np.pad(_conv_transpose2d(visited, ones_k, stride, 0, 0), extend)
        offset = (src[0] * stride, src[1] * stride)
        added = np.zeros(canvas.shape, dtype=bool)
        added[offset[0]:offset[0] + K.shape[0], offset[1]:offset[1] + K.shape[1]] = True
        frames.append([step, "add", X, K, src, X[src] * K, offset, canvas, counts, added])
    top, left, height, width = crop
    region = (slice(top, top + height), slice(left, left + width))
    kept = np.zeros(canvas.shape, dtype=bool)
    kept[region] = True
    output, output_counts = canvas[region], counts[region]
    extension = np.pad(np.zeros(full.shape, dtype=bool), extend, constant_values=True)
    frames = [ScatterFrame(*fields, extension, crop, kept, None, None) for fields in frames]
    nothing = np.zeros(canvas.shape, dtype=bool)
    for kind in ("crop", "final"):
        frames.append(ScatterFrame(len(frames), kind, X, K, None, None, None, canvas,
                                   counts, nothing, extension, crop, kept, output,
                                   output_counts))
    return frames


# --------------------------------------------------------------------------
# 3. Matrix view
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MatrixFrame:
    """The convolution as ``y = W x`` (or ``z = Wᵀ y``) with one cell chosen.

    Attributes
    ----------
    mode : {"conv", "transposed"}
    matrix : numpy.ndarray
        ``W`` from ``ops.conv_matrix``, shape ``(y.size, x.size)``.
    x : numpy.ndarray
        The convolution's input grid.
    y : numpy.ndarray
        The convolution's output, ``ops.conv2d(x)``; the transposed
        convolution's input.
    z : numpy.ndarray
        ``ops.conv_transpose2d(y)``, shaped like ``x`` (equals ``Wᵀ y``).
    cell : tuple of int
        The chosen cell: of ``y`` in ``"conv"`` mode, of ``x``/``z`` in
        ``"transposed"`` mode.
    index : int
        The flat index of ``cell``: a row of ``W`` (``"conv"``) or a column
        of ``W``, i.e. a row of ``Wᵀ`` (``"transposed"``).
    band : numpy.ndarray
        Boolean mask over ``W``: the chosen row (``"conv"``) or column.
    entries : numpy.ndarray
        Boolean mask over ``W``: the non-zero entries of the chosen row or column.
    x_cells : numpy.ndarray
        Boolean mask over ``x``: in ``"conv"`` mode the input cells of the
        window of ``cell`` (padding excluded); in ``"transposed"`` mode the
        chosen cell.
    y_cells : numpy.ndarray
        Boolean mask over ``y``: in ``"conv"`` mode the chosen cell; in
        ``"transposed"`` mode the output cells whose window holds ``cell``
        (its footprint).
    """

    mode: str
    matrix: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    cell: tuple
    index: int
    band: np.ndarray
    entries: np.ndarray
    x_cells: np.ndarray
    y_cells: np.ndarray


def _output_padding_for(size, kernel, stride, padding, dilation):
    """The output_padding that makes the transposed output ``size`` long again."""
    out = shapes.conv_output_size(size, kernel, stride, padding, dilation)
    extra = 0
    while True:
        # raises ValueError once no output_padding is left to try
        shapes.check_output_padding(extra, stride, dilation)
        try:
            if shapes.conv_transpose_output_size(out, kernel, stride, padding, extra,
                                                 dilation) == size:
                return extra
        except ValueError:  # this output_padding leaves no output; try the next one
            pass
        extra += 1


def _window_masks(x_shape, kernel_shape, y_shape, stride, padding, dilation):
    """``masks[i, j]``: boolean mask over ``x`` of output cell (i, j)'s window."""
    masks = np.zeros(y_shape + x_shape, dtype=bool)
    for pos in np.ndindex(*y_shape):
        rows, cols = window_positions(pos, kernel_shape, stride, dilation)
        padded = np.zeros(tuple(n + 2 * padding for n in x_shape), dtype=bool)
        padded[np.ix_(rows, cols)] = True
        masks[pos] = padded[padding:padding + x_shape[0], padding:padding + x_shape[1]]
    return masks


def matrix_frames(X=None, K=None, stride=1, padding=0, dilation=1, mode="conv"):
    """Frames of the matrix view, one per cell that can be chosen.

    Parameters
    ----------
    X : array_like, optional
        2-D input; default the seed's 4x4 ``arange(1, 17)``.
    K : array_like, optional
        2-D kernel; default the seed's 3x3 ``arange(1, 10)``.
    stride, padding, dilation : int
        Checked by ``transconv.shapes``.
    mode : {"conv", "transposed"}
        ``"conv"``: one frame per output cell (rows of ``W``);
        ``"transposed"``: one frame per input cell (columns of ``W``).

    Returns
    -------
    list of MatrixFrame

    Raises
    ------
    ValueError
        If ``mode`` is not one of the two names, or from ``transconv.shapes``.
    TypeError
        From :func:`as_grid`.

    Examples
    --------
    >>> frames = matrix_frames()
    >>> len(frames), frames[0].matrix.shape
    (4, (4, 16))
    """
    if mode not in ("conv", "transposed"):
        raise ValueError(f"mode must be 'conv' or 'transposed', got {mode!r}")
    X = as_grid("X", SEED_X if X is None else X)
    K = as_grid("K", SEED_K if K is None else K)
    y = _conv2d(X, K, stride, padding, dilation)
    extra = tuple(_output_padding_for(n, k, stride, padding, dilation)
                  for n, k in zip(X.shape, K.shape))
    z = _conv_transpose2d(y, K, stride, padding, extra, dilation)
    W = ops.conv_matrix(K, X.shape, stride=stride, padding=padding, dilation=dilation)
    windows = _window_masks(X.shape, K.shape, y.shape, stride, padding, dilation)
    frames = []
    if mode == "conv":
        for index, cell in enumerate(np.ndindex(*y.shape)):
            band = np.zeros(W.shape, dtype=bool)
            band[index] = True
            y_cells = np.zeros(y.shape, dtype=bool)
            y_cells[cell] = True
            frames.append(MatrixFrame(mode, W, X, y, z, cell, index, band, band & (W != 0),
                                      windows[cell], y_cells))
    else:
        for index, cell in enumerate(np.ndindex(*X.shape)):
            band = np.zeros(W.shape, dtype=bool)
            band[:, index] = True
            x_cells = np.zeros(X.shape, dtype=bool)
            x_cells[cell] = True
            frames.append(MatrixFrame(mode, W, X, y, z, cell, index, band, band & (W != 0),
                                      x_cells, windows[(...,) + cell]))
    return frames


# --------------------------------------------------------------------------
# 4. Overlap explorer (checkerboard artifacts)
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
# 5. Output-size explorer
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
