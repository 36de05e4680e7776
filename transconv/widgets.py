"""The chapter's widgets: anywidget classes with two faces in one output.

The chapter calls one function per player:

>>> conv_stepper()
ConvStepper(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1)
>>> w = scatter_add_player(stride=2)
>>> w.stride, w.step
(2, 0)
>>> w.stride = 5
Traceback (most recent call last):
    ...
transconv.widgets.PlayerValueError: stride must be between 1 and 4 in the transposed convolution as a scatter-add, got 5
>>> matrix_view(mode="transposed")
MatrixView(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1, mode='transposed')

Each returns an ``anywidget.AnyWidget`` whose view is an ES module of
``transconv/static`` (bundled by :mod:`transconv.bundle`). Its traitlets are
the parameters of its spec (:mod:`transconv.specs`), the arrays ``X`` and
``K`` (empty: the example's grids), ``example``, ``seed`` and ``step``; the
browser computes every step and draws it, so stepping, playing and changing a
parameter need no kernel round trip. Values set from Python are checked here,
before anything is computed, with :mod:`transconv.shapes` (the same errors as
:mod:`transconv.ops`).

The output's ``_repr_mimebundle_`` holds the live widget view (JupyterLab,
Notebook 7, Binder), a ``text/html`` static face (the same module, the model
as JSON and a stand-in model: :func:`transconv.bundle.static_html`), the
player's entry and model (``bundle.PLAYER_MIME``), which the book shows instead
with the engine loaded once per page, and a short ``text/plain``.
"""

from __future__ import annotations

import math
from typing import ClassVar

import anywidget
import numpy as np
import traitlets

from transconv import bundle, shapes, specs

__all__ = [
    "ConvStepper",
    "MatrixView",
    "OverlapExplorer",
    "PlayerTypeError",
    "PlayerValueError",
    "ScatterAddPlayer",
    "SizeExplorer",
    "conv_stepper",
    "matrix_view",
    "overlap_explorer",
    "scatter_add_player",
    "size_explorer",
]

#: The largest random seed a player takes.
MAX_SEED = 999


class PlayerValueError(traitlets.TraitError, ValueError):
    """A value a player refuses: a ``ValueError`` that traitlets also undoes.

    When several values arrive together (a message from the browser, or a
    constructor's arguments), traitlets checks them at the end and undoes all
    of them only for a ``TraitError``; this error is both.
    """


class PlayerTypeError(traitlets.TraitError, TypeError):
    """A value of the wrong type for a player (see :class:`PlayerValueError`)."""


def _param_trait(spec, name):
    """A traitlet synced with the browser, with the spec's default.

    Its type is checked by the widget's validator (``shapes.check_int``: a
    TypeError naming the parameter), not by traitlets.
    """
    default = next(p["default"] for p in spec["params"] if p["name"] == name)
    return traitlets.Any(default).tag(sync=True)


def _grid(value, name, spec):
    """``value`` as a list of lists of floats, checked and bounded by the spec's sizes.

    An empty list means "the example's grid" and is returned as is.
    """
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return []
    array = shapes.check_array(value, name, 2, "(rows, columns)")
    size = "input_size" if name == "X" else "kernel_size"
    high = next(p["max"] for p in spec["params"] if p["name"] == size)
    if max(array.shape) > high:
        raise ValueError(f"{name} must have at most {high} rows and {high} columns in the "
                         f"{spec['title'].lower()}, got shape {array.shape}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or inf) in the players")
    return array.tolist()


