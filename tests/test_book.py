"""The built HTML book, as a reader's browser shows it."""

import html
import re

import pytest

from conftest import HTML, SCREENSHOTS
from test_recorded import SEED_OUTPUTS, layout_insensitive

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


def test_math_is_typeset_locally(open_page):
    page = open_page("chapters/trans_conv.html").page
    page.wait_for_selector("mjx-container", timeout=10000)
    assert page.locator("mjx-container").count() > 0
