"""Shared fixtures: the built book and a headless Chromium that opens its pages."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import sync_playwright  # pinned in requirements.txt

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# book.js (the book's theme script, _ext/static) sets this once the fonts of the page (those of the
# formulas, typeset when the book was built, among them) are in and the overflow cues are laid out:
# the condition that tests wait on instead of a fixed sleep.
PAGE_READY = "() => document.documentElement.dataset.tcLayout === 'done'"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def built_book():
    """The HTML book in ``_build/html``; `make test` builds it before pytest runs."""
    if not (HTML / "index.html").exists():
        pytest.fail("no built book in _build/html: run `make book` (or `make test`) first")
    return HTML


@dataclass
class OpenedPage:
    """A page opened in Chromium, with what it logged and requested."""

    page: object
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    outside_requests: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    loaded_files: set = field(default_factory=set)
    requests: list = field(default_factory=list)

    @property
    def loaded_bytes(self):
        """Bytes of every file of the book that the page loaded."""
        return sum(path.stat().st_size for path in self.loaded_files if path.is_file())


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _inside(url, root):
    return url.startswith(root.as_uri()) or url.split(":", 1)[0] in {"data", "blob", "about"}


@pytest.fixture
def open_page(chromium, built_book):
    """Open a page of the built book by its path under ``_build/html`` (and a ``query`` string), from files."""
    contexts = []

    def opener(relative_path, width=1100, height=900, mode=None, query=""):
        context = chromium.new_context(viewport={"width": width, "height": height})
        if mode:  # the theme's colour mode, as its switcher stores it
            context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)
        page.on("console", lambda msg: msg.type == "error" and opened.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))
        page.on("requestfailed", lambda req: opened.failed_requests.append(req.url))

        def route(r):
            opened.requests.append(r.request.url)
            if _inside(r.request.url, built_book):
                if r.request.url.startswith("file:"):
                    opened.loaded_files.add(Path(unquote(urlsplit(r.request.url).path)))
                r.continue_()
            else:
                opened.outside_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto((built_book / relative_path).as_uri() + (f"?{query}" if query else ""), wait_until="load")
        page.wait_for_function(PAGE_READY, timeout=15000)  # deferred scripts (book.js) ran
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def open_html(chromium, tmp_path):
    """Open a standalone page of ``body`` in a window ``width`` pixels wide (700: the book's column).

    ``theme`` is the page's ``data-theme`` (``"light"`` or ``"dark"``), as the book's theme sets it.
    The returned Playwright page has ``errors`` (console errors and script
    errors) and ``outside`` (every request other than the page itself, which is
    aborted).
    """
    contexts = []

    def opener(body, name="page", width=700, theme="light"):
        path = tmp_path / f"{name}.html"
        path.write_text(f'<!DOCTYPE html><html lang="en" data-theme="{theme}"><head><meta charset="utf-8">'
                        '<meta name="viewport" content="width=device-width">'
                        f"<title>{name}</title></head>"
                        f'<body style="margin:0">{body}</body></html>', encoding="utf-8")
        context = chromium.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.errors, page.outside = [], []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))

        def route(r):
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                page.outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri(), wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()
