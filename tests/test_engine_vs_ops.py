"""The view engine (static/engine.js) under Node against transconv.ops and transconv.shapes.

One Node process computes, for a few thousand random settings, every output
and every step's partial result of the players, the matrix W, the dependency
table of every view and the allowed range of every parameter; this file
compares each with what ``transconv.ops`` computes (partial sums too: a
scatter step equals the transposed convolution of the input masked to the
elements visited so far; a table's terms are exactly the pairs of one-hot
inputs and one-hot kernels that ``ops`` maps onto each output element) and
with the rules of ``transconv.shapes`` (through ``transconv.specs.check_setting``).
"""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from suite import cases

from transconv import ops, shapes, specs

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "js" / "engine_driver.mjs"
CASES = cases(2000)  # settings valid for each operation, at least, with every step checked
#: Settings whose outputs have more cells are checked by their final outputs and scatter steps
#: only: a one-cell-per-step sequence holds (cells)**2 numbers.
EVERY_STEP_CELLS = 64
#: Settings whose allowed ranges (of every parameter of every player) are compared with shapes.
LIMIT_CASES = cases(1000)
PLAYER_SPECS = [specs.STEPPER, specs.SCATTER_ADD, specs.PADDING, specs.CHANNELS, specs.MATRIX]
#: Every spec with rules: the players' and the size explorer's (PyTorch's output-padding rule).
RULED_SPECS = PLAYER_SPECS + [specs.SIZE]


def _valid(check):
    try:
        check()
    except ValueError:
        return False
    return True


def _random_setting(rng):
    h, w = rng.integers(1, 6, size=2)
    kh, kw = rng.integers(1, 5, size=2)
    params = {"stride": int(rng.choice([1, 1, 2, 2, 3, 4])), "padding": int(rng.integers(0, 4)),
              "dilation": int(rng.choice([1, 1, 2, 3]))}
    params["output_padding"] = int(rng.integers(0, params["stride"]))
    if rng.random() < 0.15:  # some non-integer values, compared with a tolerance
        X, K = rng.normal(size=(h, w)).round(3), rng.normal(size=(kh, kw)).round(3)
    else:
        X, K = rng.integers(-4, 5, size=(h, w)), rng.integers(-4, 5, size=(kh, kw))
    return X.astype(float), K.astype(float), params


def _case(X, K, params):
    s, p, d, a = params["stride"], params["padding"], params["dilation"], params["output_padding"]
    cells = []

    def size(axis_size):
        cells.append(np.prod(axis_size))

    conv = _valid(lambda: size([shapes.conv_output_size(n, k, s, p, d)
                                for n, k in zip(X.shape, K.shape)]))
    transposed = _valid(lambda: size([shapes.conv_transpose_output_size(n, k, s, p, a, d)
                                      for n, k in zip(X.shape, K.shape)]))
    setting = dict(params, inputShape=list(X.shape), kernelShape=list(K.shape))
    return {"X": X.tolist(), "K": K.tolist(), "params": params, "conv": conv,
            "transposed": transposed, "everyStep": bool(max(cells, default=0) <= EVERY_STEP_CELLS),
            "setting": setting}


@pytest.fixture(scope="module")
def computed():
    rng = np.random.default_rng(20261129)
    cases, conv, transposed = [], 0, 0
    while conv < CASES or transposed < CASES:
        case = _case(*_random_setting(rng))
        if case["conv"] or case["transposed"]:
            if len(cases) < LIMIT_CASES:
                case["specs"] = RULED_SPECS
            case["tables"] = case["everyStep"] and min(conv, transposed) < CASES
            cases.append(case)
            conv += case["conv"] and case["everyStep"]
            transposed += case["transposed"] and case["everyStep"]
    run = subprocess.run(["node", str(DRIVER)], input=json.dumps(cases), capture_output=True,
                         text=True, check=True)
    return cases, json.loads(run.stdout)


