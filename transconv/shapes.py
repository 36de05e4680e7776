"""Size arithmetic of (transposed) convolutions, and the checks of their parameters.

This module is the one place where parameters are validated: ``transconv.ops``
and the widgets call the public validators below instead of checking again.

- :func:`check_int`, :func:`as_pair` and :func:`check_conv_params` check the
  hyper-parameters ``stride``, ``padding``, ``dilation`` and ``output_padding``;
- :func:`check_array`, :func:`check_arrays` and :func:`check_channels` check the arrays;
- :func:`check_budget` and :func:`check_memory` refuse work and memory beyond the budget below;
- :func:`conv_output_size` and :func:`conv_transpose_output_size` give the
  output length along one axis, and refuse parameters that leave no output;
  the transposed convolution's formula is written once, in ``_terms`` (behind
  :func:`transpose_terms`), and every other size of it here is computed from it;
- :func:`conv_input_sizes`, :func:`describe_setting` and
  :func:`transpose_settings_for` answer the inverse questions.

Bad values raise :class:`TypeError` (wrong kind, e.g. a float stride, a bool,
``None`` or an MXNet Symbol) or :class:`ValueError` (right kind, wrong value).
Every message names the parameter, the axis for a per-axis value
(``"stride[0] (height)"``, ``"padding (width)"``) and says what is allowed.
Messages are the same in every run: they show no set or dict in an order
that depends on ``PYTHONHASHSEED``.

The budget
----------
Every function here and in :mod:`transconv.ops` has a bounded cost: a call
beyond these limits is refused with a :class:`ValueError` naming the
parameter to lower and the limit, from the shapes alone, before anything
large is allocated or any loop runs.

- :data:`MAX_BYTES` (``2**30``, 1 GiB): the most memory one call of
  :mod:`transconv.ops` holds at once. Each op lists, for each phase of its
  work (padding the input, the loop, the result), every array alive in it
  (converted inputs, the padded input, the windows and products of a group
  of taps, copies that numpy makes for a matrix product, the output, the
  result), as :class:`MemoryPart` s; the largest phase, an upper bound of its
  peak, goes to :func:`check_memory`, which refuses the call when its sum
  exceeds the limit. The arrays the caller passes in, a few hundred kB of
  numpy's iterator buffers and BLAS's own fixed buffers are not counted; a
  property test checks the estimate against ``tracemalloc``, and
  ``tests/test_budget.py`` runs the worst accepted calls under a memory cap.
- :data:`MAX_ELEMENTS` (``10**8``): the most elements of an array passed
  to an op (:func:`check_array`), and the longest axis: every size, kernel,
  stride, padding, dilation and output length.
- :data:`MAX_MULTIPLY_ADDS` (``10**9``): the most multiply-adds of one call
  of :func:`transconv.ops.conv2d` or :func:`transconv.ops.conv_transpose2d`
  (a few seconds of CPU time at most; ``benchmarks/budget.py`` measures the
  worst accepted calls).
- :data:`MAX_LOOP_STEPS` (``10**5``): the most Python iterations of a
  teaching loop (:func:`transconv.ops.corr2d`, :func:`transconv.ops.trans_conv`,
  :func:`transconv.ops.conv_matrix`), one to two seconds of CPU time at
  most; their element-wise work (iterations times kernel size, or times
  output size) stays within :data:`MAX_ELEMENTS`.
- :data:`MAX_SEARCH` (``10**4``): the most candidates (and so results) of a
  search (:func:`conv_input_sizes`, :func:`transpose_settings_for`).
"""
import math
import numbers
import reprlib
import warnings
from typing import NamedTuple

import numpy as np

__all__ = [
    "AXES",
    "MAX_BYTES",
    "MAX_ELEMENTS",
    "MAX_LOOP_STEPS",
    "MAX_MULTIPLY_ADDS",
    "MAX_SEARCH",
    "ConvParams",
    "InputSize",
    "MemoryPart",
    "TransposeSetting",
    "TransposeTerms",
    "as_pair",
    "check_array",
    "check_arrays",
    "check_budget",
    "check_channels",
    "check_conv_params",
    "check_int",
    "check_memory",
    "check_output_padding",
    "conv_input_sizes",
    "conv_output_size",
    "conv_transpose_output_size",
    "describe_setting",
    "transpose_settings_for",
    "transpose_terms",
]

#: The most bytes that one call of an op in :mod:`transconv.ops` holds at once
#: (every array it makes, counted as if all were alive together): 1 GiB.
MAX_BYTES = 2**30

#: The most elements of an array passed to :mod:`transconv.ops`, and the longest
#: axis: the largest size, kernel, stride, padding, dilation or output length accepted.
MAX_ELEMENTS = 10**8

#: The most multiply-adds of one call of ``conv2d`` or ``conv_transpose2d``.
MAX_MULTIPLY_ADDS = 10**9

#: The most Python iterations of a teaching loop (``corr2d``, ``trans_conv``, ``conv_matrix``).
MAX_LOOP_STEPS = 10**5

#: The most candidates (and so the most results) that a search examines:
#: :func:`transpose_settings_for` tries ``max_kernel * max_stride * (max_stride + 1) / 2``
#: settings, :func:`conv_input_sizes` one input size per output padding below the stride.
MAX_SEARCH = 10**4

#: The names of the two spatial axes, as error messages use them.
AXES = ("height", "width")

_LIMIT_NAMES = ((MAX_ELEMENTS, "MAX_ELEMENTS"), (MAX_MULTIPLY_ADDS, "MAX_MULTIPLY_ADDS"),
                (MAX_LOOP_STEPS, "MAX_LOOP_STEPS"), (MAX_SEARCH, "MAX_SEARCH"))

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


def _shown(value):
    """``repr(value)`` for a message, the same in every run: shortened, a set's items sorted
    (their order depends on ``PYTHONHASHSEED``), an object's address left out."""
    shown = _REPR.repr(value)  # reprlib sorts the items of a set
    if " at 0x" in shown:  # a default repr shows the object's address, which changes from run to run
        return f"a {type(value).__name__} object"
    return shown


def _is_int(value):
    """True for Python and numpy integers, False for bools, floats, strings..."""
    if type(value) is int:  # the common case, without the slower check against numbers.Integral
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _check_axis(axis):
    """Refuse an ``axis`` other than None, 0 (height) or 1 (width)."""
    if axis is None:
        return None
    if not _is_int(axis):
        raise TypeError(f"axis must be None, 0 (height) or 1 (width), got {_shown(axis)}")
    if axis not in (0, 1):
        raise ValueError(f"axis must be None, 0 (height) or 1 (width), got {axis}")
    return int(axis)


