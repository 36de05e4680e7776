"""One spec per player and explorer: the one source of their parameters and rules.

A spec is a plain dict, sent to the browser as JSON (``model.get("spec")``);
:mod:`transconv.widgets` makes a widget's traitlets and validators from it and
``static/shell.js`` makes its controls from it. Its keys:

- ``player``: the name in the root element's ``data-player``;
- ``title``: the accessible name;
- ``rules``: the names of the rules every setting follows, checked by
  :func:`check_setting` here (with :mod:`transconv.shapes`) and by ``RULES``
  of ``static/engine.js`` in the browser; ``tests/test_engine_vs_ops.py``
  checks that both allow the same values;
- ``params``: one dict per parameter, in the order of the controls: a number
  (:func:`param`: ``name``, ``label``, ``min``, ``max``, ``default``) or a
  choice (:func:`choice`: ``name``, ``label``, ``options``, ``default``);
  a parameter with a ``mode`` is shown only while the choice ``mode`` has that
  value;
- ``views`` (players with two views): a choice drawn as the view switch;
- ``example`` (players): the arrays ``X`` and ``K`` and how the example makes
  them (counting grids from ``input_start``/``kernel_start``, which a widget's
  ``starts`` may change to a page's own; random integers from ``random_low``
  to ``random_high`` with a seed from 0 to ``max_seed``); a player with an
  example has steps; with ``channels`` its ``X`` is (``in_channels``,
  ``input_size``, columns) and its ``K`` (``in_channels``, ``out_channels``,
  ``kernel_size``, columns);
- ``weights`` (overlap explorer): ``{"name", "size"}``, a row of typed kernel
  values (the synced array ``name``, ``[]`` for the chosen preset) as long as
  the parameter ``size``; a choice with ``clears`` empties the arrays it names;
- ``aliases`` (optional): parameters that the rules know by another name
  (the size explorer's ``size`` is the rules' ``input_size``);
- ``adjusts`` (optional): parameters that follow the others, in this order:
  each offers the values the rules allow with the later ones at their minimum,
  and is pulled into that range when another parameter changes; every other
  parameter then offers its whole range. Without it, every parameter offers
  the values the rules allow with the others fixed;
- ``display`` (overlap explorer): how many cells its views show at most.

Adding a parameter to a player is one :func:`param` here (and its use in the
player's view); adding a rule is one function here and one in ``engine.js``.
The players follow MXNet's rule for ``output_padding`` (below the stride);
the size explorer follows PyTorch's (below ``max(stride, dilation)``, which is
:func:`transconv.shapes.check_output_padding`), and shows what the larger
values do.
"""

from __future__ import annotations

import numbers

from transconv import shapes

__all__ = [
    "CHANNELS",
    "MATRIX",
    "MAX_SEED",
    "MAX_START",
    "OVERLAP",
    "PADDING",
    "SCATTER_ADD",
    "SIZE",
    "SPECS",
    "STEPPER",
    "check_setting",
    "check_value",
    "choice",
    "defaults",
    "param",
    "ranges_text",
    "rule_names",
    "setting_of",
    "short_repr",
]

#: The largest seed of a player's random example (the browser's "Random integers" counts up to it).
MAX_SEED = 999

#: The largest magnitude of the number a player's counting example starts from (engine.js: MAX_START).
MAX_START = 1000


def param(name, label, low, high, default, mode=None):
    """One integer parameter of a spec, offered from ``low`` to ``high``.

    Parameters
    ----------
    name, label : str
        The traitlet's name and the control's label.
    low, high, default : int
        The range of the control and the default value.
    mode : str or None
        The value of the spec's choice ``mode`` under which it is shown (None: always).

    Returns
    -------
    dict

    Examples
    --------
    >>> param("stride", "Stride", 1, 4, 1)
    {'name': 'stride', 'label': 'Stride', 'min': 1, 'max': 4, 'default': 1}
    """
    entry = {"name": name, "label": label, "min": low, "max": high, "default": default}
    return entry if mode is None else {**entry, "mode": mode}


