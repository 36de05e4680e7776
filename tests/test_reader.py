"""The reader's book on every screen, keyboard and printer (issue 12), in headless Chromium.

Each test opens the built book in one shared Chromium (conftest's ``chromium``) and reuses one
browser context per width and colour mode.  Pages are ready when the book's theme script has laid
them out (``PAGE_READY``), never after a fixed sleep.  Screenshots of every page at 1280 and 390 px,
light and dark, and printed, go to ``_build/screenshots/pages/``.

Checks that concern the players use only their contract (issue 10): each player's root element
carries ``data-player``.
"""

import functools
import http.server
import re
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import HTML, PAGE_READY, ROOT, SCREENSHOTS
from PIL import Image
from test_book import PAGES

SHOTS = SCREENSHOTS / "pages"
WIDTHS = (1280, 390)
MATH_PAGES = sorted(p for p in PAGES if '<div class="math' in (HTML / p).read_text()) if HTML.exists() else []
# The chapters that call a player (one line each, e.g. ``transconv.widgets.scatter_add_player()``).
PLAYER_PAGES = sorted(
    f"chapters/{md.stem}.html" for md in (ROOT / "chapters").glob("*.md")
    if re.search(r"^transconv\.widgets\.\w+\(", md.read_text(), re.M)
)
MAX_TABS_TO_PLAYER = 25


def stem(path):
    return Path(path).with_suffix("").as_posix().replace("/", "-")


@pytest.fixture(scope="module")
def reader(chromium, built_book):
    """``reader(path, width, mode="light")``: a page of the book, opened in a context kept per width and mode."""
    contexts = {}

    def open_(path, width, mode="light", height=900):
        key = (width, mode, height)
        if path.startswith("http"):
            url = path
        else:
            path, _, query = path.partition("?")
            url = (built_book / path).as_uri() + (f"?{query}" if query else "")
        if key not in contexts:
            context = chromium.new_context(viewport={"width": width, "height": height})
            context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
            contexts[key] = (context, context.new_page())
        page = contexts[key][1]
        page.goto(url, wait_until="load")
        page.wait_for_function(PAGE_READY, timeout=15000)
        return page

    yield open_
    for context, _ in contexts.values():
        context.close()


# --- display equations ----------------------------------------------------------------------

# A display equation's box is its div.math; the formula is KaTeX's drawing inside it (its extent: the
# union of its glyphs' boxes, since KaTeX's own elements span the column).
CLIPPED_EQUATIONS = """() => [...document.querySelectorAll('article.bd-article div.math')]
    .filter(box => box.querySelector('.katex-display'))
    .map(box => { const range = document.createRange(); range.selectNodeContents(box.querySelector('.katex-html'));
        return {box, math: range.getBoundingClientRect(), rect: box.getBoundingClientRect()}; })
    .filter(({box, math, rect}) => box.scrollWidth > box.clientWidth + 1 || math.left < rect.left - 1 || math.right > rect.right + 1)
    .map(({box, math}) => ({id: box.id, math: box.querySelector('annotation')?.textContent?.slice(0, 60),
                            width: Math.round(math.width), box: box.clientWidth}))"""


@pytest.fixture(scope="module")
def clipped_equations(reader):
    """Display equations wider than their box, per width: each page with math loaded once, resized."""
    found = {width: {} for width in EQUATION_WIDTHS}
    for path in MATH_PAGES:
        page = reader(path, 1280)
        for width in EQUATION_WIDTHS:
            page.evaluate("() => { document.documentElement.dataset.tcLayout = 'pending'; }")
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(PAGE_READY)  # book.js laid the page out again at this width
            clipped = page.evaluate(CLIPPED_EQUATIONS)
            if clipped:
                found[width][path] = clipped
        page.set_viewport_size({"width": 1280, "height": 900})
    return found


EQUATION_WIDTHS = (390, 768, 1280, 1920)


@pytest.mark.parametrize("width", EQUATION_WIDTHS)
def test_no_display_equation_is_wider_than_its_box(clipped_equations, width):
    assert MATH_PAGES, "no page with display equations was found"
    assert clipped_equations[width] == {}, \
        f"at {width} px these display equations are wider than their box: {clipped_equations[width]}"


