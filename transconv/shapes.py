"""Size arithmetic of (transposed) convolutions, and the checks of their parameters.

This module is the one place where parameters are validated: ``transconv.ops``
and the widgets call the public validators below instead of checking again.

- :func:`check_int`, :func:`as_pair` and :func:`check_conv_params` check the
  hyper-parameters ``stride``, ``padding``, ``dilation`` and ``output_padding``;
- :func:`check_array` and :func:`check_channels` check the arrays;
- :func:`conv_output_size` and :func:`conv_transpose_output_size` give the
  output length along one axis, and refuse parameters that leave no output.

Bad values raise :class:`TypeError` (wrong kind, e.g. a float stride) or
:class:`ValueError` (right kind, wrong value). Every message names the
parameter and says what is allowed.
"""
import numbers
from typing import NamedTuple

import numpy as np

__all__ = [
    "ConvParams",
    "as_pair",
    "check_array",
    "check_channels",
    "check_conv_params",
    "check_int",
    "check_output_padding",
    "conv_output_size",
    "conv_transpose_output_size",
]


def _is_int(value):
    """True for Python and numpy integers, False for bools, floats, strings..."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_int(value, name, minimum=0):
    """Return ``value`` as an ``int`` after checking that it is an int >= ``minimum``.

    Parameters
    ----------
    value : object
        The value to check.
    name : str
        The parameter's name, used in the error message.
    minimum : int, default 0
        The smallest allowed value.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer (bools and floats such as ``2.0`` are refused).
    ValueError
        If ``value < minimum``.

    Examples
    --------
    >>> check_int(3, "size", minimum=1)
    3
    >>> check_int(0, "size", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: size must be an int >= 1, got 0
    """
    message = f"{name} must be an int >= {minimum}, got {value!r}"
    if not _is_int(value):
        raise TypeError(message)
    if value < minimum:
        raise ValueError(message)
    return int(value)


def as_pair(value, name, minimum=0):
    """Return ``value`` as a pair ``(height, width)`` of ints >= ``minimum``.

    An int ``v`` stands for ``(v, v)``; a tuple or list must hold exactly two ints.

    Parameters
    ----------
    value : int or pair of ints
        The value to check.
    name : str
        The parameter's name, used in the error message.
    minimum : int, default 0
        The smallest allowed value of each entry.

    Returns
    -------
    tuple of two ints

    Raises
    ------
    TypeError
        If ``value`` is neither an int nor a pair of ints.
    ValueError
        If an entry is below ``minimum``.

    Examples
    --------
    >>> as_pair(2, "stride", minimum=1)
    (2, 2)
    >>> as_pair([1, 3], "stride", minimum=1)
    (1, 3)
    >>> as_pair(0, "stride", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: stride must be an int >= 1 or a pair of them, got 0
    """
    message = f"{name} must be an int >= {minimum} or a pair of them, got {value!r}"
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or not all(_is_int(v) for v in pair):
        raise TypeError(message)
    if min(pair) < minimum:
        raise ValueError(message)
    return int(pair[0]), int(pair[1])


def check_output_padding(output_padding, stride, dilation):
    """Check ``0 <= output_padding < max(stride, dilation)`` for ints already checked.

    This is the rule of MXNet and PyTorch: the extra rows (or columns) that
    ``output_padding`` adds must be fewer than the stride or the dilation,
    otherwise another input size would give the same output.

    Parameters
    ----------
    output_padding, stride, dilation : int

    Returns
    -------
    int
        ``output_padding``.

    Raises
    ------
    ValueError
        If ``output_padding`` is negative or not below ``max(stride, dilation)``.

    Examples
    --------
    >>> check_output_padding(1, stride=2, dilation=1)
    1
    >>> check_output_padding(2, stride=2, dilation=1)
    Traceback (most recent call last):
    ...
    ValueError: output_padding must be >= 0 and smaller than stride or dilation (< max(2, 1) = 2), got 2
    """
    limit = max(stride, dilation)
    if not 0 <= output_padding < limit:
        raise ValueError(
            "output_padding must be >= 0 and smaller than stride or dilation "
            f"(< max({stride}, {dilation}) = {limit}), got {output_padding}"
        )
    return output_padding


class ConvParams(NamedTuple):
    """Checked hyper-parameters, each a pair ``(height, width)`` of ints."""

    stride: tuple
    padding: tuple
    dilation: tuple
    output_padding: tuple


def check_conv_params(stride=1, padding=0, dilation=1, output_padding=0):
    """Check the hyper-parameters of a 2-D (transposed) convolution.

    Parameters
    ----------
    stride : int or pair of ints, default 1
        Must be >= 1.
    padding : int or pair of ints, default 0
        Must be >= 0.
    dilation : int or pair of ints, default 1
        Must be >= 1.
    output_padding : int or pair of ints, default 0
        Must be >= 0 and, per axis, smaller than ``max(stride, dilation)``.
        Only transposed convolutions use it; leave it at 0 otherwise.

    Returns
    -------
    ConvParams
        The four parameters as ``(height, width)`` pairs of ints.

    Raises
    ------
    TypeError
        If a parameter is not an int or a pair of ints.
    ValueError
        If a parameter is out of its range.

    Examples
    --------
    >>> check_conv_params(stride=2, padding=(1, 0))
    ConvParams(stride=(2, 2), padding=(1, 0), dilation=(1, 1), output_padding=(0, 0))
    >>> check_conv_params(dilation=0)
    Traceback (most recent call last):
    ...
    ValueError: dilation must be an int >= 1 or a pair of them, got 0
    """
    stride = as_pair(stride, "stride", minimum=1)
    padding = as_pair(padding, "padding", minimum=0)
    dilation = as_pair(dilation, "dilation", minimum=1)
    output_padding = as_pair(output_padding, "output_padding", minimum=0)
    for a, s, d in zip(output_padding, stride, dilation):
        check_output_padding(a, s, d)
    return ConvParams(stride, padding, dilation, output_padding)


def check_array(array, name, ndim, layout):
    """Return ``array`` as a numeric numpy array with ``ndim`` axes.

    Parameters
    ----------
    array : array_like
        The array to check.
    name : str
        The parameter's name, used in the error message.
    ndim : int
        The required number of axes.
    layout : str
        The meaning of the axes, shown in the error message, e.g. ``"(N, C, H, W)"``.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    TypeError
        If the entries are not numbers (bool, int or float).
    ValueError
        If the array does not have ``ndim`` axes, or its last two axes
        (height and width) are empty.

    Examples
    --------
    >>> check_array([[1, 2], [3, 4]], "kernel", 2, "(kh, kw)").shape
    (2, 2)
    >>> check_array([1, 2], "kernel", 2, "(kh, kw)")
    Traceback (most recent call last):
    ...
    ValueError: kernel must be a 2-D array (kh, kw), got shape (2,)
    """
    array = np.asarray(array)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers (bool, int or float), got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array {layout}, got shape {array.shape}")
    if min(array.shape[-2:]) < 1:
        raise ValueError(f"{name} must have a height and width >= 1, got shape {array.shape}")
    return array


def check_channels(weight, axis, channels, layout):
    """Check that ``weight.shape[axis]`` equals the input's number of channels.

    Parameters
    ----------
    weight : numpy.ndarray
        The weight, already checked by :func:`check_array`.
    axis : int
        The axis of ``weight`` that holds the input channels.
    channels : int
        The number of channels of the input ``x`` (``x.shape[1]``).
    layout : str
        The weight's layout, shown in the error message.

    Raises
    ------
    ValueError
        If the numbers differ; the message names ``weight``.

    Examples
    --------
    >>> import numpy as np
    >>> check_channels(np.zeros((2, 3, 1, 1)), 1, 3, "(C_out, C_in, kh, kw)")
    >>> check_channels(np.zeros((2, 3, 1, 1)), 1, 4, "(C_out, C_in, kh, kw)")
    Traceback (most recent call last):
    ...
    ValueError: weight must have 4 input channels (x.shape[1]) on axis 1 of its layout (C_out, C_in, kh, kw), got shape (2, 3, 1, 1)
    """
    if weight.shape[axis] != channels:
        raise ValueError(
            f"weight must have {channels} input channels (x.shape[1]) on axis {axis} "
            f"of its layout {layout}, got shape {weight.shape}"
        )


def conv_output_size(size, kernel, stride=1, padding=0, dilation=1, *, kernel_name="kernel"):
    """Output length of a convolution along one axis.

    ``floor((size + 2*padding - dilation*(kernel-1) - 1) / stride) + 1``

    All arguments are ints (not pairs): call it once per axis.

    Parameters
    ----------
    size : int
        Input length, >= 1.
    kernel : int
        Kernel length, >= 1.
    stride : int, default 1
        >= 1.
    padding : int, default 0
        Zeros added on each side, >= 0.
    dilation : int, default 1
        Spacing between kernel taps, >= 1.
    kernel_name : str, keyword-only, default "kernel"
        How error messages call the kernel (e.g. ``"weight height"``).

    Returns
    -------
    int
        The output length, >= 1.

    Raises
    ------
    TypeError
        If an argument is not an int.
    ValueError
        If an argument is out of range, or the dilated kernel
        ``dilation*(kernel-1)+1`` is longer than the padded input
        ``size + 2*padding`` (there would be no output).

    Examples
    --------
    >>> conv_output_size(4, 3)
    2
    >>> conv_output_size(64, 4, stride=2, padding=1)
    32
    >>> conv_output_size(2, 3)
    Traceback (most recent call last):
    ...
    ValueError: kernel 3 with dilation=1 spans 3 pixels, more than the padded input 2 + 2*padding = 2; the kernel must fit inside the padded input
    """
    size = check_int(size, "size", minimum=1)
    kernel = check_int(kernel, kernel_name, minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    dilation = check_int(dilation, "dilation", minimum=1)
    span = dilation * (kernel - 1) + 1
    padded = size + 2 * padding
    if span > padded:
        raise ValueError(
            f"{kernel_name} {kernel} with dilation={dilation} spans {span} pixels, more than "
            f"the padded input {size} + 2*padding = {padded}; "
            f"the {kernel_name} must fit inside the padded input"
        )
    return (padded - span) // stride + 1


def conv_transpose_output_size(size, kernel, stride=1, padding=0, output_padding=0, dilation=1):
    """Output length of a transposed convolution along one axis.

    ``(size - 1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1``

    It inverts :func:`conv_output_size`: a convolution with the same
    ``kernel``, ``stride``, ``padding`` and ``dilation`` maps the output
    length back to ``size``. All arguments are ints (not pairs): call it once
    per axis.

    Parameters
    ----------
    size : int
        Input length, >= 1.
    kernel : int
        Kernel length, >= 1.
    stride : int, default 1
        >= 1.
    padding : int, default 0
        Rows (or columns) removed from each side of the full output, >= 0.
    output_padding : int, default 0
        Rows (or columns) added at the end, ``0 <= output_padding < max(stride, dilation)``.
    dilation : int, default 1
        Spacing between kernel taps, >= 1.

    Returns
    -------
    int
        The output length, >= 1.

    Raises
    ------
    TypeError
        If an argument is not an int.
    ValueError
        If an argument is out of range, or ``padding`` removes the whole output.

    Examples
    --------
    >>> conv_transpose_output_size(2, 2)
    3
    >>> conv_transpose_output_size(32, 4, stride=2, padding=1)
    64
    >>> conv_transpose_output_size(1, 2, padding=1)
    Traceback (most recent call last):
    ...
    ValueError: padding=1 removes the whole output (size=1, kernel=2, stride=1, dilation=1, output_padding=0); padding must be <= 0
    """
    size = check_int(size, "size", minimum=1)
    kernel = check_int(kernel, "kernel", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    dilation = check_int(dilation, "dilation", minimum=1)
    output_padding = check_int(output_padding, "output_padding", minimum=0)
    check_output_padding(output_padding, stride, dilation)
    full = (size - 1) * stride + dilation * (kernel - 1) + output_padding + 1
    if full - 2 * padding < 1:
        raise ValueError(
            f"padding={padding} removes the whole output (size={size}, kernel={kernel}, "
            f"stride={stride}, dilation={dilation}, output_padding={output_padding}); "
            f"padding must be <= {(full - 1) // 2}"
        )
    return full - 2 * padding
