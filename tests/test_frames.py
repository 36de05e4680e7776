"""Properties of the widgets' step sequences (transconv.frames), over random parameters.

Every expected value here is computed independently of frames.py: windows by
direct indexing into the unpadded input, kernel copies placed by slicing a
zero canvas, and the results from transconv.ops.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from transconv import frames as fr
from transconv import ops, shapes

SETTINGS = settings(max_examples=150, deadline=None)


def grid(seed, shape, low=-4, high=5):
    return np.random.default_rng(seed).integers(low, high, size=shape).astype(float)


def valid(check):
    try:
        check()
    except ValueError:
        return False
    return True


def conv2d(X, K, **kw):
    return ops.conv2d(X[None, None], K[None, None], **kw)[0, 0]


def conv_transpose2d(X, K, **kw):
    return ops.conv_transpose2d(X[None, None], K[None, None], **kw)[0, 0]


conv_params = st.fixed_dictionaries({
    "seed": st.integers(0, 2**16),
    "x_shape": st.tuples(st.integers(1, 6), st.integers(1, 6)),
    "k_shape": st.tuples(st.integers(1, 4), st.integers(1, 4)),
    "stride": st.integers(1, 3),
    "padding": st.integers(0, 3),
    "dilation": st.integers(1, 3),
})


def conv_case(p):
    assume(all(valid(lambda n=n, k=k: shapes.conv_output_size(n, k, p["stride"], p["padding"],
                                                                 p["dilation"]))
               for n, k in zip(p["x_shape"], p["k_shape"])))
    X = grid(p["seed"], p["x_shape"])
    K = grid(p["seed"] + 1, p["k_shape"])
    return X, K, p["stride"], p["padding"], p["dilation"]


# ---------------------------------------------------------------- stepper

def test_stepper_seed_values():
    assert [f.total for f in fr.stepper_frames()] == [348, 393, 528, 573]


@SETTINGS
@given(conv_params)
def test_stepper_ends_with_conv2d_and_writes_true_sums(p):
    X, K, s, pad, d = conv_case(p)
    frames = fr.stepper_frames(X, K, s, pad, d)
    expected = conv2d(X, K, stride=s, padding=pad, dilation=d)
    assert len(frames) == expected.size
    np.testing.assert_array_equal(frames[-1].output, expected)
    for t, f in enumerate(frames):
        i, j = f.out_pos
        assert (i, j) == np.unravel_index(t, expected.shape)
        # the window, read straight from the unpadded input (0 outside it)
        window = np.zeros(K.shape)
        for a in range(K.shape[0]):
            for b in range(K.shape[1]):
                r, c = i * s + a * d - pad, j * s + b * d - pad
                if 0 <= r < X.shape[0] and 0 <= c < X.shape[1]:
                    window[a, b] = X[r, c]
        np.testing.assert_array_equal(f.window_values, window)
        np.testing.assert_array_equal(f.padded_input[f.window_mask].reshape(K.shape), window)
        np.testing.assert_array_equal(f.products, window * K)
        assert f.total == pytest.approx(sum(v * k for v, k in zip(window.ravel(), K.ravel())))
        # filled so far: exactly the first t + 1 cells
        filled = ~np.isnan(f.output)
        assert filled.sum() == t + 1 and filled.ravel()[: t + 1].all()


@SETTINGS
@given(conv_params)
def test_stepper_padding_mask_marks_the_border(p):
    X, K, s, pad, d = conv_case(p)
    f = fr.stepper_frames(X, K, s, pad, d)[0]
    inner = ~f.padding_mask
    assert f.padding_mask.sum() == f.padded_input.size - X.size
    np.testing.assert_array_equal(f.padded_input[inner].reshape(X.shape), X)
    assert not f.padded_input[f.padding_mask].any()


def test_stepper_rejects_a_kernel_larger_than_the_padded_input():
    with pytest.raises(ValueError, match="kernel"):
        fr.stepper_frames(np.ones((2, 2)), np.ones((3, 3)))


@pytest.mark.parametrize("bad, error", [([1, 2, 3], ValueError), ([["a"]], TypeError)])
def test_stepper_rejects_bad_grids(bad, error):
    with pytest.raises(error, match="X"):
        fr.stepper_frames(X=bad)


# ---------------------------------------------------------------- scatter-add

scatter_params = st.fixed_dictionaries({
    "seed": st.integers(0, 2**16),
    "x_shape": st.tuples(st.integers(1, 4), st.integers(1, 4)),
    "k_shape": st.tuples(st.integers(1, 4), st.integers(1, 4)),
    "stride": st.integers(1, 3),
    "padding": st.integers(0, 3),
    "output_padding": st.integers(0, 2),
})


def scatter_case(p):
    s, pad, a = p["stride"], p["padding"], p["output_padding"]
    assume(all(valid(lambda n=n, k=k: shapes.conv_transpose_output_size(n, k, s, pad, a))
               for n, k in zip(p["x_shape"], p["k_shape"])))
    return grid(p["seed"], p["x_shape"]), grid(p["seed"] + 1, p["k_shape"]), s, pad, a


def test_scatter_seed_example():
    frames = fr.scatter_add_frames()
    assert len(frames) == 4 + 2
    assert frames[-1].output.tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]


@SETTINGS
@given(scatter_params)
def test_scatter_adds_one_scaled_kernel_per_step(p):
    X, K, s, pad, a = scatter_case(p)
    frames = fr.scatter_add_frames(X, K, s, pad, a)
    adds = [f for f in frames if f.kind == "add"]
    assert len(adds) == X.size and [f.kind for f in frames[len(adds):]] == ["crop", "final"]
    previous = np.zeros(adds[0].canvas.shape)
    for t, f in enumerate(adds):
        i, j = np.unravel_index(t, X.shape)
        assert f.source == (i, j) and f.offset == (i * s, j * s)
        copy = np.zeros(previous.shape)
        copy[i * s:i * s + K.shape[0], j * s:j * s + K.shape[1]] = X[i, j] * K
        np.testing.assert_allclose(f.canvas - previous, copy)
        np.testing.assert_array_equal(f.scaled, X[i, j] * K)
        placed = np.zeros(previous.shape, dtype=bool)
        placed[i * s:i * s + K.shape[0], j * s:j * s + K.shape[1]] = True
        np.testing.assert_array_equal(f.added, placed)
        previous = f.canvas


@SETTINGS
@given(scatter_params)
def test_scatter_final_frame_is_conv_transpose2d(p):
    X, K, s, pad, a = scatter_case(p)
    frames = fr.scatter_add_frames(X, K, s, pad, a)
    expected = conv_transpose2d(X, K, stride=s, padding=pad, output_padding=a)
    np.testing.assert_allclose(frames[-1].output, expected)
    np.testing.assert_allclose(frames[-1].canvas[frames[-1].kept].reshape(expected.shape),
                               expected)


@SETTINGS
@given(scatter_params)
def test_scatter_counts_are_transposed_conv_of_ones(p):
    X, K, s, pad, a = scatter_case(p)
    final = fr.scatter_add_frames(X, K, s, pad, a)[-1]
    expected = conv_transpose2d(np.ones(X.shape), np.ones(K.shape), stride=s, padding=pad,
                                output_padding=a)
    np.testing.assert_array_equal(final.output_counts, expected)


def test_scatter_counts_show_uneven_overlap():
    # Odena et al.: kernel 3, stride 2 -> some cells get 4 contributions, some 1.
    counts = fr.scatter_add_frames(np.ones((3, 3)), np.ones((3, 3)), stride=2)[-1].output_counts
    assert counts.max() == 4 and counts.min() == 1


def test_scatter_rejects_output_padding_not_below_stride():
    with pytest.raises(ValueError, match="output_padding"):
        fr.scatter_add_frames(stride=1, output_padding=1)


# ---------------------------------------------------------------- matrix view

matrix_params = st.fixed_dictionaries({
    "seed": st.integers(0, 2**16),
    "x_shape": st.tuples(st.integers(1, 5), st.integers(1, 5)),
    "k_shape": st.tuples(st.integers(1, 3), st.integers(1, 3)),
    "stride": st.integers(1, 3),
    "padding": st.integers(0, 2),
    "dilation": st.integers(1, 2),
    "zeros_in_kernel": st.booleans(),
})


def matrix_case(p):
    X, K, s, pad, d = conv_case(p)
    if not p["zeros_in_kernel"]:
        K = np.where(K == 0, 1.0, K)
    return X, K, s, pad, d


def test_matrix_seed_shape():
    frames = fr.matrix_frames()
    assert frames[0].matrix.shape == (4, 16) and len(frames) == 4
    assert len(fr.matrix_frames(mode="transposed")) == 16


@SETTINGS
@given(matrix_params)
def test_matrix_rows_match_windows(p):
    X, K, s, pad, d = matrix_case(p)
    frames = fr.matrix_frames(X, K, s, pad, d, "conv")
    W = ops.conv_matrix(K, X.shape, stride=s, padding=pad, dilation=d)
    y = conv2d(X, K, stride=s, padding=pad, dilation=d)
    assert len(frames) == y.size
    for r, f in enumerate(frames):
        np.testing.assert_array_equal(f.matrix, W)
        np.testing.assert_allclose(f.y, y)
        expected = np.zeros(W.shape, dtype=bool)
        expected[r] = W[r] != 0
        np.testing.assert_array_equal(f.entries, expected)
        assert f.y_cells.sum() == 1 and f.y_cells.ravel()[r]
        nonzero = (W[r] != 0).reshape(X.shape)
        if p["zeros_in_kernel"]:
            assert not (nonzero & ~f.x_cells).any()  # every non-zero lies in the window
        else:
            np.testing.assert_array_equal(f.x_cells, nonzero)


@SETTINGS
@given(matrix_params)
def test_matrix_columns_match_footprints(p):
    X, K, s, pad, d = matrix_case(p)
    frames = fr.matrix_frames(X, K, s, pad, d, "transposed")
    W = frames[0].matrix
    np.testing.assert_allclose(frames[0].z.ravel(), W.T @ frames[0].y.ravel())
    assert len(frames) == X.size
    for c, f in enumerate(frames):
        expected = np.zeros(W.shape, dtype=bool)
        expected[:, c] = W[:, c] != 0
        np.testing.assert_array_equal(f.entries, expected)
        assert f.x_cells.sum() == 1 and f.x_cells.ravel()[c]
        nonzero = (W[:, c] != 0).reshape(f.y.shape)
        if p["zeros_in_kernel"]:
            assert not (nonzero & ~f.y_cells).any()
        else:
            np.testing.assert_array_equal(f.y_cells, nonzero)


def test_matrix_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        fr.matrix_frames(mode="backward")
