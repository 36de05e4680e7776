"""The built HTML book, as a reader's browser shows it."""

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml
from conftest import HTML, ROOT, SCREENSHOTS
from nbval.plugin import coalesce_streams
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from record_notebooks import chapter_notebooks, sanitizers
from test_recorded import SEED_OUTPUTS, layout_insensitive

from transconv import widgets

PAGES = sorted(
    p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
    if "_static" not in p.relative_to(HTML).parts  # theme templates, not pages
) if HTML.exists() else []


def test_book_has_the_chapter(built_book):
    assert (built_book / "chapters" / "trans_conv.html").exists()
    assert (built_book / "img" / "trans_conv.svg").exists() or list(built_book.glob("_images/trans_conv*.svg"))


def test_chapter_page_shows_the_seed_outputs_in_order(built_book):
    page = (built_book / "chapters" / "trans_conv.html").read_text()
    outputs = [
        layout_insensitive(html.unescape(re.sub(r"<[^>]+>", "", block)))
        for block in re.findall(r'<div class="cell_output docutils container">(.*?)</div>\s*</div>', page, re.S)
    ]
    expected = [layout_insensitive(s) for s in SEED_OUTPUTS]
    found = [next((o for o in outputs if e.strip() in o), None) for e in expected]
    assert all(found), f"missing outputs: {[e for e, f in zip(expected, found) if not f]}"
    positions = [outputs.index(f) for f in found]
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_without_errors(open_page, path):
    opened = open_page(path)
    assert opened.outside_requests == [], f"{path} requested outside _build/html"
    assert opened.console_errors == [], f"{path} logged console errors"
    assert opened.page_errors == [], f"{path} raised script errors"
    assert opened.failed_requests == [], f"{path} has broken links to resources"
    assert (HTML / path).stat().st_size <= 1.5e6, f"{path}: its HTML is over 1.5 MB"
    # Issue 21: the first page's first visit (here from files, before scrolling) at most 1 MB, and on any page
    # what it loads besides its own content (its HTML and images) at most 0.9 MB: the theme, the fonts it draws,
    # the players' script; no icon-font script, no typesetting script (benchmarks/book.py prints the figures).
    content = sum(f.stat().st_size for f in opened.loaded_files if f.suffix == ".html" or f.parent.name == "_images")
    assert path != "index.html" or opened.loaded_bytes <= 1.0e6, f"the first page loads {opened.loaded_bytes} bytes"
    assert opened.loaded_bytes - content <= 0.9e6, f"{path} loads {opened.loaded_bytes - content} bytes besides itself"
    assert not any(f.name in ("fontawesome.js", "tex-chtml.js", "searchindex.js") for f in opened.loaded_files
                   if path != "search.html"), f"{path} loads {sorted(f.name for f in opened.loaded_files)}"


def test_chapter_figure_renders_with_caption(open_page):
    opened = open_page("chapters/trans_conv.html")
    page = opened.page
    figure = page.locator("figure#fig-trans-conv, #fig-trans-conv").first
    image = figure.locator("img")
    assert image.get_attribute("alt").startswith("A 2 by 2 input")
    assert page.evaluate("(img) => img.naturalWidth > 0 && img.complete", image.element_handle())
    assert "Fig. 1" in figure.inner_text() and "Transposed convolution layer" in figure.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SCREENSHOTS / "trans_conv_figure.png"))


@pytest.mark.parametrize("path", PAGES)
def test_every_formula_comes_typeset_with_its_mathml(built_book, path):
    """KaTeX typeset each formula when the book was built: its HTML for the eye, hidden from assistive
    technology, beside MathML with the TeX for screen readers; no formula failed, none is left as TeX."""
    text = (built_book / path).read_text()
    assert "katex-error" not in text, f"{path}: KaTeX could not typeset a formula"
    for match in re.finditer(r'<(?:span|div) class="math notranslate nohighlight"', text):
        formula = text[match.end():match.end() + 4000]
        assert re.match(r'[^>]*>\s*(?:<span class="eqno">.*?</span>)?\s*(?:<span class="katex-display">)?<span class="katex">'
                        r'<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"', formula, re.S), \
            f"{path}: a formula without KaTeX's MathML: {formula[:200]}"
        assert '<annotation encoding="application/x-tex">' in formula.split("</math>")[0]
        assert '<span class="katex-html" aria-hidden="true">' in formula
    assert not re.search(r"\\[(\[]|\$\$", re.sub(r"<annotation.*?</annotation>|<pre.*?</pre>", "", text, flags=re.S)), \
        f"{path}: TeX delimiters outside code: a formula was left for the browser"