def _same(got, want):
    got = np.array(got, dtype=float)  # null (a cell not yet computed) becomes NaN
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def _every_step(full):
    """Step t of a one-cell-per-step sequence: ``full`` with its first t + 1 cells, NaN after."""
    cells = full.size
    kept = np.arange(cells)[None, :] <= np.arange(cells)[:, None]
    return np.where(kept, full.ravel()[None, :], np.nan).reshape((cells,) + full.shape)


def _conv(X, K, params):
    return ops.conv2d(X[None, None], K[None, None], stride=params["stride"],
                      padding=params["padding"], dilation=params["dilation"])[0, 0]


def _transpose(X, K, stride, padding, output_padding, dilation):
    return ops.conv_transpose2d(X[None, None], K[None, None], stride=stride, padding=padding,
                                output_padding=output_padding, dilation=dilation)[0, 0]


def test_every_case_is_answered_and_the_cases_cover_every_value(computed):
    cases, results = computed
    assert len(results) == len(cases)  # zip() below would silently drop unanswered cases
    for op in ("conv", "transposed"):
        checked = [c["params"] for c in cases if c[op] and c["everyStep"]]
        for name, values in [("stride", {1, 2, 3, 4}), ("padding", {0, 1, 2, 3}),
                             ("dilation", {1, 2, 3}), ("output_padding", {0, 1, 2, 3})]:
            assert {p[name] for p in checked} == values, (op, name)
    assert any(not c["everyStep"] for c in cases)  # large outputs: finals only
    assert any(np.array(c["X"]).shape[0] != np.array(c["X"]).shape[1] for c in cases)


def test_convolution_and_stepper(computed):
    for case, got in zip(*computed):
        if not case["conv"]:
            assert "conv2d" not in got
            continue
        X, K, params = np.array(case["X"]), np.array(case["K"]), case["params"]
        want = _conv(X, K, params)
        _same(got["conv2d"], want)
        assert got["stepperCount"] == want.size
        if case["everyStep"]:
            _same(got["stepper"], _every_step(want))


def test_matrix_view(computed):
    for case, got in zip(*computed):
        if not case["conv"]:
            continue
        X, K, params = np.array(case["X"]), np.array(case["K"]), case["params"]
        s, p, d = params["stride"], params["padding"], params["dilation"]
        W = ops.conv_matrix(K, X.shape, stride=s, padding=p, dilation=d)
        _same(got["W"], W)
        y = _conv(X, K, params)
        if not case["everyStep"]:
            continue
        _same(got["matrixConv"], _every_step(y))
        # the output_padding that gives the transposed output the input's shape, from shapes
        extra = [next(i.output_padding for i in shapes.conv_input_sizes(m, k, s, p, d)
                      if i.size == n) for m, n, k in zip(y.shape, X.shape, K.shape)]
        z = _transpose(y, K, s, p, tuple(extra), d)
        assert z.shape == X.shape
        np.testing.assert_allclose(z.ravel(), W.T @ y.ravel(), atol=1e-9)
        _same(got["matrixTransposed"], _every_step(z))


def test_scatter_add_steps(computed):
    for case, got in zip(*computed):
        if not case["transposed"]:
            assert "scatter" not in got
            continue
        X, K, params = np.array(case["X"]), np.array(case["K"]), case["params"]
        s, p, d, a = (params[n] for n in ("stride", "padding", "dilation", "output_padding"))
        final = _transpose(X, K, s, p, a, d)
        _same(got["convTranspose2d"], final)
        steps = got["scatter"]
        kinds = [step["kind"] for step in steps]
        assert kinds == ["add"] * X.size + ["extend"] * (a > 0) + ["crop"] * (p > 0)
        # partial sums on the full canvas: step t is X masked to its first t + 1 elements,
        # all of them in one batch of conv_transpose2d
        visited = np.tri(X.size).reshape((X.size, 1) + X.shape)
        partial = ops.conv_transpose2d(X[None, None] * visited, K[None, None], stride=s,
                                       dilation=d)[:, 0]
        _same([step["output"] for step in steps[:X.size]], partial)
        if a > 0:
            _same(steps[X.size]["output"], _transpose(X, K, s, 0, a, d))
        _same(steps[-1]["output"], final)


