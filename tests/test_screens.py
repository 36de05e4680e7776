"""Players and pages on every screen, by touch, keyboard, screen reader and paper (issue 18).

The built book in headless Chromium at 320, 390, 768, 1280 and 1920 px: each page is loaded once
per width; that one load serves every check of the width (the page is never wider than the
screen; every grid of every player and explorer stays inside its player, or inside a region of its
player that scrolls it and says so, at the setting the page opens on, at every parameter's
largest value and at random settings, in every view; digits of at least 12 px; at 600 px and
below, every control a 44 x 44 px target and every slider as wide as its player) and a full-page
screenshot, in ``_build/screenshots/screens/``.

Then, at 390 px: what a screen reader hears, what the keyboard does, and what touch does (the
player keeps its height while a slider is dragged); the fills' colour differences (CIEDE2000)
in light and dark; and the book's PDF (``_ext/book_pdf.py``): its pages, its text, nothing cut.

Pages are ready when the book's theme script has laid them out and every player has drawn
(``PAGE_READY`` and ``data-state``), never after a fixed sleep; a setting is checked once the page
has drawn two frames after it (the players draw in a microtask, the scroll regions update in a
ResizeObserver before the next frame).
"""

import html
import itertools
import math
import re
import subprocess
from pathlib import Path

import pytest
from conftest import HTML, PAGE_READY, ROOT, SCREENSHOTS
from player_state import state
from test_book import PAGES

SHOTS = SCREENSHOTS / "screens"
WIDTHS = (320, 390, 768, 1280, 1920)
TOUCH_WIDTH = 600
#: Random settings per player and view at each width (a seed per width): most where room is tight; where
#: the players are 688 px wide or more (768 px and up), their largest setting bounds their grids and one random
#: setting suffices.
RANDOM_SETTINGS = {320: 2, 390: 2, 768: 1, 1280: 1, 1920: 1}
PLAYER_PAGES = sorted(p for p in PAGES if re.search(r"data-tcv-(boot|view)", (HTML / p).read_text())) if HTML.exists() else []
PDF = HTML / "_static" / "transposed-convolution.pdf"
PRINT_PAGE = ROOT / "_build" / "pdf" / "print.html"

PLAYERS_DRAWN = """() => document.querySelectorAll('[data-player]').length === document.querySelectorAll('.tcv-mount').length
    && [...document.querySelectorAll('[data-player]')].every(p => p.hasAttribute('data-state'))"""


def stem(path):
    return Path(path).with_suffix("").as_posix().replace("/", "-")


@pytest.fixture(scope="module")
def screen(chromium, built_book):
    """``screen(path, width, mode="light")``: a page of the book, in a context kept per width and mode."""
    contexts = {}

    def open_(path, width, mode="light"):
        if (width, mode) not in contexts:
            context = chromium.new_context(viewport={"width": width, "height": 900})
            context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda exc, errors=page.errors: errors.append(str(exc)))
            contexts[(width, mode)] = (context, page)
        page = contexts[(width, mode)][1]
        page.goto((built_book / path).as_uri(), wait_until="load")
        page.wait_for_function(PAGE_READY, timeout=15000)
        page.wait_for_function(PLAYERS_DRAWN, timeout=15000)
        return page

    yield open_
    for context, _ in contexts.values():
        context.close()


# --- the sweep: every page at every width ----------------------------------------------------

