"""The players' static face in headless Chromium: standalone pages, no kernel, no network.

Each page holds the players' ``text/html`` as the book shows it. Every
control must change ``data-state``; the output shown must be what
``transconv.ops`` computes for the state's input, kernel and parameters.
Every control of every player and explorer set beyond its range through the
page, and models written by hand, must leave a responsive page showing a
setting that the widget's Python class accepts.
Screenshots go to ``_build/screenshots/``.
"""

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from player_state import expected, state, to_last_step

from transconv import bundle
from transconv.widgets import (
    ChannelsPlayer,
    ConvStepper,
    MatrixView,
    OverlapExplorer,
    PaddingPlayer,
    ScatterAddPlayer,
    SizeExplorer,
    channels_player,
    conv_stepper,
    matrix_view,
    padding_player,
    scatter_add_player,
)

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
PLAYERS = {"stepper": conv_stepper, "scatter-add": scatter_add_player, "padding": padding_player,
           "channels": channels_player, "matrix": matrix_view}
#: The name of cell [0, 0] of the input and of the kernel (with channels: of channel 0, and of the pair 0, 0).
FIRST = {"channels": ("X[0][0, 0]", "K[0, 0][0, 0]", "K[0, 0][0, 1]"), "matrix": ("x[0, 0]", "K[0, 0]", "K[0, 1]")}


def wait_change(page, root, old):
    """Wait until the root's data-state differs from ``old`` (a JSON string); return it."""
    page.wait_for_function("([el, old]) => el.getAttribute('data-state') !== old",
                           arg=[root.element_handle(), old], timeout=5000)
    return state(root)


def assert_shows_ops(player, st):
    np.testing.assert_allclose(np.array(st["output"], dtype=float), expected(player, st),
                               atol=1e-9)


@pytest.fixture
def page(open_html):
    body = "".join(f'<section data-name="{name}">{make().static_html()}</section>'
                   for name, make in PLAYERS.items())
    return open_html(body, "players")


def root_of(page, name):
    return page.locator(f'section[data-name="{name}"] [data-player="{name}"]')


@pytest.mark.parametrize("name", list(PLAYERS))
def test_player_starts_with_the_chapters_example(page, name):
    root = root_of(page, name)
    root.wait_for()
    st = state(root)
    assert st["step"] == 0
    start = {"stepper": ([[348, None], [None, None]], 4), "matrix": ([[348, None], [None, None]], 4),
             "scatter-add": ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], 4),
             "padding": ([[0, 0, 1], [0, 4, 6], [4, 12, 9]], 2),  # the full output, then padding 1
             "channels": (None, 6)}[name]  # 2 input channels x 3 output channels
    assert (st["output"] if start[0] is not None else None, st["steps"]) == start
    final = to_last_step(page, root)
    assert_shows_ops(name, final)
    if name == "scatter-add":
        assert final["output"] == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / f"player-{name}-last.png"))
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("name", list(PLAYERS))
def test_every_parameter_slider_changes_the_state_and_the_output_follows_ops(page, name):
    root = root_of(page, name)
    root.wait_for()
    sliders = root.locator("input[data-param]")
    assert sliders.count() >= 5
    changed = 0
    for k in range(sliders.count()):
        slider = sliders.nth(k)
        if slider.get_attribute("min") == slider.get_attribute("max"):
            continue  # the other parameters leave it one value
        before = root.get_attribute("data-state")
        slider.focus()
        key = "ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight"
        page.keyboard.press(key)
        after = wait_change(page, root, before)
        assert after != json.loads(before), slider.get_attribute("data-param")
        assert_shows_ops(name, to_last_step(page, root))
        changed += 1
    assert changed >= 3
    assert page.errors == []


@pytest.mark.parametrize("name", list(PLAYERS))
def test_step_buttons_and_play(page, name):
    root = root_of(page, name)
    root.wait_for()
    root.get_by_role("button", name="Next").click()
    assert state(root)["step"] == 1
    root.get_by_role("button", name="Previous").focus()
    page.keyboard.press("Enter")
    assert state(root)["step"] == 0
    play = root.locator('[data-role="play"]')
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    page.wait_for_function("el => JSON.parse(el.getAttribute('data-state')).step >= 1",
                           arg=root.element_handle(), timeout=5000)
    play.click()
    assert play.get_attribute("aria-pressed") == "false"
    assert page.errors == []


@pytest.mark.parametrize("name", list(PLAYERS))
def test_random_then_seed_example(page, name):
    root = root_of(page, name)
    root.wait_for()
    first = state(root)
    root.locator('[data-role="random"]').click()
    random = state(root)
    assert random["input"] != first["input"]
    assert_shows_ops(name, to_last_step(page, root))
    root.locator('[data-role="seed"]').click()
    assert state(root)["input"] == first["input"]


@pytest.mark.parametrize("name", list(PLAYERS))
def test_typing_into_a_cell_edits_the_input_and_the_output_follows(page, name):
    root = root_of(page, name)
    root.wait_for()
    x00, k00, k01 = FIRST.get(name, ("X[0, 0]", "K[0, 0]", "K[0, 1]"))
    cell = stage(root).locator(f'input[aria-label="{x00}"]')
    before = root.get_attribute("data-state")
    cell.focus()
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    after = wait_change(page, root, before)
    assert np.ravel(after["input"])[0] == 7
    assert_shows_ops(name, to_last_step(page, root))
    kernel = stage(root).locator(f'input[aria-label="{k00}"]')
    kernel.focus()
    page.keyboard.press("ArrowRight")  # arrow keys move between cells
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == k01
    page.keyboard.type("-2.5")
    page.keyboard.press("Tab")  # leaving the cell commits too
    st = state(root)
    assert np.ravel(st["kernel"])[1] == -2.5
    assert_shows_ops(name, to_last_step(page, root))
    assert page.errors == []


def stage(root):
    """The live view (not the print strip's copies of it)."""
    return root.locator(":scope > .tcv-stage")


