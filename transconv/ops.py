"""The numbers of the chapter: convolution and transposed convolution in numpy.

- :func:`corr2d` and :func:`trans_conv` are the teaching versions: one
  channel, plain loops over the input, written to be read.
- :func:`conv2d` and :func:`conv_transpose2d` are the vectorized versions with
  batches, channels, stride, padding, output padding and dilation; they give
  the same numbers as MXNet's ``Convolution`` and ``Deconvolution`` (without
  bias). Both loop over the kernel taps (or, when there are fewer of them,
  over the output or input pixels), one matrix product over the input
  channels per step: a convolution *gathers* a strided window of the input
  for each tap, a transposed convolution *scatters* each tap's products into
  a strided window of the output. Taking the shorter loop bounds it: taps
  times pixels is at most the work, so either runs at most
  ``sqrt(MAX_MULTIPLY_ADDS)`` (about 31,600) steps.
- :func:`conv_matrix` writes a convolution as a matrix ``W``; ``W.T`` is the
  transposed convolution.

Arrays are numpy arrays (an MXNet ``NDArray`` is converted with its
``asnumpy()``) in NCHW layout, with MXNet's weight layouts. The parameters
are checked by :mod:`transconv.shapes`, which also holds the budget: every
function refuses, from the shapes alone and before allocating, a call whose
arrays would hold more than :data:`~transconv.shapes.MAX_BYTES` (1 GiB) at
once (each function lists every array it makes for
:func:`~transconv.shapes.check_memory`), whose work would exceed
:data:`~transconv.shapes.MAX_MULTIPLY_ADDS` multiply-adds or
:data:`~transconv.shapes.MAX_LOOP_STEPS` steps of a Python loop, or whose
input has more than :data:`~transconv.shapes.MAX_ELEMENTS` elements. The
arrays the caller passes in (for an NDArray or nested lists, their numpy
copy) are not counted.

Number types
------------
Every function converts its inputs before it multiplies, so that no product
and no sum overflows an integer type or float16:

- :func:`corr2d` and :func:`trans_conv` sum in float64 and return float64,
  whatever their inputs.
- :func:`conv2d`, :func:`conv_transpose2d` and :func:`conv_matrix` return
  float32 when every array argument is float32 (as MXNet's NDArrays are),
  and float64 for every other mix of bool, int, uint and float inputs,
  float16 included. float32 inputs are summed in float32, as MXNet and
  PyTorch do, when no product and no partial sum can leave float32's range:
  ``max|x| * max|weight| * m * (1 + 2**-24)**m`` below float32's largest
  number, ``m = C_in*kh*kw`` being the most products in one output. Otherwise
  (large values, NaN or inf) they are summed in float64 and rounded to
  float32 once, at the end.

What "exact" means. Each output is the sum, in the type above, of the
products of the inputs converted to it.

- Integers (and bools) up to ``2**53`` in magnitude convert to float64
  exactly, and their sums are the exact integers while every partial sum
  stays below ``2**53``: always for bool, int8 and uint8 inputs
  (``|product| <= 2**16``, at most ``MAX_MULTIPLY_ADDS < 2**30`` products),
  and for wider integers while ``m * max|x| * max|weight| < 2**53``. Then the
  vectorized ops, the loops and an exact integer reference agree to the last
  bit.
- Beyond that (int64 values near ``2**62`` already round when converted), and
  for float inputs, every output is within the standard bound of
  floating-point summation, whatever order BLAS sums in:
  ``|computed - exact| <= (m + 2) * u * sum(|x * weight|)``, with
  ``u = 2**-53`` for a float64 sum and ``2**-24`` for a float32 one (Higham,
  *Accuracy and Stability of Numerical Algorithms*, 2nd ed., section 3.1).
  The property tests check the vectorized ops and the loops against exact
  rational arithmetic with this bound.
- float64 inputs are summed in float64, the widest type with fast
  arithmetic: a product or partial sum beyond about ``1.8e308`` becomes an
  infinity (or NaN where two of them cancel). That is the one case where the
  result shows an infinity that exact arithmetic would not.

NaN and infinity propagate as in IEEE arithmetic and in the frameworks,
without warnings, in the loops and the vectorized ops alike: an output is
NaN if any product that makes it up is NaN (``0 * inf`` included) or if
``+inf`` and ``-inf`` meet in its sum. numpy's matrix products do not
guarantee it: when one operand reduces to a single number they call BLAS
``axpy``, which skips a zero factor, so ``0 * nan`` came out as ``0``. The
products below go through :func:`_matmul`, which multiplies such operands
element by element.
"""
import functools
import math

