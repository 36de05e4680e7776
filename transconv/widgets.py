"""The chapter's widgets: anywidget classes with two faces in one output.

The chapter calls one function per player or explorer:

>>> conv_stepper()
ConvStepper(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1)
>>> w = scatter_add_player(stride=2)
>>> w.stride, w.step
(2, 0)
>>> w.stride = 5
Traceback (most recent call last):
    ...
transconv.widgets.WidgetValueError: stride must be between 1 and 4 in the transposed convolution as a scatter-add, got 5
>>> matrix_view(mode="transposed")
MatrixView(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1, mode='transposed')

Each returns an ``anywidget.AnyWidget`` whose view is an ES module of
``transconv/static`` (bundled by :mod:`transconv.bundle`). Its synced
traitlets are made from its spec (:mod:`transconv.specs`): one per parameter
and view switch and, for a player (a spec with an ``example``), the arrays
``X`` and ``K`` (empty: the example's grids), ``example``, ``seed`` and
``step``. The browser computes every step and draws it, so stepping, playing
and changing a parameter need no kernel round trip.

Every value, set from Python or sent by the browser, is checked here with the
whole setting before anything is computed (the spec's ranges and rules, with
:mod:`transconv.shapes`); a refused value raises :class:`WidgetValueError` or
:class:`WidgetTypeError`, naming the parameter and what it allows, and leaves
the widget as it was.

The output's ``_repr_mimebundle_`` holds the live widget view (JupyterLab,
Notebook 7, Binder), a ``text/html`` static face (the same module, the model
as JSON and a stand-in model: :func:`transconv.bundle.static_html`), the
player's entry and model (``bundle.PLAYER_MIME``), which the book shows instead
with the engine loaded once per page, and a short ``text/plain``.
"""

from __future__ import annotations

import copy
import math
import numbers
import warnings
from typing import ClassVar

import anywidget
import numpy as np
import traitlets

from transconv import bundle, shapes, specs

__all__ = [
    "ChannelsPlayer",
    "ConvStepper",
    "MatrixView",
    "OverlapExplorer",
    "PaddingPlayer",
    "ScatterAddPlayer",
    "SizeExplorer",
    "WidgetTypeError",
    "WidgetValueError",
    "channels_player",
    "conv_stepper",
    "counting_start",
    "matrix_view",
    "overlap_explorer",
    "padding_player",
    "scatter_add_player",
    "size_explorer",
]


class WidgetValueError(traitlets.TraitError, ValueError):
    """A value a widget refuses: a ``ValueError`` that traitlets also undoes.

    When several values arrive together (a message from the browser, or
    values set inside ``hold_trait_notifications``), traitlets checks them at
    the end and undoes all of them only for a ``TraitError``; this error is both.
    """


class WidgetTypeError(traitlets.TraitError, TypeError):
    """A value of the wrong type for a widget (see :class:`WidgetValueError`)."""


def _as_refusal(error):
    """A TypeError or ValueError as the widgets' own pair (a new exception, no inner frames)."""
    return (WidgetTypeError if isinstance(error, TypeError) else WidgetValueError)(str(error))


#: The arrays of a player.
_ARRAYS = ("X", "K")

#: What the axes of a player's arrays with channels are, for error messages.
_AXES_TEXT = {"X": "(input channels, rows, columns)", "K": "(input channels, output channels, rows, columns)"}


def _axes(spec):
    """The parameter that sets each axis of a player's arrays (None: the columns), as engine.js's ``arrayAxes``."""
    if spec["example"].get("channels"):
        return {"X": ("in_channels", "input_size", None), "K": ("in_channels", "out_channels", "kernel_size", None)}
    return {"X": ("input_size", None), "K": ("kernel_size", None)}


def _entries(spec):
    """The parameters of ``spec`` and its view switch, if it has one."""
    return spec["params"] + ([spec["views"]] if "views" in spec else [])


def _synced_names(spec):
    """Every synced traitlet of a widget of ``spec`` but ``spec`` itself, in the order they are checked."""
    names = [p["name"] for p in _entries(spec)]
    names += ["X", "K", "example", "seed", "starts", "step"] if "example" in spec else []
    return names + ([spec["weights"]["name"]] if "weights" in spec else [])


