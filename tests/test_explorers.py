"""The overlap explorer and the output-size explorer: the shapes search, the view engine's pure functions (static/overlap.js,
static/size.js) under Node against transconv.ops and transconv.shapes, the specs
and the live widgets (issues 5, 10 and 11).

Expected values are computed independently of the code under test: overlap
counts by placing kernel copies with slices on a zero canvas or by
``ops.conv_transpose2d`` of ones, sizes by the closed formula of Dumoulin &
Visin, by ``transconv.shapes`` and by MXNet's shape inference.
"""

import itertools
import json
import random
import re
import subprocess
from pathlib import Path

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from suite import cases

from transconv import bundle, ops, shapes, specs
from transconv.widgets import (
    OverlapExplorer,
    SizeExplorer,
    overlap_explorer,
    size_explorer,
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "js" / "run_explorers.mjs"


def mxnet_size(i, k, s, p, a, d=1):
    y = mx.sym.Deconvolution(mx.sym.var("x"), kernel=(k, k), stride=(s, s), pad=(p, p),
                             adj=(a, a), dilate=(d, d), num_filter=1, no_bias=True)
    _, (shape,), _ = y.infer_shape(x=(1, 1, i, i))
    return shape[-1]


# --- shapes --------------------------------------------------------------------------------

@settings(max_examples=cases(60), deadline=None)
@given(st.integers(1, 40), st.integers(1, 90))
def test_transpose_settings_for_lists_exactly_the_settings_that_work(size_in, size_out):
    found = shapes.transpose_settings_for(size_in, size_out)
    brute = []
    for s, k in itertools.product(range(1, 5), range(1, 8)):
        for a, p in itertools.product(range(s), range(200)):
            if (size_in - 1) * s - 2 * p + k + a == size_out:  # Dumoulin & Visin, d = 1
                brute.append((k, s, p, a))
    assert sorted(tuple(t[:4]) for t in found) == sorted(brute)
    for t in found:
        assert shapes.conv_transpose_output_size(size_in, t.kernel, t.stride, t.padding,
                                                 t.output_padding) == size_out


@pytest.mark.parametrize("size_in, size_out", [(7, 14), (32, 64), (4, 9), (5, 5)])
def test_transpose_settings_agree_with_mxnet(size_in, size_out):
    found = shapes.transpose_settings_for(size_in, size_out)
    assert found
    for t in found[:: max(1, len(found) // 8)]:
        assert mxnet_size(size_in, *t[:4]) == size_out


def test_seven_to_fourteen_has_the_usual_settings():
    found = {tuple(t[:4]) for t in shapes.transpose_settings_for(7, 14)}
    assert {(4, 2, 1, 0), (3, 2, 1, 1), (2, 2, 0, 0)} <= found
    assert shapes.transpose_settings_for(1, 100) == []


@settings(max_examples=cases(80), deadline=None)
@given(st.integers(1, 20), st.integers(1, 6), st.integers(1, 4), st.integers(0, 4),
       st.integers(1, 3))
def test_conv_input_sizes_are_every_size_mapped_to_size_out(size_out, k, s, p, d):
    found = shapes.conv_input_sizes(size_out, k, s, p, d)
    brute = []
    for n in range(1, 200):
        try:
            if shapes.conv_output_size(n, k, s, p, d) == size_out:
                brute.append(n)
        except ValueError:
            pass
    assert [f.size for f in found] == brute
    for n, a in found:
        assert shapes.conv_transpose_output_size(size_out, k, s, p, a, d) == n
        assert mxnet_size(size_out, k, s, p, a, d) == n if a < s else True


def test_transpose_terms_add_up():
    t = shapes.transpose_terms(7, 3, stride=2, padding=1, output_padding=1, dilation=2)
    assert t.stretched - t.cropped + t.span + t.output_padding == t.output == 16


@pytest.mark.parametrize("call, error, name", [
    (lambda: shapes.transpose_settings_for(0, 4), ValueError, "size_in"),
    (lambda: shapes.transpose_settings_for(4, 2.0), TypeError, "size_out"),
    (lambda: shapes.transpose_settings_for(4, 8, max_stride=0), ValueError, "max_stride"),
    (lambda: shapes.conv_input_sizes(3, 0), ValueError, "kernel"),
    (lambda: shapes.conv_input_sizes(3, 2, stride=0), ValueError, "stride"),
    (lambda: shapes.conv_input_sizes(0, 2), ValueError, "size_out"),
])
def test_bad_arguments_name_the_parameter(call, error, name):
    with pytest.raises(error, match=name):
        call()


# --- the view engine's pure functions under Node, against ops and shapes ---------------------

#: Random settings per question; all of them are answered by ONE Node process.
OVERLAP_CASES, FORWARD_CASES, INVERSE_CASES = cases(400), cases(2000), cases(600)
#: Inverse questions asked with the explorer's default search limits.
DEFAULT_QUESTIONS = [(7, 14), (32, 64), (4, 9), (5, 5), (1, 1), (64, 128)]
VIEW = specs.OVERLAP["display"]


def run_node(calls):
    """Answer ``[module, function, args]`` calls with the explorers' modules in one Node process."""
    done = subprocess.run(["node", str(RUNNER)], input=json.dumps({"calls": calls}),
                          capture_output=True, text=True, check=True, timeout=120)
    results = json.loads(done.stdout)["results"]
    assert len(results) == len(calls)
    return results


@pytest.fixture(scope="module")
def node_answers():
    """Random settings of both explorers and the answers of their modules under Node."""
    rng = random.Random(10)

    def draw(spec, names):
        """Random values of ``names`` over the whole range the spec offers."""
        ranges = {p["name"]: (p["min"], p["max"]) for p in spec["params"] if "min" in p}
        return {name: rng.randint(*ranges[name]) for name in names}

    overlap = [draw(specs.OVERLAP, ("size", "kernel", "stride", "layers"))
               for _ in range(OVERLAP_CASES)]
    # the forward ranges hold refused settings too (output padding, padding too large)
    forward = [draw(specs.SIZE, ("size", "kernel", "stride", "padding", "output_padding",
                                 "dilation")) for _ in range(FORWARD_CASES)]
    inverse = [tuple(draw(specs.SIZE, ("size_in", "size_out", "max_kernel", "max_stride")).values())
               for _ in range(INVERSE_CASES)]
    triples = sorted({(p["kernel"], p["stride"], p["layers"]) for p in overlap})
    defaults = [specs.defaults(specs.SIZE)[name] for name in ("max_kernel", "max_stride")]
    calls = ([["overlap", "overlapView", [p, VIEW]] for p in overlap]
             + [["overlap", "interiorCounts", list(t)] for t in triples]
             + [["size", "forwardView", [p, specs.SIZE]] for p in forward]
             + [["size", "transposeSettingsFor", list(q)] for q in inverse]
             + [["size", "transposeSettingsFor", [size_in, size_out, *defaults]]
                for size_in, size_out in DEFAULT_QUESTIONS])
    answers = iter(run_node(calls))

    def take(cases):
        return [(case, next(answers)) for case in cases]

    return {"overlap": take(overlap), "interior": take(triples), "forward": take(forward),
            "inverse": take(inverse), "defaults": take(DEFAULT_QUESTIONS)}


def ones_counts(shape, kernel, stride, layers):
    """Layer by layer, ``ops.conv_transpose2d`` of all-ones arrays: copies per output cell."""
    rows, cols = shape
    counts, out = np.ones((1, 1, rows, cols)), []
    for _ in range(layers):
        counts = ops.conv_transpose2d(counts, np.ones((1, 1, kernel[0], kernel[1])), stride=stride)
        out.append(counts[0, 0])
    return out


def centred(length, keep):
    return max(0, (length - keep) // 2)


def test_node_overlap_counts_equal_conv_transpose2d_of_ones(node_answers):
    assert len(node_answers["overlap"]) == OVERLAP_CASES
    for p, answer in node_answers["overlap"]:
        got = answer["value"]
        n, k, s, layers = p["size"], p["kernel"], p["stride"], p["layers"]
        plane = ones_counts((n, n), (k, k), s, layers)[-1]
        line = ones_counts((1, n), (1, k), (1, s), layers)[-1][0]
        g0, p0 = centred(plane.shape[0], VIEW["max_2d"]), centred(line.size, VIEW["max_1d"])
        assert got["gridLength"] == plane.shape[0] == plane.shape[1] and got["gridStart"] == g0, p
        np.testing.assert_array_equal(np.array(got["grid"]),
                                      plane[g0:g0 + VIEW["max_2d"], g0:g0 + VIEW["max_2d"]])
        assert got["profileLength"] == line.size and got["profileStart"] == p0, p
        np.testing.assert_array_equal(got["profile"], line[p0:p0 + VIEW["max_1d"]])


def test_node_interior_counts_equal_the_centre_of_a_long_output(node_answers):
    """Far from the borders the counts of layer L repeat every s**L cells: one period holds all."""
    for (k, s, layers), answer in node_answers["interior"]:
        lines = ones_counts((1, 100), (1, k), (1, s), layers)
        planes = ones_counts((30, 30), (k, k), s, layers)
        expected_1d, expected_2d = [], []
        for layer, (line, plane) in enumerate(zip(lines, planes)):
            period = s ** (layer + 1)
            a = centred(line.shape[1], period)
            expected_1d.append([line[0, a:a + period].min(), line[0, a:a + period].max()])
            b = centred(plane.shape[0], period)
            window = plane[b:b + period, b:b + period]
            expected_2d.append([window.min(), window.max()])
        assert answer["value"] == expected_1d, (k, s, layers)
        assert [[lo * lo, hi * hi] for lo, hi in answer["value"]] == expected_2d, (k, s, layers)


def test_node_overlap_verdict_follows_the_interior_counts(node_answers):
    kinds = set()
    for p, answer in node_answers["overlap"]:
        got = answer["value"]
        lo, hi = got["interior2d"][-1]
        assert got["interior2d"] == [[a * a, b * b] for a, b in got["interior"]]
        k, s = p["kernel"], p["stride"]
        # one layer: floor(k/s) to ceil(k/s) copies per axis (the checkerboard page's rule)
        assert got["interior"][0] == [k // s, -(-k // s)]
        expected = "even" if k % s == 0 else ("holes" if k < s else "uneven")
        assert got["verdict"] == expected, p
        assert got["ratio"] == (None if lo == 0 else hi / lo)
        kinds.add(got["verdict"])
    assert kinds == {"even", "holes", "uneven"}


def python_forward(p):
    """What transconv.shapes says about one forward setting (None where it refuses it)."""
    args = (p["size"], p["kernel"], p["stride"], p["padding"], p["output_padding"], p["dilation"])
    try:
        terms = shapes.transpose_terms(*args)
    except ValueError:
        return None
    k, s, pad, d = p["kernel"], p["stride"], p["padding"], p["dilation"]
    return {"terms": list(terms), "output": terms.output,
            "back": shapes.conv_output_size(terms.output, k, s, pad, d),
            "inputs": [list(i) for i in shapes.conv_input_sizes(p["size"], k, s, pad, d)]}


def test_node_forward_sizes_equal_shapes(node_answers):
    refused = 0
    for p, answer in node_answers["forward"]:
        expected = python_forward(p)
        assert answer["value"] == expected, p
        refused += expected is None
    # both kinds are among the random settings: refused ones and ones with an output
    assert 0 < refused < FORWARD_CASES


def test_node_inverse_search_equals_shapes_in_order_with_flags(node_answers):
    found = degenerate = 0
    for (size_in, size_out, max_kernel, max_stride), answer in node_answers["inverse"]:
        expected = shapes.transpose_settings_for(size_in, size_out, max_kernel, max_stride)
        got = answer["value"]
        fields = ("kernel", "stride", "padding", "output_padding", "even_overlap",
                  "cropped_inputs", "holes", "scale_mismatch", "degenerate")
        assert [[g[f] for f in fields] for g in got] == \
            [[getattr(t, f) for f in fields] for t in expected], (size_in, size_out)
        found += len(got)
        degenerate += sum(g["degenerate"] for g in got)
    assert found > INVERSE_CASES and 0 < degenerate < found


# --- specs and live widgets ----------------------------------------------------------------

def model_of(html):
    """The model JSON that a static face carries."""
    return json.loads(re.search(r"<script type=\"application/json\" data-tcv-model>(.*?)</script>",
                                html, re.DOTALL).group(1))


def test_the_explorers_default_search_is_that_of_shapes(node_answers):
    """Opened on an inverse question, the explorer lists what transpose_settings_for lists by default."""
    for (size_in, size_out), answer in node_answers["defaults"]:
        expected = shapes.transpose_settings_for(size_in, size_out)  # its own default limits
        assert [[g[f] for f in ("kernel", "stride", "padding", "output_padding")] for g in answer["value"]] \
            == [list(t[:4]) for t in expected], (size_in, size_out)


@pytest.mark.parametrize("make, text", [
    (overlap_explorer, "OverlapExplorer(size=4, kernel=3, stride=2, layers=1, preset='uniform', phases='off')"),
    (size_explorer, ("SizeExplorer(mode='forward', size=7, kernel=4, stride=2, padding=1, "
                     "output_padding=0, dilation=1, size_in=7, size_out=14, max_kernel=7, "
                     "max_stride=4)")),
])
def test_mimebundle_has_widget_view_static_face_and_short_text(make, text):
    widget = make()
    data, _ = widget._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW, "text/html", bundle.PLAYER_MIME, "text/plain"}
    assert data["text/plain"] == text
    assert data["text/html"] == widget.static_html() == make().static_html()  # deterministic
    assert data[bundle.PLAYER_MIME] == {"entry": widget.ENTRY, "model": widget.model_values()}  # the book's face
    assert not re.search(r"https?://|<script src|\bid=", data["text/html"])


@pytest.mark.parametrize("make, entry", [(overlap_explorer, "overlap.js"), (size_explorer, "size.js")])
def test_each_explorer_is_one_module_with_a_default_render(make, entry):
    widget = make()
    assert widget._esm.count("export default {") == 1
    assert "render({ model, el: host })" in widget._esm
    assert f"// ---- {entry}" in widget._esm and "// ---- shell.js" in widget._esm


def test_static_face_follows_the_parameters_size_12_shows_12():
    """The known defect of issue 10: size_explorer(size=12) showed 7 in the book."""
    widget = size_explorer(size=12)
    assert model_of(widget.static_html())["size"] == 12
    widget.kernel, widget.mode = 3, "inverse"
    model = model_of(widget.static_html())
    assert (model["kernel"], model["mode"], model["spec"]["player"]) == (3, "inverse", "size")
    assert model_of(overlap_explorer(layers=3).static_html())["layers"] == 3


def test_traitlets_are_the_specs_parameters():
    for cls, spec in ((OverlapExplorer, specs.OVERLAP), (SizeExplorer, specs.SIZE)):
        widget = cls()
        names = [p["name"] for p in spec["params"]]
        synced = set(widget.keys) - {"_esm", "_css", "_anywidget_id", "spec"}
        typed = {spec["weights"]["name"]} if "weights" in spec else set()  # the overlap explorer's typed kernel
        assert {n for n in synced if not n.startswith("_") and n not in
                {"comm", "layout", "log", "tabbable", "tooltip"}} == set(names) | typed
        assert {n: getattr(widget, n) for n in names} == specs.defaults(spec)


@pytest.mark.parametrize("make, kwargs, error, pattern", [
    (overlap_explorer, {"kernel": 7}, ValueError, "kernel must be between 1 and 6"),
    (overlap_explorer, {"layers": 0}, ValueError, "layers"),
    (overlap_explorer, {"stride": "2"}, TypeError, "stride"),
    (overlap_explorer, {"colour": 1}, TypeError, "colour"),
    (size_explorer, {"output_padding": 2}, ValueError, "output_padding"),
    (size_explorer, {"size": 1, "kernel": 1, "padding": 1}, ValueError, "padding=1 removes"),
    (size_explorer, {"size": 65}, ValueError, "size must be between 1 and 64"),
    (size_explorer, {"mode": "both"}, ValueError, "mode"),
    (size_explorer, {"size_out": 0}, ValueError, "size_out"),
    (size_explorer, {"max_stride": True}, TypeError, "max_stride"),
])
def test_bad_widget_arguments_name_the_parameter(make, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        make(**kwargs)


def test_values_set_from_python_are_checked_with_the_others():
    widget = size_explorer(stride=3, output_padding=2)
    with pytest.raises(ValueError, match="output_padding"):
        widget.stride = 1  # output padding 2 is not below max(1, 1)
    assert (widget.stride, widget.output_padding) == (3, 2)
    # the browser sends a control's value with the values it clamped, in one message
    widget.set_state({"stride": 1, "output_padding": 0})
    assert (widget.stride, widget.output_padding) == (1, 0)
    # dilation 2 lets PyTorch's rule allow output padding 1 at stride 1
    widget.set_state({"dilation": 2, "output_padding": 1})
    assert (widget.dilation, widget.output_padding) == (2, 1)
    # an inconsistent message is refused as a whole: nothing changes
    with pytest.raises(ValueError, match="output_padding"):
        widget.set_state({"dilation": 1, "output_padding": 1})
    assert (widget.dilation, widget.output_padding) == (2, 1)
    with pytest.raises(ValueError, match="kernel"):
        overlap_explorer().kernel = 40  # refused before anything is computed


def test_static_faces_stay_small_at_the_largest_settings():
    """Nothing is pre-rendered: the HTML is the module and the model, whatever the settings."""
    largest = {spec["player"]: {p["name"]: p["max"] for p in spec["params"] if "max" in p}
               for spec in (specs.OVERLAP, specs.SIZE)}
    overlap = overlap_explorer(**largest["overlap"]).static_html()
    size = size_explorer(**largest["size"], mode="inverse").static_html()
    assert len(overlap.encode()) < 100_000 and len(size.encode()) < 100_000
    assert abs(len(overlap) - len(overlap_explorer().static_html())) < 20