class _Player(anywidget.AnyWidget):
    """Shared by the three players: arrays, example, step, validation and the static face.

    Subclasses set ``SPEC``, ``ENTRY`` (their module in ``static/``), a traitlet
    per parameter of the spec, and ``TOGGLE`` (the name and values of a
    second view) if they have one.
    """

    SPEC: ClassVar[dict] = {}
    ENTRY: ClassVar[str] = ""
    TOGGLE: ClassVar[tuple] = ()

    _css = bundle.stylesheet()
    spec = traitlets.Dict().tag(sync=True)
    # checked by _checked, which raises TypeError/ValueError naming the parameter
    X = traitlets.Any([]).tag(sync=True)
    K = traitlets.Any([]).tag(sync=True)
    example = traitlets.Any("seed").tag(sync=True)
    seed = traitlets.Any(0).tag(sync=True)
    step = traitlets.Any(0).tag(sync=True)

    def __init__(self, X=None, K=None, **params):
        names = {p["name"] for p in self.SPEC["params"]}
        extra = set(params) - names - {"example", "seed", "step", *self.TOGGLE[:1]}
        if extra:
            raise TypeError(f"{type(self).__name__} got unexpected parameters {sorted(extra)}; "
                            f"it takes X, K, {', '.join(sorted(names))}, example, seed, step"
                            + (f", {self.TOGGLE[0]}" if self.TOGGLE else ""))
        values = {}
        if X is not None:
            values["X"] = _grid(X, "X", self.SPEC)
            values["input_size"] = len(values["X"]) or params.get("input_size")
        if K is not None:
            values["K"] = _grid(K, "K", self.SPEC)
            values["kernel_size"] = len(values["K"]) or params.get("kernel_size")
        for name in ("input_size", "kernel_size"):
            if name in values and name in params and params[name] != values[name]:
                raise ValueError(f"{name}={params[name]} disagrees with the shape of "
                                 f"{'X' if name == 'input_size' else 'K'} "
                                 f"({values[name]} rows); leave {name} out")
        values.update({k: v for k, v in params.items() if k not in values})
        super().__init__(spec=specs.as_data(self.SPEC), **values)

    # -- the setting, as the rules see it --------------------------------------------------
    def _shape(self, which, override):
        """Shape of ``X`` (which="input") or ``K`` with one traitlet replaced by ``override``."""
        array, size = ("X", "input_size") if which == "input" else ("K", "kernel_size")
        grid = override.get(array, getattr(self, array))
        n = override.get(size, getattr(self, size))
        if grid and (size not in override or len(grid) == n):
            return len(grid), len(grid[0])
        return n, n

    def _setting(self, **override):
        def value(name, default):
            if name in override:
                return override[name]
            return getattr(self, name) if self.has_trait(name) else default

        return {"input_shape": self._shape("input", override),
                "kernel_shape": self._shape("kernel", override),
                "stride": value("stride", 1), "padding": value("padding", 0),
                "dilation": value("dilation", 1), "output_padding": value("output_padding", 0)}

    def step_count(self, **override):
        """How many steps the view has (the browser computes the same number)."""
        raise NotImplementedError

    # -- validation of every value set from Python (or from the browser) -------------------
    def _checked(self, proposal):
        """The checked value, or a PlayerTypeError/PlayerValueError naming the parameter."""
        try:
            return self._check(proposal)
        except traitlets.TraitError:
            raise
        except TypeError as error:
            raise PlayerTypeError(str(error)) from None
        except ValueError as error:
            raise PlayerValueError(str(error)) from None

    def _check(self, proposal):
        name, value = proposal["trait"].name, proposal["value"]
        if name in ("X", "K"):
            value = _grid(value, name, self.SPEC)
        elif name == "example":
            if value not in ("seed", "random"):
                raise ValueError(f"example must be 'seed' or 'random', got {value!r}")
            return value
        elif name == "seed":
            value = shapes.check_int(value, "seed", minimum=0)
            if value > MAX_SEED:
                raise ValueError(f"seed must be between 0 and {MAX_SEED}, got {value}")
            return value
        elif name == "step":
            value = shapes.check_int(value, "step", minimum=0)
            last = self.step_count() - 1
            if value > last:
                raise ValueError(f"step must be between 0 and {last} for these settings, "
                                 f"got {value}")
            return value
        elif self.TOGGLE and name == self.TOGGLE[0]:
            if value not in self.TOGGLE[1]:
                raise ValueError(f"{name} must be one of {list(self.TOGGLE[1])}, got {value!r}")
            return value
        else:
            value = specs.check_value(self.SPEC, name, value)
        specs.check_setting(self.SPEC, self._setting(**{name: value}))
        return value

    @traitlets.observe("input_size", "kernel_size")
    def _size_changed(self, change):
        """A new size makes the example's grid of that size (a custom grid is dropped)."""
        array = "X" if change["name"] == "input_size" else "K"
        if getattr(self, array) and len(getattr(self, array)) != change["new"]:
            setattr(self, array, [])

    @traitlets.observe("X", "K")
    def _array_changed(self, change):
        if change["new"]:
            size = "input_size" if change["name"] == "X" else "kernel_size"
            setattr(self, size, len(change["new"]))

    @traitlets.observe(traitlets.All)
    def _keep_step(self, change):
        """Keep ``step`` within the steps of the new setting."""
        if change["name"] in ("step", "spec") or change["name"].startswith("_"):
            return
        last = self.step_count() - 1
        self.step = min(self.step, last)

    # -- the two faces ----------------------------------------------------------------------
    def model_values(self):
        """The synced values the view reads (also the static face's model)."""
        names = ["spec", "X", "K", "example", "seed", "step", *self.TOGGLE[:1]]
        names += [p["name"] for p in self.SPEC["params"]]
        return {name: getattr(self, name) for name in names}

    def static_html(self):
        """The static face: this player for the book, with no kernel."""
        return bundle.static_html(self.ENTRY, self.model_values())

    def __repr__(self):
        params = ", ".join(f"{p['name']}={getattr(self, p['name'])!r}" for p in self.SPEC["params"])
        arrays = ", ".join(f"{name}={getattr(self, name)!r}" for name in ("X", "K")
                           if getattr(self, name))
        toggle = f", {self.TOGGLE[0]}={getattr(self, self.TOGGLE[0])!r}" if self.TOGGLE else ""
        return f"{type(self).__name__}({params}{toggle}{', ' + arrays if arrays else ''})"

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data[bundle.PLAYER_MIME] = bundle.player_data(self.ENTRY, self.model_values())
        data["text/plain"] = repr(self)
        return data, metadata


