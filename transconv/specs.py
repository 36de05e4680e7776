"""One parameter spec per player, handed to the view engine as data.

A spec is a plain dict (it is sent to the browser as JSON):

- ``player``: the name in the root element's ``data-player``;
- ``title``: the player's accessible name;
- ``rules``: the names of the rules every setting must follow (the engine's
  ``RULES`` in ``static/engine.js``; :func:`check_setting` checks the same
  rules with :mod:`transconv.shapes`);
- ``params``: one dict per parameter, with ``name``, ``label``, ``min``,
  ``max``, ``default`` and ``rule``, the name of the rule that limits it given
  the others (``None`` if only ``min`` and ``max`` do);
- ``example``: how the seed example and the random example are made
  (counting grids from ``input_start``/``kernel_start``; random integers
  from ``random_low`` to ``random_high``).

The players follow MXNet's rule for ``output_padding``: it must be smaller
than the stride (PyTorch, and :func:`transconv.shapes.check_output_padding`,
also allow values below the dilation).
"""

from __future__ import annotations

import copy

from transconv import shapes

__all__ = ["STEPPER", "SCATTER_ADD", "MATRIX", "SPECS", "param", "defaults", "check_value",
           "check_setting"]


def param(name, label, low, high, default, rule=None):
    """One parameter of a spec.

    Parameters
    ----------
    name, label : str
        The traitlet's name and the control's label.
    low, high, default : int
        The range of the control and the default value.
    rule : str or None
        The rule that limits the parameter given the others.

    Returns
    -------
    dict

    Examples
    --------
    >>> param("stride", "Stride", 1, 4, 1)["max"]
    4
    """
    return {"name": name, "label": label, "min": low, "max": high, "default": default,
            "rule": rule}


_FITS = "kernel_fits_padded_input"
_KEEPS = "padding_keeps_output"
_BELOW = "output_padding_below_stride"

STEPPER = {
    "player": "stepper",
    "title": "Convolution stepper",
    "rules": [_FITS],
    "params": [
        param("input_size", "Input size", 1, 8, 4, _FITS),
        param("kernel_size", "Kernel size", 1, 5, 3, _FITS),
        param("stride", "Stride", 1, 4, 1),
        param("padding", "Padding", 0, 3, 0, _FITS),
        param("dilation", "Dilation", 1, 3, 1, _FITS),
    ],
    "example": {"input_start": 1, "kernel_start": 1, "random_low": 0, "random_high": 3},
}

SCATTER_ADD = {
    "player": "scatter-add",
    "title": "Transposed convolution as a scatter-add",
    "rules": [_BELOW, _KEEPS],
    "params": [
        param("input_size", "Input size", 1, 6, 2, _KEEPS),
        param("kernel_size", "Kernel size", 1, 4, 2, _KEEPS),
        param("stride", "Stride", 1, 4, 1, _BELOW),
        param("padding", "Padding", 0, 4, 0, _KEEPS),
        param("output_padding", "Output padding", 0, 3, 0, _BELOW),
        param("dilation", "Dilation", 1, 3, 1),
    ],
    "example": {"input_start": 0, "kernel_start": 0, "random_low": 0, "random_high": 3},
}

MATRIX = {
    "player": "matrix",
    "title": "Convolution as a matrix",
    "rules": [_FITS],
    "params": [
        param("input_size", "Input size", 1, 6, 4, _FITS),
        param("kernel_size", "Kernel size", 1, 4, 3, _FITS),
        param("stride", "Stride", 1, 3, 1),
        param("padding", "Padding", 0, 2, 0, _FITS),
        param("dilation", "Dilation", 1, 2, 1, _FITS),
    ],
    "example": {"input_start": 1, "kernel_start": 1, "random_low": 0, "random_high": 3},
}

SPECS = {spec["player"]: spec for spec in (STEPPER, SCATTER_ADD, MATRIX)}


def defaults(spec):
    """The default value of every parameter of ``spec``.

    Examples
    --------
    >>> defaults(STEPPER)["kernel_size"]
    3
    """
    return {p["name"]: p["default"] for p in spec["params"]}


def _param(spec, name):
    for p in spec["params"]:
        if p["name"] == name:
            return p
    raise KeyError(name)


def check_value(spec, name, value):
    """Check one parameter against its spec's range (an int within ``min..max``).

    Parameters
    ----------
    spec : dict
    name : str
    value : object

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an int (from :func:`transconv.shapes.check_int`).
    ValueError
        If ``value`` is outside the spec's range.

    Examples
    --------
    >>> check_value(STEPPER, "stride", 2)
    2
    >>> check_value(STEPPER, "stride", 9)
    Traceback (most recent call last):
    ...
    ValueError: stride must be between 1 and 4 in the convolution stepper, got 9
    """
    p = _param(spec, name)
    value = shapes.check_int(value, name, minimum=p["min"])
    if value > p["max"]:
        raise ValueError(f"{name} must be between {p['min']} and {p['max']} in the "
                         f"{spec['title'].lower()}, got {value}")
    return value


def _fits(setting):
    for axis in (0, 1):
        shapes.conv_output_size(setting["input_shape"][axis], setting["kernel_shape"][axis],
                                setting["stride"], setting["padding"], setting["dilation"])


def _below(setting):
    stride, extra = setting["stride"], setting["output_padding"]
    try:
        # with dilation 1 the shapes rule max(stride, dilation) is MXNet's: below the stride
        shapes.check_output_padding(extra, stride, 1)
    except ValueError as error:
        raise ValueError(f"output_padding must be >= 0 and smaller than stride={stride} in "
                         f"the players (MXNet's rule), got {extra}") from error


def _keeps(setting):
    for axis in (0, 1):
        shapes.conv_transpose_output_size(
            setting["input_shape"][axis], setting["kernel_shape"][axis], setting["stride"],
            setting["padding"], setting["output_padding"], setting["dilation"])


_CHECKS = {_FITS: _fits, _BELOW: _below, _KEEPS: _keeps}


def check_setting(spec, setting):
    """Check a whole setting against the spec's rules, with :mod:`transconv.shapes`.

    Parameters
    ----------
    spec : dict
    setting : dict
        ``input_shape`` and ``kernel_shape`` (pairs), ``stride``, ``padding``,
        ``dilation`` and ``output_padding`` (ints; missing ones take 1, 0, 1, 0).

    Raises
    ------
    ValueError
        From :mod:`transconv.shapes`, naming the parameter, if a rule fails.

    Examples
    --------
    >>> check_setting(STEPPER, {"input_shape": (4, 4), "kernel_shape": (3, 3)})
    >>> check_setting(SCATTER_ADD, {"input_shape": (1, 1), "kernel_shape": (2, 2), "padding": 1})
    Traceback (most recent call last):
    ...
    ValueError: padding=1 removes the whole output (size=1, kernel=2, stride=1, dilation=1, output_padding=0); padding must be <= 0
    """
    full = {"stride": 1, "padding": 0, "dilation": 1, "output_padding": 0}
    full.update(setting)
    for rule in spec["rules"]:
        _CHECKS[rule](full)


def as_data(spec):
    """A deep copy of ``spec`` for the browser (JSON-ready)."""
    return copy.deepcopy(spec)
