"""The widgets' Python side: traitlets, validation, the bundles and the static face.

What the browser does with them is tested in test_players_browser.py (static
pages), test_players_book.py (the built book) and test_lab.py (JupyterLab and
Notebook 7).
"""

import contextlib
import gc
import importlib
import json
import os
import re
import subprocess
import sys
import traceback
import tracemalloc
import warnings
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from suite import cases

from transconv import bundle, specs
from transconv.widgets import (
    ChannelsPlayer,
    ConvStepper,
    MatrixView,
    OverlapExplorer,
    PaddingPlayer,
    ScatterAddPlayer,
    SizeExplorer,
    WidgetTypeError,
    WidgetValueError,
    _Widget,
    channels_player,
    conv_stepper,
    counting_start,
    matrix_view,
    padding_player,
    scatter_add_player,
)

PLAYERS = [ConvStepper, ScatterAddPlayer, PaddingPlayer, ChannelsPlayer, MatrixView]
ALL = PLAYERS + [OverlapExplorer, SizeExplorer]
ENTRIES = ["stepper.js", "scatter_add.js", "padding.js", "channels.js", "matrix.js", "overlap.js", "size.js"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TOP_LEVEL = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)",
                       re.MULTILINE)
EXPORTED = re.compile(r"^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)",
                      re.MULTILINE)


# --------------------------------------------------------------------------
# The bundles
# --------------------------------------------------------------------------

def static_modules():
    return sorted(p.name for p in bundle.STATIC.glob("*.js"))


@pytest.mark.parametrize("name", static_modules())
def test_relative_imports_name_only_what_their_target_exports(name):
    source = bundle.read(name)
    for line in re.findall(r"^import .*$", source, re.MULTILINE):
        assert bundle.IMPORT.match(line + "\n"), f"{name}: import not of the bundled form: {line}"
    for names, target in bundle.imports(source):
        exported = set(EXPORTED.findall(bundle.read(target)))
        assert set(names) <= exported, (name, target, set(names) - exported)


@pytest.mark.parametrize("entry", ENTRIES)
def test_bundle_parses_and_defines_each_name_once(entry, tmp_path):
    files = bundle.files_in_order(entry)
    assert files[-1] == entry and files[0] == "engine.js"
    seen = {}
    for name in files:
        for top in TOP_LEVEL.findall(bundle.read(name)):
            assert top not in seen, f"{top} defined in {seen.get(top)} and {name}"
            seen[top] = name
    text = bundle.bundle(entry)
    assert "import {" not in text and text.count("export default") == 1
    path = tmp_path / "bundle.mjs"
    path.write_text(text, encoding="utf-8")
    subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)


def test_no_two_files_define_the_same_top_level_name():
    """A page may load every view in one module (the book's shared engine): names must be unique across files."""
    seen = {}
    for name in static_modules():
        for top in TOP_LEVEL.findall(bundle.read(name)):
            assert top not in seen, f"{top} defined in {seen.get(top)} and {name}"
            seen[top] = name


def test_bundle_refuses_what_it_cannot_inline(monkeypatch):
    real = bundle.read
    bundle.bundle.cache_clear()
    monkeypatch.setattr(bundle, "read", lambda name: real(name) + (
        '\nconst s = "</script>";\n' if name == "grid.js" else ""))
    with pytest.raises(ValueError, match="</script"):
        bundle.bundle("stepper.js")
    monkeypatch.setattr(bundle, "read", lambda name: real(name) + (
        '\nimport * as x from "./engine.js";\n' if name == "grid.js" else ""))
    with pytest.raises(ValueError, match="imports must be lines like"):
        bundle.bundle("stepper.js")
    monkeypatch.undo()
    bundle.bundle.cache_clear()


# --------------------------------------------------------------------------
# The chapter's calls and the two faces
# --------------------------------------------------------------------------