def _out_cells(setting):
    """Cells of the convolution's output (``shapes`` raises if there is none)."""
    return math.prod(shapes.conv_output_size(n, k, setting["stride"], setting["padding"],
                                             setting["dilation"])
                     for n, k in zip(setting["input_shape"], setting["kernel_shape"]))


_PARAMS = ("input_size", "kernel_size", "stride", "padding", "dilation", "output_padding")


class ConvStepper(_Player):
    """Convolution stepper: the window slides over the padded input, one output cell per step.

    Parameters
    ----------
    X, K : array_like, optional
        A 2-D input and kernel (at most 8x8 and 5x5); default the seed's counting
        grids ``1, 2, ...`` of ``input_size`` and ``kernel_size``.
    input_size, kernel_size, stride, padding, dilation : int
        Within :data:`transconv.specs.STEPPER` (defaults 4, 3, 1, 0, 1: the seed's example).
    example : {"seed", "random"}, default "seed"
    seed : int, default 0
        Seed of the random example.
    step : int, default 0

    Raises
    ------
    TypeError, ValueError
        A value out of its range, or a kernel that does not fit in the padded
        input (from :mod:`transconv.shapes`), naming the parameter.

    Examples
    --------
    >>> ConvStepper(stride=2).step_count()
    1
    >>> try:
    ...     ConvStepper(padding=9)
    ... except ValueError as error:
    ...     print(error)
    padding must be between 0 and 3 in the convolution stepper, got 9
    """

    SPEC = specs.STEPPER
    ENTRY = "stepper.js"
    _esm = bundle.bundle(ENTRY)
    input_size = _param_trait(SPEC, "input_size")
    kernel_size = _param_trait(SPEC, "kernel_size")
    stride = _param_trait(SPEC, "stride")
    padding = _param_trait(SPEC, "padding")
    dilation = _param_trait(SPEC, "dilation")

    @traitlets.validate("X", "K", "example", "seed", "step", *_PARAMS[:5])
    def _validate(self, proposal):
        return self._checked(proposal)

    def step_count(self, **override):
        return _out_cells(self._setting(**override))