def choice(name, label, options, default, clears=None):
    """A parameter that takes one of a few named values (a group of toggle buttons).

    Parameters
    ----------
    name, label : str
    options : list of (str, str)
        ``(value, text)`` of each choice.
    default : str
    clears : list of str or None
        Arrays that choosing a value empties (the overlap explorer's presets clear typed weights).

    Returns
    -------
    dict

    Examples
    --------
    >>> choice("mode", "Mode", [("a", "A"), ("b", "B")], "a")["options"]
    [['a', 'A'], ['b', 'B']]
    """
    entry = {"name": name, "label": label, "options": [list(o) for o in options], "default": default}
    return entry if clears is None else {**entry, "clears": list(clears)}


def _example(input_start, kernel_start):
    return {"input_start": input_start, "kernel_start": kernel_start, "random_low": 0,
            "random_high": 3, "max_seed": MAX_SEED}


STEPPER = {
    "player": "stepper",
    "title": "Convolution stepper",
    "rules": ["kernel_fits_padded_input"],
    "params": [
        param("input_size", "Input size", 1, 8, 4),
        param("kernel_size", "Kernel size", 1, 5, 3),
        param("stride", "Stride", 1, 4, 1),
        param("padding", "Padding", 0, 3, 0),
        param("dilation", "Dilation", 1, 3, 1),
    ],
    "example": _example(1, 1),
}

SCATTER_ADD = {
    "player": "scatter-add",
    "title": "Transposed convolution as a scatter-add",
    "rules": ["output_padding_below_stride", "padding_keeps_output"],
    "params": [
        param("input_size", "Input size", 1, 6, 2),
        param("kernel_size", "Kernel size", 1, 4, 2),
        param("stride", "Stride", 1, 4, 1),
        param("padding", "Padding", 0, 4, 0),
        param("output_padding", "Output padding", 0, 3, 0),
        param("dilation", "Dilation", 1, 3, 1),
        choice("phases", "Phases", [("off", "Off"), ("on", "On")], "off"),
    ],
    "views": choice("view", "View", [("scatter", "Scatter-add"), ("direct", "Direct convolution")],
                    "scatter"),
    "example": _example(0, 0),
}

PADDING = {
    "player": "padding",
    "title": "Padding crops the full output",
    "rules": ["output_padding_below_stride", "padding_keeps_output"],
    "params": [
        param("input_size", "Input size", 1, 6, 2),
        param("kernel_size", "Kernel size", 1, 4, 2),
        param("stride", "Stride", 1, 4, 1),
        param("padding", "Padding", 0, 4, 1),
        param("output_padding", "Output padding", 0, 3, 0),
        param("dilation", "Dilation", 1, 3, 1),
    ],
    "example": _example(0, 0),
}

CHANNELS = {
    "player": "channels",
    "title": "Transposed convolution with several channels",
    "rules": ["output_padding_below_stride", "padding_keeps_output"],
    "params": [
        param("in_channels", "Input channels", 1, 3, 2),
        param("out_channels", "Output channels", 1, 3, 3),
        param("input_size", "Input size", 1, 4, 2),
        param("kernel_size", "Kernel size", 1, 3, 2),
        param("stride", "Stride", 1, 3, 1),
        param("padding", "Padding", 0, 2, 0),
        param("output_padding", "Output padding", 0, 2, 0),
    ],
    "example": {**_example(0, 0), "channels": True},
}

MATRIX = {
    "player": "matrix",
    "title": "Convolution as a matrix",
    "rules": ["kernel_fits_padded_input"],
    "params": [
        param("input_size", "Input size", 1, 6, 4),
        param("kernel_size", "Kernel size", 1, 4, 3),
        param("stride", "Stride", 1, 3, 1),
        param("padding", "Padding", 0, 2, 0),
        param("dilation", "Dilation", 1, 2, 1),
    ],
    "views": choice("mode", "View", [("conv", "Convolution: rows of W"),
                                     ("transposed", "Transposed: columns of W")], "conv"),
    "example": _example(1, 1),
}