def _rows_of(value, name, where):
    """The shape of a 2-D ``value`` (a list of rows or an array) without converting it first."""
    if hasattr(value, "asnumpy") and not isinstance(value, np.ndarray):
        value = value.asnumpy()
    if isinstance(value, np.ndarray):
        if value.ndim != 2:
            raise ValueError(f"{name} must be a 2-D array (rows, columns){where}, got shape {value.shape}")
        return value.shape
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a 2-D array or a list of rows of numbers{where} ([] for "
                        f"the example's grid), got {specs.short_repr(value)}")
    lengths = [len(row) if isinstance(row, (list, tuple, np.ndarray)) else None for row in value]
    if None in lengths:
        raise ValueError(f"{name} must be a list of rows (a 2-D array){where}, got {specs.short_repr(value)}")
    if len(set(lengths)) > 1:
        shown = ", ".join(map(str, lengths[:8])) + (", ..." if len(lengths) > 8 else "")
        raise ValueError(f"{name} has rows of different lengths ({shown}); every row of {name} "
                         f"must have the same length")
    return len(value), lengths[0]


def _finite_floats(value, name, shape, where):
    """``value``, whose ``shape`` is checked, as nested lists of finite floats (numbers only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy warns about nested rows; refused below as dtype object
        array = np.asarray(value.asnumpy() if hasattr(value, "asnumpy") else value)
    if array.dtype.kind not in "biuf" or array.shape != tuple(shape):
        raise TypeError(f"{name} must hold numbers{where}, got {specs.short_repr(value)}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or inf){where}")
    return array.tolist()


def _grid(value, name, high, where):
    """``value`` as a list of rows of floats: 1 to ``high`` rows and columns of finite numbers.

    An empty list or tuple means "the example's grid" and is returned as ``[]``.
    """
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return []
    shape = _rows_of(value, name, where)
    if not (1 <= shape[0] <= high and 1 <= shape[1] <= high):
        raise ValueError(f"{name} must have 1 to {high} rows and 1 to {high} columns{where}, "
                         f"got shape {tuple(shape)}")
    return _finite_floats(value, name, shape, where)


def _nested_shape(value, name, ndim, where):
    """The shape of an ``ndim``-D ``value`` (nested lists or an array) without converting it first."""
    if hasattr(value, "asnumpy") and not isinstance(value, np.ndarray):
        value = value.asnumpy()
    axes = _AXES_TEXT[name]
    if isinstance(value, np.ndarray):
        if value.ndim != ndim:
            raise ValueError(f"{name} must be a {ndim}-D array {axes}{where}, got shape {value.shape}")
        return value.shape
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a {ndim}-D array or nested lists of numbers {axes}{where} ([] for "
                        f"the example's array), got {specs.short_repr(value)}")
    shape, level = [], [value]
    for _ in range(ndim):
        if not all(isinstance(v, (list, tuple, np.ndarray)) for v in level):
            raise ValueError(f"{name} must be a {ndim}-D array {axes}{where}, got {specs.short_repr(value)}")
        lengths = {len(v) for v in level}
        if len(lengths) != 1:
            raise ValueError(f"{name} has sub-arrays of different lengths ({', '.join(map(str, sorted(lengths)))}); "
                             f"{name} must be a {ndim}-D array {axes}")
        shape.append(lengths.pop())
        level = [x for v in level for x in v]
    return tuple(shape)


def _array(value, name, highs, where):
    """``value`` as nested lists of floats: 1 to ``highs[axis]`` elements along each axis, finite numbers.

    A grid (two axes) is :func:`_grid`'s; an array with channels has three or four axes.
    An empty list or tuple means "the example's array" and is returned as ``[]``.
    """
    if len(highs) == 2:
        return _grid(value, name, highs[0], where)
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return []
    shape = _nested_shape(value, name, len(highs), where)
    if not all(1 <= n <= high for n, high in zip(shape, highs)):
        raise ValueError(f"{name} must have a shape {_AXES_TEXT[name]} of at most {tuple(highs)}{where}, "
                         f"got shape {tuple(shape)}")
    return _finite_floats(value, name, shape, where)


def _starts(value, where):
    """A player's counting starts: a pair of ints up to :data:`transconv.specs.MAX_START` in magnitude."""
    high = specs.MAX_START
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)):
        raise TypeError(f"starts must be a pair of ints [input, kernel]{where}, got {specs.short_repr(value)}")
    if not all(-high <= v <= high for v in value):
        raise ValueError(f"starts must be between {-high} and {high}{where}, got {list(value)}")
    return [int(v) for v in value]


