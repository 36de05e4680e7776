"""What a player's root says it shows (its ``data-state``), and what ``transconv.ops`` says it should show.

Shared by the browser tests of the standalone players and of the built book.
"""

import json

import numpy as np

from transconv import ops


def state(root):
    """The player's ``data-state`` (issue 10's test contract), parsed."""
    return json.loads(root.get_attribute("data-state"))


def expected(player, st):
    """The output ``transconv.ops`` computes for a state's input, kernel and parameters (its last step).

    The padding player's step r shows the output of padding r; the channels player's input has
    channels and its kernel is (input channels, output channels, rows, columns).
    """
    p = st["params"]
    if player == "channels":
        return ops.conv_transpose2d(np.array(st["input"], dtype=float)[None], np.array(st["kernel"], dtype=float),
                                    stride=p["stride"], padding=p["padding"], output_padding=p["output_padding"])[0]
    X = np.array(st["input"], dtype=float)[None, None]
    K = np.array(st["kernel"], dtype=float)[None, None]
    if player == "padding":
        return ops.conv_transpose2d(X, K, stride=p["stride"], padding=st["step"], output_padding=p["output_padding"],
                                    dilation=p["dilation"])[0, 0]
    if player == "scatter-add":
        return ops.conv_transpose2d(X, K, stride=p["stride"], padding=p["padding"],
                                    output_padding=p["output_padding"],
                                    dilation=p["dilation"])[0, 0]
    y = ops.conv2d(X, K, stride=p["stride"], padding=p["padding"], dilation=p["dilation"])[0, 0]
    if player == "matrix" and st["mode"] == "transposed":
        W = ops.conv_matrix(K[0, 0], X.shape[2:], stride=p["stride"], padding=p["padding"],
                            dilation=p["dilation"])
        return (W.T @ y.ravel()).reshape(X.shape[2:])
    return y


def to_last_step(page, root):
    """Move the player to its last step with the keyboard (End on the step slider); return its state."""
    slider = root.locator('input[data-role="step"]')
    slider.focus()
    page.keyboard.press("End")
    st = state(root)
    assert st["step"] == st["steps"] - 1
    return st