# Runs in the page: the problems of one player as it is drawn now (none: an empty list).
CHECK = """
const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const setting = root => JSON.stringify(JSON.parse(root.dataset.state).params);

function problemsOf(root) {
  const found = [];
  const R = root.getBoundingClientRect();
  const where = `${root.dataset.player} at ${setting(root)}`;
  if (R.left < -1 || R.right > innerWidth + 1) found.push(`${where}: the player spans ${Math.round(R.left)}..${Math.round(R.right)} px`);
  if (document.documentElement.scrollWidth > innerWidth) found.push(`${where}: the page is ${document.documentElement.scrollWidth} px wide`);
  const live = [...root.querySelectorAll('.tcv-cells, .tcv-table, .tcv-bars')].filter(g => !g.closest('.tcv-print') && visible(g));
  for (const grid of live) {
    const r = grid.getBoundingClientRect();
    const name = grid.getAttribute('aria-label') || grid.className;
    if (r.left >= R.left - 1 && r.right <= R.right + 1 && r.bottom <= R.bottom + 1) continue;
    const region = grid.closest('.tcv-scroll');
    const S = region && region.getBoundingClientRect();
    const scrolls = region && (region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1);
    if (!region || !scrolls || !region.dataset.scrolls || region.tabIndex !== 0
        || !/\\(scrolls [^)]+\\)$/.test(region.getAttribute('aria-label') || '')
        || S.left < R.left - 1 || S.right > R.right + 1) {
      found.push(`${where}: ${name} (${Math.round(r.left)}..${Math.round(r.right)} px) leaves the player `
                 + `(${Math.round(R.left)}..${Math.round(R.right)} px) without a region that scrolls it`);
    }
  }
  for (const region of root.querySelectorAll('.tcv-scroll')) {
    if (!visible(region) || region.closest('.tcv-print')) continue;
    const overflows = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
    if (overflows !== Boolean(region.dataset.scrolls) || overflows !== region.hasAttribute('aria-label')) {
      found.push(`${where}: region "${region.dataset.label}" overflows: ${overflows}, says: "${region.getAttribute('aria-label')}"`);
    }
  }
  const small = [...root.querySelectorAll(':scope > .tcv-stage .tcv-cell')].filter(visible)
    .map(c => parseFloat(getComputedStyle(c).fontSize)).filter(size => size < 12);
  if (small.length) found.push(`${where}: ${small.length} cells with digits below 12 px (${Math.min(...small)} px)`);
  return found;
}
"""

# Runs in the page: the problems of every player as the page shows it now.
CHECK_ALL = CHECK + """
async () => { await frames(); return [...document.querySelectorAll('[data-player]')].flatMap(problemsOf); }
"""

# Runs in the page: every player to its largest setting and to random settings, in every view.
SWEEP = CHECK + """
function random(seed) {  // mulberry32: the same settings on every run
  return () => { seed |= 0; seed = seed + 0x6D2B79F5 | 0; let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296; };
}
const sliders = root => [...root.querySelectorAll('input[type="range"][data-param]')].filter(visible);
const drawn = () => new Promise(done => setTimeout(done, 0));  // the players draw in a microtask
function put(input, value) {  // whether the value changed (the player then draws in a microtask)
  if (input.value === String(value)) return false;
  input.value = String(value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return true;
}
// A problem counts once the player has settled: a window or copy glides for up to 220 ms (MOVE_MS in
// shell.js), and a layout seen mid-change (a size explorer once measured -17..976 px at 1280 px, then
// fitted) is measured again 400 ms later.
async function settledProblems(root) {
  const found = problemsOf(root);
  if (!found.length) return found;
  await new Promise(done => setTimeout(done, 400));
  await frames();
  return problemsOf(root);
}
async function atSteps(root, found, first) {  // the last step (with the crop), and the first if asked
  const step = root.querySelector('input[data-role="step"]');
  for (const at of step ? (first ? ['0', step.max] : [step.max]) : [null]) {
    if (at !== null) put(step, at);
    await frames();
    found.push(...await settledProblems(root));
  }
}
async function sweep(root, settings, rng) {
  const found = [];
  let checked = 0;
  const choices = [...root.querySelectorAll('.tcv-head [role="group"][data-param]')];
  const options = choices.length ? choices.flatMap(g => [...g.querySelectorAll('button[data-value]')]) : [null];
  for (const [n, option] of options.entries()) {
    // a choice already pressed (the view that is shown) would sweep the setting of the choice before again
    if (option && n > 0 && option.getAttribute('aria-pressed') === 'true') continue;
    if (option) { option.click(); await drawn(); }
    for (let pass = 0; pass < 3; pass += 1) {  // the largest values (a rule may narrow a range another widens)
      let moved = false;
      for (const input of sliders(root)) moved = put(input, input.max) || moved;
      if (!moved) break;
      await drawn();  // the ranges follow
    }
    await atSteps(root, found, true);
    checked += 1;
    for (let k = 0; k < settings; k += 1) {
      for (let pass = 0; pass < 2; pass += 1) {
        for (const input of sliders(root)) {
          const [lo, hi] = [Number(input.min), Number(input.max)];
          put(input, lo + Math.floor(rng() * (hi - lo + 1)));
        }
        await drawn();
      }
      await atSteps(root, found, false);
      checked += 1;
    }
  }
  return {found, checked};
}
async ([seed, settings]) => {
  const rng = random(seed);
  const found = [];
  let checked = 0;
  for (const root of document.querySelectorAll('[data-player]')) {
    const swept = await sweep(root, settings, rng);
    found.push(...swept.found);
    checked += swept.checked;
  }
  return {found, checked};
}
"""

