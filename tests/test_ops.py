"""Tests of transconv.ops against MXNet 1.9.1, the seed's numbers and each other.

Inputs are small integers, so float32 MXNet and float64 numpy agree up to
rounding far below the tolerance.
"""
import doctest
import inspect
import re
import time

import mxnet as mx
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import (
    MAX_ELEMENTS,
    MAX_LOOP_STEPS,
    MAX_MULTIPLY_ADDS,
    conv_axis,
    not_ints,
    refused_without_allocating,
    special_arrays,
    transposed_axis,
)

from transconv import ops
from transconv.ops import conv2d, conv_matrix, conv_transpose2d, corr2d, trans_conv

MANY = settings(max_examples=300, deadline=None)
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
    (conv2d, (None, W_CONV), {}, TypeError, r"x must be an array of numbers \(N, C_in, H, W\) .*, got None"),
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


# ---------------------------------------------------------------- NaN and infinity (IEEE semantics)


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_a_zero_tap_keeps_nan_with_one_channel():
    # the issue's case: numpy's dot took the 1x1 weight as a scalar (BLAS axpy skips a zero factor)
    x = np.ones((1, 1, 5, 5))
    x[0, 0, 0, 0] = np.nan
    k = np.ones((1, 1, 3, 3))
    k[0, 0, 0, 0] = 0
    out = conv2d(x, k)
    assert np.isnan(out[0, 0, 0, 0]) and np.sum(np.isnan(out)) == 1
    assert np.isnan(corr2d(x[0, 0], k[0, 0])[0, 0])
    # and the transposed way: one input pixel, one 1x1 zero kernel
    assert np.isnan(conv_transpose2d(np.full((1, 1, 1, 1), np.inf), np.zeros((1, 1, 1, 1)))[0, 0, 0, 0])
    assert np.isnan(conv_transpose2d(np.zeros((1, 1, 1, 1)), np.full((1, 1, 2, 2), np.nan))).all()


@pytest.mark.filterwarnings("ignore:invalid value encountered")  # the teaching loops warn; the result is right
@settings(max_examples=150, deadline=None)
@given(st.data(), input_and_kernel_shapes())
def test_conv2d_keeps_nan_and_inf_like_corr2d(data, shapes):
    X, K = data.draw(special_arrays(shapes[0])), data.draw(special_arrays(shapes[1]))
    np.testing.assert_array_equal(conv2d(X[None, None], K[None, None])[0, 0], corr2d(X, K))


@pytest.mark.filterwarnings("ignore:invalid value encountered")
@settings(max_examples=150, deadline=None)
@given(st.data(), small_2d, small_2d)
def test_conv_transpose2d_keeps_nan_and_inf_like_trans_conv(data, x_shape, k_shape):
    X, K = data.draw(special_arrays(x_shape)), data.draw(special_arrays(k_shape))
    np.testing.assert_array_equal(conv_transpose2d(X[None, None], K[None, None])[0, 0], trans_conv(X, K))


