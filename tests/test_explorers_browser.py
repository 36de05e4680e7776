"""The two explorers in headless Chromium: their static faces on standalone pages, and
the explorers of the built book.

Every control is operated and must change the root's ``data-state``; the values it
then holds must equal what ``transconv.ops`` (overlap counts: transposed convolutions
of ones) and ``transconv.shapes`` (sizes, the inverse search) compute for the
parameters it names. No console error, nothing requested outside the page. The
accessibility checks follow issue 12: one polite live region holding one line, scroll
regions reachable by keyboard, numbers of at least 12 px at 390 px, a focus indicator
of at least 3:1, dark mode from the theme's variables, print without controls.
Screenshots go to ``_build/screenshots/``.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from test_lab import _close, _open, _printed, _refused, _wait_state, lab  # noqa: F401 (lab: a fixture)

from transconv import ops, shapes, specs
from transconv.widgets import overlap_explorer, size_explorer

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
VIEW = specs.OVERLAP["display"]


@pytest.fixture
def open_face(open_html):
    """Open a standalone page holding ``html`` (conftest's ``open_html``), once its explorer has drawn."""

    def opener(html, name, width=700, theme="light"):
        page = open_html(html, name, width=width, theme=theme)
        page.wait_for_selector("[data-player][data-state]")
        return page

    return opener


def state(root):
    return json.loads(root.get_attribute("data-state"))


def set_control(root, name, value):
    """Set a control (a range input, or a group of toggle buttons) by its data-param.

    Returns the new data-state.
    """
    control = root.locator(f'[data-param="{name}"]')
    if control.evaluate("e => e.tagName") == "INPUT":
        control.fill(str(value))
    else:
        control.locator(f'button[data-value="{value}"]').click()
        assert control.locator('button[aria-pressed="true"]').get_attribute("data-value") == value
    return state(root)


def ones_counts(size, kernel, stride, layers):
    """2-D counts from ops.conv_transpose2d of ones, layer after layer (the reference)."""
    counts = np.ones((1, 1, size, size))
    for _ in range(layers):
        counts = ops.conv_transpose2d(counts, np.ones((1, 1, kernel, kernel)), stride=stride)
    return counts[0, 0]


def shown_centre(counts, keep):
    start = max(0, (counts.shape[0] - keep) // 2)
    return counts[start:start + keep, start:start + keep], start


def assert_overlap_matches_ops(st):
    p = st["params"]
    full = ones_counts(p["size"], p["kernel"], p["stride"], p["layers"])
    shown, start = shown_centre(full, VIEW["max_2d"])
    np.testing.assert_array_equal(np.array(st["output"]), shown)
    assert st["window"] == {"row": start, "col": start, "rows": full.shape[0],
                            "cols": full.shape[1]}


def assert_forward_matches_shapes(st):
    p = st["params"]
    k, s, pad, a, d = p["kernel"], p["stride"], p["padding"], p["output_padding"], p["dilation"]
    out = shapes.conv_transpose_output_size(p["size"], k, s, pad, a, d)
    assert st["output"] == [[out]]
    assert st["back"] == shapes.conv_output_size(out, k, s, pad, d)
    assert st["inputs"] == [list(i) for i in shapes.conv_input_sizes(p["size"], k, s, pad, d)]


def assert_inverse_matches_shapes(st):
    p = st["params"]
    found = shapes.transpose_settings_for(p["size_in"], p["size_out"], p["max_kernel"],
                                          p["max_stride"])
    assert st["output"] == [[t.kernel, t.stride, t.padding, t.output_padding,
                             int(t.even_overlap), t.cropped_inputs, t.holes, int(t.scale_mismatch)]
                            for t in found]


def largest_accepted(check, high):
    """The largest value in 0..high that transconv.shapes accepts (the control's maximum)."""
    ok = []
    for v in range(high + 1):
        try:
            check(v)
            ok.append(v)
        except ValueError:
            pass
    return ok[-1]


def allowed_maxima(p):
    """The largest output padding and padding that transconv.shapes accepts for ``p``."""
    a_max = largest_accepted(lambda a: shapes.check_output_padding(a, p["stride"], p["dilation"]), 3)
    pad_max = largest_accepted(lambda q: shapes.conv_transpose_output_size(
        p["size"], p["kernel"], p["stride"], q, p["output_padding"], p["dilation"]), 8)
    return a_max, pad_max


# --- the static faces on standalone pages ----------------------------------------------------

def test_overlap_every_control_changes_the_state_to_what_ops_computes(open_face):
    page = open_face(overlap_explorer().static_html(), "overlap")
    root = page.locator('[data-player="overlap"]')
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / "explorer-overlap-default.png"))
    first = state(root)
    assert first["params"] == specs.defaults(specs.OVERLAP)
    assert_overlap_matches_ops(first)
    seen = {json.dumps(first)}
    for name, value in [("kernel", 4), ("stride", 3), ("layers", 3), ("size", 8), ("kernel", 1),
                        ("stride", 1), ("kernel", 6), ("layers", 2), ("size", 1)]:
        st = set_control(root, name, value)
        assert st["params"][name] == value
        assert json.dumps(st) not in seen, name
        seen.add(json.dumps(st))
        assert_overlap_matches_ops(st)
        assert root.locator(f'[data-param="{name}"] ~ output').inner_text() == str(value)
    # the largest output: 8 -> 27 -> 84 -> 255 cells per side, the centre shown
    for name, value in [("size", 8), ("kernel", 6), ("stride", 3), ("layers", 3)]:
        st = set_control(root, name, value)
    assert st["window"]["rows"] == 255 and len(st["output"]) == VIEW["max_2d"]
    assert_overlap_matches_ops(st)
    root.screenshot(path=str(SCREENSHOTS / "explorer-overlap-largest.png"))
    # keyboard: End on the kernel slider takes the largest kernel
    root.locator('[data-param="kernel"]').fill("3")
    root.locator('[data-param="kernel"]').focus()
    page.keyboard.press("End")
    assert state(root)["params"]["kernel"] == specs.OVERLAP["params"][1]["max"]
    assert page.errors == [] and page.outside == []