def _weights(value, size, where):
    """The overlap explorer's typed weights: [] (the preset) or ``size`` finite numbers."""
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return []
    if (not isinstance(value, (list, tuple, np.ndarray)) or (isinstance(value, np.ndarray) and value.ndim != 1)
            or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)):
        raise TypeError(f"w must be a list of numbers (one per kernel element){where}, got {specs.short_repr(value)}")
    if len(value) != size:
        raise ValueError(f"w must have {size} numbers, one per kernel element{where}, got {len(value)}")
    if not all(math.isfinite(v) for v in value):
        raise ValueError(f"w must hold finite numbers{where}")
    return [float(v) for v in value]


def counting_start(array):
    """The number that ``array`` counts from in row-major order (NumPy's ``arange(s, s + n).reshape``), or None.

    A page that opens a player on its own counting example (the direct-convolution page's kernel
    1 … 9) passes its start on, so that the example at other sizes counts the same way.

    Examples
    --------
    >>> counting_start([[1, 2, 3], [4, 5, 6]]), counting_start(np.arange(8.0).reshape(2, 2, 2))
    (1, 0)
    >>> counting_start([[0, 1], [3, 2]]) is None, counting_start([[0.5, 1.5]]) is None
    (True, True)
    """
    flat = np.ravel(np.asarray(array, dtype=float))
    if not flat.size or flat[0] != round(flat[0]) or abs(flat[0]) > specs.MAX_START:
        return None
    return int(flat[0]) if np.array_equal(flat, flat[0] + np.arange(flat.size)) else None


def _choice_of(value, name, allowed):
    if not isinstance(value, str) or value not in allowed:
        error = ValueError if isinstance(value, str) else TypeError
        raise error(f"{name} must be one of {', '.join(map(repr, allowed))}, got {specs.short_repr(value)}")
    return value


