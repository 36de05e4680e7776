"""The chapter's widgets: anywidget classes with two faces in one output.

The chapter calls one function per player:

>>> conv_stepper()            # doctest: +SKIP
>>> scatter_add_player()      # doctest: +SKIP
>>> matrix_view()             # doctest: +SKIP

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
as JSON and a stand-in model: :func:`transconv.bundle.static_html`) that the
book shows instead, and a short ``text/plain``.
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
    >>> ConvStepper(padding=9)
    Traceback (most recent call last):
    ...
    ValueError: padding must be between 0 and 3 in the convolution stepper, got 9
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
    >>> w.step = 4
    Traceback (most recent call last):
    ...
    ValueError: step must be between 0 and 3 for these settings, got 4
    """
    return ScatterAddPlayer(X, K, **params)


def matrix_view(X=None, K=None, **params):
    """The matrix view for the chapter (see :class:`MatrixView`)."""
    return MatrixView(X, K, **params)


# --- explorers ---
# The explorers' section (overlap and output-size explorers), kept by the explorers' owner.
# Until they move onto the view engine, they keep the ipywidgets plumbing below.
from collections import OrderedDict

import ipywidgets as w

from transconv import frames as fr
from transconv import players, render

_WIDE = {"description_width": "initial"}


class _LRU(OrderedDict):
    """A small least-recently-used cache: ``get_or(key, make)``."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


def _accepts(check, value):
    """True if ``check(value)`` raises no ValueError (shapes rejects the value)."""
    try:
        check(value)
    except ValueError:
        return False
    return True


def _valid_range(candidates, check):
    """Smallest and largest of ``candidates`` that ``check`` accepts."""
    ok = [v for v in candidates if _accepts(check, v)]
    return ok[0], ok[-1]


def _set_range(slider, low, high):
    """Set an IntSlider's range (the value is clamped into it)."""
    if low > slider.max:
        slider.max, slider.min = high, low
    else:
        slider.min, slider.max = low, high


def _check_limit(name, value, limits):
    """Raise ValueError if ``value`` is outside the widget's range for ``name``."""
    low, high = limits
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} for this widget, "
                         f"got {value}")


def _counting_grid(size):
    """The seed-style input ``arange(1, size**2 + 1)`` as a ``size`` x ``size`` grid."""
    return np.arange(1.0, size * size + 1.0).reshape(size, size)


def _slider(description, value, limits):
    return w.IntSlider(value=value, min=limits[0], max=limits[1], description=description,
                       style=_WIDE, continuous_update=True,
                       layout=w.Layout(width="225px"))