# Runs in the page: controls smaller than a 44 x 44 px target, sliders narrower than their player.
TARGETS = """() => {
  const small = [], narrow = [];
  for (const root of document.querySelectorAll('[data-player]')) {
    const box = root.getBoundingClientRect();
    const inner = box.width - 2 * parseFloat(getComputedStyle(root).paddingLeft) - 2;
    const controls = root.querySelectorAll('button, input[type="range"], input.tcv-cell:not([readonly])');
    for (const c of controls) {
      const r = c.getBoundingClientRect();
      if (!r.width || c.closest('.tcv-print')) continue;
      const name = c.getAttribute('aria-label') || c.textContent.trim() || c.dataset.cell;
      if (r.width < 43.5 || r.height < 43.5) small.push(`${root.dataset.player} ${name}: ${Math.round(r.width)}x${Math.round(r.height)}`);
      if (c.type === 'range' && r.width < 0.9 * inner) narrow.push(`${root.dataset.player} ${name}: ${Math.round(r.width)} of ${Math.round(inner)} px`);
    }
  }
  return {small, narrow};
}"""


@pytest.fixture(scope="module")
def sweep(chromium, built_book):
    """``sweep(width)``: every page at that width, screenshot, and its players swept.

    Each page is loaded once and resized from width to width (book.js lays it out again, the
    players size themselves by their container): first as it opens, with a screenshot, then once
    more with its players driven to their largest and random settings.
    """
    results = {width: {"wide": {}, "players": {}, "checked": 0, "targets": {"small": [], "narrow": []}, "errors": []}
               for width in WIDTHS}
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def resize(width):
        if page.viewport_size["width"] != width:
            page.evaluate("() => { document.documentElement.dataset.tcLayout = 'pending'; }")
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(PAGE_READY, timeout=15000)

    for path in PAGES:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto((built_book / path).as_uri(), wait_until="load")
        page.wait_for_function(PAGE_READY, timeout=15000)
        page.wait_for_function(PLAYERS_DRAWN, timeout=15000)
        for width in WIDTHS:  # as the page opens
            found = results[width]
            resize(width)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > width:
                found["wide"][path] = wide
            page.screenshot(path=str(SHOTS / f"{stem(path)}-{width}.jpg"), full_page=True, type="jpeg", quality=60)
            if path in PLAYER_PAGES:
                if width <= TOUCH_WIDTH:
                    targets = page.evaluate(TARGETS)
                    for kind in ("small", "narrow"):
                        found["targets"][kind] += [f"{path}: {t}" for t in targets[kind]]
                opened = page.evaluate(CHECK_ALL)
                if opened:
                    found["players"][path] = sorted(set(opened))[:12]
        for width in WIDTHS if path in PLAYER_PAGES else ():  # at their largest and random settings
            found = results[width]
            resize(width)
            swept = page.evaluate(SWEEP, [width, RANDOM_SETTINGS[width]])
            found["checked"] += swept["checked"]
            if swept["found"]:
                found["players"][path] = sorted(set(found["players"].get(path, []) + swept["found"]))[:12]
        for width in WIDTHS:
            results[width]["errors"] += [f"{path}: {e}" for e in errors]
        errors.clear()
    context.close()
    return results.__getitem__


def test_the_pages_with_players_are_found():
    assert {"chapters/basic_operation.html", "chapters/matrix_view.html", "chapters/checkerboard.html",
            "chapters/size_explorer.html", "chapters/output_size.html"} <= set(PLAYER_PAGES)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(sweep, width):
    found = sweep(width)
    assert found["wide"] == {}, f"pages wider than {width} px: {found['wide']}"
    assert found["errors"] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_grid_stays_in_its_player_or_a_region_that_scrolls_it(sweep, width):
    """At the page's own setting, the largest and random settings, first and last step, every view."""
    found = sweep(width)
    players = sum((HTML / p).read_text().count('class="tcv-mount"') for p in PLAYER_PAGES)
    assert players >= 9 and found["checked"] >= players * (1 + RANDOM_SETTINGS[width]), found["checked"]  # the sweep ran
    assert found["players"] == {}, f"at {width} px:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found["players"].items())