def lit(root, title):
    """Cells with the pointer highlight in the live grid titled ``title``."""
    return stage(root).locator(f'figure:has(.tcv-grid-title:text-is("{title}")) .hl').count()


def test_pointing_at_output_and_input_cells_highlights_what_made_them(page):
    root = root_of(page, "stepper")
    root.wait_for()
    stage(root).locator('[data-cell="Y[1, 1]"]').hover()
    assert lit(root, "Input X") == 9 and lit(root, "Kernel K") == 9  # its 3x3 window
    stage(root).locator('input[aria-label="X[0, 0]"]').hover()
    assert lit(root, "Output Y") == 1  # a corner feeds one output cell
    stage(root).locator('input[aria-label="X[1, 1]"]').focus()  # keyboard focus too
    assert lit(root, "Output Y") == 4

    scatter = root_of(page, "scatter-add")
    to_last_step(page, scatter)
    stage(scatter).locator('[data-cell="Y[1, 1]"]').hover()
    assert lit(scatter, "Input X") == 4 and lit(scatter, "Kernel K") == 4
    stage(scatter).locator('input[aria-label="X[0, 0]"]').hover()
    assert lit(scatter, "Output Y") == 4

    matrix = root_of(page, "matrix")
    stage(matrix).locator('[data-cell="y[0, 1]"]').hover()
    assert lit(matrix, "W") == 16  # its row of W
    assert lit(matrix, "Input x") == 9
    assert page.errors == []


def test_direct_convolution_view_ends_on_the_same_output(page):
    root = root_of(page, "scatter-add")
    root.wait_for()
    root.locator('input[data-param="stride"]').focus()
    page.keyboard.press("ArrowRight")
    scatter_final = to_last_step(page, root)
    root.get_by_role("button", name="Direct convolution").click()
    direct = state(root)
    assert direct["view"] == "direct" and direct["step"] == direct["steps"] - 1
    assert direct["output"] == scatter_final["output"]
    assert direct["steps"] == np.array(direct["output"]).size
    root.locator('input[data-role="step"]').focus()
    page.keyboard.press("Home")
    assert stage(root).locator('figure:has-text("Padded input (zeros and padding)") .zero').count() > 0
    root.get_by_role("button", name="Scatter-add").click()
    assert state(root)["step"] == 0  # first to first
    assert page.errors == []


def test_matrix_view_transposed_mode(page):
    root = root_of(page, "matrix")
    root.wait_for()
    root.get_by_role("button", name="Transposed: columns of W").click()
    st = to_last_step(page, root)
    assert st["mode"] == "transposed" and st["steps"] == 16
    assert_shows_ops("matrix", st)
    assert root.locator('input[data-role="step"]').get_attribute("aria-label") == "Cell"


def test_the_live_region_announces_the_caption_only(page):
    root = root_of(page, "stepper")
    root.wait_for()
    live = root.locator("[aria-live]")
    assert live.count() == 1 and live.get_attribute("aria-live") == "polite"
    root.get_by_role("button", name="Next").click()
    assert live.inner_text() == "Y[0, 1] = 2·1 + 3·2 + 4·3 + 6·4 + 7·5 + 8·6 + 10·7 + 11·8 + 12·9 = 393"
    assert root.locator('input[data-role="step"]').get_attribute("aria-valuetext") == "Step 2 of 4"


def test_two_identical_players_on_one_page_are_independent(open_html):
    page = open_html(scatter_add_player().static_html() * 2, "twins")
    roots = page.locator('[data-player="scatter-add"]')
    roots.nth(1).wait_for()
    assert roots.count() == 2
    assert page.evaluate("document.querySelectorAll('[id]').length") == 0
    roots.nth(1).get_by_role("button", name="Next").click()
    assert (state(roots.nth(0))["step"], state(roots.nth(1))["step"]) == (0, 1)
    assert page.errors == []


def _contrast(page, a, b):
    return page.evaluate("""([a, b]) => {
        const lum = (c) => { const ctx = document.createElement('canvas').getContext('2d');
          ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1);
          const d = ctx.getImageData(0, 0, 1, 1).data;
          const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(d[0]) + 0.7152 * f(d[1]) + 0.0722 * f(d[2]); };
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); }""", [a, b])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_focus_indicator_has_3_to_1_contrast(open_html, theme):
    page = open_html(conv_stepper().static_html(), f"focus-{theme}")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    root = page.locator('[data-player="stepper"]')
    root.wait_for()
    root.locator('[data-role="play"]').focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible
    outline, width = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineColor, parseFloat(s.outlineWidth)]; }")
    background = page.evaluate("getComputedStyle(document.querySelector('.tcv')).backgroundColor")
    assert width >= 2
    assert _contrast(page, outline, background) >= 3, (outline, background)
    if theme == "dark":
        assert background != "rgb(255, 255, 255)"
        root.screenshot(path=str(SCREENSHOTS / "player-stepper-dark.png"))


def test_phone_width_numbers_and_scrolling_matrix(open_html):
    page = open_html(matrix_view(input_size=6).static_html(), "phone")
    page.set_viewport_size({"width": 390, "height": 800})
    page.evaluate("document.body.style.width = '390px'")
    root = page.locator('[data-player="matrix"]')
    root.wait_for()
    sizes = page.evaluate("[...document.querySelectorAll('.tcv-cell')].map("
                          "c => parseFloat(getComputedStyle(c).fontSize))")
    assert min(sizes) >= 12
    scroller = root.locator('.tcv-scroll:has(.tcv-grid-title), figure:has-text("W") .tcv-scroll').first
    assert scroller.get_attribute("tabindex") == "0"
    assert "scrolls sideways" in scroller.get_attribute("aria-label")
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", scroller.element_handle())
    scroller.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=scroller.element_handle(), timeout=3000)
    assert root.bounding_box()["width"] <= 390
    root.screenshot(path=str(SCREENSHOTS / "player-matrix-390.png"))


