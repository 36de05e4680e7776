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

__all__ = [
    "MATRIX",
    "SCATTER_ADD",
    "SPECS",
    "STEPPER",
    "check_setting",
    "check_value",
    "defaults",
    "param",
]


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


# --- explorers ---
# The two explorers' specs: the overlap explorer (static/overlap.js) and the output-size
# explorer (static/size.js). Their controls, ranges, captions and limits come from here;
# each parameter of the size explorer says in ``mode`` which of its two modes shows it.
# The size explorer's rules are checked in the browser by size.js and in Python by
# :func:`check_explorer` with :mod:`transconv.shapes`. Unlike the players, the size
# explorer follows PyTorch's rule for ``output_padding`` (below ``max(stride, dilation)``,
# which is :func:`transconv.shapes.check_output_padding`): it exists to show the size
# arithmetic of the frameworks, and at ``output_padding >= stride`` it says that the
# convolution then no longer maps the output back (MXNet refuses such settings).

def choice(name, label, options, default):
    """A parameter that takes one of a few named values (a select, not a slider).

    Parameters
    ----------
    name, label : str
    options : list of (str, str)
        ``(value, text)`` of each choice.
    default : str

    Returns
    -------
    dict

    Examples
    --------
    >>> choice("mode", "Mode", [("a", "A"), ("b", "B")], "a")["options"]
    [['a', 'A'], ['b', 'B']]
    """
    return {"name": name, "label": label, "options": [list(o) for o in options],
            "default": default, "rule": None}


def _in_mode(mode, entry):
    return {**entry, "mode": mode}


def _search_default(name):
    """The default of ``transconv.shapes.transpose_settings_for``'s argument ``name``."""
    import inspect  # only the explorers need it; kept inside their section of this file

    return inspect.signature(shapes.transpose_settings_for).parameters[name].default


_PYTORCH = "output_padding_below_stride_or_dilation"

OVERLAP = {
    "player": "overlap",
    "title": "Overlap explorer",
    "rules": [],
    "params": [
        param("size", "Input size", 1, 8, 4),
        param("kernel", "Kernel size", 1, 6, 3),
        param("stride", "Stride", 1, 3, 2),
        param("layers", "Layers", 1, 3, 1),
    ],
    # at most this many cells of the 1-D counts and rows/columns of the 2-D counts are shown
    "view": {"max_1d": 36, "max_2d": 13},
}

SIZE = {
    "player": "size",
    "title": "Output-size explorer",
    "rules": [_PYTORCH, _KEEPS],
    "params": [
        choice("mode", "Mode", [("forward", "Output size of given settings"),
                                ("inverse", "Settings for a wanted output size")], "forward"),
        _in_mode("forward", param("size", "Input size", 1, 64, 7)),
        _in_mode("forward", param("kernel", "Kernel size", 1, 8, 4, _KEEPS)),
        _in_mode("forward", param("stride", "Stride", 1, 4, 2, _PYTORCH)),
        _in_mode("forward", param("padding", "Padding", 0, 8, 1, _KEEPS)),
        _in_mode("forward", param("output_padding", "Output padding", 0, 3, 0, _PYTORCH)),
        _in_mode("forward", param("dilation", "Dilation", 1, 3, 1, _PYTORCH)),
        _in_mode("inverse", param("size_in", "Input size", 1, 64, 7)),
        _in_mode("inverse", param("size_out", "Wanted output size", 1, 128, 14)),
        _in_mode("inverse", param("max_kernel", "Largest kernel", 1, 9,
                                  _search_default("max_kernel"))),
        _in_mode("inverse", param("max_stride", "Largest stride", 1, 5,
                                  _search_default("max_stride"))),
    ],
}

EXPLORERS = {spec["player"]: spec for spec in (OVERLAP, SIZE)}


def ranges_text(spec, mode=None):
    """The ranges an explorer offers, as words for the prose (to ``glue`` into a chapter).

    Parameters
    ----------
    spec : dict
    mode : str or None
        Only the parameters of this mode (the size explorer's ``"forward"`` or ``"inverse"``).

    Returns
    -------
    str

    Examples
    --------
    >>> ranges_text(OVERLAP)
    'input size 1 to 8, kernel size 1 to 6, stride 1 to 3 and layers 1 to 3'
    >>> ranges_text(SIZE, "inverse")
    'input size 1 to 64, wanted output size 1 to 128, largest kernel 1 to 9 and largest stride 1 to 5'
    """
    parts = [f"{p['label'].lower()} {p['min']} to {p['max']}" for p in spec["params"]
             if "min" in p and (mode is None or p.get("mode") == mode)]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def check_explorer(spec, values):
    """Check an explorer's values: each within its spec's range, and the rules of :mod:`transconv.shapes`.

    Parameters
    ----------
    spec : dict
        :data:`OVERLAP` or :data:`SIZE`.
    values : dict
        A value for every parameter of ``spec``.

    Returns
    -------
    dict
        The values, ints as ``int``.

    Raises
    ------
    TypeError
        If a number is not an int, or a choice not a string.
    ValueError
        If a value is outside its range or choices, or the setting breaks a rule
        (from :mod:`transconv.shapes`, naming the parameter).

    Examples
    --------
    >>> check_explorer(OVERLAP, defaults(OVERLAP))["kernel"]
    3
    >>> check_explorer(SIZE, {**defaults(SIZE), "padding": 8})
    Traceback (most recent call last):
    ...
    ValueError: padding=8 removes the whole output (size=7, kernel=4, stride=2, dilation=1, output_padding=0); padding must be <= 7
    """
    checked = {}
    for p in spec["params"]:
        value = values[p["name"]]
        if "options" in p:
            allowed = [o[0] for o in p["options"]]
            if not isinstance(value, str):
                raise TypeError(f"{p['name']} must be one of {allowed}, got {value!r}")
            if value not in allowed:
                raise ValueError(f"{p['name']} must be one of {allowed}, got {value!r}")
            checked[p["name"]] = value
        else:
            checked[p["name"]] = check_value(spec, p["name"], value)
    if spec is SIZE or spec.get("player") == "size":
        shapes.conv_transpose_output_size(checked["size"], checked["kernel"], checked["stride"],
                                          checked["padding"], checked["output_padding"],
                                          checked["dilation"])
    return checked
# --- end explorers ---