def test_overlap_summary_is_the_only_live_region_and_says_what_the_counts_do(open_face):
    page = open_face(overlap_explorer(kernel=3, stride=2, layers=3).static_html(), "overlap-live")
    root = page.locator('[data-player="overlap"]')
    live = root.locator("[aria-live]")
    assert live.count() == 1 and live.get_attribute("aria-live") == "polite"
    text = live.inner_text()
    assert "\n" not in text and len(text) < 200
    assert "1 to 25 kernel copies" in text and "25 times" in text
    assert text == state(root)["summary"]
    assert "even overlap" in set_control(root, "kernel", 4)["summary"]
    assert "holes" in set_control(root, "kernel", 1)["summary"]
    assert page.errors == []


def test_size_forward_controls_follow_the_rules_and_match_shapes(open_face):
    page = open_face(size_explorer().static_html(), "size-forward")
    root = page.locator('[data-player="size"]')
    root.screenshot(path=str(SCREENSHOTS / "explorer-size-forward.png"))
    assert_forward_matches_shapes(state(root))
    seen = {root.get_attribute("data-state")}
    for name, value in [("size", 12), ("kernel", 3), ("stride", 3), ("padding", 2),
                        ("output_padding", 2), ("dilation", 2), ("size", 1), ("kernel", 8)]:
        st = set_control(root, name, value)
        assert st["params"][name] == value, name
        assert root.get_attribute("data-state") not in seen, name
        seen.add(root.get_attribute("data-state"))
        assert_forward_matches_shapes(st)
        # the sliders offer exactly what transconv.shapes accepts
        a_max, pad_max = allowed_maxima(st["params"])
        assert root.locator('[data-param="output_padding"]').get_attribute("max") == str(a_max)
        assert root.locator('[data-param="padding"]').get_attribute("max") == str(pad_max)
    # stride 1 and dilation 1 leave output padding 0 only: the value follows, in the same message
    set_control(root, "output_padding", 1)
    st = set_control(root, "dilation", 1)
    st = set_control(root, "stride", 1)
    assert st["params"]["output_padding"] == 0
    assert root.locator('[data-param="output_padding"]').get_attribute("max") == "0"
    assert_forward_matches_shapes(st)
    assert page.errors == [] and page.outside == []