class ScatterAddPlayer(_Player):
    """Scatter-add player: a transposed convolution as a sum of scaled kernel copies.

    One step per input element adds its copy ``X[i, j] * K`` at ``(i*s, j*s)``;
    then a step adds the output padding (only if > 0) and one crops the padding
    (only if > 0). Its second view (``view="direct"``) is the equivalent direct
    convolution, one output cell per step, ending on the same output.

    Parameters
    ----------
    X, K : array_like, optional
        A 2-D input and kernel (at most 6x6 and 4x4); default the seed's
        ``[[0, 1], [2, 3]]`` (counting grids from 0 at other sizes).
    input_size, kernel_size, stride, padding, output_padding, dilation : int
        Within :data:`transconv.specs.SCATTER_ADD`; ``output_padding`` must be
        below the stride (MXNet's rule).
    view : {"scatter", "direct"}, default "scatter"
    example, seed, step
        As for :class:`ConvStepper`.

    Raises
    ------
    TypeError, ValueError
        From :mod:`transconv.shapes` or the spec's ranges, naming the parameter.

    Examples
    --------
    >>> ScatterAddPlayer().step_count()
    4
    >>> ScatterAddPlayer(stride=2, padding=1, output_padding=1).step_count()
    6
    """

    SPEC = specs.SCATTER_ADD
    ENTRY = "scatter_add.js"
    TOGGLE = ("view", ("scatter", "direct"))
    _esm = bundle.bundle(ENTRY)
    input_size = _param_trait(SPEC, "input_size")
    kernel_size = _param_trait(SPEC, "kernel_size")
    stride = _param_trait(SPEC, "stride")
    padding = _param_trait(SPEC, "padding")
    output_padding = _param_trait(SPEC, "output_padding")
    dilation = _param_trait(SPEC, "dilation")
    view = traitlets.Any("scatter").tag(sync=True)

    @traitlets.validate("X", "K", "example", "seed", "step", "view", *_PARAMS)
    def _validate(self, proposal):
        return self._checked(proposal)

    def step_count(self, **override):
        s = self._setting(**override)
        if override.get("view", self.view) == "direct":
            return math.prod(shapes.conv_transpose_output_size(
                n, k, s["stride"], s["padding"], s["output_padding"], s["dilation"])
                for n, k in zip(s["input_shape"], s["kernel_shape"]))
        return (math.prod(s["input_shape"]) + (s["output_padding"] > 0)
                + (s["padding"] > 0))


class MatrixView(_Player):
    """Matrix view: the convolution as ``y = W x`` and the transposed one as ``z = Wᵀ y``.

    In ``mode="conv"`` each step is an output cell (a row of ``W``, its window on
    ``x``); in ``mode="transposed"`` each step is a cell of ``z`` (a column of
    ``W``, its footprint on ``y``), with the output padding that gives ``z`` the
    shape of ``x``.

    Parameters
    ----------
    X, K : array_like, optional
        At most 6x6 and 4x4; default the seed's counting grids (4x4 and 3x3: ``W`` is 4x16).
    input_size, kernel_size, stride, padding, dilation : int
        Within :data:`transconv.specs.MATRIX`.
    mode : {"conv", "transposed"}, default "conv"
    example, seed, step
        As for :class:`ConvStepper`.

    Examples
    --------
    >>> MatrixView().step_count(), MatrixView(mode="transposed").step_count()
    (4, 16)
    """

    SPEC = specs.MATRIX
    ENTRY = "matrix.js"
    TOGGLE = ("mode", ("conv", "transposed"))
    _esm = bundle.bundle(ENTRY)
    input_size = _param_trait(SPEC, "input_size")
    kernel_size = _param_trait(SPEC, "kernel_size")
    stride = _param_trait(SPEC, "stride")
    padding = _param_trait(SPEC, "padding")
    dilation = _param_trait(SPEC, "dilation")
    mode = traitlets.Any("conv").tag(sync=True)

    @traitlets.validate("X", "K", "example", "seed", "step", "mode", *_PARAMS[:5])
    def _validate(self, proposal):
        return self._checked(proposal)

    def step_count(self, **override):
        s = self._setting(**override)
        cells = _out_cells(s)
        return math.prod(s["input_shape"]) if override.get("mode", self.mode) == "transposed" \
            else cells


def conv_stepper(X=None, K=None, **params):
    """The convolution stepper for the chapter (see :class:`ConvStepper`)."""
    return ConvStepper(X, K, **params)