@pytest.mark.parametrize("width", [w for w in WIDTHS if w <= TOUCH_WIDTH])
def test_touch_targets_and_sliders_on_phones(sweep, width):
    targets = sweep(width)["targets"]
    assert targets["small"] == [], f"targets below 44 x 44 px at {width} px: {targets['small'][:10]}"
    assert targets["narrow"] == [], f"sliders narrower than their player at {width} px: {targets['narrow'][:10]}"


# --- at 390 px: touch, screen readers, keyboard ----------------------------------------------

def player(page, name):
    return page.locator(f'[data-player="{name}"]').first


def test_a_player_keeps_its_height_while_a_slider_is_dragged(screen):
    """The size explorer's inverse table grows and shrinks with the wanted size: not under the finger."""
    page = screen("chapters/size_explorer.html", 390)
    root = player(page, "size")
    slider = root.locator('input[data-param="size_out"]')
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    before = root.bounding_box()["height"]
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    heights, values = [], set()
    for k in range(1, 21):
        page.mouse.move(box["x"] + box["width"] * k / 20, box["y"] + box["height"] / 2)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        heights.append(root.bounding_box()["height"])
        values.add(state(root)["params"]["size_out"])
    page.mouse.up()
    assert len(values) >= 10, f"the drag moved the slider through {sorted(values)} only"
    assert set(heights) == {before}, f"the player's height moved during the drag: {sorted(set(heights))}"
    page.wait_for_function("el => !el.classList.contains('tcv-held')", arg=root.element_handle())


NAME = """el => { const hidden = n => n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true';
    const text = n => hidden(n) ? '' : n.nodeType === 3 ? n.textContent : [...n.childNodes].map(text).join('');
    return (el.getAttribute('aria-label') || text(el)).trim(); }"""


def test_what_a_screen_reader_hears(screen):
    page = screen("chapters/basic_operation.html", 390)
    root = player(page, "scatter-add")
    live = root.locator(":scope > .tcv-stage")
    # read-only cells: where and what; editable ones: where (their value is the text box's)
    names = live.locator('[role="gridcell"]').evaluate_all("cells => cells.map(c => c.getAttribute('aria-label'))")
    assert names and all(re.fullmatch(r"\w+\[\d+, \d+\]( = -?[\d.e+-]+|, not computed yet)( \(padding\))?", n) for n in names), names
    assert "Y[1, 1] = 0" in names  # the running sum before the first copy is added
    # sliders are named by their parameter, buttons by words without glyphs
    sliders = root.locator("input[data-param]")
    for k in range(sliders.count()):
        label = sliders.nth(k).evaluate("el => el.closest('label').querySelector('.tcv-label').textContent")
        assert sliders.nth(k).get_attribute("aria-label") == label
        assert re.search(r"\d+ to \d+|only \d+", sliders.nth(k).get_attribute("title"))
    buttons = [b.evaluate(NAME) for b in root.locator("button").all()]
    assert "Play" in buttons and "Previous step" in buttons
    assert [b for b in buttons if not re.fullmatch(r"[\w ()':,.-]+", b)] == []
    # a change of parameters says the new sizes
    stride = root.locator('input[data-param="stride"]')
    stride.focus()
    page.keyboard.press("ArrowRight")
    caption = root.locator(".tcv-caption").inner_text()
    assert caption.startswith("Input 2×2, kernel 2×2: output 4×4, 4 steps."), caption
    page.keyboard.press("ArrowLeft")