@pytest.mark.parametrize("make, text", [
    (conv_stepper, "ConvStepper(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1)"),
    (scatter_add_player, ("ScatterAddPlayer(input_size=2, kernel_size=2, stride=1, padding=0, "
                          "output_padding=0, dilation=1, phases='off', view='scatter')")),
    (matrix_view, ("MatrixView(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1, "
                   "mode='conv')")),
])
def test_chapter_calls_give_both_faces(make, text):
    widget = make()
    data, _ = widget._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW, "text/html", bundle.PLAYER_MIME, "text/plain"}
    assert data["text/plain"] == text
    assert data[WIDGET_VIEW]["model_id"]
    assert data[bundle.PLAYER_MIME] == {"entry": widget.ENTRY, "model": widget.model_values()}  # the book's face


def test_scatter_add_player_with_stride_2_as_in_the_chapter():
    w = scatter_add_player(stride=2)
    assert (w.stride, w.padding, w.input_size, w.X) == (2, 0, 2, [])


def test_a_page_that_counts_from_1_gets_examples_that_count_from_1():
    """The direct-convolution page opens the player on its kernel 1 ... 9: other kernel sizes count from 1 too."""
    X, K = np.array([[0.0, 1.0], [2.0, 3.0]]), np.arange(1.0, 10.0).reshape(3, 3)
    w = scatter_add_player(X, K, stride=2, padding=1, output_padding=1, view="direct")
    assert w.starts == [0, 1] and w.K == K.tolist()
    assert scatter_add_player(X, [[0.5, 1]]).starts == [0, 0]  # not counting: the spec's start
    assert scatter_add_player(starts=[3, 4]).starts == [3, 4]
    assert counting_start(np.arange(-2, 7).reshape(3, 3)) == -2 and counting_start([[1, 3]]) is None
    with pytest.raises(WidgetValueError, match="starts must be between -1000 and 1000"):
        w.starts = [0, 5000]
    with pytest.raises(WidgetTypeError, match=r"starts must be a pair of ints \[input, kernel\]"):
        w.starts = [0.5, 1]


def test_the_new_players_take_a_pages_arrays():
    w = channels_player(np.zeros((2, 3, 3)), np.ones((2, 1, 2, 2)))
    assert (w.in_channels, w.out_channels, w.input_size, w.kernel_size, w.step_count()) == (2, 1, 3, 2, 2)
    w.in_channels = 3  # a new channel count: the example's arrays
    assert w.X == [] and w.K == [] and w.step_count() == 3
    with pytest.raises(WidgetValueError, match="K has 3 in channels .axis 0. but X has 2"):
        channels_player(np.zeros((2, 2, 2)), np.ones((3, 1, 2, 2)))
    with pytest.raises(WidgetValueError, match=r"X must be a 3-D array \(input channels, rows, columns\)"):
        channels_player(np.zeros((2, 2)))
    with pytest.raises(WidgetValueError, match=r"K has sub-arrays of different lengths"):
        channels_player(K=[[[[1]], [[1, 2]]]])
    p = padding_player(np.arange(1.0, 10.0).reshape(3, 3), np.ones((2, 2)), stride=2, padding=2)
    assert (p.starts, p.step_count()) == ([1, 0], 3)


class _Text(HTMLParser):
    """Text outside script, style and noscript, ids, and URLs of attributes."""

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.ids, self.urls, self.noscript = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            if name in ("src", "href"):
                self.urls.append(value)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if "noscript" in self.stack:
            self.noscript.append(data)
        elif not {"script", "style"} & set(self.stack) and data.strip():
            self.text.append(data)


@pytest.mark.parametrize("cls", PLAYERS)
def test_static_face_has_no_visible_text_no_id_and_nothing_from_outside(cls):
    page = cls().static_html()
    parsed = _Text()
    parsed.feed(page)
    assert parsed.text == []
    assert parsed.ids == [] and parsed.urls == []
    assert "".join(parsed.noscript).strip() == "This interactive player needs JavaScript."
    assert not re.search(r"https?://", page)
    assert page == cls().static_html()  # deterministic (nbval compares it)


@pytest.mark.parametrize("cls", PLAYERS)
def test_static_face_carries_the_model(cls):
    w = cls(stride=2, example="random", seed=5)
    page = w.static_html()
    model = json.loads(re.search(r"data-tcv-model>(.*?)</script>", page).group(1))
    assert model["stride"] == 2 and model["seed"] == 5 and model["example"] == "random"
    assert model["spec"] == specs.SPECS[model["spec"]["player"]]
    assert bundle.bundle(cls.ENTRY) in page