OVERLAP = {
    "player": "overlap",
    "title": "Overlap explorer",
    "rules": [],
    "params": [
        param("size", "Input size", 1, 8, 4),
        param("kernel", "Kernel size", 1, 6, 3),
        param("stride", "Stride", 1, 3, 2),
        param("layers", "Layers", 1, 3, 1),
        choice("preset", "Kernel", [("uniform", "Uniform"), ("alternating", "1, 0.2, 1, 0.2, …"),
                                    ("resize", "Resize-convolution")], "uniform", clears=["w"]),
        choice("phases", "Phases", [("off", "Off"), ("on", "On")], "off"),
    ],
    # typed kernel values (one per kernel element along an axis; the 2-D kernel is w wᵀ)
    "weights": {"name": "w", "size": "kernel"},
    # at most this many cells of the 1-D counts and rows/columns of the 2-D counts are shown
    "display": {"max_1d": 36, "max_2d": 13},
}

SIZE = {
    "player": "size",
    "title": "Output-size explorer",
    "rules": ["output_padding_below_stride_or_dilation", "padding_keeps_output"],
    "params": [
        choice("mode", "Mode", [("forward", "Output size of given settings"),
                                ("inverse", "Settings for a wanted output size")], "forward"),
        param("size", "Input size", 1, 64, 7, mode="forward"),
        param("kernel", "Kernel size", 1, 8, 4, mode="forward"),
        param("stride", "Stride", 1, 4, 2, mode="forward"),
        param("padding", "Padding", 0, 8, 1, mode="forward"),
        param("output_padding", "Output padding", 0, 3, 0, mode="forward"),
        param("dilation", "Dilation", 1, 3, 1, mode="forward"),
        param("size_in", "Input size", 1, 64, 7, mode="inverse"),
        param("size_out", "Wanted output size", 1, 128, 14, mode="inverse"),
        # the defaults of transconv.shapes.transpose_settings_for (tests/test_explorers.py)
        param("max_kernel", "Largest kernel", 1, 9, 7, mode="inverse"),
        param("max_stride", "Largest stride", 1, 5, 4, mode="inverse"),
    ],
    "aliases": {"size": "input_size", "kernel": "kernel_size"},
    "adjusts": ["output_padding", "padding"],
}

#: Every spec by its ``player`` name.
SPECS = {spec["player"]: spec for spec in (STEPPER, SCATTER_ADD, PADDING, CHANNELS, MATRIX, OVERLAP, SIZE)}


def defaults(spec):
    """The default value of every parameter of ``spec`` (its view switch too).

    Examples
    --------
    >>> defaults(STEPPER)["kernel_size"]
    3
    >>> defaults(MATRIX)["mode"]
    'conv'
    """
    entries = spec["params"] + ([spec["views"]] if "views" in spec else [])
    return {p["name"]: p["default"] for p in entries}


