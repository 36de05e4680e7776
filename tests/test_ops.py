"""Tests of transconv.ops against MXNet 1.9.1, the seed's numbers, exact arithmetic and each other.

Against MXNet, inputs are small integers, so float32 MXNet and float64 numpy
agree up to rounding far below the tolerance. Against exact rational
arithmetic (``fractions.Fraction``), inputs of every dtype span their whole
range, and the error must stay within the bound that ``transconv.ops``
documents ("Number types"); integer inputs must give the exact integers.
"""
import contextlib
import inspect
import math
import re
import time
import tracemalloc
import warnings
from fractions import Fraction

import mxnet as mx
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import (
    DTYPES,
    MAX_BYTES,
    MAX_ELEMENTS,
    MAX_LOOP_STEPS,
    MAX_MULTIPLY_ADDS,
    conv_axis,
    dtypes,
    not_ints,
    numbers,
    refused_without_allocating,
    special_arrays,
    transposed_axis,
)
from suite import cases

from transconv import ops, shapes
from transconv.ops import conv2d, conv_matrix, conv_transpose2d, corr2d, trans_conv

MANY = settings(max_examples=cases(300), deadline=None)
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


@pytest.mark.parametrize("x_dtype", DTYPES)
@pytest.mark.parametrize("w_dtype", DTYPES)
def test_dtypes(x_dtype, w_dtype):
    # float32 in, float32 out (the chapter's NDArrays); float64 for every other mix
    x, w = np.ones((1, 2, 3, 3), x_dtype), np.ones((2, 2, 2, 2), w_dtype)
    expected = np.float32 if x_dtype == w_dtype == np.float32 else np.float64
    assert conv2d(x, w).dtype == expected
    assert conv_transpose2d(x, w).dtype == expected
    assert corr2d(x[0, 0], w[0, 0]).dtype == trans_conv(x[0, 0], w[0, 0]).dtype == np.float64


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


@settings(max_examples=cases(200), deadline=None)
@given(small_2d, small_2d, seeds)
def test_trans_conv_matches_conv_transpose2d(x_shape, k_shape, seed):
    X, K = random_ints(seed, x_shape), random_ints(seed + 1, k_shape)
    expected = conv_transpose2d(X[None, None], K[None, None])[0, 0]
    np.testing.assert_array_equal(trans_conv(X, K), expected)


@settings(max_examples=cases(200), deadline=None)
@given(input_and_kernel_shapes(), seeds)
def test_corr2d_matches_conv2d(shapes, seed):
    X, K = random_ints(seed, shapes[0]), random_ints(seed + 1, shapes[1])
    expected = conv2d(X[None, None], K[None, None])[0, 0]
    np.testing.assert_array_equal(corr2d(X, K), expected)


def test_teaching_loops_stay_short():
    for function in (corr2d, trans_conv):
        code = [line for line in inspect.getsource(function).split('"""')[2].splitlines() if line.strip()]
        assert len(code) <= 8, function.__name__


# ---------------------------------------------------------------- exact for every dtype


def exact(value):
    """A numpy scalar as an exact rational (a Python int or float is exact), or the float NaN/inf it is."""
    value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return Fraction(value)


def times(a, b):
    """The exact product, with IEEE's rules when NaN or an infinity is a factor (0 * inf is NaN)."""
    if isinstance(a, float) or isinstance(b, float):
        return float(a) * float(b)
    return a * b


def ieee_sum(terms):
    """(the exact sum, with IEEE's NaN and infinity rules; the sum of the terms' magnitudes; their number)."""
    specials = [t for t in terms if isinstance(t, float)]
    if any(math.isnan(t) for t in specials) or (math.inf in specials and -math.inf in specials):
        return math.nan, 0, len(terms)
    if specials:
        return specials[0], 0, len(terms)
    return sum(terms, Fraction(0)), sum((abs(t) for t in terms), Fraction(0)), len(terms)


def exact_conv2d(x, weight, stride, padding, dilation):
    """conv2d by its definition, term by term, in exact arithmetic: an object array of ieee_sum triples."""
    (n, c_in, h, w), (c_out, _, kh, kw) = x.shape, weight.shape
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    out_h, out_w = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    out = np.empty((n, c_out, out_h, out_w), object)
    for b, o, r, c in np.ndindex(out.shape):
        terms = []
        for ci, i, j in np.ndindex(c_in, kh, kw):
            row, col = r * sh + i * dh - ph, c * sw + j * dw - pw
            inside = 0 <= row < h and 0 <= col < w
            terms.append(times(exact(x[b, ci, row, col]) if inside else Fraction(0), exact(weight[o, ci, i, j])))
        out[b, o, r, c] = ieee_sum(terms)
    return out