import numpy as np

from transconv.shapes import (
    MAX_ELEMENTS,
    MAX_LOOP_STEPS,
    MAX_MULTIPLY_ADDS,
    MemoryPart,
    as_pair,
    check_array,
    check_arrays,
    check_budget,
    check_channels,
    check_conv_params,
    check_memory,
    conv_output_size,
    conv_transpose_output_size,
)

__all__ = ["conv2d", "conv_matrix", "conv_transpose2d", "corr2d", "trans_conv"]

_FLOAT32_MAX = float(np.finfo(np.float32).max)

#: The most elements of the windows (:func:`conv2d`) or products (:func:`conv_transpose2d`)
#: of the taps that one matrix product takes (32 MiB in float64): small inputs take all their
#: taps at once (few calls of BLAS, which starts its threads for each), large ones one at a time.
_GROUP = 2**22


def _ieee(function):
    """Run ``function`` without numpy's warnings about NaN and overflow: here they are results."""
    @functools.wraps(function)
    def without_warnings(*args, **kwargs):
        with np.errstate(invalid="ignore", over="ignore"):
            return function(*args, **kwargs)
    return without_warnings


@_ieee
def corr2d(X, K):
    """2-D cross-correlation of one channel, as plain loops.

    Parameters
    ----------
    X : array_like, shape (H, W)
        Input.
    K : array_like, shape (h, w)
        Kernel, at most as large as ``X``.

    Returns
    -------
    numpy.ndarray of float64, shape (H - h + 1, W - w + 1)
        ``Y[i, j]`` is the sum of the window of ``X`` at ``(i, j)`` times ``K``,
        computed in float64, whatever the inputs' type (exact integers for
        integer inputs within the bounds of "Number types" above); NaN and
        infinity propagate without warnings.

    Raises
    ------
    TypeError
        If ``X`` or ``K`` is not an array of numbers.
    ValueError
        If ``X`` or ``K`` is not a 2-D array, ``K`` is larger than ``X``, or
        the loops would exceed their budget (see
        :func:`transconv.shapes.check_arrays`; :func:`conv2d` computes the
        same for large inputs).

    Examples
    --------
    >>> corr2d(np.arange(1, 17).reshape(4, 4), np.arange(1, 10).reshape(3, 3))
    array([[348., 393.],
           [528., 573.]])
    >>> corr2d(np.full((1, 1), 100, np.int8), np.full((1, 1), 100, np.int8))  # no int8 overflow
    array([[10000.]])
    """
    X, K = check_arrays(X, K, transposed=False)
    h, w = K.shape
    Y = np.zeros((conv_output_size(X.shape[0], h), conv_output_size(X.shape[1], w)))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i: i + h, j: j + w] * K).sum()
    return Y


@_ieee
def trans_conv(X, K):
    """2-D transposed convolution of one channel, as plain loops.

    Parameters
    ----------
    X : array_like, shape (H, W)
        Input.
    K : array_like, shape (h, w)
        Kernel.

    Returns
    -------
    numpy.ndarray of float64, shape (H + h - 1, W + w - 1)
        Each input element ``X[i, j]`` adds ``X[i, j] * K`` to the window of
        the output at ``(i, j)``, in float64, whatever the inputs' type (exact
        integers for integer inputs within the bounds of "Number types"
        above); NaN and infinity propagate without warnings.

    Raises
    ------
    TypeError
        If ``X`` or ``K`` is not an array of numbers.
    ValueError
        If ``X`` or ``K`` is not a 2-D array, or the loops would exceed their
        budget (see :func:`transconv.shapes.check_arrays`;
        :func:`conv_transpose2d` computes the same for large inputs).

    Examples
    --------
    >>> trans_conv([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    """
    X, K = check_arrays(X, K, transposed=True)
    h, w = K.shape
    Y = np.zeros((conv_transpose_output_size(X.shape[0], h),
                  conv_transpose_output_size(X.shape[1], w)))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y