def test_direct_convolution_steps(computed):
    for case, got in zip(*computed):
        if not case["transposed"]:
            continue
        X, K, params = np.array(case["X"]), np.array(case["K"]), case["params"]
        final = _transpose(X, K, *(params[n] for n in
                                   ("stride", "padding", "output_padding", "dilation")))
        _same(got["directFinal"], final)
        if case["everyStep"]:
            _same(got["direct"], _every_step(final))


def _python_range(spec, setting, name):
    """First and last value of ``name`` in the spec's range that check_setting accepts."""
    param = next(p for p in spec["params"] if p["name"] == name)
    known = spec.get("aliases", {}).get(name, name)
    ok = []
    for value in range(param["min"], param["max"] + 1):
        trial = {"input_shape": setting["inputShape"], "kernel_shape": setting["kernelShape"],
                 **{k: setting[k] for k in ("stride", "padding", "dilation", "output_padding")}}
        if known == "input_size":
            trial["input_shape"] = (value, value)
        elif known == "kernel_size":
            trial["kernel_shape"] = (value, value)
        elif known in trial:
            trial[known] = value
        if _valid(lambda trial=trial: specs.check_setting(spec, trial)):
            ok.append(value)
    assert ok == list(range(ok[0], ok[-1] + 1)) if ok else True, (name, ok)  # one interval
    return [ok[0], ok[-1]] if ok else [None, None]


def test_limits_follow_shapes(computed):
    checked = 0
    for case, got in list(zip(*computed))[:LIMIT_CASES]:
        assert set(got["limits"]) == {s["player"] for s in RULED_SPECS}
        for player, limits in got["limits"].items():
            spec = next(s for s in RULED_SPECS if s["player"] == player)
            ruled = {"input_size", "kernel_size", "stride", "padding", "dilation", "output_padding"}
            assert set(limits) == {p["name"] for p in spec["params"] if p.get("mode") != "inverse"
                                   and "options" not in p and spec.get("aliases", {}).get(p["name"], p["name"]) in ruled}
            for name, allowed in limits.items():
                assert allowed == _python_range(spec, case["setting"], name), (player, name, case)
                checked += 1
    assert checked > 10 * LIMIT_CASES