def test_an_equation_that_must_scroll_shows_it_and_takes_the_focus(reader):
    """Where scrolling is unavoidable (here: a column made 200 px narrow), the equation shows a
    shadow where there is more, a scrollbar, and is a named Tab stop."""
    page = reader("chapters/output_size.html", 390)
    page.evaluate("""() => { document.documentElement.dataset.tcLayout = 'pending';
        document.querySelector('article.bd-article').style.width = '200px'; }""")
    page.wait_for_function(PAGE_READY)
    # A drawn (not overlay) scrollbar: a ::-webkit-scrollbar rule with a height for the box, which
    # Chromium honours where scrollbar-color is auto. (The test browser runs headless with scrollbars
    # hidden, so their size cannot be measured on the page.)
    css = (HTML / "_static" / "book.css").read_text()
    bars = re.findall(r"([^{}]+)::-webkit-scrollbar\s*\{[^}]*\bheight:\s*[\d.]*[1-9]", css)
    boxes = page.evaluate("""bars => [...document.querySelectorAll('article.bd-article div.math')]
        .filter(eq => eq.scrollWidth > eq.clientWidth + 1)
        .map(eq => { const s = getComputedStyle(eq);
            return {tabindex: eq.tabIndex, label: eq.getAttribute('aria-label'), overflow: s.overflowX,
                    shadow: s.backgroundImage.includes('gradient'),
                    scrollbar: bars.some(b => eq.matches(b.trim())) && s.scrollbarColor === 'auto'}; })""", bars)
    assert boxes, "no equation overflows a 200 px column: the check below would check nothing"
    for box in boxes:
        assert box["tabindex"] == 0 and box["label"], box
        assert box["overflow"] == "auto" and box["shadow"] and box["scrollbar"], box
    page.locator('div.math.tc-scrolls').first.focus()
    page.keyboard.press("ArrowRight")  # a focused scroll box scrolls with the keyboard
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)


# --- figures on phones ----------------------------------------------------------------------