def _result_dtype(*arrays):
    """float32 when every array is float32, float64 otherwise (see "Number types" above)."""
    if all(array.dtype == np.float32 for array in arrays):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def _largest(array):
    """``max(|array|)`` as a Python float, NaN if ``array`` holds NaN; no temporary array."""
    if array.size == 0:
        return 0.0
    return max(abs(float(array.max())), abs(float(array.min())))


def _sum_dtype(x, weight, terms):
    """The type to multiply and sum in: float32 for float32 inputs while no product or partial
    sum of ``terms`` products can leave float32's range, float64 otherwise."""
    dtype = _result_dtype(x, weight)
    if dtype == np.float32:
        bound = _largest(x) * _largest(weight) * terms * math.exp(terms * 2.0**-24)
        if not bound < _FLOAT32_MAX:  # also when NaN or inf makes the bound NaN or inf
            return np.dtype(np.float64)
    return dtype


def _copy_shape(array, contiguous=True):
    """``array.shape`` if its float64 version (``contiguous``: a contiguous one) is a copy, else no elements."""
    copied = array.dtype != np.float64 or (contiguous and not array.flags.c_contiguous)
    return array.shape if copied else (0,)


def _matmul(a, b):
    """``a`` times ``b``, summed over ``a``'s columns and ``b``'s first axis: shape ``(len(a), *b.shape[1:])``.

    With one column there is nothing to sum, and numpy's matrix product may
    treat an operand as a scalar and call BLAS ``axpy``, which skips a zero
    factor and so turns ``0 * nan`` and ``0 * inf`` into ``0``. Then the
    product of every pair is computed here element by element instead (and
    ``b`` is not copied).
    """
    if a.shape[1] == 1:
        return np.multiply.outer(a[:, 0], b[0])
    return (a @ b.reshape(b.shape[0], -1)).reshape(a.shape[0], *b.shape[1:])


def _peak(*phases):
    """The phase (a list of the arrays alive together) that holds the most bytes: the call's peak."""
    return max(phases, key=lambda parts: sum(part.nbytes for part in parts))


def _result_part(out_shape, copied, float32_result, remedy):
    """The result: a copy of the sum when it is put in (N, C_out, ...) order, cropped or rounded to float32."""
    copied = copied or float32_result or (out_shape[0] > 1 and out_shape[1] > 1)
    return MemoryPart("the result", out_shape if copied else (0,), 4 if float32_result else 8, remedy)


def _conv2d_memory(x, weight, out_shape, padding, by_tap):
    """The arrays that :func:`conv2d` holds at its peak, at float64 (the type float32 inputs may need too)."""
    (n, c_in, h, w), (c_out, _, kh, kw), (ph, pw) = x.shape, weight.shape, padding
    _, _, out_h, out_w = out_shape
    output = "padding or the input size, or raise stride"
    if by_tap:
        step = [MemoryPart("the weights by tap", weight.shape, 8, "the size of weight"),
                MemoryPart("the windows of a group of taps", _windows_shape(c_in, n * out_h * out_w, kh * kw), 8,
                           "the input size or C_in"),
                MemoryPart("the products of a group of taps", (c_out, n, out_h, out_w), 8, output)]
    else:
        step = [MemoryPart("one output pixel's window", (n, c_in, kh, kw), 8, "the kernel size or C_in"),
                MemoryPart("its products", (c_out, n), 8, "C_out")]
    converted = MemoryPart("x as float64", _copy_shape(x, contiguous=False), 8, "the size of x")
    padded = MemoryPart("the padded input", (n, c_in, h + 2 * ph, w + 2 * pw), 8, "padding")
    summed = MemoryPart("the output", out_shape, 8, output)
    loop = [padded if ph or pw else converted, MemoryPart("weight as float64", _copy_shape(weight), 8,
                                                          "the size of weight"), summed, *step]
    end = [summed, _result_part(out_shape, False, _result_dtype(x, weight) == np.float32, output)]
    return _peak([converted, padded], loop, end) if ph or pw else _peak(loop, end)


def _taps_per_product(elements_per_tap):
    """How many taps one matrix product takes: up to :data:`_GROUP` elements, at least one tap."""
    return max(1, _GROUP // max(1, elements_per_tap))


def _taps_per_window(c_in, pixels):
    """How many taps :func:`_gather` takes at once: one for one channel (a product per element, on a
    view of the input), else as many as :data:`_GROUP` allows."""
    return 1 if c_in == 1 else _taps_per_product(c_in * pixels)


def _windows_shape(c_in, pixels, taps):
    """The copied windows of one group of taps in :func:`_gather` (none for one channel)."""
    group = min(taps, _taps_per_window(c_in, pixels))
    return (group * c_in, pixels) if group * c_in > 1 else (0,)


def _padded(x, dtype, ph, pw):
    """``x`` in ``dtype`` with ``ph`` rows and ``pw`` columns of zeros on each side."""
    x = x.astype(dtype, copy=False)
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))) if ph or pw else x