def exact_conv_transpose2d(x, weight, stride, padding, output_padding, dilation):
    """conv_transpose2d by its definition (scatter, then crop), in exact arithmetic."""
    (n, c_in, h, w), (_, c_out, kh, kw) = x.shape, weight.shape
    (sh, sw), (ph, pw), (ah, aw), (dh, dw) = stride, padding, output_padding, dilation
    full_h, full_w = (h - 1) * sh + dh * (kh - 1) + 1 + ah, (w - 1) * sw + dw * (kw - 1) + 1 + aw
    terms = {}
    for b, ci, r, c, o, i, j in np.ndindex(n, c_in, h, w, c_out, kh, kw):
        terms.setdefault((b, o, r * sh + i * dh, c * sw + j * dw), []).append(
            times(exact(x[b, ci, r, c]), exact(weight[ci, o, i, j])))
    out = np.empty((n, c_out, full_h - 2 * ph, full_w - 2 * pw), object)
    for b, o, r, c in np.ndindex(out.shape):
        out[b, o, r, c] = ieee_sum(terms.get((b, o, r + ph, c + pw), []))
    return out


FLOAT32_MAX = Fraction(float(np.finfo(np.float32).max))


def assert_within_the_documented_bound(got, expected, integers):
    """Every element of ``got`` is NaN/inf where IEEE arithmetic says so, the exact integer where
    ``integers`` and every partial sum stays below 2**53, and otherwise within
    ``(m + 2) * u * sum(|terms|)`` of the exact sum (plus the underflow of m + 1 roundings)."""
    single = got.dtype == np.float32
    u, tiny = (Fraction(2) ** -24, Fraction(2) ** -149) if single else (Fraction(2) ** -53, Fraction(2) ** -1074)
    assert got.shape == expected.shape
    for index in np.ndindex(got.shape):
        value, magnitude, m = expected[index]
        computed = got[index].item()
        if isinstance(value, float):  # NaN or an infinity
            assert (math.isnan(value) and math.isnan(computed)) or computed == value, (index, computed, value)
            continue
        if integers and magnitude < 2**53:
            assert computed == value, (index, computed, value)
            continue
        bound = (m + 2) * u * magnitude + (m + 1) * tiny
        if single and abs(value) + bound >= FLOAT32_MAX and math.isinf(computed):
            assert (computed > 0) == (value > 0), (index, computed, value)  # rounds to float32's infinity
            continue
        assert math.isfinite(computed) and abs(Fraction(computed) - value) <= bound, (index, computed, value)


def integer_inputs(*arrays):
    return all(a.dtype.kind in "biu" for a in arrays)


def expected_dtype(*arrays):
    return np.float32 if all(a.dtype == np.float32 for a in arrays) else np.float64


