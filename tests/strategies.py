"""Hypothesis strategies shared by the property tests: valid settings along one axis,
arrays with NaN and infinities, values that are not ints, lengths beyond the budget;
and the one check that a call is refused at once, without allocating."""

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


# Anything that is not an int: bools (numpy's too), floats (integral ones too), strings,
# None, containers, numpy scalars and 0-d arrays.
not_ints = st.one_of(
    st.booleans(), st.just(np.bool_(True)), st.floats(allow_nan=True), st.just(2.0), st.just(np.float64(2)),
    st.text(max_size=2), st.none(), st.just([1, 2, 3]), st.just(np.array(2)), st.just(1 + 0j),
)



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
