"""The two explorers' static players in headless Chromium, from a file:// page, no kernel.

Every control is changed and must change the view; the view that the inline
JavaScript draws from the JSON data must be the HTML that ``transconv.render``
draws in Python for the same variant. Screenshots go to ``_build/screenshots/``.
"""

from pathlib import Path

import pytest

from transconv import frames as fr
from transconv import players, render

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def explorers_body():
    return (f'<section id="overlap">{players.overlap_player()}</section>'
            f'<section id="size">{players.size_player()}</section>'
            '<div id="reference"></div>')


@pytest.fixture
def page(open_html, explorers_body):
    page = open_html(explorers_body, "explorers")
    yield page
    assert page.errors == [] and page.outside == []


def same_as_python(page, root, python_html):
    """The browser's serialisation of the JS-drawn view equals that of the Python HTML."""
    return page.evaluate(
        "([view, html]) => { const ref = document.getElementById('reference');"
        " ref.innerHTML = html; const same = ref.innerHTML === view.innerHTML;"
        " ref.innerHTML = ''; return same; }",
        [root.locator(".tcv-view").element_handle(), python_html])


def set_range(root, act, value):
    root.locator(f'[data-act="{act}"]').fill(str(value))


def test_overlap_controls_switch_between_precomputed_variants(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root = page.locator("#overlap .tcv")
    view = root.locator(".tcv-view")
    assert root.locator(".tcv-ctl").is_visible()
    root.screenshot(path=str(SCREENSHOTS / "explorer-overlap-k3-s2-l1.png"))
    seen = {view.inner_html()}
    for act, value, (k, s, n) in [("k", 4, (4, 2, 1)), ("s", 3, (4, 3, 1)), ("L", 3, (4, 3, 3)),
                                  ("k", 1, (1, 3, 3)), ("s", 1, (1, 1, 3))]:
        set_range(root, act, value)
        assert view.inner_html() not in seen
        seen.add(view.inner_html())
        assert root.locator(f'[data-out="{act}"]').inner_text() == str(value)
        assert same_as_python(page, root, render.overlap_html(fr.overlap_frames(k, s, n)[0]))
    assert not same_as_python(page, root, render.overlap_html(fr.overlap_frames(1, 1, 2)[0]))
    set_range(root, "k", 3), set_range(root, "s", 2), set_range(root, "L", 3)
    assert "25 times" in view.inner_text()
    root.screenshot(path=str(SCREENSHOTS / "explorer-overlap-k3-s2-l3.png"))
    slider = root.get_by_label("Kernel size")
    slider.focus()
    page.keyboard.press("End")  # keyboard operable
    assert "Kernel 6," in view.inner_text()
    assert root.bounding_box()["width"] <= 700


def test_size_explorer_forward_controls_adapt_and_match_python(page):
    root = page.locator("#size .tcv")
    view = root.locator(".tcv-view")
    root.screenshot(path=str(SCREENSHOTS / "explorer-size-forward.png"))
    before = view.inner_html()
    for act, value in [("i", "4"), ("k", "3"), ("s", "3"), ("p", "2"), ("a", "1"), ("d", "2")]:
        old = view.inner_html()
        root.locator(f'[data-act="{act}"]').select_option(value)
        assert view.inner_html() != old, act
    assert view.inner_html() != before
    assert same_as_python(page, root, render.size_html(fr.size_frames(4, 3, 3, 2, 1, 2)[0]))
    # stride 1 and dilation 1 leave output padding 0 only: the other options are disabled
    root.locator('[data-act="d"]').select_option("1")
    root.locator('[data-act="s"]').select_option("1")
    assert root.locator('[data-act="a"]').input_value() == "0"
    assert root.locator('[data-act="a"] option:not([disabled])').count() == 1
    # a 1-long input and a 1-long kernel leave no room for padding
    root.locator('[data-act="i"]').select_option("1")
    root.locator('[data-act="k"]').select_option("1")
    assert root.locator('[data-act="p"]').input_value() == "0"
    assert root.locator('[data-act="p"] option:not([disabled])').count() == 1
    assert same_as_python(page, root, render.size_html(fr.size_frames(1, 1, 1, 0, 0, 1)[0]))
    for act, value in [("i", "2"), ("d", "2"), ("a", "1"), ("p", "1")]:  # no input size maps back
        root.locator(f'[data-act="{act}"]').select_option(value)
    assert "maps no input size to 2" in view.inner_text()
    assert same_as_python(page, root, render.size_html(fr.size_frames(2, 1, 1, 1, 1, 2)[0]))
    assert root.bounding_box()["width"] <= 700


def test_size_explorer_inverse_tables(page):
    root = page.locator("#size .tcv")
    view = root.locator(".tcv-view")
    root.get_by_label("Mode").select_option("inverse")
    assert root.locator('[data-act="pair"]').is_visible()
    assert not root.locator('[data-act="k"]').is_visible()
    assert same_as_python(page, root, render.inverse_html(fr.inverse_frames(7, 14)[0]))
    root.screenshot(path=str(SCREENSHOTS / "explorer-size-inverse-7-14.png"))
    for i, o in players.INVERSE_PAIRS:
        root.locator('[data-act="pair"]').select_option(f"{i},{o}")
        assert f"map {i} to {o}" in view.inner_text()
        assert same_as_python(page, root, render.inverse_html(fr.inverse_frames(i, o)[0]))
    root.get_by_label("Mode").select_option("forward")
    assert "Output size:" in view.inner_text()