def test_the_chapter_has_formulas(built_book):
    pages = [p for p in PAGES if 'class="katex"' in (built_book / p).read_text()]
    assert len(pages) >= 8, pages


def test_formulas_are_drawn_in_katex_fonts_from_the_book(open_page):
    opened = open_page("chapters/output_size.html")
    fonts = opened.page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert "KaTeX_Main" in fonts and "KaTeX_Math" in fonts, fonts
    assert any(path.parent.name == "fonts" and path.suffix == ".woff2" for path in opened.loaded_files)
    widths = opened.page.evaluate("() => [...document.querySelectorAll('.katex-html')].map(k => k.getBoundingClientRect().width)")
    assert widths and min(widths) > 0


def test_code_keeps_a_span_only_where_a_token_looks_different(built_book, open_page):
    """book_code leaves out the spans of tokens that the theme's light and dark styles draw as plain text.
    In the page's own CSS (the theme's and pygments.css), such a span would look exactly as the
    text around it, in both modes; a keyword does not; and no page writes one. Outputs keep the theme's colour."""
    from pygments.token import STANDARD_TYPES
    from test_book_layer import STYLES, book_code

    plain = sorted({STANDARD_TYPES[t] for t in STANDARD_TYPES if STANDARD_TYPES[t] and book_code.looks_plain(t, STYLES)})
    assert {"n", "p", "w"} <= set(plain) and "k" not in plain
    for path in PAGES:
        spans = re.findall(r'<span class="([^"]+)">', "".join(re.findall(r'<div class="highlight">.*?</pre>', (built_book / path).read_text(), re.S)))
        assert not set(spans) & set(plain), f"{path}: spans of plain tokens: {sorted(set(spans) & set(plain))}"
    page = open_page("chapters/practice.html").page
    for mode in ("light", "dark"):
        looks = page.evaluate("""([mode, classes]) => {
          document.documentElement.dataset.theme = mode;
          const pre = document.querySelector('.cell_input div.highlight pre');
          const look = name => {
            const span = pre.appendChild(document.createElement('span'));
            span.textContent = 'x';
            if (name) span.className = name;
            const s = getComputedStyle(span);
            const found = [s.color, s.fontWeight, s.fontStyle, s.textDecorationLine, s.backgroundColor, s.borderStyle].join(' ');
            span.remove();
            return [name, found];
          };
          return Object.fromEntries(['', 'k', ...classes].map(look));
        }""", [mode, plain])
        assert looks["k"] != looks[""], f"{mode}: keywords look like plain text: the check cannot see a colour"
        assert {name: looks[name] for name in plain} == {name: looks[""] for name in plain}, mode
        output, body = page.evaluate("""() => [document.querySelector('.cell_output pre'), document.querySelector('article p')]
                                         .map(el => getComputedStyle(el).color)""")
        assert output == body, f"{mode}: an output's text is no longer in the theme's colour"


def test_no_back_to_top_button_covers_the_players(built_book):
    """The theme's back-to-top pill (pinned at 90% of a phone's screen, over the players' sliders and
    sum panel, and shown as the reader scrolls up to them) is not written on any page."""
    for path in PAGES:
        assert 'id="pst-back-to-top"' not in (built_book / path).read_text(), path


def test_every_stylesheet_and_script_has_one_versioned_address(built_book):
    """Each of the book's stylesheets and scripts is linked from every page by one address, which names
    its version (``?v=`` or ``?digest=``, or a hash in its name): a reader's browser downloads it once,
    and again only when it changes. (Files written after the pages got no ``?v=`` in a fresh build and
    one in a later build: two addresses for one file.)"""
    addresses = {}
    for path in PAGES:
        text = (built_book / path).read_text()
        for url in re.findall(r'<(?:link|script)\b[^>]*?(?:href|src)="([^"]+\.(?:css|js)(?:\?[^"]*)?)"', text):
            if "://" in url:
                continue
            target = ((built_book / path).parent / url.split("?")[0]).resolve()
            addresses.setdefault(target.relative_to(built_book.resolve()).as_posix(), set()).add(url.split("?", 1)[-1] if "?" in url else "")
    assert len(addresses) >= 15, sorted(addresses)
    # Sphinx's search page (basic/search.html, which the theme's extends) links its three scripts bare.
    sphinx_search = {"_static/searchtools.js", "_static/language_data.js", "searchindex.js"}
    unversioned = sorted(f for f, versions in addresses.items()
                         if "" in versions and not re.search(r"[0-9a-f]{16}", f) and f not in sphinx_search)
    assert unversioned == [], f"linked without a version: {unversioned}"
    several = {f: sorted(v) for f, v in addresses.items() if len(v) > 1}
    assert several == {}, f"one file, several addresses: {several}"