class _LiveView:
    """Shared plumbing: controls, a cached view, the two-faced mimebundle."""

    #: name -> (min, max) allowed by the widget; subclasses override.
    LIMITS: ClassVar[dict] = {}
    _PARAMS: tuple = ()

    def _build(self, controls, step_label="Step", stepped=True):
        self.step = w.IntSlider(value=0, min=0, max=0, description=step_label, style=_WIDE,
                                layout=w.Layout(width="300px"))
        self.play = w.Play(value=0, min=0, max=0, interval=1000, description="Play",
                           tooltip="Play the steps")
        w.jslink((self.play, "value"), (self.step, "value"))
        self.view = w.HTML()
        self._frames = _LRU(32)
        self._pages = _LRU(4096)
        self._busy = False
        self.controls = list(controls) + ([self.play, self.step] if stepped else [])
        box = w.HBox(list(controls), layout=w.Layout(flex_flow="row wrap", max_width="700px"))
        stepper = w.HBox([self.play, self.step], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([box] + ([stepper] if stepped else []) + [self.view],
                             layout=w.Layout(max_width="700px"))
        for control in controls:
            control.observe(self._on_param, "value")
        self.step.observe(self._on_step, "value")
        # Play and Step are linked in the browser; whichever value reaches the kernel
        # first redraws the view, so a step never waits for the other's message.
        self.play.observe(self._on_step, "value")
        self._on_param(None)

    # -- subclasses provide these -------------------------------------------------------------
    def _key(self):
        """Hashable description of the current parameters."""
        raise NotImplementedError

    def _compute(self):
        """Frames for the current parameters."""
        raise NotImplementedError

    def _render(self, frames, index):
        """HTML body of frame ``index``."""
        raise NotImplementedError

    def _adapt(self):
        """Adapt dependent ranges to the current parameters."""

    def player_html(self):
        """The static player for the current parameters."""
        raise NotImplementedError

    # -- shared behaviour ---------------------------------------------------------------------
    def _show_counts(self):
        return False

    def _page(self, body, counts):
        """Wrap a rendered frame in the styled root ``div``."""
        return render.page(body, counts)

    def frames(self):
        """The (cached) frames of the current parameters."""
        return self._frames.get_or(self._key(), self._compute)

    def _on_param(self, change):
        if self._busy:
            return
        self._busy = True
        try:
            self._adapt()
            count = len(self.frames())
            _set_range(self.step, 0, count - 1)
            self.play.max = count - 1
        finally:
            self._busy = False
        self._refresh()

    def _on_step(self, change):
        if not self._busy:
            self._refresh(change.new)

    def _refresh(self, index=None):
        index = self.step.value if index is None else min(max(index, 0), self.step.max)
        key, counts = self._key(), self._show_counts()
        self.view.value = self._pages.get_or(
            (key, index, counts),
            lambda: self._page(self._render(self.frames(), index), counts))

    def __repr__(self):
        args = ", ".join(f"{name}={getattr(self, name).value!r}" for name in self._PARAMS)
        return f"{type(self).__name__}({args})"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """Widget view (live) + ``text/html`` static player + short ``text/plain``."""
        data = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        data["text/html"] = self.player_html()
        data["text/plain"] = repr(self)
        return data


class OverlapExplorer(_LiveView):
    """Overlap explorer: how many kernel copies cover each output cell (checkerboard artifacts).

    Sliders for the kernel size, the stride and the number of stacked layers;
    the view shows the 1-D overlap profile, the 2-D overlap map with the count
    in every cell and the interior counts per layer, all from
    ``ops.conv_transpose2d`` applied to ones (:func:`transconv.frames.overlap_frames`).

    Parameters
    ----------
    kernel, stride, layers : int, default 3, 2, 1
        Within :attr:`LIMITS` (the static player's grid).

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError for
        a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(OverlapExplorer())
    'OverlapExplorer(kernel=3, stride=2, layers=1)'
    """

    LIMITS: ClassVar[dict] = {name: (values[0], values[-1]) for name, values in players.OVERLAP_GRID.items()}
    _PARAMS = ("kernel", "stride", "layers")

    def __init__(self, kernel=3, stride=2, layers=1):
        fr.overlap_frames(kernel, stride, layers)
        for name, value in (("kernel", kernel), ("stride", stride), ("layers", layers)):
            _check_limit(name, value, self.LIMITS[name])
        self.kernel = _slider("Kernel size", kernel, self.LIMITS["kernel"])
        self.stride = _slider("Stride", stride, self.LIMITS["stride"])
        self.layers = _slider("Layers", layers, self.LIMITS["layers"])
        self._build([self.kernel, self.stride, self.layers], stepped=False)

    def _key(self):
        return (self.kernel.value, self.stride.value, self.layers.value)

    def _compute(self):
        return fr.overlap_frames(*self._key())

    def _render(self, frames, index):
        return render.overlap_html(frames[index])

    def _page(self, body, counts):
        return render.explorer_page(body)

    def player_html(self):
        return players.overlap_player(*self._key())


class SizeExplorer(_LiveView):
    """Output-size explorer of a transposed convolution, forward and inverse.

    Forward: input size, kernel, stride, padding, output padding and dilation
    give the output size with the formula's terms filled in, the convolution
    that maps it back and every input size that convolution maps to the same
    output (:func:`transconv.frames.size_frames`). Inverse: an input size and
    a wanted output size give every kernel (<= 7), stride (<= 4), padding and
    output padding that achieve it (:func:`transconv.frames.inverse_frames`).

    Parameters
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        The forward setting, default ``7, 4, 2, 1, 0, 1`` (7 -> 14).
    mode : {"forward", "inverse"}, default "forward"
    size_in, size_out : int, default 7, 14
        The inverse question.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError for
        an unknown ``mode`` or a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(SizeExplorer())
    "SizeExplorer(mode='forward', size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1, size_in=7, size_out=14)"
    """

    LIMITS: ClassVar[dict] = {"size": (1, 16), "kernel": (1, 7), "stride": (1, 4), "padding": (0, 8),
              "output_padding": (0, 3), "dilation": (1, 3), "size_in": (1, 64),
              "size_out": (1, 128)}
    _PARAMS = ("mode", "size", "kernel", "stride", "padding", "output_padding", "dilation",
               "size_in", "size_out")
    _FORWARD = ("size", "kernel", "stride", "padding", "output_padding", "dilation")

    def __init__(self, size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1,
                 mode="forward", size_in=7, size_out=14):
        if mode not in ("forward", "inverse"):
            raise ValueError(f"mode must be 'forward' or 'inverse', got {mode!r}")
        fr.size_frames(size, kernel, stride, padding, output_padding, dilation)
        fr.inverse_frames(size_in, size_out)
        values = dict(zip(self._FORWARD, (size, kernel, stride, padding, output_padding,
                                          dilation)), size_in=size_in, size_out=size_out)
        for name, value in values.items():
            _check_limit(name, value, self.LIMITS[name])
        labels = {"size": "Input size", "kernel": "Kernel size", "stride": "Stride",
                  "padding": "Padding", "output_padding": "Output padding",
                  "dilation": "Dilation", "size_in": "Input size", "size_out": "Wanted output"}
        for name, value in values.items():
            setattr(self, name, _slider(labels[name], value, self.LIMITS[name]))
        self.mode = w.ToggleButtons(
            options=[("Output size of given settings", "forward"),
                     ("Settings for a wanted output", "inverse")],
            value=mode, description="Mode", style={"button_width": "210px"})
        self._build([self.mode] + [getattr(self, n) for n in values], stepped=False)

    def _adapt(self):
        forward = self.mode.value == "forward"
        for name in self._FORWARD + ("size_in", "size_out"):
            slider = getattr(self, name)
            slider.disabled = forward != (name in self._FORWARD)
            slider.layout.display = "none" if slider.disabled else None
        n, k, s, d = (self.size.value, self.kernel.value, self.stride.value,
                      self.dilation.value)
        _set_range(self.output_padding, *_valid_range(
            range(self.LIMITS["output_padding"][1] + 1),
            lambda a: shapes.conv_transpose_output_size(n, k, s, 0, a, d)))
        a = self.output_padding.value
        _set_range(self.padding, *_valid_range(
            range(self.LIMITS["padding"][1] + 1),
            lambda p: shapes.conv_transpose_output_size(n, k, s, p, a, d)))

    def _key(self):
        if self.mode.value == "forward":
            return ("forward",) + tuple(getattr(self, n).value for n in self._FORWARD)
        return ("inverse", self.size_in.value, self.size_out.value)

    def _compute(self):
        mode, *values = self._key()
        return fr.size_frames(*values) if mode == "forward" else fr.inverse_frames(*values)

    def _render(self, frames, index):
        frame = frames[index]
        return (render.size_html(frame) if isinstance(frame, fr.SizeFrame)
                else render.inverse_html(frame))

    def _page(self, body, counts):
        return render.explorer_page(body)

    def player_html(self):
        return players.size_player(*(getattr(self, n).value for n in self._FORWARD),
                                   mode=self.mode.value,
                                   pair=(self.size_in.value, self.size_out.value))


def overlap_explorer(**params):
    """The overlap explorer for the chapter (see :class:`OverlapExplorer`)."""
    return OverlapExplorer(**params)


def size_explorer(**params):
    """The output-size explorer for the chapter (see :class:`SizeExplorer`)."""
    return SizeExplorer(**params)
# --- explorers ---