@settings(max_examples=150, deadline=None)
@given(st.data(), batch, channels, channels, conv_axis(), conv_axis())
def test_conv2d_keeps_nan_and_inf_like_mxnet(data, n, c_in, c_out, axis_h, axis_w):
    (h, kh, sh, ph, dh), (w, kw, sw, pw, dw) = axis_h, axis_w
    x = data.draw(special_arrays((n, c_in, h, w), np.float32))
    weight = data.draw(special_arrays((c_out, c_in, kh, kw), np.float32))
    expected = mx_conv2d(x, weight, (sh, sw), (ph, pw), (dh, dw))
    got = conv2d(x, weight, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
    np.testing.assert_array_equal(got, expected)  # NaN where NaN, the same infinities, exact sums


@settings(max_examples=150, deadline=None)
@given(st.data(), batch, channels, channels, transposed_axis(mxnet_only=False),
       transposed_axis(mxnet_only=False))
def test_conv_transpose2d_keeps_nan_and_inf_like_mxnet(data, n, c_in, c_out, axis_h, axis_w):
    (h, kh, sh, ph, ah, dh), (w, kw, sw, pw, aw, dw) = axis_h, axis_w
    x = data.draw(special_arrays((n, c_in, h, w), np.float32))
    weight = data.draw(special_arrays((c_in, c_out, kh, kw), np.float32))
    expected = mx_conv_transpose2d(x, weight, (sh, sw), (ph, pw), (ah, aw), (dh, dw))
    got = conv_transpose2d(x, weight, stride=(sh, sw), padding=(ph, pw), output_padding=(ah, aw),
                           dilation=(dh, dw))
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("c_in, c_out", [(1, 1), (1, 3), (2, 1), (3, 2)])
def test_kernels_larger_than_the_output_match_mxnet(c_in, c_out):
    # fewer output pixels than taps: conv2d loops over the output pixels instead of the taps
    rng = np.random.default_rng(c_in * 10 + c_out)
    x = rng.integers(-3, 4, (2, c_in, 6, 7)).astype(np.float32)
    weight = rng.integers(-3, 4, (c_out, c_in, 5, 6)).astype(np.float32)
    x[0, 0, 2, 3], weight[0, 0, 0, 0] = np.nan, np.inf
    np.testing.assert_array_equal(conv2d(x, weight, padding=1), mx_conv2d(x, weight, (1, 1), (1, 1), (1, 1)))
    # fewer input pixels than taps: conv_transpose2d scatters one pixel's kernel copy at a time
    x_small = x[:, :, :2, :2]
    weight_t = rng.integers(-3, 4, (c_in, c_out, 4, 5)).astype(np.float32)
    weight_t[0, 0, 1, 1] = -np.inf
    np.testing.assert_array_equal(conv_transpose2d(x_small, weight_t, stride=2, padding=1, dilation=2),
                                  mx_conv_transpose2d(x_small, weight_t, (2, 2), (1, 1), (0, 0), (2, 2)))


# ---------------------------------------------------------------- MXNet NDArrays


def test_ndarrays_are_converted_at_once():
    rng = np.random.default_rng(7)
    x, w = rng.standard_normal((1, 2, 64, 64)), rng.standard_normal((3, 2, 3, 3))
    start = time.process_time()
    got = conv2d(mx.nd.array(x, dtype="float64"), mx.nd.array(w, dtype="float64"))
    assert time.process_time() - start < 0.5  # np.asarray(NDArray) walked it element by element: 2 s
    np.testing.assert_array_equal(got, conv2d(x, w))
    w_t = w.transpose(1, 0, 2, 3)
    np.testing.assert_array_equal(conv_transpose2d(mx.nd.array(x, dtype="float64"), w_t), conv_transpose2d(x, w_t))
    np.testing.assert_array_equal(corr2d(mx.nd.array(x[0, 0]), mx.nd.ones((3, 3))),
                                  corr2d(x[0, 0].astype(np.float32), np.ones((3, 3), np.float32)))
    np.testing.assert_array_equal(trans_conv(mx.nd.ones((2, 2)), [[1]]), np.ones((2, 2)))
    np.testing.assert_array_equal(conv_matrix(mx.nd.ones((2, 2)), 3), conv_matrix(np.ones((2, 2), np.float32), 3))


# ---------------------------------------------------------------- the budget


def big(shape):
    """An array of ``shape`` that takes no memory (every element is the same 1.0)."""
    return np.broadcast_to(np.float64(1.0), shape)


ISSUE_CASES = [  # issue 13's extreme values, and the like
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": 10**5}, r"padded input .* MAX_ELEMENTS = 100000000; lower padding"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": 10**9}, r"padding must be .*<= 100000000 \(MAX_ELEMENTS"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": 10**30, "padding": 10**30}, r"padding must be .*MAX_ELEMENTS"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": (10**4, 10**5)}, r"padded input"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": 10**9}, r"dilation must be .*MAX_ELEMENTS"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": (1, 10**7)}, r"uncropped output .*MAX_ELEMENTS"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"stride": (10**8, 1)},
     r"full output .* along the height, more than MAX_ELEMENTS = 100000000; lower size or stride \(height\)"),
    (conv_transpose2d, (big((1, 1, 1, 10**6)), big((1, 1, 1, 10**6))), {}, r"products of every input pixel"),
    (conv_transpose2d, (big((1, 1, 1, 1)), big((1, 10**5, 100, 100))), {}, r"weight .* MAX_ELEMENTS"),
    (conv_transpose2d, (big((1, 1000, 100, 100)), big((1000, 100, 2, 2))), {},
     r"4000000000 multiply-adds, more than MAX_MULTIPLY_ADDS = 1000000000"),
    (conv2d, (big((1, 1, 10**5, 10**5)), big((1, 1, 1, 1))), {}, r"x \(N, C_in, H, W\) of shape .* MAX_ELEMENTS"),
    (conv2d, (big((1, 64, 64, 64)), big((64, 64, 16, 16))), {}, r"multiply-adds, more than MAX_MULTIPLY_ADDS = 1000000000"),
    (conv2d, (big((1, 1, 1, 200000)), big((1000, 1, 1, 1))), {}, r"the output .* MAX_ELEMENTS"),
    (conv_matrix, ([[1.0]], (200, 200)), {}, r"matrix W .* 1600000000 elements, more than MAX_ELEMENTS"),
    (conv_matrix, ([[1.0]], (1, 10**9)), {}, r"input_shape\[1\] \(width\) must be .*MAX_ELEMENTS"),
    (conv_matrix, (big((400, 400)), (400, 400)), {}, r"kernel's taps would have 160000 steps, more than MAX_LOOP_STEPS"),
    (corr2d, (big((1, 10**6)), big((1, 5 * 10**5))), {}, r"loop over the output .* MAX_LOOP_STEPS = 100000"),
    (corr2d, (big((300, 300)), big((200, 200))), {}, r"products, more than MAX_ELEMENTS"),
    (trans_conv, (big((1, 10**6)), big((1, 10**6))), {}, r"loop over the input .* MAX_LOOP_STEPS"),
]