NOTEBOOK_PAGES = sorted(
    p.relative_to(HTML).with_suffix("").as_posix()
    for p in (HTML / "chapters").glob("*.html")
    if (HTML / "_sources" / p.relative_to(HTML)).with_suffix(".ipynb").exists()
) if HTML.exists() else []


def test_every_chapter_notebook_is_a_notebook_page(built_book):
    sources = {md.stem for md in chapter_notebooks()}
    assert {Path(p).name for p in NOTEBOOK_PAGES} == sources


def _launched_repository():
    """org/repo that the launch buttons should open: _config.yml's repository.url, else a GitHub/GitLab origin."""
    configured = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    remote = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"],
                            capture_output=True, text=True).stdout.strip()
    for address in (configured, "" if configured else remote):
        match = re.search(r"(?:github|gitlab)\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$", address or "")
        if match:
            return f"{match[1]}/{match[2]}"
    return None


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_launch_and_download_buttons(built_book, page):
    """Downloads on every notebook page; a Binder button only for a repository that was set, never a placeholder."""
    text = (built_book / f"{page}.html").read_text()
    binder = re.findall(r'href="(https://mybinder\.org/[^"]+)"', text)
    repository = _launched_repository()
    if repository is None:
        assert binder == [] and "Launch interactive content" not in text
    else:
        assert binder == [f"https://mybinder.org/v2/gh/{repository}/main?urlpath=lab/tree/{page}.md"]
    assert "transconv/transconv-book" not in text and "executablebooks" not in text
    for suffix in (".ipynb", ".md"):
        link = f'href="../_sources/{page}{suffix}"'
        assert link in text, f"no {suffix} download button on {page}"
        assert (built_book / "_sources" / f"{page}{suffix}").exists()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(attrs[key])


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text())
    return parser


@pytest.mark.parametrize("path", PAGES)
def test_internal_links_and_images_resolve(built_book, path):
    page = built_book / path
    broken = []
    for link in _parse(page).links:
        scheme = urlsplit(link).scheme
        if scheme in ("http", "https", "mailto", "data", "javascript"):
            continue
        parts = urlsplit(link)
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(link)
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
            broken.append(link)
    assert broken == [], f"{path} has broken links: {broken}"


# axe-core on every page, at 1280 and 390 px, all impacts: tests/test_reader.py.