def _windows(x_padded, taps, kw, stride, dilation, out_h, out_w):
    """The input pixels that each of ``taps`` sees, one per output pixel: shape (len(taps)*C_in, N, out_h, out_w).

    A view for one tap of one channel, a (C-ordered) copy otherwise.
    """
    (sh, sw), (dh, dw) = stride, dilation
    n, c_in = x_padded.shape[:2]
    # gather: tap (i, j) sees every stride-th input pixel from (i*dilation, j*dilation) on
    views = [x_padded[:, :, i * dh: i * dh + (out_h - 1) * sh + 1: sh,
                            j * dw: j * dw + (out_w - 1) * sw + 1: sw].transpose(1, 0, 2, 3)
             for i, j in (divmod(tap, kw) for tap in taps)]
    if len(views) * c_in == 1:
        return views[0]
    windows = np.empty((len(views) * c_in, n, out_h, out_w), x_padded.dtype)
    for k, view in enumerate(views):
        windows[k * c_in: (k + 1) * c_in] = view
    return windows


def _gather(x_padded, weight, stride, dilation, out_h, out_w):
    """The convolution of an already padded input, in its type: shape (C_out, N, out_h, out_w)."""
    (sh, sw), (dh, dw) = stride, dilation
    n, c_out, kh, kw = x_padded.shape[0], weight.shape[0], weight.shape[2], weight.shape[3]
    out = np.zeros((c_out, n, out_h, out_w), x_padded.dtype)
    if kh * kw <= out_h * out_w:
        taps = np.ascontiguousarray(weight.transpose(0, 2, 3, 1)).reshape(c_out, -1)  # (C_out, kh*kw*C_in)
        c_in = x_padded.shape[1]
        group = _taps_per_window(c_in, n * out_h * out_w)
        for first in range(0, kh * kw, group):  # a few taps at once, one matrix product
            last = min(first + group, kh * kw)  # (the windows are freed before the next group's are made)
            out += _matmul(taps[:, first * c_in: last * c_in],
                           _windows(x_padded, range(first, last), kw, stride, dilation, out_h, out_w))
    else:  # fewer output pixels than taps (a kernel about as large as the input): loop over them
        rows = weight.reshape(c_out, -1)  # (C_out, C_in*kh*kw)
        for r in range(out_h):
            for c in range(out_w):
                window = x_padded[:, :, r * sh: r * sh + (kh - 1) * dh + 1: dh,
                                        c * sw: c * sw + (kw - 1) * dw + 1: dw]
                out[:, :, r, c] = _matmul(rows, window.reshape(n, -1).T)
    return out