def scatter_add_player(X=None, K=None, **params):
    """The scatter-add player for the chapter (see :class:`ScatterAddPlayer`).

    Examples
    --------
    >>> w = scatter_add_player([[1, 2], [3, 4]], [[1, 0], [0, 1]], stride=2)
    >>> w.stride = 3
    >>> try:
    ...     w.step = 4
    ... except ValueError as error:
    ...     print(error)
    step must be between 0 and 3 for these settings, got 4
    """
    return ScatterAddPlayer(X, K, **params)


def matrix_view(X=None, K=None, **params):
    """The matrix view for the chapter (see :class:`MatrixView`)."""
    return MatrixView(X, K, **params)


# --- explorers ---
# The overlap explorer and the output-size explorer (static/overlap.js, static/size.js).
# They have no steps and no arrays: their traitlets are the parameters of their spec
# (specs.OVERLAP, specs.SIZE), and every value set from Python or from the browser is
# checked as part of the whole setting by specs.check_explorer (transconv.shapes' errors).


class ExplorerValueError(traitlets.TraitError, ValueError):
    """A ValueError of an explorer's setting that traitlets also undoes.

    When several values arrive together (the browser sends a control's value
    with those it clamped), traitlets checks them at the end and undoes all of
    them only for a ``TraitError``; this error is both.
    """


class ExplorerTypeError(traitlets.TraitError, TypeError):
    """A TypeError of an explorer's value that traitlets also undoes (see :class:`ExplorerValueError`)."""


class _Explorer(anywidget.AnyWidget):
    """Shared by the explorers: the spec, the check of the whole setting, the two faces.

    Subclasses set ``SPEC``, ``ENTRY`` (their module in ``static/``), one traitlet
    per parameter of the spec (:func:`_explorer_trait`) and a validator that
    calls :meth:`_checked` for all of them.
    """

    SPEC: ClassVar[dict] = {}
    ENTRY: ClassVar[str] = ""

    _css = bundle.stylesheet()
    spec = traitlets.Dict().tag(sync=True)

    def __init__(self, **params):
        names = [p["name"] for p in self.SPEC["params"]]
        extra = set(params) - set(names)
        if extra:
            raise TypeError(f"{type(self).__name__} got unexpected parameters {sorted(extra)}; "
                            f"it takes {', '.join(names)}")
        # the whole setting is checked before anything is synced or computed
        values = specs.check_explorer(self.SPEC, {**specs.defaults(self.SPEC), **params})
        super().__init__(spec=specs.as_data(self.SPEC), **values)

    def _values(self):
        return {p["name"]: getattr(self, p["name"]) for p in self.SPEC["params"]}

    def _checked(self, proposal):
        """One new value, checked with the others (set together when the browser sends several)."""
        name = proposal["trait"].name
        values = {**self._values(), name: proposal["value"]}
        try:
            return specs.check_explorer(self.SPEC, values)[name]
        except ValueError as error:
            raise ExplorerValueError(str(error)) from error
        except TypeError as error:
            raise ExplorerTypeError(str(error)) from error

    def model_values(self):
        """The synced values the view reads (also the static face's model)."""
        return {"spec": self.spec, **self._values()}

    def static_html(self):
        """The static face: this explorer for the book, with no kernel."""
        return bundle.static_html(self.ENTRY, self.model_values())

    def __repr__(self):
        args = ", ".join(f"{name}={value!r}" for name, value in self._values().items())
        return f"{type(self).__name__}({args})"

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data[bundle.PLAYER_MIME] = bundle.player_data(self.ENTRY, self.model_values())
        data["text/plain"] = repr(self)
        return data, metadata


def _explorer_trait(spec, name):
    """A synced traitlet with the spec's default; its values are checked by the explorer."""
    default = next(p["default"] for p in spec["params"] if p["name"] == name)
    return traitlets.Any(default).tag(sync=True)