def test_what_the_keyboard_does(screen):
    page = screen("chapters/basic_operation.html", 390)
    root = player(page, "scatter-add")
    previous, following = root.get_by_role("button", name="Previous"), root.get_by_role("button", name="Next")
    assert previous.get_attribute("aria-disabled") == "true" and following.get_attribute("aria-disabled") == "false"
    root.locator('input[data-role="step"]').focus()
    page.keyboard.press("End")
    assert following.get_attribute("aria-disabled") == "true" and previous.get_attribute("aria-disabled") == "false"
    # the example the grids come from stays pressed
    root.locator('[data-role="random"]').click()
    assert root.locator('[data-role="random"]').get_attribute("aria-pressed") == "true"
    assert root.locator('[data-role="seed"]').get_attribute("aria-pressed") == "false"
    root.locator('[data-role="seed"]').click()
    assert root.locator('[data-role="seed"]').get_attribute("aria-pressed") == "true"
    # a region whose grid fits is no Tab stop and says nothing
    fits = root.locator('.tcv-scroll[data-scrolls=""]')
    assert fits.count() >= 3  # input, kernel, output
    assert fits.evaluate_all("rs => rs.every(r => !r.hasAttribute('tabindex') && !r.hasAttribute('aria-label'))")
    # keys a control does not use scroll the page
    root.locator('[data-role="seed"]').focus()
    for key in ("PageDown", "ArrowDown"):
        before = page.evaluate("() => scrollY")
        page.keyboard.press(key)
        page.wait_for_function("y => scrollY > y", arg=before, timeout=3000)


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_step_bar_sticks_below_the_books_header(screen, width):
    """Phone reader 2, in the book: with the channels player's last output on screen, Next is there too, under the header."""
    page = screen("chapters/channels.html", width)
    page.set_viewport_size({"width": width, "height": 640})
    root = player(page, "channels")
    last = root.locator(":scope > .tcv-stage .tcv-grid").last
    last.evaluate("e => e.scrollIntoView({block: 'end'})")
    page.evaluate("() => window.scrollBy(0, 30)")
    header = page.evaluate("() => document.querySelector('.bd-header-article').getBoundingClientRect().bottom")
    bar, grid = root.locator(".tcv-stepbar").bounding_box(), last.bounding_box()
    assert abs(bar["y"] - header) <= 1 and bar["y"] + bar["height"] <= grid["y"] and bar["height"] <= 125, (header, bar, grid)
    following = root.get_by_role("button", name="Next")
    box = following.bounding_box()
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('button')?.getAttribute('aria-label')",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]) == "Next step"
    sum_panel = root.locator(".tcv-sum").bounding_box()
    assert grid["y"] + grid["height"] <= sum_panel["y"] + 1 and sum_panel["height"] <= 24  # the idle panel: one thin line
    page.set_viewport_size({"width": width, "height": 900})


def test_typed_values_come_back_with_their_size(screen):
    page = screen("chapters/basic_operation.html", 390)
    root = player(page, "scatter-add")
    cell = root.locator(':scope > .tcv-stage input[data-cell="X[1, 1]"]')
    cell.fill("7")
    cell.press("Enter")
    assert state(root)["input"] == [[0, 1], [2, 7]]
    size = root.locator('input[data-param="input_size"]')
    size.focus()
    page.keyboard.press("ArrowLeft")
    assert state(root)["input"] == [[0]]
    assert "1 typed value of X outside its 1×1 grid is kept and comes back when it grows." in \
        root.locator(".tcv-caption").inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert state(root)["input"] == [[0, 1, 2], [3, 7, 5], [6, 7, 8]]  # the seed's 3x3 grid with the typed 7
    root.locator('[data-role="seed"]').click()  # a new example forgets what was typed
    assert state(root)["input"] == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_a_region_that_scrolls_takes_the_keys(screen):
    """The size explorer's table of settings: on a desktop up and down, by keys alone; on a phone, where
    the table is as tall as it is (no box that scrolls up and down inside the page), sideways."""
    page = screen("chapters/size_explorer.html", 390)
    region = player(page, "size").locator(".tcv-inverse .tcv-scroll")
    assert region.get_attribute("aria-label") == "Settings that give this size (scrolls sideways)"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)
    page = screen("chapters/size_explorer.html", 1280)
    region = player(page, "size").locator(".tcv-inverse .tcv-scroll")
    assert re.fullmatch(r"Settings that give this size \(scrolls (in both directions|up and down)\)",
                        region.get_attribute("aria-label"))
    region.focus()
    for key, check in (("PageDown", "el => el.scrollTop > 0"), ("End", "el => el.scrollTop + el.clientHeight >= el.scrollHeight - 1"),
                       ("Home", "el => el.scrollTop === 0"), ("ArrowDown", "el => el.scrollTop > 0")):
        page.keyboard.press(key)
        page.wait_for_function(check, arg=region.element_handle(), timeout=3000)
    if region.get_attribute("data-scrolls") == "scrolls in both directions":
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)


# --- numbers of any size ---------------------------------------------------------------------