def _largest(cls):
    """The player at its largest arrays, with long numbers in every cell."""
    sizes = {p["name"]: p["max"] for p in cls.SPEC["params"] if "max" in p}
    n, k = sizes["input_size"], sizes["kernel_size"]
    lead = (sizes["in_channels"],) if "in_channels" in sizes else ()
    X = np.full(lead + (n, n), -1.2345678901234567)
    K = np.full(lead + ((sizes["out_channels"],) if lead else ()) + (k, k), -9.876543210987654)
    return cls(X, K)


@pytest.mark.parametrize("cls", PLAYERS)
def test_static_face_stays_under_100_kB_at_its_largest(cls):
    size = len(_largest(cls).static_html().encode())
    assert size < 100_000, size


def test_json_in_the_page_cannot_end_its_script():
    text = bundle._json_for_script({"a": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


# --------------------------------------------------------------------------
# Traitlets and validation
# --------------------------------------------------------------------------

def test_a_readers_arrays_and_python_changes():
    w = scatter_add_player([[1, 2, 0], [3, 4, 1]], [[1, 0], [0, 1]], stride=2)
    assert (w.input_size, w.kernel_size, w.X) == (2, 2, [[1.0, 2.0, 0.0], [3.0, 4.0, 1.0]])
    w.stride = 3
    w.step = 5
    assert (w.stride, w.step) == (3, 5)
    assert w.step_count() == 6
    w.padding = 1
    assert w.step_count() == 7
    w.input_size = 3  # a new size: the example's grid of that size
    assert w.X == [] and w.step_count() == 3 * 3 + 1
    w.K = [[1, 2, 3]]
    assert w.kernel_size == 1 and w.K == [[1.0, 2.0, 3.0]]


def test_step_follows_a_smaller_setting():
    w = conv_stepper(padding=2)
    w.step = w.step_count() - 1
    w.padding = 0
    assert w.step == w.step_count() - 1 == 3


@pytest.mark.parametrize("cls, kwargs, error, message", [
    (ConvStepper, {"padding": 9}, ValueError,
     "padding must be between 0 and 3 in the convolution stepper, got 9"),
    (ConvStepper, {"stride": 2.0}, TypeError,
     "stride must be an int between 1 and 4 in the convolution stepper, got 2.0"),
    (ConvStepper, {"stride": True}, TypeError, "stride must be an int between 1 and 4"),
    (ConvStepper, {"stride": None}, TypeError, "stride must be an int between 1 and 4"),
    (ConvStepper, {"input_size": 2, "kernel_size": 5}, ValueError,
     "kernel 5 with dilation=1 spans 5 pixels, more than the padded input 2"),
    (ScatterAddPlayer, {"stride": 2, "output_padding": 2}, ValueError,
     "output_padding must be >= 0 and smaller than stride=2 in the players (MXNet's rule)"),
    (ScatterAddPlayer, {"input_size": 1, "kernel_size": 2, "padding": 1}, ValueError,
     "padding=1 removes the whole output"),
    (ScatterAddPlayer, {"view": "matrix"}, ValueError,
     "view must be one of 'scatter', 'direct' in the transposed convolution as a scatter-add, got 'matrix'"),
    (MatrixView, {"mode": "both"}, ValueError, "mode must be one of 'conv', 'transposed'"),
    (MatrixView, {"mode": None}, TypeError, "mode must be one of 'conv', 'transposed'"),
    (MatrixView, {"example": "mine"}, ValueError, "example must be one of 'seed', 'random', got 'mine'"),
    (MatrixView, {"seed": 10**6}, ValueError, "seed must be between 0 and 999, got 1000000"),
    (MatrixView, {"step": 4}, ValueError, "step must be between 0 and 3 for these settings, got 4"),
    (MatrixView, {"X": [[np.nan]]}, ValueError, "X must hold finite numbers"),
    (MatrixView, {"K": [["a"]]}, TypeError, "K must hold numbers"),
    (MatrixView, {"K": "abc"}, TypeError, "K must be a 2-D array or a list of rows of numbers"),
    (MatrixView, {"X": [1, 2, 3]}, ValueError, "X must be a list of rows (a 2-D array)"),
    (MatrixView, {"X": [[1, 2], [3, 4]], "input_size": 3}, ValueError,
     "input_size=3 disagrees with the shape of X"),
    (ScatterAddPlayer, {"X": [[1, 2], [3]]}, ValueError,
     "X has rows of different lengths (2, 1); every row of X must have the same length"),
    (ConvStepper, {"colour": "red"}, TypeError, "unexpected arguments ['colour']; it takes input_size"),
    (ConvStepper, {"spec": {}}, TypeError, "unexpected arguments ['spec']"),
    (OverlapExplorer, {"layers": None}, TypeError, "layers must be an int between 1 and 3"),
    (SizeExplorer, {"mode": 1}, TypeError, "mode must be one of 'forward', 'inverse'"),
])
def test_bad_values_are_refused_with_a_clear_error(cls, kwargs, error, message):
    with pytest.raises((WidgetValueError, WidgetTypeError), match=re.escape(message)) as info:
        cls(**kwargs)
    assert isinstance(info.value, error)


def test_python_assignments_are_checked_and_leave_the_widget_unchanged():
    w = scatter_add_player()
    for name, value, error in [("stride", 0, ValueError), ("padding", 1.5, TypeError),
                               ("padding", 2, ValueError), ("step", -1, ValueError),
                               ("X", [[1, 2, 3]] * 7, ValueError), ("stride", None, TypeError),
                               ("X", None, TypeError), ("view", None, TypeError),
                               ("spec", {}, ValueError), ("spec", None, TypeError)]:
        with pytest.raises(error):
            setattr(w, name, value)
    assert w.model_values() == scatter_add_player().model_values()


def test_a_refused_message_from_the_browser_is_undone_as_a_whole():
    w = scatter_add_player()
    with pytest.raises(ValueError, match="padding=2 removes the whole output"):
        w.set_state({"stride": 2, "padding": 2})  # as a message from the browser arrives
    assert (w.stride, w.padding) == (1, 0)
    with pytest.raises(TypeError, match="padding"):
        w.set_state({"stride": 2, "padding": None})
    assert (w.stride, w.padding) == (1, 0)
    w.set_state({"stride": 2, "output_padding": 1, "step": 1})
    assert (w.stride, w.output_padding, w.step) == (2, 1, 1)


@pytest.mark.parametrize("cls", PLAYERS)
def test_too_large_settings_are_refused_before_anything_is_computed(cls):
    tracemalloc.start()
    channels = "in_channels" in {p["name"] for p in cls.SPEC["params"]}
    lead = (3,) if channels else ()
    too_large = r"X must have a shape .* of at most" if channels else r"X must have 1 to \d rows and 1 to \d columns"
    for rows in (10**3, 10**5):  # views of 8 MB and 80 GB: no memory behind them
        with pytest.raises(ValueError, match=too_large):
            cls(np.broadcast_to(0.0, lead + (rows, rows)))
    with pytest.raises(ValueError, match=r"must have 1 to 5 rows and 1 to 5 columns" if cls is ConvStepper
                       else "K must have a shape" if channels else "must have 1 to 4 rows"):
        cls(K=np.broadcast_to(0.0, lead * 2 + (1000, 3)))
    with pytest.raises(ValueError, match="input_size must be between"):
        cls(input_size=300)
    with pytest.raises(ValueError, match="must be between"):
        cls(padding=10**9)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000, peak  # nothing of the arrays' size was made


@pytest.mark.parametrize("cls", ALL)
def test_every_parameter_of_the_spec_is_a_synced_traitlet(cls):
    w = cls()
    names = [p["name"] for p in cls.SPEC["params"]] + ([cls.SPEC["views"]["name"]] if "views" in cls.SPEC else [])
    arrays = {"X", "K", "step", "example", "seed", "starts"} if "example" in cls.SPEC else set()
    assert set(names) | arrays | {"spec"} <= set(w.keys)
    assert {n: getattr(w, n) for n in names} == specs.defaults(cls.SPEC)


def test_a_parameter_is_one_entry_in_the_spec():
    """A spec with one more parameter makes a widget with one more checked, synced traitlet."""
    spec = {**specs.OVERLAP, "params": specs.OVERLAP["params"] + [specs.param("gain", "Gain", 1, 5, 2)]}

    class Wider(_Widget.of(spec)):
        ENTRY = "overlap.js"

    w = Wider(gain=3)
    assert w.gain == 3 and "gain" in w.keys and "gain" in repr(w)
    with pytest.raises(WidgetValueError, match="gain must be between 1 and 5 in the overlap explorer, got 9"):
        w.gain = 9
    assert w.gain == 3


def test_empty_arrays_mean_the_examples_grids():
    assert conv_stepper(X=[], K=[]).model_values() == conv_stepper().model_values()
    w = scatter_add_player([[1, 2], [3, 4]])
    w.X = []
    assert w.X == [] and w.input_size == 2


def test_ragged_rows_are_refused_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="rows of different lengths"):
            scatter_add_player(X=[[1, 2], [3]])
        with pytest.raises(TypeError, match="X must hold numbers"):
            scatter_add_player(X=[[1, [2]], [3, 4]])
        w = scatter_add_player()
        with pytest.raises(ValueError, match=r"K has rows of different lengths \(1, 2\)"):
            w.K = [[1], [2, 3]]


def test_a_refused_assignment_has_a_short_traceback():
    w = scatter_add_player()
    with pytest.raises(WidgetValueError) as info:
        w.stride = 0
    frames = traceback.extract_tb(info.value.__traceback__)
    assert [f.name for f in frames] == ["test_a_refused_assignment_has_a_short_traceback", "__setattr__"]
    text = "".join(traceback.format_exception(info.value))
    assert "traitlets" not in text and len(text.splitlines()) <= 8, text
    assert str(info.value) == ("stride must be between 1 and 4 in the transposed convolution as a "
                               "scatter-add, got 0")
    with pytest.raises(WidgetTypeError) as info:
        scatter_add_player(stride="2")
    assert len(traceback.extract_tb(info.value.__traceback__)) <= 3  # this test, the function, __init__


def test_nothing_raises_at_garbage_collection():
    caught = []
    hook, sys.unraisablehook = sys.unraisablehook, caught.append
    try:
        for cls in ALL:
            w = cls()
            for name in [*w.model_values()]:
                for value in (None, -1, "x", [[1], [2, 3]]):
                    with contextlib.suppress(ValueError, TypeError):
                        setattr(w, name, value)
            w.close()
            del w
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert caught == []


HASH_SEED_SCRIPT = """
from transconv.widgets import *
calls = [lambda: conv_stepper(stride=0, padding=None, input_size="x", colour=1, zoom=2),
         lambda: conv_stepper(stride=0, padding=None, input_size="x"),
         lambda: scatter_add_player(X=[], K=[[1, 2], [3]]),
         lambda: size_explorer(size=None, kernel=0),
         lambda: scatter_add_player().set_state({"stride": 0, "padding": 9, "output_padding": None}),
         lambda: matrix_view().set_state({"mode": "x", "input_size": 0, "X": [[1, 2], [3]]})]
for call in calls:
    try:
        call()
        print("accepted")
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
"""


def test_messages_are_the_same_in_every_run():
    """No message depends on set or dict ordering (PYTHONHASHSEED)."""
    runs = {subprocess.run([sys.executable, "-c", HASH_SEED_SCRIPT], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "2", "3")}
    assert len(runs) == 1, runs
    assert "accepted" not in runs.pop()


# --------------------------------------------------------------------------
# Properties: no value makes a widget that cannot be drawn
# --------------------------------------------------------------------------

NUMBERS = st.one_of(st.integers(-5, 12), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.booleans(), st.none(), st.builds(np.int64, st.integers(-3, 9)),
                    st.builds(np.float64, st.floats(-3, 9)))
GRIDS = st.one_of(
    st.lists(st.lists(st.integers(-9, 9), min_size=1, max_size=9), max_size=9),  # ragged too
    st.lists(st.lists(st.one_of(st.floats(allow_nan=True), st.none(), st.text(max_size=2)),
                      min_size=1, max_size=3), max_size=3),
    st.builds(lambda n, m: np.ones((n, m)), st.integers(0, 9), st.integers(0, 9)),
)
VALUES = st.one_of(NUMBERS, GRIDS, st.text(max_size=6),
                   st.sampled_from(["seed", "random", "scatter", "direct", "conv", "transposed",
                                    "forward", "inverse"]),
                   st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                   st.sampled_from([specs.STEPPER, specs.SIZE, {}, [], ()]))


#: What a browser may send: JSON.
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(-3, 12),
                                     st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6),
                                     st.sampled_from(["seed", "random", "direct", "transposed", "inverse"])),
                           lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=3), inner,
                                                                                        max_size=2),
                           max_leaves=30)