def short_repr(value):
    """``repr(value)``, cut to 60 characters for an error message.

    Examples
    --------
    >>> short_repr(list(range(30)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16...'
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(spec):
    return f"in the {spec['title'].lower()}"


def check_value(spec, entry, value):
    """Check one value against its parameter's range or options.

    Parameters
    ----------
    spec : dict
    entry : dict
        A parameter of ``spec`` (from :func:`param` or :func:`choice`).
    value : object

    Returns
    -------
    int or str

    Raises
    ------
    TypeError
        If a number is not an int (from :func:`transconv.shapes.check_int`) or a choice not a str.
    ValueError
        If the value is outside the range or not one of the options.

    Examples
    --------
    >>> check_value(STEPPER, STEPPER["params"][2], 2)
    2
    >>> check_value(STEPPER, STEPPER["params"][2], 9)
    Traceback (most recent call last):
    ...
    ValueError: stride must be between 1 and 4 in the convolution stepper, got 9
    >>> check_value(MATRIX, MATRIX["views"], None)
    Traceback (most recent call last):
    ...
    TypeError: mode must be one of 'conv', 'transposed' in the convolution as a matrix, got None
    """
    name = entry["name"]
    if "options" in entry:
        allowed = ", ".join(repr(o[0]) for o in entry["options"])
        if not isinstance(value, str):
            raise TypeError(f"{name} must be one of {allowed} {_where(spec)}, got {short_repr(value)}")
        if value not in [o[0] for o in entry["options"]]:
            raise ValueError(f"{name} must be one of {allowed} {_where(spec)}, got {short_repr(value)}")
        return value
    allowed = f"between {entry['min']} and {entry['max']} {_where(spec)}"
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int {allowed}, got {short_repr(value)}")
    if not entry["min"] <= value <= entry["max"]:
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return int(value)


# --- the rules: one function each, the same names as engine.js's RULES -------------------------

def _kernel_fits_padded_input(setting):
    for axis in (0, 1):
        shapes.conv_output_size(setting["input_shape"][axis], setting["kernel_shape"][axis],
                                setting["stride"], setting["padding"], setting["dilation"])


def _padding_keeps_output(setting):
    for axis in (0, 1):
        shapes.conv_transpose_output_size(
            setting["input_shape"][axis], setting["kernel_shape"][axis], setting["stride"],
            setting["padding"], setting["output_padding"], setting["dilation"])


def _output_padding_below_stride(setting):
    stride, extra = setting["stride"], setting["output_padding"]
    if not 0 <= extra < stride:
        raise ValueError(f"output_padding must be >= 0 and smaller than stride={stride} in "
                         f"the players (MXNet's rule), got {extra}")


def _output_padding_below_stride_or_dilation(setting):
    shapes.check_output_padding(setting["output_padding"], setting["stride"], setting["dilation"])


_RULES = {
    "kernel_fits_padded_input": _kernel_fits_padded_input,
    "padding_keeps_output": _padding_keeps_output,
    "output_padding_below_stride": _output_padding_below_stride,
    "output_padding_below_stride_or_dilation": _output_padding_below_stride_or_dilation,
}


def rule_names():
    """The names of the rules a spec may list (those of ``engine.js``'s ``RULES``).

    Examples
    --------
    >>> rule_names()[0]
    'kernel_fits_padded_input'
    """
    return list(_RULES)


def setting_of(spec, values, input_shape=None, kernel_shape=None):
    """The setting the rules check, from a widget's values (and its arrays' shapes).

    Parameters
    ----------
    spec : dict
    values : dict
        A value for every parameter of ``spec``.
    input_shape, kernel_shape : tuple or None
        The arrays' shapes; None: square, of the size parameter's value.

    Returns
    -------
    dict
        ``input_shape``, ``kernel_shape``, ``stride``, ``padding``, ``dilation``, ``output_padding``.

    Examples
    --------
    >>> setting_of(SIZE, defaults(SIZE))["input_shape"]
    (7, 7)
    """
    named = {spec.get("aliases", {}).get(name, name): value for name, value in values.items()}
    size, kernel = named.get("input_size"), named.get("kernel_size")
    return {"input_shape": input_shape or (size, size), "kernel_shape": kernel_shape or (kernel, kernel),
            "stride": named.get("stride", 1), "padding": named.get("padding", 0),
            "dilation": named.get("dilation", 1), "output_padding": named.get("output_padding", 0)}


def check_setting(spec, setting):
    """Check a whole setting against the rules ``spec["rules"]`` names, with :mod:`transconv.shapes`.

    Parameters
    ----------
    spec : dict
    setting : dict
        ``input_shape`` and ``kernel_shape`` (pairs), ``stride``, ``padding``,
        ``dilation`` and ``output_padding`` (ints; missing ones take 1, 0, 1, 0).

    Raises
    ------
    ValueError
        Naming the parameter, if a rule fails (the first in the spec's order).

    Examples
    --------
    >>> check_setting(STEPPER, {"input_shape": (4, 4), "kernel_shape": (3, 3)})
    >>> check_setting(SCATTER_ADD, {"input_shape": (1, 1), "kernel_shape": (2, 2), "padding": 1})
    Traceback (most recent call last):
    ...
    ValueError: padding=1 removes the whole output (size=1, kernel=2, stride=1, dilation=1, output_padding=0); padding must be <= 0
    """
    full = {"stride": 1, "padding": 0, "dilation": 1, "output_padding": 0, **setting}
    for rule in spec["rules"]:
        _RULES[rule](full)


def ranges_text(spec, mode=None):
    """The ranges a spec offers, as words for the prose (to ``glue`` into a chapter).

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