def test_numbers_of_any_size_fit_and_say_their_value(open_html):
    from transconv.widgets import scatter_add_player

    page = open_html(scatter_add_player().static_html(), "numbers", width=390)
    root = page.locator('[data-player="scatter-add"]')
    root.wait_for()
    stage = root.locator(":scope > .tcv-stage")
    cell = stage.locator('input[data-cell="X[0, 1]"]')
    cell.fill("7123456.789")
    cell.press("Enter")
    cell.blur()
    assert (cell.input_value(), cell.get_attribute("title")) == ("7.1e6", "7123456.789")
    assert state(root)["input"][0][1] == 7123456.789
    cell = stage.locator('input[data-cell="X[1, 0]"]')
    cell.fill("1e-400")
    cell.press("Enter")
    assert cell.input_value() == "0" and state(root)["input"][1][0] == 0  # the value used, at once
    for where in ("X[0, 0]", "K[0, 0]"):
        cell = stage.locator(f'input[data-cell="{where}"]')
        cell.fill("1e300")
        cell.press("Enter")
    first = state(root)
    assert first["output"][0][0] == "Infinity"  # 1e300 x 1e300: not "not computed yet" (null)
    out = stage.locator('[data-cell="Y[0, 0]"]')
    assert out.inner_text() == "∞" and out.get_attribute("aria-label") == "Y[0, 0] = Infinity"
    widths = stage.locator(".tcv-cell").evaluate_all("cs => cs.every(c => c.scrollWidth <= c.clientWidth)")
    assert widths, "a number is wider than its cell"
    assert page.errors == []


# --- colours ----------------------------------------------------------------------------------


def _lab(rgb):
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e_2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005, the formula and its test data)."""
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = (math.degrees(math.atan2(b, a)) % 360 if c else 0 for a, b, c in ((a1p, b1, c1p), (a2p, b2, c2p)))
    dh = 0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dL, dC, dH = L2 - L1, c2p - c1p, 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        mean_h = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        mean_h = (h1p + h2p) / 2
    else:
        mean_h = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(mean_h - 30)) + 0.24 * math.cos(math.radians(2 * mean_h))
         + 0.32 * math.cos(math.radians(3 * mean_h + 6)) - 0.20 * math.cos(math.radians(4 * mean_h - 63)))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_cp, 1 + 0.015 * mean_cp * t
    r_t = (-2 * math.sqrt(mean_cp ** 7 / (mean_cp ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2)))))
    return math.sqrt((dL / s_l) ** 2 + (dC / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dC / s_c) * (dH / s_h))


@pytest.mark.parametrize("pair, expected", [  # Sharma, Wu and Dalal's test data, pairs 1, 7, 17 and 25
    (((50, 2.6772, -79.7751), (50, 0, -82.7485)), 2.0425),
    (((50, 0, 0), (50, -1, 2)), 2.3669),
    (((50, 2.5, 0), (73, 25, -18)), 27.1492),
    (((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)), 1.2644),
])
def test_the_colour_difference_is_ciede2000(pair, expected):
    assert delta_e_2000(*pair) == pytest.approx(expected, abs=1e-4)


FILLS = """() => { const root = document.querySelector('[data-player]');
    const probe = cls => { const c = document.createElement('span'); c.className = `tcv-cell ${cls}`;
        root.append(c); const colour = getComputedStyle(c).backgroundColor; c.remove(); return colour; };
    return Object.fromEntries(['in', 'ker', 'out', 'hl'].map(cls => [cls, probe(cls)])); }"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_input_kernel_output_and_pointed_fills_differ_by_20(screen, mode):
    page = screen("chapters/matrix_view.html", 390, mode)
    fills = {name: tuple(int(v) for v in re.findall(r"\d+", colour)[:3]) for name, colour in page.evaluate(FILLS).items()}
    close = {f"{a}-{b}": round(delta_e_2000(_lab(fills[a]), _lab(fills[b])), 1)
             for a, b in itertools.combinations(fills, 2) if delta_e_2000(_lab(fills[a]), _lab(fills[b])) < 20}
    assert close == {}, f"{mode}: fills {fills} closer than CIEDE2000 20: {close}"
    shot = SHOTS / f"matrix-fills-{mode}.png"
    SHOTS.mkdir(parents=True, exist_ok=True)
    player(page, "matrix").screenshot(path=str(shot))


