"""Tests of transconv.ops against MXNet 1.9.1, the seed's numbers and each other.

Inputs are small integers, so float32 MXNet and float64 numpy agree up to
rounding far below the tolerance.
"""
import doctest
import inspect

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import conv_axis, transposed_axis

from transconv import ops
from transconv.ops import conv2d, conv_matrix, conv_transpose2d, corr2d, trans_conv

MANY = settings(max_examples=500, deadline=None)
TOLERANCE = {'rtol': 1e-5, 'atol': 1e-4}


def random_ints(seed, shape):
    """Integers in [-3, 3] as float64: exact in float32 sums of this size."""
    return np.random.default_rng(seed).integers(-3, 4, size=shape).astype(np.float64)


def pair_or_int(h, w):
    """Pass parameters as an int when both axes agree, to test both forms."""
    return h if h == w else (h, w)


# ---------------------------------------------------------------- MXNet references


def mx_conv2d(x, weight, stride, padding, dilation):
    """MXNet's Convolution (no bias) on numpy arrays."""
    out = mx.nd.Convolution(mx.nd.array(x), mx.nd.array(weight), kernel=weight.shape[2:],
                            stride=stride, pad=padding, dilate=dilation,
                            num_filter=weight.shape[0], no_bias=True)
    return out.asnumpy()


def mx_conv_transpose2d(x, weight, stride, padding, output_padding, dilation):
    """MXNet's Deconvolution (no bias) on numpy arrays.

    MXNet on CPU refuses output_padding >= stride, which the contract allows
    when dilation is larger. For those, take MXNet's uncropped output
    (padding 0), add output_padding zero rows/columns at the end, then crop
    padding from each side: the definition of padding and output_padding.
    """
    def deconv(pad, adj):
        out = mx.nd.Deconvolution(mx.nd.array(x), mx.nd.array(weight), kernel=weight.shape[2:],
                                  stride=stride, pad=pad, adj=adj, dilate=dilation,
                                  num_filter=weight.shape[1], no_bias=True)
        return out.asnumpy()

    if all(a < s for a, s in zip(output_padding, stride)):
        return deconv(padding, output_padding)
    (ph, pw), (ah, aw) = padding, output_padding
    full = np.pad(deconv((0, 0), (0, 0)), ((0, 0), (0, 0), (0, ah), (0, aw)))
    return full[:, :, ph: full.shape[2] - ph, pw: full.shape[3] - pw]


def mx_conv2d_input_gradient(x, weight, out_gradient, stride, padding, dilation):
    """Gradient of sum(out_gradient * Convolution(x)) with respect to x: W.T @ out_gradient."""
    x_nd = mx.nd.array(x)
    x_nd.attach_grad()
    with mx.autograd.record():
        out = mx.nd.Convolution(x_nd, mx.nd.array(weight), kernel=weight.shape[2:], stride=stride,
                                pad=padding, dilate=dilation, num_filter=weight.shape[0],
                                no_bias=True)
    out.backward(mx.nd.array(out_gradient))
    return x_nd.grad.asnumpy()


# ---------------------------------------------------------------- strategies


batch, channels = st.integers(1, 3), st.integers(1, 4)
seeds = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------- seed values