class OverlapExplorer(_Explorer):
    """Overlap explorer: how many kernel copies cover each output cell (checkerboard artifacts).

    The counts are stacked transposed convolutions of an all-ones input with
    all-ones kernels, computed in the browser: the 1-D counts, the 2-D counts
    with the number in every cell, and the smallest and largest count far from
    the borders after each layer.

    Parameters
    ----------
    size, kernel, stride, layers : int
        Side of the square input, kernel size and stride of every layer, number
        of layers; within :data:`transconv.specs.OVERLAP` (defaults 4, 3, 2, 1).

    Raises
    ------
    TypeError, ValueError
        A value that is not an int or is outside its range, naming the parameter.

    Examples
    --------
    >>> OverlapExplorer(kernel=4)
    OverlapExplorer(size=4, kernel=4, stride=2, layers=1)
    >>> OverlapExplorer(layers=9)
    Traceback (most recent call last):
    ...
    ValueError: layers must be between 1 and 3 in the overlap explorer, got 9
    """

    SPEC = specs.OVERLAP
    ENTRY = "overlap.js"
    _esm = bundle.bundle(ENTRY)
    size = _explorer_trait(SPEC, "size")
    kernel = _explorer_trait(SPEC, "kernel")
    stride = _explorer_trait(SPEC, "stride")
    layers = _explorer_trait(SPEC, "layers")

    @traitlets.validate("size", "kernel", "stride", "layers")
    def _validate(self, proposal):
        return self._checked(proposal)


class SizeExplorer(_Explorer):
    """Output-size explorer of a transposed convolution, forward and inverse.

    Forward (``mode="forward"``): the output size for a setting, with the terms
    of the formula, the convolution that maps it back (or, with an output
    padding at or above the stride, which PyTorch allows below the dilation,
    the size it maps to instead) and every input size that convolution maps to
    the same size. Inverse (``mode="inverse"``): every kernel, stride, padding
    and output padding that maps ``size_in`` to ``size_out``, the degenerate
    ones last and flagged (:func:`transconv.shapes.transpose_settings_for`).

    Parameters
    ----------
    mode : {"forward", "inverse"}, default "forward"
    size, kernel, stride, padding, output_padding, dilation : int
        The forward setting, default ``7, 4, 2, 1, 0, 1`` (7 -> 14); ranges in
        :data:`transconv.specs.SIZE`; the padding must leave an output and the
        output padding stay below ``max(stride, dilation)``.
    size_in, size_out, max_kernel, max_stride : int
        The inverse question, default ``7, 14, 7, 4``.

    Raises
    ------
    TypeError, ValueError
        From :mod:`transconv.shapes` or the spec's ranges, naming the parameter.

    Notes
    -----
    Each value set from Python is checked with the others, so a change that
    needs two values (a smaller stride and a smaller output padding) is made
    inside ``with w.hold_trait_notifications():``, which checks them together.

    Examples
    --------
    >>> SizeExplorer(size=12).size
    12
    >>> w = SizeExplorer(stride=3, output_padding=2)
    >>> with w.hold_trait_notifications():
    ...     w.stride, w.output_padding = 1, 0
    >>> w.stride, w.output_padding
    (1, 0)
    >>> SizeExplorer(output_padding=2)
    Traceback (most recent call last):
    ...
    ValueError: output_padding must be >= 0 and smaller than stride or dilation (< max(2, 1) = 2), got 2
    """

    SPEC = specs.SIZE
    ENTRY = "size.js"
    _esm = bundle.bundle(ENTRY)
    mode = _explorer_trait(SPEC, "mode")
    size = _explorer_trait(SPEC, "size")
    kernel = _explorer_trait(SPEC, "kernel")
    stride = _explorer_trait(SPEC, "stride")
    padding = _explorer_trait(SPEC, "padding")
    output_padding = _explorer_trait(SPEC, "output_padding")
    dilation = _explorer_trait(SPEC, "dilation")
    size_in = _explorer_trait(SPEC, "size_in")
    size_out = _explorer_trait(SPEC, "size_out")
    max_kernel = _explorer_trait(SPEC, "max_kernel")
    max_stride = _explorer_trait(SPEC, "max_stride")

    @traitlets.validate("mode", "size", "kernel", "stride", "padding", "output_padding",
                        "dilation", "size_in", "size_out", "max_kernel", "max_stride")
    def _validate(self, proposal):
        return self._checked(proposal)


def overlap_explorer(**params):
    """The overlap explorer for the chapter (see :class:`OverlapExplorer`)."""
    return OverlapExplorer(**params)


def size_explorer(**params):
    """The output-size explorer for the chapter (see :class:`SizeExplorer`)."""
    return SizeExplorer(**params)
# --- end explorers ---