def test_output_padding_at_or_above_the_stride_says_it_no_longer_maps_back(open_face):
    page = open_face(size_explorer(size=3, kernel=2, stride=1, padding=0, dilation=2,
                                   output_padding=1).static_html(), "size-pytorch")
    root = page.locator('[data-player="size"]')
    st = state(root)
    assert st["back"] == 4  # not 3: (6 + 0 - 2*(2 - 1) - 1) // 1 + 1
    text = root.locator(".tcv-stage").inner_text()
    assert "not back to 3" in text and "PyTorch allows it" in text and "MXNet does not" in text
    assert "not back to 3" in st["summary"]
    assert page.errors == []


def test_size_12_shows_12_in_the_static_face(open_face):
    page = open_face(size_explorer(size=12).static_html(), "size-12")
    root = page.locator('[data-player="size"]')
    assert state(root)["params"]["size"] == 12
    assert root.locator('[data-param="size"] ~ output').inner_text() == "12"
    equation, back = root.locator(".tcv-eq").all_inner_texts()
    # every term of the formula, in the chapter's notation, at every stage (issue 17, item 4)
    assert equation == ("o = (n − 1)·s − 2p + d·(k − 1) + a + 1 = (12 − 1)·2 − 2·1 + 1·(4 − 1) + 0 + 1"
                        " = 22 − 2 + 3 + 0 + 1 = 24")
    assert back == ("The convolution maps o = 24 to ⌊(o + 2p − d·(k − 1) − 1) / s⌋ + 1 = ⌊(24 + 2·1 − 1·(4 − 1) − 1) / 2⌋ + 1"
                    " = ⌊(24 + 2 − 3 − 1) / 2⌋ + 1 = ⌊22 / 2⌋ + 1 = 11 + 1 = 12.")
    assert state(root)["output"] == [[shapes.conv_transpose_output_size(12, 4, 2, 1)]]


def test_size_inverse_lists_every_setting_in_the_order_of_shapes(open_face):
    page = open_face(size_explorer(mode="inverse").static_html(), "size-inverse")
    root = page.locator('[data-player="size"]')
    st = state(root)
    assert_inverse_matches_shapes(st)
    assert not root.locator('[data-param="kernel"]').is_visible()
    assert root.locator('[data-param="size_out"]').is_visible()
    root.screenshot(path=str(SCREENSHOTS / "explorer-size-inverse-7-14.png"))
    rows = root.locator("table.tcv-settings tbody tr:not(.tcv-group)")
    assert rows.count() == len(st["output"]) == 31
    assert root.locator("tr.tcv-degenerate").count() == sum(r[5] > 0 or r[6] > 0 or r[7] for r in st["output"])
    assert "not a guarantee" in root.locator(".tcv-inverse .tcv-note").inner_text()
    for name, value in [("size_in", 32), ("size_out", 64), ("max_kernel", 9), ("max_stride", 5),
                        ("size_in", 1), ("size_out", 100), ("size_in", 5)]:
        before = root.get_attribute("data-state")
        st = set_control(root, name, value)
        assert root.get_attribute("data-state") != before, name
        assert_inverse_matches_shapes(st)
    assert "up to 9" in st["summary"] and "up to 5" in st["summary"]
    st = set_control(root, "mode", "forward")
    assert st["params"]["mode"] == "forward" and root.locator('[data-param="kernel"]').is_visible()
    assert page.errors == [] and page.outside == []


NOTEBOOK_SHORTCUTS = """() => document.addEventListener('keydown', (event) => {
    // like a notebook's command-mode shortcuts: take every key nobody has claimed yet
    if (!event.defaultPrevented) { event.preventDefault(); event.stopPropagation(); }
}, true)"""


def test_keys_stay_with_the_explorer_under_host_shortcuts(open_face):
    # the shell claims navigation keys only inside a notebook (shell.js SHORTCUT_HOST); in the book it leaves them
    page = open_face('<div class="jp-Notebook">' + overlap_explorer().static_html() + size_explorer().static_html()
                     + "</div>", "explorers-keys")
    page.evaluate(NOTEBOOK_SHORTCUTS)
    overlap = page.locator('[data-player="overlap"]')
    overlap.locator('[data-param="kernel"]').focus()
    page.keyboard.press("ArrowRight")
    assert state(overlap)["params"]["kernel"] == 4
    page.keyboard.press("Home")
    assert state(overlap)["params"]["kernel"] == 1
    size = page.locator('[data-player="size"]')
    size.locator('[data-param="mode"] button[data-value="inverse"]').focus()
    page.keyboard.press("Space")
    assert state(size)["params"]["mode"] == "inverse"
    size.locator('[data-param="mode"] button[data-value="forward"]').focus()
    page.keyboard.press("Enter")
    assert state(size)["params"]["mode"] == "forward"
    assert page.errors == []