SEED_X = [[0, 1], [2, 3]]
SEED_TRANS_CONV = [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
SEED_CONV = [[348, 393], [528, 573]]
SEED_MATRIX = [
    [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0],
    [0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0],
    [0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9],
]


def test_seed_trans_conv():
    np.testing.assert_array_equal(trans_conv(SEED_X, SEED_X), SEED_TRANS_CONV)
    x = np.array(SEED_X).reshape(1, 1, 2, 2)
    np.testing.assert_array_equal(conv_transpose2d(x, x)[0, 0], SEED_TRANS_CONV)


def test_seed_convolution():
    x, k = np.arange(1, 17).reshape(4, 4), np.arange(1, 10).reshape(3, 3)
    np.testing.assert_array_equal(corr2d(x, k), SEED_CONV)
    np.testing.assert_array_equal(conv2d(x[None, None], k[None, None])[0, 0], SEED_CONV)


def test_seed_conv_matrix():
    x, k = np.arange(1, 17).reshape(4, 4), np.arange(1, 10).reshape(3, 3)
    matrix = conv_matrix(k, (4, 4))
    np.testing.assert_array_equal(matrix, SEED_MATRIX)
    np.testing.assert_array_equal(matrix @ x.ravel(), np.ravel(SEED_CONV))


def test_seed_shapes():
    y = conv2d(np.ones((1, 3, 64, 64)), np.ones((10, 3, 4, 4)), stride=2, padding=1)
    assert y.shape == (1, 10, 32, 32)
    assert conv_transpose2d(y, np.ones((10, 3, 4, 4)), stride=2, padding=1).shape == (1, 3, 64, 64)


def test_output_padding_beyond_padding_adds_zero_rows():
    # stride 1, dilation 2, output_padding 1: one extra row and column, nothing lands there
    x, k = np.ones((1, 1, 1, 1)), np.ones((1, 1, 2, 2))
    expected = [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]
    out = conv_transpose2d(x, k, stride=1, output_padding=1, dilation=2)
    np.testing.assert_array_equal(out[0, 0], expected)


def test_dtypes():
    x, w = np.ones((1, 2, 3, 3), np.float32), np.ones((2, 2, 2, 2), np.float32)
    assert conv2d(x, w).dtype == np.float32
    assert conv_transpose2d(x, w).dtype == np.float32
    assert conv_transpose2d(x.astype(np.float64), w).dtype == np.float64
    assert conv_transpose2d(x.astype(np.int64), w.astype(np.int64)).dtype == np.float64
    assert conv_matrix(np.ones((2, 2), np.float32), (3, 3)).dtype == np.float32


def test_float32_matches_mxnet():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 9, 8)).astype(np.float32)
    w = rng.standard_normal((5, 3, 4, 4)).astype(np.float32)
    expected = mx_conv_transpose2d(x, w, (2, 2), (1, 1), (1, 1), (1, 1))
    np.testing.assert_allclose(conv_transpose2d(x, w, 2, 1, 1), expected, rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------- against MXNet


@MANY
@given(batch, channels, channels, conv_axis(), conv_axis(), seeds)
def test_conv2d_matches_mxnet(n, c_in, c_out, axis_h, axis_w, seed):
    (h, kh, sh, ph, dh), (w, kw, sw, pw, dw) = axis_h, axis_w
    x = random_ints(seed, (n, c_in, h, w))
    weight = random_ints(seed + 1, (c_out, c_in, kh, kw))
    expected = mx_conv2d(x, weight, (sh, sw), (ph, pw), (dh, dw))
    got = conv2d(x, weight, stride=pair_or_int(sh, sw), padding=pair_or_int(ph, pw),
                 dilation=pair_or_int(dh, dw))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOLERANCE)


@MANY
@given(batch, channels, channels, transposed_axis(mxnet_only=False), transposed_axis(mxnet_only=False), seeds)
def test_conv_transpose2d_matches_mxnet(n, c_in, c_out, axis_h, axis_w, seed):
    (h, kh, sh, ph, ah, dh), (w, kw, sw, pw, aw, dw) = axis_h, axis_w
    x = random_ints(seed, (n, c_in, h, w))
    weight = random_ints(seed + 1, (c_in, c_out, kh, kw))
    expected = mx_conv_transpose2d(x, weight, (sh, sw), (ph, pw), (ah, aw), (dh, dw))
    got = conv_transpose2d(x, weight, stride=pair_or_int(sh, sw), padding=pair_or_int(ph, pw),
                           output_padding=pair_or_int(ah, aw), dilation=pair_or_int(dh, dw))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOLERANCE)


@MANY
@given(conv_axis(), conv_axis(), seeds)
def test_conv_matrix_is_conv2d_and_its_transpose(axis_h, axis_w, seed):
    (h, kh, sh, ph, dh), (w, kw, sw, pw, dw) = axis_h, axis_w
    stride, padding, dilation = (sh, sw), (ph, pw), (dh, dw)
    kernel = random_ints(seed, (kh, kw))
    x = random_ints(seed + 1, (1, 1, h, w))
    matrix = conv_matrix(kernel, (h, w), stride=stride, padding=padding, dilation=dilation)

    y = mx_conv2d(x, kernel[None, None], stride, padding, dilation)
    assert matrix.shape == (y.size, h * w)
    np.testing.assert_allclose(matrix @ x.ravel(), y.ravel(), **TOLERANCE)

    # W.T is the backward pass of the convolution ...
    out_gradient = random_ints(seed + 2, y.shape)
    x_gradient = mx_conv2d_input_gradient(x, kernel[None, None], out_gradient, stride, padding, dilation)
    transposed = (matrix.T @ out_gradient.ravel()).reshape(1, 1, h, w)
    np.testing.assert_allclose(transposed, x_gradient, **TOLERANCE)

    # ... and the transposed convolution, with the output padding that restores (h, w)
    output_padding = tuple((size + 2 * p - d * (k - 1) - 1) % s
                           for size, k, s, p, d in (axis_h[:5], axis_w[:5]))
    restored = conv_transpose2d(out_gradient, kernel[None, None], stride, padding, output_padding, dilation)
    np.testing.assert_allclose(transposed, restored, **TOLERANCE)