@pytest.mark.parametrize("function, args, kwargs, message", ISSUE_CASES)
def test_extreme_inputs_are_refused_at_once(function, args, kwargs, message):
    assert re.search(message, refused_without_allocating(function, *args, **kwargs))


BUDGET_SEARCH = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def up_to(data, limit):
    """A count from 1 to ``limit`` (at least 1), small or large."""
    limit = max(1, limit)
    return data.draw(st.integers(1, limit) | st.integers(1, min(limit, 4)))


@BUDGET_SEARCH
@given(st.data(), st.integers(0, 10**6) | st.integers(0, 3), st.integers(1, 3), st.integers(1, 3))
def test_conv2d_refuses_what_exceeds_the_budget(data, padding, stride, dilation):
    # x and weight within the budget (they are refused by name otherwise), anything else may exceed it
    h = up_to(data, 10**6)
    w = up_to(data, min(10**6, MAX_ELEMENTS // h))
    n = up_to(data, min(10**4, MAX_ELEMENTS // (h * w)))
    c_in = up_to(data, min(10**4, MAX_ELEMENTS // (n * h * w)))
    kh = up_to(data, (h + 2 * padding - 1) // dilation + 1)  # the kernel fits the padded input
    kw = up_to(data, min((w + 2 * padding - 1) // dilation + 1, MAX_ELEMENTS // (c_in * kh)))
    c_out = up_to(data, min(10**4, MAX_ELEMENTS // (c_in * kh * kw)))
    out_h = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    out_w = (w + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    elements = [n * c_in * (h + 2 * padding) * (w + 2 * padding), n * c_out * out_h * out_w]
    work = n * c_in * c_out * out_h * out_w * kh * kw
    assume(max(elements) > MAX_ELEMENTS or work > MAX_MULTIPLY_ADDS)
    message = refused_without_allocating(conv2d, big((n, c_in, h, w)), big((c_out, c_in, kh, kw)),
                                         stride=stride, padding=padding, dilation=dilation)
    assert re.search(r"MAX_ELEMENTS = 100000000|MAX_MULTIPLY_ADDS = 1000000000", message)


@BUDGET_SEARCH
@given(st.data(), st.integers(1, 10**5) | st.integers(1, 3), st.integers(1, 3))
def test_conv_transpose2d_refuses_what_exceeds_the_budget(data, stride, dilation):
    h = up_to(data, 10**6)
    w = up_to(data, min(10**6, MAX_ELEMENTS // h))
    n = up_to(data, min(10**4, MAX_ELEMENTS // (h * w)))
    c_in = up_to(data, min(10**4, MAX_ELEMENTS // (n * h * w)))
    kh = up_to(data, min(10**4, MAX_ELEMENTS // c_in))
    kw = up_to(data, min(10**4, MAX_ELEMENTS // (c_in * kh)))
    c_out = up_to(data, min(10**4, MAX_ELEMENTS // (c_in * kh * kw)))
    padding = data.draw(st.integers(0, (min(kh, kw) - 1) // 2))  # never crops the whole output
    full_h, full_w = (h - 1) * stride + dilation * (kh - 1) + 1, (w - 1) * stride + dilation * (kw - 1) + 1
    products = c_out * kh * kw * n * h * w
    assume(max(products, c_out * n * full_h * full_w) > MAX_ELEMENTS or products * c_in > MAX_MULTIPLY_ADDS)
    message = refused_without_allocating(conv_transpose2d, big((n, c_in, h, w)), big((c_in, c_out, kh, kw)),
                                         stride=stride, padding=padding, dilation=dilation)
    assert re.search(r"MAX_ELEMENTS = 100000000|MAX_MULTIPLY_ADDS = 1000000000", message)


@BUDGET_SEARCH
@given(st.data(), st.integers(0, 10**3) | st.integers(0, 2), st.integers(1, 4))
def test_conv_matrix_refuses_what_exceeds_the_budget(data, padding, stride):
    h, w = up_to(data, 10**6), up_to(data, 10**6)
    kh = up_to(data, h + 2 * padding)
    kw = up_to(data, min(w + 2 * padding, MAX_ELEMENTS // kh))
    out = ((h + 2 * padding - kh) // stride + 1) * ((w + 2 * padding - kw) // stride + 1)
    assume(out * h * w > MAX_ELEMENTS or kh * kw > MAX_LOOP_STEPS or kh * kw * out > MAX_ELEMENTS)
    message = refused_without_allocating(conv_matrix, big((kh, kw)), (h, w), stride=stride, padding=padding)
    assert re.search(r"MAX_ELEMENTS = 100000000|MAX_LOOP_STEPS = 100000", message)


@BUDGET_SEARCH
@given(st.data(), st.booleans())
def test_teaching_loops_refuse_what_exceeds_the_budget(data, transposed):
    H = up_to(data, 10**6)
    W = up_to(data, min(10**6, MAX_ELEMENTS // H))
    h = up_to(data, 10**4 if transposed else H)
    w = up_to(data, min(10**4 if transposed else W, MAX_ELEMENTS // h))
    steps = H * W if transposed else (H - h + 1) * (W - w + 1)
    out = (H + h - 1) * (W + w - 1) if transposed else steps
    assume(steps > MAX_LOOP_STEPS or steps * h * w > MAX_ELEMENTS or out > MAX_ELEMENTS)
    function = trans_conv if transposed else corr2d
    message = refused_without_allocating(function, big((H, W)), big((h, w)))
    assert re.search(r"MAX_ELEMENTS = 100000000|MAX_LOOP_STEPS = 100000", message)


def test_the_largest_teaching_loop_runs_in_about_a_second():
    # 316 * 316 = 99856 steps, just within MAX_LOOP_STEPS
    start = time.process_time()
    assert corr2d(np.ones((316, 316)), np.ones((1, 1))).shape == (316, 316)
    assert time.process_time() - start < 5


# ---------------------------------------------------------------- ints, bools and axes


HYPER_PARAMETERS = [
    (conv2d, (X, W_CONV), ["stride", "padding", "dilation"]),
    (conv_transpose2d, (X, W_TRANS), ["stride", "padding", "output_padding", "dilation"]),
    (conv_matrix, (KERNEL, (4, 4)), ["stride", "padding", "dilation"]),
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HYPER_PARAMETERS), st.data(), not_ints, st.booleans())
def test_hyper_parameters_must_be_ints_and_errors_name_them(case, data, value, in_pair):
    function, args, names = case
    name = data.draw(st.sampled_from(names))
    # a bad value alone, or as the width of a pair whose height is fine
    with pytest.raises(TypeError) as info:
        function(*args, **{name: (0 if name in ("padding", "output_padding") else 1, value) if in_pair else value})
    expected = rf"^{name}\[1\] \(width\) must be an int" if in_pair else rf"^{name} must be an int"
    assert re.search(expected, str(info.value)), str(info.value)


@pytest.mark.parametrize("function, args, kwargs, error, message", [
    (conv_transpose2d, (np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2))), {"stride": (4, 1), "output_padding": (0, 1)},
     ValueError, r"^output_padding \(width\) must be .*\(< max\(1, 1\) = 1\), got 1"),
    (conv_transpose2d, (np.ones((1, 1, 1, 1)), np.ones((1, 1, 1, 1))), {"stride": (4, 1), "padding": (0, 1)},
     ValueError, r"^padding \(width\)=1 removes the whole output"),
    (conv2d, (np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2))), {"stride": (4, 0)},
     ValueError, r"^stride\[1\] \(width\) must be an int >= 1, got 0 \(stride=\(4, 0\)\)"),
    (conv2d, (np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2))), {"stride": True},
     TypeError, r"^stride must be an int >= 1 or a pair of them, got True"),
    (conv_matrix, (np.ones((2, 2)), (4, True)), {}, TypeError, r"^input_shape\[1\] \(width\) must be an int"),
])
def test_errors_name_the_axis(function, args, kwargs, error, message):
    with pytest.raises(error, match=message):
        function(*args, **kwargs)