# --- screens, keyboard, dark mode, print (issue 12) ----------------------------------------

def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


RGB = "c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)"


@pytest.mark.parametrize("make, name", [(lambda: overlap_explorer(kernel=6, stride=1, layers=3, size=8),
                                         "overlap"),
                                        (lambda: size_explorer(mode="inverse"), "size")])
def test_phone_width_numbers_and_scroll_regions(open_face, make, name):
    page = open_face(make().static_html(), f"{name}-390", width=390)
    root = page.locator(f'[data-player="{name}"]')
    root.screenshot(path=str(SCREENSHOTS / f"explorer-{name}-390.png"))
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        '.tcv-cell, .tcv-bar span, .tcv-table td')].map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12
    assert root.bounding_box()["width"] <= 390
    # every grid and table is in a region: one that scrolls is a named Tab stop, one that fits is neither
    regions = root.locator(".tcv-scroll").evaluate_all("""rs => rs.map(r => ({
        scrolls: r.scrollWidth > r.clientWidth + 1 || r.scrollHeight > r.clientHeight + 1,
        stop: r.tabIndex === 0, label: r.getAttribute('aria-label') }))""")
    assert regions and all(r["stop"] == r["scrolls"] == bool(r["label"]) for r in regions), regions
    assert any(r["scrolls"] for r in regions)  # at this width something does scroll, and it can be reached by Tab
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('tcv-scroll')"):
            break
    assert page.evaluate("() => document.activeElement.classList.contains('tcv-scroll')")
    assert re.search(r"\(scrolls [^)]+\)$", page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
    assert page.errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_focus_indicator_and_dark_mode(open_face, theme):
    page = open_face(overlap_explorer().static_html(), f"overlap-{theme}", theme=theme)
    root = page.locator('[data-player="overlap"]')
    slider = root.locator('[data-param="kernel"]')
    slider.focus()
    page.keyboard.press("ArrowRight")  # keyboard focus: :focus-visible applies
    outline = slider.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor]")
    background = root.evaluate(f"e => ({RGB})(getComputedStyle(e).backgroundColor)")
    assert outline[0] != "none"
    assert contrast(page.evaluate(f"({RGB})('{outline[1]}')"), background) >= 3
    text = root.evaluate(f"e => ({RGB})(getComputedStyle(e).color)")
    assert contrast(text, background) >= 4.5
    assert (luminance(background) < 0.1) == (theme == "dark")
    # every shaded cell keeps its number readable
    pairs = page.evaluate(f"""() => [...document.querySelectorAll('.tcv-cell')].map(e => [
        ({RGB})(getComputedStyle(e).color), ({RGB})(getComputedStyle(e).backgroundColor)])""")
    assert min(contrast(fg, bg) for fg, bg in pairs) >= 4.5
    root.screenshot(path=str(SCREENSHOTS / f"explorer-overlap-{theme}.png"))
    assert page.errors == []


def test_print_shows_the_summary_and_the_numbers_without_controls(open_face):
    page = open_face(overlap_explorer().static_html() + size_explorer(mode="inverse").static_html(),
                     "explorers-print")
    page.emulate_media(media="print")
    for name in ("overlap", "size"):
        root = page.locator(f'[data-player="{name}"]')
        assert not root.locator(".tcv-controls").is_visible()
        assert root.locator(".tcv-summary").is_visible()
        assert root.locator(".tcv-stage").is_visible()
        assert root.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"
    assert page.errors == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package-lock.json


