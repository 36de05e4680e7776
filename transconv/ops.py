"""The numbers of the chapter: convolution and transposed convolution in numpy.

- :func:`corr2d` and :func:`trans_conv` are the teaching versions: one
  channel, plain loops over the input, written to be read.
- :func:`conv2d` and :func:`conv_transpose2d` are the vectorized versions with
  batches, channels, stride, padding, output padding and dilation; they give
  the same numbers as MXNet's ``Convolution`` and ``Deconvolution`` (without
  bias). Both loop over the kernel taps (or, when there are fewer of them,
  over the output or input pixels): a convolution *gathers* a strided window
  of the input for each tap, a transposed convolution *scatters* each tap's
  contribution into a strided window of the output. Taking the shorter loop
  bounds it: taps times pixels is at most the work, so ``conv2d`` runs at most
  ``sqrt(MAX_MULTIPLY_ADDS)`` (about 31,600) steps and ``conv_transpose2d``,
  whose products of pixels and taps form one array, ``sqrt(MAX_ELEMENTS)`` (10,000).
- :func:`conv_matrix` writes a convolution as a matrix ``W``; ``W.T`` is the
  transposed convolution.

Arrays are numpy arrays (an MXNet ``NDArray`` is converted with its
``asnumpy()``) in NCHW layout, with MXNet's weight layouts. The parameters
are checked by :mod:`transconv.shapes`, which also holds the budget: every
function refuses, before allocating, inputs whose result or intermediate
arrays would exceed :data:`transconv.shapes.MAX_ELEMENTS` elements, or whose
work would exceed :data:`transconv.shapes.MAX_MULTIPLY_ADDS` multiply-adds or
:data:`transconv.shapes.MAX_LOOP_STEPS` steps of a teaching loop.

NaN and infinity propagate as in IEEE arithmetic and in the frameworks: an
output is NaN if any product that makes it up is NaN (``0 * inf`` included).
numpy's ``tensordot`` (``dot``) does not guarantee it: when one operand
reduces to a single number it calls BLAS ``axpy``, which skips a zero factor,
so ``0 * nan`` came out as ``0``. The contractions below go through
:func:`_contract`, which multiplies such operands element by element.
"""
import math

import numpy as np

from transconv.shapes import (
    MAX_ELEMENTS,
    MAX_LOOP_STEPS,
    MAX_MULTIPLY_ADDS,
    as_pair,
    check_array,
    check_arrays,
    check_budget,
    check_channels,
    check_conv_params,
    conv_output_size,
    conv_transpose_output_size,
)

