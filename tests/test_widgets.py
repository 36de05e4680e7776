"""The players' Python side: traitlets, validation, the bundles and the static face.

What the browser does with them is tested in test_players_browser.py (static
pages), test_players_book.py (the built book) and test_lab.py (JupyterLab and
Notebook 7).
"""

import json
import re
import subprocess
import time
from html.parser import HTMLParser

import numpy as np
import pytest

from transconv import bundle, specs
from transconv.widgets import (
    ConvStepper,
    MatrixView,
    ScatterAddPlayer,
    conv_stepper,
    matrix_view,
    scatter_add_player,
)

PLAYERS = [ConvStepper, ScatterAddPlayer, MatrixView]
ENTRIES = ["stepper.js", "scatter_add.js", "matrix.js"]
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
                          "output_padding=0, dilation=1, view='scatter')")),
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
    sizes = {p["name"]: p["max"] for p in cls.SPEC["params"]}
    n, k = sizes["input_size"], sizes["kernel_size"]
    X = np.full((n, n), -1.2345678901234567)
    K = np.full((k, k), -9.876543210987654)
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
    (ConvStepper, {"stride": 2.0}, TypeError, "stride must be an int >= 1, got 2.0"),
    (ConvStepper, {"stride": True}, TypeError, "stride must be an int >= 1, got True"),
    (ConvStepper, {"input_size": 2, "kernel_size": 5}, ValueError,
     "kernel 5 with dilation=1 spans 5 pixels, more than the padded input 2"),
    (ScatterAddPlayer, {"stride": 2, "output_padding": 2}, ValueError,
     "output_padding must be >= 0 and smaller than stride=2 in the players (MXNet's rule)"),
    (ScatterAddPlayer, {"input_size": 1, "kernel_size": 2, "padding": 1}, ValueError,
     "padding=1 removes the whole output"),
    (ScatterAddPlayer, {"view": "matrix"}, ValueError, "view must be one of"),
    (MatrixView, {"mode": "both"}, ValueError, "mode must be one of"),
    (MatrixView, {"example": "mine"}, ValueError, "example must be 'seed' or 'random'"),
    (MatrixView, {"seed": 10**6}, ValueError, "seed must be between 0 and 999"),
    (MatrixView, {"step": 4}, ValueError, "step must be between 0 and 3 for these settings"),
    (MatrixView, {"X": [[np.nan]]}, ValueError, "X must hold finite numbers"),
    (MatrixView, {"K": [["a"]]}, TypeError, "K must hold numbers"),
    (MatrixView, {"X": [[1, 2], [3, 4]], "input_size": 3}, ValueError,
     "input_size=3 disagrees with the shape of X"),
    (ConvStepper, {"colour": "red"}, TypeError, "unexpected parameters ['colour']"),
])
def test_bad_values_are_refused_with_a_clear_error(cls, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        cls(**kwargs)


def test_python_assignments_are_checked_and_leave_the_widget_unchanged():
    w = scatter_add_player()
    for name, value, error in [("stride", 0, ValueError), ("padding", 1.5, TypeError),
                               ("padding", 2, ValueError), ("step", -1, ValueError),
                               ("X", [[1, 2, 3]] * 7, ValueError)]:
        with pytest.raises(error):
            setattr(w, name, value)
    assert repr(w) == repr(scatter_add_player())


def test_a_refused_message_from_the_browser_is_undone_as_a_whole():
    w = scatter_add_player()
    with pytest.raises(ValueError, match="padding=2 removes the whole output"):
        w.set_state({"stride": 2, "padding": 2})  # as a message from the browser arrives
    assert (w.stride, w.padding) == (1, 0)
    w.set_state({"stride": 2, "output_padding": 1, "step": 1})
    assert (w.stride, w.output_padding, w.step) == (2, 1, 1)


@pytest.mark.parametrize("cls", PLAYERS)
def test_too_large_settings_are_refused_before_anything_is_computed(cls):
    start = time.perf_counter()
    for rows in (10**3, 10**5):  # views: no memory behind them
        with pytest.raises(ValueError, match="must have at most|more than MAX_ELEMENTS"):
            cls(np.broadcast_to(0.0, (rows, rows)))
    with pytest.raises(ValueError, match=r"must have at most 5 rows and 5 columns"
                                         if cls is ConvStepper else "must have at most"):
        cls(K=np.broadcast_to(0.0, (1000, 3)))
    with pytest.raises(ValueError, match="input_size must be between"):
        cls(input_size=300)
    with pytest.raises(ValueError, match="must be between"):
        cls(padding=10**9)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize("cls", PLAYERS)
def test_every_parameter_of_the_spec_is_a_synced_traitlet(cls):
    w = cls()
    names = [p["name"] for p in cls.SPEC["params"]]
    synced = set(w.keys)
    assert set(names) | {"X", "K", "step", "spec", "example", "seed"} <= synced
    assert {n: getattr(w, n) for n in names} == specs.defaults(cls.SPEC)