@pytest.mark.parametrize("width, theme", [(1280, "light"), (390, "dark")])
def test_axe_finds_nothing_on_a_page_with_every_explorer(open_face, width, theme):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make node` installs axe-core from package-lock.json")
    html = ("<main><h1>Explorers</h1>" + overlap_explorer().static_html()
            + size_explorer().static_html() + size_explorer(mode="inverse").static_html() + "</main>")
    page = open_face(html, f"explorers-axe-{width}-{theme}", width=width, theme=theme)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0].html.slice(0, 100)}`)""")
    assert violations == []
    labels = page.locator("[data-player]").evaluate_all("roots => roots.map(r => r.getAttribute('aria-label'))")
    assert len(set(labels)) == 3  # distinct landmarks, even with two size explorers


# --- the built book ----------------------------------------------------------------------------

def book_roots(opened, name):
    """The explorers ``name`` of a page of the built book, once drawn."""
    opened.page.wait_for_selector(f'[data-player="{name}"][data-state]')
    return opened.page.locator(f'[data-player="{name}"]')


def test_book_checkerboard_explorer_works_without_a_kernel(open_page):
    opened = open_page("chapters/checkerboard.html")
    roots = book_roots(opened, "overlap")
    assert roots.count() == 1
    root = roots.first
    root.scroll_into_view_if_needed()
    assert_overlap_matches_ops(state(root))
    for name, value in [("kernel", 4), ("stride", 3), ("layers", 3), ("size", 6)]:
        before = root.get_attribute("data-state")
        st = set_control(root, name, value)
        assert root.get_attribute("data-state") != before and st["params"][name] == value
        assert_overlap_matches_ops(st)
    root.screenshot(path=str(SCREENSHOTS / "book-checkerboard-explorer.png"))
    assert opened.console_errors == [] and opened.page_errors == []
    assert opened.outside_requests == []


def test_book_size_explorers_work_without_a_kernel(open_page):
    """The forward explorer (on the output-size page) and the inverse one (on the page on choosing sizes)."""
    pages = {"forward": open_page("chapters/output_size.html"), "inverse": open_page("chapters/size_explorer.html")}
    roots = {mode: book_roots(opened, "size") for mode, opened in pages.items()}
    assert roots["forward"].count() == 1 and roots["inverse"].count() == 1
    forward, inverse = roots["forward"].first, roots["inverse"].first
    assert state(forward)["params"]["mode"] == "forward"
    assert state(inverse)["params"]["mode"] == "inverse"
    # values that differ from the page's example (size 4, kernel 3, stride 2, padding 1, output padding 1)
    for name, value in [("size", 12), ("kernel", 5), ("stride", 3), ("padding", 2),
                        ("output_padding", 2), ("dilation", 2)]:
        before = forward.get_attribute("data-state")
        st = set_control(forward, name, value)
        assert forward.get_attribute("data-state") != before and st["params"][name] == value
        assert_forward_matches_shapes(st)
    assert_inverse_matches_shapes(state(inverse))
    for name, value in [("size_in", 32), ("size_out", 64), ("max_stride", 2)]:
        st = set_control(inverse, name, value)
        assert_inverse_matches_shapes(st)
    for opened in pages.values():
        assert opened.console_errors == [] and opened.page_errors == []
        assert opened.outside_requests == []


# --- live: JupyterLab and Notebook 7 (the server and page helpers of test_lab.py) --------------

def _python_follows(page, code, want, tries=20):
    """What ``code`` prints once Python has the browser's values (``want``, or the last answer).

    ipywidgets sends a model's next change only once the kernel has taken the one before (its
    message throttle), so a change made in the browser may reach the kernel after a cell run at once.
    """
    for _ in range(tries):
        said = _printed(page, code)
        if said == want:
            break
    return said


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_live_explorers_follow_python_and_python_follows_them(lab, chromium, app):  # noqa: F811
    context, page = _open(chromium, lab, app, "chapters/checkerboard.md")
    try:
        players = page.locator(".jp-OutputArea-output [data-player]")
        page.wait_for_function("window.__t.players().length === 1")
        overlap = players.nth(0)
        before = overlap.get_attribute("data-state")
        overlap.locator('[data-param="kernel"]').focus()
        page.keyboard.press("ArrowRight")  # the chapter's explorer, from its own control
        st = _wait_state(page, 0, "s.params.kernel === 4")
        assert overlap.get_attribute("data-state") != before
        assert_overlap_matches_ops(st)
        page.evaluate("window.__t.run('w = transconv.widgets.size_explorer(size=12)\\nw')")
        page.wait_for_function("window.__t.players().length === 2")
        st = _wait_state(page, 1, "s.params.size === 12")
        assert_forward_matches_shapes(st)
        page.evaluate("window.__t.run('w.stride = 3\\nw.output_padding = 2')")  # from Python
        st = _wait_state(page, 1, "s.params.stride === 3 && s.params.output_padding === 2")
        assert_forward_matches_shapes(st)
        size = players.nth(1)
        size.locator('[data-param="stride"]').focus()
        page.keyboard.press("Home")  # stride 1: the browser sends output padding 0 with it
        st = _wait_state(page, 1, "s.params.stride === 1 && s.params.output_padding === 0")
        size.locator('[data-param="mode"] button[data-value="inverse"]').click()
        st = _wait_state(page, 1, "s.params.mode === 'inverse'")
        assert_inverse_matches_shapes(st)
        assert _python_follows(page, "print(w.stride, w.output_padding, w.mode)", "1 0 inverse") == "1 0 inverse"
        # refused in Python, with a clear error
        assert "kernel must be between 1 and 8" in _refused(page, "w.kernel = 40")
        assert page.evaluate("window.__t.state(1)")["params"]["kernel"] == 4
        assert page.page_errors == [], page.page_errors
        assert page.writes == []
    finally:
        _close(lab, context)


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_live_the_new_controls_of_issue_17_reach_python(lab, chromium, app):  # noqa: F811
    """The padding page's own padding player, and players and an explorer made in a scratch cell: the
    phases toggle, pointing, Play's speed, the channels' sliders, the overlap's presets and typed kernel."""
    context, page = _open(chromium, lab, app, "chapters/padding.md")
    try:
        players = page.locator(".jp-OutputArea-output [data-player]")
        page.wait_for_function("window.__t.players().length >= 2")
        first = page.evaluate("window.__t.players().length")
        pad = page.locator('.jp-OutputArea-output [data-player="padding"]')
        i = [players.nth(k).get_attribute("data-player") for k in range(first)].index("padding")
        pad.get_by_role("button", name="Next").click()
        st = _wait_state(page, i, "s.step === 1")
        assert st["params"]["padding"] == 2 and len(st["output"]) == 4  # the page's 6 x 6 full output, cropped once
        page.evaluate("window.__t.run('p = transconv.widgets.scatter_add_player(stride=2, kernel_size=3)\\n"
                      "c = transconv.widgets.channels_player()\\n"
                      "o = transconv.widgets.overlap_explorer(kernel=4)\\ndisplay(p, c, o)')")
        page.wait_for_function(f"window.__t.players().length === {first + 3}")
        scatter, channels, overlap = (players.nth(first + k) for k in range(3))
        scatter.locator('[data-param="phases"] button[data-value="on"]').click()
        _wait_state(page, first, "s.phases === 'on'")
        scatter.locator(':scope > .tcv-stage [data-cell="Y[0, 0]"]').hover()
        st = _wait_state(page, first, "s.point && s.point.cell === 'Y[0, 0]'")
        assert st["point"]["value"] == sum(t["x"] * t["k"] for t in st["point"]["terms"])
        scatter.locator('[data-param="speed"] button[data-value="fast"]').click()
        scatter.locator('[data-role="play"]').click()
        _wait_state(page, first, "s.step >= 2")
        scatter.locator('[data-role="play"]').click()
        channels.locator('input[data-param="in_channels"]').focus()
        page.keyboard.press("ArrowRight")
        _wait_state(page, first + 1, "s.input.length === 3")
        overlap.locator('[data-param="preset"] button[data-value="resize"]').click()
        st = _wait_state(page, first + 2, "s.params.preset === 'resize'")
        assert st["verdict"] == "even"
        cell = overlap.locator('input[aria-label="w[0, 0]"]')
        cell.fill("2")
        cell.press("Enter")
        _wait_state(page, first + 2, "s.kernel_values[0] === 2")
        want = "on 3 resize [2.0, 1.2, 1.2, 1.0]"
        assert _python_follows(page, "print(p.phases, c.in_channels, o.preset, o.w)", want) == want
        page.evaluate("window.__t.run('p.phases = \"off\"\\no.w = []')")  # and back from Python
        _wait_state(page, first, "s.phases === 'off'")
        _wait_state(page, first + 2, "s.kernel_values[0] === 1")
        assert page.page_errors == [], page.page_errors
        assert page.writes == []
    finally:
        _close(lab, context)