# ---------------------------------------------------------------- teaching loops


@st.composite
def input_and_kernel_shapes(draw):
    """Shapes (H, W) and (h, w) with the kernel no larger than the input."""
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return (h, w), (draw(st.integers(1, h)), draw(st.integers(1, w)))


small_2d = st.tuples(st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=200, deadline=None)
@given(small_2d, small_2d, seeds)
def test_trans_conv_matches_conv_transpose2d(x_shape, k_shape, seed):
    X, K = random_ints(seed, x_shape), random_ints(seed + 1, k_shape)
    expected = conv_transpose2d(X[None, None], K[None, None])[0, 0]
    np.testing.assert_array_equal(trans_conv(X, K), expected)


@settings(max_examples=200, deadline=None)
@given(input_and_kernel_shapes(), seeds)
def test_corr2d_matches_conv2d(shapes, seed):
    X, K = random_ints(seed, shapes[0]), random_ints(seed + 1, shapes[1])
    expected = conv2d(X[None, None], K[None, None])[0, 0]
    np.testing.assert_array_equal(corr2d(X, K), expected)


def test_teaching_loops_stay_short():
    for function in (corr2d, trans_conv):
        code = [line for line in inspect.getsource(function).split('"""')[2].splitlines() if line.strip()]
        assert len(code) <= 8, function.__name__


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("function", [corr2d, trans_conv])
@pytest.mark.parametrize(
    "X, K, error, match",
    [
        (np.ones(3), np.ones((2, 2)), ValueError, r"X must be a 2-D array"),
        (np.ones((3, 3)), np.ones((1, 2, 2)), ValueError, r"K must be a 2-D array"),
        (np.array([["a"]]), np.ones((1, 1)), TypeError, r"X must hold numbers"),
    ],
)
def test_teaching_loops_reject_bad_arrays(function, X, K, error, match):
    with pytest.raises(error, match=match):
        function(X, K)


def test_corr2d_rejects_a_kernel_larger_than_the_input():
    with pytest.raises(ValueError, match=r"K height 3 with dilation=1 spans 3 pixels, more than the padded input 2 .* along the height"):
        corr2d(np.ones((2, 4)), np.ones((3, 3)))


X = np.ones((1, 2, 4, 4))
W_CONV = np.ones((3, 2, 2, 2))   # (C_out, C_in, kh, kw)
W_TRANS = np.ones((2, 3, 2, 2))  # (C_in, C_out, kh, kw)
KERNEL = np.ones((2, 2))