def _text_outputs(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in coalesce_streams(cell.outputs):  # where the kernel flushed varies
            if output.output_type == "stream":
                texts.append((output.name, output.text))
            elif output.output_type in ("execute_result", "display_data"):
                for mime in ("text/plain", "text/html", "text/latex"):
                    if mime in output.get("data", {}):
                        texts.append((mime, output["data"][mime]))
    return [(kind, _sanitized(text)) for kind, text in texts]


def _sanitized(text):
    """``text`` as nbval compares it (``tests/nbval_sanitize.cfg``: addresses, players' inlined engine)."""
    for pattern, replacement in sanitizers():
        text = pattern.sub(replacement, text)
    return text


@pytest.mark.parametrize("recorded", sorted((HTML.parent.parent / "tests" / "recorded").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_book_shows_the_recorded_outputs(built_book, recorded):
    """The build executed every notebook afresh; its text outputs equal the recorded ones."""
    executed = built_book.parent / "jupyter_execute" / "chapters" / recorded.name
    assert executed.exists(), f"the build did not execute chapters/{recorded.stem}.md"
    outputs = _text_outputs(executed)
    if not outputs and _text_outputs(recorded):
        pytest.fail(f"chapters/{recorded.stem}.md was not executed by this build: `make book` reuses stored "
                    "executions and writes the page's notebook without outputs; `make book-fresh` executes afresh")
    assert outputs == _text_outputs(recorded)


PLAYER_PAGES = sorted(
    page for page in PAGES if "data-tcv-view" in (HTML / page).read_text()
) if HTML.exists() else []

# What a reader sees of a player, and what it says it shows (Play's speed is the reader's own, in data-speed
# beside data-state, static/README.md's test contract): changes whenever its view does.
VIEW = "r => r.getAttribute('data-state') + r.getAttribute('data-speed') + r.innerText"
STEP_CONTROLS = {"Previous step", "Next step", "Step", "Previous cell", "Next cell", "Cell"}


def test_chapter_pages_with_players_are_found(built_book):
    assert {"chapters/basic_operation.html", "chapters/strides.html", "chapters/matrix_view.html",
            "chapters/output_size.html", "chapters/direct_conv.html", "chapters/checkerboard.html",
            "chapters/size_explorer.html"} <= set(PLAYER_PAGES)


@pytest.mark.parametrize("path", PLAYER_PAGES)
def test_every_player_control_works_without_a_kernel(open_page, path):
    """In the built book, every visible slider and button of every player changes what it shows."""
    opened = open_page(path)
    page = opened.page
    page.wait_for_selector("[data-player][data-state]")
    roots = page.locator("[data-player]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for n in range(roots.count()):
        root = roots.nth(n)
        root.scroll_into_view_if_needed()
        tried = 0
        for kind in ("input[type=range]", "button"):
            controls = root.locator(kind)
            for i in range(controls.count()):
                control = controls.nth(i)
                if not control.is_visible() or control.is_disabled() \
                        or control.get_attribute("aria-pressed") == "true":
                    continue  # a toggle already on rightly changes nothing
                state = json.loads(root.get_attribute("data-state"))
                stepping = control.get_attribute("aria-label") in STEP_CONTROLS \
                    or control.get_attribute("data-role") == "play"
                if stepping and state.get("steps", 2) < 2:
                    continue  # a setting with one step: stepping rightly changes nothing
                if control.get_attribute("aria-label") in ("Previous step", "Previous cell") and state["step"] == 0:
                    root.get_by_role("button", name=re.compile("^Next (step|cell)$")).click()  # at the first it does nothing
                before = root.evaluate(VIEW)
                if kind == "button":
                    control.click()
                else:
                    at_max = control.evaluate("c => Number(c.value) >= Number(c.max)")
                    if control.evaluate("c => c.min === c.max"):
                        continue  # one allowed value: nothing else to choose
                    control.focus()
                    control.press("ArrowLeft" if at_max else "ArrowRight")
                try:
                    page.wait_for_function(f"([r, b]) => ({VIEW})(r) !== b",
                                           arg=[root.element_handle(), before], timeout=5000)
                except PlaywrightTimeout:
                    name = control.evaluate("c => c.getAttribute('aria-label') || c.dataset.param || c.textContent")
                    pytest.fail(f"{path}: {kind} {name!r} of player {n} changed nothing")
                speed = control.evaluate("c => c.closest('[data-param=\"speed\"]') && c.dataset.value")
                if speed:  # Play's speed: the root says it, and the pace its interval for this setting
                    assert root.get_attribute("data-speed") == speed, f"{path}: player {n}"
                    pace = root.locator('[data-param="speed"] .tcv-pace').inner_text()
                    assert re.fullmatch(r"\d+(\.\d)? m?s a step, \d+(\.\d)? m?s in all", pace), pace
                if control.get_attribute("data-role") == "play" and \
                        control.get_attribute("aria-pressed") == "true":
                    control.click()  # pause again
                tried += 1
        assert tried >= 2, f"{path}: player {n} has fewer than two working controls"
        root.screenshot(path=str(SCREENSHOTS / f"book-{Path(path).stem}-{n + 1}.png"))
    assert opened.console_errors == [] and opened.page_errors == []
    assert opened.outside_requests == []


@pytest.mark.parametrize("path", PLAYER_PAGES)
def test_the_players_of_a_page_share_one_engine(open_page, path):
    """A page carries each player's model only; the engine comes once, in a file the next page reuses."""
    text = (HTML / path).read_text()
    assert "data-tcv-module" not in text and "convTranspose2d" not in text, f"{path} inlines the engine"
    opened = open_page(path)
    hosts = opened.page.locator("[data-tcv-view]")
    opened.page.wait_for_function("() => [...document.querySelectorAll('[data-tcv-view]')]"
                                  ".every(h => h.querySelector('[data-player][data-state]'))", timeout=10000)
    assert hosts.count() == text.count("data-tcv-view=")
    shared = [url for url in opened.requests if url.split("?")[0].endswith("/_static/transconv/players.js")]
    assert len(shared) == 1, opened.requests
    assert opened.console_errors == [] and opened.page_errors == []


def test_the_shared_script_holds_every_view_and_the_engine_once(built_book):
    """One classic script for the whole book (its text: transconv.bundle.views_module, which the doctests
    check holds each file once), every view the chapters call, nothing a page opened from files refuses."""
    script = (built_book / "_static" / "transconv" / "players.js").read_text()
    assert script.count("// ---- engine.js") == 1
    entries = {cls.ENTRY for cls in vars(widgets).values() if isinstance(cls, type) and vars(cls).get("ENTRY")}
    for view in sorted(entries):
        assert script.count(f'"{view}"') == 1, view
    assert script.count('"channels.js"') == 1  # the newest view, so that the list above cannot be empty
    assert not re.search(r"\bexport\b|^\s*import\b", script, re.M)


def test_a_downloaded_notebook_keeps_each_players_own_face(built_book):
    """Outside the book a notebook has no shared engine: its players' text/html still inlines it."""
    notebook = nbformat.read(built_book / "_sources" / "chapters" / "matrix_view.ipynb", as_version=4)
    faces = [output["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
             for output in cell.outputs if "application/vnd.transconv.player+json" in output.get("data", {})]
    assert len(faces) == 2 and all("data-tcv-module" in face and "convTranspose2d" in face for face in faces)


def _references(built_book):
    """The list's entries: id -> (text, links)."""
    page = (built_book / "chapters" / "references.html").read_text()
    entries = {}
    for entry_id, body in re.findall(r'<div class="citation" id="([^"]+)" role="listitem">(.*?)</div>', page, re.S):
        links = re.findall(r'<a class="reference external" href="([^"]+)">([^<]+)</a>', body)
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body.split("</span>", 2)[-1]))).strip()
        entries[entry_id] = (text, links)
    return entries


def test_references_cite_author_year_in_the_text_and_the_list(built_book):
    """Every citation in the text reads "(Authors, year)" and its entry starts with the same authors and year."""
    entries = _references(built_book)
    assert len(entries) >= 15
    cited = set()
    for path in PAGES:
        for group in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', (built_book / path).read_text(), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", group))
            assert text.startswith("(") and text.endswith(")"), f"{path}: {text}"
            for entry_id, label in re.findall(r'href="references.html#([^"]+)"[^>]*>(.*?)</a>', group):
                label = html.unescape(re.sub(r"<[^>]+>", "", label))
                authors, year = label.rsplit(", ", 1)
                assert re.fullmatch(r"\d{4}[a-z]?|n\.d\.(-[a-z])?", year), label
                first_author = authors.split(" and ")[0].replace(" et al.", "")
                entry = entries[entry_id][0]
                assert entry.startswith(first_author) and f"({year})." in entry[:200], (label, entry[:120])
                cited.add(label)
    assert len(cited) == len(entries), "two entries are cited alike, or an entry is never cited"


def test_each_reference_keeps_its_titles_capitals_and_has_one_readable_link(built_book):
    """Each entry shows its title as references.bib writes it (only TeX's escapes undone), and one link."""
    bib = (ROOT / "references.bib").read_text()
    titles = {re.sub(r"\\(.)", r"\1", title).replace("{", "").replace("}", "")
              for title in re.findall(r"^\s*title\s*=\s*\{(.*)\},?\s*$", bib, re.M)}
    entries = _references(built_book)
    assert any(title.startswith("U-Net: Convolutional") for title in titles)
    for text, _ in entries.values():
        assert any(title in text for title in titles), f"a title lost its capitals or its characters: {text[:160]}"
    for text, links in entries.values():  # every entry of references.bib has a url or a doi
        assert len(links) == 1, (text, links)
        address, link_text = links[0]
        assert address.startswith("https://") and not link_text.startswith("http") and link_text in address, links


@pytest.mark.parametrize("path", PAGES)
def test_images_have_alt_text(built_book, path):
    images = re.findall(r"<img\b[^>]*>", (built_book / path).read_text())
    for image in images:
        alt = re.search(r'\balt="([^"]*)"', image)
        assert alt and alt.group(1).strip(), f"{path}: image without alt text: {image[:120]}"
        assert not re.search(r"\.(png|svg|jpe?g)$", alt.group(1)), f"{path}: alt text is a file name: {image[:160]}"


def test_images_know_their_size_and_load_lazily_below_the_opening(built_book):
    images = {path: re.findall(r"<img\b[^>]*>", (built_book / path).read_text()) for path in PAGES}
    found = [(path, image) for path, tags in images.items() for image in tags]
    assert len(found) >= 3
    for path, image in found:
        width, height = re.search(r'\bwidth="(\d+)"', image), re.search(r'\bheight="(\d+)"', image)
        assert width and height, f"{path}: an image without its size: {image[:160]}"
    checkerboard = images["chapters/checkerboard.html"]  # its plot is in the page's last section
    assert checkerboard and all('loading="lazy"' in image for image in checkerboard)
    assert 'loading="lazy"' not in images["chapters/trans_conv.html"][0]  # Fig. 1, at the top


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_no_unused_widget_state(built_book, path):
    assert "application/vnd.jupyter.widget-state+json" not in (built_book / path).read_text()
