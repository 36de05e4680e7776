"""Hypothesis strategies shared by the property tests: valid settings along one axis."""

from hypothesis import strategies as st


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