@_ieee
def conv2d(x, weight, stride=1, padding=0, dilation=1):
    """2-D convolution (cross-correlation, no bias), like MXNet's ``Convolution``.

    Parameters
    ----------
    x : array_like or mxnet.nd.NDArray, shape (N, C_in, H, W)
        Input batch.
    weight : array_like or mxnet.nd.NDArray, shape (C_out, C_in, kh, kw)
        Kernels.
    stride : int or pair of ints, default 1
        Step between windows, >= 1.
    padding : int or pair of ints, default 0
        Zeros added on each side of the input, >= 0.
    dilation : int or pair of ints, default 1
        Spacing between kernel taps, >= 1.

    Returns
    -------
    numpy.ndarray, shape (N, C_out, out_h, out_w)
        ``out_h`` and ``out_w`` are given by
        :func:`transconv.shapes.conv_output_size`. The dtype is float32 when
        ``x`` and ``weight`` are float32, float64 otherwise; integer inputs
        give exact sums (see "Number types" above). NaN and infinity
        propagate as in IEEE arithmetic (``0 * inf`` is NaN), without warnings.

    Raises
    ------
    TypeError
        If an array is not an array of numbers (``None`` and MXNet Symbols
        are refused), or a parameter is not an int or a pair of ints (bools
        are refused).
    ValueError
        If an array has the wrong number of axes, ``weight`` does not have
        ``C_in`` input channels, a parameter is out of range, the dilated
        ``weight`` does not fit inside the padded input, the arrays the call
        makes (the padded input, the products of a group of taps, the output ...)
        would hold more than :data:`~transconv.shapes.MAX_BYTES` at once, or
        the work would exceed :data:`~transconv.shapes.MAX_MULTIPLY_ADDS`
        multiply-adds. Messages name the parameter (and its axis) to change.

    Examples
    --------
    >>> x = np.arange(1, 17).reshape(1, 1, 4, 4)
    >>> conv2d(x, np.arange(1, 10).reshape(1, 1, 3, 3))
    array([[[[348., 393.],
             [528., 573.]]]])
    >>> conv2d(x, np.ones((2, 1, 2, 2)), stride=2).shape
    (1, 2, 2, 2)
    >>> conv2d(np.full((1, 1, 1, 1), 100, np.int8), np.full((1, 1, 1, 1), 100, np.int8))
    array([[[[10000.]]]])
    >>> conv2d(np.ones((1, 1, 1, 1)), np.ones((1, 1, 1, 1)), padding=4999)
    Traceback (most recent call last):
    ...
    ValueError: conv2d would hold 2288.4 MiB at once, more than MAX_BYTES = 1073741824 (1 GiB): the padded input (1, 1, 9999, 9999) 762.8 MiB, the output (1, 1, 9999, 9999) 762.8 MiB, the weights by tap (1, 1, 1, 1) 8 bytes, the products of a group of taps (1, 1, 9999, 9999) 762.8 MiB; lower padding
    """
    x = check_array(x, "x", 4, "(N, C_in, H, W)")
    weight = check_array(weight, "weight", 4, "(C_out, C_in, kh, kw)")
    check_channels(weight, 1, x.shape[1], "(C_out, C_in, kh, kw)")
    stride, padding, dilation, _ = check_conv_params(stride, padding, dilation)
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    out_h = conv_output_size(h, kh, stride[0], padding[0], dilation[0], kernel_name="weight height", axis=0)
    out_w = conv_output_size(w, kw, stride[1], padding[1], dilation[1], kernel_name="weight width", axis=1)
    by_tap = kh * kw <= out_h * out_w
    check_memory(_conv2d_memory(x, weight, (n, c_out, out_h, out_w), padding, by_tap), "conv2d")
    check_budget(n * c_out * out_h * out_w * c_in * kh * kw, "the convolution (N*C_out*out_h*out_w*C_in*kh*kw)",
                 "the input size, the kernel size, padding or the channels, or raise stride",
                 MAX_MULTIPLY_ADDS, "multiply-adds")

    dtype = _sum_dtype(x, weight, c_in * kh * kw)
    out = _gather(_padded(x, dtype, *padding), np.ascontiguousarray(weight, dtype), stride, dilation, out_h, out_w)
    return np.ascontiguousarray(out.transpose(1, 0, 2, 3), dtype=_result_dtype(x, weight))


def _conv_transpose2d_memory(x, weight, full_shape, out_shape, by_tap):
    """The arrays that :func:`conv_transpose2d` holds at its peak, at float64 (the type float32 inputs
    may need too)."""
    (n, c_in, h, w), (_, c_out, kh, kw) = x.shape, weight.shape
    lower = "stride, dilation, the input size or the kernel size"
    if by_tap:
        copied = n > 1 or not x.flags.c_contiguous
        step = [MemoryPart("the weights by tap", weight.shape, 8, "the size of weight"),
                MemoryPart("x with channels first", (c_in, n, h, w) if copied else (0,), 8, "the input size"),
                MemoryPart("the products of a group of taps", _products_shape(c_out * n * h * w, kh * kw), 8,
                           "the input size or C_out")]
    else:
        step = [MemoryPart("the weights by output channel and tap", weight.shape, 8, "the size of weight"),
                MemoryPart("one input pixel's channels", (c_in, n), 8, "N or C_in"),
                MemoryPart("its products", (c_out, kh, kw, n), 8, "the kernel size or C_out")]
    full = MemoryPart("the uncropped output", full_shape, 8, lower)
    loop = [MemoryPart("x as float64", _copy_shape(x, contiguous=False), 8, "the size of x"),
            MemoryPart("weight as float64", _copy_shape(weight), 8, "the size of weight"), full, *step]
    end = [full, _result_part(out_shape, out_shape != full_shape, _result_dtype(x, weight) == np.float32, lower)]
    return _peak(loop, end)