BAD_CALLS = [
    # wrong rank
    (conv2d, (X[0], W_CONV), {}, ValueError, r"x must be a 4-D array \(N, C_in, H, W\), got shape \(2, 4, 4\)"),
    (conv2d, (X, W_CONV[0]), {}, ValueError, r"weight must be a 4-D array \(C_out, C_in, kh, kw\)"),
    (conv_transpose2d, (X[0], W_TRANS), {}, ValueError, r"x must be a 4-D array"),
    (conv_transpose2d, (X, W_TRANS[0]), {}, ValueError, r"weight must be a 4-D array \(C_in, C_out, kh, kw\)"),
    (conv_matrix, (W_CONV, (4, 4)), {}, ValueError, r"kernel must be a 2-D array \(kh, kw\)"),
    # channels
    (conv2d, (X, np.ones((3, 5, 2, 2))), {}, ValueError, r"weight must have 2 input channels .* axis 1"),
    (conv_transpose2d, (X, np.ones((3, 2, 2, 2))), {}, ValueError, r"weight must have 2 input channels .* axis 0"),
    # not numbers
    (conv2d, (X.astype(str), W_CONV), {}, TypeError, r"x must hold numbers"),
    (conv_transpose2d, (X, W_TRANS.astype(object)), {}, TypeError, r"weight must hold numbers"),
    (conv_matrix, ([["a", "b"]], (4, 4)), {}, TypeError, r"kernel must hold numbers"),
    (conv2d, (None, W_CONV), {}, TypeError, r"x must hold numbers"),
    # empty height or width
    (conv2d, (np.ones((1, 2, 0, 4)), W_CONV), {}, ValueError, r"x must have a height and width >= 1"),
    # hyper-parameters
    (conv2d, (X, W_CONV), {'stride': 0}, ValueError, r"stride must be an int >= 1 or a pair of them, got 0"),
    (conv2d, (X, W_CONV), {'dilation': (1, 0)}, ValueError, r"dilation\[1\] \(width\) must be an int >= 1, got 0"),
    (conv2d, (X, W_CONV), {'padding': -1}, ValueError, r"padding must be an int >= 0"),
    (conv2d, (X, W_CONV), {'stride': 1.5}, TypeError, r"stride must be an int"),
    (conv_transpose2d, (X, W_TRANS), {'stride': 0}, ValueError, r"stride must be an int >= 1"),
    (conv_transpose2d, (X, W_TRANS), {'dilation': 0}, ValueError, r"dilation must be an int >= 1"),
    (conv_transpose2d, (X, W_TRANS), {'padding': -2}, ValueError, r"padding must be an int >= 0"),
    (conv_transpose2d, (X, W_TRANS), {'output_padding': -1}, ValueError, r"output_padding must be an int >= 0"),
    (conv_transpose2d, (X, W_TRANS), {'stride': 2, 'output_padding': 2}, ValueError,
     r"output_padding \(height\) must be >= 0 and smaller than stride or dilation \(< max\(2, 1\) = 2\), got 2"),
    (conv_transpose2d, (X, W_TRANS), {'output_padding': 1}, ValueError, r"output_padding .* max\(1, 1\)"),
    (conv_transpose2d, (X, W_TRANS), {'padding': False}, TypeError, r"padding must be an int"),
    (conv_transpose2d, (X, W_TRANS), {'dilation': "1"}, TypeError, r"dilation must be an int"),
    (conv_transpose2d, (X, W_TRANS), {'output_padding': (0, 0.0)}, TypeError, r"output_padding\[1\] \(width\) must be an int"),
    (conv_matrix, (KERNEL, (4, 4)), {'stride': 0}, ValueError, r"stride must be an int >= 1"),
    (conv_matrix, (KERNEL, (4, 0)), {}, ValueError, r"input_shape\[1\] \(width\) must be an int >= 1, got 0"),
    (conv_matrix, (KERNEL, (4.0, 4)), {}, TypeError, r"input_shape\[0\] \(height\) must be an int"),
    # empty outputs
    (conv2d, (X, np.ones((3, 2, 5, 2))), {}, ValueError,
     r"weight height 5 with dilation=1 spans 5 pixels, more than the padded input 4 \+ 2\*padding = 4 along the height"),
    (conv2d, (X, W_CONV), {'dilation': (1, 4)}, ValueError, r"weight width 2 with dilation=4 spans 5"),
    (conv_matrix, (np.ones((1, 4)), (4, 3)), {}, ValueError, r"kernel \(width\) 4 with dilation=1 spans 4 pixels"),
    # full length (4-1)*1 + (2-1) + 1 = 5, so padding may be at most 2
    (conv_transpose2d, (X, W_TRANS), {'padding': 3}, ValueError,
     r"padding \(height\)=3 removes the whole output .*; padding must be <= 2"),
    (conv_transpose2d, (X, W_TRANS), {'padding': (0, 5)}, ValueError, r"padding \(width\)=5 removes the whole output"),
]


@pytest.mark.parametrize("function, args, kwargs, error, message", BAD_CALLS)
def test_bad_inputs_raise_clear_errors(function, args, kwargs, error, message):
    with pytest.raises(error, match=message):
        function(*args, **kwargs)


def test_doctests():
    result = doctest.testmod(ops)
    assert result.attempted > 0 and result.failed == 0
