"""The players in the built book (_build/html): fully parametric without a kernel.

Each player of each chapter is set to other parameters through its own
controls (keyboard on its sliders, its example buttons, a typed cell, its
second view); at its last step the output it shows must be what
``transconv.ops`` computes for the input, kernel and parameters of its
``data-state``. No console error and nothing requested from outside the book.
"""


import numpy as np
import pytest
from player_state import expected, state, to_last_step

# page -> the players it shows, in order (the chapters' one-line calls)
PAGES = {
    "chapters/basic_operation.html": ["scatter-add"],
    "chapters/strides.html": ["scatter-add"],
    "chapters/direct_conv.html": ["scatter-add"],
    "chapters/matrix_view.html": ["stepper", "matrix"],
    "chapters/padding.html": ["scatter-add", "padding"],
    "chapters/channels.html": ["channels"],
}








def set_param(page, root, name, value):
    """Move the parameter's slider with the keyboard until it shows ``value``."""
    slider = root.locator(f'input[data-param="{name}"]')
    low, high = int(slider.get_attribute("min")), int(slider.get_attribute("max"))
    assert low <= value <= high, f"{name}={value} is not offered ({low}..{high})"
    slider.focus()
    for _ in range(20):
        now = int(slider.input_value())
        if now == value:
            return
        page.keyboard.press("ArrowRight" if now < value else "ArrowLeft")
    raise AssertionError(f"{name} did not reach {value}")


# settings each player is moved to through its controls, in this order
SETTINGS = {
    "scatter-add": [{"input_size": 3, "kernel_size": 3, "stride": 2, "padding": 1,
                     "output_padding": 1},
                    {"dilation": 2, "stride": 3, "output_padding": 2, "padding": 2}],
    "stepper": [{"input_size": 6, "kernel_size": 2, "stride": 2, "padding": 1},
                {"dilation": 3, "stride": 1}],
    "matrix": [{"input_size": 5, "kernel_size": 2, "stride": 2, "padding": 1},
               {"dilation": 2, "padding": 0}],
    "padding": [{"input_size": 3, "kernel_size": 3, "stride": 2, "padding": 2},
                {"dilation": 2, "output_padding": 1}],
    "channels": [{"in_channels": 3, "out_channels": 1, "input_size": 3, "kernel_size": 2, "stride": 2},
                 {"padding": 1, "output_padding": 1}],
}
#: The kernel cell the test types into (a player with channels names its kernel by the pair first).
KERNEL_CELL = {"channels": "K[0, 0][0, 0]"}


@pytest.mark.parametrize("path", list(PAGES))
def test_book_players_compute_what_ops_computes_for_other_parameters(open_page, path):
    opened = open_page(path)
    page = opened.page
    roots = page.locator("[data-player]")
    page.wait_for_function(f"document.querySelectorAll('[data-player]').length >= {len(PAGES[path])}",
                           timeout=10_000)
    assert [roots.nth(i).get_attribute("data-player") for i in range(roots.count())][:len(PAGES[path])] \
        == PAGES[path]
    checked = 0
    for i, player in enumerate(PAGES[path]):
        root = roots.nth(i)
        root.scroll_into_view_if_needed()
        np.testing.assert_allclose(to_last_step(page, root)["output"],
                                   expected(player, state(root)))
        for setting in SETTINGS[player]:
            for name, value in setting.items():
                set_param(page, root, name, value)
            st = to_last_step(page, root)
            for name, value in setting.items():
                if name in st["params"]:
                    assert st["params"][name] == value, (player, name)
            np.testing.assert_allclose(np.array(st["output"], dtype=float), expected(player, st),
                                       atol=1e-9)
            checked += 1
        root.locator('[data-role="random"]').click()
        cell = root.locator(f':scope > .tcv-stage input[aria-label="{KERNEL_CELL.get(player, "K[0, 0]")}"]')
        cell.focus()
        page.keyboard.type("-3")
        page.keyboard.press("Enter")
        st = to_last_step(page, root)
        assert np.ravel(st["kernel"])[0] == -3
        np.testing.assert_allclose(np.array(st["output"], dtype=float), expected(player, st),
                                   atol=1e-9)
        if player in ("scatter-add", "matrix"):  # the second view: direct convolution, or columns of W
            root.locator(".tcv-head :is([data-param='view'], [data-param='mode']) button:not([aria-pressed='true'])").click()
            st = to_last_step(page, root)
            np.testing.assert_allclose(np.array(st["output"], dtype=float), expected(player, st),
                                       atol=1e-9)
        checked += 1
    assert checked >= 3 * len(PAGES[path])
    assert opened.console_errors == [] and opened.page_errors == []
    assert opened.outside_requests == []