def _products_shape(per_tap, taps):
    """The products of one group of taps in :func:`_scatter`."""
    return (min(taps, _taps_per_product(per_tap)), per_tap)


def _scatter(x, weight, stride, dilation, full_shape):
    """The uncropped transposed convolution, in the input's type: shape ``full_shape`` (C_out, N, ...)."""
    (sh, sw), (dh, dw) = stride, dilation
    h, w, kh, kw = x.shape[2], x.shape[3], weight.shape[2], weight.shape[3]
    span_h, span_w = (h - 1) * sh + 1, (w - 1) * sw + 1  # rows, columns that one tap's copies cover
    full = np.zeros(full_shape, x.dtype)  # output_padding may reach past the last copy
    if kh * kw <= h * w:
        taps = np.ascontiguousarray(weight.transpose(2, 3, 1, 0)).reshape(kh * kw, -1, weight.shape[0])
        channels_first = np.ascontiguousarray(x.transpose(1, 0, 2, 3))  # (C_in, N, H, W): no copy for N = 1
        group = _taps_per_product(math.prod(full.shape[:2]) * h * w)
        for first in range(0, kh * kw, group):  # the products of a few taps at once, one matrix product
            products = _matmul(taps[first: first + group].reshape(-1, taps.shape[2]), channels_first)
            _add_copies(full, products.reshape(-1, *full.shape[:2], h, w), first, kw, (span_h, span_w), stride,
                        dilation)
            del products  # before the next group's are made
    else:  # fewer input pixels than taps: scatter each pixel's whole (dilated) kernel copy
        rows = np.ascontiguousarray(weight.transpose(1, 2, 3, 0))  # (C_out, kh, kw, C_in)
        rows = rows.reshape(-1, rows.shape[-1])
        for r in range(h):
            for c in range(w):
                full[:, :, r * sh: r * sh + (kh - 1) * dh + 1: dh, c * sw: c * sw + (kw - 1) * dw + 1: dw] += (
                    _matmul(rows, x[:, :, r, c].T).reshape(-1, kh, kw, x.shape[0]).transpose(0, 3, 1, 2))
    return full


def _add_copies(full, copies, first, kw, span, stride, dilation):
    """Scatter the products of taps ``first``, ``first + 1``, ... (one per entry of ``copies``) into ``full``."""
    (span_h, span_w), (sh, sw), (dh, dw) = span, stride, dilation
    for tap, copy in enumerate(copies, start=first):
        i, j = divmod(tap, kw)
        # scatter: tap (i, j) times every input pixel, summed over the input channels, stride apart
        full[:, :, i * dh: i * dh + span_h: sh, j * dw: j * dw + span_w: sw] += copy