def _check_str(value, name):
    """Refuse a ``value`` that is not a str (the names and words that messages are made of)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {_shown(value)}")
    return value


def _check_limits(name, minimum, maximum):
    """Check the arguments that say what a validator allows: a str name, int limits."""
    if type(name) is str and type(minimum) is int and (maximum is None or type(maximum) is int):
        return  # the common case, quickly
    _check_str(name, "name")
    if not _is_int(minimum):
        raise TypeError(f"minimum must be an int, got {_shown(minimum)}")
    if maximum is not None and not _is_int(maximum):
        raise TypeError(f"maximum must be an int or None, got {_shown(maximum)}")


def _on_axis(name, axis):
    """``name`` with its axis: ``"stride (height)"`` for ``axis=0``; ``name`` if ``axis`` is None."""
    if axis is None:
        return name
    return f"{name} ({AXES[axis]})"


def check_int(value, name, minimum=0, maximum=None):
    """Return ``value`` as an ``int`` after checking that it is an int >= ``minimum`` (and <= ``maximum``).

    Parameters
    ----------
    value : object
        The value to check.
    name : str
        The parameter's name, used in the error message.
    minimum : int, default 0
        The smallest allowed value.
    maximum : int or None, default None
        The largest allowed value, if any.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer (bools and floats such as ``2.0`` are
        refused; a pair is refused with a hint to call once per axis).
    ValueError
        If ``value < minimum`` or ``value > maximum``.

    Examples
    --------
    >>> check_int(3, "size", minimum=1)
    3
    >>> check_int(0, "size", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: size must be an int >= 1, got 0
    >>> check_int(200, "size", minimum=1, maximum=100)
    Traceback (most recent call last):
    ...
    ValueError: size must be an int >= 1 and <= 100, got 200
    >>> check_int(True, "stride", minimum=1)
    Traceback (most recent call last):
    ...
    TypeError: stride must be an int >= 1, got True
    >>> check_int((2, 2), "stride", minimum=1)
    Traceback (most recent call last):
    ...
    TypeError: stride must be an int >= 1, got (2, 2) (one axis at a time: call once per axis)
    """
    _check_limits(name, minimum, maximum)
    if not _is_int(value):
        message = f"{name} must be an int {_bounds(minimum, maximum)}, got {_shown(value)}"
        if isinstance(value, (tuple, list)):
            message += " (one axis at a time: call once per axis)"
        raise TypeError(message)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be an int {_bounds(minimum, maximum, value)}, got {_shown(value)}")
    return int(value)


def _bounds(minimum, maximum, value=None):
    """The allowed range as words: ``">= 1"``, or ``">= 1 and <= 100"`` when ``value`` is too large."""
    if maximum is None or value is None or value <= maximum:
        return f">= {minimum}"
    limit = " (MAX_ELEMENTS, the longest axis)" if maximum == MAX_ELEMENTS else ""
    return f">= {minimum} and <= {maximum}{limit}"


def as_pair(value, name, minimum=0, maximum=None):
    """Return ``value`` as a pair ``(height, width)`` of ints >= ``minimum`` (and <= ``maximum``).

    An int ``v`` stands for ``(v, v)``; a tuple or list must hold exactly two
    ints. An error about one entry of a pair names it with its axis, e.g.
    ``stride[1] (width)``.

    Parameters
    ----------
    value : int or pair of ints
        The value to check.
    name : str
        The parameter's name, used in the error message.
    minimum : int, default 0
        The smallest allowed value of each entry.
    maximum : int or None, default None
        The largest allowed value of each entry, if any.

    Returns
    -------
    tuple of two ints

    Raises
    ------
    TypeError
        If ``value`` is neither an int nor a pair of ints (bools are refused).
    ValueError
        If an entry is below ``minimum`` or above ``maximum``.

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
    >>> as_pair((4, 0), "stride", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: stride[1] (width) must be an int >= 1, got 0 (stride=(4, 0))
    """
    _check_limits(name, minimum, maximum)
    if not isinstance(value, (tuple, list)):
        if not _is_int(value):
            raise TypeError(f"{name} must be an int {_bounds(minimum, maximum)} or a pair of them, "
                            f"got {_shown(value)}")
        if value < minimum or (maximum is not None and value > maximum):
            raise ValueError(f"{name} must be an int {_bounds(minimum, maximum, value)} or a pair of them, "
                             f"got {_shown(value)}")
        return int(value), int(value)
    if len(value) != 2:
        raise TypeError(f"{name} must be an int {_bounds(minimum, maximum)} or a pair of them "
                        f"(height, width), got {_shown(value)}")
    for axis, entry in enumerate(value):
        entry_name = f"{name}[{axis}] ({AXES[axis]})"
        if not _is_int(entry):
            raise TypeError(f"{entry_name} must be an int {_bounds(minimum, maximum)}, got {_shown(entry)} "
                            f"({name}={_shown(value)})")
        if entry < minimum or (maximum is not None and entry > maximum):
            raise ValueError(f"{entry_name} must be an int {_bounds(minimum, maximum, entry)}, "
                             f"got {_shown(entry)} ({name}={_shown(value)})")
    return int(value[0]), int(value[1])


def check_output_padding(output_padding, stride, dilation, *, axis=None):
    """Check that ``output_padding`` is an int with ``0 <= output_padding < max(stride, dilation)``.

    This is PyTorch's rule: the extra rows (or columns) that ``output_padding``
    adds must be fewer than the stride or the dilation. MXNet 1.9.1 is
    stricter: its ``adj`` must be smaller than the stride alone. Only
    ``output_padding < stride`` keeps the transposed convolution an inverse of
    the convolution's size arithmetic: with ``output_padding >= stride``
    (allowed when the dilation is larger) the convolution with the same
    settings no longer maps the output back to the input size, but to
    ``size + output_padding // stride``.

    Parameters
    ----------
    output_padding : int
        >= 0.
    stride, dilation : int
        >= 1.
    axis : {None, 0, 1}, keyword-only, default None
        The axis these values belong to, named in error messages (0 is the height).

    Returns
    -------
    int
        ``output_padding``.

    Raises
    ------
    TypeError
        If an argument is not an int (bools and floats are refused), or
        ``axis`` is not None or an int.
    ValueError
        If ``output_padding`` is negative or not below ``max(stride, dilation)``,
        ``stride`` or ``dilation`` is below 1, or ``axis`` is not None, 0 or 1.

    Examples
    --------
    >>> check_output_padding(1, stride=2, dilation=1)
    1
    >>> check_output_padding(2, stride=2, dilation=1)
    Traceback (most recent call last):
    ...
    ValueError: output_padding must be >= 0 and smaller than stride or dilation (< max(2, 1) = 2), got 2
    >>> check_output_padding(1, stride=1, dilation=1, axis=1)
    Traceback (most recent call last):
    ...
    ValueError: output_padding (width) must be >= 0 and smaller than stride or dilation (< max(1, 1) = 1), got 1
    >>> check_output_padding(1.5, 2, 1)
    Traceback (most recent call last):
    ...
    TypeError: output_padding must be an int >= 0, got 1.5
    """
    axis = _check_axis(axis)
    output_padding = check_int(output_padding, _on_axis("output_padding", axis), minimum=0)
    stride = check_int(stride, _on_axis("stride", axis), minimum=1)
    dilation = check_int(dilation, _on_axis("dilation", axis), minimum=1)
    limit = max(stride, dilation)
    if output_padding >= limit:
        raise ValueError(
            f"{_on_axis('output_padding', axis)} must be >= 0 and smaller than stride or dilation "
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

    Each is an int or a pair ``(height, width)`` of ints, every entry at most
    :data:`MAX_ELEMENTS`.

    Parameters
    ----------
    stride : int or pair of ints, default 1
        Must be >= 1.
    padding : int or pair of ints, default 0
        Must be >= 0.
    dilation : int or pair of ints, default 1
        Must be >= 1.
    output_padding : int or pair of ints, default 0
        Must be >= 0 and, per axis, smaller than ``max(stride, dilation)``
        (PyTorch's rule; MXNet requires ``< stride``). At or above the stride
        the convolution no longer maps the output back to the input size (see
        :func:`check_output_padding`). Only transposed convolutions use it;
        leave it at 0 otherwise.

    Returns
    -------
    ConvParams
        The four parameters as ``(height, width)`` pairs of ints.

    Raises
    ------
    TypeError
        If a parameter is not an int or a pair of ints (bools are refused).
    ValueError
        If a parameter is out of its range; the message names the axis of a
        pair's entry.

    Examples
    --------
    >>> check_conv_params(stride=2, padding=(1, 0))
    ConvParams(stride=(2, 2), padding=(1, 0), dilation=(1, 1), output_padding=(0, 0))
    >>> check_conv_params(dilation=0)
    Traceback (most recent call last):
    ...
    ValueError: dilation must be an int >= 1 or a pair of them, got 0
    >>> check_conv_params(stride=(4, 1), output_padding=(0, 1))
    Traceback (most recent call last):
    ...
    ValueError: output_padding (width) must be >= 0 and smaller than stride or dilation (< max(1, 1) = 1), got 1
    """
    stride = as_pair(stride, "stride", minimum=1, maximum=MAX_ELEMENTS)
    padding = as_pair(padding, "padding", minimum=0, maximum=MAX_ELEMENTS)
    dilation = as_pair(dilation, "dilation", minimum=1, maximum=MAX_ELEMENTS)
    output_padding = as_pair(output_padding, "output_padding", minimum=0, maximum=MAX_ELEMENTS)
    for axis, (a, s, d) in enumerate(zip(output_padding, stride, dilation)):
        check_output_padding(a, s, d, axis=axis)
    return ConvParams(stride, padding, dilation, output_padding)


#: What numpy 1.23 warns about nested lists with rows of different lengths.
_RAGGED = getattr(np, "VisibleDeprecationWarning", UserWarning)


def _is_symbol(array):
    """True for an MXNet Symbol (a graph node with no values), recognised without importing MXNet."""
    return type(array).__module__.startswith("mxnet.symbol")


def _not_an_array(name, layout, got):
    return TypeError(f"{name} must be an array of numbers {layout} (a numpy array, nested lists or an "
                     f"MXNet NDArray), got {got}")


def _as_numpy(array, name, layout):
    """``array`` as a numpy array; an MXNet NDArray (anything with ``asnumpy``) converts at once.

    Refuses with a message naming ``name``: ``None`` and other single objects, an MXNet Symbol,
    and nested lists whose rows have different lengths (without numpy's warning about them).
    """
    if _is_symbol(array):
        raise _not_an_array(name, layout, "an MXNet Symbol, which holds no values (bind and run it, "
                                          "or pass an NDArray)")
    if isinstance(array, np.ndarray):
        return array
    asnumpy = getattr(array, "asnumpy", None)
    if callable(asnumpy):
        array = asnumpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", _RAGGED)
        try:
            converted = np.asarray(array)
        except (_RAGGED, ValueError):  # numpy 1.24 and later raise the ValueError
            raise ValueError(f"{name} must be an array {layout} with rows of equal length, got nested "
                             f"lists or arrays with rows of different lengths") from None
    if converted.dtype == object and converted.ndim == 0:
        raise _not_an_array(name, layout, "None" if array is None else f"{type(array).__name__} {_shown(array)}")
    return converted


def check_array(array, name, ndim, layout):
    """Return ``array`` as a numeric numpy array with ``ndim`` axes, within the budget.

    Parameters
    ----------
    array : array_like or mxnet.nd.NDArray
        The array to check. An MXNet ``NDArray`` is converted with its
        ``asnumpy()`` method.
    name : str
        The parameter's name, used in the error message.
    ndim : int
        The required number of axes, >= 2 (the last two are the height and width).
    layout : str
        The meaning of the axes, shown in the error message, e.g. ``"(N, C, H, W)"``.

    Returns
    -------
    numpy.ndarray
        ``array`` itself when it is a numpy array (no copy).

    Raises
    ------
    TypeError
        If ``array`` is not an array (``None``, a single object, an MXNet
        Symbol), or its entries are not numbers (bool, int, or float of at
        most 64 bits: complex, ``float128``, strings and objects are refused).
    ValueError
        If nested lists have rows of different lengths, the array does not
        have ``ndim`` axes, its last two axes (height and width) are empty, or
        it has more than :data:`MAX_ELEMENTS` elements.

    Examples
    --------
    >>> check_array([[1, 2], [3, 4]], "kernel", 2, "(kh, kw)").shape
    (2, 2)
    >>> check_array([1, 2], "kernel", 2, "(kh, kw)")
    Traceback (most recent call last):
    ...
    ValueError: kernel must be a 2-D array (kh, kw), got shape (2,)
    >>> check_array([[1, 2], [3]], "kernel", 2, "(kh, kw)")
    Traceback (most recent call last):
    ...
    ValueError: kernel must be an array (kh, kw) with rows of equal length, got nested lists or arrays with rows of different lengths
    >>> check_array(None, "kernel", 2, "(kh, kw)")
    Traceback (most recent call last):
    ...
    TypeError: kernel must be an array of numbers (kh, kw) (a numpy array, nested lists or an MXNet NDArray), got None
    """
    _check_str(name, "name")
    _check_str(layout, "layout")
    ndim = check_int(ndim, "ndim", minimum=2)  # the last two axes are the height and width
    shape = getattr(array, "shape", None)
    if isinstance(shape, tuple) and all(_is_int(length) for length in shape):  # before an NDArray is copied
        check_budget(math.prod(shape), f"{name} {layout} of shape {shape}", f"the size of {name}")
    array = _as_numpy(array, name, layout)
    if array.dtype.kind not in "biuf" or array.dtype.itemsize > 8:
        hint = " (Python ints beyond int64, or entries that are not numbers)" if array.dtype == object else ""
        raise TypeError(f"{name} must hold numbers (bool, int or float of at most 64 bits), "
                        f"got dtype {array.dtype}{hint}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array {layout}, got shape {array.shape}")
    if min(array.shape[-2:]) < 1:
        raise ValueError(f"{name} must have a height and width >= 1, got shape {array.shape}")
    check_budget(array.size, f"{name} {layout} of shape {array.shape}", f"the size of {name}")
    return array


def check_budget(count, what, remedy, limit=MAX_ELEMENTS, unit="elements"):
    """Refuse a count of elements (or of work) above the budget.

    Call it with the count computed from shapes alone, before allocating.

    Parameters
    ----------
    count : int
        The number of elements of the array (or the amount of work), >= 0.
    what : str
        What is counted, for the message, e.g. ``"the padded input (N, C_in, H + 2*padding[0], ...)"``.
    remedy : str
        Which parameter to lower, for the message, e.g. ``"padding"``.
    limit : int, default MAX_ELEMENTS
        The budget, >= 0; one of :data:`MAX_ELEMENTS`, :data:`MAX_MULTIPLY_ADDS`,
        :data:`MAX_LOOP_STEPS`, :data:`MAX_SEARCH` is named in the message.
    unit : str, default "elements"
        What ``count`` counts.

    Returns
    -------
    int
        ``count``.

    Raises
    ------
    TypeError
        If ``count`` or ``limit`` is not an int (a float, NaN included, or a bool).
    ValueError
        If ``count`` is negative, or ``count > limit``; the message then says
        what, how many, the limit and what to lower.

    Examples
    --------
    >>> check_budget(10, "the output", "the input size")
    10
    >>> check_budget(4 * 10**8, "the matrix W", "input_shape")
    Traceback (most recent call last):
    ...
    ValueError: the matrix W would have 400000000 elements, more than MAX_ELEMENTS = 100000000; lower input_shape
    >>> check_budget(float("nan"), "the matrix W", "input_shape")
    Traceback (most recent call last):
    ...
    TypeError: count must be an int >= 0, got nan
    """
    for value, label in ((what, "what"), (remedy, "remedy"), (unit, "unit")):
        _check_str(value, label)
    count = check_int(count, "count", minimum=0)
    limit = check_int(limit, "limit", minimum=0)
    if count > limit:
        name = next((name for value, name in _LIMIT_NAMES if value == limit), "the limit")
        raise ValueError(f"{what} would have {count} {unit}, more than {name} = {limit}; lower {remedy}")
    return count


class MemoryPart(NamedTuple):
    """One array that a call makes, for :func:`check_memory`.

    Attributes
    ----------
    what : str
        What the array is, e.g. ``"the padded input"``.
    shape : tuple of ints
        Its shape (a product of several counts is fine: ``(count,)``).
    itemsize : int
        Bytes per element (8 for float64 and int64, 4 for float32).
    remedy : str
        The parameter to lower when this array is the largest, e.g. ``"padding"``.
    """

    what: str
    shape: tuple
    itemsize: int
    remedy: str

    @property
    def nbytes(self):
        """The array's size in bytes (a Python int: no overflow)."""
        return math.prod(self.shape) * self.itemsize


def _size(nbytes):
    """Bytes as words: ``"762.8 MiB"``, or ``"80000 bytes"`` below a MiB."""
    return f"{nbytes / 2**20:.1f} MiB" if nbytes >= 2**20 else f"{nbytes} bytes"


def _check_part(part, index):
    """Refuse ``parts[index]`` unless it is a MemoryPart of strs and ints (the ops' own parts quickly)."""
    if (isinstance(part, MemoryPart) and type(part.shape) is tuple and type(part.what) is str
            and type(part.remedy) is str and type(part.itemsize) is int and part.itemsize >= 1
            and all(type(length) is int and length >= 0 for length in part.shape)):
        return
    if not isinstance(part, MemoryPart) or not isinstance(part.shape, tuple):
        raise TypeError(f"parts[{index}] must be a MemoryPart with a tuple shape, got {_shown(part)}")
    _check_str(part.what, f"parts[{index}].what")
    _check_str(part.remedy, f"parts[{index}].remedy")
    for axis, length in enumerate(part.shape):
        check_int(length, f"parts[{index}].shape[{axis}]", minimum=0)
    check_int(part.itemsize, f"parts[{index}].itemsize", minimum=1)


def check_memory(parts, operation):
    """Refuse a call whose arrays, counted as if all were alive at once, exceed :data:`MAX_BYTES`.

    Call it with the shapes alone, before allocating. The sum of the parts is
    an upper bound of the call's peak memory when the parts list every array
    the call makes.

    Parameters
    ----------
    parts : sequence of MemoryPart
        Every array the call makes (a part of size 0 stands for an array that
        this call does not need, e.g. no copy of an input that already has the
        right type).
    operation : str
        The call, for the message, e.g. ``"conv2d"``.

    Returns
    -------
    int
        The total number of bytes.

    Raises
    ------
    TypeError
        If a part is not a :class:`MemoryPart` of int sizes.
    ValueError
        If the total exceeds :data:`MAX_BYTES`; the message lists each
        part's shape and size and names the remedy of the largest part.

    Examples
    --------
    >>> check_memory([MemoryPart("the output", (1, 1, 4, 4), 8, "padding")], "conv2d")
    128
    >>> check_memory([MemoryPart("the padded input", (1, 1, 9999, 9999), 8, "padding"),
    ...               MemoryPart("the output", (1, 1, 9999, 9999), 8, "padding or the input size")], "conv2d")
    Traceback (most recent call last):
    ...
    ValueError: conv2d would hold 1525.6 MiB at once, more than MAX_BYTES = 1073741824 (1 GiB): the padded input (1, 1, 9999, 9999) 762.8 MiB, the output (1, 1, 9999, 9999) 762.8 MiB; lower padding
    """
    _check_str(operation, "operation")
    if not isinstance(parts, (list, tuple)):
        raise TypeError(f"parts must be a list of MemoryPart, got {_shown(parts)}")
    for index, part in enumerate(parts):
        _check_part(part, index)
    total = sum(part.nbytes for part in parts)
    if total > MAX_BYTES:
        largest = max(parts, key=lambda part: part.nbytes)  # the first of equal ones
        listing = ", ".join(f"{part.what} {part.shape} {_size(part.nbytes)}" for part in parts if part.nbytes)
        raise ValueError(f"{operation} would hold {_size(total)} at once, more than MAX_BYTES = {MAX_BYTES} "
                         f"(1 GiB): {listing}; lower {largest.remedy}")
    return total


def check_arrays(X, K, *, transposed=False):
    """Check the input ``X`` and kernel ``K`` of a teaching loop and its cost; return them as float64.

    :func:`transconv.ops.corr2d` (``transposed=False``) loops over the
    output, one window of ``K``'s size per step; :func:`transconv.ops.trans_conv`
    (``transposed=True``) loops over the input, one copy of ``K`` per step.
    Both sum in float64 (see :mod:`transconv.ops`, "Number types").

    Parameters
    ----------
    X, K : array_like or mxnet.nd.NDArray
        2-D arrays of numbers: the input ``(H, W)`` and the kernel ``(h, w)``.
        For ``corr2d`` the kernel must not be larger than the input.
    transposed : bool, keyword-only, default False
        True for the scatter loop of ``trans_conv``.

    Returns
    -------
    tuple of two numpy.ndarray
        ``X`` and ``K`` as float64 arrays (no copy of a float64 array).

    Raises
    ------
    TypeError
        If ``X`` or ``K`` is not an array of numbers, or ``transposed`` is not a bool.
    ValueError
        If ``X`` or ``K`` is not a 2-D array, the kernel is larger than the
        input (``corr2d``), the loop would run more than
        :data:`MAX_LOOP_STEPS` steps, its steps would touch more than
        :data:`MAX_ELEMENTS` elements, or its arrays more than
        :data:`MAX_BYTES` bytes.

    Examples
    --------
    >>> X, K = check_arrays([[0, 1], [2, 3]], [[1]])
    >>> X.shape, K.shape, X.dtype
    ((2, 2), (1, 1), dtype('float64'))
    >>> check_arrays(np.ones((1000, 1000)), np.ones((1, 1)))
    Traceback (most recent call last):
    ...
    ValueError: the loop over the output (999 + 1)*(999 + 1) would have 1000000 steps, more than MAX_LOOP_STEPS = 100000; lower the size of X or use conv2d
    """
    if not isinstance(transposed, (bool, np.bool_)):
        raise TypeError(f"transposed must be True or False, got {_shown(transposed)}")
    X, K = check_array(X, "X", 2, "(H, W)"), check_array(K, "K", 2, "(h, w)")
    (H, W), (h, w) = X.shape, K.shape
    if transposed:
        steps, over, fast = H * W, f"the input {H}*{W}", "conv_transpose2d"
        out_h = conv_transpose_output_size(H, h, kernel_name="K height", axis=0)
        out_w = conv_transpose_output_size(W, w, kernel_name="K width", axis=1)
    else:
        out_h = conv_output_size(H, h, kernel_name="K height", axis=0)
        out_w = conv_output_size(W, w, kernel_name="K width", axis=1)
        steps, over, fast = out_h * out_w, f"the output ({H - h} + 1)*({W - w} + 1)", "conv2d"
    check_budget(steps, f"the loop over {over}", f"the size of X or use {fast}", MAX_LOOP_STEPS, "steps")
    check_budget(steps * h * w, f"the loop's {steps} steps of {h}*{w} kernel elements",
                 f"the size of X or K, or use {fast}", unit="products")
    check_memory([
        MemoryPart("X as float64", X.shape if X.dtype != np.float64 else (0,), 8, "the size of X"),
        MemoryPart("K as float64", K.shape if K.dtype != np.float64 else (0,), 8, "the size of K"),
        MemoryPart("the output", (out_h, out_w), 8, "the size of X or K"),
        MemoryPart("one step's products", (h, w), 8, "the size of K"),
    ], "trans_conv" if transposed else "corr2d")
    return X.astype(np.float64, copy=False), K.astype(np.float64, copy=False)


def check_channels(weight, axis, channels, layout):
    """Check that ``weight.shape[axis]`` equals the input's number of channels.

    Parameters
    ----------
    weight : numpy.ndarray
        The weight, already checked by :func:`check_array`.
    axis : int
        The axis of ``weight`` that holds the input channels, ``0 <= axis < weight.ndim``.
    channels : int
        The number of channels of the input ``x`` (``x.shape[1]``), >= 0.
    layout : str
        The weight's layout, shown in the error message.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        If ``weight`` is not a numpy array, or ``axis`` or ``channels`` is not an int.
    ValueError
        If ``axis`` is not an axis of ``weight``, or the numbers differ; the
        message names ``weight``.

    Examples
    --------
    >>> import numpy as np
    >>> check_channels(np.zeros((2, 3, 1, 1)), 1, 3, "(C_out, C_in, kh, kw)")
    >>> check_channels(np.zeros((2, 3, 1, 1)), 1, 4, "(C_out, C_in, kh, kw)")
    Traceback (most recent call last):
    ...
    ValueError: weight must have 4 input channels (x.shape[1]) on axis 1 of its layout (C_out, C_in, kh, kw), got shape (2, 3, 1, 1)
    >>> check_channels(np.ones((1, 1)), 5, 1, "(a, b)")
    Traceback (most recent call last):
    ...
    ValueError: axis must be an axis of weight, an int >= 0 and < 2 (weight has shape (1, 1), layout (a, b)), got 5
    """
    if not isinstance(weight, np.ndarray):
        raise TypeError(f"weight must be a numpy array (checked by check_array first), got "
                        f"{type(weight).__name__}")
    axis = check_int(axis, "axis", minimum=0)
    if axis >= weight.ndim:
        raise ValueError(f"axis must be an axis of weight, an int >= 0 and < {weight.ndim} (weight has shape "
                         f"{weight.shape}, layout {layout}), got {axis}")
    channels = check_int(channels, "channels", minimum=0)
    if weight.shape[axis] != channels:
        raise ValueError(
            f"weight must have {channels} input channels (x.shape[1]) on axis {axis} "
            f"of its layout {layout}, got shape {weight.shape}"
        )


def _check_length(length, what, remedy, axis):
    """Refuse a length along one axis longer than :data:`MAX_ELEMENTS`."""
    if length > MAX_ELEMENTS:
        along = "" if axis is None else f" along the {AXES[axis]}"
        raise ValueError(f"{what} would be {length} long{along}, more than MAX_ELEMENTS = "
                         f"{MAX_ELEMENTS}; lower {remedy}")


def _kernel_name(kernel_name, axis):
    """The kernel's name in messages: ``"kernel (height)"`` by default, or the caller's name."""
    if not isinstance(kernel_name, str):
        raise TypeError(f"kernel_name must be a str, got {_shown(kernel_name)}")
    return _on_axis(kernel_name, axis) if kernel_name == "kernel" else kernel_name


def conv_output_size(size, kernel, stride=1, padding=0, dilation=1, *, kernel_name="kernel", axis=None):
    """Output length of a convolution along one axis.

    ``floor((size + 2*padding - dilation*(kernel-1) - 1) / stride) + 1``

    All arguments are ints (not pairs): call it once per axis. Every
    argument, and the padded input ``size + 2*padding``, must be at most
    :data:`MAX_ELEMENTS`.

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
    axis : {None, 0, 1}, keyword-only, default None
        The axis, named in error messages (0 is the height).

    Returns
    -------
    int
        The output length, >= 1.

    Raises
    ------
    TypeError
        If an argument is not an int (bools are refused), ``kernel_name`` is
        not a str or ``axis`` is not None or an int.
    ValueError
        If an argument is out of range, ``axis`` is not None, 0 or 1, the
        padded input is longer than :data:`MAX_ELEMENTS`, or the dilated
        kernel ``dilation*(kernel-1)+1`` is longer than the padded input
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
    >>> conv_output_size(4, 3, padding=10**8, axis=0)
    Traceback (most recent call last):
    ...
    ValueError: the padded input 4 + 2*padding (height) = 200000004 would be 200000004 long along the height, more than MAX_ELEMENTS = 100000000; lower padding (height)
    >>> conv_output_size(4, 3, axis=5)
    Traceback (most recent call last):
    ...
    ValueError: axis must be None, 0 (height) or 1 (width), got 5
    """
    axis = _check_axis(axis)
    kernel_name = _kernel_name(kernel_name, axis)
    size = check_int(size, _on_axis("size", axis), minimum=1, maximum=MAX_ELEMENTS)
    kernel = check_int(kernel, kernel_name, minimum=1, maximum=MAX_ELEMENTS)
    stride = check_int(stride, _on_axis("stride", axis), minimum=1, maximum=MAX_ELEMENTS)
    padding = check_int(padding, _on_axis("padding", axis), minimum=0, maximum=MAX_ELEMENTS)
    dilation = check_int(dilation, _on_axis("dilation", axis), minimum=1, maximum=MAX_ELEMENTS)
    padded = size + 2 * padding
    _check_length(padded, f"the padded input {size} + 2*{_on_axis('padding', axis)} = {padded}",
                  _on_axis("padding", axis), axis)
    span = dilation * (kernel - 1) + 1
    if span > padded:
        along = "" if axis is None else f" along the {AXES[axis]}"
        raise ValueError(
            f"{kernel_name} {kernel} with dilation={dilation} spans {span} pixels, "
            f"more than the padded input {size} + 2*padding = {padded}{along}; "
            f"the {kernel_name} must fit inside the padded input"
        )
    return (padded - span) // stride + 1


class TransposeTerms(NamedTuple):
    """The terms of the transposed convolution's output size along one axis.

    ``output = stretched - cropped + span + output_padding``, where
    ``stretched = (size - 1) * stride`` is where the last kernel copy starts,
    ``span = dilation * (kernel - 1) + 1`` is how many cells one copy covers
    and ``cropped = 2 * padding`` is what the padding removes.
    """

    stretched: int
    cropped: int
    span: int
    output_padding: int
    output: int


def _terms(size, kernel, stride=1, padding=0, output_padding=0, dilation=1):
    """The transposed convolution's output length and its terms, unchecked.

    The one place where its formula is written: every other size of a
    transposed convolution in this package is computed from it (``output``
    with ``padding=0`` is the full, uncropped length).
    """
    stretched, cropped, span = (size - 1) * stride, 2 * padding, dilation * (kernel - 1) + 1
    return TransposeTerms(stretched, cropped, span, output_padding,
                          stretched - cropped + span + output_padding)


def conv_transpose_output_size(size, kernel, stride=1, padding=0, output_padding=0, dilation=1, *,
                               kernel_name="kernel", axis=None):
    """Output length of a transposed convolution along one axis.

    ``(size - 1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1``

    While ``output_padding < stride`` it inverts :func:`conv_output_size`: a
    convolution with the same ``kernel``, ``stride``, ``padding`` and
    ``dilation`` maps the output length back to ``size``. PyTorch also allows
    ``stride <= output_padding < dilation``; then the convolution no longer
    maps the output back to ``size`` but to ``size + output_padding // stride``.
    All arguments are ints (not pairs): call it once per axis. Every
    argument, and the full (uncropped) output length, must be at most
    :data:`MAX_ELEMENTS`.

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
        Rows (or columns) added at the end, ``0 <= output_padding < max(stride, dilation)``
        (PyTorch's rule; MXNet requires ``< stride``, and only then does the
        convolution map the output back to ``size``).
    dilation : int, default 1
        Spacing between kernel taps, >= 1.
    kernel_name : str, keyword-only, default "kernel"
        How error messages call the kernel (e.g. ``"K height"``).
    axis : {None, 0, 1}, keyword-only, default None
        The axis, named in error messages (0 is the height).

    Returns
    -------
    int
        The output length, >= 1.

    Raises
    ------
    TypeError
        If an argument is not an int (bools are refused), ``kernel_name`` is
        not a str or ``axis`` is not None or an int.
    ValueError
        If an argument is out of range, ``axis`` is not None, 0 or 1, the full
        output is longer than :data:`MAX_ELEMENTS`, or ``padding`` removes the
        whole output.

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
    >>> conv_transpose_output_size(1, 1, stride=4, padding=1, axis=1)
    Traceback (most recent call last):
    ...
    ValueError: padding (width)=1 removes the whole output (size=1, kernel=1, stride=4, dilation=1, output_padding=0); padding must be <= 0
    """
    axis = _check_axis(axis)
    kernel_name = _kernel_name(kernel_name, axis)
    size = check_int(size, _on_axis("size", axis), minimum=1, maximum=MAX_ELEMENTS)
    kernel = check_int(kernel, kernel_name, minimum=1, maximum=MAX_ELEMENTS)
    stride = check_int(stride, _on_axis("stride", axis), minimum=1, maximum=MAX_ELEMENTS)
    padding = check_int(padding, _on_axis("padding", axis), minimum=0, maximum=MAX_ELEMENTS)
    dilation = check_int(dilation, _on_axis("dilation", axis), minimum=1, maximum=MAX_ELEMENTS)
    output_padding = check_output_padding(output_padding, stride, dilation, axis=axis)
    terms = _terms(size, kernel, stride, padding, output_padding, dilation)
    full = terms.output + terms.cropped
    culprit = "size or stride" if terms.stretched >= terms.span else "kernel or dilation"
    _check_length(full, f"the full output (size - 1)*stride + dilation*(kernel - 1) + 1 + output_padding "
                  f"= {full}", _on_axis(culprit, axis), axis)
    if terms.output < 1:
        raise ValueError(
            f"{_on_axis('padding', axis)}={padding} removes the whole output (size={size}, kernel={kernel}, "
            f"stride={stride}, dilation={dilation}, output_padding={output_padding}); "
            f"padding must be <= {(full - 1) // 2}"
        )
    return terms.output


# --------------------------------------------------------------------------
# The inverse questions: which sizes and settings give a wanted size
# --------------------------------------------------------------------------

def transpose_terms(size, kernel, stride=1, padding=0, output_padding=0, dilation=1):
    """The output size of a transposed convolution together with the terms that make it up.

    Parameters
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        As for :func:`conv_transpose_output_size`, which checks them.

    Returns
    -------
    TransposeTerms
        ``output`` equals ``conv_transpose_output_size(...)``.

    Raises
    ------
    TypeError, ValueError
        From :func:`conv_transpose_output_size`.

    Examples
    --------
    >>> transpose_terms(7, 4, stride=2, padding=1)
    TransposeTerms(stretched=12, cropped=2, span=4, output_padding=0, output=14)
    """
    conv_transpose_output_size(size, kernel, stride, padding, output_padding, dilation)
    return _terms(int(size), int(kernel), int(stride), int(padding), int(output_padding), int(dilation))


class InputSize(NamedTuple):
    """An input size of a convolution and the ``output_padding`` that gives it back."""

    size: int
    output_padding: int


def conv_input_sizes(size_out, kernel, stride=1, padding=0, dilation=1):
    """Every input size that a convolution maps to ``size_out``, with the output padding that recovers it.

    A convolution with stride ``s`` floors away a remainder, so up to ``s``
    input sizes share one output size. The transposed convolution with the
    same settings maps ``size_out`` to the smallest of them; adding
    ``output_padding`` gives back the others. They are found in closed form:
    with ``full = (size_out - 1)*stride + dilation*(kernel - 1) + 1``, the
    sizes are ``full - 2*padding + a`` for the output paddings
    ``0 <= a < stride`` that leave a size >= 1.

    Parameters
    ----------
    size_out : int
        The convolution's output size, >= 1.
    kernel, stride, padding, dilation : int
        The convolution's settings along one axis (``kernel`` >= 1,
        ``stride`` >= 1, ``padding`` >= 0, ``dilation`` >= 1), ints rather
        than pairs: call it once per axis. ``stride`` is at most
        :data:`MAX_SEARCH` (the list has up to ``stride`` entries).

    Returns
    -------
    list of InputSize
        In increasing order of size; each ``size`` satisfies
        ``conv_output_size(size, ...) == size_out`` and
        ``conv_transpose_output_size(size_out, ..., output_padding) == size``.
        Empty if no input size gives ``size_out`` (the padding removes everything).

    Raises
    ------
    TypeError
        If a parameter is not an int (a pair is refused with a hint to call
        once per axis; bools are refused).
    ValueError
        If a parameter is out of range, ``stride`` is above :data:`MAX_SEARCH`,
        or the largest input size would be longer than :data:`MAX_ELEMENTS`.

    Examples
    --------
    >>> conv_input_sizes(4, 3, stride=2, padding=1)
    [InputSize(size=7, output_padding=0), InputSize(size=8, output_padding=1)]
    >>> conv_input_sizes(4, 3)
    [InputSize(size=6, output_padding=0)]
    >>> conv_input_sizes(1, 1, padding=1)  # every input would need more than the padding
    []
    """
    size_out = check_int(size_out, "size_out", minimum=1, maximum=MAX_ELEMENTS)
    kernel = check_int(kernel, "kernel", minimum=1, maximum=MAX_ELEMENTS)
    stride = check_int(stride, "stride", minimum=1, maximum=MAX_ELEMENTS)
    padding = check_int(padding, "padding", minimum=0, maximum=MAX_ELEMENTS)
    dilation = check_int(dilation, "dilation", minimum=1, maximum=MAX_ELEMENTS)
    if stride > MAX_SEARCH:
        raise ValueError(f"stride must be <= MAX_SEARCH = {MAX_SEARCH} for conv_input_sizes "
                         f"(it lists up to stride input sizes), got {stride}")
    smallest = _terms(size_out, kernel, stride, padding, 0, dilation).output  # output_padding 0
    _check_length(smallest + stride - 1, f"the largest input size {smallest + stride - 1}",
                  "size_out, stride, kernel or dilation", None)
    first = max(0, 1 - smallest)  # the smallest output padding that leaves an input of size >= 1
    return [InputSize(smallest + extra, extra) for extra in range(first, stride)]


class TransposeSetting(NamedTuple):
    """One way for a transposed convolution (dilation 1) to map ``size_in`` to ``size_out``.

    The first four fields are the setting; the last four describe it along
    the axis, for the input size ``n`` it was searched for. Write
    ``k, s, p, a`` for ``kernel, stride, padding, output_padding``; input
    element ``i`` adds its copy of the kernel to the cells ``i*s .. i*s + k - 1``
    of the full (uncropped) output of length ``L = (n-1)*s + k + a``, and the
    output is the cells ``p .. L - p - 1`` of it.

    Attributes
    ----------
    kernel, stride, padding, output_padding : int
        The setting.
    even_overlap : bool
        ``k % s == 0``: every output cell away from the border is reached by
        the same number ``k // s`` of kernel taps. Necessary for an even
        overlap of the copies, but no guarantee against checkerboard
        artifacts: a learned kernel can still weight the taps unevenly.
    cropped_inputs : int
        How many input elements have their whole copy inside the cropped
        border, so that they do not reach the output at all:
        ``max(0, (p - k)//s + 1) + max(0, n + (p - L)//s)`` (top plus bottom).
        Positive exactly when ``padding >= kernel``.
    holes : int
        How many output cells no kernel tap reaches (they hold zero, or the
        bias only): the gaps between copies when ``kernel < stride``, and the
        rows added by an ``output_padding`` larger than ``padding``.
    scale_mismatch : bool
        The stride is not the scale factor: the output size ``m = L - 2p`` is
        a whole stride or more away from ``n*s``, ``|m - n*s| >= s``.
        Equivalently, the padding is half a stride or more away from
        ``(k - s + a)/2``, the one that lines the output up with the input:
        the layer stretches the input by ``s`` and then crops (or extends) it
        by half an input element or more at each end, so that its output does
        not cover the input it came from (for 7 -> 14, kernel 6, stride 3,
        padding 5 covers input positions 0.83 to 5.17 of 0 to 6).

    Notes
    -----
    ``degenerate`` (a property, not a field) is
    ``cropped_inputs > 0 or holes > 0 or scale_mismatch``.
    """

    kernel: int
    stride: int
    padding: int
    output_padding: int
    even_overlap: bool
    cropped_inputs: int
    holes: int
    scale_mismatch: bool

    @property
    def degenerate(self):
        """True if some input is cropped away, some output cell is a hole, or the stride is not the scale."""
        return self.cropped_inputs > 0 or self.holes > 0 or self.scale_mismatch


def _covered(x, size_in, kernel, stride):
    """How many of the full output's cells ``0 .. x-1`` some kernel copy reaches (dilation 1)."""
    if kernel >= stride:  # the copies touch or overlap: one run of cells
        return min(x, _terms(size_in, kernel, stride).output)
    whole, rest = divmod(x, stride)  # copy i covers the first `kernel` cells of period i
    if whole >= size_in:
        return size_in * kernel
    return whole * kernel + min(rest, kernel)


def describe_setting(size_in, kernel, stride, padding, output_padding):
    """The :class:`TransposeSetting` of one transposed convolution along one axis (dilation 1).

    Parameters
    ----------
    size_in, kernel, stride, padding, output_padding : int
        As ``size``, ``kernel``, ... of :func:`conv_transpose_output_size`,
        which checks them (dilation 1).

    Returns
    -------
    TransposeSetting

    Raises
    ------
    TypeError, ValueError
        From :func:`conv_transpose_output_size`.

    Examples
    --------
    >>> describe_setting(7, 4, 2, 1, 0)
    TransposeSetting(kernel=4, stride=2, padding=1, output_padding=0, even_overlap=True, cropped_inputs=0, holes=0, scale_mismatch=False)
    >>> describe_setting(7, 1, 2, 0, 1).holes  # a gap after each of the 7 copies
    7
    >>> describe_setting(7, 2, 2, 3, 1).cropped_inputs  # the first and the last copy are cropped away
    2
    >>> describe_setting(7, 6, 3, 5, 0).scale_mismatch  # 7 -> 14 with stride 3: 21 cells cropped to 14
    True
    """
    size_in = check_int(size_in, "size_in", minimum=1, maximum=MAX_ELEMENTS)
    size_out = conv_transpose_output_size(size_in, kernel, stride, padding, output_padding)
    full = _terms(size_in, kernel, stride, 0, output_padding).output
    top = max(0, (padding - kernel) // stride + 1)
    bottom = max(0, size_in + (padding - full) // stride)
    reached = (_covered(full - padding, size_in, kernel, stride)
               - _covered(padding, size_in, kernel, stride))
    return TransposeSetting(kernel, stride, padding, output_padding, kernel % stride == 0,
                            top + bottom, size_out - reached,
                            abs(size_out - size_in * stride) >= stride)


def _setting_order(setting):
    """The default order of :func:`transpose_settings_for`: non-degenerate first, then stride, kernel, output padding."""
    return setting.degenerate, setting.stride, setting.kernel, setting.output_padding


def transpose_settings_for(size_in, size_out, max_kernel=7, max_stride=4, *, include_degenerate=True):
    """Every (kernel, stride, padding, output_padding) that maps ``size_in`` to ``size_out``.

    Searches kernels ``1..max_kernel``, strides ``1..max_stride`` and output
    paddings ``0..stride-1`` (dilation 1); for each, the padding is the one
    that crops the full output down to ``size_out``, if there is one. The
    kernels that work for a stride and an output padding are found in closed
    form (every other kernel from the smallest one), so the time grows with
    the number of settings found, not with the search range; the range is
    capped by :data:`MAX_SEARCH`.

    Parameters
    ----------
    size_in : int
        Input size, ``1 <= size_in <= MAX_ELEMENTS``.
    size_out : int
        Wanted output size, ``1 <= size_out <= MAX_ELEMENTS``.
    max_kernel : int, default 7
        Largest kernel size tried, >= 1.
    max_stride : int, default 4
        Largest stride tried, >= 1. The search examines
        ``max_kernel * max_stride * (max_stride + 1) / 2`` candidates, at most
        :data:`MAX_SEARCH`.
    include_degenerate : bool, keyword-only, default True
        False leaves out the degenerate settings (``TransposeSetting.degenerate``).

    Returns
    -------
    list of TransposeSetting
        The non-degenerate settings first (no input cropped away, no hole in
        the output, the stride the scale factor), then the degenerate ones; within each group sorted by
        stride, kernel and output padding. Settings whose full (uncropped)
        output would be longer than :data:`MAX_ELEMENTS` are left out, as
        :func:`conv_transpose_output_size` refuses them: for
        ``size_in = size_out = 10**8`` only kernel 1, stride 1 remains.

    Raises
    ------
    TypeError
        If an argument is not an int (bools are refused).
    ValueError
        If a size is out of range, an argument is below 1, or the search
        would examine more than :data:`MAX_SEARCH` candidates (the message
        names the parameter to lower and its limit).

    Examples
    --------
    >>> [s[:4] for s in transpose_settings_for(7, 14) if s.even_overlap and s.stride == 2]
    [(2, 2, 0, 0), (4, 2, 1, 0), (6, 2, 2, 0)]
    >>> transpose_settings_for(32, 64)[0]
    TransposeSetting(kernel=2, stride=2, padding=0, output_padding=0, even_overlap=True, cropped_inputs=0, holes=0, scale_mismatch=False)
    >>> [s[:4] for s in transpose_settings_for(32, 64, max_kernel=4, max_stride=2)]
    [(2, 2, 0, 0), (3, 2, 1, 1), (4, 2, 1, 0), (1, 2, 0, 1)]
    >>> transpose_settings_for(32, 64, max_kernel=4, max_stride=2)[-1].holes
    32
    >>> transpose_settings_for(10**8, 10**8)
    [TransposeSetting(kernel=1, stride=1, padding=0, output_padding=0, even_overlap=True, cropped_inputs=0, holes=0, scale_mismatch=False)]
    """
    size_in = check_int(size_in, "size_in", minimum=1, maximum=MAX_ELEMENTS)
    size_out = check_int(size_out, "size_out", minimum=1, maximum=MAX_ELEMENTS)
    max_kernel = check_int(max_kernel, "max_kernel", minimum=1)
    max_stride = check_int(max_stride, "max_stride", minimum=1)
    if not isinstance(include_degenerate, (bool, np.bool_)):
        raise TypeError(f"include_degenerate must be True or False, got {_shown(include_degenerate)}")
    pairs = max_stride * (max_stride + 1) // 2  # (stride, output_padding) pairs
    if pairs > MAX_SEARCH:
        raise ValueError(f"max_stride must be <= {_largest_stride(MAX_SEARCH)} (the search examines "
                         f"at most MAX_SEARCH = {MAX_SEARCH} candidates), got {max_stride}")
    if max_kernel * pairs > MAX_SEARCH:
        raise ValueError(f"max_kernel must be <= {MAX_SEARCH // pairs} with max_stride={max_stride} "
                         f"(max_kernel * max_stride * (max_stride + 1) / 2 candidates, at most "
                         f"MAX_SEARCH = {MAX_SEARCH}), got {max_kernel}")
    found = []
    for stride in range(1, max_stride + 1):
        for extra in range(stride):
            # the full output (padding 0) grows with the kernel one for one; 2*padding crops it to size_out
            shortest = _terms(size_in, 1, stride, 0, extra).output  # the full output of kernel 1
            smallest = size_out - shortest + 1  # the kernel that needs no padding
            if smallest < 1:  # the next kernel of the same parity that is >= 1
                smallest = 1 if smallest % 2 else 2
            largest = min(max_kernel, MAX_ELEMENTS - shortest + 1)  # a full output within MAX_ELEMENTS
            for kernel in range(smallest, largest + 1, 2):
                padding = (shortest + kernel - 1 - size_out) // 2
                setting = describe_setting(size_in, kernel, stride, padding, extra)
                if include_degenerate or not setting.degenerate:
                    found.append(setting)
    return sorted(found, key=_setting_order)


def _largest_stride(candidates):
    """The largest ``max_stride`` with ``max_stride * (max_stride + 1) / 2 <= candidates``."""
    stride = (math.isqrt(8 * candidates + 1) - 1) // 2
    return stride