__all__ = ["conv2d", "conv_matrix", "conv_transpose2d", "corr2d", "trans_conv"]


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
    numpy.ndarray, shape (H - h + 1, W - w + 1)
        ``Y[i, j]`` is the sum of the window of ``X`` at ``(i, j)`` times ``K``.

    Raises
    ------
    TypeError
        If ``X`` or ``K`` does not hold numbers.
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
    """
    X, K = check_arrays(X, K, transposed=False)
    h, w = K.shape
    Y = np.zeros((conv_output_size(X.shape[0], h), conv_output_size(X.shape[1], w)))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i: i + h, j: j + w] * K).sum()
    return Y


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
    numpy.ndarray, shape (H + h - 1, W + w - 1)
        Each input element ``X[i, j]`` adds ``X[i, j] * K`` to the window of
        the output at ``(i, j)``.

    Raises
    ------
    TypeError
        If ``X`` or ``K`` does not hold numbers.
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
    Y = np.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y


def _float_dtype(*arrays):
    """float32 for float32 (or small int) inputs, float64 for int64/float64 ones."""
    return np.result_type(*arrays, np.float32)


def _contract(a, b, axes):
    """``np.tensordot(a, b, axes)``, with IEEE products when nothing is summed.

    When the contracted axes hold one element, numpy's ``dot`` may treat an
    operand as a scalar and call BLAS ``axpy``, which skips a zero factor and
    so turns ``0 * nan`` and ``0 * inf`` into ``0``. Then there is no sum, and
    the product of every pair is computed here element by element instead.
    """
    a_axes, b_axes = axes
    if math.prod(a.shape[i] for i in a_axes) != 1:
        return np.tensordot(a, b, axes)
    return np.multiply.outer(a.squeeze(axis=tuple(a_axes)), b.squeeze(axis=tuple(b_axes)))


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
        :func:`transconv.shapes.conv_output_size`. The dtype is float32 for
        float32 inputs, float64 for float64 or int64 ones. NaN and infinity
        propagate as in IEEE arithmetic (``0 * inf`` is NaN).

    Raises
    ------
    TypeError
        If an array does not hold numbers, or a parameter is not an int or a
        pair of ints (bools are refused).
    ValueError
        If an array has the wrong number of axes, ``weight`` does not have
        ``C_in`` input channels, a parameter is out of range, the dilated
        ``weight`` does not fit inside the padded input, or an array (the
        input, the padded input, the output) would have more than
        :data:`~transconv.shapes.MAX_ELEMENTS` elements or the work more than
        :data:`~transconv.shapes.MAX_MULTIPLY_ADDS` multiply-adds. Messages
        name the parameter and its axis.

    Examples
    --------
    >>> x = np.arange(1, 17).reshape(1, 1, 4, 4)
    >>> conv2d(x, np.arange(1, 10).reshape(1, 1, 3, 3))
    array([[[[348., 393.],
             [528., 573.]]]])
    >>> conv2d(x, np.ones((2, 1, 2, 2)), stride=2).shape
    (1, 2, 2, 2)
    >>> conv2d(x, np.ones((1, 1, 3, 3)), padding=10**5)
    Traceback (most recent call last):
    ...
    ValueError: the padded input (N, C_in, H + 2*padding[0], W + 2*padding[1]) = (1, 1, 200004, 200004) would have 40001600016 elements, more than MAX_ELEMENTS = 100000000; lower padding
    """
    x = check_array(x, "x", 4, "(N, C_in, H, W)")
    weight = check_array(weight, "weight", 4, "(C_out, C_in, kh, kw)")
    check_channels(weight, 1, x.shape[1], "(C_out, C_in, kh, kw)")
    (sh, sw), (ph, pw), (dh, dw), _ = check_conv_params(stride, padding, dilation)
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    out_h = conv_output_size(h, kh, sh, ph, dh, kernel_name="weight height", axis=0)
    out_w = conv_output_size(w, kw, sw, pw, dw, kernel_name="weight width", axis=1)
    padded_shape = (n, c_in, h + 2 * ph, w + 2 * pw)
    check_budget(math.prod(padded_shape),
                 f"the padded input (N, C_in, H + 2*padding[0], W + 2*padding[1]) = {padded_shape}", "padding")
    check_budget(n * c_out * out_h * out_w, f"the output (N, C_out, out_h, out_w) = {(n, c_out, out_h, out_w)}",
                 "the input size, padding or C_out, or raise stride")
    check_budget(n * c_out * out_h * out_w * c_in * kh * kw, "the convolution", "the sizes or channels",
                 MAX_MULTIPLY_ADDS, "multiply-adds")

    dtype = _float_dtype(x, weight)
    x_padded = np.pad(x.astype(dtype, copy=False), ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    weight = weight.astype(dtype, copy=False)
    out = np.zeros((n, out_h, out_w, c_out), dtype)  # channels last while summing
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf are results, as in the frameworks
        if kh * kw <= out_h * out_w:
            for i in range(kh):
                for j in range(kw):
                    # gather: the input pixels that tap (i, j) sees, one per output pixel
                    window = x_padded[:, :, i * dh: i * dh + (out_h - 1) * sh + 1: sh,
                                            j * dw: j * dw + (out_w - 1) * sw + 1: sw]
                    out += _contract(window, weight[:, :, i, j], axes=([1], [1]))
        else:  # fewer output pixels than taps (a kernel about as large as the input): loop over them
            for r in range(out_h):
                for c in range(out_w):
                    window = x_padded[:, :, r * sh: r * sh + (kh - 1) * dh + 1: dh,
                                            c * sw: c * sw + (kw - 1) * dw + 1: dw]
                    out[:, r, c] = _contract(window, weight, axes=([1, 2, 3], [1, 2, 3]))
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


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
        float32 for float32 inputs, float64 for float64 or int64 ones. NaN
        and infinity propagate as in IEEE arithmetic (``0 * inf`` is NaN).

    Raises
    ------
    TypeError
        If an array does not hold numbers, or a parameter is not an int or a
        pair of ints (bools are refused).
    ValueError
        If an array has the wrong number of axes, ``weight`` does not have
        ``C_in`` input channels, a parameter is out of range, ``padding``
        removes the whole output, or an array (the input, the products of
        every input pixel with every tap, the uncropped output) would have
        more than :data:`~transconv.shapes.MAX_ELEMENTS` elements or the work
        more than :data:`~transconv.shapes.MAX_MULTIPLY_ADDS` multiply-adds.
        Messages name the parameter and its axis.

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
    """
    x = check_array(x, "x", 4, "(N, C_in, H, W)")
    weight = check_array(weight, "weight", 4, "(C_in, C_out, kh, kw)")
    check_channels(weight, 0, x.shape[1], "(C_in, C_out, kh, kw)")
    (sh, sw), (ph, pw), (dh, dw), (ah, aw) = check_conv_params(stride, padding, dilation, output_padding)
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape
    out_h = conv_transpose_output_size(h, kh, sh, ph, ah, dh, axis=0)
    out_w = conv_transpose_output_size(w, kw, sw, pw, aw, dw, axis=1)
    span_h, span_w = (h - 1) * sh + 1, (w - 1) * sw + 1  # rows, columns that one tap covers
    full_shape = (c_out, n, max(span_h + dh * (kh - 1), ph + out_h), max(span_w + dw * (kw - 1), pw + out_w))
    products = c_out * kh * kw * n * h * w
    check_budget(products, "the products of every input pixel and kernel tap (C_out*kh*kw*N*H*W)",
                 "the input size, the kernel size or C_out")
    check_budget(math.prod(full_shape), f"the uncropped output (C_out, N, ...) = {full_shape}",
                 "stride, dilation, the input size or the kernel size")
    check_budget(products * c_in, "the transposed convolution", "the sizes or channels",
                 MAX_MULTIPLY_ADDS, "multiply-adds")

    dtype = _float_dtype(x, weight)
    full = np.zeros(full_shape, dtype)  # the uncropped output; output_padding may reach past its end
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf are results, as in the frameworks
        # every input pixel times every kernel tap, summed over input channels
        taps = _contract(weight.astype(dtype, copy=False), x.astype(dtype, copy=False),
                         axes=([0], [1]))  # (C_out, kh, kw, N, H, W)
        if kh * kw <= h * w:
            for i in range(kh):
                for j in range(kw):
                    # scatter: tap (i, j) of all input pixels, stride apart
                    full[:, :, i * dh: i * dh + span_h: sh, j * dw: j * dw + span_w: sw] += taps[:, i, j]
        else:  # fewer input pixels than taps: scatter each pixel's whole (dilated) kernel copy
            for r in range(h):
                for c in range(w):
                    full[:, :, r * sh: r * sh + (kh - 1) * dh + 1: dh,
                               c * sw: c * sw + (kw - 1) * dw + 1: dw] += taps[..., r, c].transpose(0, 3, 1, 2)
    out = full[:, :, ph: ph + out_h, pw: pw + out_w]  # padding crops each side
    return np.ascontiguousarray(out.transpose(1, 0, 2, 3))


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

    Raises
    ------
    TypeError
        If ``kernel`` does not hold numbers, or a parameter is not an int or a
        pair of ints (bools are refused).
    ValueError
        If ``kernel`` is not 2-D, a parameter is out of range, the dilated
        ``kernel`` does not fit inside the padded input, ``W`` would have more
        than :data:`~transconv.shapes.MAX_ELEMENTS` elements, or the loop
        over the kernel's taps more than
        :data:`~transconv.shapes.MAX_LOOP_STEPS` steps (or, times the output
        size, more than ``MAX_ELEMENTS`` entries to write).

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
    ValueError: the matrix W (out_h*out_w, H*W) = (40000, 40000) would have 1600000000 elements, more than MAX_ELEMENTS = 100000000; lower input_shape
    """
    kernel = check_array(kernel, "kernel", 2, "(kh, kw)")
    h, w = as_pair(input_shape, "input_shape", minimum=1, maximum=MAX_ELEMENTS)
    (sh, sw), (ph, pw), (dh, dw), _ = check_conv_params(stride, padding, dilation)
    kh, kw = kernel.shape
    out_h = conv_output_size(h, kh, sh, ph, dh, axis=0)
    out_w = conv_output_size(w, kw, sw, pw, dw, axis=1)
    check_budget(out_h * out_w * h * w,
                 f"the matrix W (out_h*out_w, H*W) = {(out_h * out_w, h * w)}", "input_shape")
    check_budget(kh * kw, "the loop over the kernel's taps", "the kernel size", MAX_LOOP_STEPS, "steps")
    check_budget(kh * kw * out_h * out_w, "the loop's entries of W to write (kh*kw*out_h*out_w)",
                 "the kernel size or input_shape", MAX_ELEMENTS, "entries")

    matrix = np.zeros((out_h * out_w, h * w), _float_dtype(kernel))
    out_index = np.arange(out_h * out_w).reshape(out_h, out_w)
    top = np.arange(out_h)[:, None] * sh - ph   # input row of each window's top-left tap
    left = np.arange(out_w)[None, :] * sw - pw  # input column of it
    for i in range(kh):
        for j in range(kw):
            rows, cols = top + i * dh, left + j * dw  # where tap (i, j) lands
            inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)  # not on padding
            matrix[out_index[inside], (rows * w + cols)[inside]] = kernel[i, j]
    return matrix