def _int_between(value, name, low, high, where=""):
    text = f"between {low} and {high}{where}"
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int {text}, got {specs.short_repr(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be {text}, got {value}")
    return int(value)


class _Synced(traitlets.Any):
    """A synced value that every widget checks itself, None included.

    ``traitlets.Any`` lets None through without calling any validator (its
    class attribute ``allow_none`` is True, whatever its constructor is told).
    """

    allow_none = False


class _Widget(anywidget.AnyWidget):
    """Every player and explorer: traitlets and checks from ``SPEC``, and the two faces.

    A widget class is made with :meth:`of`, which adds one synced traitlet
    per name of its spec and one validator and one observer for all of them:
    ``class ConvStepper(_Widget.of(specs.STEPPER))``. Subclasses set ``ENTRY``
    (their module in ``static/``) and, for a player, ``count_steps``.
    """

    SPEC: ClassVar[dict] = {}
    ENTRY: ClassVar[str] = ""

    _css = bundle.stylesheet()
    spec = _Synced({}).tag(sync=True)
    _checked_at_start: dict = {}

    @classmethod
    def of(cls, spec):
        """A base class for the widgets of ``spec``: its traitlets, one validator, one observer.

        traitlets reads a class's traitlets when the class is made, so they are
        made here, in the class body handed to ``type``.
        """
        names = _synced_names(spec)
        starts = [spec["example"]["input_start"], spec["example"]["kernel_start"]] if "example" in spec else []
        defaults = {**specs.defaults(spec), "X": [], "K": [], "example": "seed", "seed": 0, "step": 0,
                    "starts": starts, "w": []}
        body = {name: _Synced(defaults[name]).tag(sync=True) for name in names}
        body.update(SPEC=spec, __module__=__name__,
                    _validate_value=traitlets.validate("spec", *names)(cls._validate_value),
                    _follow_change=traitlets.observe(*names)(cls._follow_change))
        return type(f"_{spec['player'].title().replace('-', '')}Traits", (cls,), body)

    def __init__(self, *arrays, **values):
        names = _synced_names(self.SPEC)
        arrays_taken = [name for name in _ARRAYS if name in names]
        unknown = sorted(set(values) - set(names))
        if unknown or len(arrays) > len(arrays_taken):
            extra = unknown or list(arrays[len(arrays_taken):])
            raise WidgetTypeError(f"{type(self).__name__} got unexpected arguments {extra}; "
                                  f"it takes {', '.join(names)}")
        given = {name: array for name, array in zip(arrays_taken, arrays) if array is not None}
        given.update({k: v for k, v in values.items() if not (k in _ARRAYS and v is None)})
        try:
            checked = self._checked_setting(given)
        except (TypeError, ValueError) as error:
            raise _as_refusal(error) from None
        self._checked_at_start = {"spec": copy.deepcopy(self.SPEC), **checked}
        super().__init__(**self._checked_at_start)
        self._checked_at_start = {}

    # -- the checks ---------------------------------------------------------------------------
    def _where(self):
        return f" in the {self.SPEC['title'].lower()}"

    def _checked_setting(self, given):
        """Every value of a new widget: ``given``, the defaults, sizes from the arrays, all checked."""
        values = {**self._default_values(), **given}
        sized = {}  # the sizes that the arrays given set (X's input channels bind K's)
        for array, axes in (_axes(self.SPEC).items() if "example" in self.SPEC else []):
            if array in given:
                values[array] = _array(given[array], array, self._highs(axes), self._where())
            if not values.get(array):
                continue
            shape = np.shape(values[array])
            for axis, size in enumerate(axes):
                if size is None:
                    continue
                if size in given and given[size] != shape[axis]:
                    what = f"{shape[0]} rows" if len(axes) == 2 else f"shape {shape}"
                    raise ValueError(f"{size}={given[size]!r} disagrees with the shape of {array} "
                                     f"({what}); leave {size} out")
                if size in sized and sized[size] != shape[axis]:
                    raise ValueError(f"{array} has {shape[axis]} {size.replace('_', ' ')} (axis {axis}) but X has "
                                     f"{sized[size]}; the kernel needs one per input channel")
                values[size] = sized[size] = shape[axis]
        return self._checked(values, changed=None)

    def _highs(self, axes):
        """The largest length along each axis of an array (the columns: as the rows before them)."""
        return tuple(self._entry(name or axes[axis - 1])["max"] for axis, name in enumerate(axes))

    def _default_values(self):
        return {name: getattr(type(self), name).default_value for name in _synced_names(self.SPEC)}

    def _entry(self, name):
        return next(p for p in _entries(self.SPEC) if p["name"] == name)

    def _checked(self, values, changed):
        """``values`` (one for every synced name) checked as a whole; ``changed`` names the new one.

        Raises TypeError or ValueError naming the first parameter (in the spec's
        order) that is out of its range, or the rule that the setting breaks.
        """
        out = {p["name"]: specs.check_value(self.SPEC, p, values[p["name"]])
               for p in _entries(self.SPEC)}
        shapes_of = self._checked_arrays(values, out, changed) if "example" in self.SPEC else {}
        if "weights" in self.SPEC:
            name, size = self.SPEC["weights"]["name"], self.SPEC["weights"]["size"]
            out[name] = _weights(values[name], out[size], self._where()) if changed != size else []
        setting = specs.setting_of(self.SPEC, out, shapes_of.get("X"), shapes_of.get("K"))
        try:
            specs.check_setting(self.SPEC, setting)
        except ValueError as error:
            if changed is None or str(error).startswith(changed):
                raise
            raise ValueError(f"{changed}={specs.short_repr(values[changed])} breaks a rule: {error}") from None
        if "example" in self.SPEC:
            out["step"] = values["step"]
            if changed in (None, "step"):
                last = self.count_steps(out) - 1
                out["step"] = _int_between(values["step"], "step", 0, last, " for these settings")
        return out

    def _checked_arrays(self, values, out, changed):
        """A player's arrays, example and seed, checked into ``out``; the shapes the rules see.

        An array whose size parameter has just changed to another size is about to be
        dropped (the example's grid of the new size takes its place): the rules see the size.
        """
        shapes_of = {}
        for array, axes in _axes(self.SPEC).items():
            out[array] = _array(values[array], array, self._highs(axes), self._where())
            shape = np.shape(out[array])
            if out[array] and not any(changed == size and shape[axis] != out[size]
                                      for axis, size in enumerate(axes) if size):
                shapes_of[array] = shape[-2:]
        out["example"] = _choice_of(values["example"], "example", ["seed", "random"])
        out["seed"] = _int_between(values["seed"], "seed", 0, self.SPEC["example"]["max_seed"])
        out["starts"] = _starts(values["starts"], self._where())
        return shapes_of

    def _validate_value(self, proposal):
        """The validator of every synced traitlet: the new value with the others, or a refusal."""
        name, value = proposal["trait"].name, proposal["value"]
        if self._checked_at_start.get(name, self) is value:  # checked as a whole by __init__
            return value
        try:
            if name == "spec":
                return self._checked_spec(value)
            values = {n: getattr(self, n) for n in _synced_names(self.SPEC)}
            return self._checked({**values, name: value}, changed=name)[name]
        except (TypeError, ValueError) as error:
            raise _as_refusal(error) from None

    def _checked_spec(self, value):
        try:
            same = isinstance(value, dict) and bool(value == self.SPEC)
        except (TypeError, ValueError):  # a dict holding arrays cannot be compared
            same = False
        if not same:
            player = self.SPEC["player"]
            raise (ValueError if isinstance(value, dict) else TypeError)(
                f"spec cannot be changed: {type(self).__name__} always shows the spec "
                f"transconv.specs.SPECS[{player!r}], got {specs.short_repr(value)}")
        return value

    def _follow_change(self, change):
        """A new size drops an array of another size; an array sets its sizes; step stays in range."""
        name = change["name"]
        weights = self.SPEC.get("weights")
        if weights and name == weights["size"] and len(getattr(self, weights["name"])) not in (0, change["new"]):
            setattr(self, weights["name"], [])
        for array, axes in (_axes(self.SPEC).items() if "example" in self.SPEC else []):
            shape = np.shape(getattr(self, array))
            if name in axes and getattr(self, array) and shape[axes.index(name)] != getattr(self, name):
                setattr(self, array, [])
            elif name == array and getattr(self, array):
                for axis, size in enumerate(axes):
                    if size and getattr(self, size) != shape[axis]:
                        setattr(self, size, shape[axis])
        if name != "step" and "step" in _synced_names(self.SPEC):
            self.step = min(self.step, self.step_count() - 1)

    def __setattr__(self, name, value):
        """Set a traitlet; a refused value raises here, without the traitlets machinery's frames."""
        try:
            super().__setattr__(name, value)
        except (WidgetTypeError, WidgetValueError) as error:
            raise type(error)(str(error)) from None

    # -- steps ----------------------------------------------------------------------------------
    def count_steps(self, values):
        """How many steps the view of ``values`` has (the browser computes the same number)."""
        raise NotImplementedError

    def step_count(self, **override):
        """How many steps the view has now (or with some values replaced).

        Examples
        --------
        >>> ScatterAddPlayer().step_count(), ScatterAddPlayer().step_count(view="direct")
        (4, 9)
        """
        return self.count_steps({**self.model_values(), **override})

    # -- the two faces ----------------------------------------------------------------------------
    def model_values(self):
        """The synced values the view reads (also the static face's model)."""
        return {"spec": self.spec, **{n: getattr(self, n) for n in _synced_names(self.SPEC)}}

    def static_html(self):
        """The static face: this widget for the book, with no kernel."""
        return bundle.static_html(self.ENTRY, self.model_values())

    def __repr__(self):
        shown = [p["name"] for p in self.SPEC["params"]]
        if "views" in self.SPEC:
            shown.append(self.SPEC["views"]["name"])
        shown += [array for array in _ARRAYS if "example" in self.SPEC and getattr(self, array)]
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        data[bundle.PLAYER_MIME] = bundle.player_data(self.ENTRY, self.model_values())
        data["text/plain"] = repr(self)
        return data, metadata


def _shape(values, array):
    """The rows and columns of ``values[array]`` (of each channel), or the square of its size if it is empty."""
    grid = values[array]
    return np.shape(grid)[-2:] if grid else (values[{"X": "input_size", "K": "kernel_size"}[array]],) * 2


def _conv_cells(values):
    """Cells of the convolution's output (:mod:`transconv.shapes` raises if there is none)."""
    return math.prod(shapes.conv_output_size(n, k, values["stride"], values["padding"],
                                             values["dilation"])
                     for n, k in zip(_shape(values, "X"), _shape(values, "K")))


class ConvStepper(_Widget.of(specs.STEPPER)):
    """Convolution stepper: the window slides over the padded input, one output cell per step.

    Parameters
    ----------
    X, K : array_like, optional
        A 2-D input and kernel (at most 8x8 and 5x5); default (or ``[]``) the
        seed's counting grids ``1, 2, ...`` of ``input_size`` and ``kernel_size``.
    input_size, kernel_size, stride, padding, dilation : int
        Within :data:`transconv.specs.STEPPER` (defaults 4, 3, 1, 0, 1: the seed's example).
    example : {"seed", "random"}, default "seed"
    seed : int, default 0
        Seed of the random example, 0 to :data:`transconv.specs.MAX_SEED`.
    starts : [int, int]
        What the example's counting grids of the input and the kernel start from (the spec's
        by default; the chapter functions take it from a page's own counting arrays).
    step : int, default 0

    Raises
    ------
    WidgetTypeError, WidgetValueError
        A ``TypeError`` or ``ValueError``: a value out of its range, or a kernel
        that does not fit in the padded input (from :mod:`transconv.shapes`),
        naming the parameter.

    Examples
    --------
    >>> ConvStepper(stride=2).step_count()
    1
    >>> ConvStepper(X=[]).X
    []
    >>> try:
    ...     ConvStepper(padding=9)
    ... except ValueError as error:
    ...     print(error)
    padding must be between 0 and 3 in the convolution stepper, got 9
    """

    ENTRY = "stepper.js"
    _esm = bundle.bundle(ENTRY)

    def count_steps(self, values):
        return _conv_cells(values)


class ScatterAddPlayer(_Widget.of(specs.SCATTER_ADD)):
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
    phases : {"off", "on"}, default "off"
        Colour each output element by its phase and show the sub-kernels that feed each phase.
    example, seed, starts, step
        As for :class:`ConvStepper`.

    Raises
    ------
    WidgetTypeError, WidgetValueError
        From :mod:`transconv.shapes` or the spec's ranges, naming the parameter.

    Examples
    --------
    >>> ScatterAddPlayer().step_count()
    4
    >>> ScatterAddPlayer(stride=2, padding=1, output_padding=1).step_count()
    6
    """

    ENTRY = "scatter_add.js"
    _esm = bundle.bundle(ENTRY)

    def count_steps(self, values):
        if values["view"] == "direct":
            return math.prod(shapes.conv_transpose_output_size(
                n, k, values["stride"], values["padding"], values["output_padding"], values["dilation"])
                for n, k in zip(_shape(values, "X"), _shape(values, "K")))
        return (math.prod(_shape(values, "X")) + (values["output_padding"] > 0)
                + (values["padding"] > 0))


class PaddingPlayer(_Widget.of(specs.PADDING)):
    """Padding player: the full output of a transposed convolution, and the crop of its padding.

    Step 0 shows the full output (every copy whole, the output padding added); each further step
    crops one more row and column from each side, so step ``r`` shows the output of padding ``r``
    and the last step the output of ``padding``. Input elements whose whole copy falls into the
    cropped border are marked.

    Parameters
    ----------
    X, K : array_like, optional
        At most 6x6 and 4x4; default the counting grids from 0 (the basic example's at size 2).
    input_size, kernel_size, stride, padding, output_padding, dilation : int
        Within :data:`transconv.specs.PADDING`.
    example, seed, starts, step
        As for :class:`ConvStepper`.

    Examples
    --------
    >>> PaddingPlayer(padding=2, input_size=3, kernel_size=3).step_count()
    3
    """

    ENTRY = "padding.js"
    _esm = bundle.bundle(ENTRY)

    def count_steps(self, values):
        return values["padding"] + 1


class ChannelsPlayer(_Widget.of(specs.CHANNELS)):
    """Channels player: a transposed convolution with several input and output channels.

    ``X`` has the shape (``in_channels``, n, n) and the kernel ``K`` (``in_channels``,
    ``out_channels``, k, k), MXNet's layout. One step per pair of an output channel and an input
    channel adds the transposed convolution of ``X[c]`` with ``K[c, o]`` to output channel ``o``.

    Parameters
    ----------
    X, K : array_like, optional
        A 3-D input and a 4-D kernel (at most 3 channels each way, 4x4 and 3x3); default the
        counting arrays from 0 (``np.arange(...).reshape(...)``).
    in_channels, out_channels, input_size, kernel_size, stride, padding, output_padding : int
        Within :data:`transconv.specs.CHANNELS`.
    example, seed, starts, step
        As for :class:`ConvStepper`.

    Examples
    --------
    >>> ChannelsPlayer().step_count()
    6
    >>> ChannelsPlayer(np.ones((1, 3, 3)), np.ones((1, 2, 2, 2))).out_channels
    2
    """

    ENTRY = "channels.js"
    _esm = bundle.bundle(ENTRY)

    def count_steps(self, values):
        return values["in_channels"] * values["out_channels"]


class MatrixView(_Widget.of(specs.MATRIX)):
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
    example, seed, starts, step
        As for :class:`ConvStepper`.

    Examples
    --------
    >>> MatrixView().step_count(), MatrixView(mode="transposed").step_count()
    (4, 16)
    """

    ENTRY = "matrix.js"
    _esm = bundle.bundle(ENTRY)

    def count_steps(self, values):
        return math.prod(_shape(values, "X")) if values["mode"] == "transposed" else _conv_cells(values)


class OverlapExplorer(_Widget.of(specs.OVERLAP)):
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
    WidgetTypeError, WidgetValueError
        A value that is not an int or is outside its range, naming the parameter.

    Examples
    --------
    >>> OverlapExplorer(kernel=4)
    OverlapExplorer(size=4, kernel=4, stride=2, layers=1, preset='uniform', phases='off')
    >>> OverlapExplorer(layers=9)
    Traceback (most recent call last):
    ...
    transconv.widgets.WidgetValueError: layers must be between 1 and 3 in the overlap explorer, got 9
    """

    ENTRY = "overlap.js"
    _esm = bundle.bundle(ENTRY)


class SizeExplorer(_Widget.of(specs.SIZE)):
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
    WidgetTypeError, WidgetValueError
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
    transconv.widgets.WidgetValueError: output_padding must be >= 0 and smaller than stride or dilation (< max(2, 1) = 2), got 2
    """

    ENTRY = "size.js"
    _esm = bundle.bundle(ENTRY)


def _page_example(widget, params):
    """A player opened on a page's example: arrays that count (the page's convention) set its starts.

    Unless ``starts`` was given, an array that counts from some integer (the direct-convolution
    page's kernel 1, 2, ... 9) makes the example count from there at other sizes too.

    Examples
    --------
    >>> _page_example(ScatterAddPlayer([[0, 1], [2, 3]], np.arange(1.0, 10.0).reshape(3, 3)), {}).starts
    [0, 1]
    """
    if "starts" not in params:
        starts = [start if start is not None else default for start, default in
                  zip((counting_start(widget.X) if widget.X else None, counting_start(widget.K) if widget.K else None),
                      widget.starts)]
        if starts != widget.starts:
            widget.starts = starts
    return widget


def conv_stepper(X=None, K=None, **params):
    """The convolution stepper for the chapter (see :class:`ConvStepper`)."""
    return _page_example(ConvStepper(X, K, **params), params)


def padding_player(X=None, K=None, **params):
    """The padding player for the chapter (see :class:`PaddingPlayer`).

    Examples
    --------
    >>> padding_player(np.arange(1.0, 10.0).reshape(3, 3), np.ones((2, 2)), stride=2, padding=2).step_count()
    3
    """
    return _page_example(PaddingPlayer(X, K, **params), params)


def channels_player(X=None, K=None, **params):
    """The channels player for the chapter (see :class:`ChannelsPlayer`).

    Examples
    --------
    >>> w = channels_player(np.zeros((2, 2, 2)), np.ones((2, 3, 2, 2)))
    >>> w.in_channels, w.out_channels, w.step_count()
    (2, 3, 6)
    """
    return _page_example(ChannelsPlayer(X, K, **params), params)


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
    return _page_example(ScatterAddPlayer(X, K, **params), params)


def matrix_view(X=None, K=None, **params):
    """The matrix view for the chapter (see :class:`MatrixView`)."""
    return _page_example(MatrixView(X, K, **params), params)


def overlap_explorer(**params):
    """The overlap explorer for the chapter (see :class:`OverlapExplorer`)."""
    return OverlapExplorer(**params)


def size_explorer(**params):
    """The output-size explorer for the chapter (see :class:`SizeExplorer`)."""
    return SizeExplorer(**params)