def _assert_drawable(w):
    """Every value of the widget is one its class accepts, and its face's model is valid JSON."""
    values = w.model_values()
    fresh = type(w)(**{n: v for n, v in values.items() if n not in ("spec", "step")})
    if "step" in values:
        assert 0 <= values["step"] < w.step_count()
    assert fresh.model_values() == {**values, **({"step": 0} if "step" in values else {})}
    json.loads(bundle._json_for_script(values))  # no NaN, no numpy scalars


@settings(max_examples=cases(400), deadline=None)
@given(st.data())
def test_every_traitlet_refuses_what_cannot_be_drawn_and_keeps_the_whole_widget(data):
    cls = data.draw(st.sampled_from(ALL))
    w = cls()
    name = data.draw(st.sampled_from(sorted(w.model_values())))
    value = data.draw(VALUES)
    before = w.model_values()
    try:
        setattr(w, name, value)
    except (ValueError, TypeError) as error:
        assert isinstance(error, (WidgetValueError, WidgetTypeError))
        assert str(error).startswith(name) and len(str(error)) < 300, str(error)
        assert w.model_values() == before
    else:
        _assert_drawable(w)


@settings(max_examples=cases(150), deadline=None)
@given(st.data())
def test_every_message_from_the_browser_is_taken_whole_or_refused_whole(data):
    cls = data.draw(st.sampled_from(ALL))
    w = cls()
    names = sorted(n for n in w.model_values() if n != "spec")
    message = data.draw(st.dictionaries(st.sampled_from(names), JSON_VALUES, min_size=1, max_size=4))
    before = w.model_values()
    try:
        w.set_state(message)
    except (ValueError, TypeError) as error:
        assert isinstance(error, (WidgetValueError, WidgetTypeError))
        assert w.model_values() == before
    else:
        _assert_drawable(w)