# --- paper: the book as one PDF ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_text(built_book):
    assert PDF.exists(), f"no {PDF.name}: the book's build prints it (_ext/book_pdf.py)"
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), text


def test_the_pdf_is_offered_on_every_page(built_book):
    for path in PAGES:
        if path.startswith("chapters/"):
            assert re.search(rf'href="\.\./_static/{PDF.name}"\s+download="{PDF.name}"', (built_book / path).read_text()), path


def test_the_pdf_holds_the_book_as_text_with_numbered_figures_and_key_frames(pdf_text):
    pages, text = pdf_text
    chapters = sorted((HTML / "chapters").glob("*.html"))
    flat = " ".join(text.split())
    # each page of the book starts a sheet, and sheets are full: no blank ones, nothing spread thin
    assert len(chapters) + 1 <= pages <= len(flat.split()) / 150, (pages, len(flat.split()))
    for path in chapters:  # every page's title, as searchable text
        title = html.unescape(re.search(r"<title>(.*?) (?:&#8212;|—) ", path.read_text()).group(1))
        assert title in flat, f"{path.name}: {title!r} is not in the PDF's text"
    figures = sorted({int(n) for n in re.findall(r"Fig\. (\d+)", flat)})
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 5, figures
    assert "Step 1 of 4" in flat and "printed: 3 of its" in flat  # players as their key frames
    for screen_only in ("press Play", "Click to hide", "Click to show", "def conv_matrix"):
        assert screen_only not in flat, f"{screen_only!r} printed"
    assert "Show the source of conv_matrix (in the online book)" in flat  # a hidden cell says where it is


def test_nothing_is_cut_off_on_paper(chromium):
    """The page the PDF is printed from, laid out for print at an A4 page's width (180 mm)."""
    page = chromium.new_page(viewport={"width": 680, "height": 1000})
    page.goto(PRINT_PAGE.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.wait_for_function(PLAYERS_DRAWN, timeout=30000)
    page.wait_for_function("() => [...document.querySelectorAll('.tcv-print')].every(s => s.querySelector('.tcv-keyframe'))")
    cut = page.evaluate("""() => { const article = document.querySelector('article').getBoundingClientRect();
        // text for screen readers only (KaTeX's MathML) is clipped to nothing on purpose
        const hidden = el => { for (; el && el.tagName !== 'ARTICLE'; el = el.parentElement) {
            const s = getComputedStyle(el); if (s.clip !== 'auto' || s.clipPath !== 'none') return true; } return false; };
        // what shows of an element: inside every box around it that hides its overflow (KaTeX draws a
        // root's long tail and clips it to the formula); a box that would scroll on screen clips nothing on paper
        const shown = el => { const r = el.getBoundingClientRect(); let [left, right] = [r.left, r.right];
            for (let up = el.parentElement; up && up.tagName !== 'ARTICLE'; up = up.parentElement) {
                if (['hidden', 'clip'].includes(getComputedStyle(up).overflowX)) {
                    const u = up.getBoundingClientRect(); [left, right] = [Math.max(left, u.left), Math.min(right, u.right)]; } }
            return [left, right]; };
        return [...document.querySelectorAll('article *')].filter(el => {
            const r = el.getBoundingClientRect();
            if (!(r.width > 0 && r.height > 0) || getComputedStyle(el).visibility === 'hidden' || hidden(el)) return false;
            const [left, right] = shown(el);
            return right > left && (right > article.right + 1 || left < article.left - 1);
        }).map(el => `${el.tagName}.${el.className}`.slice(0, 80)); }""")
    assert cut == [], f"wider than the printed page: {sorted(set(cut))[:15]}"
    captions = page.evaluate("""() => [...document.querySelectorAll('.tcv-keyframe figcaption, .tcv-print-note')]
        .map(c => parseFloat(getComputedStyle(c).fontSize))""")
    assert captions and min(captions) >= 12, captions  # 9 pt
    rows = page.evaluate("""() => [...document.querySelectorAll('.tcv-print')].map(s =>
        new Set([...s.querySelectorAll(':scope > .tcv-keyframe')].map(f => Math.round(f.getBoundingClientRect().top))).size)""")
    assert rows.count(1) >= len(rows) // 2, f"key frames in one row (side by side) in only {rows.count(1)} of {len(rows)} players: {rows}"
    page.close()