def test_every_rule_is_one_function_in_each_language():
    """The rules that specs name exist in both languages, under the same names."""
    run = subprocess.run(["node", "--input-type=module", "-e",
                          f"import {{ RULES }} from {json.dumps(str(ROOT / 'transconv/static/engine.js'))};"
                          "process.stdout.write(JSON.stringify(Object.keys(RULES)))"],
                         capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == specs.rule_names()
    assert {rule for spec in specs.SPECS.values() for rule in spec["rules"]} <= set(specs.rule_names())


# --------------------------------------------------------------------------
# The dependency tables: exactly the elements ops uses, and sums that are the outputs
# --------------------------------------------------------------------------

def _one_hot(shape):
    """Every one-hot array of ``shape``, stacked on a new first axis: (cells, 1, *shape)."""
    cells = int(np.prod(shape))
    return np.eye(cells).reshape((cells, 1) + tuple(shape))


def _ops_terms(op, input_shape, kernel_shape, **params):
    """The (output, input, kernel) triples (row-major indices) on which ``op`` depends, sorted.

    The operation is bilinear: with X the one-hot input a and K the one-hot kernel k,
    output element o is 1 exactly when the product X[a]·K[k] is one of its terms. One call
    computes every pair: the inputs as the batch, the kernels as output channels.
    """
    kernels = _one_hot(kernel_shape)
    if op == "conv":
        out = ops.conv2d(_one_hot(input_shape), kernels, **params)
    else:
        out = ops.conv_transpose2d(_one_hot(input_shape), kernels.transpose(1, 0, 2, 3), **params)
    a, k, rows, cols = np.nonzero(out)
    assert np.all(out[a, k, rows, cols] == 1)  # one product per term
    return _sorted_triples(rows * out.shape[3] + cols, a, k), out.shape[2:]


def _sorted_triples(outputs, inputs, kernels):
    triples = np.stack([np.asarray(outputs), np.asarray(inputs), np.asarray(kernels)], axis=1).reshape(-1, 3)
    return triples[np.lexsort(triples.T[::-1])]


def _assert_table(got, X, K, op, **params):
    want, shape = _ops_terms(op, X.shape, K.shape, **params)
    np.testing.assert_array_equal(_sorted_triples(got["outputs"], got["inputs"], got["kernels"]), want)
    output = (ops.conv2d if op == "conv" else ops.conv_transpose2d)(
        X[None, None], K[None, None], **params)[0, 0]
    assert output.shape == shape
    np.testing.assert_allclose(got["sums"], output.ravel(), rtol=1e-9, atol=1e-9)


def test_tables_name_exactly_the_elements_ops_uses(computed):
    """For every view's table: the terms equal ops' one-hot dependence, and they sum to ops' output.

    The stepper and the matrix view (y = W x) share one table, the direct view and the
    scatter-add's crop the transposed one; the scatter-add's canvas is its own (no crop), and so
    is the matrix view's z = Wᵀ y (the transposed convolution of y, with the output padding
    that gives z the shape of x).
    """
    counted = {"conv": 0, "matrix z": 0, "transposed": 0, "scatter canvas": 0}
    for case, got in zip(*computed):
        if not case["tables"]:
            continue
        X, K, p = np.array(case["X"]), np.array(case["K"]), case["params"]
        conv = {k: p[k] for k in ("stride", "padding", "dilation")}
        if case["conv"]:
            _assert_table(got["convTable"], X, K, "conv", **conv)
            assert got["sameTable"]
            y = np.array(got["y"])
            extra = tuple(next(i.output_padding for i in shapes.conv_input_sizes(m, k, **conv) if i.size == n)
                          for n, m, k in zip(X.shape, y.shape, K.shape))
            _assert_table(got["zTable"], y, K, "transposed", output_padding=extra, **conv)
            counted["conv"] += 1
            counted["matrix z"] += 1
        if case["transposed"]:
            _assert_table(got["directTable"], X, K, "transposed", output_padding=p["output_padding"], **conv)
            _assert_table(got["canvasTable"], X, K, "transposed", stride=p["stride"],
                          dilation=p["dilation"], output_padding=p["output_padding"])
            counted["transposed"] += 1
            counted["scatter canvas"] += 1
    assert min(counted.values()) >= CASES, counted


def _fits_spec(spec, case):
    """True if the case's arrays and parameters are within the player's ranges."""
    limits = {p["name"]: (p["min"], p["max"]) for p in spec["params"] if "min" in p and p["name"] in case["params"]
              or p["name"] in ("input_size", "kernel_size")}
    values = dict(case["params"], input_size=max(np.shape(case["X"])),
                  kernel_size=max(np.shape(case["K"])))
    return all(lo <= values[name] <= hi for name, (lo, hi) in limits.items())


def test_python_counts_the_steps_the_engine_makes(computed):
    """The widgets' step_count (closed forms, used to check ``step`` in Python) against Node."""
    from transconv.widgets import ConvStepper, MatrixView, ScatterAddPlayer

    checked = 0
    for case, got in list(zip(*computed))[:400]:
        X, K, params = case["X"], case["K"], case["params"]
        conv = {k: params[k] for k in ("stride", "padding", "dilation")}
        if case["conv"] and _fits_spec(specs.STEPPER, case):
            assert ConvStepper(X, K, **conv).step_count() == got["stepperCount"]
            checked += 1
        if case["conv"] and case["everyStep"] and _fits_spec(specs.MATRIX, case):
            assert MatrixView(X, K, **conv).step_count() == len(got["matrixConv"])
            assert MatrixView(X, K, mode="transposed", **conv).step_count() == \
                len(got["matrixTransposed"])
            checked += 1
        if case["transposed"] and _fits_spec(specs.SCATTER_ADD, case):
            assert ScatterAddPlayer(X, K, **params).step_count() == len(got["scatter"])
            assert ScatterAddPlayer(X, K, view="direct", **params).step_count() == \
                np.size(got["directFinal"])
            checked += 1
    assert checked > 300


# --------------------------------------------------------------------------
# The sum under the pointer: every view's pointed cells, against ops
# --------------------------------------------------------------------------

def _assert_points(got, X, K, op, **params):
    """Each pointed cell's products: exactly ops' one-hot dependence, adding up to ops' output."""
    want, shape = _ops_terms(op, X.shape, K.shape, **params)
    np.testing.assert_array_equal(_sorted_triples(got["outputs"], got["inputs"], got["kernels"]), want)
    output = (ops.conv2d if op == "conv" else ops.conv_transpose2d)(X[None, None], K[None, None], **params)[0, 0]
    assert len(got["values"]) == output.size
    np.testing.assert_allclose(got["values"], output.ravel(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got["products"], got["values"], rtol=1e-12, atol=1e-12)


def test_every_views_pointed_sums_name_exactly_the_elements_ops_uses(computed):
    """Issue 17: in every view, pointing at any output cell gives products x·k of exactly the input and
    kernel elements that transconv.ops combines there (one-hot inputs and kernels), adding up to ops' value.

    Views: the stepper, the matrix view's y = W x and z = Wᵀ y, the scatter-add's and the direct view's
    last step, every step of the padding view (the output of padding r), and the channels view (two input
    and two output channels made from the case's X and K).
    """
    counted = dict.fromkeys(["stepper", "matrixY", "matrixZ", "scatter", "direct", "padding", "channels"], 0)
    for case, got in zip(*computed):
        if not case["tables"]:
            continue
        X, K, p = np.array(case["X"]), np.array(case["K"]), case["params"]
        conv = {k: p[k] for k in ("stride", "padding", "dilation")}
        points = got["points"]
        if case["conv"]:
            _assert_points(points["stepper"], X, K, "conv", **conv)
            _assert_points(points["matrixY"], X, K, "conv", **conv)
            y = np.array(got["y"])
            extra = tuple(next(i.output_padding for i in shapes.conv_input_sizes(m, k, **conv) if i.size == n)
                          for n, m, k in zip(X.shape, y.shape, K.shape))
            _assert_points(points["matrixZ"], y, K, "transposed", output_padding=extra, **conv)
            for name in ("stepper", "matrixY", "matrixZ"):
                counted[name] += 1
        if case["transposed"]:
            for view in ("scatter", "direct"):
                _assert_points(points[view], X, K, "transposed", output_padding=p["output_padding"], **conv)
                counted[view] += 1
            assert len(points["padding"]) == p["padding"] + 1
            for r, step in enumerate(points["padding"]):
                _assert_points(step, X, K, "transposed", **{**conv, "padding": r}, output_padding=p["output_padding"])
            counted["padding"] += 1
            if "channels" in points:
                _assert_channel_points(points["channels"], X.shape, K.shape, p)
                counted["channels"] += 1
    assert min(counted.values()) >= cases(700) and counted["stepper"] >= CASES, counted


def _assert_channel_points(got, x_shape, k_shape, p):
    """Output channel o's products: for each input channel c, ops' single-channel terms with K[c, o]."""
    X, K = np.array(got["X"]), np.array(got["K"])
    params = {k: p[k] for k in ("stride", "padding", "output_padding")}
    single, _ = _ops_terms("transposed", x_shape, k_shape, **params)
    cells_in, cells_k = int(np.prod(x_shape)), int(np.prod(k_shape))
    output = ops.conv_transpose2d(X[None], K, **params)[0]  # (2, rows, cols): weight (c_i, c_o, kh, kw)
    for o, plane in enumerate(got["byOutput"]):
        want = np.concatenate([single + [0, c * cells_in, (c * 2 + o) * cells_k] for c in range(2)])
        np.testing.assert_array_equal(_sorted_triples(plane["outputs"], plane["inputs"], plane["kernels"]),
                                      want[np.lexsort(want.T[::-1])])
        np.testing.assert_allclose(plane["values"], output[o].ravel(), rtol=1e-9, atol=1e-9)