@_ieee
def conv_transpose2d(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """2-D transposed convolution (no bias), like MXNet's ``Deconvolution``.

    Every input pixel, times the kernel, is added to the output window at
    ``stride`` times its position; ``padding`` then crops the border and
    ``output_padding`` adds rows and columns at the bottom and right.

    Parameters
    ----------
    x : array_like or mxnet.nd.NDArray, shape (N, C_in, H, W)
        Input batch.
    weight : array_like or mxnet.nd.NDArray, shape (C_in, C_out, kh, kw)
        Kernels, in MXNet's (and PyTorch's) layout for transposed convolutions.
    stride : int or pair of ints, default 1
        Step between output windows, >= 1.
    padding : int or pair of ints, default 0
        Rows and columns cropped from each side of the output, >= 0.
    output_padding : int or pair of ints, default 0
        Rows and columns added at the bottom and right, smaller than
        ``max(stride, dilation)`` (PyTorch's rule); MXNet calls it ``adj``
        and requires it to be smaller than the stride alone. At or above the
        stride, the convolution with the same settings no longer maps the
        output back to the input size.
    dilation : int or pair of ints, default 1
        Spacing between kernel taps, >= 1.

    Returns
    -------
    numpy.ndarray, shape (N, C_out, out_h, out_w)
        ``out_h`` and ``out_w`` are given by
        :func:`transconv.shapes.conv_transpose_output_size`. The dtype is
        float32 when ``x`` and ``weight`` are float32, float64 otherwise;
        integer inputs give exact sums (see "Number types" above). NaN and
        infinity propagate as in IEEE arithmetic (``0 * inf`` is NaN),
        without warnings.

    Raises
    ------
    TypeError
        If an array is not an array of numbers (``None`` and MXNet Symbols
        are refused), or a parameter is not an int or a pair of ints (bools
        are refused).
    ValueError
        If an array has the wrong number of axes, ``weight`` does not have
        ``C_in`` input channels, a parameter is out of range, ``padding``
        removes the whole output, the arrays the call makes (the uncropped
        output, the products of a group of taps, the result ...) would hold
        more than :data:`~transconv.shapes.MAX_BYTES` at once, or the work
        would exceed :data:`~transconv.shapes.MAX_MULTIPLY_ADDS`
        multiply-adds. Messages name the parameter (and its axis) to change.

    Examples
    --------
    >>> X = np.array([[0, 1], [2, 3]]).reshape(1, 1, 2, 2)
    >>> conv_transpose2d(X, X)
    array([[[[ 0.,  0.,  1.],
             [ 0.,  4.,  6.],
             [ 4., 12.,  9.]]]])
    >>> conv_transpose2d(np.ones((1, 10, 32, 32)), np.ones((10, 3, 4, 4)), stride=2, padding=1).shape
    (1, 3, 64, 64)
    >>> conv_transpose2d(X, X, dilation=10**9)
    Traceback (most recent call last):
    ...
    ValueError: dilation must be an int >= 1 and <= 100000000 (MAX_ELEMENTS, the longest axis) or a pair of them, got 1000000000
    >>> conv_transpose2d(np.ones((1, 1, 100, 100)), np.ones((1, 1, 100, 100)), stride=(100, 200))
    Traceback (most recent call last):
    ...
    ValueError: conv_transpose2d would hold 1550.3 MiB at once, more than MAX_BYTES = 1073741824 (1 GiB): the uncropped output (1, 1, 10000, 19900) 1518.2 MiB, the weights by tap (1, 1, 100, 100) 80000 bytes, the products of a group of taps (419, 10000) 32.0 MiB; lower stride, dilation, the input size or the kernel size
    """
    x = check_array(x, "x", 4, "(N, C_in, H, W)")
    weight = check_array(weight, "weight", 4, "(C_in, C_out, kh, kw)")
    check_channels(weight, 0, x.shape[1], "(C_in, C_out, kh, kw)")
    stride, padding, dilation, output_padding = check_conv_params(stride, padding, dilation, output_padding)
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape
    out_h = conv_transpose_output_size(h, kh, stride[0], padding[0], output_padding[0], dilation[0], axis=0)
    out_w = conv_transpose_output_size(w, kw, stride[1], padding[1], output_padding[1], dilation[1], axis=1)
    full_shape = (c_out, n, out_h + 2 * padding[0], out_w + 2 * padding[1])  # before padding crops it
    by_tap = kh * kw <= h * w
    check_memory(_conv_transpose2d_memory(x, weight, full_shape, (c_out, n, out_h, out_w), by_tap),
                 "conv_transpose2d")
    check_budget(c_out * kh * kw * n * h * w * c_in, "the transposed convolution (C_out*kh*kw*N*H*W*C_in)",
                 "the input size, the kernel size or the channels", MAX_MULTIPLY_ADDS, "multiply-adds")

    dtype = _sum_dtype(x, weight, c_in * kh * kw)
    full = _scatter(x.astype(dtype, copy=False), np.ascontiguousarray(weight, dtype), stride, dilation, full_shape)
    out = full[:, :, padding[0]: padding[0] + out_h, padding[1]: padding[1] + out_w]  # padding crops each side
    return np.ascontiguousarray(out.transpose(1, 0, 2, 3), dtype=_result_dtype(x, weight))


@_ieee
def conv_matrix(kernel, input_shape, stride=1, padding=0, dilation=1):
    """The matrix ``W`` of a single-channel 2-D convolution.

    ``W @ x.ravel()`` is the convolution of ``x`` (flattened row by row) and
    ``W.T @ y.ravel()`` is the transposed convolution of ``y`` with the same
    ``stride``, ``padding`` and ``dilation`` (and the ``output_padding`` that
    gives back ``input_shape``). Row ``r`` of ``W`` holds the kernel values
    at the input pixels that output pixel ``r`` sees, zeros elsewhere.

    For finite numbers only: a matrix product also multiplies the zeros of
    ``W`` with every input, so a NaN or infinite input spreads to every
    output, and a NaN kernel tap that only meets padding is not in ``W``.
    :func:`conv2d` and :func:`conv_transpose2d` follow IEEE arithmetic.

    Parameters
    ----------
    kernel : array_like or mxnet.nd.NDArray, shape (kh, kw)
        The kernel.
    input_shape : pair of ints
        ``(H, W)`` of the input, each >= 1 (an int ``n`` means ``(n, n)``).
    stride : int or pair of ints, default 1
        >= 1.
    padding : int or pair of ints, default 0
        >= 0.
    dilation : int or pair of ints, default 1
        >= 1.

    Returns
    -------
    numpy.ndarray, shape (out_h * out_w, H * W)
        float32 for a float32 kernel, float64 otherwise: its entries are the
        kernel's values converted (exactly, for integers up to ``2**53``).

    Raises
    ------
    TypeError
        If ``kernel`` is not an array of numbers, or a parameter is not an int
        or a pair of ints (bools are refused).
    ValueError
        If ``kernel`` is not 2-D, a parameter is out of range, the dilated
        ``kernel`` does not fit inside the padded input, ``W`` and the indices
        of one tap would hold more than :data:`~transconv.shapes.MAX_BYTES`,
        or the loop over the kernel's taps would run more than
        :data:`~transconv.shapes.MAX_LOOP_STEPS` steps (or, times the output
        size, write more than ``MAX_ELEMENTS`` entries).

    Examples
    --------
    >>> W = conv_matrix(np.arange(1, 10).reshape(3, 3), (4, 4))
    >>> W
    array([[1., 2., 3., 0., 4., 5., 6., 0., 7., 8., 9., 0., 0., 0., 0., 0.],
           [0., 1., 2., 3., 0., 4., 5., 6., 0., 7., 8., 9., 0., 0., 0., 0.],
           [0., 0., 0., 0., 1., 2., 3., 0., 4., 5., 6., 0., 7., 8., 9., 0.],
           [0., 0., 0., 0., 0., 1., 2., 3., 0., 4., 5., 6., 0., 7., 8., 9.]])
    >>> W @ np.arange(1, 17)
    array([348., 393., 528., 573.])
    >>> conv_matrix([[1.0]], (200, 200))
    Traceback (most recent call last):
    ...
    ValueError: conv_matrix would hold 12208.6 MiB at once, more than MAX_BYTES = 1073741824 (1 GiB): the matrix W (40000, 40000) 12207.0 MiB, the indices of one tap (5, 40000) 1.5 MiB; lower input_shape
    """
    kernel = check_array(kernel, "kernel", 2, "(kh, kw)")
    h, w = as_pair(input_shape, "input_shape", minimum=1, maximum=MAX_ELEMENTS)
    (sh, sw), (ph, pw), (dh, dw), _ = check_conv_params(stride, padding, dilation)
    kh, kw = kernel.shape
    out_h = conv_output_size(h, kh, sh, ph, dh, axis=0)
    out_w = conv_output_size(w, kw, sw, pw, dw, axis=1)
    dtype = _result_dtype(kernel)
    check_budget(kh * kw, "the loop over the kernel's taps", "the kernel size",
                 MAX_LOOP_STEPS, "steps")
    check_budget(kh * kw * out_h * out_w,
                 "the loop's entries of W to write (kh*kw*out_h*out_w)",
                 "the kernel size or input_shape", MAX_ELEMENTS, "entries")
    check_memory([MemoryPart("the matrix W", (out_h * out_w, h * w), dtype.itemsize,
                             "input_shape"),
                  MemoryPart("the indices of one tap", (5, out_h * out_w), 8,
                             "input_shape")],
                 "conv_matrix")

    matrix = np.zeros((out_h * out_w, h * w), dtype)
    out_index = np.arange(out_h * out_w).reshape(out_h, out_w)
    top = np.arange(out_h)[:, None] * sh - ph   # input row of each window's top-left tap
    left = np.arange(out_w)[None, :] * sw - pw  # input column of it
    for i in range(kh):
        for j in range(kw):
            rows, cols = top + i * dh, left + j * dw  # where tap (i, j) lands
            inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)  # not on padding
            matrix[out_index[inside], (rows * w + cols)[inside]] = kernel[i, j]
    return matrix