# --------------------------------------------------------------------------
# No unused exports
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _readers(exclude):
    """The text of every file that may use a name of the package, but ``exclude``."""
    paths = [*bundle.STATIC.glob("*.js"), *(ROOT / "tests" / "js").glob("*.mjs"), *(ROOT / "tests").glob("*.py"),
             *(ROOT / "transconv").glob("*.py"), *(ROOT / "chapters").glob("*.md"), *(ROOT / "benchmarks").glob("*.py"),
             *(ROOT / "_ext").rglob("*.py")]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p != exclude)


@pytest.mark.parametrize("path", sorted(bundle.STATIC.glob("*.js")), ids=lambda p: p.name)
def test_every_javascript_export_is_used_elsewhere(path):
    others = _readers(path)
    unused = [name for name in EXPORTED.findall(path.read_text(encoding="utf-8"))
              if not re.search(rf"\b{re.escape(name)}\b", others)]
    assert unused == [], f"{path.name} exports {unused}, which no other file uses: drop the export"


@pytest.mark.parametrize("module", ["bundle", "specs", "widgets"])
def test_every_public_python_name_is_used_elsewhere(module):
    path = ROOT / "transconv" / f"{module}.py"
    others = _readers(path)
    unused = [name for name in importlib.import_module(f"transconv.{module}").__all__
              if not re.search(rf"\b{re.escape(name)}\b", others)]
    assert unused == [], f"transconv.{module} lists {unused} in __all__, which no other file uses"