def test_print_shows_key_frames_without_controls(open_html):
    page = open_html(scatter_add_player(stride=2).static_html(), "print")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelectorAll('.tcv-print .tcv-keyframe').length >= 3",
                           timeout=5000)
    captions = root.locator(".tcv-print figcaption").all_inner_texts()
    assert [c.split(":")[0] for c in captions] == ["Step 1 of 4", "Step 2 of 4", "Step 4 of 4"]
    assert not root.locator(".tcv-stepbar").is_visible()
    assert not root.locator("input[data-param]").first.is_visible()
    assert root.locator(".tcv-print").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.tcv')).breakInside") == "avoid"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package-lock.json


@pytest.mark.parametrize("width, theme", [(1280, "light"), (390, "dark")])
def test_axe_finds_nothing_in_the_players(open_html, width, theme):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make node` installs axe-core from package-lock.json")
    players = (conv_stepper(), matrix_view(mode="transposed"), scatter_add_player(stride=2, padding=1),
               scatter_add_player(view="direct", phases="on", stride=2, kernel_size=3),  # two of a kind on one page
               padding_player(padding=2, input_size=4, kernel_size=3), channels_player())
    body = "".join(w.static_html() for w in players)
    page = open_html(f"<main><h1>Players</h1>{body}</main>", f"axe-{theme}")
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.wait_for_function(f"document.querySelectorAll('[data-player]').length === {len(players)}")
    stage(page.locator('[data-player="stepper"]')).locator('[data-cell="Y[0, 1]"]').hover()
    # the sum panel and its badges showing (the last pointed player keeps its panel)
    page.wait_for_function("document.querySelectorAll('.tcv-mark-pair:not([hidden])').length > 0")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                               ".violations.map(v => [v.id, v.impact, v.nodes[0].html.slice(0, 120)])")
    assert violations == []


# --------------------------------------------------------------------------
# Trust nothing (issue 22): controls set beyond their ranges, models written by hand
# --------------------------------------------------------------------------

WIDGETS = {"stepper": ConvStepper, "scatter-add": ScatterAddPlayer, "padding": PaddingPlayer,
           "channels": ChannelsPlayer, "matrix": MatrixView, "overlap": OverlapExplorer, "size": SizeExplorer}
BEYOND = [-1, 0, 10**6]

TAMPER = """(e, v) => { e.min = '-100000000'; e.max = '100000000'; e.value = String(v);
                         e.dispatchEvent(new Event('input', {bubbles: true})); }"""


def assert_responsive(page):
    """The page still runs a script within 5 s (a frozen renderer never does)."""
    page.wait_for_function("() => true", timeout=5000)


def assert_state_is_allowed(name, root, bounds=True):
    """What the root shows is a setting its widget class accepts, and its controls keep their bounds."""
    st = state(root)
    if name in PLAYERS:
        params = {k: v for k, v in st["params"].items() if k in {p["name"] for p in WIDGETS[name].SPEC["params"]}}
        toggle = {k: st[k] for k in ("view", "mode") if k in st}
        WIDGETS[name](st["input"], st["kernel"], **params, **toggle)  # raises if Python refuses it
        assert 0 <= st["step"] < st["steps"]
        step = root.locator('input[data-role="step"]')
        assert (step.get_attribute("min"), step.get_attribute("max")) == ("0", str(st["steps"] - 1))
        assert_shows_ops(name, to_last_step(root.page, root))
    else:
        WIDGETS[name](**st["params"])
    for slider in root.locator("input[data-param]").all() if bounds else []:
        spec = next(p for p in WIDGETS[name].SPEC["params"] if p["name"] == slider.get_attribute("data-param"))
        low, high, value = (int(slider.get_attribute(a) or -1) for a in ("min", "max", "value"))
        assert spec["min"] <= low <= int(slider.input_value()) <= high <= spec["max"], (name, spec["name"], value)


@pytest.mark.parametrize("name", list(WIDGETS))
def test_controls_set_beyond_their_range_through_the_page_are_clamped(open_html, name):
    page = open_html(WIDGETS[name]().static_html(), f"beyond-{name}")
    root = page.locator(f'[data-player="{name}"]')
    page.wait_for_selector("[data-player][data-state]")
    controls = root.locator('input[data-param], input[data-role="step"]')
    for k in range(controls.count()):
        for value in BEYOND:
            control = controls.nth(k)
            if not control.is_visible():
                continue
            control.evaluate(TAMPER, value)
            assert_responsive(page)
            assert_state_is_allowed(name, root)
    if name in PLAYERS:
        cell = stage(root).locator("input[data-cell]:not([readonly])").first  # X's first real cell
        for text in ("1e400", "abc", "-0", "1e300"):
            cell.fill(text)
            cell.press("Enter")
            assert_responsive(page)
            assert_state_is_allowed(name, root)
    assert page.errors == []


def hostile_models(cls):
    """Models a hand-written page may hold: every value out of range, of the wrong type, or absent."""
    good = cls().model_values()
    names = [n for n in good if n != "spec"]
    yield "huge", {**good, **{n: 10**6 for n in names}}
    yield "negative", {**good, **{n: -5 for n in names}}
    yield "null", {**good, **{n: None for n in names}}
    yield "strings", {**good, **{n: "3" for n in names}}
    yield "fractions", {**good, **{n: 2.5 for n in names}}
    yield "missing", {"spec": good["spec"]}
    if "X" in good:
        yield "arrays", {**good, "X": [[1, 2], [3]], "K": [[1] * 9] * 9, "step": 10**9, "seed": -3}
        yield "rule broken", {**good, "input_size": 1, "kernel_size": 4, "padding": 3, "stride": 1,
                              "output_padding": 3, "X": [], "K": []}
    spec = good["spec"]
    wide = {**spec, "params": [{**p, "max": 1000} if "max" in p else p for p in spec["params"]]}
    huge = {**good, "spec": wide, **{p["name"]: 1000 for p in spec["params"] if "max" in p}}
    yield "spec with huge ranges", huge
    if "mode" in good:
        yield "spec with huge ranges, inverse", {**huge, "mode": "inverse"}
    yield "empty spec", {**good, "spec": {}}
    yield "broken spec", {**good, "spec": {**spec, "params": "x", "rules": ["nonsense"]}}


@pytest.mark.parametrize("name", list(WIDGETS))
def test_hand_written_models_draw_a_valid_state_or_say_why_not(open_html, name):
    cls = WIDGETS[name]
    faces = {label: bundle.static_html(cls.ENTRY, model) for label, model in hostile_models(cls)}
    page = open_html("".join(f'<section data-case="{label}">{html}</section>' for label, html in faces.items()),
                     f"hostile-{name}")
    page.wait_for_function(f"document.querySelectorAll('.tcv-mount > *').length === {len(faces)}")
    assert_responsive(page)
    for label in faces:
        section = page.locator(f'section[data-case="{label}"]')
        if label in ("empty spec", "broken spec"):
            assert "cannot be drawn" in section.inner_text(), label
            continue
        root = section.locator(f'[data-player="{name}"]')
        page.wait_for_function("el => el.hasAttribute('data-state')", arg=root.element_handle())
        if label.startswith("spec with huge ranges"):
            # a page's own spec is all the engine knows: it offers the wider ranges, and a setting too
            # large to draw falls back to the spec's defaults
            assert state(root)["params"], label
            continue
        assert_state_is_allowed(name, root)
    assert page.errors == [] and page.outside == []


# --------------------------------------------------------------------------
# Players that explain (issue 17): the sum under the pointer, the copy, motion, speed, phases
# --------------------------------------------------------------------------

def pairs_shown(root):
    """Pair badges placed on the live view's grids (one per product on each grid that shows it)."""
    return stage(root).locator(".tcv-mark-pair:not([hidden])").count()


def wait_point(page, root, test):
    """Wait until data-state's point satisfies ``test`` (a JS expression of p); return the state."""
    page.wait_for_function(f"el => {{ const p = JSON.parse(el.getAttribute('data-state')).point; return {test}; }}",
                           arg=root.element_handle(), timeout=5000)
    return state(root)


def element(array, index):
    for n in index:
        array = array[n]
    return array


# (player, its widget, the output cell pointed at, the marks per product: one per grid that shows the pair)
POINTED = [
    ("stepper", lambda: conv_stepper(), "Y[1, 1]", 2),
    ("scatter-add", lambda: scatter_add_player(stride=2, kernel_size=3), "Y[2, 2]", 2),
    ("scatter-add", lambda: scatter_add_player(view="direct", stride=2, padding=1, output_padding=1), "Y[2, 2]", 4),
    ("padding", lambda: padding_player(padding=2, input_size=4, kernel_size=3), "Y[0, 1]", 2),
    ("channels", lambda: channels_player(), "Y[1][1, 1]", 2),
    ("matrix", lambda: matrix_view(), "y[0, 1]", 3),
    ("matrix", lambda: matrix_view(mode="transposed"), "z[1, 1]", 3),
]


@pytest.mark.parametrize("name, make, cell, marks", POINTED, ids=[f"{p[0]}-{p[2]}" for p in POINTED])
def test_pointing_at_an_output_cell_shows_its_products_with_badges_and_says_them(open_html, name, make, cell, marks):
    page = open_html(make().static_html(), f"point-{name}")
    root = page.locator(f'[data-player="{name}"]')
    root.wait_for()
    to_last_step(page, root)
    target = stage(root).locator(f'[data-cell="{cell}"]')
    target.hover()
    st = wait_point(page, root, f"p && p.cell === {json.dumps(cell)}")
    point = st["point"]
    products = [t["x"] * t["k"] for t in point["terms"]]
    assert point["value"] == sum(products) and point["terms"]
    shown = float(target.inner_text())
    assert point["value"] == pytest.approx(shown)
    # indices into the original arrays: each term's numbers are the arrays' elements there
    source = np.array(st["input"]) if name != "matrix" or cell.startswith("y") else None
    for term in point["terms"]:
        if source is not None:
            assert element(st["input"], term["input"]) == term["x"]
        assert element(st["kernel"], term["kernel"]) == term["k"]
    # the panel shows one numbered product per term, the live region says the whole sum
    chips = root.locator(".tcv-sum .tcv-chip")
    assert chips.count() == len(point["terms"])
    assert root.locator(".tcv-sum .tcv-badge").all_inner_texts() == [str(n + 1) for n in range(len(point["terms"]))]
    said = root.locator("[aria-live] .tcv-pointed").inner_text()
    assert f"= {point['value']:g}".replace(".0 ", " ") in said.replace(".0 ", " ") + " "
    assert root.locator(".tcv-sum").get_attribute("aria-hidden") == "true"
    page.wait_for_function(f"el => el.querySelectorAll(':scope > .tcv-stage .tcv-mark-pair:not([hidden])').length === "
                           f"{marks * len(point['terms'])}", arg=root.element_handle(), timeout=5000)
    root.screenshot(path=str(SCREENSHOTS / f"player-{name}-pointed.png"))
    # leaving: no point, the panel gives its hint
    page.mouse.move(1, 1)
    wait_point(page, root, "p === null")
    assert "Point at" in root.locator(".tcv-sum").inner_text()
    # the keyboard points too: focus the cell
    target.focus()
    assert wait_point(page, root, f"p && p.cell === {json.dumps(cell)}")["point"] == point
    assert page.errors == []


def test_pointing_at_an_input_cell_shows_where_its_copy_lands(open_html):
    page = open_html(scatter_add_player(stride=2, kernel_size=3).static_html(), "lands")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    st = to_last_step(page, root)
    stage(root).locator('input[aria-label="X[1, 1]"]').hover()
    st = wait_point(page, root, "p && p.cell === 'X[1, 1]'")
    lands = st["point"]["lands"]
    assert len(lands) == 9 and all(land["x"] == 3 for land in lands)
    # the copy 3·K lands at (2, 2) .. (4, 4), each cell with the kernel element it gets
    assert [land["output"] for land in lands] == [[2 + u, 2 + v] for u in range(3) for v in range(3)]
    assert [land["kernel"] for land in lands] == [[u, v] for u in range(3) for v in range(3)]
    page.wait_for_function("el => el.querySelectorAll(':scope > .tcv-stage .tcv-mark-pair:not([hidden])').length === 18",
                           arg=root.element_handle())
    assert "its copy 3·K lands on 9 elements" in root.locator("[aria-live]").inner_text()
    assert page.errors == []


def test_a_tap_points_like_a_hover(chromium, tmp_path):
    path = tmp_path / "touch.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
                    f"<body>{conv_stepper().static_html()}</body></html>", encoding="utf-8")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        root = page.locator('[data-player="stepper"]')
        root.wait_for()
        to_last_step(page, root)
        stage(root).locator('[data-cell="Y[0, 1]"]').tap()
        assert wait_point(page, root, "p && p.cell === 'Y[0, 1]'")["point"]["value"] == 393
        root.screenshot(path=str(SCREENSHOTS / "player-stepper-tapped-390.png"))
    finally:
        context.close()


def frame_box(root, grid_title, name):
    return stage(root).locator(f'figure:has(.tcv-grid-title:text-is("{grid_title}")) .tcv-frame-{name}').bounding_box()


def cell_box(root, cell):
    return stage(root).locator(f'[data-cell="{cell}"]').bounding_box()


def encloses(outer, inner):
    return (outer["x"] <= inner["x"] + 1 and outer["y"] <= inner["y"] + 1
            and outer["x"] + outer["width"] >= inner["x"] + inner["width"] - 1
            and outer["y"] + outer["height"] >= inner["y"] + inner["height"] - 1)


def test_the_copy_x_K_is_shown_next_to_where_it_lands(open_html):
    page = open_html(scatter_add_player(stride=2, kernel_size=3).static_html(), "copy")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    root.get_by_role("button", name="Next").click()  # X[0, 1] = 1: its copy lands at (0, 2)
    copy = stage(root).locator('figure:has(.tcv-grid-title:has-text("Copy"))')
    assert copy.locator(".tcv-grid-title").inner_text() == "Copy X[0, 1]·K = 1·K"
    root.get_by_role("button", name="Next").click()  # X[1, 0] = 2
    assert copy.locator(".tcv-grid-title").inner_text() == "Copy X[1, 0]·K = 2·K"
    assert [float(t) for t in copy.locator("[data-cell]").all_inner_texts()] == [2 * k for k in range(9)]
    page.wait_for_timeout(400)  # the frame glides to its place
    land = frame_box(root, "Output Y (running sum)", "land")
    assert encloses(land, cell_box(root, "Y[2, 0]")) and encloses(land, cell_box(root, "Y[4, 2]"))
    assert not encloses(land, cell_box(root, "Y[1, 0]")) and not encloses(land, cell_box(root, "Y[2, 3]"))
    assert page.errors == []


def test_the_window_glides_between_steps_unless_motion_is_reduced(open_html):
    page = open_html(conv_stepper().static_html(), "motion")
    root = page.locator('[data-player="stepper"]')
    root.wait_for()
    frame = stage(root).locator(".tcv-frame-window")
    frame.wait_for()
    assert frame.evaluate("f => getComputedStyle(f).transitionDuration").startswith("0.22")
    before = frame.evaluate("f => f.style.transform")
    root.get_by_role("button", name="Next").click()
    page.wait_for_function("([f, b]) => f.style.transform !== b", arg=[frame.element_handle(), before])
    page.wait_for_timeout(400)
    assert encloses(frame.bounding_box(), cell_box(root, "X[0, 1]")) and encloses(frame.bounding_box(), cell_box(root, "X[2, 3]"))
    page.emulate_media(reduced_motion="reduce")
    assert frame.evaluate("f => getComputedStyle(f).transitionDuration") == "0s"


def step_times(page, root, seconds):
    """Milliseconds between the step changes of a playing player, over ``seconds``."""
    return page.evaluate("""([el, ms]) => new Promise((resolve) => {
        const times = [];
        const seen = new MutationObserver(() => times.push(performance.now()));
        seen.observe(el, {attributes: true, attributeFilter: ['data-state']});
        setTimeout(() => { seen.disconnect(); resolve(times.slice(1).map((t, i) => t - times[i])); }, ms);
    })""", [root.element_handle(), seconds * 1000])


def test_play_fits_any_setting_into_30_seconds_and_its_speed_control_works(open_html):
    # the direct view at input 6, kernel 3, stride 3 has 324 steps (about five minutes at 900 ms a step)
    page = open_html(scatter_add_player(input_size=6, kernel_size=3, stride=3, view="direct").static_html(), "speed")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    steps = state(root)["steps"]
    assert steps == 324
    per_step = 30_000 // steps  # engine.js playInterval at the normal speed: 92 ms
    medians = {}
    for speed in ("Normal", "Fast", "Slow"):
        root.locator('[data-param="speed"]').get_by_role("button", name=speed).click()
        root.get_by_role("button", name="Previous").focus()
        page.keyboard.press("Home")
        root.locator('[data-role="play"]').click()
        times = step_times(page, root, 1.5)
        root.locator('[data-role="play"]').click()
        medians[speed] = float(np.median(times))
    assert per_step * 0.95 <= medians["Normal"] <= per_step * 2  # timers run late under load, never early
    assert medians["Fast"] < medians["Normal"] < medians["Slow"]
    assert root.locator('[data-param="speed"] [aria-pressed="true"]').inner_text() == "Slow"
    # the speed is the reader's, beside data-state; the group says what it means for this setting
    assert root.get_attribute("data-speed") == "slow"
    pace = f"{2 * per_step} ms a step, {round(2 * per_step * steps / 1000)} s in all"  # each step shown once: 60 s
    assert root.locator('[data-param="speed"] .tcv-pace').inner_text() == pace
    assert page.errors == []


def test_the_direct_views_caption_spells_out_its_window_products(open_html):
    page = open_html(scatter_add_player(stride=2, padding=1, output_padding=1, view="direct").static_html(), "direct")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    for _ in range(3):
        text = root.locator("[aria-live] .tcv-said").inner_text()
        head, products, value = text.split(" (")[0].split(" = ")
        assert sum(float(a) * float(b) for a, b in (p.split("·") for p in products.split(" + "))) == float(value)
        assert len(products.split(" + ")) == 4  # the 2 x 2 kernel's taps
        root.get_by_role("button", name="Next").click()
    assert page.errors == []


def test_the_phases_toggle_colours_the_output_and_shows_each_phases_sub_kernel_and_sum(open_html):
    page = open_html(scatter_add_player(stride=2, kernel_size=3).static_html(), "phases")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    assert stage(root).locator(".tcv-phases").is_hidden()
    root.locator('[data-param="phases"]').get_by_role("button", name="On").click()
    st = to_last_step(page, root)
    assert st["phases"] == "on"
    K = np.array(st["kernel"])
    titles = stage(root).locator(".tcv-phases .tcv-grid-title").all_inner_texts()
    assert titles == [f"Phase ({a}, {b}): K[{a}::2, {b}::2], sum {K[a::2, b::2].sum():g}" for a in range(2) for b in range(2)]
    classes = stage(root).locator('figure:has(.tcv-grid-title:text-is("Output Y")) [data-cell]').evaluate_all(
        "cells => cells.map(c => (c.className.match(/\\bph(\\d+)/) || [])[1])")
    rows = len(st["output"])
    assert classes == [str((i % 2) * 2 + j % 2) for i in range(rows) for j in range(rows)]
    assert "The phase sums differ" in stage(root).locator(".tcv-phases").inner_text()
    root.get_by_role("button", name="Direct convolution").click()  # the direct view keeps the phases
    assert stage(root).locator(".tcv-phases .tcv-grid").count() == 4
    root.screenshot(path=str(SCREENSHOTS / "player-scatter-add-phases.png"))
    assert page.errors == []


def test_the_matrix_view_numbers_x_y_and_the_rows_and_columns_of_W(open_html):
    page = open_html(matrix_view(mode="transposed").static_html(), "indices")
    root = page.locator('[data-player="matrix"]')
    root.wait_for()
    page.wait_for_function("el => el.querySelectorAll('.tcv-mark-col').length === 16", arg=root.element_handle())

    def marks(title, kind):
        return stage(root).locator(f'figure:has(.tcv-grid-title:text-is("{title}")) .tcv-mark-{kind}').all_inner_texts()

    assert marks("Input x", "index") == [str(n) for n in range(16)]
    assert marks("y = W x", "index") == [str(n) for n in range(4)]
    assert marks("W", "row") == [str(n) for n in range(4)] and marks("W", "col") == [str(n) for n in range(16)]
    assert "z0 = column 0 of W" in root.locator("[aria-live]").inner_text()
    assert page.errors == []


#: The padding page's example: a 3 x 3 counting input and an all-ones 2 x 2 kernel, stride 2, padding 2.
PADDING_X = np.arange(1.0, 10.0).reshape(3, 3)


def open_padding_example(open_html, name):
    """The padding player on the padding page's example, drawn: ``(page, root)``."""
    page = open_html(padding_player(PADDING_X, np.ones((2, 2)), stride=2, padding=2).static_html(), name)
    root = page.locator('[data-player="padding"]')
    root.wait_for()
    return page, root


def test_the_padding_player_crops_one_row_and_column_per_side_per_step(open_html):
    page, root = open_padding_example(open_html, "padding")
    nxt = root.get_by_role("button", name="Next")
    for r in range(3):
        st = state(root)
        assert (st["step"], st["steps"]) == (r, 3)  # from padding 0 to padding 2
        assert_shows_ops("padding", st)  # step r is the output of padding r
        kept = stage(root).locator('figure:has(.tcv-grid-title:has-text("Full output")) .tcv-cell:not(.cropped)')
        assert kept.count() == (6 - 2 * r) ** 2
        if r < 2:
            nxt.click()
    assert nxt.get_attribute("aria-disabled") == "true"  # at the last step Next goes no further
    # padding 2: the copies of the border elements lie wholly in the cropped border
    lost = stage(root).locator("input.lost").evaluate_all("cells => cells.map(c => c.getAttribute('aria-label'))")
    assert sorted(lost) == sorted(f"X[{i}, {j}]" for i in range(3) for j in range(3) if (i, j) != (1, 1))
    assert "no longer reach the output" in root.locator("[aria-live]").inner_text()
    root.screenshot(path=str(SCREENSHOTS / "player-padding-last.png"))
    assert page.errors == []


def test_the_channels_player_sums_over_input_channels_and_an_input_lands_in_every_output_channel(open_html):
    rng = np.random.default_rng(0)
    X, K = rng.integers(0, 4, size=(2, 2, 2)).astype(float), rng.integers(0, 4, size=(2, 3, 2, 2)).astype(float)
    page = open_html(channels_player(X, K).static_html(), "channels")
    root = page.locator('[data-player="channels"]')
    root.wait_for()
    assert state(root)["steps"] == 6
    st = to_last_step(page, root)
    assert_shows_ops("channels", st)
    stage(root).locator('input[aria-label="X[1][0, 1]"]').hover()
    lands = wait_point(page, root, "p && p.cell === 'X[1][0, 1]'")["point"]["lands"]
    assert sorted({tuple(land["output"][:1]) for land in lands}) == [(0,), (1,), (2,)] and len(lands) == 12
    assert all(land["kernel"][0] == 1 and land["x"] == X[1, 0, 1] for land in lands)
    root.locator('input[data-param="out_channels"]').focus()
    page.keyboard.press("ArrowLeft")
    st = to_last_step(page, root)
    assert np.shape(st["output"])[0] == 2 and np.shape(st["kernel"])[:2] == (2, 2)
    assert_shows_ops("channels", st)
    assert page.errors == []


NAMED = re.compile(r"(\(X\[\d+\] with K\[\d+, \d+\]\)|\b[A-Za-z]+)\[")


def names_on_screen(root):
    """The lower-case words of the titles of the live grids shown (what a sighted reader can see)."""
    titles = stage(root).locator(".tcv-grid:visible .tcv-grid-title").all_inner_texts()
    return " ".join(titles).lower()


@pytest.mark.parametrize("name", list(PLAYERS))
def test_what_pointing_says_names_only_grids_on_screen(open_html, name):
    """Finding 6 of the phone reader: every cell of every grid, pointed at, is named as its grid's title names it."""
    make = {"scatter-add": lambda: scatter_add_player(padding=1)}.get(name, PLAYERS[name])
    page = open_html(make().static_html(), name)
    root = page.locator(f'[data-player="{name}"]')
    root.wait_for()
    views = root.locator('[data-param="view"] button, [data-param="mode"] button')
    for v in range(max(1, views.count())):
        if views.count():
            views.nth(v).click()
        for _ in range(2):
            shown = names_on_screen(root)
            cells = stage(root).locator(".tcv-grid:visible [data-cell]")
            for k in range(cells.count()):
                cell = cells.nth(k)
                if cell.get_attribute("data-i") != "0" or cell.get_attribute("data-j") not in ("0", "1"):
                    continue
                cell.hover()
                said = root.locator(".tcv-pointed").inner_text()
                label = cell.get_attribute("aria-label") or ""
                for found in NAMED.findall(said) + [label.split("[")[0]]:
                    words = re.findall(r"[a-z]+", found.lower())
                    assert all(re.search(rf"\b{w}\b", shown) for w in words), (found, said, label, shown)
            nxt = root.get_by_role("button", name="Next")
            if nxt.get_attribute("aria-disabled") != "true":
                nxt.click()
    assert page.errors == []


def test_a_copy_cell_says_its_own_product(open_html):
    page = open_html(scatter_add_player().static_html(), "copy")
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    stage(root).locator('[data-cell="copy[0, 1]"]').hover()
    st = wait_point(page, root, "p && p.cell === 'copy[0, 1]'")
    assert st["point"]["terms"] == [{"input": [0, 0], "kernel": [0, 1], "x": 0, "k": 1}]
    assert root.locator(".tcv-pointed").inner_text() == "copy[0, 1] = X[0, 0]·K[0, 1] = 0·1 = 0"
    assert root.locator(".tcv-sum .tcv-sum-head").inner_text() == "copy[0, 1] ="
    assert lit(root, "Input X") == 1 and lit(root, "Kernel K") == 1
    assert page.errors == []


def test_escape_pauses_play_and_clears_the_pointed_cell(open_html):
    page = open_html(scatter_add_player().static_html(), "escape", width=1280)
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    play = root.locator('[data-role="play"]')
    play.focus()
    page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert play.get_attribute("aria-pressed") == "false"
    step = state(root)["step"]
    page.wait_for_timeout(1200)
    assert state(root)["step"] == step  # stopped
    stage(root).locator('[data-cell="Y[1, 1]"]').focus()
    wait_point(page, root, "p && p.cell === 'Y[1, 1]'")
    page.keyboard.press("Escape")
    wait_point(page, root, "p === null")
    assert root.locator(".tcv-sum .tcv-hint").count() == 1 and root.locator(".tcv-pointed").inner_text() == ""
    assert page.errors == []


def test_growing_the_pages_uniform_kernel_keeps_it_uniform_and_calls_nothing_typed(open_html):
    """Finding 7: the padding page's all-ones kernel grows as ones, and the caption says nothing was typed."""
    page, root = open_padding_example(open_html, "grow")
    root.locator('input[data-param="kernel_size"]').focus()
    before = root.get_attribute("data-state")
    page.keyboard.press("End")
    st = wait_change(page, root, before)
    k = len(st["kernel"])
    assert k > 2 and st["kernel"] == [[1] * k] * k
    assert "typed" not in root.locator("[aria-live]").inner_text()
    page.keyboard.press("Home")
    page.wait_for_function("el => JSON.parse(el.getAttribute('data-state')).kernel.length === 1", arg=root.element_handle())
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => JSON.parse(el.getAttribute('data-state')).kernel.length === 2", arg=root.element_handle())
    assert state(root)["kernel"] == [[1, 1], [1, 1]] and state(root)["input"] == PADDING_X.tolist()
    # typing still counts as typed, and a new example forgets the page's kernel
    root.locator('[data-role="random"]').click()
    assert state(root)["kernel"] != [[1, 1], [1, 1]]
    assert page.errors == []


PHONES = (320, 390)


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_the_step_bar_stays_on_screen_with_the_output_it_changes(open_html, width):
    """Finding 2: the step bar sticks to the top of the screen while the player is in view (not on a desktop)."""
    page = open_html(channels_player().static_html(), f"sticky-{width}", width=width)
    page.set_viewport_size({"width": width, "height": 640})
    root = page.locator('[data-player="channels"]')
    root.wait_for()
    out = stage(root).locator(".tcv-grid").last
    out.evaluate("e => e.scrollIntoView({block: 'end'})")
    page.evaluate("window.scrollBy(0, 40)")
    nxt = root.get_by_role("button", name="Next")
    bar, grid = root.locator(".tcv-stepbar").bounding_box(), out.bounding_box()
    assert 0 <= bar["y"] and bar["y"] + bar["height"] <= grid["y"] and bar["height"] <= 125, (bar, grid)
    box = nxt.bounding_box()
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent", [box["x"] + 5, box["y"] + 5])
    assert hit and "Next" in hit
    before = state(root)["step"]
    nxt.click()  # no scrolling needed
    assert state(root)["step"] == before + 1
    page.set_viewport_size({"width": 1280, "height": 640})
    assert root.locator(".tcv-stepbar").evaluate("e => getComputedStyle(e).position") == "static"
    assert page.errors == []


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_the_tab_order_of_the_step_bar_follows_what_the_eye_sees(open_html, width):
    """Finding 10: Previous, Play, Next, the step slider, then the speed buttons, top to bottom and left to right."""
    page = open_html(scatter_add_player().static_html(), f"tab-{width}", width=width)
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    root.get_by_role("button", name="Previous").focus()
    seen = []
    for _ in range(7):
        seen.append(page.evaluate("() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                                  " return [e.getAttribute('aria-label') || e.textContent.trim(), r.top + scrollY, r.left]; }"))
        page.keyboard.press("Tab")
    names = [s[0] for s in seen]
    assert names[:4] == ["Previous step", "▶ Play", "Next step", "Step"] and names[4:] == ["Slow", "Normal", "Fast"], names
    rows = [(round(top), left) for _, top, left in seen]
    for (t1, l1), (t2, l2) in itertools.pairwise(rows):
        assert t2 > t1 + 5 or (abs(t2 - t1) <= 5 and l2 > l1), (seen,)
    assert page.errors == []


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_the_idle_sum_panel_is_one_thin_line(open_html, width):
    """Finding 5: while nothing is pointed at, the sticky sum panel is one short line; pointed, it shows the sum."""
    page = open_html(scatter_add_player().static_html(), f"thin-{width}", width=width)
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    panel = root.locator(".tcv-sum")
    assert panel.bounding_box()["height"] <= 24, panel.bounding_box()
    hint = panel.locator(".tcv-hint")
    assert page.evaluate("e => e.scrollWidth <= e.clientWidth", hint.element_handle())  # the short hint is not cut
    stage(root).locator('[data-cell="Y[1, 1]"]').click()
    wait_point(page, root, "p && p.cell === 'Y[1, 1]'")
    assert panel.bounding_box()["height"] > 30
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.press("Escape")
    wait_point(page, root, "p === null")
    assert "Escape" in panel.inner_text()  # the desktop's hint, in full
    assert page.errors == []


CHIP_CONTRAST = """el => {
    const panel = el.closest('.tcv-sum');
    let alpha = 1;
    for (let n = el; n && n !== panel; n = n.parentElement) alpha *= parseFloat(getComputedStyle(n).opacity);
    const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
    const [fg, bg] = [rgb(getComputedStyle(el).color), rgb(getComputedStyle(panel).backgroundColor)];
    const mixed = fg.slice(0, 3).map((v, k) => alpha * v + (1 - alpha) * bg[k]);
    const lum = (c) => c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, k) => s + v * [0.2126, 0.7152, 0.0722][k], 0);
    const [x, y] = [lum(mixed), lum(bg.slice(0, 3))].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); }"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_products_still_to_come_have_text_contrast(open_html, theme):
    """Finding 12: the sum panel's products still to come, and their labels, at 4.5:1 at least."""
    page = open_html(scatter_add_player().static_html(), f"later-{theme}", theme=theme)
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    root.get_by_role("button", name="Next").click()
    stage(root).locator('[data-cell="Y[1, 1]"]').hover()
    wait_point(page, root, "p && p.cell === 'Y[1, 1]'")
    later = root.locator(".tcv-sum .tcv-later")
    assert later.count() >= 2
    for part in (".tcv-chip-text", ".tcv-chip-label"):
        for k in range(later.count()):
            ratio = later.nth(k).locator(part).evaluate(CHIP_CONTRAST)
            assert ratio >= 4.5, (part, k, ratio)
    assert page.errors == []


def test_a_six_by_six_input_fits_a_320_px_phone_with_44_px_cells(open_html):
    """Phone reader 11: in the book's 288 px column at 320 px, the largest input's editable cells fit without scrolling."""
    page = open_html(f'<div style="padding: 0 16px">{scatter_add_player(input_size=6).static_html()}</div>', "six", width=320)
    page.set_viewport_size({"width": 320, "height": 640})
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    assert root.bounding_box()["width"] == 288
    region = stage(root).locator(".tcv-scroll:has(.tcv-editable)").first
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert not region.get_attribute("data-scrolls")
    sizes = region.locator("input").evaluate_all("cs => cs.map(c => [c.offsetWidth, c.offsetHeight])")
    assert len(sizes) == 36 and min(min(s) for s in sizes) >= 44
    last = region.locator('input[aria-label="X[0, 5]"]')
    last.focus()
    ring = last.evaluate("c => { const s = getComputedStyle(c); return parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth); }")
    assert ring <= 0  # the focus ring is drawn inside the cell, where the region cannot clip it
    assert page.errors == []


@pytest.mark.parametrize("channels", [{}, {"in_channels": 3, "out_channels": 3, "kernel_size": 3}])
def test_printed_channel_kernels_are_larger_than_the_floor_and_their_titles_one_line(open_html, channels):
    """Phone reader 13: on paper the kernels K[c, o] print above the 7 px floor, each title on one line, nothing cut."""
    page = open_html(channels_player(**channels).static_html(), "print-kernels", width=680)
    root = page.locator('[data-player="channels"]')
    root.wait_for()
    page.emulate_media(media="print")
    page.wait_for_function("() => document.querySelector('.tcv-print .tcv-keyframe')")
    found = page.evaluate("""() => [...document.querySelectorAll('.tcv-print .tcv-keyframe')].flatMap(f => {
        const right = f.getBoundingClientRect().right;
        return [...f.querySelectorAll('.tcv-kernels .tcv-grid')].map(g => {
          const t = g.querySelector('.tcv-grid-title'), c = g.querySelector('.tcv-cell');
          return [parseFloat(getComputedStyle(c).fontSize), t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight || 20),
                  g.getBoundingClientRect().right <= right + 1]; }); })""")
    # the floor is 7 px (5.25 pt): the page's kernels print above it (at the largest setting they may need it)
    assert found and min(size for size, _, _ in found) >= (7 if channels else 8.5), found
    assert all(lines < 1.5 and inside for _, lines, inside in found), found
    assert page.errors == []