# Images below a page's opening load lazily: load them all (as a reader scrolling down would), then let
# book.js fit them, before measuring.
LOAD_IMAGES = """async () => {
    for (const img of document.images) img.loading = 'eager';
    await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""
FIGURE_SCALES = """() => [...document.querySelectorAll('article.bd-article :is(figure, .cell_output) img')]
    .filter(img => !img.closest('[data-player]'))
    .map(img => { const box = img.closest('figure, .cell_output');
        return {src: img.src.split('/').pop().slice(0, 40), scale: img.getBoundingClientRect().width / img.naturalWidth,
                overflows: box.scrollWidth > box.clientWidth + 1, tabindex: box.tabIndex,
                label: box.getAttribute('aria-label') || box.querySelector('figcaption')?.innerText,
                shadow: getComputedStyle(box).backgroundImage.includes('gradient')}; })"""


def test_figures_keep_55_percent_of_their_size_on_a_phone(survey):
    figures = {}
    for path, found in survey(390).items():
        for figure in found["figures"]:
            figures[f"{path} {figure['src']}"] = figure
    assert any("trans_conv.svg" in name for name in figures), "Fig. 1 (img/trans_conv.svg) was not found"
    assert any(name.startswith("chapters/checkerboard.html") for name in figures), "the checkerboard plot was not found"
    assert all(f["scale"] is not None and f["scale"] < 10 for f in figures.values()), figures  # every image loaded
    small = {name: round(f["scale"], 2) for name, f in figures.items() if f["scale"] < 0.55}
    assert small == {}, f"figures below 55 % of their natural size at 390 px: {small}"
    for name, figure in figures.items():
        if figure["overflows"]:  # wider than the phone: a named, focusable scroll box with a cue
            assert figure["tabindex"] == 0 and figure["label"] and figure["shadow"], (name, figure)


def test_the_references_fit_a_phone(reader):
    page = reader("chapters/references.html", 390)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    entries = page.evaluate("""() => [...document.querySelectorAll('div.citation > p')]
        .map(p => p.scrollWidth <= p.clientWidth + 1)""")
    assert len(entries) >= 15 and all(entries)


# --- keyboard -------------------------------------------------------------------------------

ACTIVE = """() => { const a = document.activeElement;
    return {tag: a.tagName, player: !!a.closest('[data-player]'), body: a === document.body,
            name: (a.getAttribute('aria-label') || a.innerText || a.title || '').trim().slice(0, 40)}; }"""


def test_the_chapters_with_players_are_found():
    assert {"chapters/basic_operation.html", "chapters/matrix_view.html", "chapters/checkerboard.html",
            "chapters/size_explorer.html"} <= set(PLAYER_PAGES)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PLAYER_PAGES)
def test_tab_reaches_the_first_player_control_in_25_presses(reader, path, width):
    """From the top of the page, Tab (and Enter on the skip link to the player) reaches a player control."""
    page = reader(path, width)
    assert page.locator("[data-player]").count() > 0, f"{path} has no [data-player] root (issue 10's contract)"
    stops, presses = [], 0
    while presses < MAX_TABS_TO_PLAYER:
        page.keyboard.press("Tab")
        presses += 1
        active = page.evaluate(ACTIVE)
        if active["player"]:
            assert presses <= 4, f"{path} at {width} px: {presses} presses although a skip link leads to the player"
            return
        stops.append(f"{active['tag']} {active['name']}")
        if active["name"] == "Skip to the first interactive player":
            page.keyboard.press("Enter")
            presses += 1
    pytest.fail(f"{path} at {width} px: no player control within {MAX_TABS_TO_PLAYER} key presses; the stops: {stops}")


def test_formulas_are_read_as_math_and_are_not_tab_stops(reader):
    """Screen readers get each formula as math (KaTeX's MathML); the drawing is hidden from them; no formula is
    a Tab stop, and none offers a menu (MathJax's needed files the book did not ship)."""
    page = reader("chapters/exercises.html", 1280)
    assert page.locator(".katex").count() > 20
    stops = page.evaluate("""() => [...document.querySelectorAll('.katex, .katex *')]
        .filter(m => m.tabIndex >= 0).length""")
    assert stops == 0, f"{stops} formulas are Tab stops"
    assert page.locator(".katex-html:not([aria-hidden='true'])").count() == 0
    tree = page.locator("article.bd-article").aria_snapshot()
    assert tree.count("- math:") >= 20, tree[:2000]
    assert "right-click" not in page.locator(".bd-footer-content").inner_text()
    page.locator(".katex").first.click(button="right")
    assert page.locator(".CtxtMenu_Menu").count() == 0


def _channels(css):
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return values[:3], (values[3] if len(values) > 3 else 1.0)


def _luminance(css):
    (r, g, b), _ = _channels(css)
    lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FOCUS_STYLE = """() => {
    const a = document.activeElement;
    document.getAnimations().forEach(x => x.finish());
    const s = getComputedStyle(a);
    const opaque = c => { const v = c.match(/[\\d.]+/g).map(Number); return v.length < 4 || v[3] > 0.9; };
    const backdrop = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
        if (opaque(c)) return c; } return getComputedStyle(document.body).backgroundColor; };
    let opacity = 1; for (let el = a; el; el = el.parentElement) opacity *= Number(getComputedStyle(el).opacity);
    const offset = parseFloat(s.outlineOffset);
    return {tag: a.tagName, cls: String(a.className).slice(0, 50), player: !!a.closest('[data-player]'),
            body: a === document.body, name: (a.getAttribute('aria-label') || a.innerText || a.title || '').trim().slice(0, 30),
            style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, opacity,
            background: offset < 0 ? backdrop(a) : backdrop(a.parentElement)};
}"""


def focus_problems(seen):
    problems = []
    for f in seen:
        ratio = contrast(f["color"], f["background"]) if f["style"] != "none" else 0
        if f["style"] == "none" or f["width"] < 2 or ratio < 3 or f["opacity"] < 0.9:
            problems.append(f"{f['tag']}.{f['cls']} '{f['name']}': outline {f['style']} {f['width']}px "
                            f"{f['color']} on {f['background']} = {ratio:.2f}:1, opacity {f['opacity']:.2f}")
    return problems


def walk_focus(page, limit=200):
    """Tab through a page; the focus style of every stop outside the players."""
    seen, names = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUS_STYLE)
        key = (f["tag"], f["cls"], f["name"])
        if f["body"] or (key in names and len(seen) > 5 and key == (seen[0]["tag"], seen[0]["cls"], seen[0]["name"])):
            break
        names.add(key)
        if not f["player"]:
            seen.append(f)
    return seen


@pytest.mark.parametrize("mode", ("light", "dark"))
@pytest.mark.parametrize("width", WIDTHS)
def test_every_theme_control_shows_its_focus_at_3_to_1(reader, width, mode):
    seen = []
    page = reader("chapters/strides.html", width, mode)  # previous and next links, header, TOC
    seen += walk_focus(page)
    menus = [menu for menu in ("Launch interactive content", "Download this page")  # the header's menus
             if page.get_by_role("button", name=menu).count()]  # no launch menu without a repository
    for menu in menus:  # item by item
        page.get_by_role("button", name=menu).focus()
        page.keyboard.press("Enter")
        for _ in range(page.locator(f'button[aria-label="{menu}"] + .dropdown-menu li').count()):
            page.keyboard.press("ArrowDown")
            seen.append(page.evaluate(FOCUS_STYLE))
        page.keyboard.press("Escape")
    page.keyboard.press("Control+k")  # the search dialog's field
    seen.append(page.evaluate(FOCUS_STYLE))
    names = {f["name"] for f in seen}
    expected = {"Download this page", "Color mode", "Search", ".ipynb", ".md", ".whl"}
    if "Launch interactive content" in menus:
        expected |= {"Launch interactive content", "Binder"}
    if width >= 992:
        expected |= {"Toggle primary sidebar", "Output Size", "Sections of Transposed Convolution"}
    missing = {name for name in expected if not any(n.startswith(name[:30]) for n in names)}
    assert not missing, f"never focused: {missing}"
    assert any("previous" in n.lower() or "Basic Operation" in n for n in names)
    problems = focus_problems(seen)
    assert not problems, f"at {width} px, {mode}, focus rings below 3:1 or hidden:\n" + "\n".join(problems)


# --- one search box, readable snippets ------------------------------------------------------

SEARCH_BOXES = """() => [...document.querySelectorAll('form.bd-search, .search-button__button')]
    .filter(el => el.checkVisibility() && !el.closest('dialog:not([open])'))
    .map(el => el.className)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_one_search_box_per_page(survey, width):
    boxes = {path: found["search_boxes"] for path, found in survey(width).items()}
    assert {path: found for path, found in boxes.items() if len(found) != 1} == {}


def search(reader, served_book, query):
    """The snippets of a search, over HTTP (Sphinx fetches each result's page for its snippet)."""
    page = reader(f"{served_book}/search.html?q={query}", 1280)
    page.wait_for_function("() => /Search finished|did not match/.test(document.querySelector('#search-results')?.innerText ?? '')",
                           timeout=20000)
    page.wait_for_function("""() => [...document.querySelectorAll('#search-results li')]
        .every(li => li.querySelector('p.context'))""", timeout=20000)
    return page.locator("#search-results li p.context").all_inner_texts()


TEX = re.compile(r"\\[()\[\]]|\\[A-Za-z]+|\$")


@pytest.mark.parametrize("query", ["kernel", "stride", "output"])
def test_search_snippets_show_no_tex(reader, served_book, query):
    snippets = search(reader, served_book, query)
    assert len(snippets) >= 3
    raw = [s for s in snippets if TEX.search(s)]
    assert raw == [], f"snippets with TeX source: {raw}"


@pytest.mark.parametrize("query", ["kernel", "checkerboard"])
def test_search_from_files_shows_snippets_without_errors(open_page, query):
    """The README says the book works opened from files: so does search, snippets included."""
    opened = open_page("search.html", query=f"q={query}")
    page = opened.page
    page.wait_for_function("() => /Search finished/.test(document.querySelector('#search-results')?.innerText ?? '')",
                           timeout=20000)
    page.wait_for_function("""() => [...document.querySelectorAll('#search-results li')]
        .every(li => li.querySelector('p.context'))""", timeout=20000)
    snippets = page.locator("#search-results li p.context").all_inner_texts()
    assert len(snippets) >= 3 and sum(query in s.lower() for s in snippets) >= 3, snippets
    assert opened.console_errors == [] and opened.page_errors == [] and opened.failed_requests == []


def test_only_the_search_page_loads_the_search_index(built_book):
    for path in PAGES:
        text = (built_book / path).read_text()
        loads = bool(re.search(r'<script[^>]+src="[^"]*searchindex\.js', text))
        assert loads == (path == "search.html"), f"{path} loads the search index: {loads}"


def test_search_snippets_show_no_player_text(reader, served_book):
    controls = set()
    for path in PLAYER_PAGES:
        page = reader(path, 1280)
        controls |= set(page.evaluate("""() => [...document.querySelectorAll('[data-player] :is(button, label)')]
            .map(el => el.innerText.trim()).filter(t => t.length > 3)"""))
    assert controls, "no player controls found ([data-player] roots, issue 10's contract)"
    snippets = search(reader, served_book, "player") + search(reader, served_book, "step")
    assert snippets
    leaked = sorted({c for c in controls for s in snippets if c in s})
    assert leaked == [], f"player control text in search snippets: {leaked}"


# --- favicon and downloads (over HTTP, as a web server serves the book) ----------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_book(built_book):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_every_page_has_a_favicon_and_nothing_404s(chromium, served_book, built_book):
    for path in PAGES:
        icon = re.search(r'<link rel="icon" href="([^"]+)"', (built_book / path).read_text())
        assert icon, f"{path} names no favicon"
        assert (built_book / path).parent.joinpath(icon.group(1)).resolve().is_file()
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    page.goto(f"{served_book}/chapters/trans_conv.html")
    page.wait_for_function(PAGE_READY)
    href = page.evaluate("() => document.querySelector('link[rel~=icon]').href")
    response = page.request.get(href)
    assert response.status == 200 and b"<svg" in response.body()
    assert errors == []
    context.close()


def test_the_download_menu_downloads(chromium, served_book):
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served_book}/chapters/basic_operation.html")
    page.wait_for_function(PAGE_READY)
    names = []
    for suffix in (".ipynb", ".md", ".whl"):
        page.get_by_role("button", name="Download this page").click()
        with page.expect_download(timeout=5000) as download:
            page.locator(".dropdown-download-buttons .dropdown-item", has_text=suffix).click()
        names.append(download.value.suggested_filename)
    assert names[:2] == ["basic_operation.ipynb", "basic_operation.md"]
    assert re.fullmatch(r"transconv-[\d.]+-py3-none-any\.whl", names[2])
    assert page.url.endswith("/chapters/basic_operation.html")  # the page stayed; nothing opened in a tab
    assert len(context.pages) == 1
    context.close()


# The downloaded notebooks run in tests/test_binder.py, in the run's one fresh runtime environment.


# --- dark mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_dark_mode_figures_sit_on_a_light_card_with_their_colours(reader, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    cards = []
    for path in PAGES:
        page = reader(path, width, "dark")
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        cards += page.evaluate("""() => [...document.querySelectorAll('article.bd-article :is(figure, .cell_output) img')]
            .filter(img => !img.closest('[data-player]'))
            .map(img => ({src: img.src.split('/').pop().slice(0, 30), card: getComputedStyle(img).backgroundColor,
                          filter: getComputedStyle(img).filter, page: getComputedStyle(document.body).backgroundColor}))""")
        page.screenshot(path=str(SHOTS / f"{stem(path)}-{width}-dark.jpg"), full_page=True, type="jpeg", quality=70)
    assert len(cards) >= 2
    for card in cards:
        assert _luminance(card["page"]) < 0.05, card  # the page is dark
        assert _luminance(card["card"]) > 0.8 and card["filter"] == "none", card  # the figure is not dimmed


# --- print ----------------------------------------------------------------------------------

PRINT_CHROME = (".bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-footer, "
                ".search-button__button, .theme-switch-button, .copybtn, #pst-skip-link")


def empty_frames_at_page_bottoms(images, frame_colours):
    """Printed pages whose content ends in a code frame with nothing in it on that page.

    From the last drawn row of a page upwards: past the frame's bottom border, rows of a frame's
    background with no text in them; if those rows reach the frame's top (a row that is not frame
    background) before any row with text, the page ends in an empty frame.
    """
    if not frame_colours:  # a page without code cells
        return []
    colours = np.array(frame_colours, dtype=int).reshape(-1, 1, 1, 3)
    empty = []
    for number, image in enumerate(images, 1):
        pixels = np.asarray(image.convert("RGB"), dtype=int)  # (h, w, 3)
        distance = np.abs(pixels[None] - colours).sum(axis=-1).min(axis=0)  # to the nearest frame colour
        white = np.abs(pixels - 255).sum(axis=-1)
        blank_rows = (pixels.sum(axis=-1) >= 762).all(axis=1)
        frame_rows = (distance <= 9).mean(axis=1) >= 0.5
        text = ((distance > 60) & (white > 60)).sum(axis=1)
        drawn = np.flatnonzero(~blank_rows)
        if drawn.size == 0:
            continue
        y = drawn[-1]
        for _ in range(3):  # the frame's bottom border
            if not frame_rows[y]:
                y -= 1
        band = []
        while y >= 0 and frame_rows[y] and text[y] <= 6:  # frame background, at most its side borders
            band, y = band + [y], y - 1
        # A frame's background is one colour; a drop shadow (an admonition's, at a page's foot) is a gradient.
        uniform = len(band) > 0 and np.ptp(pixels[band].mean(axis=(1, 2))) <= 3
        if len(band) >= 4 and uniform and not (y >= 0 and frame_rows[y]):  # reached the frame's top: nothing in it
            empty.append(number)
    return empty


FRAME_COLOURS = """() => [...new Set([...document.querySelectorAll('div.cell_input, div.cell_input pre, div.cell_output pre')]
    .map(el => getComputedStyle(el).backgroundColor).filter(c => !c.startsWith('rgba(0, 0, 0, 0)')))]"""


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/") or p == "index.html"])
def test_printed_page_has_no_chrome_wraps_code_and_leaves_no_empty_frames(reader, path, tmp_path):
    page = reader(path, 1280)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(pdf), str(tmp_path / "p")], check=True)
    images = [Image.open(p) for p in sorted(tmp_path.glob("p-*.png"))]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{stem(path)}-print-*.png"):
        old.unlink()
    for n, image in enumerate(images, 1):
        image.save(SHOTS / f"{stem(path)}-print-{n}.png")

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 1000})  # about an A4 page's printable width
    try:
        shown = page.evaluate(f"() => [...document.querySelectorAll('{PRINT_CHROME}')]"
                              ".filter(el => el.checkVisibility()).map(el => el.className || el.id)")
        assert shown == [], f"{path}: theme chrome in print: {shown}"
        cut = page.evaluate("""() => [...document.querySelectorAll('article pre')]
            .filter(pre => !pre.closest('[data-player]') && pre.scrollWidth > pre.clientWidth + 1)
            .map(pre => pre.innerText.split('\\n').find(l => l.length > 60) ?? pre.innerText.slice(0, 60))""")
        assert cut == [], f"{path}: code lines cut at the margin in print: {cut}"
        frames = [tuple(_channels(c)[0]) for c in page.evaluate(FRAME_COLOURS)]
    finally:
        page.emulate_media(media="null")  # back to no emulation (page.pdf() prints with print media)
        page.set_viewport_size({"width": 1280, "height": 900})
    empty = empty_frames_at_page_bottoms(images, frames)
    assert empty == [], f"{path}: an empty frame ends printed page(s) {empty}"


# --- axe and screenshots at both widths ------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package-lock.json
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']}))
    .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""


@pytest.fixture(scope="module")
def survey(reader):
    """``survey(width)``: every page loaded once at that width: its figures, search boxes and axe's
    violations (of any impact), and a full-page screenshot."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make node` installs axe-core from package-lock.json")
    results = {}

    def at(width):
        if width not in results:
            SHOTS.mkdir(parents=True, exist_ok=True)
            results[width] = {}
            for path in PAGES:
                page = reader(path, width)
                page.evaluate(LOAD_IMAGES)
                found = {"figures": page.evaluate(FIGURE_SCALES), "search_boxes": page.evaluate(SEARCH_BOXES)}
                page.screenshot(path=str(SHOTS / f"{stem(path)}-{width}.jpg"), full_page=True, type="jpeg", quality=70)
                page.add_script_tag(path=str(AXE))
                found["axe"] = page.evaluate(AXE_RUN)
                results[width][path] = found
        return results[width]

    return at


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_any_page(survey, width):
    found = {path: result["axe"] for path, result in survey(width).items() if result["axe"]}
    assert found == {}, f"axe at {width} px: {found}"