EXACT = settings(max_examples=cases(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXACT
@given(st.data(), dtypes, dtypes, st.integers(1, 2), st.integers(1, 2), st.integers(1, 2), conv_axis(),
       conv_axis(), st.booleans())
def test_conv2d_is_exact_for_every_dtype(data, x_dtype, w_dtype, n, c_in, c_out, axis_h, axis_w, special):
    (h, kh, sh, ph, dh), (w, kw, sw, pw, dw) = axis_h, axis_w
    x = data.draw(numbers(x_dtype, (n, c_in, h, w), special))
    weight = data.draw(numbers(w_dtype, (c_out, c_in, kh, kw), special))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NaN, inf and overflow are results, not warnings
        got = conv2d(x, weight, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
    assert got.dtype == expected_dtype(x, weight)
    expected = exact_conv2d(x, weight, (sh, sw), (ph, pw), (dh, dw))
    assert_within_the_documented_bound(got, expected, integer_inputs(x, weight))


@EXACT
@given(st.data(), dtypes, dtypes, st.integers(1, 2), st.integers(1, 2), st.integers(1, 2),
       transposed_axis(mxnet_only=False), transposed_axis(mxnet_only=False), st.booleans())
def test_conv_transpose2d_is_exact_for_every_dtype(data, x_dtype, w_dtype, n, c_in, c_out, axis_h, axis_w, special):
    (h, kh, sh, ph, ah, dh), (w, kw, sw, pw, aw, dw) = axis_h, axis_w
    x = data.draw(numbers(x_dtype, (n, c_in, h, w), special))
    weight = data.draw(numbers(w_dtype, (c_in, c_out, kh, kw), special))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = conv_transpose2d(x, weight, stride=(sh, sw), padding=(ph, pw), output_padding=(ah, aw),
                               dilation=(dh, dw))
    assert got.dtype == expected_dtype(x, weight)
    expected = exact_conv_transpose2d(x, weight, (sh, sw), (ph, pw), (ah, aw), (dh, dw))
    assert_within_the_documented_bound(got, expected, integer_inputs(x, weight))


@EXACT
@given(st.data(), dtypes, dtypes, st.booleans(), st.booleans())
def test_teaching_loops_are_exact_for_every_dtype(data, x_dtype, k_dtype, transposed, special):
    H, W = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))
    h, w = data.draw(st.integers(1, 4 if transposed else H)), data.draw(st.integers(1, 4 if transposed else W))
    X, K = data.draw(numbers(x_dtype, (H, W), special)), data.draw(numbers(k_dtype, (h, w), special))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = trans_conv(X, K) if transposed else corr2d(X, K)
    assert got.dtype == np.float64  # the loops sum in float64, whatever their inputs
    one, none = (1, 1), (0, 0)  # stride and dilation 1, no padding or output padding
    if transposed:
        expected = exact_conv_transpose2d(X[None, None], K[None, None], one, none, none, one)[0, 0]
    else:
        expected = exact_conv2d(X[None, None], K[None, None], one, none, one)[0, 0]
    assert_within_the_documented_bound(got, expected, integer_inputs(X, K))


@pytest.mark.parametrize("function, args", [
    (corr2d, ([[100]], [[100]])), (trans_conv, ([[100]], [[100]])),
    (conv2d, ([[[[100]]]], [[[[100]]]])), (conv_transpose2d, ([[[[100]]]], [[[[100]]]])),
])
@pytest.mark.parametrize("dtype, value, expected", [
    (np.int8, 100, 10000),                      # int8 products overflowed: 100 * 100 gave 16
    (np.uint8, 255, 65025),
    (np.int64, 2**40, 2**80),                   # int64 products overflowed: gave 0
    (np.float16, 300, 90000),                   # float16 products overflowed: gave inf
    (np.int64, 2**62 + 1, (2**62) ** 2),        # beyond 2**53 the input rounds (to 2**62): documented
])
def test_the_issues_overflows_are_exact_products(function, args, dtype, value, expected):
    x, k = (np.full(np.shape(a), value, dtype) for a in args)
    got = function(x, k)
    assert got.dtype == np.float64 and got.ravel()[0] == expected


@pytest.mark.parametrize("function, layout", [(conv2d, (1, 3, 1, 1)), (conv_transpose2d, (3, 1, 1, 1))])
def test_a_float32_sum_that_could_overflow_is_summed_in_float64(function, layout):
    # in float32 the products 1e40 and -1e40 are inf and -inf, their sum NaN, in any order (MXNet
    # gives NaN); the exact sum 1e38 is a float32
    x = np.array([1e20, 1e20, 1e19], np.float32).reshape(1, 3, 1, 1)
    weight = np.array([1e20, -1e20, 1e19], np.float32).reshape(layout)
    got = function(x, weight)
    assert got.dtype == np.float32 and got.ravel()[0] == np.float32(np.float32(1e19).astype(float) ** 2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_conv_matrix_holds_the_kernel_converted(dtype):
    kernel = np.array([[0, 1], [True, 127]]).astype(dtype)
    W = conv_matrix(kernel, (3, 3))
    assert W.dtype == (np.float32 if dtype == np.float32 else np.float64)
    np.testing.assert_array_equal(W[0, [0, 1, 3, 4]], kernel.ravel().astype(W.dtype))


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



# ---------------------------------------------------------------- NaN and infinity (IEEE semantics)


@pytest.mark.filterwarnings("error")  # NaN and inf are results: no warning on the way
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


@pytest.mark.filterwarnings("error")  # the teaching loops warned on NaN and inf; they must not
@settings(max_examples=cases(150), deadline=None)
@given(st.data(), input_and_kernel_shapes())
def test_conv2d_keeps_nan_and_inf_like_corr2d(data, shapes):
    X, K = data.draw(special_arrays(shapes[0])), data.draw(special_arrays(shapes[1]))
    np.testing.assert_array_equal(conv2d(X[None, None], K[None, None])[0, 0], corr2d(X, K))


@pytest.mark.filterwarnings("error")
@settings(max_examples=cases(150), deadline=None)
@given(st.data(), small_2d, small_2d)
def test_conv_transpose2d_keeps_nan_and_inf_like_trans_conv(data, x_shape, k_shape):
    X, K = data.draw(special_arrays(x_shape)), data.draw(special_arrays(k_shape))
    np.testing.assert_array_equal(conv_transpose2d(X[None, None], K[None, None])[0, 0], trans_conv(X, K))


@settings(max_examples=cases(150), deadline=None)
@given(st.data(), batch, channels, channels, conv_axis(), conv_axis())
def test_conv2d_keeps_nan_and_inf_like_mxnet(data, n, c_in, c_out, axis_h, axis_w):
    (h, kh, sh, ph, dh), (w, kw, sw, pw, dw) = axis_h, axis_w
    x = data.draw(special_arrays((n, c_in, h, w), np.float32))
    weight = data.draw(special_arrays((c_out, c_in, kh, kw), np.float32))
    expected = mx_conv2d(x, weight, (sh, sw), (ph, pw), (dh, dw))
    got = conv2d(x, weight, stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
    np.testing.assert_array_equal(got, expected)  # NaN where NaN, the same infinities, exact sums


@settings(max_examples=cases(150), deadline=None)
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


BYTES = r"more than MAX_BYTES = 1073741824 \(1 GiB\)"

ISSUE_CASES = [  # issues 13 and 22's extreme values, and the like
    # issue 22: 2.3 GB resident and 3.5-10.7 s before
    (conv2d, (np.ones((1, 1, 1, 1)), np.ones((1, 1, 1, 1))), {"padding": 4999},
     rf"^conv2d would hold 2288.4 MiB at once, {BYTES}: the padded input \(1, 1, 9999, 9999\) .*; lower padding$"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": 10**5}, rf"{BYTES}: .*the padded input .*; lower padding$"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": 10**9}, r"padding must be .*<= 100000000 \(MAX_ELEMENTS"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": 10**30, "padding": 10**30}, r"padding must be .*MAX_ELEMENTS"),
    (conv2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"padding": (10**4, 10**5)}, rf"{BYTES}: .*the padded input"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": 10**9}, r"dilation must be .*MAX_ELEMENTS"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"dilation": (1, 2 * 10**7)},
     rf"{BYTES}: .*the uncropped output .*; lower stride, dilation"),
    (conv_transpose2d, (big((1, 1, 4, 4)), big((1, 1, 3, 3))), {"stride": (10**8, 1)},
     r"full output .* along the height, more than MAX_ELEMENTS = 100000000; lower size or stride \(height\)"),
    # issue 22: 1.6 GB before; now 763 MiB, within the budget, so a larger stride (and width) is refused
    (conv_transpose2d, (big((1, 1, 100, 100)), big((1, 1, 100, 100))), {"stride": (100, 200)},
     rf"^conv_transpose2d would hold .*{BYTES}: .*the uncropped output \(1, 1, 10000, 19900\) .*; lower stride"),
    (conv_transpose2d, (big((1, 1, 1, 10**6)), big((1, 1, 1, 10**6))), {},
     r"10\*\*12|1000000000000 multiply-adds, more than MAX_MULTIPLY_ADDS"),
    (conv_transpose2d, (big((1, 1, 1, 1)), big((1, 10**5, 100, 100))), {}, r"weight .* MAX_ELEMENTS"),
    (conv_transpose2d, (big((1, 1000, 100, 100)), big((1000, 100, 2, 2))), {},
     rf"{BYTES}|4000000000 multiply-adds, more than MAX_MULTIPLY_ADDS = 1000000000"),
    (conv2d, (big((1, 1, 10**5, 10**5)), big((1, 1, 1, 1))), {}, r"x \(N, C_in, H, W\) of shape .* MAX_ELEMENTS"),
    (conv2d, (big((1, 64, 64, 64)), big((64, 64, 16, 16))), {}, r"multiply-adds, more than MAX_MULTIPLY_ADDS = 1000000000"),
    (conv2d, (big((1, 1, 1, 200000)), big((1000, 1, 1, 1))), {}, rf"{BYTES}: .*the output"),
    (conv_matrix, ([[1.0]], (200, 200)), {}, rf"^conv_matrix would hold .*{BYTES}: the matrix W \(40000, 40000\)"),
    (conv_matrix, ([[1.0]], (1, 10**9)), {}, r"input_shape\[1\] \(width\) must be .*MAX_ELEMENTS"),
    (conv_matrix, (big((400, 400)), (400, 400)), {}, r"kernel's taps would have 160000 steps, more than MAX_LOOP_STEPS"),
    (corr2d, (big((1, 10**6)), big((1, 5 * 10**5))), {}, r"loop over the output .* MAX_LOOP_STEPS = 100000"),
    (corr2d, (big((300, 300)), big((200, 200))), {}, r"products, more than MAX_ELEMENTS"),
    (trans_conv, (big((1, 10**6)), big((1, 10**6))), {}, r"loop over the input .* MAX_LOOP_STEPS"),
    (trans_conv, (big((1, 1)), big((9000, 9000))), {}, rf"^trans_conv would hold .*{BYTES}: .*; lower the size of"),
]


@pytest.mark.parametrize("function, args, kwargs, message", ISSUE_CASES)
def test_extreme_inputs_are_refused_at_once(function, args, kwargs, message):
    assert re.search(message, refused_without_allocating(function, *args, **kwargs))


BUDGET_SEARCH = settings(max_examples=cases(100), deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
REFUSED = r"MAX_BYTES = 1073741824|MAX_ELEMENTS = 100000000|MAX_MULTIPLY_ADDS = 1000000000|MAX_LOOP_STEPS = 100000"


def up_to(data, limit):
    """A count from 1 to ``limit`` (at least 1), small or large."""
    limit = max(1, limit)
    return data.draw(st.integers(1, limit) | st.integers(1, min(limit, 4)))


# The oracles below count, in float64, only arrays that any implementation must hold at once (the
# padded input and the output, the uncropped output, the matrix W): a lower bound of what the op
# counts. When it exceeds MAX_BYTES, or the work exceeds MAX_MULTIPLY_ADDS, the call must be refused.


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
    padded = n * c_in * (h + 2 * padding) * (w + 2 * padding) if padding else 0
    held = 8 * (padded + n * c_out * out_h * out_w)
    work = n * c_in * c_out * out_h * out_w * kh * kw
    assume(held > MAX_BYTES or work > MAX_MULTIPLY_ADDS)
    message = refused_without_allocating(conv2d, big((n, c_in, h, w)), big((c_out, c_in, kh, kw)),
                                         stride=stride, padding=padding, dilation=dilation)
    assert re.search(REFUSED, message)


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
    assume(max(full_h, full_w) <= MAX_ELEMENTS)  # (longer axes are refused by name)
    held = 8 * c_out * n * full_h * full_w
    work = c_out * kh * kw * n * h * w * c_in
    assume(held > MAX_BYTES or work > MAX_MULTIPLY_ADDS)
    message = refused_without_allocating(conv_transpose2d, big((n, c_in, h, w)), big((c_in, c_out, kh, kw)),
                                         stride=stride, padding=padding, dilation=dilation)
    assert re.search(REFUSED, message)


@BUDGET_SEARCH
@given(st.data(), st.integers(0, 10**3) | st.integers(0, 2), st.integers(1, 4))
def test_conv_matrix_refuses_what_exceeds_the_budget(data, padding, stride):
    h, w = up_to(data, 10**6), up_to(data, 10**6)
    kh = up_to(data, h + 2 * padding)
    kw = up_to(data, min(w + 2 * padding, MAX_ELEMENTS // kh))
    out = ((h + 2 * padding - kh) // stride + 1) * ((w + 2 * padding - kw) // stride + 1)
    assume(8 * out * h * w > MAX_BYTES or kh * kw > MAX_LOOP_STEPS or kh * kw * out > MAX_ELEMENTS)
    message = refused_without_allocating(conv_matrix, big((kh, kw)), (h, w), stride=stride, padding=padding)
    assert re.search(REFUSED, message)


@BUDGET_SEARCH
@given(st.data(), st.booleans())
def test_teaching_loops_refuse_what_exceeds_the_budget(data, transposed):
    H = up_to(data, 10**6)
    W = up_to(data, min(10**6, MAX_ELEMENTS // H))
    h = up_to(data, 10**4 if transposed else H)
    w = up_to(data, min(10**4 if transposed else W, MAX_ELEMENTS // h))
    steps = H * W if transposed else (H - h + 1) * (W - w + 1)
    out = (H + h - 1) * (W + w - 1) if transposed else steps
    assume(steps > MAX_LOOP_STEPS or steps * h * w > MAX_ELEMENTS or 8 * out > MAX_BYTES)
    function = trans_conv if transposed else corr2d
    message = refused_without_allocating(function, big((H, W)), big((h, w)))
    assert re.search(REFUSED, message)


@contextlib.contextmanager
def recorded_estimates():
    """Record what every check_memory call returns: the op's estimate of what it holds at once."""
    recorded, original = [], shapes.check_memory

    def recording(parts, operation):
        recorded.append(original(parts, operation))
        return recorded[-1]

    ops.check_memory = shapes.check_memory = recording  # ops and check_arrays call it by these names
    try:
        yield recorded
    finally:
        ops.check_memory = shapes.check_memory = original


def traced_peak(call):
    """The most bytes that ``call()`` held at once (numpy's arrays included), by tracemalloc."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# What tracemalloc sees besides the arrays that the estimates count: Python objects (views,
# tuples, frames), and the buffers of numpy's iterator for broadcast and strided operations, at
# most about 200 kB whatever the arrays' size (measured with numpy 1.23).
OBJECTS = 256 * 2**10


@pytest.mark.parametrize("op", ["conv2d", "conv_transpose2d", "conv_matrix", "corr2d", "trans_conv"])
@pytest.mark.parametrize("scale", [1, 32])
@settings(max_examples=cases(25), deadline=None)
@given(st.data(), dtypes, dtypes, st.integers(1, 2), st.integers(1, 4), st.integers(1, 4))
def test_the_estimate_bounds_what_the_call_holds(op, scale, data, x_dtype, w_dtype, n, c_in, c_out):
    # every array an op makes is in its estimate, so tracemalloc never sees more; the inputs (or the
    # loops' kernels) reach MiBs with scale 32, where the ops take one tap at a time instead of a group
    transposed = op in ("conv_transpose2d", "trans_conv")
    axes = [data.draw(transposed_axis() if transposed else conv_axis()) for _ in range(2)]
    (h, kh, *_), (w, kw, *_) = axes
    settings_ = list(zip(*(axis[2:] for axis in axes)))  # (stride, padding[, output_padding], dilation) pairs
    big_k = (kh * scale * 4, kw * scale * 4)  # the loops take few steps with a large kernel
    inputs = {
        "conv2d": (np.ones((n, c_in, h * scale, w * scale), x_dtype), np.ones((c_out, c_in, kh, kw), w_dtype),
                   *settings_),
        "conv_transpose2d": (np.ones((n, c_in, h * scale, w * scale), x_dtype),
                             np.ones((c_in, c_out, kh, kw), w_dtype), *settings_),
        "conv_matrix": (np.ones((kh, kw), w_dtype), (h * min(scale, 2), w * min(scale, 2)), *settings_),
        "corr2d": (np.ones((h + big_k[0], w + big_k[1]), x_dtype), np.ones(big_k, w_dtype)),
        "trans_conv": (np.ones((h, w), x_dtype), np.ones(big_k, w_dtype)),
    }[op]
    getattr(ops, op)(*inputs)  # a first call may import and cache what later calls reuse
    with recorded_estimates() as estimates:
        peak = traced_peak(lambda: getattr(ops, op)(*inputs))
    assert len(estimates) == 1 and peak <= estimates[0] + OBJECTS, (peak, estimates)


# ---------------------------------------------------------------- ints, bools and axes


HYPER_PARAMETERS = [
    (conv2d, (X, W_CONV), ["stride", "padding", "dilation"]),
    (conv_transpose2d, (X, W_TRANS), ["stride", "padding", "output_padding", "dilation"]),
    (conv_matrix, (KERNEL, (4, 4)), ["stride", "padding", "dilation"]),
]


@settings(max_examples=cases(60), deadline=None)
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