# --- issue 17: the overlap explorer's kernel (presets, typed values) and its phases ---------------

def flat_input_output(size, w, stride, layers):
    """ops.conv_transpose2d of an all-ones input, layer after layer, with the kernel w wᵀ."""
    values = np.ones((1, 1, size, size))
    for _ in range(layers):
        values = ops.conv_transpose2d(values, np.outer(w, w)[None, None], stride=stride)
    return values[0, 0]


def test_overlap_kernel_presets_and_typed_values_follow_ops_and_the_phase_sums(open_face):
    page = open_face(overlap_explorer(kernel=4).static_html(), "overlap-kernel")
    root = page.locator('[data-player="overlap"]')
    preset = root.locator('[data-param="preset"]')
    preset.get_by_role("button", name="1, 0.2, 1, 0.2, …").click()
    st = state(root)
    assert st["kernel_values"] == [1, 0.2, 1, 0.2] and st["verdict"] == "uneven"
    shown, _ = shown_centre(flat_input_output(4, st["kernel_values"], 2, 1), VIEW["max_2d"])
    np.testing.assert_allclose(np.array(st["output"]), shown)
    w = np.array(st["kernel_values"])
    np.testing.assert_allclose(st["phase_sums"], [np.outer(w, w)[a::2, b::2].sum() for a in range(2) for b in range(2)])
    assert "checkerboard" in st["summary"]
    # resize-convolution: box_s ⊛ w, every phase's sum equal, a flat output
    preset.get_by_role("button", name="Resize-convolution").click()
    st = state(root)
    assert st["verdict"] == "even" and len(set(np.round(st["phase_sums"], 12))) == 1
    assert "a flat input gives a flat output" in st["summary"]
    # a typed value: the kernel is the reader's, and the output follows ops
    cell = root.locator('input[aria-label="w[0, 1]"]')
    cell.fill("0.5")
    cell.press("Enter")
    st = state(root)
    assert st["kernel_values"][1] == 0.5
    shown, _ = shown_centre(flat_input_output(4, st["kernel_values"], 2, 1), VIEW["max_2d"])
    np.testing.assert_allclose(np.array(st["output"]), shown)
    assert preset.locator('[aria-pressed="true"]').count() == 1  # the preset it started from stays named
    # the phases: one sub-kernel grid per phase, each output cell in its phase's colour
    root.locator('[data-param="phases"]').get_by_role("button", name="On").click()
    assert root.locator(".tcv-phases .tcv-grid").count() == 4
    assert root.locator('[data-cell^="copies"].ph0').count() > 0
    root.screenshot(path=str(SCREENSHOTS / "explorer-overlap-phases.png"))
    # the uniform preset clears the typed values and gives the counts again
    preset.get_by_role("button", name="Uniform").click()
    st = state(root)
    assert st["kernel_values"] == [1, 1, 1, 1] and st["params"]["preset"] == "uniform"
    assert_overlap_matches_ops(st)
    assert page.errors == []


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_settings_table_has_no_box_that_scrolls_up_and_down_and_no_cut_word(open_face, width):
    """Phone reader 3: at the largest wanted size, the inverse table scrolls sideways at most; headings wrap between words."""
    page = open_face(size_explorer(mode="inverse").static_html(), f"size-table-{width}", width=width)
    page.set_viewport_size({"width": width, "height": 640})
    root = page.locator('[data-player="size"]')
    for name in ("size_in", "size_out", "max_kernel", "max_stride"):
        slider = root.locator(f'input[data-param="{name}"]')
        slider.focus()
        page.keyboard.press("End")
    region = root.locator(".tcv-inverse .tcv-scroll")
    assert root.locator("table.tcv-settings tbody tr").count() > 40
    assert region.evaluate("r => r.scrollHeight <= r.clientHeight + 1")  # nothing to scroll up and down: swipes move the page
    heads = root.locator("table.tcv-settings thead th").evaluate_all(
        "hs => hs.map(h => [h.textContent, h.scrollWidth <= h.clientWidth + 1])")
    assert all(fits for _, fits in heads), heads
    assert "output_padding" in [text for text, _ in heads]
    groups = root.locator("tr.tcv-group th span").evaluate_all(
        "ss => ss.map(s => s.getBoundingClientRect().right <= s.closest('.tcv-scroll').getBoundingClientRect().right + 1)")
    assert groups and all(groups)  # a group's sentence wraps inside the visible part of the region
    assert page.errors == []
