"""Hypothesis strategies shared by the property tests: valid settings along one axis,
arrays of every dtype (over its whole range, or with NaN and infinities), values that
are not ints, hostile values for any parameter, lengths beyond the budget; and the one
check that a call is refused at once, without allocating."""

import contextlib
import signal
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# The budget of transconv.shapes, written out here so that a test does not take its
# expected limits from the code under test.
MAX_BYTES = 2**30
MAX_ELEMENTS = 10**8
MAX_MULTIPLY_ADDS = 10**9
MAX_LOOP_STEPS = 10**5
MAX_SEARCH = 10**4


@st.composite
def conv_axis(draw):
    """(size, kernel, stride, padding, dilation) for which a convolution has an output."""
    kernel, stride, dilation = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    padding = draw(st.integers(0, 3))
    smallest = max(1, dilation * (kernel - 1) + 1 - 2 * padding)
    size = draw(st.integers(smallest, smallest + 7))
    return size, kernel, stride, padding, dilation


@st.composite
def transposed_axis(draw, mxnet_only=True):
    """(size, kernel, stride, padding, output_padding, dilation) with an output.

    With ``mxnet_only`` the output padding stays below the stride, which is
    what MXNet's Deconvolution accepts on CPU; otherwise below max(stride, dilation).
    """
    size, kernel = draw(st.integers(1, 7)), draw(st.integers(1, 4))
    stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    limit = stride if mxnet_only else max(stride, dilation)
    output_padding = draw(st.integers(0, limit - 1))
    full = (size - 1) * stride + dilation * (kernel - 1) + output_padding + 1
    padding = draw(st.integers(0, min(3, (full - 1) // 2)))
    return size, kernel, stride, padding, output_padding, dilation


# Small integers (exact in float32 sums), zeros (so that 0 * nan and 0 * inf occur), NaN and infinities.
SPECIAL = [-2.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.0, np.nan, np.inf, -np.inf]


def special_arrays(shape, dtype=np.float64):
    """Arrays of ``shape`` whose entries are small integers, zeros, NaN, inf or -inf."""
    return hnp.arrays(dtype, shape, elements=st.sampled_from(SPECIAL))


# Every dtype the ops take: the eight, and bool.
DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.float16, np.float32, np.float64]
dtypes = st.sampled_from(DTYPES)

#: float64 values stay below this magnitude where a test wants no float64 overflow: a product
#: is then below 1e300 and a sum of a few of them far from float64's largest number (1.8e308).
FLOAT64_LIMIT = 1e150


def full_range(dtype):
    """Any finite value of ``dtype``: its extremes, zero, subnormals (float64 up to ``FLOAT64_LIMIT``)."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        return hnp.from_dtype(dtype, min_value=-FLOAT64_LIMIT, max_value=FLOAT64_LIMIT, allow_nan=False)
    return hnp.from_dtype(dtype, allow_nan=False, allow_infinity=False)


def numbers(dtype, shape, special=False):
    """Arrays of ``shape`` and ``dtype`` over its whole finite range; with ``special``, float
    arrays also hold NaN, infinities and the zeros that meet them (``SPECIAL``)."""
    elements = full_range(dtype)
    if special and np.dtype(dtype).kind == "f":
        elements = st.sampled_from(SPECIAL) | elements
    return hnp.arrays(dtype, shape, elements=elements)


# Anything that is not an int: bools (numpy's too), floats (integral ones too), strings,
# None, containers, numpy scalars and 0-d arrays.
not_ints = st.one_of(
    st.booleans(), st.just(np.bool_(True)), st.floats(allow_nan=True), st.just(2.0), st.just(np.float64(2)),
    st.text(max_size=2), st.none(), st.just([1, 2, 3]), st.just(np.array(2)), st.just(1 + 0j),
)


# Values that no parameter of transconv.ops or transconv.shapes wants, or only some do: None,
# NaN, huge and negative numbers, strings, ragged and nested lists, sets of strings (whose
# order depends on PYTHONHASHSEED), dicts, an object whose repr shows its address, arrays.
HOSTILE = [
    None, float("nan"), float("inf"), -1, 0, 10**30, -(10**30), 2.5, True, np.bool_(False), 1j,
    "3", b"3", [1, 2, 3], [[1, 2], [3]], [[1, 2], 3], [[1, "a"]], {"a", "b", "c"}, frozenset({"x", "y"}),
    {"stride": 1}, (), (1, 2, 3), object(), np.float64("nan"), np.int64(2**62), np.array([[1, 2], [3, 4]]),
    np.ones((1, 1, 2, 2), np.complex64), np.array(7), np.ones((1, 1, 0, 2)),
]
hostile = st.sampled_from(HOSTILE)


@contextlib.contextmanager
def alarm(seconds):
    """Raise TimeoutError in the block after ``seconds`` of CPU time (so a call that should be
    refused cannot run on); CPU time, so that a loaded machine does not make it fire."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def refused_without_allocating(call, *args, **kwargs):
    """Call, expect a ValueError, and return its message.

    Fails if the call allocated 1 MiB or more (traced by tracemalloc, which
    sees numpy's arrays) or took 0.5 s of CPU time; a call that runs on is
    stopped after 2 s of CPU time. (CPU time, not wall time: the machine is shared.)
    """
    tracemalloc.start()
    start = time.process_time()
    try:
        with alarm(2), pytest.raises(ValueError) as info:
            call(*args, **kwargs)
    finally:
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 2**20, f"{call.__name__} allocated {peak} bytes before refusing: {info.value}"
    assert elapsed < 0.5, f"{call.__name__} took {elapsed:.2f} s of CPU time to refuse"
    return str(info.value)


def valid_calls():
    """Every public function of transconv.ops and transconv.shapes with valid keyword arguments,
    and for each parameter the words of which a message about it names one (the parameter, or
    for a validator the name it was given)."""
    from transconv import ops, shapes

    x, w_conv, w_trans = np.ones((1, 2, 4, 4)), np.ones((3, 2, 2, 2)), np.ones((2, 3, 2, 2))
    part = shapes.MemoryPart("the output", (2, 2), 8, "padding")
    calls = [
        (ops.conv2d, dict(x=x, weight=w_conv, stride=1, padding=0, dilation=1)),
        (ops.conv_transpose2d, dict(x=x, weight=w_trans, stride=2, padding=0, output_padding=1, dilation=1)),
        (ops.conv_matrix, dict(kernel=np.ones((2, 2)), input_shape=(4, 4), stride=1, padding=0, dilation=1)),
        (ops.corr2d, dict(X=np.ones((3, 3)), K=np.ones((2, 2)))),
        (ops.trans_conv, dict(X=np.ones((3, 3)), K=np.ones((2, 2)))),
        (shapes.as_pair, dict(value=2, name="stride", minimum=1, maximum=None)),
        (shapes.check_array, dict(array=np.ones((2, 2)), name="K", ndim=2, layout="(h, w)")),
        (shapes.check_arrays, dict(X=np.ones((3, 3)), K=np.ones((2, 2)), transposed=False)),
        (shapes.check_budget, dict(count=10, what="the output", remedy="padding", limit=100, unit="elements")),
        (shapes.check_channels, dict(weight=w_conv, axis=1, channels=2, layout="(C_out, C_in, kh, kw)")),
        (shapes.check_conv_params, dict(stride=1, padding=0, dilation=1, output_padding=0)),
        (shapes.check_int, dict(value=3, name="size", minimum=1, maximum=None)),
        (shapes.check_memory, dict(parts=[part], operation="conv2d")),
        (shapes.check_output_padding, dict(output_padding=1, stride=2, dilation=1, axis=None)),
        (shapes.conv_input_sizes, dict(size_out=4, kernel=3, stride=2, padding=1, dilation=1)),
        (shapes.conv_output_size, dict(size=4, kernel=3, stride=1, padding=0, dilation=1, kernel_name="kernel",
                                       axis=None)),
        (shapes.conv_transpose_output_size, dict(size=4, kernel=3, stride=2, padding=1, output_padding=1,
                                                 dilation=1, kernel_name="kernel", axis=None)),
        (shapes.describe_setting, dict(size_in=7, kernel=4, stride=2, padding=1, output_padding=0)),
        (shapes.transpose_settings_for, dict(size_in=7, size_out=14, max_kernel=7, max_stride=4,
                                             include_degenerate=True)),
        (shapes.transpose_terms, dict(size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1)),
    ]
    # a validator's message about a value names what it checks: the name or description it was given
    named_by_value = {"value": ["size", "stride"], "array": ["K"], "ndim": ["K"], "minimum": ["size", "stride"],
                      "maximum": ["size", "stride"], "count": ["the output"], "limit": ["the output"],
                      "channels": ["weight"]}
    return [(function, kwargs, {name: [name] + named_by_value.get(name, []) for name in kwargs})
            for function, kwargs in calls]


def call_with(function, kwargs, name, value):
    """Call ``function(**kwargs)`` with ``name`` set to ``value``; return the error's type and message
    (None, None if it returned), failing on any warning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            function(**{**kwargs, name: value})
        except (TypeError, ValueError) as error:
            return type(error).__name__, str(error)
    return None, None


def hostile_messages(extra=()):
    """Every message of ``call_with`` for every public function, parameter and hostile value."""
    lines = []
    for function, kwargs, _ in valid_calls():
        for name in kwargs:
            for index, value in enumerate(HOSTILE + list(extra)):
                kind, message = call_with(function, kwargs, name, value)
                lines.append(f"{function.__name__} {name} {index}: {kind}: {message}")
    return lines
