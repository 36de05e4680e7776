"""The three default static players in headless Chromium, from a file:// page, no kernel.

Uses the ``chromium`` fixture of conftest.py (Playwright driving /usr/bin/chromium).
Screenshots go to ``_build/screenshots/``.
"""

from pathlib import Path

import pytest

from transconv import players

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
PLAYERS = {
    "stepper": players.stepper_player,
    "scatter": players.scatter_player,
    "matrix": players.matrix_player,
}


@pytest.fixture(scope="module")
def players_body():
    return "".join(f'<section id="{name}-section"><h2>{name}</h2>{make()}</section>'
                   for name, make in PLAYERS.items())


@pytest.fixture
def page(open_html, players_body):
    return open_html(players_body, "players")


def visible_frame(root):
    frames = root.locator(".tcv-frame")
    shown = [i for i in range(frames.count()) if frames.nth(i).is_visible()]
    assert len(shown) == 1, shown
    return shown[0], frames.nth(shown[0]).inner_text()


@pytest.mark.parametrize("name", list(PLAYERS))
def test_player_steps_offline(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root = page.locator(f"#{name}-section .tcv")
    assert root.locator(".tcv-ctl").is_visible()  # the script revealed the controls
    index, text = visible_frame(root)
    assert index == 0
    root.screenshot(path=str(SCREENSHOTS / f"player-{name}-0.png"))

    root.get_by_role("button", name="Next step").click()
    index, next_text = visible_frame(root)
    assert index == 1 and next_text != text
    assert root.locator(".tcv-pos").inner_text().startswith("Step 2 of ")

    root.get_by_role("button", name="Previous step").focus()
    page.keyboard.press("Enter")  # keyboard operable
    assert visible_frame(root)[0] == 0

    slider = root.locator('input[type="range"]')
    last = int(slider.get_attribute("max"))
    slider.focus()
    page.keyboard.press("End")
    assert visible_frame(root)[0] == last
    root.screenshot(path=str(SCREENSHOTS / f"player-{name}-last.png"))

    root.get_by_role("button", name="Play").click()  # from the end, Play restarts at 0
    page.wait_for_timeout(100)
    assert visible_frame(root)[0] == 0
    assert root.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(1700)
    assert visible_frame(root)[0] >= 1
    root.get_by_role("button", name="Pause").click()
    assert root.get_by_role("button", name="Play").is_visible()

    assert root.bounding_box()["width"] <= 700
    assert page.errors == []
    assert page.outside == []


def test_scatter_counts_toggle(page):
    root = page.locator("#scatter-section .tcv")
    count = root.locator(".tcv-frame:not([hidden]) .cnt").first
    assert not count.is_visible()
    root.get_by_label("Show contributions per cell").check()
    assert count.is_visible()
    root.screenshot(path=str(SCREENSHOTS / "player-scatter-counts.png"))
